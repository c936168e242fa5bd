"""The one module of ``ita`` that knows Streamlit: cached loaders and widgets shared by pages."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ita.importer import ImportResult, load_files
from ita.text import t

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "sample_data"


@st.cache_resource(show_spinner=False)
def sample_result() -> ImportResult:
    """The bundled samples, loaded once per server process (read-only: pages must not mutate it)."""
    files = sorted(SAMPLE_DIR.glob("*.xlsx"))
    return load_files([(p.name, p.read_bytes()) for p in files])


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

def current_table():
    """The tidy table of everything loaded (valid rows), with ``agency_key``."""
    return sample_result().valid


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
