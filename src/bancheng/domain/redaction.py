"""Removing personal data from free text before it leaves a case (PIPL): a knowledge article drafted from a
closed case must not carry the requester's name, phone, ID number or enterprise, nor anybody else's phone,
ID number, bank card number or e-mail address written into the case's notes.

Two passes, both replacing with a visible marker such as 【电话已隐去】 (so an editor sees that something was
there):
1. the requester's own data, passed in as ``KnownPerson``: the exact name (also the given name alone and the
   surname followed by a form of address such as 杨女士), the phone and ID number in any spacing
   (``138 1234 5678``), the enterprise with and without its legal-form suffix;
2. other people's names the caller found (``names=``: a part-of-speech tagger lives outside this pure module,
   see ``bancheng.text.names``), each removed wherever it appears;
3. patterns: mobile and landline numbers, 18-digit ID numbers, bank card numbers (16 to 19 digits, grouped or
   not), e-mail addresses, a Chinese surname with up to two more characters before a form of address
   (王先生, 李建国同志), and home addresses: a street and house number with what follows it (南京北街206号3单元
   501室), a residential compound with building numbers (幸福小区5栋2单元), a village with its group or number
   (前进村3组12号), a building and unit on their own (5栋2单元). The city and district before an address stay
   (沈阳市和平区【地址已隐去】), and nothing without a house or building number is an address, so units,
   departments and places inside organization names (和平区政务服务中心) are kept.

Pattern matching of numbers only fires on a whole run of digits (a phone number glued to other digits is not
a phone number); the requester's own numbers are removed wherever they appear.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

NAME = "name"
PHONE = "phone"
ID_NUMBER = "id_number"
BANK_CARD = "bank_card"
EMAIL = "email"
ENTERPRISE = "enterprise"
ADDRESS = "address"

MARKERS: Mapping[str, str] = {
    NAME: "【姓名已隐去】",
    PHONE: "【电话已隐去】",
    ID_NUMBER: "【证件号码已隐去】",
    BANK_CARD: "【银行卡号已隐去】",
    EMAIL: "【邮箱已隐去】",
    ENTERPRISE: "【企业名称已隐去】",
    ADDRESS: "【地址已隐去】",
}

# Forms of address that follow a person's surname or name in a window's notes.
TITLES = ("先生", "女士", "小姐", "同志", "师傅", "阿姨", "大爷", "大妈", "大姐", "大哥")

# The common single-character surnames (the 百家姓 families that cover most of the population) and the
# compound ones: a form of address is taken as a name only after one of these. Surnames that are also
# everyday function words (和, 于, 向, 时, 成 ...) are left out: "和这位先生" is not a name.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚"
    "卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤温康"
    "施牛樊葛邢齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕季裴霍涂苗谷盛曲"
    "翁冉骆蓝游辛靳管柴蒙鲍华喻祁蒲房滕屈饶牟艾尤阳穆农卓吉缪项芦麦褚娄窦戚岑景宫费卜冷晏席卫米柏宗瞿桂佟"
    "臧闵苟邬卞姬仇栾隋刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝"
)
COMPOUND_SURNAMES = (
    "欧阳",
    "司马",
    "上官",
    "诸葛",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "长孙",
    "宇文",
    "令狐",
)

# Legal-form suffixes an enterprise name is also written without (沈阳某某科技有限公司 → 沈阳某某科技).
ENTERPRISE_SUFFIXES = (
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "集团公司",
    "分公司",
    "公司",
    "合作社",
    "商行",
    "个体工商户",
)

_SEP = r"[\s\-－—.·]*"  # what people put between the digits of a number they write down
_CJK = r"[\u4e00-\u9fff]"

_ID_RE = re.compile(
    r"(?<![0-9])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9])"
)
_EMAIL_RE = re.compile(
    r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
)
_BANK_RE = re.compile(
    r"(?<![0-9])(?:\d{4}[ \-]){3}\d{4}(?:[ \-]?\d{1,3})?(?![0-9])|(?<![0-9])\d{16,19}(?![0-9])"
)
_MOBILE_RE = re.compile(r"(?<![0-9])(?:(?:\+|00)?86[\s\-]?)?1[3-9]\d[\s\-]?\d{4}[\s\-]?\d{4}(?![0-9])")
_LANDLINE_RE = re.compile(
    r"(?<![0-9])(?:[(（]0\d{2,3}[)）]\s?|0\d{2,3}[\s\-－]?)[2-9]\d{6,7}(?:[\-－转]\d{1,5})?(?![0-9])"
    r"|(?<![0-9])(?:400|800)[\s\-]?\d{3}[\s\-]?\d{4}(?![0-9])"
)
# A local number without its area code is only a phone where the text says so (电话：8836760).
_LOCAL_PHONE_RE = re.compile(r"(?:电话|手机|座机|联系方式)[号码]*[:：是为\s]*(?P<v>\d{7,8})(?![0-9])")
_SURNAME_ALT = "|".join(COMPOUND_SURNAMES) + "|[" + SURNAMES + "]"
_TITLED_NAME_RE = re.compile(rf"(?:{_SURNAME_ALT}){_CJK}{{0,2}}?(?={'|'.join(TITLES)})")

# Addresses. A number is a house, building, unit or room number only after a street, a residential compound or
# a building word, so dates (12月3号) and counters (三楼12号窗口) stay. The name before 路/小区 is at most eight
# characters and stops at the administrative level (省市区县…) and at the words that lead into an address (住,
# 在, 是 …), so 家住沈阳市和平区南京北街206号 keeps 家住沈阳市和平区. Digit runs are matched possessively from
# their start, so a long run of digits costs linear time.
_NUM = r"(?:(?<!\d)\d++(?:-\d++)?|[一二三四五六七八九十百零〇两]{1,4})"
_PLACE = r"[^\W\d_省市区县旗镇乡住在于到去从往的是为说找与及称]"
_ROAD = r"(?:大街|大道|大路|路|街|巷|胡同)"
_COMPOUND = r"(?:小区|花园|家园|新村|公寓|大厦|社区|苑|村)"
_FIRST_PART = r"(?:号楼|号院|栋|幢|座|期|组|号|单元|弄)"
_PART = rf"(?:{_NUM}(?:{_FIRST_PART}|层|楼|室|户)|(?<!\d)\d++(?:-\d++){{1,3}}(?:室|号)?)"
_TAIL = r"(?:(?<=单元)\d{2,4}(?!\d))?"
_ADDRESS_RE = re.compile(
    rf"{_PLACE}{{1,8}}?{_ROAD}{_NUM}(?:号|弄){_PART}*{_TAIL}"
    rf"|{_PLACE}{{1,8}}?{_COMPOUND}(?:{_NUM}{_FIRST_PART}|(?<!\d)\d++(?:-\d++){{1,3}}){_PART}*{_TAIL}"
    rf"|{_NUM}(?:号楼|栋|幢){_PART}+{_TAIL}"
    rf"|{_NUM}单元(?:{_NUM}(?:层|楼|室|户|号)|(?<!\d)\d{{2,4}}(?!\d))"
)


@dataclass(frozen=True)
class KnownPerson:
    """The data of the person a text is about, known from the record (a case's requester)."""

    names: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    id_numbers: tuple[str, ...] = ()
    enterprises: tuple[str, ...] = ()


@dataclass(frozen=True)
class Redaction:
    """The redacted text and how many things of each kind were removed."""

    text: str
    removed: Mapping[str, int] = field(default_factory=dict)


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit() or ch in "Xx")


