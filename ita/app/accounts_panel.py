"""Office accounts managed in the app, on the Data page, for a signed-in administrator (``ITA_SIGNIN=accounts``):
the accounts with their role, agencies and state; a form to add one; a form to change one (role, agencies, name,
whether it may sign in, a new password). Every change goes through ``ita.storage.accounts``, which checks the role,
keeps an active administrator, hashes the password and writes the administrators' log."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from ita.access.claims import roles_file
from ita.access.roles import VIEWER, Actor, NotAllowed, role_name, rules
from ita.app.errors import db_guarded
from ita.app.loaders import agency_choices, engine
from ita.app.signin import mode, role_map, signed_in
from ita.app.state import SIGNED_IN, acting_user, lang, tr
from ita.common.text import t
from ita.common.thai import be_datetime
from ita.storage import accounts

_SAID = "_accounts_said"  # (level, text) of the last add or change, shown once on the next run


def accounts_panel() -> None:
    """For a signed-in administrator: the office accounts, to manage; with organisation sign-in, the rules that
    give roles (kept in the mapping file on the server, ``docs/administration.md``), to read."""
    actor = acting_user()
    if st.session_state.get(SIGNED_IN) is None or not actor.can("manage_accounts"):
        return
    if mode() == "oidc":
        _role_rules()
    if mode() != "accounts":
        return
    listed = accounts.listed(engine(), actor)
    with st.expander(tr("accounts_title", count=len(listed)), icon=":material/manage_accounts:"):
        said = st.session_state.pop(_SAID, None)
        if said:
            getattr(st, said[0])(said[1])
        labels = agency_choices()[0]
        st.dataframe(_table(listed, labels), hide_index=True, width="stretch", key="accounts_table")
        _add_form(labels)
        if listed:
            _change_form(listed, labels)


def _role_rules() -> None:
    """The organisation sign-in's rules as the servers read them, read-only: who gets which role."""
    mapping = role_map()
    labels = agency_choices()[0]
    with st.expander(tr("oidc_rules_title", count=len(mapping.rules)), icon=":material/badge:"):
        st.caption(tr("oidc_rules_where", file=str(roles_file())))
        rows = [
            {
                t("accounts_role", lang()): role_name(rule.role, lang()),
                t("oidc_rules_emails", lang()): ", ".join(sorted(rule.emails)),
                t("oidc_rules_domains", lang()): ", ".join(sorted(rule.domains)),
                t("oidc_rules_groups", lang()): ", ".join(sorted(rule.groups)),
                t("accounts_agencies", lang()): ", ".join(labels.get(k, k) for k in sorted(rule.agencies))
                or (t("accounts_all_agencies", lang()) if rule.role == "editor" else ""),
            }
            for rule in mapping.rules
        ]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="oidc_rules")
        required = "; ".join(f"{name} = {' / '.join(sorted(values))}" for name, values in mapping.require)
        st.markdown(
            tr(
                "oidc_rules_more",
                default=role_name(mapping.default_role, lang())
                if mapping.default_role
                else t("oidc_rules_nobody", lang()),
                required=required or t("oidc_rules_none", lang()),
                blocked=len(mapping.blocked),
            )
        )


def _state(account: accounts.Account) -> str:
    if not account.active:
        return t("accounts_disabled", lang())
    if account.locked_until is not None and account.locked_until > dt.datetime.now(dt.UTC).replace(tzinfo=None):
        return t("accounts_locked", lang(), until=be_datetime(account.locked_until))
    return t("accounts_active", lang())


def _table(listed: list[accounts.Account], labels: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                t("accounts_username", lang()): a.username,
                t("accounts_display_name", lang()): a.display_name,
                t("accounts_role", lang()): role_name(a.role, lang()),
                # Only an editor's agencies mean anything: a viewer edits none, an administrator all.
                t("accounts_agencies", lang()): (
                    ", ".join(labels.get(k, k) for k in a.agencies) or t("accounts_all_agencies", lang())
                )
                if a.role == "editor"
                else "–",
                t("accounts_state", lang()): _state(a),
            }
            for a in listed
        ]
    )


def _role_picker(key: str, value: str = "viewer") -> str:
    roles = list(rules().roles)
    return st.selectbox(
        tr("accounts_role"), roles, index=roles.index(value), key=key, format_func=lambda r: role_name(r, lang())
    )


def _agency_picker(key: str, labels: dict[str, str], value: tuple[str, ...] = ()) -> list[str]:
    options = list(labels) + [k for k in value if k not in labels]  # an agency no longer loaded stays given
    return st.multiselect(
        tr("accounts_agencies"),
        options,
        default=list(value),
        key=key,
        format_func=lambda k: labels.get(k, k),
        placeholder=tr("accounts_all_agencies"),
        help=tr("accounts_agencies_help"),
    )


