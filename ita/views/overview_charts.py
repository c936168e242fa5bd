"""The many-agency charts of the overview: grades and totals across agencies and years, the share passing
against the target, each indicator's spread, and the agencies × indicators heatmap. Functions return Plotly figures
(never draw); the common look comes from ``ita.views.chart_style``.

``ita.views.charts`` re-exports these names.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import plotly.graph_objects as go

from ita.common.plaintext import chart as _text
from ita.common.text import t
from ita.rules.agency_types import agency_types
from ita.rules.frameworks import Framework
from ita.views.chart_style import (
    NEUTRAL,
    PASS_LINE_COLOR,
    TOOL_COLORS,
    _band_shapes,
    _pass_line,
    _style,
    _title,
    bands,
)


def grade_distribution(counts, lang: str = "th", *, presentation: bool = False, share: bool = True) -> go.Figure:
    """Stacked bars per year: the share (or count) of agencies in each grade, best grade on top; each
    year uses its own grades (letters to 2565, labels from 2566).

    The two scales share colours tier by tier (AA and ผ่านดีเยี่ยม alike): when both are shown, each has a legend of
    its own titled by its years, the earlier above the chart and the latest under it, so two entries of one colour
    are never a puzzle."""
    fig = go.Figure()
    label = "label_th" if lang == "th" else "label_en"
    order = counts.drop_duplicates([label])[[label, "color"]]
    scales = _grade_scales(counts, label, lang)
    latest = list(scales.values())[-1] if scales else ""
    for name, colour in reversed(list(zip(order[label], order["color"], strict=False))):
        rows = counts.loc[counts[label] == name]
        values = rows["share"] if share else rows["count"]
        fig.add_trace(
            go.Bar(
                x=rows["year"],
                y=values,
                name=_text(name),
                legend="legend" if scales.get(name, latest) == latest else "legend2",
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
    # A segment too thin for its number at a readable size shows none (the hover has it), rather than a number
    # shrunk to a few pixels no one in the room can read.
    fig.update_layout(barmode="stack", uniformtext={"minsize": 14 if presentation else 10, "mode": "hide"})
    fig.update_xaxes(tickvals=sorted(counts["year"].unique()), title=t("chart_fiscal_year", lang))
    fig.update_yaxes(
        title=t("chart_share_agencies" if share else "chart_count_agencies", lang), range=[0, 100] if share else None
    )
    fig = _style(fig, presentation, height=620 if presentation else 420)
    if scales:
        side = "left" if presentation else "top"  # a slide is wide enough for a title beside its grades
        earlier = t("chart_grade_scale", lang, years=_years_span(counts, [n for n, s in scales.items() if s != latest]))
        fig.update_layout(
            legend={"traceorder": "reversed", "title": {"text": _text(latest), "side": side}},
            legend2={
                **fig.layout.legend.to_plotly_json(),
                "traceorder": "reversed",
                "title": {"text": _text(earlier), "side": side},
                "yanchor": "top",
                "y": 1,
            },
        )
    return fig


def _grade_scales(counts, label: str, lang: str) -> dict[str, str]:
    """Each grade name's scale, titled by its years ("ระดับของปี 2566–2568:"), when the years shown use more than
    one scale; empty when they share one. In the order of the years."""
    by_year = counts.groupby("year", sort=True)[label].agg(tuple)
    years_of: dict[tuple, list[int]] = {}
    for year, names in by_year.items():
        years_of.setdefault(names, []).append(int(year))
    if len(years_of) < 2:
        return {}
    scales: dict[str, str] = {}
    for names, years in years_of.items():
        title = t("chart_grade_scale", lang, years=_span(years))
        for name in names:
            scales.setdefault(name, title)
    return scales


def _years_span(counts, names: list[str]) -> str:
    label_years = counts.loc[counts["label_th"].isin(names) | counts["label_en"].isin(names), "year"]
    return _span(sorted({int(y) for y in label_years}))


def _span(years: list[int]) -> str:
    return f"{years[0]}" if len(years) == 1 else f"{years[0]}–{years[-1]}"


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
    # The first tick a little inside the axis, clear of the y-axis's "0".
    fig.update_xaxes(range=[floor - 2, 100.5], title=t("chart_total", lang))
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
            # Inside the bar's top (outside only for a short bar): the target line never runs through a value.
            textposition="auto",
            insidetextanchor="end",
            insidetextfont={"size": 18 if presentation else 12, "color": "white"},
            outsidetextfont={"size": 18 if presentation else 12, "color": "#222"},
            cliponaxis=False,
            textfont={"size": 18 if presentation else 12},
            name=t("chart_share_passing", lang),
            customdata=list(zip(share["passed"], share["agencies"], strict=False)),
            hovertemplate="%{x}: %{y:.1f}% (%{customdata[0]} / %{customdata[1]})<extra></extra>",
        )
    )
    fig.add_hline(y=100 * target_share, line_color=PASS_LINE_COLOR, line_dash="dash", line_width=2, layer="below")
    for year in share.loc[share["share"] == 0, "year"]:  # a bar of no height draws no text: 0 % is not missing data
        fig.add_annotation(
            x=year, y=0, text="0.0%", showarrow=False, yanchor="bottom", font={"size": 18 if presentation else 12}
        )
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
    # The axis says only what its numbers are (as the bands' chart beside it): the longer 'share at 85 or more' ran
    # past the plot's height on a half-width chart, its marks over the ticks; the title and legend say it.
    fig.update_yaxes(range=[0, 108], title=t("chart_share_agencies", lang))
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
    names = [
        _text(f"{n}. {framework.indicator(n).name_th if lang == 'th' else framework.indicator(n).name_en}")
        for n in matrix.columns
    ]
    # The columns are named by number (ten Thai names side by side would run into each other); a cell's hover
    # and the axis title say which indicator it is.
    fig = go.Figure(
        go.Heatmap(
            z=matrix.to_numpy(),
            x=[str(n) for n in matrix.columns],
            customdata=[names] * len(matrix),
            # Type names written short ('อบต.จันทร์เพ็ญ'): the cells get the room (at 1024 wide their figures overlapped).
            y=[_text(agency_types().abbreviated(str(i))) for i in matrix.index],
            zmin=50,
            zmax=100,
            colorscale=[[0, "#c62828"], [0.5, "#fbc02d"], [0.7, "#c0ca33"], [1, "#1a7f37"]],
            # Two decimals, as every ITA score is written: 84.65 rounded to a whole "85" read as passing the 85 mark.
            text=[[f"{v:.2f}" if v == v else "" for v in row] for row in matrix.to_numpy()],
            texttemplate="%{text}",
            textfont={"size": 14 if presentation else 9},
            # The bar's title level above it, read upright (on its side it could not be read); no tick at the very
            # top, where '100' stood half above the bar, on the title.
            colorbar={"title": {"text": t("chart_score", lang), "side": "top"}, "tickvals": [50, 60, 70, 80, 90]},
            hovertemplate="%{y}<br>%{customdata}: %{z:.2f}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    # On a slide no one can point at a cell: the title says which numbers are which tool instead.
    axis = t("chart_indicator_number_slide", lang, tools=_tool_ranges(framework)) if presentation else None
    fig.update_xaxes(side="top", type="category", title=axis or t("chart_indicator_number", lang))
    fig.update_layout(title=_title(title))
    return _style(fig, presentation, height=max(360, 26 * len(matrix) + 180))


def _tool_ranges(framework: Framework) -> str:
    """'1–5 IIT · 6–8 EIT · 9–10 OIT': each tool's indicator numbers."""
    parts = []
    for tool in framework.tools:
        numbers = [ind.number for ind in framework.indicators if ind.tool == tool.code]
        if numbers:
            span = f"{min(numbers)}–{max(numbers)}" if len(numbers) > 1 else f"{numbers[0]}"
            parts.append(f"{span} {tool.code}")
    return " · ".join(parts)


