"""The look every chart shares: one palette for the tools and the grade bands, one font (Sarabun, served by
the app; Thai-capable system fonts after it), two scales (the screen, and the projector: ``presentation=True``),
the grade bands and the pass line drawn behind the data, and the projector PNG.

``ita.views.charts`` re-exports these names.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from ita.common.plaintext import chart as _text
from ita.common.text import t
from ita.rules.frameworks import Framework

FONT_FAMILY = "Sarabun, 'TH Sarabun New', Tahoma, 'Noto Sans Thai', sans-serif"
TOOL_COLORS = {"IIT": "#1f5fa8", "EIT": "#e07b00", "OIT": "#2a9d8f"}
PASS_LINE_COLOR = "#b00020"
NEUTRAL = "#5f6b7a"
GRID = "rgba(0,0,0,0.08)"


@dataclass(frozen=True)
class Band:
    """A shaded range of totals: one grade, or several that share a minimum (2566+: ผ่าน and ผ่านดี)."""

    low: float
    high: float
    label: str
    color: str


def bands(framework: Framework, lang: str = "th") -> list[Band]:
    """The grade bands of a framework, best first, merging grades that share a minimum total."""
    merged: list[tuple[float, list[str], str]] = []
    for grade in framework.grades:
        if merged and merged[-1][0] == grade.min_total:
            merged[-1][1].append(grade.label(lang))
        else:
            merged.append((grade.min_total, [grade.label(lang)], grade.color))
    out: list[Band] = []
    high = 100.0
    for low, labels, color in merged:
        out.append(Band(low, high, " / ".join(reversed(labels)), color))
        high = low
    return out


def _title(title: str | None) -> str | None:
    """A chart title given by a caller: shown as written (``ita.common.plaintext.chart``), never as markup."""
    return None if title is None else _text(title)


def _style(fig: go.Figure, presentation: bool, height: int | None = None, right: int = 10) -> go.Figure:
    size = 22 if presentation else 14
    fig.update_layout(
        font={"family": FONT_FAMILY, "size": size, "color": "#111" if presentation else "#222"},
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin={"l": 10, "r": right, "t": 90 if presentation else 70, "b": 10},
        height=height,
        hoverlabel={"font": {"family": FONT_FAMILY}},
        # The legend at the foot of the whole figure, under the x-axis title (never on it); the margin grows to fit.
        legend={"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0, "x": 0},
    )
    fig.update_xaxes(gridcolor=GRID, automargin=True)
    fig.update_yaxes(gridcolor=GRID, automargin=True, title_standoff=round(size * Y_TITLE_STANDOFF_EM))
    return fig


# A y-axis title is turned a quarter so that its letters' tops face the tick labels: a Thai title's marks above its
# letters ('ขึ้น') need this much room (in ems of the chart's type) or they touch the ticks ('80').
Y_TITLE_STANDOFF_EM = 1.4


# The names of bands side by side (on the x axis) go on rows above the chart, each on the lowest row where it clears
# the names before it. A name's width is estimated from its characters, the plot's from these (the chart does not
# know the width it is drawn at; these are the narrowest it is given: a column of a page at 1280, a slide's half).
PLOT_PX = 330  # the plot's width on a page
PLOT_PX_PRESENTATION = 400  # ... and on a slide (its type grows with the slide, and so does its plot)
CHAR_EM = 0.58  # a character's average width in Sarabun, bold, in ems (a Thai mark above or below a letter: none)
RIGHT_LABEL_GAP_PX = 24  # room beside a band's name at the chart's right edge
LABEL_GAP_PX = 8  # between two names on one row


def _add(fig: go.Figure, shapes: Sequence[dict] = (), annotations: Sequence[dict] = ()) -> None:
    """Add many shapes and annotations in one layout update (one at a time costs milliseconds each)."""
    fig.update_layout(shapes=[*fig.layout.shapes, *shapes], annotations=[*fig.layout.annotations, *annotations])


def _band_shapes(
    fig: go.Figure, framework: Framework, lang: str, axis: str, presentation: bool, low_limit: float = 0.0
) -> None:
    """Shade the grade bands behind the data and name each at the chart's edge (on the x axis, on as many rows as
    their names need not to run into each other: ``_label_rows``)."""
    shapes, labels = [], []
    size = 16 if presentation else 12
    shown = [b for b in bands(framework, lang) if b.high > low_limit]
    plot_px = PLOT_PX_PRESENTATION if presentation else PLOT_PX
    places = _label_rows(shown, low_limit, size, plot_px) if axis == "x" else [(0, 0.0, "")] * len(shown)
    for band, (row, x, anchor) in zip(shown, places, strict=True):
        low = max(band.low, low_limit)
        shift = round(size * 1.5) * row  # a row of Thai: its marks above and below clear the next row
        rect = dict(type="rect", fillcolor=band.color, opacity=0.13, line_width=0, layer="below")
        label = dict(
            text=f"<b>{_text(band.label)}</b>",
            showarrow=False,
            font={"size": size, "color": NEUTRAL},
        )
        if axis == "y":
            shapes.append({**rect, "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": low, "y1": band.high})
            labels.append(
                {**label, "x": 1.0, "xref": "paper", "xanchor": "left", "y": (low + band.high) / 2, "yref": "y"}
            )
        else:
            shapes.append({**rect, "yref": "paper", "y0": 0, "y1": 1, "xref": "x", "x0": low, "x1": band.high})
            labels.append(
                {**label, "y": 1.0, "yref": "paper", "yanchor": "bottom", "x": x, "xref": "x", "xanchor": anchor}
                | {"yshift": shift, "name": f"{BAND_NAME} {low_limit:g} {low:g} {band.high:g}"}
            )
    _add(fig, shapes, labels)


_TAGS = re.compile(r"<[^>]*>")


def label_px(text: str, size: float) -> int:
    """About how wide ``text`` (its tags left out: '<b>…</b>') is drawn at ``size`` px (a mark above or below a Thai
    letter takes no width)."""
    return round(sum(0 if unicodedata.category(ch) == "Mn" else CHAR_EM * size for ch in _TAGS.sub("", text)))


def _label_rows(shown: Sequence[Band], low_limit: float, size: int, plot_px: float) -> list[tuple[int, float, str]]:
    """Where each band's name goes on a plot ``plot_px`` wide: its row (0: just above the chart), x and anchor. Bands
    left to right by score, each name centred on its band, or against the chart's edge where centring would cross
    it ('Excellent pass' at 100), on the lowest row where it clears the names already there."""
    px_per_point = plot_px / (100.0 - low_limit)
    ends: list[float] = []  # the right end of the last name on each row, in score points
    places: list[tuple[int, float, str]] = [(0, 0.0, "center")] * len(shown)
    for k in sorted(range(len(shown)), key=lambda k: shown[k].low):
        band = shown[k]
        centre = (max(band.low, low_limit) + band.high) / 2
        width = (label_px(band.label, size) + LABEL_GAP_PX) / px_per_point
        left, x, anchor = centre - width / 2, centre, "center"
        if left + width > 100.0:
            left, x, anchor = 100.0 - width, 100.0, "right"
        elif left < low_limit:
            left, x, anchor = low_limit, low_limit, "left"
        row = next((r for r, end in enumerate(ends) if left >= end), len(ends))
        if row == len(ends):
            ends.append(low_limit)
        ends[row] = left + width
        places[k] = (row, x, anchor)
    return places


BAND_NAME = "band"  # an annotation's name: a band's name above the plot ('band <axis low> <low> <high>')


def place_band_names(fig: go.Figure, plot_px: float) -> None:
    """The bands' names above the plot set in rows again for a plot ``plot_px`` wide at their type size now (a slide
    beside its text at 1024 wide: 'Urgent improvement' was drawn on 'Pass / Good pass')."""
    notes = [n for n in fig.layout.annotations if (n.name or "").startswith(f"{BAND_NAME} ")]
    if not notes:
        return
    spans = [tuple(float(v) for v in (n.name or "").split()[1:]) for n in notes]
    shown = [Band(low, high, _TAGS.sub("", n.text or ""), "") for n, (_, low, high) in zip(notes, spans, strict=True)]
    size = max(int(n.font.size or 12) for n in notes)
    for note, (row, x, anchor) in zip(notes, _label_rows(shown, spans[0][0], size, plot_px), strict=True):
        note.x, note.xanchor, note.yshift = x, anchor, round(size * 1.5) * row


def _pass_line(fig: go.Figure, framework: Framework, lang: str, axis: str, presentation: bool) -> None:
    """The pass mark as a dashed red line, named in the legend (a label on the plot would cover bars)."""
    text = t("chart_pass_line", lang, mark=f"{framework.pass_mark:g}")
    # Under the bars and their value labels (a label ending near 85 stays readable), over the bands.
    line = dict(line_color=PASS_LINE_COLOR, line_dash="dash", line_width=3 if presentation else 2, layer="below")
    if axis == "y":
        fig.add_hline(y=framework.pass_mark, **line)
    else:
        fig.add_vline(x=framework.pass_mark, **line)
    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="lines",
            name=text,
            hoverinfo="skip",
            line={"color": PASS_LINE_COLOR, "dash": "dash", "width": 3 if presentation else 2},
        )
    )


def to_png(fig: go.Figure, width: int = 1920, height: int = 1080) -> bytes:
    """A projector-size PNG through Plotly's exporter (``ita.views.images``: Kaleido with Debian's Chromium);
    raises ``ChartUnavailable`` when there is no browser or it fails."""
    from ita.views.images import figure_png

    return figure_png(fig, width, height, scale=1)
