"""The app's database: an SQLAlchemy engine from a URL, and per-area schema migrations.

SQLite by default (``data/ita.db`` next to the app, created on first start); any SQLAlchemy URL in
``ITA_DATABASE_URL`` (e.g. ``postgresql+psycopg://user:pw@host/ita``) runs the same code on PostgreSQL.

Each area of the app (datasets, measures) owns its tables and an ordered list of migrations. The
``schema_versions`` table records how far each area has been migrated, so a database made by an older
version of the app is brought up to date with its data intact, one step at a time, each in a transaction.

A database that cannot do what is asked (read-only, full, locked past the busy timeout, unreachable, or
made by a newer version of the app) raises ``DatabaseError``, which names the database (password hidden)
and says what to do, in Thai and English. Every engine made here turns driver errors into it in one place
(its ``handle_error`` event), so the pages and the CLI catch one type.

Settings (environment variables):

| variable | default | meaning |
|---|---|---|
| ``ITA_DATABASE_URL`` | ``sqlite:///data/ita.db`` | the database (any SQLAlchemy URL) |
| ``ITA_DB_BUSY_TIMEOUT`` | 30 | seconds a SQLite writer waits for another writer before "locked" |
| ``ITA_DB_CONNECT_TIMEOUT`` | 10 | seconds to wait for a database server (PostgreSQL) to answer |
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Connection, Engine, Integer, MetaData, String, Table, create_engine, event, select
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url

from ita.common.settings import env_number
from ita.common.text import t

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PATH = ROOT / "data" / "ita.db"
ENV_URL = "ITA_DATABASE_URL"
ENV_BUSY_TIMEOUT = "ITA_DB_BUSY_TIMEOUT"  # seconds; default BUSY_TIMEOUT
ENV_CONNECT_TIMEOUT = "ITA_DB_CONNECT_TIMEOUT"  # seconds; default CONNECT_TIMEOUT
BUSY_TIMEOUT = 30.0
CONNECT_TIMEOUT = 10.0

# Bookkeeping only; each area declares its own tables on its own MetaData.
_meta = MetaData()
schema_versions = Table(
    "schema_versions",
    _meta,
    Column("area", String(40), primary_key=True),
    Column("version", Integer, nullable=False),
)


def database_url(url: str | None = None) -> str:
    """The URL to use: the argument, else ``ITA_DATABASE_URL``, else the default SQLite file."""
    return url or os.environ.get(ENV_URL) or f"sqlite:///{DEFAULT_PATH}"


def shown_url(url: str) -> str:
    """The database as it may be shown to a user or written to a log: a SQLite file by its path, any other
    URL with the password replaced by ``***``."""
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a URL SQLAlchemy cannot parse is shown without what follows '@'
        return url.split("@")[-1] if "@" in url else url


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (plain or ``file:`` URI form), or None for memory and other databases."""
    try:
        parsed = make_url(url)
    except Exception:  # noqa: BLE001 - not a URL SQLAlchemy knows: not a SQLite file either
        return None
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    database = parsed.database
    if str(parsed.query.get("uri", "")).lower() in ("true", "1"):
        database = database.removeprefix("file:")
        if not database or database.startswith(":memory:") or parsed.query.get("mode") == "memory":
            return None
    return Path(database)


def engine_for(url: str | None = None) -> Engine:
    """An engine for ``url`` (see ``database_url``). For SQLite: the folder is created, foreign keys are
    enforced, and writers wait for each other (WAL journal, ``ITA_DB_BUSY_TIMEOUT`` s) instead of failing.
    Driver errors of every statement and connection become ``DatabaseError`` (see ``explain``)."""
    url = database_url(url)
    path = sqlite_path(url)
    read_only = "mode=ro" in url
    if path is not None and not read_only:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise explain(exc, url) from exc
    busy = env_number(ENV_BUSY_TIMEOUT, BUSY_TIMEOUT, low=0)
    if url.startswith("sqlite"):
        connect_args: dict[str, Any] = {"timeout": busy}
    elif url.startswith("postgresql"):
        connect_args = {"connect_timeout": max(1, round(env_number(ENV_CONNECT_TIMEOUT, CONNECT_TIMEOUT, low=0)))}
    else:
        connect_args = {}
    try:
        engine = create_engine(url, connect_args=connect_args)
    except (sa_exc.ArgumentError, sa_exc.NoSuchModuleError, ImportError) as exc:  # a URL nobody can use
        raise DatabaseError("bad_url", shown_url(url), " ".join(str(exc).split())[:200]) from exc
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # noqa: ANN001 (DB-API objects)
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute(f"PRAGMA busy_timeout = {int(busy * 1000)}")
            try:
                cursor.execute("PRAGMA journal_mode = WAL")
            except Exception as exc:  # noqa: BLE001 - a read-only database stays readable in its own journal mode
                logging.getLogger("ita").info("%s: journal mode left as it is (%s)", shown_url(url), exc)
            cursor.close()

    @event.listens_for(engine, "handle_error")
    def _typed(context) -> None:  # noqa: ANN001 (SQLAlchemy's ExceptionContext)
        problem = explain(context.original_exception, url, disconnect=context.is_disconnect)
        if problem.cause != "other":
            raise problem from context.original_exception

    return engine


# --------------------------------------------------------------------------- what went wrong, for a person

