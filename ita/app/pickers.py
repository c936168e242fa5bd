"""Sidebar pickers shared by pages: the agency and year of a result, the agency and fiscal year of measures, and
who is editing.

The choice lives in the widgets and in the URL (``?agency=<agency_key>&year=<B.E. year>``, and ``?fy=`` for the
fiscal year of measures), so a link or bookmark reopens the same view.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ita.app.loaders import agency_choices, current_datasets, key_aliases, measure_store
from ita.app.state import acting_user, editor_name, follow_url, lang, lkey, param, query_int, set_param, stop, tr
from ita.common.thai import clean_label, compact
from ita.io.identity import find_key

NEW_AGENCY = "__new__"  # the agency picker's choice for a name typed by the user


def agency_label(table: pd.DataFrame, language: str = "th") -> dict[str, str]:
    """agency_key → 'name · type · province' (type only when the name does not start with it; the district too when
    another agency of the name is in the same province, as the file writes it), by name; the type and province in
    ``language`` (the name and district as the file writes them)."""
    from ita.rules.agency_types import agency_types
    from ita.rules.provinces import provinces

    types, places = agency_types(), provinces()
    rows = table.drop_duplicates("agency_key").sort_values("agency", key=lambda s: s.str.casefold())
    districts = rows["district"].fillna("").astype(str) if "district" in rows else pd.Series("", index=rows.index)
    shared = rows.duplicated(["agency", "province"], keep=False) & (districts.str.strip() != "")
    out = {}
    for key, name, kind, province, district, own in zip(
        rows["agency_key"], rows["agency"], rows["agency_type"], rows["province"], districts, shared, strict=True
    ):
        name, kind, province = str(name), str(kind or ""), str(province or "")
        kind = types.word(kind, language) if kind and not name.startswith(kind) else ""
        parts = [name, kind, district.strip() if own else "", places.word(province, language) if province else ""]
        out[str(key)] = " · ".join(p for p in parts if p)
    return out


def opening_agency(table: pd.DataFrame) -> str | None:
    """What a visit that names no agency opens on: an editor's own agency (the first of those their account may
    edit that is loaded: an editor of one agency had opened on whatever a colleague uploaded last, and been told
    they may not edit it); else the first agency of the file a user uploaded last (of the one before when no row
    of it was kept), else of the first bundled sample (the seed municipality), never whatever sorts first."""
    from ita.storage.datasets import SAMPLE_UPLOADER

    own_agencies = acting_user().agencies
    if own_agencies:
        mine = table.loc[table["agency_key"].isin(own_agencies), "agency_key"]
        if len(mine):
            return str(mine.iloc[0])

    stored = [d for d in current_datasets() if d.ok]
    own = sorted((d for d in stored if d.uploaded_by != SAMPLE_UPLOADER), key=lambda d: (d.uploaded_at, d.id))
    samples = [d for d in stored if d.uploaded_by == SAMPLE_UPLOADER]
    for chosen in [*own[::-1], *samples]:  # an upload with no row kept (every row refused) opens on the one before
        rows = table.loc[table["source_file"] == chosen.name, "agency_key"]
        if len(rows):
            return str(rows.iloc[0])
    return None


def select_agency_year(table, *, key_prefix: str = "", valid_only: bool = False) -> tuple[str | None, int | None]:
    """Sidebar pickers for agency and fiscal year (B.E.), synced with the URL; ``table`` is everything loaded
    (``valid_only``: its rows without errors). Returns (agency_key, year)."""
    if table.empty:
        return None, None
    names, years_of = agency_choices(valid_only)  # name · type · province, made once per server
    keys = list(names)
    wanted = param("agency")
    # A link's agency or year that is not loaded is said for as long as the page shows what stands in for it (the
    # URL is rewritten to what is shown, so the link itself is gone after the first run): until another is chosen.
    missed = f"{key_prefix}link_missed"
    if wanted and wanted not in keys:  # a link may name the agency, or give a key of an earlier version
        found = find_key(table, wanted, keys=names, known=key_aliases())  # the older keys: made once per server
        if found is None:  # never a silent fall-back to another agency
            st.session_state[missed] = {"agency": wanted}
        wanted = found
    wanted = wanted if wanted in keys else opening_agency(table)
    default = keys.index(wanted) if wanted in keys else 0
    follow_url("agency", f"{key_prefix}agency_key", wanted if wanted in keys else None)  # Back, Forward
    agency_key = st.sidebar.selectbox(
        tr("pick_agency"), keys, index=default, format_func=lambda k: names[k], key=f"{key_prefix}agency_key"
    )
    years = years_of.get(agency_key, [])
    wanted_year = query_int("year")
    if wanted_year is not None and wanted_year not in years and wanted == agency_key:
        st.session_state[missed] = {**st.session_state.get(missed, {}), "year": wanted_year}
    follow_url("year", lkey(f"{key_prefix}year"), wanted_year if wanted_year in years else None)
    year = st.sidebar.selectbox(
        tr("pick_year"),
        years[::-1],
        index=years[::-1].index(wanted_year) if wanted_year in years else 0,
        format_func=lambda y: f"{tr('year_prefix')} {y}",
        key=lkey(f"{key_prefix}year"),
    )
    _say_missed(missed, agency_key, year, names[agency_key])
    set_param("agency", agency_key)
    set_param("year", str(year))
    return agency_key, year


def _say_missed(state_key: str, agency_key: str, year: int, name: str) -> None:
    """The warning that a link's agency or year is not loaded, while the page still shows what stands in for it."""
    missed = st.session_state.get(state_key)
    if not missed:
        return
    shown = missed.setdefault("shown", (agency_key, year))
    if shown != (agency_key, year):  # the user chose another agency or year: the link is answered
        del st.session_state[state_key]
        return
    if "agency" in missed:
        st.warning(tr("link_unknown_agency", name=missed["agency"], shown=name), icon=":material/link_off:")
    else:
        st.warning(tr("link_unknown_year", year=missed["year"], name=name), icon=":material/link_off:")


