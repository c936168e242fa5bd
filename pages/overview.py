"""Overview: many agencies — grades per year, totals against the bands, the national target, indicator
spreads, a ranking that links to each agency, and a heatmap for spotting patterns."""

import streamlit as st

from ita.analysis import overview
from ita.analysis.metrics import share_passing
from ita.app import (
    current_table,
    ensure_router,
    follow_url,
    keep,
    lang,
    link_notice,
    lkey,
    param,
    query_choices,
    query_int,
    remembered_index,
    set_param,
    show_chart,
    stop,
    stop_without_data,
    tr,
)
from ita.rules.agency_types import agency_types
from ita.rules.frameworks import default_frameworks
from ita.rules.provinces import provinces as province_names
from ita.views import charts

ensure_router()
L = lang()
frameworks = default_frameworks()
table = current_table()
scored = table.loc[table["total"].notna()]
if scored.empty:
    stop_without_data()

st.title(tr("page_overview"))
all_years = sorted(int(y) for y in scored["year"].unique())
type_options, province_options = overview.choices(scored, "agency_type"), overview.choices(scored, "province")
linked_types, unknown_types = query_choices("types", type_options, "ov_types")
linked_provinces, unknown_provinces = query_choices("provinces", province_options, "ov_provinces")
follow_url("types", "ov_types", linked_types)  # Back, Forward: the URL's filters, not the widgets' last
follow_url("provinces", "ov_provinces", linked_provinces)
with st.sidebar:
    types = st.multiselect(
        tr("ov_types"),
        type_options,
        key="ov_types",
        default=linked_types,
        format_func=lambda v: agency_types().word(v, L),
        placeholder=tr("ov_all"),
    )
    provinces = st.multiselect(
        tr("ov_provinces"),
        province_options,
        key="ov_provinces",
        default=linked_provinces,
        format_func=lambda v: province_names().word(v, L),
        placeholder=tr("ov_all"),
    )
    wanted = query_int("year")
    follow_url("year", lkey("ov_year"), wanted if wanted in all_years else None)
    year = st.selectbox(
        tr("ov_year"),
        all_years[::-1],
        key=lkey("ov_year"),
        format_func=lambda y: f"{tr('year_prefix')} {y}",
        index=all_years[::-1].index(wanted) if wanted in all_years else 0,
    )
# A link naming a year, type or province not loaded says so, and keeps saying it while the page shows what stands in.
asked_year = param("year") if wanted not in all_years else None
if missed := link_notice("ov_year", {"year": asked_year} if asked_year else None, year):
    st.warning(tr("link_unknown_year_all", **missed), icon=":material/link_off:")
for what, unknown, chosen in (("ov_types", unknown_types, types), ("ov_provinces", unknown_provinces, provinces)):
    if missed := link_notice(what, {"values": ", ".join(unknown)} if unknown else None, tuple(chosen)):
        st.warning(tr("link_unknown_filter", what=tr(what), **missed), icon=":material/link_off:")
set_param("year", str(year))
for name, values in (("types", types), ("provinces", provinces)):
    set_param(name, values)

rows = overview.filtered(scored, types=types, provinces=provinces)
if rows.empty:
    st.warning(tr("ov_no_rows"))
    stop()
framework, _ = frameworks.for_year(year)
this_year = rows.loc[rows["year"] == year]
share = share_passing(rows)

c1, c2, c3, c4 = st.columns(4)
c1.metric(tr("ov_metric_agencies", year=year), f"{len(this_year):,}")
c2.metric(tr("ov_metric_mean"), f"{this_year['total'].mean():.2f}" if len(this_year) else "-")
c3.metric(tr("ov_metric_median"), f"{this_year['total'].median():.2f}" if len(this_year) else "-")
c4.metric(
    tr("ov_metric_share"),
    f"{100 * this_year['passed'].astype(float).mean():.1f}%" if len(this_year) else "-",
    help=tr("chart_target", share=f"{100 * framework.target_share:g}"),
)

