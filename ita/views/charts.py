"""Every chart of the app, as functions that return Plotly figures (never draw).

One palette for the tools and the grade bands, one font (Sarabun, served by the app; Thai-capable system
fonts after it), and two scales: the screen, and the projector (``presentation=True``: larger type).
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
        legend={"orientation": "h", "yanchor": "top", "y": -0.2 if presentation else -0.22, "x": 0},
    )
    fig.update_xaxes(gridcolor=GRID, automargin=True)
    fig.update_yaxes(gridcolor=GRID, automargin=True)
    return fig


def _add(fig: go.Figure, shapes: Sequence[dict] = (), annotations: Sequence[dict] = ()) -> None:
    """Add many shapes and annotations in one layout update (one at a time costs milliseconds each)."""
    fig.update_layout(shapes=[*fig.layout.shapes, *shapes], annotations=[*fig.layout.annotations, *annotations])


def _band_shapes(
    fig: go.Figure, framework: Framework, lang: str, axis: str, presentation: bool, low_limit: float = 0.0
) -> None:
    """Shade the grade bands behind the data and name each at the chart's edge."""
    shapes, labels = [], []
    for band in bands(framework, lang):
        if band.high <= low_limit:
            continue
        low = max(band.low, low_limit)
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
    floor = low_limit if low_limit is not None else max(0.0, min(50.0, (min(scores) // 10) * 10 - 10))
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
                textposition="outside",
                cliponaxis=False,
                textfont={"size": 20 if presentation else 13},
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
) -> None:
    """Grade bands behind a chart over years: each year's own bands, in its own column (the rules change
    at 2566), labelled once at the right edge with the latest year's names."""
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
    labels = [
        dict(
            x=1.0,
            xref="paper",
            xanchor="left",
            y=(max(band.low, low_limit) + band.high) / 2,
            text=f"<b>{_text(band.label)}</b>",
            showarrow=False,
            font={"size": 16 if presentation else 12, "color": NEUTRAL},
        )
        for band in bands(frameworks_by_year[years[-1]], lang)
        if band.high > low_limit
    ]
    _add(fig, shapes, labels)


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


def _total_line(fig: go.Figure, history, years: list[int], lang: str, presentation: bool) -> None:
    """The total as a thick line, each point labelled with its score and grade."""
    totals = [float(v) for v in history["total"]]
    labels = [str(g) for g in history["grade"]] if "grade" in history else [""] * len(years)
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
                yshift=22 if presentation else 18,
                bgcolor="rgba(255,255,255,0.9)",
                font={"size": 18 if presentation else 12, "color": "#102a43"},
            )
            for x, v, g in zip(years, totals, labels, strict=False)
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
    _total_line(fig, history, years, lang, presentation)
    _band_hrects_by_year(fig, {y: frameworks_by_year[y] for y in years}, lang, presentation, floor)
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
    return _style(fig, presentation, height=680 if presentation else 430, right=170 if presentation else 130)


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
            textposition="outside",
            cliponaxis=False,
            textfont={"size": 20 if presentation else 13},
            hovertemplate="%{y}: %{x:.2f}<extra></extra>",
        )
    )
    floors = sorted({g.min_each_tool for g in framework.grades if g.min_each_tool is not None})
    for floor in floors:
        names = " / ".join(g.label(lang) for g in framework.grades if g.min_each_tool == floor)
        fig.add_vline(
            x=floor,
            line_dash="dot",
            line_color=NEUTRAL,
            line_width=2,
            annotation_text=t("chart_floor", lang, grade=_text(names), floor=f"{floor:g}"),
            annotation_position="top",
            annotation_font={"size": 14 if presentation else 11},
            annotation_bgcolor="rgba(255,255,255,0.85)",
        )
    low = max(0.0, min(50.0, (min(tools.values()) // 10) * 10 - 10))
    fig.update_xaxes(range=[low, 104], title=t("chart_tool_mean", lang))
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
    """The planned indicator scores on the bands, with today's scores as markers: what changes, where."""
    fig = indicator_bands(
        planned,
        framework,
        lang,
        presentation=presentation,
        low_limit=max(0.0, min(50.0, (min(list(current) + list(planned)) // 10) * 10 - 10)),
    )
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


def to_png(fig: go.Figure, width: int = 1920, height: int = 1080) -> bytes:
    """A projector-size PNG through Plotly's exporter (kaleido with Debian's Chromium)."""
    return fig.to_image(format="png", width=width, height=height, scale=1)


def grade_distribution(counts, lang: str = "th", *, presentation: bool = False, share: bool = True) -> go.Figure:
    """Stacked bars per year: the share (or count) of agencies in each grade, best grade on top; each
    year uses its own grades (letters to 2565, labels from 2566)."""
    fig = go.Figure()
    label = "label_th" if lang == "th" else "label_en"
    order = counts.drop_duplicates([label])[[label, "color"]]
    for name, colour in reversed(list(zip(order[label], order["color"], strict=False))):
        rows = counts.loc[counts[label] == name]
        values = rows["share"] if share else rows["count"]
        fig.add_trace(
            go.Bar(
                x=rows["year"],
                y=values,
                name=_text(name),
                marker_color=colour,
                text=[
                    f"{v:.0f}%" if share and v >= 4 else (f"{int(c)}" if not share and c else "")
                    for v, c in zip(rows["share"], rows["count"], strict=False)
                ],
                textposition="inside",
                insidetextanchor="middle",
                textfont={"size": 16 if presentation else 11},
                customdata=rows["count"],
                hovertemplate="%{x} " + _text(name) + ": %{customdata} (%{y:.1f}%)<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack", legend={"traceorder": "reversed"})
    fig.update_xaxes(tickvals=sorted(counts["year"].unique()), title=t("chart_fiscal_year", lang))
    fig.update_yaxes(
        title=t("chart_share_agencies" if share else "chart_count_agencies", lang), range=[0, 100] if share else None
    )
    return _style(fig, presentation, height=620 if presentation else 420)


def totals_histogram(
    totals: Sequence[float],
    framework: Framework,
    lang: str = "th",
    *,
    presentation: bool = False,
    title: str | None = None,
) -> go.Figure:
    """How the year's totals are spread, on that year's grade bands (bins of one point)."""
    import numpy as np

    values = np.asarray(totals, dtype=float)
    floor = max(0.0, min(60.0, (values.min() // 10) * 10)) if len(values) else 0.0
    fig = go.Figure(
        go.Histogram(
            x=values,
            xbins={"start": floor, "end": 100.0001, "size": 1},
            marker_color="#334e68",
            name=t("chart_agencies", lang),
            hovertemplate="%{x}: %{y}<extra></extra>",
        )
    )
    _band_shapes(fig, framework, lang, "x", presentation, floor)
    _pass_line(fig, framework, lang, "x", presentation)
    fig.update_xaxes(range=[floor, 100.5], title=t("chart_total", lang))
    fig.update_yaxes(title=t("chart_count_agencies", lang))
    fig.update_layout(title=_title(title), bargap=0.05)
    return _style(fig, presentation, height=560 if presentation else 380)


def share_vs_target(share, target_share: float, lang: str = "th", *, presentation: bool = False) -> go.Figure:
    """Share of agencies at the pass mark or above, per year, against the national target (80 %)."""
    fig = go.Figure(
        go.Bar(
            x=share["year"],
            y=share["share"],
            marker_color=["#1a7f37" if v >= 100 * target_share else "#334e68" for v in share["share"]],
            text=[f"{v:.1f}%" for v in share["share"]],
            textposition="outside",
            cliponaxis=False,
            textfont={"size": 18 if presentation else 12},
            name=t("chart_share_passing", lang),
            customdata=list(zip(share["passed"], share["agencies"], strict=False)),
            hovertemplate="%{x}: %{y:.1f}% (%{customdata[0]} / %{customdata[1]})<extra></extra>",
        )
    )
    fig.add_hline(y=100 * target_share, line_color=PASS_LINE_COLOR, line_dash="dash", line_width=2)
    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="lines",
            hoverinfo="skip",
            name=t("chart_target", lang, share=f"{100 * target_share:g}"),
            line={"color": PASS_LINE_COLOR, "dash": "dash", "width": 2},
        )
    )
    fig.update_xaxes(tickvals=list(share["year"]), title=t("chart_fiscal_year", lang))
    fig.update_yaxes(range=[0, 108], title=t("chart_share_passing", lang))
    return _style(fig, presentation, height=560 if presentation else 360)


def indicator_spread(stats, framework: Framework, lang: str = "th", *, presentation: bool = False) -> go.Figure:
    """Each indicator's spread in one year as a box (quartiles, whiskers at the 5th and 95th percentiles)
    with the mean marked; coloured by tool. Drawn from summary numbers, so a national file costs nothing."""
    names = [
        _text(f"{int(n)}. {a if lang == 'th' else b}")
        for n, a, b in zip(stats["number"], stats["indicator"], stats["indicator_en"], strict=False)
    ]
    fig = go.Figure()
    for tool in framework.tools:
        rows = stats["tool"] == tool.code
        fig.add_trace(
            go.Box(
                y=[n for n, r in zip(names, rows, strict=False) if r],
                q1=stats.loc[rows, "q1"],
                median=stats.loc[rows, "median"],
                q3=stats.loc[rows, "q3"],
                lowerfence=stats.loc[rows, "p05"],
                upperfence=stats.loc[rows, "p95"],
                mean=stats.loc[rows, "mean"],
                orientation="h",
                name=f"{tool.code} ({tool.weight:g}%)",
                marker_color=TOOL_COLORS.get(tool.code, NEUTRAL),
                boxmean=True,
            )
        )
    _pass_line(fig, framework, lang, "x", presentation)
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(names)))
    fig.update_xaxes(title=t("chart_score", lang))
    return _style(fig, presentation, height=640 if presentation else 470)


def heatmap(
    matrix, framework: Framework, lang: str = "th", *, presentation: bool = False, title: str | None = None
) -> go.Figure:
    """Rows (agencies or groups) × the ten indicators, coloured red (low) to green (high), values written."""
    columns = [
        _text(f"{n}. {framework.indicator(n).name_th if lang == 'th' else framework.indicator(n).name_en}")
        for n in matrix.columns
    ]
    fig = go.Figure(
        go.Heatmap(
            z=matrix.to_numpy(),
            x=columns,
            y=[_text(i) for i in matrix.index],
            zmin=50,
            zmax=100,
            colorscale=[[0, "#c62828"], [0.5, "#fbc02d"], [0.7, "#c0ca33"], [1, "#1a7f37"]],
            text=[[f"{v:.0f}" if v == v else "" for v in row] for row in matrix.to_numpy()],
            texttemplate="%{text}",
            textfont={"size": 14 if presentation else 10},
            colorbar={"title": t("chart_score", lang)},
            hovertemplate="%{y}<br>%{x}: %{z:.2f}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(side="top", tickangle=-35)
    fig.update_layout(title=_title(title))
    return _style(fig, presentation, height=max(360, 26 * len(matrix) + 180))
