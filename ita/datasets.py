"""Uploaded datasets, kept in the app's database so a reload or a restart loses nothing.

A dataset is the file exactly as uploaded (its bytes, name, SHA-256 and upload time) plus the user's
choices for it: the fiscal year for sheets without one, and whether rows with errors are kept. The
tidy table is rebuilt from the stored bytes by the importer (and cached), so nothing is lost and a
better importer improves old uploads too. On first start the bundled samples are added once; a user who
removes them does not get them back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from sqlalchemy import (Boolean, Column, Connection, DateTime, Engine, Integer, LargeBinary, MetaData, String, Table,
                        select)

from ita.db import Migration, migrate

AREA = "datasets"
metadata = MetaData()
datasets = Table(
    "datasets", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(255), nullable=False),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("size", Integer, nullable=False),
    Column("uploaded_at", DateTime, nullable=False),
    Column("uploaded_by", String(120), nullable=False, default=""),
    Column("year", Integer, nullable=True),              # for sheets where the file names no year
    Column("keep_errors", Boolean, nullable=False, default=False),
    Column("content", LargeBinary, nullable=False),
)
app_flags = Table(
    "app_flags", metadata,
    Column("name", String(80), primary_key=True),
    Column("value", String(255), nullable=False),
)


def _v1(conn: Connection) -> None:
    metadata.create_all(conn, tables=[datasets, app_flags])


MIGRATIONS = [Migration(1, "datasets and app flags", _v1)]


def prepare(engine: Engine) -> None:
    """Create or update this area's tables."""
    migrate(engine, AREA, MIGRATIONS)


@dataclass(frozen=True)
class Dataset:
    id: int
    name: str
    sha256: str
    size: int
    uploaded_at: dt.datetime
    uploaded_by: str
    year: int | None
    keep_errors: bool

    @property
    def cache_key(self) -> tuple:
        """What the imported result depends on."""
        return (self.id, self.sha256, self.year, self.keep_errors)


def _row(r) -> Dataset:
    return Dataset(r.id, r.name, r.sha256, r.size, r.uploaded_at, r.uploaded_by, r.year, bool(r.keep_errors))


def add(engine: Engine, name: str, content: bytes, *, year: int | None = None, keep_errors: bool = False,
        uploaded_by: str = "") -> tuple[Dataset, bool]:
    """Store an uploaded file. The same bytes uploaded again return the existing dataset (and False)."""
    digest = hashlib.sha256(content).hexdigest()
    with engine.begin() as conn:
        found = conn.execute(select(datasets).where(datasets.c.sha256 == digest)).first()
        if found is not None:
            return _row(found), False
        taken = set(conn.execute(select(datasets.c.name)).scalars())
        name = _unique_name(name, taken)
        new_id = conn.execute(datasets.insert().values(
            name=name, sha256=digest, size=len(content), uploaded_at=dt.datetime.now().replace(microsecond=0),
            uploaded_by=uploaded_by, year=year, keep_errors=keep_errors, content=content)).inserted_primary_key[0]
        row = conn.execute(select(datasets).where(datasets.c.id == new_id)).one()
    return _row(row), True


def _unique_name(name: str, taken: set[str]) -> str:
    """Names identify a dataset's rows in the table (``source_file``), so a second 'ita.xlsx' becomes
    'ita (2).xlsx'."""
    stem, dot, ext = name.rpartition(".") if "." in name else (name, "", "")
    candidate, n = name, 2
    while candidate in taken:
        candidate = f"{stem} ({n}){dot}{ext}"
        n += 1
    return candidate


def listed(engine: Engine) -> list[Dataset]:
    """Every dataset, oldest first (without the bytes)."""
    cols = [c for c in datasets.c if c.name != "content"]
    with engine.connect() as conn:
        return [_row(r) for r in conn.execute(select(*cols).order_by(datasets.c.id))]


def contents(engine: Engine, ids: Iterable[int]) -> dict[int, bytes]:
    ids = list(ids)
    with engine.connect() as conn:
        rows = conn.execute(select(datasets.c.id, datasets.c.content).where(datasets.c.id.in_(ids)))
        return {r.id: bytes(r.content) for r in rows}


_UNSET = object()


def update(engine: Engine, dataset_id: int, *, year: "int | None | object" = _UNSET,
           keep_errors: bool | None = None) -> None:
    """Change a dataset's choices: its default year (None clears it) or whether error rows are kept."""
    values: dict = {}
    if year is not _UNSET:
        values["year"] = year
    if keep_errors is not None:
        values["keep_errors"] = keep_errors
    if values:
        with engine.begin() as conn:
            conn.execute(datasets.update().where(datasets.c.id == dataset_id).values(**values))


def remove(engine: Engine, dataset_id: int) -> None:
    with engine.begin() as conn:
        conn.execute(datasets.delete().where(datasets.c.id == dataset_id))


def seed_once(engine: Engine, files: Iterable[Path]) -> bool:
    """Add the bundled samples the first time the database is used. True if they were added now."""
    with engine.begin() as conn:
        if conn.execute(select(app_flags.c.value).where(app_flags.c.name == "samples_seeded")).first():
            return False
        conn.execute(app_flags.insert().values(name="samples_seeded", value=dt.datetime.now().isoformat()))
    for path in files:
        add(engine, path.name, path.read_bytes(), uploaded_by="(ตัวอย่าง / sample)")
    return True
