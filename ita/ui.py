"""The one module of ``ita`` that knows Streamlit: cached loaders and widgets shared by pages."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ita.importer import ImportResult, load_files
from ita.text import t

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "sample_data"


@st.cache_resource(show_spinner=False)
def engine():
    """The app's database engine (``ITA_DATABASE_URL``, default ``data/ita.db``), prepared once per server:
    tables created or migrated, and the bundled samples added on the very first start."""
    from ita import datasets
    from ita.db import engine_for

    eng = engine_for()
    datasets.prepare(eng)
    datasets.seed_once(eng, sorted(SAMPLE_DIR.glob("*.xlsx")))
    return eng


@st.cache_resource(show_spinner=False, max_entries=4)
def _import(keys: tuple) -> ImportResult:
    """Import the stored datasets named by ``keys`` (their ``cache_key``s). Cached per server: the same set
    of files is read once. The result is shared between sessions and must not be mutated."""
    from ita import datasets

    stored = {d.id: d for d in datasets.listed(engine())}
    wanted = [stored[k[0]] for k in keys if k[0] in stored]
    content = datasets.contents(engine(), [d.id for d in wanted])
    return load_files([(d.name, content[d.id], d.year) for d in wanted])


def current_datasets():
    from ita import datasets

    return datasets.listed(engine())


def current_result() -> ImportResult:
    """Everything uploaded (and the samples, unless removed), imported."""
    return _import(tuple(d.cache_key for d in current_datasets()))


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


def tr(key: str, **values) -> str:
    return t(key, lang(), **values)


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
    return _table(tuple(d.cache_key for d in current_datasets()))


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
    default = keys.index(wanted) if wanted in keys else 0
    agency_key = st.sidebar.selectbox(tr("pick_agency"), keys, index=default, format_func=lambda k: names[k],
                                      key=f"{key_prefix}agency_key")
    years = sorted(int(y) for y in table.loc[table["agency_key"] == agency_key, "year"].unique())
    wanted_year = _query_int("year")
    year = st.sidebar.selectbox(tr("pick_year"), years[::-1],
                                index=years[::-1].index(wanted_year) if wanted_year in years else 0,
                                format_func=lambda y: f"{tr('year_prefix')} {y}", key=f"{key_prefix}year")
    st.query_params["agency"] = agency_key
    st.query_params["year"] = str(year)
    return agency_key, year


def editor_name() -> str:
    """Who is editing: the signed-in user once sign-in exists; until then the name given in the sidebar."""
    return str(st.session_state.get("editor_name", "")).strip()
