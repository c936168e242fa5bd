"""What only the browser knows, reported by a tiny component the app serves itself (``static/viewport``): the
window's size (the presentation sizes its charts and type to the screen), the editor's name kept in this browser
(it survives a reload), and whether this browser closed the first-visit tour (then it is not shown again). Rendered
once per run, by the router (``app.py``), after the navigation and before the sidebar's settings."""

from __future__ import annotations

import uuid
from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components

_PATH = Path(__file__).resolve().parents[2] / "static" / "viewport"
_COMPONENT = components.declare_component("ita_viewport", path=str(_PATH))
_KEPT = "_viewport"
SERVER = uuid.uuid4().hex  # this server's start: a page drawn by another one outlived a restart
RESTARTED = "_server_restarted"  # session key: this page was open when the server restarted (None: said, and closed)
TOUR_DONE = "tour_done"  # session key: the first-visit tour was closed


def browser_state(size: bool = False) -> None:
    """Render the component: hand it the editor's name to keep, take a name the browser kept when this session has
    none yet (call before the name's text box exists) and, when ``size`` (a page laid out by the window: the
    presentation), remember the window's size. Each report reruns the page, so the browser reports only what the
    app asks for and does not have: a first visit to any other page runs once."""
    value = _COMPONENT(
        key="viewport",
        name=str(st.session_state.get("editor_name", "")),
        size=size,
        tour_done=bool(st.session_state.get(TOUR_DONE)),  # kept by the browser: the tour is not shown there again
        server=SERVER,
        default=None,
    )
    if not isinstance(value, dict):
        return
    if value.get("restarted") and RESTARTED not in st.session_state:  # the browser says it with every run after
        st.session_state[RESTARTED] = True
    if value.get("w") and value.get("h"):
        st.session_state[_KEPT] = (int(value["w"]), int(value["h"]))
    kept = str(value.get("name") or "").strip()
    if kept and not str(st.session_state.get("editor_name", "")).strip():
        st.session_state["editor_name"] = kept


def server_restarted() -> bool:
    """Whether this page was open when the server restarted (said by the browser, see ``static/viewport``): what
    it held unsaved then (a grid's edits, a text being typed) never reached this server."""
    return bool(st.session_state.get(RESTARTED))


def restart_noted() -> None:
    """The notice's button: closed for this session (the browser goes on saying it, and is not heard again)."""
    st.session_state[RESTARTED] = None


def viewport_size(default: tuple[int, int] = (1920, 1080)) -> tuple[int, int]:
    """(width, height) of the browser window in CSS pixels; ``default`` until the browser has said (the first run
    of a session), after which the page runs again at the true size."""
    return st.session_state.get(_KEPT, default)
