"""Charts of a document, drawn with matplotlib (Agg) to PNG: the same picture goes into the
DOCX and the HTML/PDF."""

from __future__ import annotations

import io
import threading
from functools import lru_cache
from pathlib import Path

import fontpkg_sarabun
import matplotlib

matplotlib.use("Agg")  # no display on servers; must precede any pyplot import elsewhere

from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from ita.documents.content import Chart, display_text

FONT_DIR = Path(fontpkg_sarabun.__file__).parent / "files"
FONT_FAMILY = "Sarabun"
DPI = 150
# Official colours, readable in greyscale print as well.
COLOURS = ("#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0", "#2e75b6")

# matplotlib ignores fontconfig; without the explicit registration Thai falls back to DejaVu
# and prints boxes. Registration and drawing share a lock: the font cache is not thread-safe.
_lock = threading.Lock()
_registered = False


def _register_fonts() -> None:
    global _registered
    if _registered:
        return
    for name in ("Sarabun-Regular.ttf", "Sarabun-Bold.ttf"):
        font_manager.fontManager.addfont(str(FONT_DIR / name))
    _registered = True


def _number(value: float, thai: bool, decimals: int = 2) -> str:
    return display_text(f"{value:,.{decimals}f}", thai)


def _draw(fig: Figure, chart: Chart, thai: bool) -> None:
    ax = fig.add_subplot()
    labels = [display_text(x, thai) for x in chart.labels]
    count = max(len(chart.series), 1)
    if chart.kind == "line":
        for i, s in enumerate(chart.series):
            values = [None if v is None else float(v) for v in s.values]
            ax.plot(labels, values, marker="o", color=COLOURS[i % len(COLOURS)], label=s.name)
            if chart.value_labels:
                for x, v in zip(labels, values, strict=True):
                    if v is not None:
                        ax.annotate(
                            _number(v, thai),
                            (x, v),
                            textcoords="offset points",
                            xytext=(0, 6),
                            ha="center",
                            fontsize=8,
                        )
    else:
        width = 0.8 / count
        positions = range(len(labels))
        for i, s in enumerate(chart.series):
            offsets = [p - 0.4 + width * (i + 0.5) for p in positions]
            values = [0.0 if v is None else float(v) for v in s.values]
            draw = ax.barh if chart.kind == "hbar" else ax.bar
            bars = draw(offsets, values, width * 0.9, color=COLOURS[i % len(COLOURS)], label=s.name)
            if chart.value_labels:
                texts = ["" if v is None else _number(float(v), thai) for v in s.values]
                ax.bar_label(bars, labels=texts, padding=2, fontsize=8)
        if chart.kind == "hbar":
            ax.set_yticks(list(positions), labels)
            ax.invert_yaxis()  # first label on top, as a table reads
        else:
            ax.set_xticks(list(positions), labels)
    _axes(ax, chart, thai, count)


def _axes(ax, chart: Chart, thai: bool, count: int) -> None:
    value_axis = ax.xaxis if chart.kind == "hbar" else ax.yaxis
    value_axis.set_major_formatter(FuncFormatter(lambda v, _p: _number(v, thai, 0)))
    limits = (chart.y_min, chart.y_max * (1.08 if chart.value_labels else 1))
    (ax.set_xlim if chart.kind == "hbar" else ax.set_ylim)(*limits)
    if chart.y_label:
        (ax.set_xlabel if chart.kind == "hbar" else ax.set_ylabel)(chart.y_label)
    if chart.reference is not None:
        line = ax.axvline if chart.kind == "hbar" else ax.axhline
        label = chart.reference_label or display_text(f"เกณฑ์ {chart.reference:g}", thai)
        line(chart.reference, color="#c00000", linestyle="--", linewidth=1, label=label)
    ax.set_title(display_text(chart.title, thai), fontweight="bold")
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x" if chart.kind == "hbar" else "y", alpha=0.3)
    if count > 1 or chart.reference is not None:
        # Below the plot: inside it, the legend covers bars sooner or later.
        ax.figure.legend(fontsize=8, loc="lower center", ncol=4, frameon=False)
    if chart.kind == "bar" and max((len(x) for x in chart.labels), default=0) > 12:
        for tick in ax.get_xticklabels():  # long Thai names overlap unless turned
            tick.set_rotation(30)
            tick.set_horizontalalignment("right")


@lru_cache(maxsize=128)
def render_png(chart: Chart, thai_digits: bool = True) -> bytes:
    """The chart as PNG bytes (cached: DOCX and PDF of one document share the drawing)."""
    with _lock:
        _register_fonts()
        with matplotlib.rc_context({"font.family": FONT_FAMILY, "font.size": 10}):
            cm = 1 / 2.54
            fig = Figure(figsize=(chart.width_cm * cm, chart.height_cm * cm), dpi=DPI)
            FigureCanvasAgg(fig)
            _draw(fig, chart, thai_digits)
            legend = len(chart.series) > 1 or chart.reference is not None
            fig.tight_layout(rect=(0, 0.07 if legend else 0, 1, 1))
            out = io.BytesIO()
            fig.savefig(out, format="png", dpi=DPI)
    return out.getvalue()
