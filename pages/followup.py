"""Follow-up (การติดตามผล): progress of each measure per round (6 and 12 months), editable, and an overview a
meeting can read: status counts per round, progress by responsible unit, overdue measures.

As on the measures page, the editor shows a snapshot and its own record of edits is applied on save.
"""

import streamlit as st

from ita.app import (
    acting_user,
    ask_editor_name,
    choice_from_url,
    choice_to_url,
    current_table,
    db_guarded,
    ensure_router,
    grid_session,
    lang,
    measure_keys,
    measure_scope,
    measure_store,
    save_bar,
    show_chart,
    show_feedback,
    stop,
    tr,
)
from ita.common.text import t
from ita.common.thai import be_date, fiscal_year_bounds, local_today
from ita.measures import charts as measure_charts
from ita.measures import overview as measure_overview
from ita.measures.grid import follow_up_frame, save_follow_ups
from ita.measures.model import FOLLOW_UP_FIELDS, ROUNDS, STATUSES, last_report_date

ensure_router()
store = measure_store()
table = current_table()
agency_key, agency, year = measure_scope(table, "page_followup")
st.caption(tr("fu_caption", agency=agency, year=year))
who = ask_editor_name(measure_keys(agency_key))

items = store.measures_with_follow_ups(measure_keys(agency_key), year)
if not items:
    st.info(tr("fu_no_measures", year=year))
    st.page_link("pages/measures.py", label=tr("fu_go_measures"), icon=":material/edit_note:")
    stop()

choice_from_url("round", ROUNDS)  # in the URL as a number (?round=12): a link opens on its round
round_months = (
    st.segmented_control(
        tr("mf_round"),
        list(ROUNDS),
        default=ROUNDS[0],
        key="round",
        on_change=choice_to_url,
        args=("round",),
        format_func=lambda r: tr(f"round_{r}"),
    )
    or ROUNDS[0]
)
scope = f"{agency_key}|{year}|{round_months}"
FEEDBACK = f"fu_feedback|{scope}"
CARRIED_PX, STATUS_PX, PROGRESS_PX = 230, 175, 115  # the earlier report, status, progress: the editable ones in view
grid = grid_session("fu", scope, lambda: follow_up_frame(items, round_months, lang()))


@db_guarded  # a database that refuses the save: its message on the page, the edits kept for another try
def save() -> None:
    report = save_follow_ups(store, grid.frame, grid.edits, round_months=round_months, year=year, who=acting_user())
    st.session_state[FEEDBACK] = report.messages(lang())
    if not report.invalid:
        grid.reload()


# --------------------------------------------------------------------------- the editable round
st.subheader(tr("fu_report_round", round=tr(f"round_{round_months}")))
show_feedback(FEEDBACK)
first, last = fiscal_year_bounds(year)
config = {
    # Pinned, so narrow: 'large' left room for three more columns at 1280 wide.
    "title": st.column_config.TextColumn(tr("mf_title"), disabled=True, width="medium", pinned=True),
    # Narrow enough (px) that status and progress stay in view at 1280 wide; the whole text is in the cell's tooltip.
    "carried": st.column_config.TextColumn(
        tr("fu_carried"), disabled=True, width=CARRIED_PX, help=tr("fu_carried_help")
    ),
    "status": st.column_config.SelectboxColumn(
        tr("mf_status"),
        options=list(STATUSES),
        required=True,
        format_func=lambda code: t(f"status_{code}", lang()),
        help=tr("fu_status_help"),
        width=STATUS_PX,
    ),
    # Text, read by the store (Thai digits, '50%'): a number cell drops what the browser cannot read, silently.
    "progress": st.column_config.TextColumn(tr("mf_progress"), help=tr("fu_progress_help"), width=PROGRESS_PX),
    "done": st.column_config.TextColumn(tr("mf_done"), width="large"),
    # Plain text, not a LinkColumn: evidence is typed by users, and a link cell would open whatever it holds
    # (a javascript: or data: address included).
    "evidence": st.column_config.TextColumn(tr("mf_evidence"), width="medium"),
    # A B.E. date typed as Thai offices write it (a date picker's calendar would be C.E.).
    "report_date": st.column_config.TextColumn(
        tr("mf_report_date"),
        help=tr("mf_date_help", first=be_date(first), last=be_date(last_report_date(year))),
        width="small",
    ),
    "reporter": st.column_config.TextColumn(tr("mf_reporter")),
    "reason": st.column_config.TextColumn(tr("mf_reason"), width="medium"),
}
st.data_editor(
    grid.frame,
    key=grid.editor_key,
    hide_index=True,
    column_order=["title", *(["carried"] if grid.frame["carried"].any() else []), *FOLLOW_UP_FIELDS],
    column_config=config,
    disabled=not who,
    on_change=grid.keep_edits,
    width="stretch",
    placeholder="",  # a blank cell is blank, not "None"
    row_height=48,
)
save_bar(grid, save, who=who, prefix="fu", help_key="fu_table_help")

# --------------------------------------------------------------------------- the overview
st.subheader(tr("fu_overview"))
today = local_today()  # the office's date, not the server's (UTC)
numbers = measure_overview.numbers(items, today, round_months)  # the round's figures, as its O43 states them
m1, m2, m3, m4 = st.columns(4)
m1.metric(tr("fu_metric_measures"), numbers.measures)
m2.metric(tr("fu_metric_done"), numbers.done)
m3.metric(
    tr("fu_metric_progress"),
    "–" if numbers.mean_progress is None else f"{numbers.mean_progress:g}%",
    help=tr("fu_metric_progress_help", reported=numbers.reported, measures=numbers.measures),
)
m4.metric(tr("fu_metric_overdue"), numbers.overdue)
counts = measure_overview.status_counts(items, lang())
units = measure_overview.progress_by_unit(items, round_months, lang())
left, right = st.columns(2)
with left:
    show_chart(
        lambda p: measure_charts.status_by_round(counts, lang(), presentation=p),
        f"status-{year}",
        key="fu_chart_status",
    )
with right:
    show_chart(
        lambda p: measure_charts.progress_by_unit(units, tr(f"round_{round_months}"), lang(), presentation=p),
        f"progress-by-unit-{year}-{round_months}",
        key="fu_chart_units",
    )
st.subheader(tr("fu_overdue_title", today=be_date(today)))
late = measure_overview.overdue(items, today, lang())
if late.empty:
    st.success(tr("fu_overdue_none"))
else:
    # How late beside the measure: the table's point, in view first; every column in view at 1280.
    order = ["title", "days_late", "due_date", "responsible", "status", "progress", "round"]
    shown = late[order].rename(
        columns={
            "title": tr("mf_title"),
            "responsible": tr("mf_responsible"),
            "due_date": tr("mf_due_date"),
            "status": tr("mf_status"),
            "progress": tr("fu_col_progress"),  # its values say '%'
            "round": tr("mf_round"),
            "days_late": tr("fu_days_late"),
        }
    )
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        placeholder="",  # nobody reported: no progress, no round
        column_config={
            tr("mf_title"): st.column_config.TextColumn(width=185),
            tr("fu_days_late"): st.column_config.NumberColumn(format=tr("fu_days_format"), width=85),
            tr("mf_due_date"): st.column_config.TextColumn(width=90),
            tr("mf_responsible"): st.column_config.TextColumn(width=120),
            tr("mf_status"): st.column_config.TextColumn(width=135),
            tr("fu_col_progress"): st.column_config.NumberColumn(format="%d%%", width=90),
            tr("mf_round"): st.column_config.TextColumn(width=105),
        },
    )