def _passwords(first: str, second: str, needed: bool = False) -> str | None:
    """The password typed twice (None: none typed, when not ``needed``); a mismatch is an ``AccountError``, and
    so is none for a new account (it could never sign in)."""
    if first != second:
        raise accounts.AccountError("accounts_password_mismatch")
    if needed and not first:
        raise accounts.AccountError("account_password_short", length=accounts.MIN_PASSWORD)
    return first or None


def _add_form(labels: dict[str, str]) -> None:
    with st.form("account_add"):
        st.markdown(f"**{tr('accounts_add_title')}**")
        c1, c2 = st.columns(2)
        c1.text_input(tr("accounts_username"), key="acc_new_username", max_chars=200)
        c2.text_input(tr("accounts_display_name"), key="acc_new_name", max_chars=200)
        c1, c2 = st.columns(2)
        with c1:
            _role_picker("acc_new_role")
        with c2:
            _agency_picker("acc_new_agencies", labels)
        c1, c2 = st.columns(2)
        c1.text_input(tr("accounts_password"), type="password", key="acc_new_password")
        c2.text_input(tr("accounts_password_again"), type="password", key="acc_new_password2")
        st.form_submit_button(tr("accounts_add_button"), type="primary", on_click=db_guarded(_add))


def _fresh_actor() -> Actor:
    """The signed-in user as the database says now (not as at the last run: an administrator demoted or disabled
    since, in another tab or by another administrator, may no longer manage accounts)."""
    actor = signed_in()
    if actor is None:
        raise NotAllowed(Actor("", VIEWER), "manage_accounts")
    return actor


def _forget_passwords(*keys: str) -> None:
    """Typed passwords are not kept in the session once a form has been sent, whether it was saved or not."""
    for key in keys:
        st.session_state[key] = ""


def _add() -> None:
    state = st.session_state
    try:
        made = accounts.add(
            engine(),
            state["acc_new_username"],
            role=state["acc_new_role"],
            who=_fresh_actor(),
            password=_passwords(state["acc_new_password"], state["acc_new_password2"], needed=True),
            display_name=state["acc_new_name"],
            agencies=tuple(state["acc_new_agencies"]),
        )
    except accounts.AccountError as exc:
        state[_SAID] = ("error", tr(exc.code, **exc.values))
        return
    finally:
        _forget_passwords("acc_new_password", "acc_new_password2")
    state["acc_new_username"], state["acc_new_name"], state["acc_new_agencies"] = "", "", []
    state[_SAID] = ("success", tr("accounts_added", username=made.username, role=role_name(made.role, lang())))


def _change_form(listed: list[accounts.Account], labels: dict[str, str]) -> None:
    names = [a.username for a in listed]
    which = st.selectbox(tr("accounts_change_which"), names, key="acc_change_which")
    account = next(a for a in listed if a.username == which)
    key = f"acc_{account.id}_"  # the form's fields start from the chosen account's values
    with st.form("account_change"):
        st.markdown(f"**{tr('accounts_change_title')}**")
        c1, c2 = st.columns(2, vertical_alignment="bottom")
        c1.text_input(tr("accounts_display_name"), value=account.display_name, key=f"{key}name", max_chars=200)
        c2.checkbox(tr("accounts_may_sign_in"), value=account.active, key=f"{key}active")
        c1, c2 = st.columns(2)
        with c1:
            _role_picker(f"{key}role", account.role)
        with c2:
            _agency_picker(f"{key}agencies", labels, account.agencies)
        c1, c2 = st.columns(2)
        c1.text_input(tr("accounts_password_new"), type="password", key=f"{key}password")
        c2.text_input(tr("accounts_password_again"), type="password", key=f"{key}password2")
        st.form_submit_button(tr("accounts_change_button"), on_click=db_guarded(_change), args=(account, key))


def _edits(account: accounts.Account, key: str) -> dict:
    """Only what the administrator changed in the form, so a form drawn before another administrator's change does
    not write back the values it was drawn with."""
    state = st.session_state
    typed = {
        "role": state[f"{key}role"],
        "active": state[f"{key}active"],
        "agencies": tuple(state[f"{key}agencies"]),
        "display_name": state[f"{key}name"].strip(),
    }
    was = {
        "role": account.role,
        "active": account.active,
        "agencies": account.agencies,
        "display_name": account.display_name,
    }
    return {name: value for name, value in typed.items() if value != was[name]}


def _change(account: accounts.Account, key: str) -> None:
    state = st.session_state
    try:
        edits = _edits(account, key)
        password = _passwords(state[f"{key}password"], state[f"{key}password2"])
        if not edits and password is None:
            state[_SAID] = ("info", tr("accounts_nothing_changed"))
            return
        changed = accounts.change(engine(), account.username, who=_fresh_actor(), password=password, **edits)
    except accounts.AccountError as exc:
        state[_SAID] = ("error", tr(exc.code, **exc.values))
        return
    finally:
        _forget_passwords(f"{key}password", f"{key}password2")
    state[_SAID] = ("success", tr("accounts_changed", username=changed.username))
