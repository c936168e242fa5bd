"""A database that cannot work (read-only, full, locked, unreachable): one clear message, never a traceback.

A callback runs before the page script, where the router cannot catch what it raises; ``db_guarded`` keeps the
message for ``show_database_problems`` (called by app.py before each page) instead.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

import streamlit as st

from ita.app.state import lang, md

_DB_PROBLEMS = "_db_problems"


def db_guarded(callback: Callable) -> Callable:
    """``callback`` (a widget's ``on_click``/``on_change``) with a ``DatabaseError``, or a refusal of the user's
    role (``NotAllowed``), turned into a message shown at the top of the page on this run, instead of an exception
    box."""
    from ita.access.roles import NotAllowed
    from ita.storage.db import DatabaseError

    @functools.wraps(callback)
    def run(*args, **kwargs):
        try:
            return callback(*args, **kwargs)
        except (DatabaseError, NotAllowed) as exc:
            logging.getLogger("ita").warning("refused: %s", exc)
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
