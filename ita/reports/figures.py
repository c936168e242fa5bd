"""Charts of the documents: the O42 indicator chart set for print, and the O43 progress summary.

The indicator chart itself is ``ita.views.charts.indicator_bands`` (the app's chart); here it only gets a
print size. The O43 chart is new: one bar per measure, its progress in the round, coloured by status.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from ita.analysis.agency import AgencyYear
from ita.common.plaintext import chart
from ita.measures.model import MeasureWithFollowUps
from ita.measures.rounds import NOT_REPORTED, latest_follow_up
from ita.reports.templates import Templates
from ita.views.charts import FONT_FAMILY, indicator_bands

# Status colours: grey not started, amber in progress, green done, red cannot, pale grey not reported.
STATUS_COLORS = {
    "not_started": "#9e9e9e",
    "in_progress": "#f0a202",
    "done": "#2e7d32",
    "cannot": "#c62828",
    NOT_REPORTED: "#cfd8dc",
}

# Layout pixels of the O42 chart (exported at twice this resolution). Drawn with the app's projector
# type sizes and placed 16 cm wide, the labels come out at about 10 pt, as readable as the text.
PRINT_SIZE = (1000, 700)


def o42_chart(result: AgencyYear) -> go.Figure:
    """The ten indicators on the grade bands, as in the app, sized for a page's text width."""
    fig = indicator_bands(list(result.score.indicators), result.framework, "th", presentation=True)
    fig.update_layout(
        width=PRINT_SIZE[0],
        height=PRINT_SIZE[1],
        title=None,
        # The top margin stays the one the bands need: their names sit in one or two rows above the plot, and
        # a Thai label's marks above the line ("ผ่านดี") need the room.
        margin={"l": 10, "r": 40, "t": max(40, fig.layout.margin.t or 0), "b": 10},
    )
    return fig


# Measures in one O43 chart: at 80 px a bar, 15 fill 1,320 px, 21 cm placed 16 cm wide, which leaves the caption room
# on an A4 page (25 cm of text height). More are drawn in several charts (``chart_parts``); one of 22 was 30 cm
# tall, and the page cut measures 20-22 and the axis off.
MEASURES_PER_CHART = 15


def chart_parts(count: int, per_chart: int = MEASURES_PER_CHART) -> list[tuple[int, int]]:
    """(first, last) measure numbers (1-based) of each chart for ``count`` measures, as even as can be."""
    parts = -(-count // per_chart)
    size = -(-count // parts) if parts else 0
    return [(start + 1, min(start + size, count)) for start in range(0, count, size)] if count else []


def o43_chart(
    measures: Sequence[MeasureWithFollowUps], round_months: int, templates: Templates, first: int = 1
) -> go.Figure:
    """Progress (0–100 %) of each measure in the round, one horizontal bar each, coloured by status,
    with the status written after the bar (an earlier round's report carried forward). A measure without any
    report shows an empty bar and "not reported". The measures are numbered from ``first``."""
    names, values, colors, labels = [], [], [], []
    for k, item in enumerate(measures, start=first):
        fu = latest_follow_up(item, round_months)
        status = fu.status if fu else NOT_REPORTED
        word = templates.text("o43.labels.not_reported") if status == NOT_REPORTED else templates.status(status)
        # Numbers, not titles, on the axis: Thai titles have no spaces to wrap at, and the numbered
        # table right below names each measure in full.
        names.append(templates.text("o43.labels.chart_measure", number=k))
        values.append(float(fu.progress) if fu else 0.0)
        colors.append(STATUS_COLORS.get(status, "#9e9e9e"))
        # Template text: shown as written, as every chart text. No report, no figure: never "0 %".
        labels.append(f"{values[-1]:.0f}% {chart(word)}" if fu else chart(word))
    fig = go.Figure(
        go.Bar(
            y=names,
            x=values,
            orientation="h",
            marker_color=colors,
            text=labels,
            textposition="outside",
            cliponaxis=False,
            textfont={"size": 22},
        )
    )
    fig.update_yaxes(
        categoryorder="array", categoryarray=list(reversed(names)), automargin=True, ticksuffix="   "
    )  # room between the name and a 0 % bar's label
    fig.update_xaxes(
        range=[0, 102],
        tickvals=[0, 25, 50, 75, 100],
        ticksuffix="%",
        gridcolor="rgba(0,0,0,0.1)",
        title=templates.text("o43.labels.chart_progress"),
        automargin=True,  # the ticks and the axis title below the bars, inside the image
    )
    height = max(300, 120 + 80 * len(names))
    # Type sizes as the projector charts of ita.views.charts: placed 16 cm wide they print at about 10 pt.
    fig.update_layout(
        font={"family": FONT_FAMILY, "size": 22, "color": "#111"},
        paper_bgcolor="white",
        plot_bgcolor="white",
        width=PRINT_SIZE[0],
        height=height,
        bargap=0.35,
        showlegend=False,
        # A label written after a long bar ("100% ดำเนินการแล้วเสร็จ") runs into the right margin: the margin is as
        # wide as the longest such label (Plotly does not widen it for text outside the bars).
        margin={"l": 10, "r": _label_room(labels, values), "t": 20, "b": 10},
    )
    return fig


LABEL_CHAR_PX = 13  # at most the width of a character of the 22 px chart type (Thai marks above and below: none)


def _label_room(labels: list[str], values: list[float], plot_px: float = 700) -> int:
    """The right margin, in pixels, that a bar's outside label needs past the plot's end: its text's width less
    the room left of the plot's end after its bar."""
    room = 20
    for label, value in zip(labels, values, strict=True):
        text_px = sum(1 for ch in label if not _is_mark(ch)) * LABEL_CHAR_PX + 16
        room = max(room, int(text_px - plot_px * (102 - value) / 102))
    return room


def _is_mark(ch: str) -> bool:
    """A Thai vowel or tone mark written above or below a letter: it takes no width of its own."""
    return ch in "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"
