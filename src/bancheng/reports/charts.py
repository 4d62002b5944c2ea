"""The report's charts, drawn on the server with matplotlib (no browser, no network): SVG for the PDF
(WeasyPrint draws it; the text is turned into paths, so the PDF needs no font for it) and PNG for Word.
The Chinese labels use Debian's Noto Sans CJK (fonts-noto-cjk), found through fontconfig."""

from __future__ import annotations

import io
import subprocess
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

_LOCK = threading.Lock()  # pyplot's state is global; one chart at a time
BLUE = "#2f6fb0"
RED = "#c0392b"
GREY = "#8a99a8"
KNOWN_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
)


@dataclass(frozen=True)
class Chart:
    code: str
    title: str
    svg: bytes
    png: bytes


@cache
def cjk_font() -> str | None:
    """The file of a Simplified Chinese sans font, or None (the charts then fall back to DejaVu and show
    boxes for Chinese, which a test would catch)."""
    for path in KNOWN_FONTS:
        if Path(path).exists():
            return path
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", "Noto Sans CJK SC:lang=zh-cn"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.strip()
    except OSError:
        return None
    return found or None


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    font = cjk_font()
    if font is not None:
        font_manager.fontManager.addfont(font)
        name = font_manager.FontProperties(fname=font).get_name()
        plt.rcParams["font.family"] = [name, "DejaVu Sans"]
    plt.rcParams["svg.fonttype"] = "path"
    plt.rcParams["svg.hashsalt"] = "bancheng"  # the same figures give the same SVG
    plt.rcParams["axes.unicode_minus"] = False
    return plt


def _save(fig: Any) -> tuple[bytes, bytes]:
    svg = io.BytesIO()
    fig.savefig(svg, format="svg", bbox_inches="tight", metadata={"Date": None})
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=150, bbox_inches="tight")
    return svg.getvalue(), png.getvalue()


def _bars(plt: Any, labels: list[str], values: list[int], *, title: str, horizontal: bool = False,
          color: str = BLUE, line: list[int] | None = None, line_label: str = "") -> tuple[bytes, bytes]:  # fmt: skip
    # A horizontal chart grows with its bars, so that one late unit is a bar, not a block.
    height = max(1.5, 0.42 * len(labels) + 0.9) if horizontal else 3.0
    fig, ax = plt.subplots(figsize=(6.4, height))
    try:
        if horizontal:
            positions = list(range(len(labels)))[::-1]
            bars = ax.barh(positions, values, color=color, height=0.55)
            ax.set_yticks(positions, labels)
            ax.bar_label(bars, padding=3, fontsize=9)
            ax.set_xlim(0, max([*values, 1]) * 1.2)
        else:
            bars = ax.bar(range(len(labels)), values, color=color, width=0.55, label="受理件数")
            ax.set_xticks(range(len(labels)), labels, fontsize=9)
            ax.bar_label(bars, padding=2, fontsize=9)
            ax.set_ylim(0, max([*values, *(line or []), 1]) * 1.25)
            if line is not None:
                ax.plot(range(len(labels)), line, color=RED, marker="o", label=line_label)
                ax.legend(fontsize=9, frameon=False, loc="upper left")
        ax.set_title(title, fontsize=12)
        ax.spines[["top", "right"]].set_visible(False)
        from matplotlib.ticker import MaxNLocator

        (ax.xaxis if horizontal else ax.yaxis).set_major_locator(MaxNLocator(integer=True))
        return _save(fig)
    finally:
        plt.close(fig)


def charts_of(figures: dict[str, Any]) -> list[Chart]:
    """The four charts of a report snapshot: trend, top categories, late units, escalation levels.
    A section with nothing to draw has no chart (its table says so)."""
    with _LOCK:
        plt = _pyplot()
        out = []
        trend = figures.get("trend", [])
        if trend:
            svg, png = _bars(
                plt,
                [t["label"].replace("年", "年\n", 1) for t in trend],
                [t["registered"] for t in trend],
                title="受理件数走势",
                line=[t["completed"] for t in trend],
                line_label="已办结",
            )
            out.append(Chart("trend", "受理件数走势", svg, png))
        categories = figures.get("categories", [])
        if categories:
            svg, png = _bars(
                plt,
                [c["label"] for c in categories],
                [c["count"] for c in categories],
                title="主要问题类型",
                horizontal=True,
            )
            out.append(Chart("categories", "主要问题类型", svg, png))
        late = figures.get("late_units", [])[:8]
        if late:
            svg, png = _bars(
                plt,
                [u["unit"] for u in late],
                [u["late"] for u in late],
                title="承办单位超期件数",
                horizontal=True,
                color=RED,
            )
            out.append(Chart("late_units", "承办单位超期件数", svg, png))
        levels = figures.get("escalation", [])
        if any(level["cases"] for level in levels):
            svg, png = _bars(
                plt,
                [f"{level['level']}级 {level['label']}" for level in levels],
                [level["cases"] for level in levels],
                title="各处理层级诉求件数",
                horizontal=True,
                color=GREY,
            )
            out.append(Chart("escalation", "各处理层级诉求件数", svg, png))
        return out
