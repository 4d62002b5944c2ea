"""Writing the results file in the 12345 platform's layout (XLSX or CSV)."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook

from bancheng.domain.hotline import EXPORT_HEADINGS
from bancheng.hotline.services import result_rows


def write_results(month: str, out: io.BufferedIOBase | Any, fmt: str = "xlsx") -> int:
    rows = result_rows(month)
    if fmt == "csv":
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(EXPORT_HEADINGS)
        writer.writerows(rows)
        out.write(text.getvalue().encode("utf-8-sig"))
        return len(rows)
    book = Workbook()
    sheet = book.active
    sheet.title = "办理结果"
    sheet.append(list(EXPORT_HEADINGS))
    for row in rows:
        sheet.append(row)
    book.save(out)
    return len(rows)
