"""Reading a year's official schedule from a small CSV or YAML file (format in docs/calendar.md)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from bancheng.domain.errors import DomainError

KINDS = {"holiday": "holiday", "放假": "holiday", "makeup": "makeup", "调休上班": "makeup", "上班": "makeup"}


@dataclass(frozen=True)
class ScheduleDay:
    day: date
    kind: str  # holiday | makeup
    name: str = ""


def bad(message: str, **details: Any) -> DomainError:
    return DomainError("calendar.bad_schedule", message, details)


def read_schedule(path: Path) -> list[ScheduleDay]:
    """The days of the file, checked: real dates, make-up days on weekends, no day listed twice."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise bad(f"无法读取文件 {path}：{exc.strerror}", path=str(path)) from None
    except UnicodeDecodeError:
        raise bad("文件须为 UTF-8 编码", path=str(path)) from None
    if path.suffix.lower() == ".csv":
        days = list(_from_csv(text))
    elif path.suffix.lower() in {".yaml", ".yml"}:
        days = list(_from_yaml(text))
    else:
        raise bad("只支持 .csv、.yaml 或 .yml 文件", path=str(path))
    return _checked(days)


def _parse_day(value: Any, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise bad(f"{where}：日期“{value}”不是 YYYY-MM-DD 格式", value=str(value)) from None


def _expand(value: Any, where: str) -> list[date]:
    """A date, or a range ``A..B`` (both included)."""
    text = str(value).strip()
    if ".." not in text:
        return [_parse_day(value, where)]
    first, last = (_parse_day(part, where) for part in text.split("..", 1))
    if last < first:
        raise bad(f"{where}：日期范围“{text}”的结束早于开始", value=text)
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _kind(value: Any, where: str) -> str:
    kind = KINDS.get(str(value).strip())
    if kind is None:
        raise bad(f"{where}：类型“{value}”无效，应为 holiday（放假）或 makeup（调休上班）", value=str(value))
    return kind


def _from_csv(text: str) -> Iterable[ScheduleDay]:
    reader = csv.DictReader(text.splitlines())
    if not reader.fieldnames or not {"date", "kind"} <= {f.strip() for f in reader.fieldnames}:
        raise bad("CSV 首行须为列名：date,kind,name")
    for line, row in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        if not any(row.values()):
            continue
        where = f"第 {line} 行"
        kind = _kind(row.get("kind", ""), where)
        for day in _expand(row.get("date", ""), where):
            yield ScheduleDay(day, kind, row.get("name", ""))


def _from_yaml(text: str) -> Iterable[ScheduleDay]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise bad(f"YAML 格式错误：{exc}") from None
    if not isinstance(data, dict) or not ({"holidays", "makeup_days"} & set(data)):
        raise bad("YAML 须包含 holidays 和/或 makeup_days 两个列表")
    for key, kind in (("holidays", "holiday"), ("makeup_days", "makeup")):
        items = data.get(key) or []
        if not isinstance(items, list):
            raise bad(f"{key} 须为列表")
        for index, item in enumerate(items, start=1):
            where = f"{key} 第 {index} 项"
            if isinstance(item, dict):
                if "date" not in item:
                    raise bad(f"{where}：缺少 date")
                value, name = item["date"], str(item.get("name", ""))
            else:
                value, name = item, ""
            for day in _expand(value, where):
                yield ScheduleDay(day, kind, name)


def _checked(days: list[ScheduleDay]) -> list[ScheduleDay]:
    if not days:
        raise bad("文件中没有任何日期")
    seen: dict[date, ScheduleDay] = {}
    for d in days:
        if d.day in seen:
            raise bad(f"{d.day.isoformat()} 重复出现", date=d.day.isoformat())
        if d.kind == "makeup" and d.day.weekday() < 5:
            raise bad(f"{d.day.isoformat()} 是工作日，不能作为调休上班日", date=d.day.isoformat())
        seen[d.day] = d
    return sorted(days, key=lambda d: d.day)
