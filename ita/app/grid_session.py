"""The session side of an editable grid (measures, a follow-up round): which snapshot it shows, under which editor
key, and the edits the editor has recorded. The database side is ``ita.measures.grid``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import streamlit as st

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class GridSession:
    """One generation of an editable grid: its session-state keys and the snapshot it shows. ``keep_edits`` is the
    editor's ``on_change``; ``reload`` drops the snapshot and the edits and moves to a new generation, so the next
    run shows a fresh snapshot under a new editor key."""

    generations_key: str  # session-state dict: scope → current generation
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
        for key in (self.snapshot_key, self.edits_key):  # the old generation's snapshot and edits are done with
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
    return GridSession(
        generations_key, scope, generation, editor_key, edits_key, snapshot_key, st.session_state[snapshot_key]
    )
