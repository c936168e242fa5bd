"""Agency: one agency in one year — the ten indicators on the bands, the tools, where points are lost,
the trend, peers, strengths and weaknesses, the next band and a what-if planner."""

import streamlit as st

from ita.analysis import narrative
from ita.analysis.agency import PEER_BASES
from ita.app import (
    agency_view,
    current_table,
    data_version,
    ensure_router,
    follow_url,
    keep,
    lang,
    lkey,
    md,
    param,
    remembered,
    scorecard,
    select_agency_year,
    set_param,
    show_chart,
    stop,
    stop_without_data,
    tr,
    url_tabs,
    whatif_planner,
)
from ita.common.text import t
from ita.rules.agency_types import agency_types
from ita.rules.frameworks import default_frameworks
from ita.rules.provinces import provinces
from ita.views import charts

ensure_router()
table = current_table()
agency_key, year = select_agency_year(table)
if agency_key is None:
    stop_without_data()

wanted_basis = param("peers") or "agency_type"
follow_url("peers", lkey("peer_basis"), wanted_basis if wanted_basis in PEER_BASES else None)  # Back, Forward
peer_basis = st.sidebar.radio(
    tr("peer_basis"),
    PEER_BASES,
    key=lkey("peer_basis"),
    format_func=lambda b: tr(f"peer_{b}"),
    index=PEER_BASES.index(wanted_basis) if wanted_basis in PEER_BASES else 0,
)
set_param("peers", peer_basis)
frameworks = default_frameworks()
view = agency_view(agency_key, year, peer_basis)  # computed once per server, shared by every session
shared = (data_version(), agency_key, year, peer_basis, lang())  # what this page's charts depend on
if view is not None and view.peer_basis != peer_basis:  # the radio and the comparison must say the same thing
    st.sidebar.caption(tr("peer_fallback", basis=tr(f"peer_{peer_basis}")))
if view is None:
    st.warning(tr("agency_not_scored", year=year))
    stop()
L = lang()

st.title(md(view.name))
province = provinces().word(view.province, L)  # English on an English page; a district has no English name here
place = " · ".join(v for v in (agency_types().word(view.agency_type, L), view.district, province) if v.strip())
st.caption(
    tr(
        "agency_caption",
        year=year,
        place=f" · {place}" if place else "",  # only what the files say: no "-" placeholder
        framework=view.framework.id,
        confidence=tr(f"confidence_{view.framework.confidence}"),
    )
)

scorecard(view, L)

st.subheader(tr("agency_indicators"))
# On each projector PNG: what and whose, as plain text (a chart title is never Markdown).
whose = f"{view.name} · {t('year_prefix', L)} {year}"
show_chart(
    lambda p: charts.indicator_bands(view.scores, view.framework, L, presentation=p),
    f"indicators-{year}",
    key="chart_indicators",
    title=f"{t('agency_indicators', L)} · {whose}",
    shared=shared,
)

# The open tab is in the URL (?tab=trend: a link opens on it), and only its content is built: a visit draws one
# tab's charts.
tab_tools, tab_trend, tab_peers, tab_analysis, tab_whatif = url_tabs(["tools", "trend", "peers", "analysis", "whatif"])

if tab_tools.open:
    with tab_tools:
        st.markdown(tr("tools_intro"))
        show_chart(
            lambda p: charts.tool_scores(view.score.tools, view.framework, L, presentation=p),
            f"tools-{year}",
            key="chart_tools",
            title=f"{t('tab_tools', L)} · {whose}",
            shared=shared,
        )
        if view.framework.has_tool_floors:
            st.caption(tr("tools_floors_note"))
        st.markdown(f"**{tr('agency_points_lost')}**  \n{md(narrative.points_lost(view, L))}")
        show_chart(
            lambda p: charts.points_lost_chart(view.lost, L, presentation=p),
            f"points-lost-{year}",
            key="chart_lost",
            title=f"{t('agency_points_lost', L)} · {whose}",
            shared=shared,
        )

if tab_trend.open:
    with tab_trend:
        names = {
            ind.number: f"{ind.number}. {ind.name_th if L == 'th' else ind.name_en}"
            for ind in view.framework.indicators
        }
        default = [r.indicator.number for r in view.analysis.weaknesses][:2]
        chosen = keep(
            "trend",
            st.multiselect(
                tr("trend_indicators"),
                list(names),
                format_func=names.get,
                default=remembered("trend", default),
                key=lkey("trend"),
            ),
        )
        history = view.history
        by_year = {int(y): frameworks.for_year(int(y))[0] for y in history["year"]}
        if len(history) < 2:
            st.info(tr("trend_one_year"))
        show_chart(
            lambda p: charts.trend(history, by_year, L, indicators=chosen, names=names, presentation=p),
            f"trend-{agency_key}",
            key="chart_trend",
            title=f"{t('tab_trend', L)} · {view.name}",
            shared=(*shared, tuple(chosen)),
        )
        st.caption(tr("trend_bands_note"))

if tab_peers.open:
    with tab_peers:
        if view.peer_basis != peer_basis:  # said where the rank is read too, not only in the sidebar
            st.info(tr("peer_fallback", basis=tr(f"peer_{peer_basis}")), icon=":material/groups:")
        if view.peers is None:
            st.info(tr("peers_none"))
        else:
            p = view.peers
            c1, c2, c3 = st.columns(3)
            c1.metric(tr("peers_rank"), f"{p.rank} / {p.count}")
            c2.metric(tr("peers_percentile"), f"{p.percentile:.0f}")
            gap = f"{view.score.total - p.median:+.2f}"  # the agency's distance from the median, not a change of it
            c3.metric(tr("peers_median"), f"{p.median:.2f}", delta=gap, delta_description=tr("peers_median_gap"))
            st.markdown(md(narrative.peers(view, L)))
            show_chart(
                lambda pr: charts.peer_distribution(
                    p.totals, view.score.total, view.framework, L, own_label=view.name, presentation=pr
                ),
                f"peers-{year}",
                key="chart_peers",
                title=f"{t('tab_peers', L)} · {whose}",
                shared=shared,
            )

if tab_analysis.open:
    with tab_analysis:
        for paragraph in narrative.paragraphs(view, L):
            st.markdown(f"- {md(paragraph)}")
        st.code("\n".join(narrative.paragraphs(view, L)), language=None, wrap_lines=True)
        st.caption(tr("analysis_copy_hint"))

if tab_whatif.open:
    with tab_whatif:
        whatif_planner(view, L)
