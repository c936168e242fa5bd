"""Presentation mode: one view per step for a meeting, large type, high contrast, no sidebar.

Opened from the sidebar toggle or with ?present=1 in any link; ←/→ keys or the buttons move between
steps, and the step is in the URL (?step=3) so a link reopens it."""

import streamlit as st

from ita.analysis import narrative, overview
from ita.analysis.agency import agency_year
from ita.app import current_table, ensure_router, lang, md, query_int, scorecard, tr
from ita.app.viewport import viewport_size
from ita.common.plaintext import html
from ita.io.identity import find_key
from ita.rules.frameworks import default_frameworks
from ita.views import charts
from ita.views.present import PRESENTATION_CSS, STEPS, Slide, clamp_step, origin_page

ensure_router()
if st.session_state.pop("present_leave", False):  # "ออก" or Esc: back to the page the deck was opened from
    back = {k: v for k, v in st.query_params.to_dict().items() if k not in ("present", "step", "from")}
    st.switch_page(origin_page(st.query_params.get("from")), query_params=back)
st.html(PRESENTATION_CSS)
slide = Slide(*viewport_size())  # charts and type sized to the window, so no slide scrolls
st.html(slide.css)
L = lang()
frameworks = default_frameworks()
table = current_table()
agency_key, year = st.query_params.get("agency"), query_int("year")
scored = table.loc[table["total"].notna()]
asked = agency_key
agency_key = find_key(scored, agency_key)
if asked and agency_key is None:  # a link to an agency that is not loaded: say so, never show another one
    st.warning(tr("link_unknown_agency", name=asked), icon=":material/link_off:")
    st.page_link("pages/agency.py", label=tr("link_pick_agency"), icon=":material/account_balance:")
    st.stop()
if agency_key is None and len(scored):
    agency_key = scored.sort_values("agency")["agency_key"].iloc[0]
years = sorted(int(y) for y in scored.loc[scored["agency_key"] == agency_key, "year"].unique())
year = year if year in years else (years[-1] if years else None)
view = (
    agency_year(table, agency_key, year, frameworks=frameworks, peer_basis=st.query_params.get("peers", "agency_type"))
    if year
    else None
)
if view is None:
    st.info(tr("empty_no_data"))
    st.stop()

step = clamp_step(st.query_params.get("step"))
kind = STEPS[step - 1]
CONFIG = {"displaylogo": False, "displayModeBar": False}


def go(to: int) -> None:
    st.query_params["step"] = str(clamp_step(to))


def leave() -> None:
    st.session_state["present_leave"] = True  # switched below: a page cannot be switched from a callback


st.title(f"{tr('present_' + kind)} · {md(view.name)} · {tr('year_prefix')} {view.year}")
if kind == "cover":
    st.markdown(f"### {md(narrative.summary(view, L))}")
    scorecard(view, L, large=True)
    change = narrative.change(view, L)
    if change:
        st.markdown(f"### {md(change)}")
elif kind == "indicators":
    st.plotly_chart(
        slide.fit(charts.indicator_bands(view.scores, view.framework, L, presentation=True), rows=10),
        theme=None,
        config=CONFIG,
        key="p_indicators",
    )
elif kind == "tools":
    st.plotly_chart(
        slide.fit(
            charts.tool_scores(view.score.tools, view.framework, L, presentation=True),
            slide.text_lines(tr("tools_floors_note")) if view.framework.has_tool_floors else 0,
        ),
        theme=None,
        config=CONFIG,
        key="p_tools",
    )
    if view.framework.has_tool_floors:
        st.markdown(tr("tools_floors_note"))
elif kind == "points_lost":
    said = narrative.points_lost(view, L)
    st.markdown(md(said))
    lost = slide.fit(charts.points_lost_chart(view.lost, L, presentation=True), slide.text_lines(said))
    st.plotly_chart(lost, theme=None, config=CONFIG, key="p_lost")
elif kind == "trend":
    by_year = {int(y): frameworks.for_year(int(y))[0] for y in view.history["year"]}
    trend = slide.fit(charts.trend(view.history, by_year, L, presentation=True))
    st.plotly_chart(trend, theme=None, config=CONFIG, key="p_trend")
elif kind == "peers":
    if view.peers is None:
        st.markdown(tr("peers_none"))
    else:
        said = narrative.peers(view, L)
        st.markdown(f"### {md(said)}")
        st.plotly_chart(
            slide.fit(
                charts.peer_distribution(
                    view.peers.totals, view.score.total, view.framework, L, own_label=view.name, presentation=True
                ),
                slide.text_lines(said) + 1,
            ),
            theme=None,
            config=CONFIG,
            key="p_peers",
        )
elif kind == "findings":
    for paragraph in (narrative.strengths(view, L), narrative.weaknesses(view, L)):
        st.markdown(f"- {md(paragraph)}")
elif kind == "next_band":
    # The route beside its chart: the ten bars get the slide's whole height, even at 1280×720.
    said_at, chart_at = st.columns([2, 3])
    said_at.markdown(md(narrative.next_band(view, L)))
    if view.next_band.result is not None:
        planned = list(view.next_band.result.indicators)
        chart_at.plotly_chart(
            slide.fit(charts.whatif(view.scores, planned, view.framework, L, presentation=True), rows=10),
            theme=None,
            config=CONFIG,
            key="p_next",
        )
elif kind == "group":
    basis = view.peer_basis if view.peer_basis != "all" else None
    group = scored if basis is None else scored.loc[scored[basis] == view.row[basis]]
    st.markdown(f"### {md(view.peer_label) if view.peer_label else tr('peer_all')}")
    st.plotly_chart(
        slide.fit(charts.grade_distribution(overview.grade_counts(group, frameworks), L, presentation=True), 2),
        theme=None,
        config=CONFIG,
        key="p_group",
    )

left, middle, right, end = st.columns([1, 3, 1, 1])
left.button(
    tr("present_previous"),
    on_click=go,
    args=(step - 1,),
    disabled=step == 1,
    shortcut="Left",
    key="present_prev",
    icon=":material/arrow_back:",
)
middle.markdown(
    f"<div class='present-footer'>{html(tr('present_step', step=step, count=len(STEPS)))} · "
    f"{html(view.framework.id)}</div>",
    unsafe_allow_html=True,
)
right.button(
    tr("present_next"),
    on_click=go,
    args=(step + 1,),
    disabled=step == len(STEPS),
    shortcut="Right",
    key="present_next",
    type="primary",
    icon=":material/arrow_forward:",
)
end.button(tr("present_exit"), on_click=leave, key="present_exit", shortcut="Esc", icon=":material/close:")
