"""Realistic labelled cases for the housing-fund centre of the shenyang preset, written from phrase banks:
used by the suggestion benchmark (bench/suggest_quality.py) and by ``bancheng suggest demo-history``.

Each *topic* is one kind of trouble people report: a category, the handling units that usually take it
(with how often), several ways people name the business, and several ways they describe the problem, with
slots filled from shared pools. Topics of different categories share words on purpose (提取 to repay a
loan mentions 贷款; a refused loan mentions 缴存; system faults and bank faults appear in every category),
every text gets some of the hall's common complaints (跑了好几趟, 窗口说材料不全 ...), and a share of the
labels are set the way a different officer might have set them, so the task is not a keyword lookup."""

from __future__ import annotations

import random
from dataclasses import dataclass

# Units of the shenyang demo organization (bancheng.demo.organization): departments, external units and the
# branches a case can be transferred to.
UNITS = {
    "DEP-GJ": "归集部",
    "DEP-XD": "信贷部",
    "DEP-TQ": "提取部",
    "DEP-XX": "信息部",
    "EXT-BANK": "中国建设银行",
    "EXT-TAX": "区税务局",
    "EXT-HRSS": "区人社局",
    "HP": "和平管理部",
    "HN": "浑南分中心",
}
CATEGORIES = ("deposit", "withdrawal", "loan", "transfer_continuation", "account", "other")


@dataclass(frozen=True)
class Topic:
    category: str
    weight: int
    units: dict[str, int]
    businesses: tuple[str, ...]
    problems: tuple[str, ...]


POOLS = {
    "times": ("两周", "一个多月", "二十多天", "三个月", "半年", "十几个工作日", "快两个月"),
    "trips": ("三趟", "好几趟", "四次", "两回", "五六次"),
    "city": ("大连", "北京", "天津", "长春", "哈尔滨", "上海", "深圳", "沈北新区"),
    "material": (
        "户口本",
        "身份证复印件",
        "工资流水",
        "劳动合同",
        "购房合同",
        "婚姻证明",
        "租房合同",
        "单位证明",
    ),
    "bank": ("建设银行", "工商银行", "农业银行", "银行"),
    "channel": ("网厅", "手机APP", "公众号", "自助终端", "线上渠道"),
    "amount": ("两万多", "五万", "八千", "十几万", "三万元"),
}