# Markers in driver messages (lower case) and PostgreSQL SQLSTATE codes, per cause, checked in this order.
_CAUSES: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    ("read_only", ("readonly database", "read-only transaction", "permission denied"), ("25006", "42501")),
    ("full", ("database or disk is full", "disk is full", "no space left", "disk full"), ("53100",)),
    (
        "locked",
        ("database is locked", "database table is locked", "lock timeout", "could not obtain lock"),
        ("55P03", "40P01"),
    ),
    ("not_a_database", ("file is not a database", "database disk image is malformed"), ()),
    (
        "unreachable",
        (
            "unable to open database file",
            "could not connect",
            "connection refused",
            "connection failed",
            "could not translate host name",
            "timeout expired",
            "server closed the connection",
            "password authentication failed",
            "no such host",
            "terminating connection",
        ),
        ("08000", "08001", "08003", "08004", "08006", "28000", "28P01", "3D000", "53300", "57P01", "57P03"),
    ),
]


class DatabaseError(Exception):
    """The database could not do what was asked. ``cause``: read_only, full, locked, unreachable,
    not_a_database, newer_schema, bad_url or other; ``database``: its URL with the password hidden; ``detail``: the
    driver's own words. ``message(lang)`` says what is wrong and what to do. Nothing was half-written: the
    transaction that met it was rolled back."""

    def __init__(self, cause: str, database: str, detail: str = "", **values: Any) -> None:
        super().__init__(cause, database, detail)
        self.cause, self.database, self.detail, self.values = cause, database, detail, values

    def message(self, lang: str = "th") -> str:
        return t(
            f"db_{self.cause}",
            lang,
            database=self.database,
            detail=self.detail,
            busy=f"{env_number(ENV_BUSY_TIMEOUT, BUSY_TIMEOUT, low=0):g}",
            **self.values,
        )

    def __str__(self) -> str:
        return self.message("en")


@dataclass(frozen=True)
class _Seen:
    """What ``explain`` reads in an error: the error itself, its words in lower case, its SQLSTATE (or ''),
    and whether the pool saw the connection drop."""

    error: BaseException
    text: str
    code: str
    disconnect: bool


def _names(markers: tuple[str, ...], codes: tuple[str, ...]) -> Callable[[_Seen], bool]:
    """A predicate: the error carries one of ``codes`` or its words contain one of ``markers``."""
    return lambda seen: seen.code in codes or any(marker in seen.text for marker in markers)


# An error → its cause: the first predicate that holds names it; none holding, the cause is "other". OS errors
# come first (a file the process may not write, a disk full, a path that cannot be reached), then the driver's
# words and codes, then a connection that was never made or was lost.
_RULES: tuple[tuple[Callable[[_Seen], bool], str], ...] = (
    (lambda seen: isinstance(seen.error, PermissionError), "read_only"),
    (lambda seen: isinstance(seen.error, OSError) and getattr(seen.error, "errno", None) == 28, "full"),
    (lambda seen: isinstance(seen.error, OSError), "unreachable"),
    *((_names(markers, codes), name) for name, markers, codes in _CAUSES),
    (lambda seen: seen.disconnect or _is_connect_failure(seen.error), "unreachable"),
)


def explain(exc: BaseException, url: str, *, disconnect: bool = False) -> DatabaseError:
    """``exc`` (a DB-API, SQLAlchemy or OS error met while using the database at ``url``) as a
    ``DatabaseError``; its ``cause`` is ``other`` when it is not one a person can act on (a bug of ours)."""
    if isinstance(exc, DatabaseError):
        return exc
    original = getattr(exc, "orig", None) or exc
    code = str(getattr(original, "sqlstate", None) or getattr(original, "pgcode", None) or "")
    seen = _Seen(original, str(original).lower(), code, disconnect)
    cause = next((name for holds, name in _RULES if holds(seen)), "other")
    detail = " ".join(str(original).split())[:200]
    return DatabaseError(cause, shown_url(url), detail.replace(_password(url), "***") if _password(url) else detail)


def _is_connect_failure(error: BaseException) -> bool:
    # psycopg raises OperationalError without a SQLSTATE when it never reached the server.
    return (
        type(error).__name__ == "OperationalError"
        and type(error).__module__.startswith("psycopg")
        and not getattr(error, "sqlstate", None)
    )


def _password(url: str) -> str:
    try:
        return make_url(url).password or ""
    except Exception:  # noqa: BLE001 - no parsable URL, no password to hide
        return ""


@dataclass(frozen=True)
class Migration:
    version: int  # 1, 2, 3 ... within its area
    description: str
    up: Callable[[Connection], None]  # runs inside a transaction


def schema_version(engine: Engine, area: str) -> int:
    _meta.create_all(engine, tables=[schema_versions])
    with engine.connect() as conn:
        found = conn.execute(select(schema_versions.c.version).where(schema_versions.c.area == area)).scalar()
    return int(found or 0)


def migrate(engine: Engine, area: str, migrations: Sequence[Migration], target: int | None = None) -> int:
    """Apply the area's pending migrations in order (up to ``target``); returns the version reached."""
    steps = sorted(migrations, key=lambda m: m.version)
    if [m.version for m in steps] != list(range(1, len(steps) + 1)):
        raise ValueError(f"{area}: migrations must be numbered 1..N, got {[m.version for m in steps]}")
    current = schema_version(engine, area)
    if current > len(steps):  # a newer app migrated this database: writing with older code could break it
        raise DatabaseError(
            "newer_schema",
            shown_url(engine.url.render_as_string(hide_password=False)),
            area=area,
            found=current,
            known=len(steps),
        )
    for step in steps:
        if step.version <= current or (target is not None and step.version > target):
            continue
        with engine.begin() as conn:
            step.up(conn)
            if current == 0:
                conn.execute(schema_versions.insert().values(area=area, version=step.version))
            else:
                conn.execute(
                    schema_versions.update().where(schema_versions.c.area == area).values(version=step.version)
                )
        current = step.version
    return current
