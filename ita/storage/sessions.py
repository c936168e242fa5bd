"""Sign-in sessions for office accounts: what the browser's ``ita_session`` cookie names.

The cookie holds a random session id (``secrets``), signed and time-stamped with ``itsdangerous`` (Pallets' library
for exactly this: a tampered or expired cookie is refused without a database look-up, and no signing is written
here). The database keeps only the id's SHA-256, the account and the expiry, so a stolen database holds no usable
session, and signing out (or disabling the account) ends a session on every server at once. The signing key is
made once and kept in the database, so every app server behind the load balancer shares it with no configuration.
The table is made by the datasets area's migrations (``ita.storage.dataset_migrations``, v5).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from functools import lru_cache

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import Boolean, Column, Connection, DateTime, Engine, Integer, MetaData, String, Table, select, update
from sqlalchemy.exc import IntegrityError

from ita.access.roles import Actor
from ita.common.settings import env_number
from ita.storage import accounts

COOKIE = "ita_session"
SESSION_HOURS = env_number("ITA_SESSION_HOURS", 12, low=0.01)  # a session ends this long after sign-in
SECRET_FLAG = "session_secret"  # app flag: the signing key, made on first use

metadata = MetaData()
sessions = Table(
    "sessions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("username", String(200), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("ended", Boolean, nullable=False, default=False),
)


def create_table(conn: Connection) -> None:
    """v5 of the datasets area."""
    metadata.create_all(conn, tables=[sessions])


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@lru_cache(maxsize=16)
def _key(engine: Engine) -> str:
    """The signing key kept in the database, made on first use; read once per engine (it never changes), since the
    signed-in user is checked on every run."""
    from ita.storage.datasets import app_flags

    read = select(app_flags.c.value).where(app_flags.c.name == SECRET_FLAG)
    with engine.connect() as conn:
        found = conn.execute(read).scalar()
    if found is None:
        try:
            with engine.begin() as conn:
                conn.execute(app_flags.insert().values(name=SECRET_FLAG, value=secrets.token_urlsafe(48)))
        except IntegrityError:
            pass  # another server made it first: theirs is the key, read below
        with engine.connect() as conn:
            found = conn.execute(read).scalar()
    return str(found)


def _serializer(engine: Engine, salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(_key(engine), salt=salt)


def signer(engine: Engine, purpose: str) -> URLSafeTimedSerializer:
    """A serializer with the shared key for another purpose (the sign-in form's token)."""
    return _serializer(engine, f"ita-{purpose}")


def open_session(engine: Engine, account: accounts.Account) -> str:
    """A new session for ``account``: the cookie's value."""
    token = secrets.token_urlsafe(32)
    now = _now()
    with engine.begin() as conn:
        conn.execute(
            sessions.insert().values(
                token_hash=_hash(token),
                username=account.username,
                created_at=now,
                expires_at=now + dt.timedelta(hours=SESSION_HOURS),
                ended=False,
            )
        )
    return _serializer(engine, "ita-session").dumps(token)


def _token(engine: Engine, cookie: str | None) -> str | None:
    if not cookie:
        return None
    try:
        return str(_serializer(engine, "ita-session").loads(cookie, max_age=int(SESSION_HOURS * 3600)))
    except BadSignature:  # tampered, made with another key, or expired (SignatureExpired is one)
        return None


def actor_for(engine: Engine, cookie: str | None) -> Actor | None:
    """The signed-in user a cookie names, or None: no cookie, a bad or old one, a session ended, or an account
    disabled since."""
    token = _token(engine, cookie)
    if token is None:
        return None
    with engine.connect() as conn:
        row = conn.execute(select(sessions).where(sessions.c.token_hash == _hash(token))).first()
    if row is None or row.ended or row.expires_at <= _now():
        return None
    account = accounts.find(engine, row.username)
    return account.actor() if account is not None and account.active else None


def close_session(engine: Engine, cookie: str | None) -> None:
    """Sign out: the session ends on every server."""
    token = _token(engine, cookie)
    if token is not None:
        with engine.begin() as conn:
            conn.execute(update(sessions).where(sessions.c.token_hash == _hash(token)).values(ended=True))
