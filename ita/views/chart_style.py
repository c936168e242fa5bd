"""The look every chart shares: one palette for the tools and the grade bands, one font (Sarabun, served by
the app; Thai-capable system fonts after it), two scales (the screen, and the projector: ``presentation=True``),
the grade bands and the pass line drawn behind the data, and the projector PNG.

``ita.views.charts`` re-exports these names.
"""

from __future__ import annotations

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
    fig.update_yaxes(gridcolor=GRID, automargin=True)
    return fig


NARROW_BAND = 12.0  # a band narrower than this (score points) may be too narrow for its name on one row


def _add(fig: go.Figure, shapes: Sequence[dict] = (), annotations: Sequence[dict] = ()) -> None:
    """Add many shapes and annotations in one layout update (one at a time costs milliseconds each)."""
    fig.update_layout(shapes=[*fig.layout.shapes, *shapes], annotations=[*fig.layout.annotations, *annotations])


def _band_shapes(
    fig: go.Figure, framework: Framework, lang: str, axis: str, presentation: bool, low_limit: float = 0.0
) -> None:
    """Shade the grade bands behind the data and name each at the chart's edge."""
    shapes, labels = [], []
    narrow = 0  # narrow bands side by side take turns one row up, so their names never run into each other
    for band in bands(framework, lang):
        if band.high <= low_limit:
            continue
        low = max(band.low, low_limit)
        shift = 0
        if band.high - low < NARROW_BAND:
            shift = (24 if presentation else 18) * (narrow % 2)
            narrow += 1
        rect = dict(type="rect", fillcolor=band.color, opacity=0.13, line_width=0, layer="below")
        label = dict(
            text=f"<b>{_text(band.label)}</b>",
            showarrow=False,
            font={"size": 16 if presentation else 12, "color": NEUTRAL},
        )
        if axis == "y":
            shapes.append({**rect, "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": low, "y1": band.high})
            labels.append(
                {**label, "x": 1.0, "xref": "paper", "xanchor": "left", "y": (low + band.high) / 2, "yref": "y"}
            )
        else:
            shapes.append({**rect, "yref": "paper", "y0": 0, "y1": 1, "xref": "x", "x0": low, "x1": band.high})
            labels.append(
                {**label, "y": 1.0, "yref": "paper", "yanchor": "bottom", "x": (low + band.high) / 2, "xref": "x"}
                | {"yshift": shift}
            )
    _add(fig, shapes, labels)


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
