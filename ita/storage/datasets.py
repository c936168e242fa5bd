"""Uploaded datasets, kept in the app's database so a reload or a restart loses nothing.

A dataset is the file exactly as uploaded (its bytes, name, SHA-256 and upload time) plus the user's
choices for it: the fiscal year for sheets without one, and whether rows with errors are kept. The
tidy table is rebuilt from the stored bytes by the importer (and cached), so nothing is lost and a
better importer improves old uploads too. On first start the bundled samples are added once; a user who
removes them does not get them back.

Every dataset has a ``status``. ``ok``: imported on every visit. ``refused``: the importer refused the file as a
whole (too large, not a spreadsheet, a bomb, encrypted, ...); only its name, size, hash and reason are kept, never
its bytes. ``quarantined``: its import failed (the parse worker crashed, ran out of memory or time); its bytes are
kept but it is never imported again, on start-up or on a visit, until it is removed or uploaded again.
``removed``: the user removed it; it stays, unseen, until the next removal so that the removal can be undone
(``restore``); uploading the same bytes again brings it back as a new upload.

The bytes kept (``ok`` and ``quarantined`` datasets) have a ceiling: ``ITA_MAX_STORED_MB`` (default 500 MB);
an upload that would pass it raises ``StorageFull``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    DateTime,
    Engine,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    func,
    select,
)

from ita.access.roles import Actor, require
from ita.common.settings import env_number
from ita.common.text import t
from ita.storage import audit
from ita.storage.dataset_migrations import MIGRATIONS
from ita.storage.db import migrate

OK, REFUSED, QUARANTINED, REMOVED = "ok", "refused", "quarantined", "removed"
STATUSES = (OK, REFUSED, QUARANTINED)  # what an import makes of a file; REMOVED is the user's (see ``remove``)
ENV_MAX_STORED_MB = "ITA_MAX_STORED_MB"
MAX_STORED_MB = 500.0  # default ceiling of the bytes kept for all datasets together

AREA = "datasets"
SAMPLE_UPLOADER = "(ตัวอย่าง / sample)"  # who "uploaded" the bundled samples
metadata = MetaData()
datasets = Table(
    "datasets",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(255), nullable=False),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("size", Integer, nullable=False),
    Column("uploaded_at", DateTime, nullable=False),
    Column("uploaded_by", String(120), nullable=False, default=""),
    Column("year", Integer, nullable=True),  # for sheets where the file names no year
    Column("keep_errors", Boolean, nullable=False, default=False),
    Column("content", LargeBinary, nullable=True),  # v2: none for a refused file
    Column("status", String(20), nullable=False, default=OK),  # v2: ok, refused, quarantined
    Column("reason_th", Text, nullable=False, default=""),  # v2: why it is not ok
    Column("reason_en", Text, nullable=False, default=""),
    Column("preferred", Boolean, nullable=False, default=False),  # v6: its figures win a clash with another file's
)
app_flags = Table(
    "app_flags",
    metadata,
    Column("name", String(80), primary_key=True),
    Column("value", String(255), nullable=False),
)


# --------------------------------------------------------------------------- migrations
# Frozen history, in ``ita.storage.dataset_migrations``: each step declares the tables as they were then.


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
    status: str = OK
    reason_th: str = ""
    reason_en: str = ""
    preferred: bool = False  # its figures are used where another file's differ (``ita.io.duplicates``)

    @property
    def cache_key(self) -> tuple:
        """What the imported result depends on (``uploaded_at`` changes when a refused or quarantined file is
        uploaded again and now imports, so a cached result from before is not reused)."""
        return (self.id, self.sha256, self.year, self.keep_errors, self.uploaded_at, self.preferred)

    @property
    def ok(self) -> bool:
        """Imported on every visit (a refused or quarantined dataset never is)."""
        return self.status == OK

    @property
    def is_sample(self) -> bool:
        """One of the bundled samples (demo figures), not a user's upload."""
        return self.uploaded_by == SAMPLE_UPLOADER

    def reason(self, lang: str = "th") -> str:
        return (self.reason_th if lang == "th" else self.reason_en) or self.reason_th or self.reason_en


def _row(r) -> Dataset:
    return Dataset(
        r.id,
        r.name,
        r.sha256,
        r.size,
        r.uploaded_at,
        r.uploaded_by,
        r.year,
        bool(r.keep_errors),
        r.status,
        r.reason_th or "",
        r.reason_en or "",
        bool(r.preferred),
    )


class StorageFull(Exception):
    """Keeping a file would pass ``ITA_MAX_STORED_MB``; ``message(lang)`` says so and what to do."""

    def __init__(self, name: str, size: int, used: int, limit: int) -> None:
        super().__init__(name, size, used, limit)
        self.name, self.size, self.used, self.limit = name, size, used, limit

    def message(self, lang: str = "th") -> str:
        def mb(size: int) -> str:
            return f"{size / (1024 * 1024):,.2f}".rstrip("0").rstrip(".")

        return t(
            "storage_full",
            lang,
            file=self.name,
            size=mb(self.size),
            used=mb(self.used),
            limit=mb(self.limit),
            variable=ENV_MAX_STORED_MB,
        )

    def __str__(self) -> str:
        return self.message("en")


