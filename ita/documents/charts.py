"""Charts of a document, drawn with matplotlib (Agg) to PNG: the same picture goes into the
DOCX and the HTML/PDF."""

from __future__ import annotations

import io
import threading
from functools import lru_cache

import matplotlib

matplotlib.use("Agg")  # no display on servers; must precede any pyplot import elsewhere

from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from ita.documents.content import Chart, display_text
from ita.lib.fonts import FONT_DIR

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


# Every text of a chart at least this size at the size it is printed (the chart is placed at
# its own width_cm, so points here are points on paper): 6 pt value labels were unreadable.
MIN_PT = 12
TITLE_PT = 13


def _number(value: float, thai: bool, decimals: int = 2) -> str:
    return display_text(f"{value:,.{decimals}f}", thai)


def _draw(fig: Figure, chart: Chart, thai: bool) -> None:
    ax = fig.add_subplot()
    labels = [display_text(x, thai) for x in chart.labels]
    count = max(len(chart.series), 1)
    texts = []  # (annotation, value, bar length in data units or None for a line point)
    if chart.kind == "line":
        for i, s in enumerate(chart.series):
            values = [None if v is None else float(v) for v in s.values]
            name = display_text(s.name, thai)
            ax.plot(labels, values, marker="o", color=COLOURS[i % len(COLOURS)], label=name)
            if chart.value_labels:
                for x, v in zip(labels, values, strict=True):
                    if v is not None:
                        texts.append((_label(ax, _number(v, thai), (x, v), "line"), v, None))
    else:
        width = 0.8 / count
        positions = range(len(labels))
        for i, s in enumerate(chart.series):
            offsets = [p - 0.4 + width * (i + 0.5) for p in positions]
            values = [0.0 if v is None else float(v) for v in s.values]
            draw = ax.barh if chart.kind == "hbar" else ax.bar
            colour, name = COLOURS[i % len(COLOURS)], display_text(s.name, thai)
            bars = draw(offsets, values, width * 0.9, color=colour, label=name)
            if chart.value_labels:
                # Side by side, bars are narrower than a 12 pt number: it stands upright.
                upright = chart.kind == "bar" and count > 1
                for bar, v, raw in zip(bars, values, s.values, strict=True):
                    if raw is not None:
                        at = (
                            bar.get_y() + bar.get_height() / 2
                            if chart.kind == "hbar"
                            else (bar.get_x() + bar.get_width() / 2)
                        )
                        xy = (v, at) if chart.kind == "hbar" else (at, v)
                        label = _label(ax, _number(v, thai), xy, chart.kind, upright)
                        texts.append((label, v, bar))
        if chart.kind == "hbar":
            ax.set_yticks(list(positions), labels)
            ax.invert_yaxis()  # first label on top, as a table reads
        else:
            ax.set_xticks(list(positions), labels)
    _axes(ax, chart, thai, count)
    # Lay out once without rasterising, then freeze it: moving labels and saving then cost no
    # further layout (the layout was most of a chart's time; a batch draws six per report).
    fig.draw_without_rendering()
    fig.set_layout_engine("none")
    if chart.reference is not None and texts:
        _clear_of_reference(fig, ax, chart, texts)


def _label(ax, text: str, xy, kind: str, upright: bool = False):
    """A value label just past the end of its bar (above a point of a line)."""
    if kind == "hbar":
        return ax.annotate(text, xy, xytext=(3, 0), textcoords="offset points",
                           ha="left", va="center", fontsize=MIN_PT)  # fmt: skip
    return ax.annotate(text, xy, xytext=(0, 3), textcoords="offset points", ha="center",
                       va="bottom", fontsize=MIN_PT, rotation=90 if upright else 0)  # fmt: skip


def _clear_of_reference(fig: Figure, ax, chart: Chart, texts) -> None:
    """Move every value label that the reference line would cross: inside its bar (white on
    the bar's colour) when the bar is long enough, else past the line; a line chart's label
    goes below its point. Called once the layout has settled the labels' places."""
    horizontal = chart.kind == "hbar"
    renderer = fig.canvas.get_renderer()
    ref = ax.transData.transform((chart.reference, 0) if horizontal else (0, chart.reference))
    ref = ref[0] if horizontal else ref[1]
    for text, value, bar in texts:
        box = text.get_window_extent(renderer)
        low, high = (box.x0, box.x1) if horizontal else (box.y0, box.y1)
        if not low - 2 <= ref <= high + 2:
            continue
        if bar is None:  # a point of a line: its label goes below it
            text.set_va("top"), text.set_position((0, -5))
            continue
        span = high - low
        start = ax.transData.transform((0, 0))[0 if horizontal else 1]
        end = ax.transData.transform((value, 0) if horizontal else (0, value))
        end = end[0] if horizontal else end[1]
        across = bar.get_window_extent(renderer)  # the bar's own width must hold the label
        room = across.height if horizontal else across.width
        fits = (box.height if horizontal else box.width) <= room
        if fits and end - start > span + 12 and abs(ref - end) > 4:
            # just inside the bar's end, where the line does not reach
            text.set_color("white")
            if horizontal:
                text.set_ha("right"), text.set_position((-3, 0))
            else:
                text.set_va("top"), text.set_position((0, -3))
        else:  # past the line
            gap = max(ref - end, 0) * 72 / fig.dpi + 3  # pixels → points
            text.set_position((gap, 0) if horizontal else (0, gap))


