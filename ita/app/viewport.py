"""The browser window's size, reported by a tiny component the app serves itself (``static/viewport``): the
presentation sizes its charts and type to the screen it is shown on."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components

_PATH = Path(__file__).resolve().parents[2] / "static" / "viewport"
_COMPONENT = components.declare_component("ita_viewport", path=str(_PATH))
_KEPT = "_viewport"


def viewport_size(default: tuple[int, int] = (1920, 1080)) -> tuple[int, int]:
    """(width, height) of the browser window in CSS pixels; ``default`` until the browser has said (the first run
    of a session), after which the page runs again at the true size."""
    value = _COMPONENT(key="viewport", default=None)
    if isinstance(value, dict) and value.get("w") and value.get("h"):
        st.session_state[_KEPT] = (int(value["w"]), int(value["h"]))
    return st.session_state.get(_KEPT, default)