def max_stored_bytes() -> int:
    """The ceiling of the bytes kept for all datasets together (``ITA_MAX_STORED_MB``, default 500)."""
    return int(env_number(ENV_MAX_STORED_MB, MAX_STORED_MB, low=0) * 1024 * 1024)


def stored_bytes(engine: Engine) -> int:
    """The bytes kept now (ok and quarantined datasets; a refused one keeps none)."""
    with engine.connect() as conn:
        return _stored(conn)


def _stored(conn: Connection) -> int:
    query = select(func.coalesce(func.sum(datasets.c.size), 0)).where(datasets.c.content.is_not(None))
    return int(conn.execute(query).scalar() or 0)


def check_room(engine: Engine, name: str, size: int) -> None:
    """Raise ``StorageFull`` if ``size`` more bytes would pass the storage ceiling (checked before importing,
    so a file that cannot be kept is not parsed either)."""
    used, limit = stored_bytes(engine), max_stored_bytes()
    if used + size > limit:
        raise StorageFull(name, size, used, limit)


def find(engine: Engine, sha256: str) -> Dataset | None:
    """The dataset stored with these bytes (by SHA-256), if any."""
    cols = [c for c in datasets.c if c.name != "content"]
    with engine.connect() as conn:
        found = conn.execute(select(*cols).where(datasets.c.sha256 == sha256)).first()
    return _row(found) if found is not None else None


def add(
    engine: Engine,
    name: str,
    content: bytes,
    *,
    year: int | None = None,
    keep_errors: bool = False,
    uploaded_by: Actor | str = "",
    status: str = OK,
    reason_th: str = "",
    reason_en: str = "",
) -> tuple[Dataset, bool]:
    """Store an uploaded file as the import found it (``status``; see the module). The same bytes uploaded
    again return the existing dataset (and False); if that one was refused or quarantined, it takes the new
    outcome (a file refused under a lower limit becomes ok once it imports). A refused file keeps no bytes.
    Raises ``StorageFull`` when keeping the bytes would pass ``ITA_MAX_STORED_MB``. One transaction: a
    database that fails half-way keeps nothing of it. ``uploaded_by``: who uploads (an administrator's action,
    ``NotAllowed`` otherwise; logged)."""
    actor = require(uploaded_by, "upload")
    if status not in STATUSES:
        raise ValueError(f"status must be one of {STATUSES}, got {status!r}")
    digest = hashlib.sha256(content).hexdigest()
    kept = None if status == REFUSED else content
    with engine.begin() as conn:
        # A no-op write first: SQLite's write lock is taken before anything is read, so two uploads at once
        # cannot both see room under the ceiling (and the reader never has to upgrade a stale snapshot).
        conn.execute(app_flags.update().where(app_flags.c.name == "").values(value=app_flags.c.value))
        found = conn.execute(select(datasets).where(datasets.c.sha256 == digest)).first()
        if found is not None and (found.status == OK or (found.status == status and status == REFUSED)):
            return _row(found), False
        if kept is not None:
            used = _stored(conn) - (found.size if found is not None and found.content is not None else 0)
            if used + len(content) > max_stored_bytes():
                raise StorageFull(name, len(content), used, max_stored_bytes())
        values = dict(
            status=status,
            reason_th=reason_th,
            reason_en=reason_en,
            content=kept,
            uploaded_at=_utc_now(),
            uploaded_by=actor.name,
        )
        audit.record(conn, actor, "upload", name, "file_stored", status=status, size=len(content), sha256=digest[:12])
        if found is not None:  # refused or quarantined before: the new outcome replaces the old
            conn.execute(
                datasets.update().where(datasets.c.id == found.id).values(year=year, keep_errors=keep_errors, **values)
            )
            row = conn.execute(select(datasets).where(datasets.c.id == found.id)).one()
            return _row(row), status == OK
        taken = set(conn.execute(select(datasets.c.name)).scalars())
        name = _unique_name(name, taken)
        new_id = conn.execute(
            datasets.insert().values(
                name=name, sha256=digest, size=len(content), year=year, keep_errors=keep_errors, **values
            )
        ).inserted_primary_key[0]  # type: ignore[index]  # an INSERT has its key
        row = conn.execute(select(datasets).where(datasets.c.id == new_id)).one()
    return _row(row), True


