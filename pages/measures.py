"""Measures (มาตรการ): the editable table of an agency's measures for a fiscal year, suggestions from the
library for its weakest indicators, the history of every change, and .xlsx import/export.

The editor is shown a snapshot of the database kept in session_state; its output is never fed back as its
input. On save, the editor's own record of edits is applied to the database (ita.measures.grid), then a
fresh snapshot is taken under a new editor key.
"""

import streamlit as st

from ita.app import (
    acting_user,
    ask_editor_name,
    current_table,
    db_guarded,
    ensure_router,
    grid_session,
    lang,
    md,
    measure_keys,
    measure_scope,
    measure_store,
    save_bar,
    show_feedback,
    tr,
    url_tabs,
)
from ita.common.problems import problems_table
from ita.common.thai import be_date, fiscal_year_bounds, natural_list
from ita.measures.grid import history_frame, measures_frame, save_measures
from ita.measures.library import library, result_scores, suggestions_for, unanswered_for, units_for, weakest
from ita.measures.model import MEASURE_FIELDS
from ita.measures.xlsx import export_name, export_xlsx, import_xlsx
from ita.rules.frameworks import default_frameworks

TEXT_PX = 240  # the grid's long texts (title, guideline, steps): one line of each shows, a click opens it whole
NAME_PX = 160  # its indicators, responsible unit and monitoring: the whole row fits a 1920-wide screen

ensure_router()
store = measure_store()
table = current_table()
agency_key, agency, year = measure_scope(table, "page_measures")
keys = measure_keys(agency_key)  # what was stored under the agency's older keys is its own too
own_rows = table.loc[table["agency_key"] == agency_key, "agency_type"].dropna()
agency_type = str(own_rows.iloc[0]) if len(own_rows) else ""  # its units and wording follow its type
st.caption(tr("m_caption", agency=agency, year=year, result_year=year - 1))
unanswered = unanswered_for(table, agency_key, year - 1, store.list_measures(keys, year))
if unanswered:  # the O42 says the same under its measures table
    names = [
        f"{r.indicator.number} {r.indicator.name_th if lang() == 'th' else r.indicator.name_en}" for r in unanswered
    ]
    st.warning(tr("m_weakness_unanswered", indicators=md(natural_list(names, lang()))), icon=":material/priority_high:")
who = ask_editor_name(measure_keys(agency_key))

scope = f"{agency_key}|{year}"
FEEDBACK = f"m_feedback|{scope}"
grid = grid_session("m", scope, lambda: measures_frame(store.list_measures(keys, year)))


def remember(messages, deleted=()) -> None:
    st.session_state[FEEDBACK] = messages
    st.session_state["m_undo"] = [(measure_id, version) for measure_id, version, _ in deleted]


@db_guarded  # a database that refuses the save: its message on the page, the edits kept for another try
def save() -> None:
    report = save_measures(
        store, grid.frame, grid.edits, agency_key=agency_key, agency=agency, year=year, who=acting_user()
    )
    remember(report.messages(lang()), report.deleted)
    if not report.invalid:
        grid.reload()


@db_guarded
def undo_delete() -> None:
    for measure_id, version in st.session_state.get("m_undo", []):
        restored = store.restore_measure(measure_id, acting_user(), expected_version=version)
        st.session_state[FEEDBACK] = [("success", tr("m_restored", title=restored.title))]
    st.session_state["m_undo"] = []
    grid.reload()


@db_guarded
def add_from_library(entry_id: str) -> None:
    chosen = next(e for e in library() if e.id == entry_id)
    made = store.create_measure(chosen.to_measure(agency_key, agency, year, agency_type), acting_user())
    remember([("success", tr("me_created", title=made.title))])
    grid.reload()


