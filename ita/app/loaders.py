"""Cached loaders: the database engine, the imported datasets, the tidy table and the measures store.

Cached at the edge (``st.cache_resource``), once per server; what they return is shared between sessions and must
not be mutated.
"""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from ita.common.settings import env_number
from ita.io.identity import NO_LINKS, AgencyLinks
from ita.io.importer import ImportResult, load_files

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DIR = ROOT / "sample_data"
# Agency-years (with their peers and history) kept per server for every session to share: a meeting where thirty
# people open the same link computes it once.
VIEW_CACHE_ENTRIES = int(env_number("ITA_VIEW_CACHE", 512, low=1))


@st.cache_resource(show_spinner=False)
def engine():
    """The app's database engine (``ITA_DATABASE_URL``, default ``data/ita.db``), prepared once per server:
    tables created or migrated, and the bundled samples added on the very first start."""
    from ita.storage import datasets
    from ita.storage.db import engine_for

    eng = engine_for()
    datasets.prepare(eng)
    datasets.seed_once(eng, sorted(SAMPLE_DIR.glob("*.xlsx")))
    return eng


@st.cache_resource(show_spinner=False)
def warm_parse_workers() -> bool:
    """Start a parse worker (and its fork server) in the background once per server, so the first upload does
    not wait for it. Untrusted files are parsed only there (``ita.io.isolation``)."""
    import threading

    from ita.io import isolation

    if isolation.isolated():
        threading.Thread(target=isolation.pool().warm, name="ita-warm-parse-worker", daemon=True).start()
    return True


@st.cache_resource(show_spinner=False, max_entries=4)
def _import(keys: tuple, links: tuple = ()) -> ImportResult:
    """Import the stored datasets named by ``keys`` (their ``cache_key``s). Cached per server: the same set
    of files is read once. The result is shared between sessions and must not be mutated. Only ``ok``
    datasets are read; one whose import fails (refused as a whole, or its parse worker crashed, ran out of memory
    or time: a file stored by an older version, or under other limits) is quarantined at once, so it is never read
    again, on any visit or after a restart."""
    from ita.storage import datasets
    from ita.storage.db import DatabaseError
    from ita.storage.uploads import file_outcome

    stored = {d.id: d for d in datasets.listed(engine())}
    wanted = [stored[k[0]] for k in keys if k[0] in stored and stored[k[0]].ok]
    content = datasets.contents(engine(), [d.id for d in wanted])
    wanted = [d for d in wanted if d.id in content]
    chosen = AgencyLinks.from_version(links) if links else NO_LINKS  # the user's merges and splits of agencies
    samples = frozenset(d.name for d in wanted if d.uploaded_by == datasets.SAMPLE_UPLOADER)  # demo figures give way
    preferred = frozenset(d.name for d in wanted if d.preferred)  # the user's choice where two files differ
    sources = [(d.name, content[d.id], d.year) for d in wanted]
    result = load_files(sources, links=chosen, give_way=samples, preferred=preferred)
    by_name = {d.name: d for d in wanted}
    for summary in result.files:
        status, reason_th, reason_en = file_outcome(result, summary)
        if status in ("failed", "refused") and summary.name in by_name:  # stored before it could be checked
            try:
                datasets.quarantine(engine(), by_name[summary.name].id, reason_th, reason_en)
            except DatabaseError as exc:  # a read-only database: the file stays out of this result all the same
                logging.getLogger("ita").warning("could not quarantine %s: %s", summary.name, exc)
    return result


def current_datasets():
    """Every stored dataset, whatever its status (see ``ita.storage.datasets``)."""
    from ita.storage import datasets

    return datasets.listed(engine())


def _import_keys() -> tuple:
    from ita.storage.datasets import SAMPLE_UPLOADER, samples_hidden

    hidden = samples_hidden(engine())  # the user may leave the bundled samples out of every page
    return tuple(d.cache_key for d in current_datasets() if d.ok and not (hidden and d.uploaded_by == SAMPLE_UPLOADER))


