"""The demo catalog: service items of a housing provident fund center (the shenyang preset, seed 000), in the
seeds' words (seed 003: 封存证明, 退休证, 工资流水, 二手房贷款 …). Loaded by the demo builder through the
catalog's actions, once (an item whose code exists is left alone)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bancheng.catalog import actions
from bancheng.catalog.models import ServiceItem

BASIS = "《住房公积金管理条例》（国务院令第350号，2019年3月24日修订）"
PLACE = "沈阳住房公积金管理中心各管理部服务大厅（“办不成事”反映窗口同址）"
PHONE = "12329"
BANKS = "住房公积金委托贷款银行（中国建设银行等）"  # names the demo's bank, so its guide cards list it

SHENYANG: tuple[dict[str, Any], ...] = (
    {
        "code": "GJJ-TQ-01",
        "name": "租房提取住房公积金",
        "categories": ["withdrawal"],
        "policy_basis": f"{BASIS}第二十四条：职工支付房租超出家庭工资收入规定比例的，可以提取住房公积金",
        "conditions": "本人及配偶在本市无自有住房且租房自住\n住房公积金账户正常缴存满3个月",
        "procedure": "1. 窗口受理，审核材料\n2. 系统核验无房信息\n3. 审批通过后转入本人银行卡",
        "materials": [
            "本人身份证原件",
            "本人银行卡",
            "房屋租赁合同及租金发票（公租房提供租赁合同）",
            "婚姻状况证明",
        ],
        "time_limit": "即时办结（材料齐全）",
        "cooperating_units": "不动产登记中心（核验无房信息）",
    },
    {
        "code": "GJJ-TQ-02",
        "name": "购买自住住房提取住房公积金",
        "categories": ["withdrawal"],
        "policy_basis": f"{BASIS}第二十四条第一款第（一）项：购买、建造、翻建、大修自住住房的",
        "conditions": "购买本市或户籍地自住住房\n自购房合同备案或不动产登记之日起2年内申请",
        "procedure": "1. 窗口受理\n2. 核验购房合同、不动产权证及付款凭证\n3. 审批后转入本人银行卡",
        "materials": [
            "本人身份证原件",
            "购房合同或不动产权证书",
            "购房款发票或首付款凭证",
            "本人银行卡",
            "婚姻状况证明（配偶共同提取时）",
        ],
        "time_limit": "3个工作日",
        "cooperating_units": "不动产登记中心",
    },
    {
        "code": "GJJ-TQ-03",
        "name": "退休提取住房公积金（销户）",
        "categories": ["withdrawal", "account"],
        "policy_basis": f"{BASIS}第二十四条第一款第（二）项：离休、退休的；第二款：提取后同时注销住房公积金账户",
        "conditions": "已办理退休手续\n个人住房公积金账户已封存（单位已办理封存）\n无未结清的住房公积金贷款",
        "procedure": "1. 单位办理账户封存\n2. 本人持材料到窗口申请\n3. 审核后销户，余额及利息转入本人银行卡",
        "materials": ["本人身份证原件", "退休证原件及复印件", "单位出具的封存证明", "本人银行卡"],
        "time_limit": "即时办结（材料齐全）",
        "cooperating_units": "缴存单位（办理封存）",
    },
    {
        "code": "GJJ-TQ-04",
        "name": "偿还住房公积金贷款本息提取",
        "categories": ["withdrawal", "loan"],
        "policy_basis": f"{BASIS}第二十四条第一款第（四）项：偿还购房贷款本息的",
        "conditions": "借款人及配偶正常偿还贷款\n贷款无逾期",
        "procedure": "1. 窗口或线上签订按月对冲还贷协议\n2. 每月自动提取对冲贷款本息",
        "materials": ["本人身份证原件", "借款合同", "本人银行卡"],
        "time_limit": "即时办结",
        "cooperating_units": BANKS,
    },
    {
        "code": "GJJ-DK-01",
        "name": "住房公积金个人住房贷款（新建商品房）",
        "categories": ["loan"],
        "policy_basis": f"{BASIS}第二十六条：缴存住房公积金的职工，在购买、建造、翻建、大修自住住房时，可以向住房公积金管理中心申请住房公积金贷款",
        "conditions": "连续足额缴存住房公积金满6个月\n具有稳定收入和偿还能力\n首付款符合规定比例",
        "procedure": "1. 窗口受理贷款申请\n2. 审核借款人资信和购房情况\n3. 签订借款合同、办理抵押登记\n4. 委托银行发放贷款",
        "materials": [
            "借款人及配偶身份证、户口簿",
            "婚姻状况证明",
            "购房合同及首付款发票",
            "收入证明或银行工资流水",
            "借款人银行卡",
        ],
        "time_limit": "10个工作日",
        "cooperating_units": f"{BANKS}、担保公司、不动产登记中心",
    },
    {
        "code": "GJJ-DK-02",
        "name": "住房公积金二手房贷款",
        "categories": ["loan"],
        "policy_basis": f"{BASIS}第二十六条",
        "conditions": "连续足额缴存住房公积金满6个月\n所购二手房已取得不动产权证书\n房龄与贷款期限之和符合规定",
        "procedure": "1. 房产交易大厅公积金窗口受理\n2. 不动产转移登记前置\n3. 签订借款合同、抵押登记\n4. 委托银行放款（只跑一次）",
        "materials": [
            "借款人及配偶身份证、户口簿",
            "婚姻状况证明",
            "二手房买卖合同",
            "卖方不动产权证书",
            "首付款收据",
            "显示对方账户名称的银行工资流水",
        ],
        "time_limit": "一次办结（约一个半小时）",
        "cooperating_units": f"{BANKS}、担保公司、不动产登记中心",
        "place": "房产交易大厅住房公积金窗口",
    },
    {
        "code": "GJJ-DK-03",
        "name": "住房公积金贷款提前还款",
        "categories": ["loan"],
        "policy_basis": "住房公积金借款合同约定",
        "conditions": "贷款已正常还款满1年或按合同约定\n无逾期欠款",
        "procedure": "1. 窗口或线上预约\n2. 核算应还本息\n3. 还款后办理解押",
        "materials": ["借款人身份证原件", "借款合同", "还款银行卡"],
        "time_limit": "即时办结",
        "cooperating_units": BANKS,
    },
    {
        "code": "GJJ-JC-01",
        "name": "单位住房公积金缴存登记（开户）",
        "categories": ["deposit"],
        "policy_basis": f"{BASIS}第十四条：新设立的单位应当自设立之日起30日内向住房公积金管理中心办理住房公积金缴存登记",
        "conditions": "在本市设立的机关、事业单位、企业及其他组织",
        "procedure": "1. 单位经办人窗口或线上申请\n2. 审核单位登记信息\n3. 设立单位住房公积金账户",
        "materials": [
            "营业执照或事业单位法人证书",
            "单位经办人身份证",
            "单位住房公积金缴存登记表（加盖公章）",
        ],
        "time_limit": "即时办结",
        "cooperating_units": "",
    },
    {
        "code": "GJJ-JC-02",
        "name": "个人账户设立与补缴",
        "categories": ["deposit", "account"],
        "policy_basis": f"{BASIS}第十五条：单位录用职工的，应当自录用之日起30日内办理缴存登记",
        "conditions": "单位已办理缴存登记\n补缴需提供录用或工资证明",
        "procedure": "1. 单位提交职工名单\n2. 设立个人账户\n3. 补缴按月份核定金额",
        "materials": ["职工身份证复印件", "原单位劳动合同或工作证明", "补缴清册（加盖公章）"],
        "time_limit": "3个工作日",
        "cooperating_units": "缴存单位",
    },
    {
        "code": "GJJ-ZY-01",
        "name": "住房公积金异地转移接续",
        "categories": ["transfer_continuation"],
        "policy_basis": "《全国住房公积金异地转移接续业务操作规程》",
        "conditions": "在转入地已开立个人住房公积金账户\n转出地账户已封存满规定时间",
        "procedure": "1. 向转入地公积金中心申请\n2. 转入地通过全国转移接续平台发起\n3. 转出地审核后划转资金",
        "materials": ["本人身份证原件", "转入地个人账户信息", "单位出具的封存证明（转出地要求时）"],
        "time_limit": "15个工作日",
        "cooperating_units": "转出地住房公积金管理中心",
    },
    {
        "code": "GJJ-ZH-01",
        "name": "个人账户封存与启封",
        "categories": ["account"],
        "policy_basis": f"{BASIS}第十六条",
        "conditions": "与单位终止劳动关系（封存）\n在新单位重新缴存（启封）",
        "procedure": "1. 单位经办人申请\n2. 核验劳动关系变动\n3. 办理封存或启封",
        "materials": [
            "单位经办人身份证",
            "解除劳动合同证明或新单位录用证明",
            "封存（启封）申请表（加盖公章）",
        ],
        "time_limit": "即时办结",
        "cooperating_units": "缴存单位",
    },
)

CATALOGS = {"shenyang": SHENYANG}


def build_catalog(preset: str, *, actor: Any, now: datetime) -> dict[str, ServiceItem]:
    """The preset's demo items (none for a preset without a demo catalog), by code."""
    existing = {item.code: item for item in ServiceItem.objects.all()}
    for raw in CATALOGS.get(preset, ()):
        if raw["code"] in existing:
            continue
        fields = {"place": PLACE, "phone": PHONE, **raw}
        existing[raw["code"]] = actions.create_service_item(actor=actor, now=now, note="演示目录", **fields)
    return existing