def _utc_now() -> dt.datetime:
    """Stored moments are UTC, without a zone (``ita.common.thai.be_datetime`` shows them in Thai time)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


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
    """Every dataset not removed, oldest first (without the bytes)."""
    cols = [c for c in datasets.c if c.name != "content"]
    with engine.connect() as conn:
        query = select(*cols).where(datasets.c.status != REMOVED).order_by(datasets.c.id)
        return [_row(r) for r in conn.execute(query)]


def contents(engine: Engine, ids: Iterable[int]) -> dict[int, bytes]:
    """The stored bytes of these datasets (a refused one has none and is left out)."""
    ids = list(ids)
    with engine.connect() as conn:
        rows = conn.execute(
            select(datasets.c.id, datasets.c.content).where(datasets.c.id.in_(ids), datasets.c.content.is_not(None))
        )
        return {r.id: bytes(r.content) for r in rows}


def quarantine(engine: Engine, dataset_id: int, reason_th: str, reason_en: str) -> None:
    """Never import this dataset again (its import failed: the worker crashed, ran out of memory or time).
    Its bytes are kept; the Data page shows it with the reason, and it can be removed."""
    with engine.begin() as conn:
        conn.execute(
            datasets.update()
            .where(datasets.c.id == dataset_id, datasets.c.status == OK)
            .values(status=QUARANTINED, reason_th=reason_th, reason_en=reason_en)
        )


_UNSET = object()


def update(
    engine: Engine,
    dataset_id: int,
    *,
    who: Actor | str,
    year: int | None | object = _UNSET,
    keep_errors: bool | None = None,
    preferred: bool | None = None,
) -> None:
    """Change a dataset's choices: its default year (None clears it), whether error rows are kept, or whether its
    figures are used where another file's differ (an administrator's action, logged)."""
    actor = require(who, "change_dataset")
    values: dict = {}
    if year is not _UNSET:
        values["year"] = year
    if keep_errors is not None:
        values["keep_errors"] = keep_errors
    if preferred is not None:
        values["preferred"] = preferred
    if values:
        with engine.begin() as conn:
            conn.execute(datasets.update().where(datasets.c.id == dataset_id).values(**values))
            name = conn.execute(select(datasets.c.name).where(datasets.c.id == dataset_id)).scalar()
            audit.record(conn, actor, "change_dataset", name or str(dataset_id), "dataset_changed", changes=values)


def remove(engine: Engine, dataset_id: int, *, who: Actor | str) -> Dataset | None:
    """Take a dataset out of every page. It is kept, as it was, until the next removal, so ``restore`` can undo
    this one; a dataset removed before is deleted now. Returns what was removed (None: nothing by that id). An
    administrator's action, logged."""
    actor = require(who, "remove_dataset")
    with engine.begin() as conn:
        conn.execute(datasets.delete().where(datasets.c.status == REMOVED))
        found = conn.execute(select(datasets).where(datasets.c.id == dataset_id)).first()
        if found is None:
            return None
        conn.execute(datasets.update().where(datasets.c.id == dataset_id).values(status=REMOVED))
        audit.record(conn, actor, "remove_dataset", found.name, "dataset_removed", was=found.status)
    return _row(found)  # with the status it had: what ``restore`` puts back


def restore(engine: Engine, removed: Dataset, *, who: Actor | str) -> bool:
    """Undo ``remove``: the dataset back as it was (its status, reasons and choices). False when it is gone for
    good (a later removal deleted it). An administrator's action, logged."""
    actor = require(who, "remove_dataset")
    with engine.begin() as conn:
        done = conn.execute(
            datasets.update()
            .where(datasets.c.id == removed.id, datasets.c.status == REMOVED)
            .values(status=removed.status)
        )
        if done.rowcount:
            audit.record(conn, actor, "remove_dataset", removed.name, "dataset_restored", status=removed.status)
    return bool(done.rowcount)


SAMPLES_HIDDEN = "samples_hidden"  # app flag: the bundled samples are kept but not imported


def samples_hidden(engine: Engine) -> bool:
    """True when the user chose to leave the bundled samples out of every page."""
    with engine.connect() as conn:
        return conn.execute(select(app_flags.c.value).where(app_flags.c.name == SAMPLES_HIDDEN)).first() is not None


def hide_samples(engine: Engine, hidden: bool, *, who: Actor | str) -> None:
    """Leave the bundled samples out of every page (``hidden``) or bring them back; they stay stored either way.
    An administrator's action, logged."""
    actor = require(who, "hide_samples")
    with engine.begin() as conn:
        audit.record(conn, actor, "hide_samples", "", "samples_hidden" if hidden else "samples_shown")
        conn.execute(app_flags.delete().where(app_flags.c.name == SAMPLES_HIDDEN))
        if hidden:
            conn.execute(app_flags.insert().values(name=SAMPLES_HIDDEN, value=_utc_now().isoformat()))


def seed_once(engine: Engine, files: Iterable[Path]) -> bool:
    """Add the bundled samples the first time the database is used. True if they were added now."""
    with engine.begin() as conn:
        if conn.execute(select(app_flags.c.value).where(app_flags.c.name == "samples_seeded")).first():
            return False
        conn.execute(app_flags.insert().values(name="samples_seeded", value=dt.datetime.now(dt.UTC).isoformat()))
    for path in files:
        try:
            add(engine, path.name, path.read_bytes(), uploaded_by=SAMPLE_UPLOADER)
        except StorageFull:  # a ceiling set below the samples: the app starts without them
            continue
    return True
