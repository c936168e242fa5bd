"""Charts of the follow-up overview, as functions that return Plotly figures (never draw).

The common look (font, margins, legend) comes from ``ita.views.chart_style``; the status colours are fixed so a
meeting learns them once: grey not started, amber in progress, green done, red cannot, pale not reported.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ita.common.plaintext import chart as _text
from ita.common.text import t
from ita.measures.model import STATUSES
from ita.measures.rounds import NOT_REPORTED
from ita.views.chart_style import _style

STATUS_COLORS = {
    "not_started": "#9aa5b1",
    "in_progress": "#e0a100",
    "done": "#2e8540",
    "cannot": "#b00020",
    NOT_REPORTED: "#d9e2ec",
}


def status_by_round(counts: pd.DataFrame, lang: str = "th", *, presentation: bool = False) -> go.Figure:
    """Stacked horizontal bars, one per round, split by status, each count written in its segment.
    ``counts``: ``ita.measures.overview.status_counts``."""
    fig = go.Figure()
    rounds = list(dict.fromkeys(counts["round_label"]))
    carried = counts["carried"] if "carried" in counts else pd.Series(0, index=counts.index)
    for status in (*STATUSES, NOT_REPORTED):
        part = counts.loc[counts["status"] == status]
        if status == NOT_REPORTED and not part["count"].any():
            continue  # every measure reported: no empty legend entry
        for brought in (False, True):  # the round's own reports, then an earlier round's carried forward (pale)
            values = carried[part.index] if brought else part["count"] - carried[part.index]
            if brought and not values.any():
                continue
            fig.add_trace(_status_bar(part, values, status, lang, presentation, brought))
    if carried.any():  # one legend entry says what the pale bars mean
        fig.add_trace(
            go.Bar(
                y=[None],
                x=[None],
                orientation="h",
                name=t("fu_chart_carried", lang),
                marker={"color": _pale("#52606d"), "line": {"color": "#52606d", "width": CARRIED_LINE}},
                hoverinfo="skip",
            )
        )
    fig.update_layout(barmode="stack", title=t("fu_chart_status_title", lang), bargap=0.35)
    fig.update_yaxes(categoryorder="array", categoryarray=[_text(r) for r in reversed(rounds)])
    fig.update_xaxes(dtick=1, rangemode="tozero")  # the unit (measures) is in the title; no axis title under the legend
    legend_rows = 1 if carried.any() else 0  # the pale bars' entry takes a row of its own
    fig = _style(fig, presentation, height=(360 if presentation else 280) + legend_rows * (40 if presentation else 30))
    fig.update_layout(legend={"traceorder": "normal"})
    return fig


# An earlier round's report carried forward: the status's colour, pale, outlined in the colour itself, its count dark,
# so a round nobody reported on yet never looks reported. (A hatch pattern drew nothing in the browser: Plotly fills
# it with url(#…), which the app's page does not resolve; the bars and their counts vanished.)
CARRIED_LINE = 2
CARRIED_PALE = 0.6  # how far towards white


def _pale(color: str) -> str:
    r, g, b = (int(color[k : k + 2], 16) for k in (1, 3, 5))
    return "#" + "".join(f"{round(v + (255 - v) * CARRIED_PALE):02x}" for v in (r, g, b))


def _status_bar(
    part: pd.DataFrame, values: pd.Series, status: str, lang: str, presentation: bool, carried: bool
) -> go.Bar:
    name = t(f"status_{status}", lang)
    return go.Bar(
        y=[_text(r) for r in part["round_label"]],
        x=values,
        orientation="h",
        name=name,
        legendgroup=status,
        showlegend=not carried,
        marker={"color": _pale(STATUS_COLORS[status]), "line": {"color": STATUS_COLORS[status], "width": CARRIED_LINE}}
        if carried
        else {"color": STATUS_COLORS[status]},
        text=[str(c) if c else "" for c in values],
        textposition="inside",
        insidetextanchor="middle",
        textangle=0,  # a count in a narrow segment shrinks, never turns on its side (it read as "↦")
        textfont={
            "size": 22 if presentation else 15,
            "color": "#102a43" if carried or status == NOT_REPORTED else "white",
        },
        hovertemplate="%{y}: %{x}<extra>"
        + name
        + (f" ({t('fu_chart_carried', lang)})" if carried else "")
        + "</extra>",
    )


def progress_by_unit(
    frame: pd.DataFrame, round_label: str, lang: str = "th", *, presentation: bool = False
) -> go.Figure:
    """Mean progress (0–100 %) per responsible unit, one horizontal bar each with its value and number of
    measures (the mean of those reported by the round; a unit with none says so). ``frame``:
    ``ita.measures.overview.progress_by_unit``."""
    labels = [f"{_text(unit)} ({n})" for unit, n in zip(frame["responsible"], frame["measures"], strict=False)]
    progress = frame["mean_progress"].fillna(0)  # a unit none of whose measures was reported: no bar, said so
    colors = [
        STATUS_COLORS["done"] if p >= 100 else STATUS_COLORS["in_progress"] if p > 0 else STATUS_COLORS["not_started"]
        for p in progress
    ]
    fig = go.Figure(
        go.Bar(
            y=labels,
            x=progress,
            orientation="h",
            marker_color=colors,
            text=[t("status_not_reported", lang) if pd.isna(p) else f"{p:g}%" for p in frame["mean_progress"]],
            textposition="outside",
            cliponaxis=False,
            textfont={"size": 20 if presentation else 14},
            hovertemplate="%{y}: %{x:.1f}%<extra></extra>",
        )
    )
    fig.update_layout(title=t("fu_chart_unit_title", lang, round=_text(round_label)), showlegend=False, bargap=0.3)
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(labels)))
    fig.update_xaxes(range=[0, 112], title=t("fu_chart_progress", lang), dtick=20)
    height = max(220, 90 + 48 * len(labels)) * (1.4 if presentation else 1)
    return _style(fig, presentation, height=int(height))
