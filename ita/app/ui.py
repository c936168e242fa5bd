"""The one module of ``ita`` that knows Streamlit: cached loaders and widgets shared by pages."""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import streamlit as st

from ita.io.importer import ImportResult, load_files
from ita.common.plaintext import Markdown, file_name, markdown
from ita.common.text import Localized, t

if TYPE_CHECKING:
    import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DIR = ROOT / "sample_data"


@st.cache_resource(show_spinner=False)
def engine():
    """The app's database engine (``ITA_DATABASE_URL``, default ``data/ita.db``), prepared once per server:
    tables created or migrated, and the bundled samples added on the very first start."""
    from ita.storage import datasets
    from ita.storage.db import engine_for

    eng = engine_for()
    datasets.prepare(eng)
    datasets.seed_once(eng, sorted(SAMPLE_DIR.glob("*.xlsx")))
    return eng


@st.cache_resource(show_spinner=False)
def warm_parse_workers() -> bool:
    """Start a parse worker (and its fork server) in the background once per server, so the first upload does
    not wait for it. Untrusted files are parsed only there (``ita.io.isolation``)."""
    import threading

    from ita.io import isolation

    if isolation.isolated():
        threading.Thread(target=isolation.pool().warm, name="ita-warm-parse-worker", daemon=True).start()
    return True


@st.cache_resource(show_spinner=False, max_entries=4)
def _import(keys: tuple) -> ImportResult:
    """Import the stored datasets named by ``keys`` (their ``cache_key``s). Cached per server: the same set
    of files is read once. The result is shared between sessions and must not be mutated. Only ``ok``
    datasets are read; one whose import fails (refused as a whole, or its parse worker crashed, ran out of memory
    or time: a file stored by an older version, or under other limits) is quarantined at once, so it is never read
    again, on any visit or after a restart."""
    from ita.storage import datasets
    from ita.storage.db import DatabaseError
    from ita.storage.uploads import file_outcome

    stored = {d.id: d for d in datasets.listed(engine())}
    wanted = [stored[k[0]] for k in keys if k[0] in stored and stored[k[0]].ok]
    content = datasets.contents(engine(), [d.id for d in wanted])
    wanted = [d for d in wanted if d.id in content]
    result = load_files([(d.name, content[d.id], d.year) for d in wanted])
    by_name = {d.name: d for d in wanted}
    for summary in result.files:
        status, reason_th, reason_en = file_outcome(result, summary)
        if status in ("failed", "refused") and summary.name in by_name:   # stored before it could be checked
            try:
                datasets.quarantine(engine(), by_name[summary.name].id, reason_th, reason_en)
            except DatabaseError as exc:   # a read-only database: the file stays out of this result all the same
                logging.getLogger("ita").warning("could not quarantine %s: %s", summary.name, exc)
    return result


def current_datasets():
    """Every stored dataset, whatever its status (see ``ita.storage.datasets``)."""
    from ita.storage import datasets

    return datasets.listed(engine())


def _import_keys() -> tuple:
    return tuple(d.cache_key for d in current_datasets() if d.ok)


def current_result() -> ImportResult:
    """Everything uploaded (and the samples, unless removed), imported; refused and quarantined files never."""
    return _import(_import_keys())


def sample_result() -> ImportResult:
    """Kept for pages written before uploads existed: the current result."""
    return current_result()


