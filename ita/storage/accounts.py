"""Office accounts, for an office with no identity provider: a user name, a display name, a role, the agencies an
editor may edit, and a password kept only as an Argon2id hash (argon2-cffi, the reference implementation's
binding; nothing here is hand-made cryptography).

Signing in (``verify``) is slowed down after failed attempts: each failure in a row locks the account for longer
(``ITA_SIGNIN_DELAY_SECONDS`` doubled per failure after the first ``ITA_SIGNIN_FREE_ATTEMPTS``, at most
``ITA_SIGNIN_MAX_DELAY_SECONDS``), so guessing a password from the sign-in page is impractical; a success clears
the count. A disabled account cannot sign in. Every change is an admin action (``require``) and goes into the
administrators' log. The table is made by the datasets area's migrations (``ita.storage.dataset_migrations``, v4).
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    select,
    update,
)

from ita.access.roles import ADMIN, Actor, require, rules
from ita.common.settings import env_number
from ita.storage import audit

metadata = MetaData()
users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(200), nullable=False, unique=True),  # casefolded; an e-mail for OIDC users
    Column("display_name", String(200), nullable=False, default=""),
    Column("password_hash", Text, nullable=True),  # none: signs in through the organisation's provider only
    Column("role", String(20), nullable=False),
    Column("agencies", Text, nullable=False, default="[]"),  # JSON list of agency keys; empty: all
    Column("active", Boolean, nullable=False, default=True),
    Column("failed", Integer, nullable=False, default=0),
    Column("locked_until", DateTime, nullable=True),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

MIN_PASSWORD = int(env_number("ITA_MIN_PASSWORD_LENGTH", 10, low=8))  # characters
FREE_ATTEMPTS = int(env_number("ITA_SIGNIN_FREE_ATTEMPTS", 3, low=0))
DELAY_SECONDS = env_number("ITA_SIGNIN_DELAY_SECONDS", 2, low=0)
MAX_DELAY_SECONDS = env_number("ITA_SIGNIN_MAX_DELAY_SECONDS", 900, low=0)
_HASHER = PasswordHasher()  # Argon2id with the library's recommended parameters


def create_table(conn: Connection) -> None:
    """v4 of the datasets area."""
    metadata.create_all(conn, tables=[users])


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    display_name: str
    role: str
    agencies: tuple[str, ...]
    active: bool
    has_password: bool
    failed: int
    locked_until: dt.datetime | None

    def actor(self) -> Actor:
        """The signed-in user this account is."""
        return Actor(self.display_name or self.username, self.role, frozenset(self.agencies), signed_in=True)


class AccountError(ValueError):
    """A change refused: ``code`` names the reason (a text key), ``values`` fill it in."""

    def __init__(self, code: str, **values) -> None:
        super().__init__(code, values)
        self.code, self.values = code, values


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _name(username: str) -> str:
    return username.strip().casefold()


def _account(r) -> Account:
    return Account(
        r.id,
        r.username,
        r.display_name,
        r.role,
        tuple(json.loads(r.agencies or "[]")),
        bool(r.active),
        bool(r.password_hash),
        r.failed,
        r.locked_until,
    )


def _check_password(password: str | None) -> None:
    if password is not None and len(password) < MIN_PASSWORD:
        raise AccountError("account_password_short", length=MIN_PASSWORD)


def _check_role(role: str) -> None:
    if role not in rules().roles:
        raise AccountError("account_role_unknown", role=role, roles=", ".join(rules().roles))


def listed(engine: Engine, who: Actor | str) -> list[Account]:
    require(who, "manage_accounts")
    with engine.connect() as conn:
        return [_account(r) for r in conn.execute(select(users).order_by(users.c.username))]


def find(engine: Engine, username: str) -> Account | None:
    with engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.username == _name(username))).first()
    return _account(row) if row else None


def add(
    engine: Engine,
    username: str,
    *,
    role: str,
    who: Actor | str,
    password: str | None = None,
    display_name: str = "",
    agencies: tuple[str, ...] = (),
) -> Account:
    """A new account (``password`` None: signs in only through the organisation's provider). Refused for a name
    already taken, an unknown role or a short password."""
    actor = require(who, "manage_accounts")
    name = _name(username)
    if not name:
        raise AccountError("account_name_empty")
    _check_role(role)
    _check_password(password)
    now = _now()
    with engine.begin() as conn:
        if conn.execute(select(users.c.id).where(users.c.username == name)).first():
            raise AccountError("account_exists", username=name)
        conn.execute(
            users.insert().values(
                username=name,
                display_name=display_name.strip(),
                password_hash=_HASHER.hash(password) if password else None,
                role=role,
                agencies=json.dumps(list(agencies), ensure_ascii=False),
                active=True,
                failed=0,
                created_at=now,
                updated_at=now,
            )
        )
        given = {"agencies": list(agencies)} if role == "editor" else {}  # agencies are an editor's only
        audit.record(conn, actor, "manage_accounts", name, "account_added", role=role, changes=given)
    found = find(engine, name)
    assert found is not None  # just written
    return found


def change(
    engine: Engine,
    username: str,
    *,
    who: Actor | str,
    role: str | None = None,
    password: str | None = None,
    active: bool | None = None,
    agencies: tuple[str, ...] | None = None,
    display_name: str | None = None,
) -> Account:
    """Change an account's role, password, agencies, name, or whether it may sign in; logged without the
    password."""
    actor = require(who, "manage_accounts")
    name = _name(username)
    values: dict = {}
    if role is not None:
        _check_role(role)
        values["role"] = role
    if password is not None:
        _check_password(password)
        values.update(password_hash=_HASHER.hash(password), failed=0, locked_until=None)
    if active is not None:
        values["active"] = active
    if agencies is not None:
        values["agencies"] = json.dumps(list(agencies), ensure_ascii=False)
    if display_name is not None:
        values["display_name"] = display_name.strip()
    with engine.begin() as conn:
        _keep_an_admin(conn, name, values)
        done = conn.execute(update(users).where(users.c.username == name).values(updated_at=_now(), **values))
        if not done.rowcount:
            raise AccountError("account_unknown", username=name)
        if password is not None or active is False:
            _end_sessions(conn, name)
        changes = {
            "role": role,
            "password": True if password is not None else None,
            "active": active,
            "agencies": None if agencies is None else list(agencies),
            "display_name": None if display_name is None else values["display_name"],
        }
        said = {field: value for field, value in changes.items() if value is not None}
        audit.record(conn, actor, "manage_accounts", name, "account_changed", changes=said)
    found = find(engine, name)
    assert found is not None
    return found


def _keep_an_admin(conn: Connection, name: str, values: dict) -> None:
    """Refuse a change that would leave no active administrator who can sign in (nobody could manage accounts
    any more). The administrators' rows are locked for the transaction (PostgreSQL), so two administrators demoting
    each other at the same moment cannot both pass."""
    if values.get("role", ADMIN) == ADMIN and values.get("active", True):
        return
    able = users.c.role == ADMIN, users.c.active.is_(True), users.c.password_hash.is_not(None)
    admins = conn.execute(select(users.c.username).where(*able).with_for_update()).scalars()
    if set(admins) == {name}:
        raise AccountError("account_last_admin", username=name)


def _end_sessions(conn: Connection, name: str) -> None:
    """A new password or a disabled account ends the account's sessions on every server (someone who had the old
    password is signed out)."""
    from ita.storage.sessions import sessions

    conn.execute(update(sessions).where(sessions.c.username == name).values(ended=True))


def _delay(failed: int) -> float:
    """Seconds an account stays locked after ``failed`` failures in a row."""
    if failed <= FREE_ATTEMPTS:
        return 0.0
    return float(min(MAX_DELAY_SECONDS, DELAY_SECONDS * 2 ** (failed - FREE_ATTEMPTS - 1)))


@dataclass(frozen=True)
class SignIn:
    """The answer to a sign-in: the account (None when refused), or why not (``reason``: a text key) and, when
    locked, for how many more seconds."""

    account: Account | None
    reason: str = ""
    wait_seconds: int = 0


# Wrong tries on names that have no account, slowed down as an account's are: a lock that only real accounts got
# would tell a guesser which names exist. Kept in this server's memory, the most recent names only.
UNKNOWN_NAMES_KEPT = 10_000
_unknown: OrderedDict[str, tuple[int, dt.datetime | None]] = OrderedDict()
_unknown_lock = threading.Lock()


def _unknown_name(name: str, now: dt.datetime) -> SignIn:
    """The answer for a name without an account: the refusals and locks a real account's wrong passwords get."""
    with _unknown_lock:
        failed, until = _unknown.get(name, (0, None))
        if until and until > now:
            return SignIn(None, "signin_locked", int((until - now).total_seconds()) + 1)
        failed += 1
        wait = _delay(failed)
        _unknown[name] = (failed, now + dt.timedelta(seconds=wait) if wait else None)
        _unknown.move_to_end(name)
        while len(_unknown) > UNKNOWN_NAMES_KEPT:
            _unknown.popitem(last=False)
    return SignIn(None, "signin_refused", int(wait))


