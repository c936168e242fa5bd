"""The charts of one agency, as functions that return Plotly figures (never draw): its indicators on the grade
bands, its trend, its tools, the points it lost, where it stands among its peers, and what a plan would change.

The shared look (palette, font, the two scales, bands, pass line, PNG export) is ``chart_style``; the many-agency
charts of the overview are ``overview_charts``. Both are re-exported here (``X as X``), so ``charts.heatmap`` and
``charts.FONT_FAMILY`` keep working for the pages, reports and tests.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from ita.common.plaintext import chart as _text
from ita.common.text import t
from ita.rules.frameworks import Framework
from ita.views.chart_style import FONT_FAMILY as FONT_FAMILY
from ita.views.chart_style import GRID as GRID
from ita.views.chart_style import NEUTRAL as NEUTRAL
from ita.views.chart_style import PASS_LINE_COLOR as PASS_LINE_COLOR
from ita.views.chart_style import RIGHT_LABEL_GAP_PX as RIGHT_LABEL_GAP_PX
from ita.views.chart_style import TOOL_COLORS as TOOL_COLORS
from ita.views.chart_style import Band as Band
from ita.views.chart_style import _add as _add
from ita.views.chart_style import _band_shapes as _band_shapes
from ita.views.chart_style import _pass_line as _pass_line
from ita.views.chart_style import _style as _style
from ita.views.chart_style import _title as _title
from ita.views.chart_style import bands as bands
from ita.views.chart_style import label_px as label_px
from ita.views.chart_style import to_png as to_png
from ita.views.overview_charts import grade_distribution as grade_distribution
from ita.views.overview_charts import heatmap as heatmap
from ita.views.overview_charts import indicator_spread as indicator_spread
from ita.views.overview_charts import ranking_bars as ranking_bars
from ita.views.overview_charts import share_vs_target as share_vs_target
from ita.views.overview_charts import short_name as short_name
from ita.views.overview_charts import totals_histogram as totals_histogram


def _value_labels(presentation: bool, anchor: str = "end") -> dict:
    """Each bar's value written inside it, in white (outside only when the bar is too short), at its ``anchor``:
    the end, under which the pass line runs; the start where floor lines are drawn across the bars' ends."""
    size = 20 if presentation else 13
    return {
        "textposition": "auto",
        "insidetextanchor": anchor,
        "textfont": {"size": size},
        "insidetextfont": {"size": size, "color": "white"},
        "outsidetextfont": {"size": size, "color": "#222"},
        "cliponaxis": False,
        "constraintext": "none",
    }


def indicator_bands(
    scores: Sequence[float],
    framework: Framework,
    lang: str = "th",
    *,
    title: str | None = None,
    presentation: bool = False,
    low_limit: float | None = None,
) -> go.Figure:
    """The ten indicators as bars coloured by tool, on the year's grade bands, with the pass line and
    each value written on its bar. Horizontal, so the Thai indicator names read in full."""
    names = [_text(f"{ind.number}. {ind.name_th if lang == 'th' else ind.name_en}") for ind in framework.indicators]
    floor = low_limit if low_limit is not None else 0.0  # bars start at 0: a bar's length is its score
    fig = go.Figure()
    for tool in framework.tools:
        members = [k for k, ind in enumerate(framework.indicators) if ind.tool == tool.code]
        fig.add_trace(
            go.Bar(
                y=[names[k] for k in members],
                x=[scores[k] for k in members],
                orientation="h",
                name=f"{tool.code} ({tool.weight:g}%)",
                marker_color=TOOL_COLORS.get(tool.code, NEUTRAL),
                text=[f"{scores[k]:.2f}" for k in members],
                **_value_labels(presentation),
                hovertemplate="%{y}: %{x:.2f}<extra>" + tool.code + "</extra>",
            )
        )
    _band_shapes(fig, framework, lang, "x", presentation, floor)
    _pass_line(fig, framework, lang, "x", presentation)
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(names)))
    fig.update_xaxes(range=[floor, 104], title=t("chart_score", lang), dtick=5 if floor >= 50 else 10)
    fig.update_layout(title=_title(title), bargap=0.25, showlegend=True)
    return _style(fig, presentation, height=(720 if presentation else 470))