def _number_pattern(number: str) -> str | None:
    digits = _digits(number)
    if len(digits) < 5:  # too short to tell apart from an ordinary number
        return None
    return _SEP.join("[Xx]" if ch in "Xx" else re.escape(ch) for ch in digits)


def _name_variants(name: str) -> list[str]:
    name = re.sub(r"\s+", "", name)
    if len(name) < 2:
        return []
    variants = [name]
    surname_length = 2 if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else 1
    given = name[surname_length:]
    if len(given) >= 2:
        variants.append(given)
    return variants


def _enterprise_variants(enterprise: str) -> list[str]:
    enterprise = enterprise.strip()
    if len(enterprise) < 2:
        return []
    variants = [enterprise]
    for suffix in ENTERPRISE_SUFFIXES:
        if enterprise.endswith(suffix) and len(enterprise) - len(suffix) >= 4:
            variants.append(enterprise[: -len(suffix)])
            break
    return variants


def _alternation(literals: Iterable[str]) -> str | None:
    unique = sorted(set(literals), key=lambda s: (-len(s), s))
    return "|".join(re.escape(s) for s in unique) if unique else None


def _surname(name: str) -> str:
    return name[:2] if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else name[:1]


def _known_patterns(known: KnownPerson) -> list[tuple[str, re.Pattern[str]]]:
    patterns: list[tuple[str, re.Pattern[str]]] = []
    numbers = [(ID_NUMBER, n) for n in known.id_numbers] + [(PHONE, p) for p in known.phones]
    for kind, number in numbers:
        pattern = _number_pattern(number)
        if pattern is not None:
            patterns.append((kind, re.compile(pattern)))
    enterprises = _alternation(v for e in known.enterprises for v in _enterprise_variants(e))
    if enterprises:
        patterns.append((ENTERPRISE, re.compile(enterprises)))
    names = _alternation(v for n in known.names for v in _name_variants(n))
    if names:
        patterns.append((NAME, re.compile(names)))
        # 杨女士 for 杨桂芳: the surname with a form of address
        surnames = _alternation(
            _surname(n) for n in (re.sub(r"\s+", "", n) for n in known.names) if len(n) >= 2
        )
        patterns.append((NAME, re.compile(f"(?:{surnames})(?=(?:{'|'.join(TITLES)}))")))
    return patterns


