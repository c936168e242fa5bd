"""The report page's edited texts, kept in the app's database (``ita.storage.report_texts``): the boxes open on the
texts last saved for the agency, year, document and round, and each change is saved as it is made. They were kept
in the browser session only: a reload (F5) or a full-page link lost them without a word."""

from __future__ import annotations

import logging
from typing import Any

import streamlit as st

from ita.access.roles import NotAllowed
from ita.app.loaders import engine
from ita.app.state import acting_user, lang, tr
from ita.common.thai import be_datetime
from ita.storage import report_texts
from ita.storage.db import DatabaseError

_BASELINE = "_report_texts_baseline"  # (scope, the boxes' values as last opened or saved)
_NOTE = "_report_texts_note"  # what the page says of the saved texts: (scope, Saved | None)
_CLASHES = "_report_texts_clashes"  # (scope, Saved with the boxes a colleague saved first: not written over)


def open_boxes(scope: report_texts.Scope, drafted: dict[str, str], fingerprint: str) -> None:
    """Fill the boxes (session keys → text) with ``drafted``, then with the texts saved for ``scope`` where there are
    any (only for boxes the draft has). A signer's box keeps what the user typed in this session."""
    kept = _saved(scope)
    values = dict(drafted)
    if kept is not None:
        values.update({key: text for key, text in kept.texts.items() if key in drafted})
    for key, text in values.items():
        if not (key.startswith("report_sign_") and st.session_state.get(key)):
            st.session_state[key] = text
    st.session_state[_BASELINE] = (scope, {key: st.session_state.get(key, "") for key in drafted})
    st.session_state[_NOTE] = (scope, kept, kept is not None and kept.fingerprint != fingerprint)


def save_changes(scope: report_texts.Scope, drafted: dict[str, str], fingerprint: str) -> None:
    """Save the boxes this user changed since they were opened or last saved (box → its draft text: ``drafted``);
    a box put back on its draft is no longer kept. A user who may not edit the agency's documents keeps the edits
    in this session only (said)."""
    current = {key: str(st.session_state.get(key, "")) for key in drafted}
    baseline = st.session_state.get(_BASELINE)
    before = baseline[1] if baseline is not None and baseline[0] == scope else {}
    changed = {key: text for key, text in current.items() if before.get(key) != text}
    if not changed:
        return
    back = frozenset(key for key, text in changed.items() if text == drafted[key])
    seen = {key: before.get(key, drafted[key]) for key in changed}  # what this page read there: theirs, if changed
    try:
        kept = report_texts.save(engine(), scope, changed, fingerprint, acting_user(), drafted=back, seen=seen)
    except NotAllowed:
        st.caption(tr("report_texts_not_kept"))
        return
    except DatabaseError as exc:
        logging.getLogger("ita").warning("report texts not saved: %s", exc)
        st.warning(tr("report_texts_not_saved", reason=exc.message(lang())))
        return
    # A box a colleague saved first keeps its old baseline: it is tried again, and said, until the user chooses.
    st.session_state[_BASELINE] = (
        scope,
        {key: before.get(key, "") if key in kept.clashes else text for key, text in current.items()},
    )
    st.session_state[_NOTE] = (scope, kept if kept.texts else None, False)
    st.session_state[_CLASHES] = (scope, kept) if kept.clashes else None


def forget(scope: report_texts.Scope, drafted: dict[str, str]) -> None:
    """Draft anew: the texts saved for ``scope`` are dropped, and the boxes (set to ``drafted`` by the page) are the
    baseline, so the draft is not saved back."""
    try:
        report_texts.forget(engine(), scope, acting_user())
    except (NotAllowed, DatabaseError) as exc:
        logging.getLogger("ita").warning("report texts not forgotten: %s", exc)
    st.session_state[_BASELINE] = (scope, dict(drafted))
    st.session_state[_NOTE] = (scope, None, False)


def say_clashes(scope: report_texts.Scope, place: Any) -> None:
    """In ``place`` (above the boxes): each box a colleague saved another text in since this page read it, their
    text, and a choice: take theirs into the box, or save this page's text over it. Neither is done unasked (the
    later save had replaced the earlier without a word, and the earlier user was told it was kept)."""
    found = st.session_state.get(_CLASHES)
    if found is None or found[0] != scope:
        return
    with place:
        _clashes(scope, found[1])


def _clashes(scope: report_texts.Scope, kept: report_texts.Saved) -> None:
    for key, theirs in kept.clashes.items():
        st.warning(
            tr(
                "report_texts_clash",
                box=box_label(key),
                who=kept.clashed_by.strip(" -") or tr("report_texts_someone"),
                at=be_datetime(kept.clashed_at or kept.at),
                theirs=theirs[:300],
            ),
            icon=":material/group:",
        )
        with st.container(horizontal=True):
            st.button(
                tr("report_texts_take_theirs"), key=f"clash_take_{key}", on_click=_take, args=(scope, key, theirs)
            )
            st.button(
                tr("report_texts_keep_mine"), key=f"clash_keep_{key}", on_click=_keep_mine, args=(scope, key, theirs)
            )


def box_label(key: str) -> str:
    """A box's name as the page labels it ('คำนำ', 'ตัวชี้วัดที่ 8 · ประเด็นที่ควรพัฒนา')."""
    if key.startswith("report_text_"):
        return str(tr(f"report_field_{key.removeprefix('report_text_')}"))
    if key.startswith("report_sign_"):
        return str(tr(f"report_field_{key.removeprefix('report_sign_')}"))
    number, _, part = key.removeprefix("report_issue_").partition("_")
    return f"{tr('report_issue_indicator')} {number} · {tr(f'report_issue_{part}')}"


def _take(scope: report_texts.Scope, key: str, theirs: str) -> None:
    st.session_state[key] = theirs
    _seen_as(scope, key, theirs)


def _keep_mine(scope: report_texts.Scope, key: str, theirs: str) -> None:
    _seen_as(scope, key, theirs)  # the next save finds what it read and writes this page's text


def _seen_as(scope: report_texts.Scope, key: str, text: str) -> None:
    baseline = st.session_state.get(_BASELINE)
    if baseline is not None and baseline[0] == scope:
        st.session_state[_BASELINE] = (scope, {**baseline[1], key: text})
    st.session_state[_CLASHES] = None


def say_saved(scope: report_texts.Scope, place: Any) -> None:
    """In ``place`` (an ``st.empty`` above the boxes): who saved the texts of ``scope`` and when, and whether the
    measures changed since."""
    note = st.session_state.get(_NOTE)
    if note is None or note[0] != scope or note[1] is None:
        return
    _, kept, stale = note
    with place.container():
        st.caption(tr("report_texts_saved", who=kept.who or "-", at=be_datetime(kept.at)))
        if stale:
            st.info(tr("report_texts_stale"), icon=":material/history:")


def _saved(scope: report_texts.Scope) -> report_texts.Saved | None:
    try:
        return report_texts.saved(engine(), scope)
    except DatabaseError as exc:
        logging.getLogger("ita").warning("report texts not read: %s", exc)
        return None