def current_links():
    """The user's merges and splits of agencies (``ita.storage.agency_links``), read on every run."""
    from ita.storage import agency_links

    return agency_links.current(engine())


def current_result() -> ImportResult:
    """Everything uploaded (and the samples, unless removed), imported; refused and quarantined files never."""
    return _import(_import_keys(), current_links().version())


@st.cache_resource(show_spinner=False, max_entries=8)
def _table(keys: tuple, links: tuple = ()):
    result = _import(keys, links)
    kept = {d[1] for d in keys if d[3]}  # sha256 of datasets whose error rows the user keeps
    names = {f.name for f in result.files if f.sha256 in kept}
    table = result.table
    return table.loc[~table["has_error"] | table["source_file"].isin(names)].reset_index(drop=True)


def data_version() -> tuple:
    """Names what is loaded now (the datasets' cache keys and the agency links' version): part of the key of
    everything computed from the table and shared between sessions."""
    return (_import_keys(), current_links().version())


@st.cache_resource(show_spinner=False, max_entries=VIEW_CACHE_ENTRIES)
def _agency_view(version: tuple, agency_key: str, year: int, peer_basis: str):
    from ita.analysis.agency import agency_year
    from ita.rules.frameworks import default_frameworks

    return agency_year(_table(*version), agency_key, year, frameworks=default_frameworks(), peer_basis=peer_basis)


def agency_view(agency_key: str, year: int, peer_basis: str = "agency_type"):
    """The agency-year view (``ita.analysis.agency.agency_year``) of what is loaded, computed once per server and
    shared between sessions (never mutate it); None when that agency has no scored result that year."""
    return _agency_view(data_version(), agency_key, year, peer_basis)


@st.cache_resource(show_spinner=False, max_entries=8)
def _agency_choices(version: tuple, valid_only: bool, language: str) -> tuple[dict[str, str], dict[str, list[int]]]:
    from ita.app.pickers import agency_label

    table = _table(*version)
    if valid_only and "has_error" in table:
        table = table.loc[~table["has_error"]]
    years = table.groupby("agency_key")["year"].unique()
    return agency_label(table, language), {str(k): sorted(int(y) for y in v) for k, v in years.items()}


def agency_choices(valid_only: bool = False) -> tuple[dict[str, str], dict[str, list[int]]]:
    """What the agency pickers offer, for what is loaded (``valid_only``: rows without errors only): agency key →
    'name · type · province' (by name; type and province in the page's language), and each agency's years. Made
    once per server and language (8,300 labels on a national file), shared, never to be mutated."""
    from ita.app.state import lang

    return _agency_choices(data_version(), valid_only, lang())


def current_table():
    """The tidy table of everything loaded, with ``agency_key``: valid rows, plus the rows with errors of
    the datasets where the user chose to keep them (those have no total or grade)."""
    return _table(_import_keys(), current_links().version())


@st.cache_resource(show_spinner=False, max_entries=8)
def _older_keys(keys: tuple, links: tuple = ()) -> dict[str, list[str]]:
    from ita.io.identity import older_keys

    return older_keys(_table(keys, links))


def key_aliases() -> dict[str, str]:
    """Older key → the agency key it names now (``ita.io.identity.aliases``), for everything loaded."""
    older = _older_keys(_import_keys(), current_links().version())
    return {alias: key for key, aliases in older.items() for alias in aliases}


def measure_keys(agency_key: str) -> list[str]:
    """The agency's key and its older keys (``ita.io.identity``): the keys its measures may be stored under."""
    return [agency_key, *_older_keys(_import_keys(), current_links().version()).get(agency_key, [])]


@st.cache_resource(show_spinner=False)
def measure_store():
    """The measures store on the app's database, migrated once per server."""
    from ita.measures.store import Store

    return Store(engine())