# --------------------------------------------------------------------------- the table
# Outside any tab: a grid drawn inside a hidden tab is measured at zero width.
with st.container():
    st.subheader(tr("m_tab_table"))
    show_feedback(FEEDBACK)
    if st.session_state.get("m_undo"):
        st.button(tr("m_undo_delete"), on_click=undo_delete, key="m_undo_button", icon=":material/undo:")
    framework, _ = default_frameworks().for_year(year)
    indicators = framework.indicators if framework else default_frameworks().latest().indicators
    indicator_names = {
        str(ind.number): f"{ind.number} {ind.name_th if lang() == 'th' else ind.name_en}" for ind in indicators
    }
    units = list(dict.fromkeys([*units_for(agency, agency_type), *(u for u in grid.frame["responsible"] if u)]))
    first, last = fiscal_year_bounds(year)
    dates = tr("mf_date_help", first=be_date(first), last=be_date(last))
    # Widths that fit the row at 1920 (three "large" columns of 400 px pushed the dates out of sight); the title pinned
    # so a row is known when the grid is scrolled sideways on a narrow screen.
    config = {
        "title": st.column_config.TextColumn(tr("mf_title"), required=True, width=TEXT_PX, pinned=True),
        "indicators": st.column_config.MultiselectColumn(
            tr("mf_indicators"),
            options=list(indicator_names),
            format_func=lambda k: indicator_names.get(k, k),
            width=NAME_PX,
            default=[],  # a new row's cell starts empty, not as the grid's "None"
        ),
        "guideline": st.column_config.TextColumn(tr("mf_guideline"), width=TEXT_PX),
        "steps": st.column_config.TextColumn(tr("mf_steps"), width=TEXT_PX),
        "responsible": st.column_config.SelectboxColumn(tr("mf_responsible"), options=units, width=NAME_PX),
        "monitoring": st.column_config.TextColumn(tr("mf_monitoring"), width=NAME_PX),
        # Dates as B.E. text, typed as Thai offices write them (a date picker's calendar would be C.E.).
        # Wide enough for a whole B.E. date ("2564-09-30"): at "small" the day was cut and read as another date.
        "start_date": st.column_config.TextColumn(tr("mf_start_date"), help=dates, width=110),
        "due_date": st.column_config.TextColumn(tr("mf_due_date"), help=dates, width=110),
    }
    st.data_editor(
        grid.frame,
        key=grid.editor_key,
        num_rows="dynamic",
        hide_index=True,
        column_order=list(MEASURE_FIELDS),
        column_config=config,
        disabled=not who,
        on_change=grid.keep_edits,
        width="stretch",
        placeholder="",  # a blank cell is blank, not "None"
        row_height=60,
    )
    save_bar(grid, save, who=who, prefix="m", help_key="m_table_help")

    deleted = store.list_measures(keys, year, only_deleted=True)
    if deleted:
        with st.expander(tr("m_deleted_list", count=len(deleted))):
            for m in deleted:

                @db_guarded
                def restore(measure_id: int = m.id, version: int = m.version) -> None:
                    restored = store.restore_measure(measure_id, acting_user(), expected_version=version)
                    remember([("success", tr("m_restored", title=restored.title))])
                    grid.reload()

                d1, d2 = st.columns([4, 1], vertical_alignment="center")
                d1.markdown(md(m.title))
                d2.button(
                    tr("m_restore"),
                    key=f"m_restore_{m.id}",
                    on_click=restore,
                    disabled=not who,
                    icon=":material/restore_from_trash:",
                )

# The open tab is in the URL (?tab=history), as on the agency page: a link opens on it.
tab_suggest, tab_history, tab_files = url_tabs(["suggest", "history", "files"], prefix="m_tab_")

