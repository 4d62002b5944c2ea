"""Thirty sentences the way window officers write case notes, each with the third-party names and home
addresses in it (which must go) and the units, departments, service items, policies and places inside
organization names (which must stay). The redaction's figures in docs/knowledge.md are measured on them:
``.venv/bin/python -m tests.text.redaction_corpus``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sentence:
    text: str
    names: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()


SENTENCES = (
    Sentence("我和王建国一起去办，窗口说材料不全", names=("王建国",)),
    Sentence("邻居李秀英说她去年也没办成", names=("李秀英",)),
    Sentence(
        "诉求人住沈阳市和平区南京北街206号3单元501室，房屋产权证一直办不下来",
        addresses=("南京北街206号3单元501室",),
        kept=("沈阳市和平区",),
    ),
    Sentence("住幸福小区5栋2单元，物业不给开证明", addresses=("幸福小区5栋2单元",)),
    Sentence(
        "到沈阳市市场监督管理局和和平区政务服务中心办理不动产登记",
        kept=("沈阳市市场监督管理局", "和平区政务服务中心", "不动产登记"),
    ),
    Sentence("张伟帮他交了材料，但没有带原件", names=("张伟",)),
    Sentence(
        "申请人的母亲陈桂兰已退休，需办理养老保险待遇领取", names=("陈桂兰",), kept=("申请人", "养老保险")
    ),
    Sentence("朋友孙丽陪同前来，代为说明情况", names=("孙丽",)),
    Sentence("父亲王德明去世后办理继承公证，公证处要求提供亲属关系证明", names=("王德明",), kept=("公证处",)),
    Sentence("房东刘志强不配合提供房屋租赁合同，无法办理居住证", names=("刘志强",), kept=("居住证",)),
    Sentence(
        "户籍地址为皇姑区黄河南大街58-2号，现居铁西区兴华街12号2-3-1",
        addresses=("黄河南大街58-2号", "兴华街12号2-3-1"),
        kept=("皇姑区", "铁西区"),
    ),
    Sentence("家住浑南区金地名京小区12号楼1单元602，老人行动不便", addresses=("金地名京小区12号楼1单元602",)),
    Sentence("大东区前进村3组12号的宅基地确权未办", addresses=("前进村3组12号",), kept=("大东区",)),
    Sentence(
        "已联系沈阳市住房公积金管理中心归集部，答复按《住房公积金管理条例》第二十四条办理",
        kept=("沈阳市住房公积金管理中心", "归集部", "《住房公积金管理条例》第二十四条"),
    ),
    Sentence(
        "和平区市场监督管理局登记注册科说营业执照变更需法人到场",
        kept=("和平区市场监督管理局", "登记注册科", "营业执照"),
    ),
    Sentence(
        "辽宁省人力资源和社会保障厅答复社保转移接续已办结",
        kept=("辽宁省人力资源和社会保障厅", "社保转移接续"),
    ),
    Sentence("请到政务服务中心三楼12号窗口办理医保报销", kept=("政务服务中心", "三楼12号窗口", "医保报销")),
    Sentence("丈夫赵国强在外地打工，委托书没有公证", names=("赵国强",)),
    Sentence(
        "女儿周晓燕的户口本上地址写的是长江街79号",
        names=("周晓燕",),
        addresses=("长江街79号",),
        kept=("户口本",),
    ),
    Sentence("原单位沈阳机床厂已破产，档案在铁西区人才服务中心", kept=("沈阳机床厂", "铁西区人才服务中心")),
    Sentence("承办人与欧阳明辉电话沟通后，当场办结", names=("欧阳明辉",), kept=("承办人",)),
    Sentence("反映人称其岳母吴玉珍的低保资格被取消", names=("吴玉珍",), kept=("低保",)),
    Sentence(
        "在翠湖花园二期8栋3单元1201室的房子无法办理抵押登记",
        addresses=("翠湖花园二期8栋3单元1201室",),
        kept=("抵押登记",),
    ),
    Sentence("同事马丽丽和李强都反映过同样的问题", names=("马丽丽", "李强")),
    Sentence(
        "沈北新区税务局第一税务所答复发票申领需先做实名认证", kept=("沈北新区税务局第一税务所", "发票申领")
    ),
    Sentence("按沈阳市不动产登记中心的一次告知补齐了材料", kept=("沈阳市不动产登记中心", "一次告知")),
    Sentence(
        "邻居家的孩子郑浩然上学需要居住证明，住在向阳里小区3号楼",
        names=("郑浩然",),
        addresses=("向阳里小区3号楼",),
    ),
    Sentence("12月3号再来窗口领取结果，杨女士表示满意", kept=("12月3号",)),
    Sentence("经办人黄明说系统升级，下周一再办", names=("黄明",), kept=("经办人",)),
    Sentence("诉求人的儿子林子豪在沈阳市第一人民医院工作", names=("林子豪",), kept=("沈阳市第一人民医院",)),
)


def measure() -> dict[str, int]:
    """Names and addresses caught and missed, and the pieces of text wrongly removed: a kept term damaged, or a
    marker where the sentence has nothing of that kind."""
    from bancheng.domain.redaction import ADDRESS, NAME, redact
    from bancheng.text.names import person_names

    figures = dict.fromkeys(
        ("names", "names_caught", "addresses", "addresses_caught", "kept", "kept_damaged", "false_markers"), 0
    )
    for sentence in SENTENCES:
        result = redact(sentence.text, names=person_names(sentence.text))
        figures["names"] += len(sentence.names)
        figures["names_caught"] += sum(n not in result.text for n in sentence.names)
        figures["addresses"] += len(sentence.addresses)
        figures["addresses_caught"] += sum(a not in result.text for a in sentence.addresses)
        figures["kept"] += len(sentence.kept)
        figures["kept_damaged"] += sum(k not in result.text for k in sentence.kept)
        titled = sentence.text.count("女士") + sentence.text.count("先生")
        figures["false_markers"] += max(0, result.removed.get(NAME, 0) - len(sentence.names) - titled)
        figures["false_markers"] += max(0, result.removed.get(ADDRESS, 0) - len(sentence.addresses))
    return figures


if __name__ == "__main__":
    print(measure())
