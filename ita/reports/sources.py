"""Where a report's measures come from: the measures store (``ita.measures.store``), read-only.

The store's public ``measures_with_follow_ups(agency_key, year)`` is exactly what the documents need,
so this module only decides whether there is a database to read: the command line must not create an
empty database file as a side effect of drafting a report.
"""

from __future__ import annotations

import os
from pathlib import Path

from ita.storage.db import ENV_URL, database_url, sqlite_path


def store_exists(url: str | None = None) -> bool:
    """True when ``url`` (or ``ITA_DATABASE_URL``) names a database, or the default SQLite file exists."""
    url = url or os.environ.get(ENV_URL)
    if url:
        path = sqlite_path(url)
        return path.exists() if path is not None else True
    return Path(database_url().removeprefix("sqlite:///")).exists()
