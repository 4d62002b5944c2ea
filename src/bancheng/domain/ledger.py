"""The ledger (台账) as rules: what each column source shows for a case, which sources an administrator may
choose for a layout of their own, and how a cell of an old Excel ledger is read back.

No framework here: a case comes in as a ``LedgerRow`` of plain values (labels already resolved), a cell
comes out as a string, a number, a date or a datetime (local wall-clock time, Asia/Shanghai, without a
time zone, because Excel cells have none).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from operator import attrgetter

from bancheng.domain.calendar import TZ
from bancheng.domain.masking import mask_name, mask_phone
from bancheng.domain.policy import CaseClass, Choice, LedgerColumn

Cell = str | int | date | datetime | None

# Every source a ledger column can show, with its Chinese name for the layout editor. The first fifteen are
# the ones the presets use; the rest are there for layouts of an administrator's own.
SOURCES: dict[str, str] = {
    "seq": "序号",
    "number": "编号",
    "registered_on": "受理日期",
    "registered_at": "受理时间",
    "officer": "承办人（首问负责人）",
    "category": "事项分类",
    "requester_name": "诉求人",
    "requester_phone": "联系电话",
    "problem": "反映内容",
    "units": "承办单位 / 协调部门",
    "resolution": "办理结果 / 解决方案",
    "closed_at": "办结时间",
    "visit": "回访情况（满意度）",
    "remarks": "备注",
    "class_and_limit": "问题类型及办理时限",
    "case_class": "问题类型",
    "business": "所办事项",
    "channel": "反映渠道",
    "state": "状态",
    "branch": "受理单位",
}

PERSONAL = frozenset({"requester_name", "requester_phone"})
UNIT_SEPARATORS = re.compile(r"[、，,;；/\n]+")


@dataclass(frozen=True)
class LedgerRow:
    """One case as the ledger sees it: plain values, labels already in Chinese."""

    seq: int
    number: str
    registered_at: datetime  # aware
    officer: str
    category: str
    requester_name: str
    requester_phone: str
    problem: str
    units: tuple[str, ...] = ()
    resolution: str = ""
    closed_at: datetime | None = None  # aware
    visit: str = ""
    remarks: str = ""
    case_class: str = ""
    class_limit: str = ""
    business: str = ""
    channel: str = ""
    state: str = ""
    branch: str = ""


def local(at: datetime) -> datetime:
    """An aware instant as the wall-clock time of Asia/Shanghai without a zone (what an Excel cell holds)."""
    return at.astimezone(TZ).replace(tzinfo=None)


def class_and_limit(label: str, limit: str) -> str:
    """Seed 001 annex 3 writes the class with its limit in one column: 一般事项（2个工作日）."""
    if not label:
        return ""
    return f"{label}（{limit}）" if limit else label


def _registered_on(row: LedgerRow) -> Cell:
    return local(row.registered_at).date()


def _registered_at(row: LedgerRow) -> Cell:
    return local(row.registered_at)


def _closed_at(row: LedgerRow) -> Cell:
    return local(row.closed_at) if row.closed_at is not None else None


def _units(row: LedgerRow) -> Cell:
    return "、".join(row.units)


def _class_and_limit(row: LedgerRow) -> Cell:
    return class_and_limit(row.case_class, row.class_limit)


def _masked_name(row: LedgerRow) -> Cell:
    return mask_name(row.requester_name)


def _masked_phone(row: LedgerRow) -> Cell:
    return mask_phone(row.requester_phone)


_COMPUTED: dict[str, Callable[[LedgerRow], Cell]] = {
    "registered_on": _registered_on,
    "registered_at": _registered_at,
    "closed_at": _closed_at,
    "units": _units,
    "class_and_limit": _class_and_limit,
}
_MASKED: dict[str, Callable[[LedgerRow], Cell]] = {
    "requester_name": _masked_name,
    "requester_phone": _masked_phone,
}


def getter(source: str, *, masked: bool = True) -> Callable[[LedgerRow], Cell]:
    """The function giving column ``source`` of a row, chosen once per column (an export calls it for
    every row); personal data masked unless ``masked`` is False. An unknown source is a KeyError."""
    if masked and source in _MASKED:
        return _MASKED[source]
    if source in _COMPUTED:
        return _COMPUTED[source]
    if source not in SOURCES:
        raise KeyError(source)
    return attrgetter(source)


def cell(source: str, row: LedgerRow, *, masked: bool = True) -> Cell:
    """The value of column ``source`` for ``row``; personal data masked unless ``masked`` is False."""
    return getter(source, masked=masked)(row)


def layout_problems(columns: Sequence[LedgerColumn]) -> list[str]:
    """What makes a layout unusable, in Chinese; empty when it can be saved."""
    found: list[str] = []
    if not columns:
        return ["台账至少要有一列"]
    seen: set[str] = set()
    for index, column in enumerate(columns, start=1):
        if column.source not in SOURCES:
            found.append(f"第 {index} 列的数据来源“{column.source}”不存在")
        label = column.label.strip()
        if not label:
            found.append(f"第 {index} 列的列名不能为空")
        elif label in seen:
            found.append(f"列名“{label}”重复")
        seen.add(label)
    return found


# ---- reading an old ledger back ---------------------------------------------------------------------


class CellError(ValueError):
    """A cell of an imported ledger that cannot be read; the message says why, in Chinese."""


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日"),
)
_TIME = re.compile(r"(\d{1,2})[:：时](\d{1,2})(?:[:：分](\d{1,2}))?")
EXCEL_EPOCH = date(1899, 12, 30)


def parse_when(raw: object, *, default_time: time = time(9, 0)) -> datetime:
    """A date or a date and time as an Excel ledger writes it: a date cell, 2024-03-05, 2024/3/5,
    2024年3月5日, with an optional time (10:30); an Excel serial number. Returns an aware local datetime."""
    if isinstance(raw, datetime):
        return raw if raw.tzinfo is not None else raw.replace(tzinfo=TZ)
    if isinstance(raw, date):
        return datetime.combine(raw, default_time, tzinfo=TZ)
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        if not 1 <= raw < 2958466:
            raise CellError("日期数值超出范围")
        whole = int(raw)
        on = EXCEL_EPOCH + timedelta(days=whole)
        seconds = round((raw - whole) * 86400)
        if not seconds:
            return datetime.combine(on, default_time, tzinfo=TZ)
        return datetime.combine(on, time(), tzinfo=TZ) + timedelta(seconds=seconds)
    text = str(raw or "").strip()
    if not text:
        raise CellError("日期不能为空")
    for pattern in _DATE_PATTERNS:
        found = pattern.match(text)
        if found is None:
            continue
        year, month, day = (int(g) for g in found.groups())
        try:
            on = date(year, month, day)
        except ValueError:
            raise CellError(f"日期“{text}”不存在") from None
        rest = text[found.end() :].strip()
        if not rest:
            return datetime.combine(on, default_time, tzinfo=TZ)
        clock = _TIME.fullmatch(rest.rstrip("分秒").strip())
        if clock is None:
            raise CellError(f"时间“{rest}”无法识别，应为 时:分")
        hh, mm, ss = int(clock.group(1)), int(clock.group(2)), int(clock.group(3) or 0)
        if hh > 23 or mm > 59 or ss > 59:
            raise CellError(f"时间“{rest}”不存在")
        return datetime.combine(on, time(hh, mm, ss), tzinfo=TZ)
    raise CellError(f"日期“{text}”无法识别，应为 2024-03-05、2024/3/5 或 2024年3月5日")


MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^(0\d{2,3}-?)?[2-9]\d{6,7}(-\d{1,6})?$")


def parse_phone(raw: object) -> str:
    """A mobile number (11 digits) or a landline (0531-12345678, 12345678, with an extension)."""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)  # a phone typed into a number cell
    text = str(raw if raw is not None else "").strip()
    compact = re.sub(r"[\s()（）]", "", text)
    if compact.startswith("+86"):
        compact = compact[3:]
    if not compact:
        raise CellError("联系电话不能为空")
    if "*" in compact:
        raise CellError("联系电话已打码，无法导入完整号码（请导出不打码的台账）")
    digits = compact.replace("-", "")
    if MOBILE.match(digits) or LANDLINE.match(compact) or LANDLINE.match(digits):
        return compact
    raise CellError(f"联系电话“{text}”不正确，应为 11 位手机号或带区号的座机号")


def parse_class(raw: object, classes: Sequence[CaseClass]) -> CaseClass | None:
    """A class by its label (一般事项), its code, or its label with the limit (一般事项（2个工作日）).
    An empty cell is no class."""
    text = str(raw if raw is not None else "").strip()
    if not text:
        return None
    name = re.split(r"[（(]", text, maxsplit=1)[0].strip()
    for klass in classes:
        if name in {klass.label, klass.code}:
            return klass
    labels = "、".join(k.label for k in classes)
    raise CellError(f"问题类型“{text}”不在现行政策中（可选：{labels}）")


def parse_choice(raw: object, choices: Sequence[Choice], what: str) -> str:
    """A choice (category, satisfaction) by its label or code; empty gives ""."""
    text = str(raw if raw is not None else "").strip()
    if not text:
        return ""
    for choice in choices:
        if text in {choice.label, choice.code}:
            return choice.code
    labels = "、".join(c.label for c in choices)
    raise CellError(f"{what}“{text}”不在现行政策中（可选：{labels}）")


def parse_text(raw: object) -> str:
    """Text as typed; a number cell becomes its digits; the leading quote that protects a formula-like
    cell in our own CSV export is dropped."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip()
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        text = text[1:]
    return text


def split_units(raw: object) -> list[str]:
    """The unit names of one cell: 归集部、信贷部 (also separated by commas, semicolons or new lines)."""
    return [part.strip() for part in UNIT_SEPARATORS.split(parse_text(raw)) if part.strip()]


def protect_formula(text: str) -> str:
    """A text cell that a spreadsheet would run as a formula gets a leading quote (CSV injection);
    phone numbers such as +8613812345678 stay as they are."""
    if text and text[0] in "=+-@" and not re.fullmatch(r"[+\-]?[\d\- ]+", text):
        return "'" + text
    return text
