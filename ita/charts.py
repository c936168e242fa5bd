"""Every chart of the app, as functions that return Plotly figures (never draw).

One palette for the tools and the grade bands, one font (Sarabun, served by the app; Thai-capable system
fonts after it), and two scales: the screen, and the projector (``presentation=True``: larger type).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import plotly.graph_objects as go

from ita.frameworks import Framework
from ita.text import t

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


def _style(fig: go.Figure, presentation: bool, height: int | None = None) -> go.Figure:
    size = 22 if presentation else 14
    fig.update_layout(
        font={"family": FONT_FAMILY, "size": size, "color": "#111" if presentation else "#222"},
        paper_bgcolor="white", plot_bgcolor="white",
        margin={"l": 10, "r": 10, "t": 90 if presentation else 70, "b": 10},
        height=height, hoverlabel={"font": {"family": FONT_FAMILY}},
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
    )
    fig.update_xaxes(gridcolor=GRID, automargin=True)
    fig.update_yaxes(gridcolor=GRID, automargin=True)
    return fig


def _band_shapes(fig: go.Figure, framework: Framework, lang: str, axis: str, presentation: bool,
                 low_limit: float = 0.0) -> None:
    """Shade the grade bands behind the data and name each at the chart's edge."""
    for band in bands(framework, lang):
        if band.high <= low_limit:
            continue
        low = max(band.low, low_limit)
        kwargs = dict(fillcolor=band.color, opacity=0.13, line_width=0, layer="below")
        label = dict(text=f"<b>{band.label}</b>", showarrow=False,
                     font={"size": 16 if presentation else 12, "color": NEUTRAL})
        if axis == "y":
            fig.add_hrect(y0=low, y1=band.high, **kwargs)
            fig.add_annotation(x=1.0, xref="paper", xanchor="left", y=(low + band.high) / 2, yref="y", **label)
        else:
            fig.add_vrect(x0=low, x1=band.high, **kwargs)
            fig.add_annotation(y=1.0, yref="paper", yanchor="bottom", x=(low + band.high) / 2, xref="x", **label)


def _pass_line(fig: go.Figure, framework: Framework, lang: str, axis: str, presentation: bool) -> None:
    text = t("chart_pass_line", lang, mark=f"{framework.pass_mark:g}")
    line = dict(line_color=PASS_LINE_COLOR, line_dash="dash", line_width=3 if presentation else 2)
    font = {"color": PASS_LINE_COLOR, "size": 15 if presentation else 12}
    if axis == "y":
        fig.add_hline(y=framework.pass_mark, annotation_text=text, annotation_position="top left",
                      annotation_font=font, **line)
    else:
        fig.add_vline(x=framework.pass_mark, annotation_text=text, annotation_position="bottom right",
                      annotation_font=font, annotation_bgcolor="rgba(255,255,255,0.85)", **line)


def indicator_bands(scores: Sequence[float], framework: Framework, lang: str = "th", *,
                    title: str | None = None, presentation: bool = False, low_limit: float | None = None) -> go.Figure:
    """The ten indicators as bars coloured by tool, on the year's grade bands, with the pass line and
    each value written on its bar. Horizontal, so the Thai indicator names read in full."""
    names = [f"{ind.number}. {ind.name_th if lang == 'th' else ind.name_en}" for ind in framework.indicators]
    floor = low_limit if low_limit is not None else max(0.0, min(50.0, (min(scores) // 10) * 10 - 10))
    fig = go.Figure()
    for tool in framework.tools:
        members = [k for k, ind in enumerate(framework.indicators) if ind.tool == tool.code]
        fig.add_trace(go.Bar(
            y=[names[k] for k in members], x=[scores[k] for k in members], orientation="h",
            name=f"{tool.code} ({tool.weight:g}%)", marker_color=TOOL_COLORS.get(tool.code, NEUTRAL),
            text=[f"{scores[k]:.2f}" for k in members], textposition="outside", cliponaxis=False,
            textfont={"size": 20 if presentation else 13},
            hovertemplate="%{y}: %{x:.2f}<extra>" + tool.code + "</extra>",
        ))
    _band_shapes(fig, framework, lang, "x", presentation, floor)
    _pass_line(fig, framework, lang, "x", presentation)
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(names)))
    fig.update_xaxes(range=[floor, 104], title=t("chart_score", lang), dtick=5 if floor >= 50 else 10)
    fig.update_layout(title=title, bargap=0.25, showlegend=True)
    return _style(fig, presentation, height=(720 if presentation else 470))
