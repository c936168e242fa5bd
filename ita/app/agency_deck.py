"""The presentation's deck about one agency-year: cover, the ten indicators, the tools, points lost, trend,
peers, findings, the route to the next band and the group. Each step is a function; ``pages/present.py``
draws the chrome around it."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ita.analysis import narrative, overview
from ita.analysis.agency import AgencyYear
from ita.app.loaders import agency_view, current_table
from ita.app.pickers import opening_agency
from ita.app.state import lang, md, param, query_int, stop, stop_without_data, tr
from ita.app.widgets import scorecard
from ita.common.plaintext import Markdown
from ita.io.identity import find_key
from ita.rules.frameworks import FrameworkSet, default_frameworks
from ita.views import charts
from ita.views.present import Slide

CONFIG = {"displaylogo": False, "displayModeBar": False}
ROUTE_STEPS_SAID = 3  # the next-band slide names this many of its route's indicators; its chart draws them all


def _cover(view: AgencyYear, slide: Slide, frameworks: FrameworkSet) -> None:
    st.markdown(f"### {md(narrative.summary(view, lang()))}")
    scorecard(view, lang(), large=True)
    change = narrative.change(view, lang())
    if change:
        st.markdown(f"### {md(change)}")


def _indicators(view: AgencyYear, slide: Slide, frameworks: FrameworkSet) -> None:
    fig = charts.indicator_bands(view.scores, view.framework, lang(), presentation=True)
    st.plotly_chart(slide.fit(fig, rows=10), theme=None, config=CONFIG, key="p_indicators")


def _tools(view: AgencyYear, slide: Slide, frameworks: FrameworkSet) -> None:
    floors = view.framework.has_tool_floors
    fig = charts.tool_scores(view.score.tools, view.framework, lang(), presentation=True)
    st.plotly_chart(
        slide.fit(fig, slide.text_lines(tr("tools_floors_note")) if floors else 0),
        theme=None,
        config=CONFIG,
        key="p_tools",
    )
    if floors:
        st.markdown(tr("tools_floors_note"))


def _points_lost(view: AgencyYear, slide: Slide, frameworks: FrameworkSet) -> None:
    said = narrative.points_lost(view, lang())
    st.markdown(md(said))
    fig = slide.fit(charts.points_lost_chart(view.lost, lang(), presentation=True), slide.text_lines(said))
    st.plotly_chart(fig, theme=None, config=CONFIG, key="p_lost")


def _trend(view: AgencyYear, slide: Slide, frameworks: FrameworkSet) -> None:
    if view.history is None:
        return
    by_year = {int(y): fw for y in view.history["year"] if (fw := frameworks.for_year(int(y))[0]) is not None}
    fig = slide.fit(charts.trend(view.history, by_year, lang(), presentation=True))
    st.plotly_chart(fig, theme=None, config=CONFIG, key="p_trend")


def _peers(view: AgencyYear, slide: Slide, frameworks: FrameworkSet) -> None:
    if view.peers is None:
        st.markdown(tr("peers_none"))
        return
    said = narrative.peers(view, lang()) or ""
    st.markdown(f"### {md(said)}")
    fig = charts.peer_distribution(
        view.peers.totals, view.score.total, view.framework, lang(), own_label=view.name, presentation=True
    )
    st.plotly_chart(slide.fit(fig, slide.text_lines(said) + 1), theme=None, config=CONFIG, key="p_peers")


def _findings(view: AgencyYear, slide: Slide, frameworks: FrameworkSet) -> None:
    for paragraph in (narrative.strengths(view, lang()), narrative.weaknesses(view, lang())):
        st.markdown(f"- {md(paragraph)}")


NARROW_SLIDE_PX = 1200  # a slide narrower than this gives its chart beside text more of the width


def _next_band(view: AgencyYear, slide: Slide, frameworks: FrameworkSet) -> None:
    # The route beside its chart: the ten bars get the slide's whole height, even at 1280×720.
    # On a narrow screen (an XGA projector, 1024 wide) the chart takes two thirds: at three fifths the names of its
    # bars were cut at the left.
    text_part, chart_part = (1, 2) if slide.width < NARROW_SLIDE_PX else (2, 3)
    said_at, chart_at = st.columns([text_part, chart_part])
    # At most three of the route's indicators in words: the chart beside draws every one, and ten in words ran the
    # slide past the screen's foot (its result and the buttons under it out of view).
    said_at.markdown(md(narrative.next_band(view, lang(), most_steps=ROUTE_STEPS_SAID)))
    if view.next_band.result is not None:
        after = view.next_band.result  # what the route gives, in the room the text leaves
        said_at.markdown(
            f"### {md(tr('present_next_result', total=f'{after.total:.2f}', grade=after.grade.label(lang())))}"
        )
        planned = list(view.next_band.result.indicators)
        fig = charts.whatif(view.scores, planned, view.framework, lang(), presentation=True)
    else:  # already in the top band: what keeps it there, the lowest indicators to keep developing, on the bands
        said_at.markdown(md(narrative.weaknesses(view, lang())))
        fig = charts.indicator_bands(view.scores, view.framework, lang(), presentation=True)
    share = chart_part / (text_part + chart_part)
    chart_at.plotly_chart(slide.fit(fig, rows=10, share=share), theme=None, config=CONFIG, key="p_next")


def _group(view: AgencyYear, slide: Slide, frameworks: FrameworkSet) -> None:
    scored = current_table().loc[lambda t: t["total"].notna()]
    basis = view.peer_basis if view.peer_basis != "all" else None
    group = scored if basis is None or view.row is None else scored.loc[scored[basis] == view.row[basis]]
    st.markdown(f"### {md(view.peer_group(lang())) if view.peer_label else tr('peer_all')}")
    fig = charts.grade_distribution(overview.grade_counts(group, frameworks), lang(), presentation=True)
    st.plotly_chart(slide.fit(fig, 2), theme=None, config=CONFIG, key="p_group")


SLIDES: dict[str, Callable[[AgencyYear, Slide, FrameworkSet], None]] = {
    "cover": _cover,
    "indicators": _indicators,
    "tools": _tools,
    "points_lost": _points_lost,
    "trend": _trend,
    "peers": _peers,
    "findings": _findings,
    "next_band": _next_band,
    "group": _group,
}


def _view(frameworks: FrameworkSet) -> AgencyYear:
    """The agency-year the link names (when it names none: the agency every page opens on, in its latest year); a
    link to an agency that is not loaded says so and stops, never showing another one."""
    table = current_table()
    scored = table.loc[table["total"].notna()]
    asked = param("agency")
    agency_key = find_key(scored, asked)
    if asked and agency_key is None:
        st.warning(tr("link_unknown_agency_alone", name=asked), icon=":material/link_off:")
        st.page_link("pages/agency.py", label=tr("link_pick_agency"), icon=":material/account_balance:")
        stop()
    if agency_key is None and len(scored):  # the last upload's first agency, else the seed municipality
        agency_key = opening_agency(scored) or scored.sort_values("agency")["agency_key"].iloc[0]
    years = sorted(int(y) for y in scored.loc[scored["agency_key"] == agency_key, "year"].unique())
    year = query_int("year")
    year = year if year in years else (years[-1] if years else None)
    peers = param("peers") or "agency_type"
    view = agency_view(agency_key, year, peers) if year and agency_key else None
    if view is None:
        stop_without_data()
    return view


def agency_slide(kind: str, slide: Slide) -> str:
    """Draw step ``kind`` of the agency deck, under its title; returns the framework's name for the footer."""
    frameworks = default_frameworks()
    view = _view(frameworks)
    title = f"{tr('present_' + kind)} · {md(view.name)} · {tr('year_prefix')} {view.year}"
    st.title(md(Markdown(title)))  # already Markdown: catalogue text and escaped names
    SLIDES[kind](view, slide.titled(title), frameworks)
    return view.framework.id