def _band_hrects_by_year(
    fig: go.Figure, frameworks_by_year: dict[int, Framework], lang: str, presentation: bool, low_limit: float
) -> int:
    """Grade bands behind a chart over years: each year's own bands, in its own column (the rules change
    at 2566), labelled once at the right edge with the latest year's names. Returns the right margin (px) the
    longest label needs ("Urgent improvement" was cut at the edge)."""
    years = sorted(frameworks_by_year)
    shapes = [
        dict(
            type="rect",
            x0=year - 0.5,
            x1=year + 0.5,
            y0=max(band.low, low_limit),
            y1=band.high,
            fillcolor=band.color,
            opacity=0.13,
            line_width=0,
            layer="below",
        )
        for year in years
        for band in bands(frameworks_by_year[year], lang)
        if band.high > low_limit
    ]
    size = 16 if presentation else 12
    named = [band for band in bands(frameworks_by_year[years[-1]], lang) if band.high > low_limit]
    labels = [
        dict(
            x=1.0,
            xref="paper",
            xanchor="left",
            y=(max(band.low, low_limit) + band.high) / 2,
            text=f"<b>{_text(band.label)}</b>",
            showarrow=False,
            font={"size": size, "color": NEUTRAL},
        )
        for band in named
    ]
    _add(fig, shapes, labels)
    return max((label_px(f"<b>{band.label}</b>", size) for band in named), default=0) + RIGHT_LABEL_GAP_PX


