"""Sign-in sessions of office accounts (issue 12): the cookie is signed (itsdangerous), the database keeps only a
hash, signing out or disabling the account ends it on every server, and servers on one database share the key."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from ita.access.roles import ADMIN, EDITOR, Actor
from ita.storage import accounts, sessions
from ita.storage.db import engine_for

ADMIN_USER = Actor("ผู้ดูแล", ADMIN)


def test_a_session_names_its_account_on_every_server_until_it_ends(engine, tmp_path, monkeypatch):
    account = accounts.add(engine, "yuwadee", role=EDITOR, who=ADMIN_USER, password="correct-horse-9")
    cookie = sessions.open_session(engine, account)
    assert sessions.actor_for(engine, cookie) == account.actor()
    other_server = engine_for(f"sqlite:///{tmp_path / 'ita.db'}")  # another process on the same database
    assert sessions.actor_for(other_server, cookie) == account.actor()
    with engine.connect() as conn:
        stored = conn.execute(select(sessions.sessions.c.token_hash)).scalar_one()
    assert len(stored) == 64 and stored not in cookie  # only a hash of the id is kept
    for bad in (None, "", cookie[:-2] + ("AA" if not cookie.endswith("AA") else "BB"), "not.a.cookie"):
        assert sessions.actor_for(engine, bad) is None
    later = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(hours=sessions.SESSION_HOURS + 1)
    monkeypatch.setattr(sessions, "_now", lambda: later)
    assert sessions.actor_for(engine, cookie) is None  # expired
    monkeypatch.undo()
    sessions.close_session(other_server, cookie)  # signed out on one server: ended on all
    assert sessions.actor_for(engine, cookie) is None
    again = sessions.open_session(engine, account)
    accounts.change(engine, "yuwadee", who=ADMIN_USER, active=False)
    assert sessions.actor_for(engine, again) is None  # an account disabled since cannot go on
    other_server.dispose()


def test_after_signing_in_the_page_goes_only_to_a_path_of_this_app():
    from ita.web.signin import safe_path

    assert safe_path("/overview?year=2566&types=%E0%B8%81") == "/overview?year=2566&types=%E0%B8%81"
    for elsewhere in ("https://evil.example/", "//evil.example", "/\t/evil.example", "/\\evil.example", "", None):
        assert safe_path(elsewhere) == "/", elsewhere


def test_a_new_password_or_a_disabled_account_ends_its_sessions_but_a_role_change_applies_at_once(engine):
    boss = Actor("setup", ADMIN)
    accounts.add(engine, "admin", role=ADMIN, who=boss, password="admin-pass-123")
    account = accounts.add(engine, "somsri", role="editor", who=boss, password="editor-pass-123")
    cookie = sessions.open_session(engine, account)
    accounts.change(engine, "somsri", who=boss, role="viewer")
    assert sessions.actor_for(engine, cookie).role == "viewer"  # the same session, the new role
    accounts.change(engine, "somsri", who=boss, password="a-new-password-1")
    assert sessions.actor_for(engine, cookie) is None  # whoever had the old password is signed out
    cookie = sessions.open_session(engine, accounts.find(engine, "somsri"))
    accounts.change(engine, "somsri", who=boss, active=False)
    accounts.change(engine, "somsri", who=boss, active=True)
    assert sessions.actor_for(engine, cookie) is None  # enabling again does not revive a session
