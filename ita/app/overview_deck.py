"""The presentation's deck about many agencies: the overview with its filters (agency types, provinces, year) in
four steps: the year's totals on the grade bands, the share passing against the national target, the ranking and
the heatmap. Each step is a function; ``pages/present.py`` draws the chrome around it."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from ita.analysis import overview
from ita.analysis.metrics import share_passing
from ita.app.loaders import current_table
from ita.app.state import lang, md, query_int, query_list, stop, stop_without_data, tr
from ita.common.plaintext import Markdown
from ita.rules.agency_types import agency_types
from ita.rules.frameworks import Framework, default_frameworks
from ita.rules.provinces import provinces as province_names
from ita.views import charts
from ita.views.present import Slide

CONFIG = {"displaylogo": False, "displayModeBar": False}


@dataclass(frozen=True)
class Scope:
    """The agencies the overview was filtered to, all their years, and the year the deck is about."""

    rows: pd.DataFrame
    year: int
    framework: Framework

    @property
    def this_year(self) -> pd.DataFrame:
        return self.rows.loc[self.rows["year"] == self.year]


def _distribution(scope: Scope, slide: Slide) -> None:
    totals = scope.this_year["total"]
    passed = int(scope.this_year["passed"].astype(bool).sum())
    said = tr(
        "present_ov_distribution_said",
        n=f"{len(totals):,}",
        mean=f"{totals.mean():.2f}",
        median=f"{totals.median():.2f}",
        mark=f"{scope.framework.pass_mark:g}",
        passed=f"{passed:,}",
        share=f"{100 * passed / len(totals):.1f}",
    )
    st.markdown(f"### {md(said)}")
    fig = charts.totals_histogram(totals, scope.framework, lang(), presentation=True)
    st.plotly_chart(slide.fit(fig, slide.text_lines(said) + 1), theme=None, config=CONFIG, key="p_ov_distribution")


def _target(scope: Scope, slide: Slide) -> None:
    share = share_passing(scope.rows)
    n = len(scope.this_year)
    passed = int(scope.this_year["passed"].astype(bool).sum())
    short = max(0, math.ceil(scope.framework.target_share * n - 1e-9) - passed)
    key = "present_ov_target_met" if short == 0 else "present_ov_target_short"
    said = tr(
        key,
        year=scope.year,
        share=f"{100 * passed / n:.1f}",
        target=f"{100 * scope.framework.target_share:g}",
        short=f"{short:,}",
        mark=f"{scope.framework.pass_mark:g}",
    )
    st.markdown(f"### {md(said)}")
    fig = charts.share_vs_target(share, scope.framework.target_share, lang(), presentation=True)
    st.plotly_chart(slide.fit(fig, slide.text_lines(said) + 1), theme=None, config=CONFIG, key="p_ov_target")


RANK_NAME_CHARS = 34  # a name's characters on the ranking slide's halves (whole in the hover)
LABEL_GAP_PX = 12


def _ranking(scope: Scope, slide: Slide) -> None:
    ranked = overview.ranking_table(scope.rows, scope.year)
    fit = slide.rows_fit(2)
    if len(ranked) <= fit:
        st.markdown(f"### {tr('present_ov_ranking_all', n=f'{len(ranked):,}')}")
        fig = charts.ranking_bars(ranked, scope.framework, lang(), presentation=True)
        st.plotly_chart(slide.fit(fig, 2, rows=len(ranked)), theme=None, config=CONFIG, key="p_ov_ranking")
        return
    k = min(fit, len(ranked) // 2)
    st.markdown(f"### {tr('present_ov_ranking_ends', k=k, n=f'{len(ranked):,}')}")
    figs = [
        slide.fit(
            charts.ranking_bars(part, scope.framework, lang(), presentation=True, name_chars=RANK_NAME_CHARS),
            2,
            rows=k,
            share=1 / 2,
        )
        for part in (ranked.head(k), ranked.tail(k))
    ]
    # The names' room the same in both halves, so a bar's length means the same score in each.
    room = max(charts.label_px(name, fig.layout.font.size) for fig in figs for name in fig.data[0].y) + LABEL_GAP_PX
    for column, fig, key in zip(st.columns(2), figs, ("p_ov_top", "p_ov_bottom"), strict=True):
        fig.update_layout(margin_l=room)
        fig.update_yaxes(automargin=False)
        column.plotly_chart(fig, theme=None, config=CONFIG, key=key)


def _heatmap(scope: Scope, slide: Slide) -> None:
    types = scope.this_year["agency_type"].fillna("").astype(str).str.strip()
    fit = slide.rows_fit(2)
    if types[types.ne("")].nunique() > 1:  # several types: each type's mean, the pattern a meeting acts on
        # The types with the most agencies first; when not all fit, and when some agencies have no type, the
        # title says what is left out.
        largest = types[types.ne("")].value_counts().index
        every = overview.group_heatmap(scope.rows, scope.year, by="agency_type")
        matrix = every.loc[[g for g in largest if g in every.index]].head(fit)
        matrix.index = [agency_types().word(g, lang()) for g in matrix.index]  # each type named in the deck's language
        untyped, some = int(types.eq("").sum()), len(matrix) < len(every)
        st.markdown(
            "### "
            + (
                tr("present_ov_heatmap_types_some", k=len(matrix), n=len(every))
                if some
                else tr("present_ov_heatmap_types")
            )
            + (tr("present_ov_untyped", n=f"{untyped:,}") if untyped else "")
        )
    else:
        matrix = overview.heatmap_matrix(scope.rows, scope.year, limit=fit, lowest_first=True)
        st.markdown(f"### {tr('present_ov_heatmap_lowest', n=len(matrix))}")
    fig = charts.heatmap(matrix, scope.framework, lang(), presentation=True)
    st.plotly_chart(slide.fit(fig, 2, rows=len(matrix)), theme=None, config=CONFIG, key="p_ov_heatmap")


SLIDES: dict[str, Callable[[Scope, Slide], None]] = {
    "ov_distribution": _distribution,
    "ov_target": _target,
    "ov_ranking": _ranking,
    "ov_heatmap": _heatmap,
}


def _scope() -> tuple[Scope, str]:
    """The overview's filters from the link, and the words naming them; an empty selection says so and stops."""
    table = current_table()
    scored = table.loc[table["total"].notna()]
    if scored.empty:  # nothing loaded: not "no agency matches these filters"
        stop_without_data()
    types, provinces = query_list("types"), query_list("provinces")
    rows = overview.filtered(scored, types=types, provinces=provinces)
    if rows.empty:
        st.warning(tr("ov_no_rows"), icon=":material/filter_alt_off:")
        st.page_link("pages/overview.py", label=tr("page_overview"), icon=":material/leaderboard:")
        stop()
    years = sorted(int(y) for y in rows["year"].unique())
    year = query_int("year")
    year = year if year in years else years[-1]
    framework = default_frameworks().for_year(year)[0]
    if framework is None:  # a framework set (ITA_FRAMEWORKS) without this year or any before it
        st.info(tr("empty_no_data"))
        stop()
    words = [agency_types().word(v, lang()) for v in types] + [province_names().word(v, lang()) for v in provinces]
    named = ", ".join(words) or tr("present_ov_all")
    return Scope(rows, year, framework), named


def overview_slide(kind: str, slide: Slide) -> str:
    """Draw step ``kind`` of the overview deck, under its title; returns the framework's name for the footer."""
    scope, named = _scope()
    title = f"{tr('present_' + kind)} · {md(named)} · {tr('year_prefix')} {scope.year}"
    st.title(md(Markdown(title)))  # already Markdown: catalogue text and escaped names
    SLIDES[kind](scope, slide.titled(title))
    return scope.framework.id
