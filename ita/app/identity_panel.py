"""The Data page's panel on agency identity: names kept apart that may be one agency (merge them), rows joined by
name (split them), the choices in force (undo one), and a merge of any two agencies.

Each choice is stored (``ita.storage.agency_links``) and applied on every import (``ita.io.identity``); a merge
also moves the merged agency's measures to the agency kept, with history.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ita.app.errors import db_guarded
from ita.app.loaders import engine, measure_store
from ita.app.pickers import agency_label
from ita.app.state import acting_user, lang, md, tr
from ita.io.importer import ImportResult


@db_guarded
def _merge(key: str, into: str, name: str) -> None:
    from ita.storage import agency_links

    who = acting_user()
    agency_links.merge(engine(), key, into, who)
    moved = measure_store().move_agency(key, into, name, who)
    st.session_state["identity_done"] = tr("identity_merged", moved=moved)


@db_guarded
def _split(key: str, other: str) -> None:
    from ita.storage import agency_links

    agency_links.split(engine(), key, other, acting_user())
    st.session_state["identity_done"] = tr("identity_split_done")


@db_guarded
def _undo(link_id: int) -> None:
    from ita.storage import agency_links

    agency_links.remove(engine(), link_id, who=acting_user())
    st.session_state["identity_done"] = tr("identity_undone")


def agency_identity(result: ImportResult, table: pd.DataFrame) -> None:
    """The panel, in an expander that opens by itself when something needs a decision."""
    from ita.storage import agency_links

    links = agency_links.listed(engine())
    pending = len(result.kept_apart) + len(result.joins)
    key = "identity_title_pending" if pending else "identity_title"
    with st.expander(tr(key, count=pending), expanded=bool(result.kept_apart)):
        if done := st.session_state.pop("identity_done", None):
            st.success(md(done))
        st.caption(tr("identity_caption"))
        names = agency_label(table, lang())
        off = not acting_user().can("link_agencies")  # a viewer reads the choices; only an admin makes them
        for n, note in enumerate(result.kept_apart):
            c1, c2 = st.columns([5, 2])
            c1.markdown(tr("identity_kept_apart", **note))
            c2.button(
                tr("identity_merge"),
                key=f"identity_merge_{n}",
                on_click=_merge,
                args=(note["new_key"], note["other_key"], note["other"]),
                disabled=off,
            )
        for n, join in enumerate(result.joins):
            c1, c2 = st.columns([5, 2])
            joined = {"name": join.name, "files": ", ".join(join.files), "agency": names.get(join.key, join.key)}
            c1.markdown(tr("identity_joined", **joined))
            c2.button(
                tr("identity_split"),
                key=f"identity_split_{n}",
                on_click=_split,
                args=(join.own_key, join.key),
                disabled=off,
            )
        _merge_any(names, off)
        for link in links:
            c1, c2 = st.columns([5, 2])
            kind = "identity_link_merge" if link.kind == agency_links.MERGE else "identity_link_split"
            who = link.who or "-"
            c1.caption(tr(kind, merged=names.get(link.key, link.key), kept=names.get(link.other, link.other), who=who))
            c2.button(
                tr("identity_undo"), key=f"identity_undo_{link.id}", on_click=_undo, args=(link.id,), disabled=off
            )


def _merge_any(names: dict[str, str], off: bool) -> None:
    """Two pickers and a button: merge any agency into another."""
    if len(names) < 2:
        return
    keys = list(names)
    c1, c2, c3 = st.columns([3, 3, 2], vertical_alignment="bottom")
    # Nothing chosen until the user chooses: two agencies chosen for them were one click from being merged.
    hint = tr("identity_pick_placeholder")
    first = c1.selectbox(
        tr("identity_pick_merged"), keys, index=None, format_func=names.__getitem__, placeholder=hint, key="identity_a"
    )
    second = c2.selectbox(
        tr("identity_pick_kept"), keys, index=None, format_func=names.__getitem__, placeholder=hint, key="identity_b"
    )
    chosen = first is not None and second is not None and first != second
    c3.button(
        tr("identity_merge"),
        key="identity_merge_any",
        disabled=not chosen or off,
        on_click=_merge,
        args=(first, second, names[second].split(" · ")[0] if second is not None else ""),
    )