TOPICS: tuple[Topic, ...] = (
    # 缴存
    Topic(
        "deposit",
        5,
        {"DEP-GJ": 8, "DEP-XX": 1, "HP": 1},
        ("单位缴存登记", "单位开户", "公积金单位开户登记", "新设企业缴存开户", "缴存单位登记"),
        (
            "单位开户材料被退回{trips}，每次只说一个问题",
            "新公司想给员工交公积金，开户要的材料说不清楚，{material}交了又要别的",
            "营业执照刚办下来，去开公积金户说还要{material}，之前没告知",
            "单位缴存登记提交{times}了还没审核通过",
            "开户时窗口说印章不对，让回去重新刻章",
        ),
    ),
    Topic(
        "deposit",
        5,
        {"DEP-GJ": 7, "DEP-XX": 2, "EXT-BANK": 1},
        ("补缴公积金", "公积金补缴", "汇缴", "个人缴存补缴", "欠缴补缴"),
        (
            "单位漏缴了{times}的公积金，想补缴但系统不让",
            "补缴的钱单位已经转到{bank}了，个人账户一直没显示",
            "汇缴清册提交后金额对不上，窗口让单位重新做",
            "之前单位欠缴，现在补缴要滞纳金，说法不一致",
            "补缴申请跑了{trips}，每次要的表格不一样",
        ),
    ),
    Topic(
        "deposit",
        4,
        {"DEP-GJ": 8, "DEP-XX": 1, "EXT-HRSS": 1},
        ("缴存基数调整", "调整缴存基数", "缴存比例调整", "年度基数调整", "缴存基数变更"),
        (
            "基数调整申请被退回，说工资表格式不对",
            "年度调整缴存基数，系统里比例只能选固定几档",
            "基数调整后扣款金额还是原来的，已经{times}了",
            "单位按社保基数报公积金基数，窗口说不行又说不清依据",
            "调整比例需要职代会决议，之前没人告诉我们",
        ),
    ),
    Topic(
        "deposit",
        2,
        {"DEP-GJ": 5, "HN": 2, "DEP-XX": 1},
        ("缴存证明", "缴存证明打印", "开具缴存证明", "缴存明细打印"),
        (
            "{channel}打印缴存证明一直失败，窗口让去自助机，自助机也打不了",
            "买房要缴存证明，分中心说要回总部开",
            "缴存明细少了{times}的记录，证明开不出来",
            "开缴存证明要单位盖章，单位已经注销了",
        ),
    ),
    # 提取
    Topic(
        "withdrawal",
        6,
        {"DEP-TQ": 8, "DEP-XX": 1, "HP": 1},
        ("租房提取", "住房公积金提取", "租房提取公积金", "无房租赁提取", "公积金租房提取"),
        (
            "租房提取被系统退回，窗口说材料不全但说不清缺什么",
            "租房提取要{material}，房东不配合提供",
            "在{channel}上申请租房提取，审核{times}没有结果",
            "租房提取额度太低，和政策说的不一样",
            "租房提取每年只能一次，上次是单位办的，我不知道",
            "跑了{trips}办租房提取，每次都说少一样材料",
        ),
    ),
    Topic(
        "withdrawal",
        5,
        {"DEP-TQ": 7, "DEP-XD": 2, "EXT-BANK": 1},
        ("购房提取", "购房提取公积金", "买房提取", "外地购房提取", "商品房提取"),
        (
            "在{city}买的房，提取被拒，说异地购房要户籍证明",
            "购房提取要{material}，开发商说不提供",
            "全款买房提取申请提交{times}了还没到账",
            "购房提取和贷款冲突，窗口说有公积金贷款就不能再提取",
            "二手房购房提取，窗口要求完税证明，税务那边说不是他们出",
            "购房提取的钱到{bank}卡上被退回了",
        ),
    ),
    Topic(
        "withdrawal",
        4,
        {"DEP-TQ": 6, "DEP-XD": 2, "EXT-BANK": 2},
        ("还贷提取", "偿还贷款提取", "提取还贷", "商业贷款还贷提取", "按年还贷提取"),
        (
            "用公积金还商业贷款，提取申请被退，说贷款合同不对",
            "还贷提取设成按月，扣款一直没成功，{bank}说是公积金的问题",
            "还贷提取每年只能办一次，窗口说法和{channel}不一样",
            "提取公积金提前还贷，排队{trips}没办成",
            "贷款结清证明开了，还贷提取还是不给办",
        ),
    ),
    Topic(
        "withdrawal",
        4,
        {"DEP-TQ": 6, "EXT-HRSS": 3, "DEP-GJ": 1},
        ("退休提取", "离退休提取", "销户提取", "离职提取", "出国定居提取"),
        (
            "退休了要提取公积金，窗口要退休证，人社还没发下来",
            "退休销户提取，账户被原单位封存着，说要单位来解",
            "离职后想提取公积金，窗口说要封存满半年",
            "退休审批表在人社，公积金这边认不了，来回跑了{trips}",
            "退休提取的钱{times}了还没到账",
        ),
    ),
    Topic(
        "withdrawal",
        2,
        {"DEP-TQ": 5, "DEP-XX": 3},
        ("大病提取", "重大疾病提取", "医疗提取", "困难提取"),
        (
            "家人住院要用钱，大病提取要的医院证明开不出来",
            "重大疾病提取要住院发票原件，医保报销拿走了原件",
            "困难提取材料交齐{times}了没动静",
            "医疗提取在{channel}上没有入口，窗口说只能线上",
        ),
    ),
    # 贷款
    Topic(
        "loan",
        6,
        {"DEP-XD": 8, "EXT-BANK": 2},
        ("公积金贷款", "住房公积金贷款", "公积金贷款申请", "公积金购房贷款", "组合贷款"),
        (
            "贷款审批超过承诺时限仍无结果，已经等了{times}",
            "公积金贷款被拒，说缴存不连续，我中间只断了一个月",
            "组合贷款{bank}那边批了，公积金这边一直卡着",
            "贷款额度算出来比计算器少一半，问谁都说不清",
            "贷款要{material}，之前一次告知里没有",
            "面签约了{trips}都没约上",
        ),
    ),
    Topic(
        "loan",
        4,
        {"DEP-XD": 6, "EXT-BANK": 3, "DEP-XX": 1},
        ("贷款放款", "公积金贷款放款", "贷款发放", "放款进度"),
        (
            "合同签了{times}，贷款还没放款，开发商催交违约金",
            "放款要抵押登记证明，不动产中心说还没出",
            "{bank}说放款要公积金中心先推送，公积金说已经推了",
            "放款金额比合同少了{amount}",
        ),
    ),
    Topic(
        "loan",
        4,
        {"DEP-XD": 6, "EXT-BANK": 3, "DEP-XX": 1},
        ("提前还款", "公积金贷款提前还款", "部分提前还款", "贷款结清", "贷款还款"),
        (
            "想提前还款，{bank}说要先去公积金中心预约，中心说找银行",
            "部分提前还款后月供没变，{times}了还是原来的扣款",
            "贷款结清了，抵押注销要的结清证明开不出来",
            "还款扣款失败被记了逾期，是银行卡换了没人通知",
            "提前还款用公积金冲还，窗口说要先办提取",
        ),
    ),
    Topic(
        "loan",
        2,
        {"DEP-XD": 5, "HN": 2, "EXT-TAX": 1},
        ("贷款资格审核", "贷款资格", "二套房贷款认定", "贷款额度核定"),
        (
            "二套房认定和税务的认定不一样，贷款被按二套算",
            "贷款资格审核要婚姻证明，离异的要法院判决书，之前没说",
            "分中心不能审贷款资格，让去总部，总部又说材料在分中心",
            "额度核定按缴存余额算，余额没更新导致额度低",
        ),
    ),
    # 转移接续
    Topic(
        "transfer_continuation",
        5,
        {"DEP-GJ": 6, "DEP-XX": 3, "EXT-HRSS": 1},
        ("异地转移接续", "公积金异地转移", "转移接续", "异地转入", "跨城市转移"),
        (
            "转入申请提交两个月未到账",
            "从{city}转过来的公积金，{times}了还没到账",
            "异地转移在{channel}上提交，显示转出地未响应",
            "转移接续要原单位开证明，原单位已经注销",
            "转入后缴存时间没接上，影响贷款",
            "窗口说异地转移只能线上办，线上又一直报错",
        ),
    ),
    Topic(
        "transfer_continuation",
        3,
        {"DEP-GJ": 7, "HP": 2, "HN": 1},
        ("单位间转移", "市内转移", "换单位转移", "账户转移"),
        (
            "换了单位，公积金账户转不过来，新单位说老单位没封存",
            "市内两个单位之间转移，窗口让两个单位都来人",
            "老单位不配合封存，新单位没法缴存",
            "转移后余额少了{amount}，查不到去向",
        ),
    ),
    Topic(
        "transfer_continuation",
        2,
        {"EXT-HRSS": 4, "DEP-GJ": 4, "DEP-XX": 2},
        ("社保公积金转移", "人才引进转移", "省直转市管", "行业中心转入"),
        (
            "省直公积金转到市管，两边说法不一样，跑了{trips}",
            "人才引进落户后转移公积金，人社和公积金互相推",
            "行业中心转入要联系函，对方说不出函",
            "转移接续的缴存年限人社那边认，公积金不认",
        ),
    ),
    # 账户管理
    Topic(
        "account",
        4,
        {"DEP-GJ": 6, "DEP-XX": 3, "HP": 1},
        ("账户封存", "账户启封", "个人账户封存", "封存启封", "账户冻结解冻"),
        (
            "账户被原单位封存，新单位缴存不了，原单位找不到人",
            "启封申请提交{times}，账户还是封存状态",
            "账户不知道为什么被冻结，窗口查不到原因",
            "封存满半年了想提取，系统显示未封存",
        ),
    ),
    Topic(
        "account",
        4,
        {"DEP-GJ": 5, "DEP-XX": 4, "HN": 1},
        ("个人信息变更", "账户信息修改", "身份证号变更", "姓名变更", "手机号变更"),
        (
            "身份证号升位后两个账户对不上，{channel}登录不了",
            "改了名字，公积金账户姓名改不过来，要{material}",
            "手机号换了，{channel}收不到验证码，窗口说要本人带身份证来",
            "账户信息里工作单位还是老单位，改不了",
            "信息变更跑了{trips}，每次说系统维护",
        ),
    ),
    Topic(
        "account",
        3,
        {"DEP-GJ": 5, "DEP-XX": 3, "EXT-BANK": 2},
        ("账户合并", "多个账户合并", "重复账户合并", "联名卡绑定"),
        (
            "名下有两个公积金账户，合并要两个单位都开证明",
            "账户合并后余额少了{amount}",
            "联名卡换了新卡，{bank}说绑定要公积金中心操作",
            "重复开户的账户注销不了，影响贷款审批",
        ),
    ),
    # 其他
    Topic(
        "other",
        3,
        {"HP": 4, "HN": 4, "DEP-XX": 2},
        ("窗口服务", "服务态度", "排队叫号", "预约办理", "咨询"),
        (
            "窗口工作人员态度不好，问三遍不回答",
            "排队{times}轮到了，说下班了明天再来",
            "预约的号到了现场说没有记录",
            "打12345转过来的，说问题一直没人回电话",
            "咨询电话一直占线，打了{trips}没人接",
        ),
    ),
    Topic(
        "other",
        2,
        {"DEP-XX": 6, "HN": 2, "HP": 2},
        ("网厅登录", "手机APP使用", "电子签章", "线上业务办理", "人脸识别"),
        (
            "{channel}人脸识别一直失败，老人办不了",
            "网厅登录后页面空白，换了电脑也不行",
            "电子签章申请{times}没审核，线上业务都办不了",
            "{channel}提示系统异常，窗口让线上办",
        ),
    ),
)