def _trend_floor(history, indicators: Sequence[int]) -> float:
    """The bottom of the score axis: 5 under the lowest ten below every value shown, between 0 and 50."""
    totals = [float(v) for v in history["total"]]
    return max(0.0, min(50.0, (min(totals + [float(history[f"i{k}"].min()) for k in indicators]) // 10) * 10 - 5))


def _indicator_lines(
    fig: go.Figure, history, years: list[int], indicators: Sequence[int], names: dict[int, str] | None
) -> None:
    """The chosen indicators as thin dotted lines, named by ``names`` (else ``i<k>``)."""
    for k in indicators:
        fig.add_trace(
            go.Scatter(
                x=years,
                y=history[f"i{k}"],
                mode="lines+markers",
                name=_text((names or {}).get(k, f"i{k}")),
                line={"width": 2, "dash": "dot"},
                marker={"size": 7},
                hovertemplate="%{x}: %{y:.2f}<extra>%{fullData.name}</extra>",
            )
        )


def _total_line(
    fig: go.Figure, history, years: list[int], lang: str, presentation: bool, frameworks_by_year: dict[int, Framework]
) -> None:
    """The total as a thick line, each point labelled with its score and its grade in ``lang`` (the data keep each
    year's own word, Thai from 2566)."""
    totals = [float(v) for v in history["total"]]
    grades = [str(g) for g in history["grade"]] if "grade" in history else [""] * len(years)
    labels = [
        frameworks_by_year[y].grade_word(g, lang) if y in frameworks_by_year else g
        for y, g in zip(years, grades, strict=False)
    ]
    fig.add_trace(
        go.Scatter(
            x=years,
            y=totals,
            mode="lines+markers",
            name=t("chart_total", lang),
            line={"width": 5 if presentation else 4, "color": "#102a43"},
            marker={"size": 14 if presentation else 11},
            hovertemplate="%{x}: %{y:.2f}<extra></extra>",
        )
    )
    _add(
        fig,
        annotations=[
            dict(
                x=x,
                y=v,
                text=f"<b>{v:.2f}</b> {_text(g)}",
                showarrow=False,
                # Above and below the line in turn: neighbouring years' labels ("84.95 Needs improvement" beside
                # "84.27 B") never share a row, however long a grade's name is.
                yshift=(22 if presentation else 18) * (1 if k % 2 == 0 else -1),
                bgcolor="rgba(255,255,255,0.9)",
                font={"size": 18 if presentation else 12, "color": "#102a43"},
            )
            for k, (x, v, g) in enumerate(zip(years, totals, labels, strict=False))
        ],
    )


def trend(
    history,
    frameworks_by_year: dict[int, Framework],
    lang: str = "th",
    *,
    indicators: Sequence[int] = (),
    names: dict[int, str] | None = None,
    presentation: bool = False,
    title: str | None = None,
) -> go.Figure:
    """The total across years on each year's grade bands, with the grade written at each point; chosen
    indicators as thinner lines."""
    years = [int(y) for y in history["year"]]
    floor = _trend_floor(history, indicators)
    fig = go.Figure()
    _indicator_lines(fig, history, years, indicators, names)
    _total_line(fig, history, years, lang, presentation, frameworks_by_year)
    needed = _band_hrects_by_year(fig, {y: frameworks_by_year[y] for y in years}, lang, presentation, floor)
    fig.add_hline(
        y=max(fw.pass_mark for fw in frameworks_by_year.values()),
        line_color=PASS_LINE_COLOR,
        line_dash="dash",
        line_width=2,
    )
    fig.update_xaxes(
        tickvals=years,
        ticktext=[f"{y}" for y in years],
        range=[years[0] - 0.6, years[-1] + 0.6],
        title=t("chart_fiscal_year", lang),
    )
    fig.update_yaxes(range=[floor, 104], title=t("chart_score", lang))
    fig.update_layout(title=_title(title))
    right = max(170 if presentation else 130, int(needed))
    return _style(fig, presentation, height=680 if presentation else 430, right=right)


FLOOR_ROW_LINES = 2.1  # the rows of the tool floors' names, in lines of their type


def tool_scores(
    tools: dict[str, float], framework: Framework, lang: str = "th", *, presentation: bool = False
) -> go.Figure:
    """The three tool means with their weights; the tool floors of the year's grades as lines."""
    codes = [tool.code for tool in framework.tools]
    labels = [f"<b>{_text(tool.code)}</b> ({t('chart_weight', lang)} {tool.weight:g}%)" for tool in framework.tools]
    fig = go.Figure(
        go.Bar(
            y=labels,
            x=[tools[c] for c in codes],
            orientation="h",
            marker_color=[TOOL_COLORS.get(c, NEUTRAL) for c in codes],
            text=[f"{tools[c]:.2f}" for c in codes],
            **_value_labels(presentation, anchor="start"),
            hovertemplate="%{y}: %{x:.2f}<extra></extra>",
        )
    )
    floors = sorted({g.min_each_tool for g in framework.grades if g.min_each_tool is not None})
    size = 14 if presentation else 11
    for k, floor in enumerate(floors):
        names = " / ".join(g.label(lang) for g in framework.grades if g.min_each_tool == floor)
        fig.add_vline(x=floor, line_dash="dot", line_color=NEUTRAL, line_width=2)
        # Each floor's name ends at its line, one row above the last: two floors 10 points apart never collide.
        fig.add_annotation(
            x=floor,
            y=1.0,
            xref="x",
            yref="paper",
            xanchor="right",
            yanchor="bottom",
            # A row is a Thai line with its marks above and below, and a gap: at 1.6 lines the boxes touched.
            yshift=round(size * FLOOR_ROW_LINES) * (len(floors) - 1 - k),
            showarrow=False,
            text=t("chart_floor", lang, grade=_text(names), floor=f"{floor:g}"),
            font={"size": size, "color": NEUTRAL},
            bgcolor="rgba(255,255,255,0.85)",
        )
    # From 0: OIT 22.96 must look a quarter of IIT 88.81, not a sixth.
    fig.update_xaxes(range=[0, 104], title=t("chart_tool_mean", lang), dtick=10)
    fig.update_yaxes(autorange="reversed")
    return _style(fig, presentation, height=420 if presentation else 260)


def points_lost_chart(lost, lang: str = "th", *, presentation: bool = False) -> go.Figure:
    """Points of the total lost per indicator (weight × shortfall), largest first, coloured by tool."""
    names = [
        _text(f"{int(n)}. {a if lang == 'th' else b}")
        for n, a, b in zip(lost["number"], lost["indicator"], lost["indicator_en"], strict=False)
    ]
    fig = go.Figure(
        go.Bar(
            y=names,
            x=lost["points_lost"],
            orientation="h",
            marker_color=[TOOL_COLORS.get(tool, NEUTRAL) for tool in lost["tool"]],
            text=[f"{v:.2f}" for v in lost["points_lost"]],
            textposition="outside",
            cliponaxis=False,
            textfont={"size": 18 if presentation else 12},
            customdata=list(zip(lost["weight"], lost["score"], strict=False)),
            hovertemplate="%{y}: %{x:.2f} ("
            + t("chart_weight", lang)
            + " %{customdata[0]}% × (100 − %{customdata[1]:.2f}))"
            "<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title=t("chart_points_lost", lang), rangemode="tozero")
    return _style(fig, presentation, height=620 if presentation else 400)


def peer_distribution(
    totals: Sequence[float],
    own: float,
    framework: Framework,
    lang: str = "th",
    *,
    own_label: str = "",
    presentation: bool = False,
    title: str | None = None,
) -> go.Figure:
    """Every peer's total as a dot on the grade bands (a strip, jittered), the agency marked and named."""
    import numpy as np

    values = np.asarray(totals, dtype=float)
    rng = np.random.default_rng(0)  # fixed jitter: the same picture on every rerun
    jitter = rng.uniform(-0.35, 0.35, len(values))
    floor = max(0.0, min(50.0, (values.min() // 10) * 10 - 5)) if len(values) else 0.0
    fig = go.Figure(
        go.Scatter(
            x=values,
            y=jitter,
            mode="markers",
            name=t("chart_peers", lang),
            marker={"size": 9 if len(values) < 500 else 5, "color": NEUTRAL, "opacity": 0.55},
            hovertemplate="%{x:.2f}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[own],
            y=[0],
            mode="markers+text",
            name=_text(own_label) if own_label else t("chart_this_agency", lang),
            marker={
                "size": 22 if presentation else 18,
                "color": PASS_LINE_COLOR,
                "symbol": "diamond",
                "line": {"color": "white", "width": 2},
            },
            text=[f"<b>{own:.2f}</b>"],
            textposition="top center",
            textfont={"size": 20 if presentation else 14},
            cliponaxis=False,
        )
    )
    _band_shapes(fig, framework, lang, "x", presentation, floor)
    _pass_line(fig, framework, lang, "x", presentation)
    fig.update_yaxes(visible=False, range=[-0.6, 0.8])
    fig.update_xaxes(range=[floor, 101], title=t("chart_total", lang))
    fig.update_layout(title=_title(title))
    return _style(fig, presentation, height=420 if presentation else 280)


def whatif(
    current: Sequence[float],
    planned: Sequence[float],
    framework: Framework,
    lang: str = "th",
    *,
    presentation: bool = False,
) -> go.Figure:
    """The planned indicator scores on the bands, with today's scores as markers: what changes, where. The values
    are written at the bars' start: at their end, today's tick (a little short of the planned end) crossed them."""
    fig = indicator_bands(
        planned,
        framework,
        lang,
        presentation=presentation,
        low_limit=0.0,  # bars from 0
    )
    fig.update_traces(selector={"type": "bar"}, insidetextanchor="start")
    names = [_text(f"{ind.number}. {ind.name_th if lang == 'th' else ind.name_en}") for ind in framework.indicators]
    fig.add_trace(
        go.Scatter(
            x=list(current),
            y=names,
            mode="markers",
            name=t("chart_now", lang),
            marker={"symbol": "line-ns", "size": 26, "line": {"width": 4, "color": "#111"}},
            hovertemplate="%{y}: %{x:.2f}<extra></extra>",
        )
    )
    return fig
