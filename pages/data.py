"""Data: upload results files, see what loaded and every problem, and manage the stored datasets."""

import streamlit as st

from ita.access.roles import role_name
from ita.analysis.loaded import SEVERITIES, cell_caption, conflicting_rows, loaded_summary, problems_view
from ita.app import (
    acting_user,
    agency_identity,
    current_datasets,
    current_result,
    current_table,
    database_problem,
    dataset_cards,
    engine,
    ensure_router,
    lang,
    md,
    tr,
)
from ita.app.accounts_panel import accounts_panel
from ita.app.audit_panel import audit_log
from ita.io.preview import cell_window_isolated
from ita.io.sniffing import READ_EXTENSIONS
from ita.storage import datasets, uploads
from ita.storage.db import DatabaseError

ensure_router()
st.title(tr("page_data"))

# ---------------------------------------------------------------- upload
if not acting_user().can("upload"):  # with sign-in on, only an administrator uploads (the store checks too)
    st.info(tr("access_upload_admin_only", role=role_name(acting_user().role, lang())), icon=":material/lock:")
else:
    with st.form("upload_form", clear_on_submit=True, border=True):
        st.markdown(f"**{tr('upload_title')}**")
        files = st.file_uploader(
            tr("upload_files"),
            type=list(READ_EXTENSIONS),
            accept_multiple_files=True,
            key="upload_files",
            help=tr("upload_help"),
        )
        c1, c2 = st.columns(2)
        year = c1.number_input(
            tr("upload_year"),
            min_value=2540,
            max_value=2650,
            value=None,
            step=1,
            placeholder=tr("upload_year_placeholder"),
            key="upload_year",
            help=tr("upload_year_help"),
        )
        keep = c2.checkbox(tr("upload_keep_errors"), key="upload_keep", help=tr("upload_keep_help"))
        submitted = st.form_submit_button(tr("upload_button"), type="primary", key="upload_submit")
    added: list[str] = []
    if submitted and files:
        # Each file is imported first (in the parse worker), then stored as what the import found: ok, refused
        # (no content kept) or quarantined (never read again). A database that cannot store it says so.
        for f in files:
            try:
                received = uploads.receive(
                    engine(), f.name, f.getvalue(), year=year, keep_errors=keep, uploaded_by=acting_user()
                )
            except DatabaseError as exc:
                database_problem(exc)
                break
            getattr(st, received.level)(md(received.message(lang())))
            added += [received.dataset.name] if received.dataset else []

result = current_result()
summary = loaded_summary(result, lang())
for name, count in conflicting_rows(result, added if acting_user().can("upload") else []).items():
    st.warning(
        md(tr("upload_conflicts", file=name, count=count)), icon=":material/warning:"
    )  # clean alone, not with the rest

# ---------------------------------------------------------------- what loaded
c1, c2, c3, c4 = st.columns(4)
c1.metric(tr("metric_agencies"), f"{summary.agencies:,}")
c2.metric(tr("metric_years"), summary.year_span)
c3.metric(tr("metric_files"), len(result.files))
c4.metric(tr("metric_errors"), f"{summary.errors:,}")
st.subheader(tr("data_per_year"))
st.dataframe(
    summary.per_year,
    hide_index=True,
    width="stretch",
    key="per_year",
    column_config={  # 68.90, never 68.9; 75.0 %, never 75
        tr("col_mean_total"): st.column_config.NumberColumn(format="%.2f"),
        tr("col_share_passed"): st.column_config.NumberColumn(format="%.1f"),
    },
)

# ---------------------------------------------------------------- problems, with the cell they point at
st.subheader(tr("data_problems"))
with_problems = sorted(set(result.problems["file"]))
if "problem_files" in st.session_state:  # a file chosen before it was removed is no choice any more
    st.session_state["problem_files"] = [f for f in st.session_state["problem_files"] if f in with_problems]
f1, f2 = st.columns([3, 2])
only_files = f1.multiselect(
    tr("data_filter_files"), with_problems, key="problem_files", placeholder=tr("data_all_files")
)
severities = f2.pills(
    tr("data_filter_severity"),
    list(SEVERITIES),
    selection_mode="multi",
    default=["error", "warning"],
    format_func=lambda s: tr(f"severity_{s}"),
    key="problem_severities",
)
view = problems_view(result, lang(), files=only_files or None, severities=severities or list(SEVERITIES))
if view.empty:
    st.success(tr("data_no_problems"))
else:
    picked = st.dataframe(
        view.drop(columns=["_sheet_raw", "_column_raw", "_row_raw"]),
        hide_index=True,
        width="stretch",
        key="problems",
        on_select="rerun",
        selection_mode="single-row",
        column_config={  # the message gets the room; the chosen row's whole message is shown below
            tr("col_severity"): st.column_config.TextColumn(width=85),
            tr("col_file"): st.column_config.TextColumn(width=140),
            tr("col_sheet"): st.column_config.TextColumn(width=80),
            tr("col_row"): st.column_config.TextColumn(width=45),
            tr("col_column"): st.column_config.TextColumn(width=60),
            tr("col_message"): st.column_config.TextColumn(width=380),  # the rest of the width at 1280
        },
    )
    rows = picked.selection.rows if picked else []
    if rows:
        chosen = view.iloc[rows[0]]
        severity = next((s for s in SEVERITIES if tr(f"severity_{s}") == chosen[tr("col_severity")]), "info")
        box = {"error": st.error, "warning": st.warning}.get(severity, st.info)  # as the table calls it
        box(md(chosen[tr("col_message")]), icon=":material/info:")  # the whole message, however long
        stored = {d.name: d for d in current_datasets() if d.ok}
        file = chosen[tr("col_file")]
        if chosen["_row_raw"] and file in stored:
            content = datasets.contents(engine(), [stored[file].id])[stored[file].id]
            window = cell_window_isolated(
                file, content, chosen["_sheet_raw"], int(chosen["_row_raw"]), chosen["_column_raw"]
            )
            if window is not None:
                place = cell_caption(file, chosen["_sheet_raw"], int(chosen["_row_raw"]), chosen["_column_raw"], lang())
                st.caption(md(place))  # a file's and a sheet's names are text, never markup
                window = window.rename_axis(tr("col_row"))  # the rows' numbers, headed in the page's language
                target = (int(chosen["_row_raw"]), chosen["_column_raw"])
                st.dataframe(
                    window.style.apply(
                        lambda col: [
                            "background-color: #ffd54f; font-weight: 700"
                            if (i, col.name) == target or (i == target[0] and target[1] is None)
                            else ""
                            for i in col.index
                        ]
                    ),
                    width="stretch",
                    key="cell_window",
                )
    else:
        st.caption(tr("data_pick_problem"))

# ---------------------------------------------------------------- stored datasets
agency_identity(result, current_table())
st.subheader(tr("data_datasets"))


dataset_cards(result)
audit_log()  # an administrator's, when sign-in is on
accounts_panel()  # an administrator's, with office accounts
