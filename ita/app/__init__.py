"""The only Streamlit code of ita/: what the pages share, one module per job.

- ``loaders``: the cached database engine, imported datasets, tidy table and measures store;
- ``state``: the interface language and its text (``tr``, ``md``), remembered choices, the URL, who edits;
- ``pickers``: the sidebar pickers (agency and year; agency and fiscal year of measures) and the editor's name;
- ``widgets``: a chart with its PNG download, the scorecard, the what-if planner, the messages of a save;
- ``tabs``: tabs whose open tab is in the URL by a word of its own (``?tab=trend``), in either language;
- ``grid_session``: the snapshot, editor key and edits of an editable grid;
- ``datasets_panel``: the Data page's dataset cards (removal asks, says what it did, can be undone);
- ``identity_panel``: the Data page's merges and splits of agencies;
- ``errors``: a database that cannot work shown as one message.

Pages import the public names below (``from ita.app import tr, current_table``).
"""

from ita.app.datasets_panel import dataset_cards
from ita.app.errors import database_problem, db_guarded, show_database_problems
from ita.app.grid_session import GridSession, grid_session
from ita.app.identity_panel import agency_identity
from ita.app.loaders import (
    agency_view,
    current_datasets,
    current_result,
    current_table,
    data_version,
    engine,
    measure_keys,
    measure_store,
    warm_parse_workers,
)
from ita.app.pickers import ask_editor_name, measure_scope, select_agency_year, select_measure_scope
from ita.app.state import (
    acting_user,
    carry_context,
    choice_from_url,
    choice_to_url,
    context_params,
    editor_name,
    ensure_router,
    finish_run,
    follow_url,
    keep,
    keep_widgets,
    lang,
    language_from_url,
    link_notice,
    lkey,
    md,
    on_finish,
    page_entered,
    page_links,
    param,
    param_list,
    query_choices,
    query_int,
    query_list,
    remembered,
    remembered_index,
    restore_widgets,
    set_param,
    stop,
    stop_without_data,
    tr,
    url_params,
    write_params,
)
from ita.app.tabs import url_tabs
from ita.app.widgets import box_height, save_bar, scorecard, show_chart, show_feedback, whatif_planner

__all__ = [
    "url_tabs",
    "box_height",
    "stop",
    "stop_without_data",
    "on_finish",
    "finish_run",
    "acting_user",
    "carry_context",
    "context_params",
    "page_entered",
    "page_links",
    "language_from_url",
    "GridSession",
    "agency_identity",
    "agency_view",
    "data_version",
    "dataset_cards",
    "ask_editor_name",
    "current_datasets",
    "current_result",
    "current_table",
    "database_problem",
    "db_guarded",
    "editor_name",
    "engine",
    "ensure_router",
    "grid_session",
    "keep",
    "keep_widgets",
    "lang",
    "lkey",
    "md",
    "measure_keys",
    "measure_scope",
    "measure_store",
    "choice_from_url",
    "choice_to_url",
    "param",
    "param_list",
    "link_notice",
    "query_int",
    "query_choices",
    "query_list",
    "remembered",
    "remembered_index",
    "restore_widgets",
    "save_bar",
    "scorecard",
    "select_agency_year",
    "select_measure_scope",
    "show_chart",
    "show_database_problems",
    "show_feedback",
    "tr",
    "set_param",
    "url_params",
    "write_params",
    "follow_url",
    "warm_parse_workers",
    "whatif_planner",
]
