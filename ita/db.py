"""The app's database: an SQLAlchemy engine from a URL, and per-area schema migrations.

SQLite by default (``data/ita.db`` next to the app, created on first start); any SQLAlchemy URL in
``ITA_DATABASE_URL`` (e.g. ``postgresql+psycopg://user:pw@host/ita``) runs the same code on PostgreSQL.

Each area of the app (datasets, measures) owns its tables and an ordered list of migrations. The
``schema_versions`` table records how far each area has been migrated, so a database made by an older
version of the app is brought up to date with its data intact, one step at a time, each in a transaction.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from sqlalchemy import Column, Connection, Engine, Integer, MetaData, String, Table, create_engine, event, select

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATH = ROOT / "data" / "ita.db"
ENV_URL = "ITA_DATABASE_URL"

# Bookkeeping only; each area declares its own tables on its own MetaData.
_meta = MetaData()
schema_versions = Table(
    "schema_versions", _meta,
    Column("area", String(40), primary_key=True),
    Column("version", Integer, nullable=False),
)


def database_url(url: str | None = None) -> str:
    """The URL to use: the argument, else ``ITA_DATABASE_URL``, else the default SQLite file."""
    return url or os.environ.get(ENV_URL) or f"sqlite:///{DEFAULT_PATH}"


def engine_for(url: str | None = None) -> Engine:
    """An engine for ``url`` (see ``database_url``). For SQLite: the folder is created, foreign keys are
    enforced, and writers wait for each other (WAL journal, 30 s busy timeout) instead of failing."""
    url = database_url(url)
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30} if url.startswith("sqlite") else {})
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # noqa: ANN001 (DB-API objects)
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA busy_timeout = 30000")
            cursor.close()
    return engine


@dataclass(frozen=True)
class Migration:
    version: int                          # 1, 2, 3 ... within its area
    description: str
    up: Callable[[Connection], None]      # runs inside a transaction


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
    for step in steps:
        if step.version <= current or (target is not None and step.version > target):
            continue
        with engine.begin() as conn:
            step.up(conn)
            if current == 0:
                conn.execute(schema_versions.insert().values(area=area, version=step.version))
            else:
                conn.execute(schema_versions.update().where(schema_versions.c.area == area)
                             .values(version=step.version))
        current = step.version
    return current