def _ink(colour: str) -> str:
    """Black or white, whichever reads better on ``colour`` (#rrggbb): dark type on the light yellow and
    green bands, white on the dark ones."""
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return "#111" if 0.299 * r + 0.587 * g + 0.114 * b > 0.6 else "white"


def short_name(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with '…' when longer, never between a Thai letter and its marks or its
    leading vowel."""
    if len(text) <= limit:
        return text
    cut = limit - 1
    while cut > 0 and (unicodedata.category(text[cut]) == "Mn" or "\u0e40" <= text[cut - 1] <= "\u0e44"):
        cut -= 1  # not between a letter and its marks, nor after a vowel written before its letter ('เทศบาลเ…')
    return text[:cut].rstrip() + "…"


def ranking_bars(
    ranked,
    framework: Framework,
    lang: str = "th",
    *,
    presentation: bool = False,
    title: str | None = None,
    name_chars: int | None = None,
) -> go.Figure:
    """Agencies ranked by total as horizontal bars, best at the top, each bar in its grade's colour (from 2566 the
    grade also asks each tool for a floor: a 96.48 rated ผ่านดี is not coloured ผ่านดีเยี่ยม) with its rank in the
    name and its total inside the bar; the axis from 0 (a bar's length is its score). ``name_chars``: names cut to
    that length (a slide's half: 'สำนักงานปลัดกระทรวงการพัฒนาสังคม…' squeezed its bars), whole in the hover."""
    by_code = {g.code: g.color for g in framework.grades}
    codes = ranked["grade_code"] if "grade_code" in ranked else [None] * len(ranked)
    colours = [
        by_code.get(code) or next((b.color for b in bands(framework, lang) if total >= b.low), NEUTRAL)
        for code, total in zip(codes, ranked["total"], strict=True)
    ]
    whole = [_text(f"{int(r)}. {a}") for r, a in zip(ranked["rank"], ranked["agency"], strict=False)]
    names = [short_name(n, name_chars) for n in whole] if name_chars else whole
    fig = go.Figure(
        go.Bar(
            x=ranked["total"],
            y=names,
            customdata=whole,
            orientation="h",
            marker_color=colours,
            text=[f"{v:.2f}" for v in ranked["total"]],
            textposition="inside",
            insidetextanchor="end",
            insidetextfont={"color": [_ink(c) for c in colours], "size": 18 if presentation else 12},
            name=t("chart_total", lang),
            showlegend=False,
            hovertemplate="%{customdata}: %{x:.2f}<extra></extra>",
        )
    )
    # What each colour means: the grades drawn, best first, in the legend (a 86.51 in a lighter green than an 86.50
    # beside it, with nothing to say why, read as a mistake).
    drawn = set(codes) if names else set()
    for grade in framework.grades:
        if grade.code in drawn:
            fig.add_trace(
                go.Bar(x=[None], y=[names[0]], marker_color=grade.color, name=grade.label(lang), hoverinfo="skip")
            )
    _pass_line(fig, framework, lang, "x", presentation)
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=names)
    # A tick every 10 (20 on a slide): with Plotly's own choice a narrow column of the slide showed only 0 and 50.
    # To 104, as the other score axes: at exactly 100 the last tick fell at the edge and was not drawn (it ended at 80).
    fig.update_xaxes(range=[0, 104], title=t("chart_total", lang), dtick=20 if presentation else 10)
    fig.update_layout(title=_title(title))
    return _style(fig, presentation, height=max(300, 34 * len(ranked) + 160))
