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


def lang() -> str:
    """The interface language chosen in the sidebar (Thai by default)."""
    return st.session_state.get("lang", "th")


def tr(key: str, **values) -> str:
    return t(key, lang(), **values)
