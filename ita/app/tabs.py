"""Tabs whose open tab is in the URL by a word of its own (``?tab=trend``), the same in either language: a shared link
opens on it, a language switch keeps it there, Back and Forward move it, and coming back to the page opens the tab
last open. Streamlit's own binding of a tab to the URL keeps its label, which a language switch made unknown: the
tab stayed open but the URL lost it, so a link copied afterwards opened the first tab."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from ita.app.state import keep, lkey, param, remembered, set_param, tr, url_moved_here
from ita.common.text import catalogue

PARAM = "tab"
_LAST = "tab_open:"  # ``keep`` prefix of the tab last open among one set of tabs (named by its first word)


def url_tabs(words: list[str], prefix: str = "tab_") -> Sequence[Any]:
    """``st.tabs`` named by ``words`` in the URL, each labelled by the catalogue's ``prefix + word``, only the open
    one's content built (``.open``). The URL decides the open tab on a link, Back or Forward; else the tab last open
    on this page in this session; else the first, which the URL then does not name."""
    tabs = {word: f"{prefix}{word}" for word in words}
    labels = [str(tr(key)) for key in tabs.values()]
    key, last = lkey(PARAM), f"{_LAST}{words[0]}"  # a key per language: the labels are an option list of their own
    said = word_in(param(PARAM), tabs)
    if url_moved_here(PARAM) or (said is not None and key not in st.session_state):
        st.session_state[key] = labels[words.index(said or words[0])]
    elif key not in st.session_state or st.session_state[key] not in labels:
        wanted = remembered(last, words[0])
        st.session_state[key] = labels[words.index(wanted if wanted in words else words[0])]
    containers = st.tabs([tr(text_key) for text_key in tabs.values()], key=key, on_change="rerun")
    shown = st.session_state.get(key)
    word = keep(last, words[labels.index(shown)] if shown in labels else words[0])
    set_param(PARAM, None if word == words[0] else word)
    return containers


def word_in(value: str | None, tabs: dict[str, str]) -> str | None:
    """The tab ``value`` names: its word (any case), or its label in any language, as an older link wrote it
    (``?tab=เทียบกับกลุ่ม``); None when it names none of ``tabs``."""
    if not value:
        return None
    said = value.strip()
    for word, key in tabs.items():
        if said.lower() == word or said in catalogue().get(key, {}).values():
            return word
    return None