NOISE_BEFORE = (
    "",
    "",
    "",
    "诉求人反映：",
    "来电反映，",
    "群众现场反映：",
    "12345转办：",
    "本人",
    "家里老人",
    "我们公司",
)
NOISE_AFTER = (
    "",
    "",
    "",
    "，跑了{trips}",
    "，窗口说材料不全",
    "，打电话没人接",
    "，希望尽快解决",
    "，要求给个说法",
    "，不知道该找哪个部门",
    "，网上说法和窗口不一样",
    "，等了{times}",
    "，要求一次性告知需要的材料",
)
# How often an officer's choice differs from the usual one for the text (the label noise of real ledgers).
NEIGHBOURS = {
    "deposit": ("account", "transfer_continuation"),
    "withdrawal": ("loan", "account"),
    "loan": ("withdrawal",),
    "transfer_continuation": ("account", "deposit"),
    "account": ("deposit", "transfer_continuation"),
    "other": ("account", "withdrawal"),
}


@dataclass(frozen=True)
class Sample:
    business: str
    problem: str
    category: str
    unit: str


def _fill(rng: random.Random, template: str) -> str:
    for slot, values in POOLS.items():
        while "{" + slot + "}" in template:
            template = template.replace("{" + slot + "}", rng.choice(values), 1)
    return template


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def generate(count: int, *, seed: int = 7, label_noise: float = 0.06) -> list[Sample]:
    """``count`` cases drawn from the topics by their weights, deterministic for a seed."""
    rng = random.Random(seed)
    topics = list(TOPICS)
    weights = [t.weight for t in topics]
    out = []
    for _ in range(count):
        topic = rng.choices(topics, weights=weights)[0]
        business = rng.choice(topic.businesses)
        problem = rng.choice(NOISE_BEFORE) + _fill(rng, rng.choice(topic.problems))
        problem += _fill(rng, rng.choice(NOISE_AFTER))
        category = topic.category
        if rng.random() < label_noise:
            category = rng.choice(NEIGHBOURS[category])
        unit = _pick(rng, topic.units)
        # What the text says decides the unit too: a fault of the online channels goes to the IT
        # department, a bank's part to the bank, more often than the topic alone would say.
        if (
            any(w in problem for w in ("网厅", "APP", "公众号", "自助", "线上", "登录"))
            and rng.random() < 0.5
        ):
            unit = "DEP-XX"
        elif "银行" in problem and rng.random() < 0.4:
            unit = "EXT-BANK"
        out.append(Sample(business, problem, category, unit))
    return out


def keyword_rule(text: str) -> tuple[str, str]:
    """The baseline a careful clerk would write: the first category keyword found, and that category's
    usual unit (a bank or an IT word sends the case to the bank or the IT department)."""
    rules = (
        ("转移", "transfer_continuation"),
        ("转入", "transfer_continuation"),
        ("提取", "withdrawal"),
        ("贷款", "loan"),
        ("放款", "loan"),
        ("还款", "loan"),
        ("缴存", "deposit"),
        ("补缴", "deposit"),
        ("开户", "deposit"),
        ("封存", "account"),
        ("账户", "account"),
        ("变更", "account"),
    )
    category = next((c for word, c in rules if word in text), "other")
    usual = {
        "deposit": "DEP-GJ",
        "withdrawal": "DEP-TQ",
        "loan": "DEP-XD",
        "transfer_continuation": "DEP-GJ",
        "account": "DEP-GJ",
        "other": "HP",
    }
    unit = usual[category]
    if any(w in text for w in ("网厅", "APP", "系统", "线上", "公众号", "自助")):
        unit = "DEP-XX"
    elif "银行" in text:
        unit = "EXT-BANK"
    return category, unit
