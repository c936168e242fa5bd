"""The Data page's cards of stored datasets: each with its year and error choice, the choice of its figures where
another file's differ (shown when they do), and a removal that asks first, says what it did and can be undone
(``ita.storage.datasets.remove`` / ``restore``)."""

from __future__ import annotations

import streamlit as st

from ita.analysis.loaded import conflicting_rows, dataset_rows
from ita.app.errors import db_guarded
from ita.app.loaders import current_datasets, engine
from ita.app.state import acting_user, lang, md, tr
from ita.io.importer import ImportResult
from ita.storage import datasets

CONFIRM = "ds_confirm_remove"  # session key: the id of the dataset whose removal waits for a yes
REMOVED = "ds_removed"  # session key: the last removed dataset, for "undo"
JUST_REMOVED = "ds_just_removed"  # session key: the removal happened in this run's click (said once, as a toast)


@db_guarded
def _changed(dataset_id: int) -> None:
    datasets.update(
        engine(),
        dataset_id,
        who=acting_user(),
        year=st.session_state[f"ds_year_{dataset_id}"],
        keep_errors=st.session_state[f"ds_keep_{dataset_id}"],
    )


@db_guarded
def _prefer(dataset_id: int) -> None:
    datasets.update(engine(), dataset_id, who=acting_user(), preferred=st.session_state[f"ds_pref_{dataset_id}"])


def _ask(dataset_id: int | None) -> None:
    st.session_state[CONFIRM] = dataset_id


@db_guarded
def _remove(dataset_id: int) -> None:
    st.session_state[CONFIRM] = None
    st.session_state[REMOVED] = datasets.remove(engine(), dataset_id, who=acting_user())
    st.session_state[JUST_REMOVED] = True


@db_guarded
def _undo() -> None:
    removed = st.session_state.pop(REMOVED, None)
    if removed is not None:
        st.session_state["ds_restored"] = (removed.name, datasets.restore(engine(), removed, who=acting_user()))


def _last_action() -> None:
    """What the last removal or undo did, with the undo button while it can still be undone."""
    removed = st.session_state.get(REMOVED)
    if removed is not None:
        c1, c2 = st.columns([5, 1], vertical_alignment="center")
        c1.success(tr("data_removed", name=removed.name), icon=":material/delete:")
        c2.button(tr("data_undo"), key="ds_undo", on_click=_undo, icon=":material/undo:")
        if st.session_state.pop(JUST_REMOVED, False):  # the card removed may be far below: said where the eye is
            st.toast(tr("data_removed_toast", name=removed.name), icon=":material/delete:")
    restored = st.session_state.pop("ds_restored", None)
    if restored is not None:
        name, done = restored
        (st.success if done else st.warning)(tr("data_restored" if done else "data_restore_gone", name=name))


@db_guarded
def _toggle_samples() -> None:
    datasets.hide_samples(engine(), bool(st.session_state.get("ds_hide_samples")), who=acting_user())


def dataset_cards(result: ImportResult) -> None:
    """One card per stored dataset (refused and quarantined ones with their reason), and a switch that leaves the
    bundled samples out of every page."""
    _last_action()
    actor = acting_user()  # a viewer sees the cards with their controls off (the stores refuse them anyway)
    can_change, can_remove = actor.can("change_dataset"), actor.can("remove_dataset")
    if any(d.uploaded_by == datasets.SAMPLE_UPLOADER for d in current_datasets()):
        st.toggle(
            tr("data_hide_samples"),
            value=datasets.samples_hidden(engine()),
            key="ds_hide_samples",
            on_change=_toggle_samples,
            help=tr("data_hide_samples_help"),
            disabled=not actor.can("hide_samples"),
        )
    waiting = st.session_state.get(CONFIRM)
    hidden = datasets.samples_hidden(engine())
    clashing = conflicting_rows(result, [d.name for d in current_datasets() if d.ok and not d.is_sample])
    for ds, info in dataset_rows(current_datasets(), result, lang()):
        if hidden and ds.uploaded_by == datasets.SAMPLE_UPLOADER:
            info = tr("data_sample_hidden_line")
        with st.container(border=True):
            # A refused or quarantined file is never imported: its reason instead of a year and error choice.
            mark = "" if ds.ok else ":material/block: " if ds.status == datasets.REFUSED else ":material/report: "
            st.markdown(f"{mark}**{md(ds.name)}**  \n{md(info)}")
            # Under the file's line, so that each label and the year's placeholder are read whole at 1280 px.
            c2, c3, c4 = st.columns([2, 3, 1], vertical_alignment="bottom")
            if ds.ok:
                c2.number_input(
                    tr("upload_year"),
                    min_value=2540,
                    max_value=2650,
                    value=ds.year,
                    step=1,
                    key=f"ds_year_{ds.id}",
                    placeholder=tr("upload_year_placeholder"),
                    on_change=_changed,
                    args=(ds.id,),
                    disabled=not can_change,
                )
                c3.checkbox(
                    tr("upload_keep_errors"),
                    value=ds.keep_errors,
                    key=f"ds_keep_{ds.id}",
                    on_change=_changed,
                    args=(ds.id,),
                    disabled=not can_change,
                )
            help_key = "data_remove_help" if ds.ok else "data_remove_refused_help"
            c4.button(
                tr("data_remove"),
                key=f"ds_remove_{ds.id}",
                help=tr(help_key),
                on_click=_ask,
                args=(ds.id,),
                disabled=not can_remove,
            )
            if ds.ok and (ds.preferred or ds.name in clashing):  # a choice only where it changes something
                st.checkbox(
                    tr("data_preferred"),
                    value=ds.preferred,
                    key=f"ds_pref_{ds.id}",
                    on_change=_prefer,
                    args=(ds.id,),
                    help=tr("data_preferred_help"),
                    disabled=not can_change,
                )
            if waiting == ds.id:
                st.warning(tr("data_remove_confirm", name=ds.name), icon=":material/help:")
                yes, no, _ = st.columns([2, 2, 6])
                yes.button(tr("data_remove_yes"), key="ds_remove_yes", type="primary", on_click=_remove, args=(ds.id,))
                no.button(tr("data_remove_no"), key="ds_remove_no", on_click=_ask, args=(None,))