def verify(engine: Engine, username: str, password: str, now: dt.datetime | None = None) -> SignIn:
    """Check a user name and password. The same refusal for an unknown name and a wrong password (no hint which);
    a locked account is refused without checking the password."""
    now = now or _now()
    name = _name(username)
    with engine.begin() as conn:
        row = conn.execute(select(users).where(users.c.username == name)).first()
        if row is None or not row.password_hash:
            _HASHER.hash(password or "-")  # the same work as a real check: the time says nothing either
            return _unknown_name(name, now)
        if row.locked_until and row.locked_until > now:
            return SignIn(None, "signin_locked", int((row.locked_until - now).total_seconds()) + 1)
        try:
            _HASHER.verify(row.password_hash, password)
            ok = True
        except (VerificationError, InvalidHashError):
            ok = False
        if not ok:
            failed = row.failed + 1
            wait = _delay(failed)
            until = now + dt.timedelta(seconds=wait) if wait else None
            conn.execute(update(users).where(users.c.id == row.id).values(failed=failed, locked_until=until))
            return SignIn(None, "signin_refused", int(wait))
        if not row.active:
            return SignIn(None, "signin_disabled")
        values: dict = {"failed": 0, "locked_until": None}
        if _HASHER.check_needs_rehash(row.password_hash):
            values["password_hash"] = _HASHER.hash(password)
        conn.execute(update(users).where(users.c.id == row.id).values(**values))
    found = find(engine, name)
    return SignIn(found)
