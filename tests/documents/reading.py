"""Reading generated files back: PDF text (pdftotext), embedded fonts (pdffonts), pages as PNG (pdftoppm),
DOCX paragraphs and table cells (python-docx)."""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts" / "documents"


def pdf_text(data: bytes) -> str:
    """The PDF's text with runs of spaces folded, so that tick boxes read as ``☑ 困难问题``."""
    out = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout
    return re.sub(r"[ \t]+", " ", out.decode())


def pdf_pages_text(data: bytes) -> list[str]:
    return [page for page in pdf_text(data).split("\f") if page.strip()]


def pdf_fonts(data: bytes) -> list[tuple[str, str]]:
    """(font name, embedded yes/no) for every font of the PDF."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(data)
        fh.flush()
        out = subprocess.run(["pdffonts", fh.name], capture_output=True, check=True).stdout.decode()
    fonts = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # columns: name type... encoding emb sub uni object-number generation
        fonts.append((parts[0], parts[-5]))
    return fonts


def save_png_pages(data: bytes, name: str) -> list[Path]:
    """Render every page at 60 dpi into var/test-artifacts/documents/ for a person to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / f"{name}.pdf"
    pdf.write_bytes(data)
    for old in ARTIFACTS.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(ARTIFACTS / name)], check=True)
    return sorted(ARTIFACTS.glob(f"{name}-*.png"))


def pdf_page_count(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    """Every paragraph of the body and of every table cell, one per line."""
    from docx import Document

    doc = Document(io.BytesIO(data))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            seen = set()
            for c in row.cells:
                if id(c._tc) in seen:  # merged cells repeat
                    continue
                seen.add(id(c._tc))
                lines.extend(p.text for p in c.paragraphs)
    return "\n".join(lines)


def docx_images(data: bytes) -> int:
    from docx import Document

    return len(Document(io.BytesIO(data)).inline_shapes)