_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (EMAIL, _EMAIL_RE),
    (ID_NUMBER, _ID_RE),
    (BANK_CARD, _BANK_RE),
    (PHONE, _MOBILE_RE),
    (PHONE, _LANDLINE_RE),
    (PHONE, _LOCAL_PHONE_RE),
    (NAME, _TITLED_NAME_RE),
    (ADDRESS, _ADDRESS_RE),
)


def _substitute(pattern: re.Pattern[str], marker: str, text: str) -> tuple[str, int]:
    if "v" not in pattern.groupindex:
        return pattern.subn(marker, text)

    def replace(match: re.Match[str]) -> str:  # only the named part: 电话：【电话已隐去】
        start, end = match.start("v") - match.start(), match.end("v") - match.start()
        return match.group(0)[:start] + marker + match.group(0)[end:]

    return pattern.subn(replace, text)


def _names_pattern(names: Iterable[str]) -> list[tuple[str, re.Pattern[str]]]:
    found = _alternation(n for n in (re.sub(r"\s+", "", name) for name in names) if len(n) >= 2)
    return [(NAME, re.compile(found))] if found else []


def redact(
    text: str,
    known: KnownPerson | None = None,
    *,
    patterns: bool = True,
    names: Iterable[str] = (),
) -> Redaction:
    """``text`` with the known person's data, the other ``names`` given, and (unless ``patterns`` is False)
    anything that looks like personal data replaced by markers. Idempotent: redacting the result again with
    the same arguments changes nothing."""
    removed: Counter[str] = Counter()
    passes = _known_patterns(known) if known is not None else []
    passes += _names_pattern(names)
    if patterns:
        passes += list(_PATTERNS)
    for kind, pattern in passes:
        text, count = _substitute(pattern, MARKERS[kind], text)
        if count:
            removed[kind] += count
    return Redaction(text, dict(removed))


def redact_text(
    text: str,
    known: KnownPerson | None = None,
    *,
    patterns: bool = True,
    names: Iterable[str] = (),
) -> str:
    return redact(text, known, patterns=patterns, names=names).text