# --------------------------------------------------------------------------- suggestions
with tab_suggest:
    existing = [m.title for m in store.list_measures(keys, year)]
    suggestions = suggestions_for(table, agency_key, year - 1, existing_titles=existing, limit=10)
    found = result_scores(table, agency_key, year - 1)
    if found is None:
        st.info(tr("m_no_result", year=year - 1))
    else:
        weak = weakest(*found)
        listed = ", ".join(
            f"{r.indicator.number} {r.indicator.name_th if lang() == 'th' else r.indicator.name_en} ({r.score:.2f})"
            for r, _ in weak
        )
        # Every indicator at the pass mark: the lowest ones, to reach or keep the next band.
        intro = "m_suggest_intro" if any(under for _, under in weak) else "m_suggest_intro_all_passed"
        st.markdown(tr(intro, year=year - 1, indicators=listed, mark=f"{found[1].pass_mark:g}"))
        if not suggestions:  # the library's measures for them are in the table already
            st.info(tr("m_suggest_all_added"))
    for s in suggestions:
        with st.container(border=True):
            a, b = st.columns([5, 1], vertical_alignment="center")
            numbers = ", ".join(str(n) for n in s.entry.indicators)
            a.markdown(f"**{md(s.entry.title)}**")
            a.caption(
                tr(
                    "m_suggest_meta",
                    indicators=numbers,
                    count=len(s.entry.indicators),  # 'Indicator 10', 'Indicators 1, 9
                    target=s.target.indicator.number,
                    score=f"{s.target.score:.2f}",
                    source=s.entry.source_label(lang()),
                    unit=s.entry.unit_for(agency, agency_type),
                )
            )
            b.button(
                tr("m_add"),
                key=f"m_add_{s.entry.id}",
                on_click=add_from_library,
                args=(s.entry.id,),
                disabled=not who,
                icon=":material/add:",
                type="primary",
            )
            with a.expander(tr("m_suggest_details")):
                st.markdown(
                    f"**{tr('mf_guideline')}**\n\n{md(s.entry.for_year(year).guideline)}\n\n**{tr('mf_steps')}**\n\n"
                    f"{md(s.entry.for_year(year).steps)}"
                )
    with st.expander(tr("m_library_all", count=len(library()))):
        entries = {e.id: e for e in library()}
        picked = st.selectbox(
            tr("m_library_pick"), list(entries), format_func=lambda k: entries[k].title, key="m_library_pick"
        )
        st.button(
            tr("m_add"),
            key="m_add_library",
            on_click=add_from_library,
            args=(picked,),
            disabled=not who,
            icon=":material/add:",
        )

# --------------------------------------------------------------------------- history
with tab_history:
    everything = store.list_measures(keys, year, include_deleted=True)
    titles = {m.id: m.title for m in everything}
    options = [0, *titles]
    picked = st.selectbox(
        tr("m_history_pick"),
        options,
        key="m_history_measure",
        format_func=lambda k: tr("m_history_all") if k == 0 else titles[k],
    )
    ids = list(titles) if picked == 0 else [picked]
    changes = [c for measure_id in ids for c in store.history(measure_id)]
    rounds = {f.id: r for per in store.follow_ups(ids).values() for r, f in per.items() if f.id}
    if changes:
        shown = history_frame(changes, titles, rounds, lang())
        st.dataframe(
            shown,
            hide_index=True,
            width="stretch",
            column_config={
                tr("hist_old"): st.column_config.TextColumn(width="medium"),
                tr("hist_new"): st.column_config.TextColumn(width="medium"),
            },
        )
    else:
        st.info(tr("m_history_empty"))

# --------------------------------------------------------------------------- files
with tab_files:
    st.markdown(tr("m_files_intro"))
    # The language is read now: the file is built on the click, outside this run, where the session's is not known.
    language = lang()
    st.download_button(
        tr("m_export"),
        key="m_export",
        data=lambda: export_xlsx(store.measures_with_follow_ups(keys, year), language),
        file_name=export_name(agency, year),  # whose measures, which year
        on_click="ignore",
        icon=":material/download:",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    upload = st.file_uploader(tr("m_import_file"), type=["xlsx"], key="m_import_file")
    if st.button(tr("m_import"), key="m_import", disabled=upload is None or not who, icon=":material/upload:"):
        report = import_xlsx(
            store, upload.name, upload.getvalue(), acting_user(), agency_key=agency_key, agency=agency, year=year
        )
        st.session_state["m_import_report"] = report
        grid.reload()
        st.rerun()
    report = st.session_state.get("m_import_report")
    if report is not None:
        (st.error if report.problems else st.success)(md(report.summary(lang())))
        for stale in report.stale:
            st.warning(md(stale.message(lang())))
        if report.problems:
            st.dataframe(problems_table(report.problems, lang()), hide_index=True, width="stretch")