left, right = st.columns(2)
with left:
    st.subheader(tr("ov_grades"))
    counts = overview.grade_counts(rows, frameworks)
    show_chart(lambda p: charts.grade_distribution(counts, L, presentation=p), "grades-per-year", key="ov_chart_grades")
with right:
    st.subheader(tr("ov_share"))
    show_chart(
        lambda p: charts.share_vs_target(share, framework.target_share, L, presentation=p),
        "share-85",
        key="ov_chart_share",
    )

left, right = st.columns(2)
with left:
    st.subheader(tr("ov_totals", year=year))
    show_chart(
        lambda p: charts.totals_histogram(this_year["total"], framework, L, presentation=p),
        f"totals-{year}",
        key="ov_chart_totals",
    )
with right:
    st.subheader(tr("ov_indicators", year=year))
    stats = overview.indicator_stats(rows, frameworks, year)
    show_chart(
        lambda p: charts.indicator_spread(stats, framework, L, presentation=p),
        f"indicators-{year}",
        key="ov_chart_spread",
    )

st.subheader(tr("ov_ranking", year=year))
bases = ["all", "agency_type", "province"]
follow_url("rank", lkey("ov_rank_within"), wanted_rank if (wanted_rank := param("rank") or "all") in bases else None)
within = keep(
    "ov_rank_within",
    st.radio(
        tr("ov_rank_within"),
        bases,
        horizontal=True,
        key=lkey("ov_rank_within"),
        index=remembered_index("ov_rank_within", bases, param("rank")),  # a link's ?rank=, else the last choice
        format_func=lambda b: tr("ov_all") if b == "all" else tr(f"peer_{b}"),
    ),
)
set_param("rank", None if within == "all" else within)  # kept in the link (All, the default, needs no word)
ranked = overview.ranking_table(rows, year, by=None if within == "all" else within, lang=lang())
st.dataframe(
    # The link beside the name and the percentile beside the grade: in the view at 1280 wide without scrolling the
    # table sideways. The type's long name comes last: a local body's name says it already.
    ranked[["rank", "agency", "link", "total", "grade_word", "percentile", "province_word", "type_word"]],
    hide_index=True,
    width="stretch",
    height=420,
    key="ov_ranking",
    column_config={
        "rank": st.column_config.NumberColumn(tr("col_rank"), format="%d", width=55),
        "agency": tr("col_agency"),
        "type_word": tr("col_type"),
        "province_word": st.column_config.TextColumn(tr("col_province"), width=90),
        "total": st.column_config.NumberColumn(tr("col_total"), format="%.2f", width=80),
        "grade_word": st.column_config.TextColumn(tr("col_grade"), width=115),
        "percentile": st.column_config.ProgressColumn(
            tr("col_percentile"), format="%.0f", min_value=0, max_value=100, width=95
        ),
        "link": st.column_config.LinkColumn(tr("col_open"), display_text=tr("open_agency"), width=100),
    },
)

st.subheader(tr("ov_heatmap", year=year))
n = min(40, len(this_year))
modes = ["lowest", "highest", "types", "provinces"]
follow_url(
    "rows", lkey(f"ov_heatmap_{n}"), wanted_rows if (wanted_rows := param("rows") or "lowest") in modes else None
)
mode = keep(
    "ov_heatmap",
    st.radio(
        tr("ov_heatmap_rows"),
        modes,
        horizontal=True,
        key=lkey(f"ov_heatmap_{n}"),
        index=remembered_index("ov_heatmap", modes, param("rows")),
        format_func=lambda m: tr(f"ov_heatmap_{m}", n=n),
    ),
)
set_param("rows", None if mode == "lowest" else mode)
if mode in ("lowest", "highest"):
    matrix = overview.heatmap_matrix(rows, year, limit=n, lowest_first=mode == "lowest")
else:
    matrix = overview.group_heatmap(rows, year, by="agency_type" if mode == "types" else "province", lang=L)
if len(matrix):
    show_chart(
        lambda p: charts.heatmap(matrix, framework, L, presentation=p), f"heatmap-{year}", key="ov_chart_heatmap"
    )