def _axes(ax, chart: Chart, thai: bool, count: int) -> None:
    value_axis = ax.xaxis if chart.kind == "hbar" else ax.yaxis
    value_axis.set_major_formatter(FuncFormatter(lambda v, _p: _number(v, thai, 0)))
    # Room past 100 for the labels, but the scale itself stops at the scores' maximum.
    upright = chart.kind == "bar" and count > 1  # labels stand up: they need more room
    room = (1.3 if upright else 1.12) if chart.value_labels else 1
    limits = (chart.y_min, chart.y_max * room)
    (ax.set_xlim if chart.kind == "hbar" else ax.set_ylim)(*limits)
    step = 20 if chart.y_max - chart.y_min > 50 else 10
    value_axis.set_ticks(range(int(chart.y_min), int(chart.y_max) + 1, step))
    if chart.y_label:
        (ax.set_xlabel if chart.kind == "hbar" else ax.set_ylabel)(chart.y_label)
    if chart.x_label:
        (ax.set_ylabel if chart.kind == "hbar" else ax.set_xlabel)(chart.x_label)
    if chart.reference is not None:
        line = ax.axvline if chart.kind == "hbar" else ax.axhline
        label = chart.reference_label or display_text(f"เกณฑ์ {chart.reference:g}", thai)
        line(chart.reference, color="#c00000", linestyle="--", linewidth=1, label=label, zorder=1)
    if not chart.caption:  # a captioned chart is titled by its caption, as text
        ax.set_title(display_text(chart.title, thai), fontweight="bold", fontsize=TITLE_PT)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x" if chart.kind == "hbar" else "y", alpha=0.3)
    if count > 1 or chart.reference is not None:
        # Below the plot: inside it, the legend covers bars sooner or later.
        _legend(ax)
    if chart.kind == "bar" and max((len(x) for x in chart.labels), default=0) > 12:
        for tick in ax.get_xticklabels():  # long Thai names overlap unless turned
            tick.set_rotation(30)
            tick.set_horizontalalignment("right")


def _legend(ax, most: int = 4) -> None:
    """Below the plot, read in rows as a Thai reader reads (matplotlib fills columns first:
    entries are reordered so that rows come out in order, e.g. ปี ๒๕๖๒ ปี ๒๕๖๓ … left to right)."""
    handles, labels = ax.get_legend_handles_labels()
    ncol = min(len(labels), most)
    order = [i for c in range(ncol) for i in range(c, len(labels), ncol)]
    ax.figure.legend(
        [handles[i] for i in order], [labels[i] for i in order],
        loc="outside lower center", ncol=ncol, frameon=False,
    )  # fmt: skip


def draw(chart: Chart, thai_digits: bool = True) -> Figure:
    """The chart as a matplotlib figure at its printed size (tests measure it)."""
    _register_fonts()
    with matplotlib.rc_context({"font.family": FONT_FAMILY, "font.size": MIN_PT}):
        cm = 1 / 2.54
        # Constrained layout keeps titles, axis labels and the legend inside the picture.
        fig = Figure(
            figsize=(chart.width_cm * cm, chart.height_cm * cm), dpi=DPI, layout="constrained"
        )
        FigureCanvasAgg(fig)
        _draw(fig, chart, thai_digits)
    return fig


@lru_cache(maxsize=128)
def _render(chart: Chart, thai_digits: bool) -> bytes:
    with _lock:
        fig = draw(chart, thai_digits)
        out = io.BytesIO()
        with matplotlib.rc_context({"font.family": FONT_FAMILY}):
            fig.savefig(out, format="png", dpi=DPI)
    return out.getvalue()


# Pictures drawn elsewhere (a batch draws the next reports' charts in other processes while this
# one writes the current report), handed to the renderers by prime() and dropped by forget().
_primed: dict[tuple[Chart, bool], bytes] = {}


def render_png(chart: Chart, thai_digits: bool = True) -> bytes:
    """The chart as PNG bytes (cached: DOCX and PDF of one document share the drawing)."""
    return _primed.get((chart, thai_digits)) or _render(chart, thai_digits)


def png_of(chart: Chart, thai_digits: bool) -> bytes:
    """For a process pool: the same picture, drawn in that process."""
    return _render(chart, thai_digits)


def prime(chart: Chart, thai_digits: bool, png: bytes) -> None:
    _primed[(chart, thai_digits)] = png


def forget(keys) -> None:
    for key in keys:
        _primed.pop(key, None)