def select_measure_scope(table, *, key_prefix: str = "m_") -> tuple[str | None, str, int]:
    """Sidebar pickers for the agency (with results, with measures, or a new name) and the fiscal year of its
    measures (default: the latest result year + 1; a result year N, ``?year=N``, sets measures for N+1).
    Returns (agency_key, agency name, fiscal year)."""
    from ita.measures.grid import measure_agencies, result_years
    from ita.measures.model import measure_year_choices

    scopes = measure_store().scopes()
    names = measure_agencies(table, scopes, key_aliases())
    labels = agency_label(table, lang()) if not table.empty else {}  # name · type · province, as on the other pages
    keys = [*names, NEW_AGENCY]
    wanted = param("agency")
    missed = f"{key_prefix}link_missed"
    if wanted and wanted not in keys:  # a link may name the agency, or give a key of an earlier version
        found = find_key(table, wanted)
        if found not in keys:  # never a silent fall-back to another agency: said while it stands in
            st.session_state[missed] = {"agency": wanted}
        wanted = found
    if not wanted or wanted not in keys:  # none named (or none found): the one the other pages open on
        wanted = opening_agency(table) if not table.empty else None
    follow_url("agency", lkey(f"{key_prefix}agency"), wanted if wanted in keys else None)  # Back, Forward
    choice = st.sidebar.selectbox(
        tr("pick_agency"),
        keys,
        index=keys.index(wanted) if wanted in keys else 0,
        format_func=lambda k: labels.get(k) or names.get(k, tr("m_new_agency")),
        key=lkey(f"{key_prefix}agency"),
    )
    if choice == NEW_AGENCY:
        typed = clean_label(st.sidebar.text_input(tr("m_new_agency_name"), key=f"{key_prefix}agency_name"))
        agency_key, agency = (compact(typed), typed) if typed else (None, "")
    else:
        agency_key, agency = choice, names[choice]
    stored = [y for k, _, y, _ in scopes if k == agency_key]
    fy, year = query_int("fy"), query_int("year")
    years, default = measure_year_choices(
        result_years(table, agency_key) if agency_key else [], stored, fy or (year + 1 if year else None)
    )
    follow_url("fy", lkey(f"{key_prefix}fy"), fy if fy in years else None)
    chosen = st.sidebar.selectbox(
        tr("m_pick_fiscal_year"),
        years,
        index=years.index(default),
        format_func=lambda y: f"{tr('year_prefix')} {y}",
        key=lkey(f"{key_prefix}fy"),
    )
    if agency_key:
        _say_missed(missed, agency_key, chosen, labels.get(agency_key) or agency)
        set_param("agency", agency_key)
    set_param("fy", str(chosen))
    return agency_key, agency, chosen


def measure_scope(table: pd.DataFrame, title_key: str) -> tuple[str, str, int]:
    """The top of a page about one agency's measures (measures, follow-up): its title, then the agency and fiscal
    year picked in the sidebar. Without an agency the page says to pick one and stops there."""
    st.title(tr(title_key))
    agency_key, agency, year = select_measure_scope(table)
    if not agency_key:
        st.info(tr("m_pick_agency"))
        stop()
    return agency_key, agency, year


def ask_editor_name(agency_keys: list[str] | None = None) -> str:
    """Who is editing. Signed in: the account, when it may edit these agencies' measures (else a note that it may
    only view, and ""). Personal mode: without a name (sidebar field), the page asks for it once; editing waits."""
    from ita.access.roles import role_name
    from ita.app.state import SIGNED_IN, acting_user

    if st.session_state.get(SIGNED_IN) is not None:
        actor = acting_user()
        if actor.can("edit_measures", agency_keys):
            return actor.name
        if actor.can("edit_measures"):  # an editor of other agencies: which, not "ask for editing rights"
            names, _ = agency_choices(False)
            own = sorted(names.get(k, k.split("@")[0]).split(" · ")[0] for k in actor.agencies)
            st.info(tr("access_other_agencies", agencies=", ".join(own)), icon=":material/visibility:")
            return ""
        st.info(tr("access_view_only", role=role_name(actor.role, lang())), icon=":material/visibility:")
        return ""
    name = editor_name()
    if name:
        return name

    def take() -> None:
        st.session_state["editor_name"] = str(st.session_state.get("m_editor_name_prompt", "")).strip()

    with st.container(border=True):
        st.warning(tr("m_name_needed"), icon=":material/badge:")
        c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
        c1.text_input(tr("editor_name"), key="m_editor_name_prompt", placeholder=tr("editor_name_placeholder"))
        c2.button(tr("m_name_ok"), on_click=take, key="m_editor_name_ok", type="primary")
    return ""
