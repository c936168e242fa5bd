"""Databases for the store tests: a fresh SQLite file per test, and a fresh PostgreSQL schema per test when
``ITA_TEST_POSTGRES_URL`` is set (e.g. ``postgresql+psycopg://ita:ita@127.0.0.1:5432/ita``)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

POSTGRES_ENV = "ITA_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", "postgresql"]


@contextmanager
def database_url(backend: str, tmp_path) -> Iterator[str]:
    """A URL to an empty database of ``backend``; PostgreSQL is skipped unless its URL is configured."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'measures.db'}"
        return
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(f"set {POSTGRES_ENV} to run the store tests on PostgreSQL")
    from sqlalchemy import create_engine, text

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in base else "?"
    try:
        # Every connection of this URL sees only the test's own schema.
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
