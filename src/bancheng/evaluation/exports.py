"""The evaluation table as XLSX and CSV: one row per unit with its counts, each deduction, the score, the
rank and the grade. Unit names only: no personal data."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import IO

import xlsxwriter

from bancheng.domain.evaluation import Item
from bancheng.evaluation.selectors import Evaluation

HEADER = [
    "排名",
    "承办单位",
    "本期转办件数",
    *[f"{item.label}（件）" for item in Item],
    *[f"{item.label}扣分" for item in Item],
    "扣分合计",
    "得分",
    "等次",
    "说明",
]


def rows(evaluation: Evaluation) -> list[list[object]]:
    out: list[list[object]] = []
    for r in evaluation.results:
        out.append(
            [
                r.rank if r.rank is not None else "",
                r.counts.name,
                r.counts.handled,
                *[d.count for d in r.deductions],
                *[d.points for d in r.deductions],
                r.deducted,
                r.score,
                r.grade.label if r.grade is not None else "不参评",
                r.note,
            ]
        )
    return out


def title(evaluation: Evaluation) -> str:
    return f"{evaluation.period.label}{evaluation.period.kind_label}单位考核"


def write_xlsx(evaluation: Evaluation, out: IO[bytes] | str | Path) -> None:
    book = xlsxwriter.Workbook(
        str(out) if isinstance(out, Path) else out, {"strings_to_formulas": False, "strings_to_urls": False}
    )
    sheet = book.add_worksheet("单位考核")
    bold = book.add_format({"bold": True, "font_size": 14})
    heading = book.add_format({"bold": True, "text_wrap": True, "valign": "vcenter", "border": 1})
    number = book.add_format({"num_format": "0.0"})
    rules = evaluation.rules
    sheet.write_string(0, 0, title(evaluation), bold)
    sheet.write_string(
        1,
        0,
        f"基础分 {rules.base_score:g}；每件扣分：超期办件 {rules.late_points:g}、收到督办单 {rules.notice_points:g}、"
        f"不满意评价 {rules.bad_rating_points:g}、不配合 {rules.non_cooperation_points:g}；"
        f"优秀 ≥{rules.excellent_min:g} 分且不超过参评单位的 {rules.excellent_quota * 100:g}%，"
        f"合格 ≥{rules.pass_min:g}，基本合格 ≥{rules.basic_min:g}；"
        f"统计截至 {evaluation.as_of:%Y-%m-%d %H:%M}",
    )
    for col, label in enumerate(HEADER):
        sheet.write_string(3, col, label, heading)
    sheet.set_column(1, 1, 24)
    sheet.set_column(2, len(HEADER) - 2, 11)
    sheet.set_column(len(HEADER) - 1, len(HEADER) - 1, 30)
    for index, line in enumerate(rows(evaluation), start=4):
        for col, value in enumerate(line):
            if isinstance(value, float):
                sheet.write_number(index, col, value, number)
            elif isinstance(value, int):
                sheet.write_number(index, col, value)
            elif value != "":
                sheet.write_string(index, col, str(value))
    sheet.freeze_panes(4, 2)
    book.close()


def xlsx_bytes(evaluation: Evaluation) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(evaluation, buffer)
    return buffer.getvalue()


def csv_text(evaluation: Evaluation) -> str:
    buffer = io.StringIO()
    out = csv.writer(buffer)
    out.writerow(HEADER)
    for line in rows(evaluation):
        out.writerow([f"{v:g}" if isinstance(v, float) else v for v in line])
    return "\ufeff" + buffer.getvalue()