def ensure_router() -> None:
    """Call first in every page. With a ``pages/`` folder beside ``app.py``, a fresh server whose first
    visit is a deep link (``/agency?...``) runs the page file alone (Streamlit's older multipage mode)
    and skips ``app.py``. Switch that mode off and rerun, so ``app.py`` and ``st.navigation`` run first."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def lang() -> str:
    """The interface language chosen in the sidebar (Thai by default)."""
    return st.session_state.get("lang", "th")


def lkey(key: str) -> str:
    """A widget key for a widget whose option labels are translated. Streamlit keeps a keyed widget's
    labels from before a language switch, so such widgets get a key per language; the choice itself is
    kept elsewhere (the URL, or ``remember``) and carried across."""
    return f"{key}.{lang()}"


def remember(key: str, options: list, default=None):
    """The index of the remembered choice for a translated widget (see ``lkey``), for its ``index=``."""
    value = st.session_state.get(f"_choice_{key}", default)
    return options.index(value) if value in options else 0


def keep(key: str, value):
    st.session_state[f"_choice_{key}"] = value
    return value


def tr(key: str, **values) -> Markdown:
    """The catalogue text for ``key`` in the interface language, for any Streamlit element (they render
    Markdown): the catalogue is trusted, the values are data, so every text value is escaped (``md``)."""
    safe = {k: Localized(md(v.th), md(v.en)) if isinstance(v, Localized) else md(v) if isinstance(v, str) else v
            for k, v in values.items()}
    return Markdown(t(key, lang(), **safe))


def md(text) -> Markdown:
    """Text from a file or a user (a name, a file name, a measure, a message that carries them) for any
    Streamlit element that renders Markdown: shown exactly as written, never as a link, an image or markup.
    Text from ``tr`` is already safe and passes unchanged."""
    return markdown(text)


# --------------------------------------------------------------------------- a database that cannot work
# A callback runs before the page script, where the router cannot catch what it raises; ``db_guarded``
# keeps the message for ``show_database_problems`` (called by app.py before each page) instead.

_DB_PROBLEMS = "_db_problems"


def db_guarded(callback: Callable) -> Callable:
    """``callback`` (a widget's ``on_click``/``on_change``) with a ``DatabaseError`` turned into a message
    shown at the top of the page on this run, instead of an exception box."""
    from ita.storage.db import DatabaseError

    @functools.wraps(callback)
    def run(*args, **kwargs):
        try:
            return callback(*args, **kwargs)
        except DatabaseError as exc:
            logging.getLogger("ita").warning("database: %s", exc)
            st.session_state.setdefault(_DB_PROBLEMS, []).append(exc.message(lang()))
            return None

    return run


def database_problem(exc) -> None:
    """One clear message for a ``DatabaseError`` met while drawing a page (it names the database, password
    hidden, and says what to do)."""
    logging.getLogger("ita").warning("database: %s", exc)
    st.error(md(exc.message(lang())), icon=":material/database:")


def show_database_problems() -> None:
    """Messages kept by ``db_guarded`` callbacks since the last run."""
    for text in st.session_state.pop(_DB_PROBLEMS, []):
        st.error(md(text), icon=":material/database:")


# --------------------------------------------------------------------------- the selected agency and year
# Shared by every page that shows one agency-year. The choice lives in st.session_state and in the URL
# (?agency=<agency_key>&year=<B.E. year>), so a link or bookmark reopens the same view.

@st.cache_resource(show_spinner=False, max_entries=8)
def _table(keys: tuple):
    result = _import(keys)
    kept = {d[1] for d in keys if d[3]}  # sha256 of datasets whose error rows the user keeps
    names = {f.name for f in result.files if f.sha256 in kept}
    table = result.table
    return table.loc[~table["has_error"] | table["source_file"].isin(names)].reset_index(drop=True)


def current_table():
    """The tidy table of everything loaded, with ``agency_key``: valid rows, plus the rows with errors of
    the datasets where the user chose to keep them (those have no total or grade)."""
    return _table(_import_keys())


def _query_int(name: str) -> int | None:
    value = st.query_params.get(name)
    return int(value) if value and str(value).isdigit() else None


def select_agency_year(table, *, key_prefix: str = "") -> tuple[str | None, int | None]:
    """Sidebar pickers for agency and fiscal year (B.E.), synced with the URL. Returns (agency_key, year)."""
    if table.empty:
        return None, None
    names = (table.drop_duplicates("agency_key").set_index("agency_key")["agency"]
             .astype(str).sort_values(key=lambda s: s.str.casefold()))
    keys = list(names.index)
    wanted = st.query_params.get("agency")
    if wanted and wanted not in keys:  # a link may name the agency instead of giving its key
        from ita.io.headers import compact

        wanted = compact(wanted) if compact(wanted) in keys else wanted
    default = keys.index(wanted) if wanted in keys else 0
    agency_key = st.sidebar.selectbox(tr("pick_agency"), keys, index=default, format_func=lambda k: names[k],
                                      key=f"{key_prefix}agency_key")
    years = sorted(int(y) for y in table.loc[table["agency_key"] == agency_key, "year"].unique())
    wanted_year = _query_int("year")
    year = st.sidebar.selectbox(tr("pick_year"), years[::-1],
                                index=years[::-1].index(wanted_year) if wanted_year in years else 0,
                                format_func=lambda y: f"{tr('year_prefix')} {y}", key=lkey(f"{key_prefix}year"))
    st.query_params["agency"] = agency_key
    st.query_params["year"] = str(year)
    return agency_key, year


def editor_name() -> str:
    """Who is editing: the signed-in user once sign-in exists; until then the name given in the sidebar."""
    return str(st.session_state.get("editor_name", "")).strip()


# --------------------------------------------------------------------------- charts and scorecards

PLOTLY_CONFIG = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines"],
    # The camera button of every chart downloads a PNG at projector size (1920 × 1080), drawn by the
    # browser with the app's own Sarabun font.
    "toImageButtonOptions": {"format": "png", "width": 1920, "height": 1080, "scale": 1},
}


def show_chart(build, name: str, *, key: str) -> None:
    """Draw ``build(presentation=False)`` and offer it as a projector-size PNG (built on click with
    ``build(presentation=True)``: larger type), besides Plotly's own camera button."""
    name = file_name(name, fallback="chart")   # names carry agency keys: a safe, short download name
    fig = build(False) if callable(build) else build
    config = {**PLOTLY_CONFIG, "toImageButtonOptions": {**PLOTLY_CONFIG["toImageButtonOptions"], "filename": name}}
    st.plotly_chart(fig, theme=None, config=config, key=key)

    def png() -> bytes:
        from ita.views.charts import to_png

        return to_png(build(True) if callable(build) else fig)

    st.download_button(tr("download_png"), data=png, file_name=f"{name}.png", mime="image/png",
                       key=f"{key}_png", on_click="ignore", icon=":material/download:", type="tertiary")


def scorecard(view, lang_code: str, *, large: bool = False) -> None:
    """The total and grade, big, with pass/fail, the change and, from 2566, each tool against its floors."""
    from ita.views.scorecard import scorecard_html

    st.html(scorecard_html(view, lang_code, large=large))


def whatif_planner(view, lang_code: str) -> None:
    """Sliders for the ten indicators; the new total and grade; a button that applies the cheapest route."""
    from ita.views import charts
    from ita.analysis.metrics import what_if

    prefix = f"wi_{view.row['agency_key']}_{view.year}_"
    keys = {ind.number: f"{prefix}{ind.number}" for ind in view.framework.indicators}
    current = dict(zip((ind.number for ind in view.framework.indicators), view.scores))

    def apply_route() -> None:
        for step in view.next_band.route:
            st.session_state[keys[step.indicator.number]] = float(step.target)

    def reset() -> None:
        for number, key in keys.items():
            st.session_state[key] = float(current[number])

    for number, key in keys.items():
        st.session_state.setdefault(key, float(current[number]))
    st.markdown(tr("whatif_intro"))
    c1, c2 = st.columns(2)
    c1.button(tr("whatif_apply_route"), on_click=apply_route, key=f"{prefix}route",
              disabled=view.next_band.target is None, icon=":material/route:")
    c2.button(tr("whatif_reset"), on_click=reset, key=f"{prefix}reset", icon=":material/restart_alt:")
    cols = st.columns(2)
    for k, ind in enumerate(view.framework.indicators):
        name = ind.name_th if lang_code == "th" else ind.name_en
        cols[k // 5].slider(md(f"{ind.number}. {name} ({ind.tool} · {ind.weight:g}%)"), 0.0, 100.0, step=0.01, key=keys[ind.number], format="%.2f")
    planned = {n: st.session_state[key] for n, key in keys.items()}
    after = what_if(view.scores, planned, view.framework)
    m1, m2, m3 = st.columns(3)
    m1.metric(tr("whatif_total"), f"{after.total:.2f}", delta=f"{after.total - view.score.total:+.2f}")
    m2.metric(tr("whatif_grade"), after.grade.label(lang_code),
              delta=None if after.grade == view.score.grade else tr("whatif_grade_changed"))
    m3.metric(tr("whatif_increase"), f"{sum(max(0.0, planned[n] - current[n]) for n in current):.2f}")
    show_chart(lambda p: charts.whatif(view.scores, list(after.indicators), view.framework, lang_code, presentation=p),
               f"what-if-{view.year}", key=f"{prefix}chart")


def query_list(name: str) -> list[str]:
    """A list kept in the URL (``?types=a&types=b``)."""
    return [v for v in st.query_params.get_all(name) if v]


# --------------------------------------------------------------------------- measures and follow-up
# Shared by the measures and follow-up pages. The agency is the shared ?agency=; the fiscal year of the measures
# is ?fy= (a result year N, ?year=N, sets measures for N+1).

NEW_AGENCY = "__new__"


@st.cache_resource(show_spinner=False)
def measure_store():
    """The measures store on the app's database, migrated once per server."""
    from ita.measures.store import Store

    return Store(engine())


def select_measure_scope(table, *, key_prefix: str = "m_") -> tuple[str | None, str, int]:
    """Sidebar pickers for the agency (with results, with measures, or a new name) and the fiscal year of its
    measures (default: the latest result year + 1). Returns (agency_key, agency name, fiscal year)."""
    from ita.io.headers import clean_label, compact
    from ita.measures.grid import measure_agencies, result_years
    from ita.measures.model import measure_year_choices

    store = measure_store()
    scopes = store.scopes()
    names = measure_agencies(table, scopes)
    keys = [*names, NEW_AGENCY]
    wanted = st.query_params.get("agency")
    choice = st.sidebar.selectbox(tr("pick_agency"), keys, index=keys.index(wanted) if wanted in keys else 0,
                                  format_func=lambda k: names.get(k, tr("m_new_agency")),
                                  key=lkey(f"{key_prefix}agency"))
    if choice == NEW_AGENCY:
        typed = clean_label(st.sidebar.text_input(tr("m_new_agency_name"), key=f"{key_prefix}agency_name"))
        agency_key, agency = (compact(typed), typed) if typed else (None, "")
    else:
        agency_key, agency = choice, names[choice]
    stored = [y for k, _, y, _ in scopes if k == agency_key]
    fy, year = _query_int("fy"), _query_int("year")
    years, default = measure_year_choices(result_years(table, agency_key) if agency_key else [], stored,
                                          fy or (year + 1 if year else None))
    chosen = st.sidebar.selectbox(tr("m_pick_fiscal_year"), years, index=years.index(default),
                                  format_func=lambda y: f"{tr('year_prefix')} {y}", key=lkey(f"{key_prefix}fy"))
    if agency_key:
        st.query_params["agency"] = agency_key
    st.query_params["fy"] = str(chosen)
    return agency_key, agency, chosen


def ask_editor_name() -> str:
    """Who is editing. Without a name (sidebar field), the page asks for it once; editing waits for it."""
    name = editor_name()
    if name:
        return name

    def take() -> None:
        st.session_state["editor_name"] = str(st.session_state.get("m_editor_name_prompt", "")).strip()

    with st.container(border=True):
        st.warning(tr("m_name_needed"), icon=":material/badge:")
        c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
        c1.text_input(tr("editor_name"), key="m_editor_name_prompt", placeholder=tr("editor_name_placeholder"))
        c2.button(tr("m_name_ok"), on_click=take, key="m_editor_name_ok", type="primary")
    return ""


def show_feedback(key: str) -> None:
    """Messages of the last save (kept in session_state under ``key`` across the rerun that follows it)."""
    for kind, text in st.session_state.get(key, []):
        getattr(st, kind)(md(text))   # plain text (names, measure titles) unless it came from ``tr``


@dataclass(frozen=True)
class GridSession:
    """One generation of an editable grid (measures, a follow-up round): its session-state keys and the snapshot
    it shows. ``keep_edits`` is the editor's ``on_change``; ``reload`` drops the snapshot and the edits and moves
    to a new generation, so the next run shows a fresh snapshot under a new editor key."""
    generations_key: str      # session-state dict: scope → current generation
    scope: str
    generation: int
    editor_key: str
    edits_key: str
    snapshot_key: str
    frame: pd.DataFrame

    @property
    def edits(self):
        """The editor's record of edits kept by ``keep_edits`` (None before any edit)."""
        return st.session_state.get(self.edits_key)

    def keep_edits(self) -> None:
        st.session_state[self.edits_key] = st.session_state[self.editor_key]

    def reload(self) -> None:
        """A fresh snapshot of the database under a new editor key (the old edits are dropped)."""
        st.session_state[self.generations_key][self.scope] = self.generation + 1
        for key in (self.snapshot_key, self.edits_key):   # the old generation's snapshot and edits are done with
            st.session_state.pop(key, None)


def grid_session(prefix: str, scope: str, build: Callable[[], pd.DataFrame]) -> GridSession:
    """The current generation of the grid ``prefix`` for ``scope``; ``build`` makes its snapshot once per
    generation (keys from ``ita.measures.grid.editor_keys``, which the page tests seed)."""
    from ita.measures.grid import editor_keys

    generations_key = f"{prefix}_generation"
    generation = st.session_state.setdefault(generations_key, {}).setdefault(scope, 0)
    editor_key, edits_key, snapshot_key = editor_keys(prefix, scope, generation)
    if snapshot_key not in st.session_state:
        st.session_state[snapshot_key] = build()
    return GridSession(generations_key, scope, generation, editor_key, edits_key, snapshot_key,
                       st.session_state[snapshot_key])
