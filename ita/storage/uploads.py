"""One uploaded file, from its bytes to a stored dataset: imported first, stored by what the import found.

    received = receive(engine, "ita-2566.xlsx", content, year=None, keep_errors=False, uploaded_by="...")
    received.outcome     # added, duplicate, refused, quarantined or storage_full
    received.message(lang), received.level

The import runs before anything is stored (the importer parses in its isolated worker), so a file that
crashes the parser is never stored as an ``ok`` dataset and can never crash a later visit or start-up. A
refused file is kept as name, size, hash and reason only; a failed one is quarantined (see ``ita.storage.datasets``).
The storage ceiling (``ITA_MAX_STORED_MB``) is checked before the import: a file that cannot be kept is not
parsed either.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine

from ita.common.problems import ERROR, WARNING
from ita.common.text import t
from ita.io import tool_sheets
from ita.io.importer import FileSummary, ImportResult, load_files
from ita.storage import datasets
from ita.storage.datasets import Dataset, StorageFull

# Import statuses of ita.io.importer.FileSummary → dataset statuses.
_STATUS = {"read": datasets.OK, "refused": datasets.REFUSED, "failed": datasets.QUARANTINED}
_LEVEL = {
    "added": "success",
    "added_empty": "warning",  # read and stored, but not one row could be used
    "added_no_year": "warning",  # ... because no year is written anywhere: choose it and import again
    "added_part": "warning",  # ... because it holds some indicators only (a tool's): the other tools' files join it
    "duplicate": "info",
    "refused": "error",
    "quarantined": "error",
    "storage_full": "error",
}


@dataclass(frozen=True)
class ReadSummary:
    """What the import made of one file: rows read and usable, agencies and years, rows dropped, problems."""

    rows: int = 0
    usable: int = 0
    agencies: int = 0
    years: tuple[int, ...] = ()
    errors: int = 0
    warnings: int = 0

    @classmethod
    def of(cls, result: ImportResult) -> ReadSummary:
        table, problems = result.table, result.problems
        usable = table.loc[~table["has_error"]]
        return cls(
            rows=sum(s.records for f in result.files for s in f.sheets),
            usable=len(usable),
            agencies=int(usable["agency_key"].nunique()),
            years=tuple(sorted(int(y) for y in usable["year"].dropna().unique())),
            errors=int((problems["severity"] == ERROR).sum()),
            warnings=int((problems["severity"] == WARNING).sum()),
        )

    def text(self, lang: str) -> str:
        """'อ่านได้ 39 แถว · ใช้ได้ 39 แถว · 39 หน่วยงาน ปี 2563 · ข้อผิดพลาด 0 · คำเตือน 2' (what applies)."""
        parts = [t("upload_rows", lang, rows=f"{self.rows:,}", usable=f"{self.usable:,}", count=self.rows)]
        if self.years:
            key = "ds_part_agencies_year" if len(self.years) == 1 else "ds_part_agencies"  # 'year 2567', 'years …'
            years = ", ".join(map(str, self.years))
            parts.append(t(key, lang, agencies=f"{self.agencies:,}", years=years, count=self.agencies))
        if self.errors or self.warnings:
            parts.append(t("upload_errors", lang, errors=f"{self.errors:,}", count=self.errors))
            parts.append(t("upload_warnings", lang, warnings=f"{self.warnings:,}", count=self.warnings))
        return " · ".join(parts)


@dataclass(frozen=True)
class Received:
    """What became of one uploaded file."""

    file: str  # the name it was uploaded with
    outcome: str  # added, duplicate, refused, quarantined, storage_full
    dataset: Dataset | None  # the stored dataset (None when nothing was stored)
    reason_th: str = ""
    reason_en: str = ""
    summary: ReadSummary | None = None  # for a file that was read

    @property
    def level(self) -> str:
        """How to show it: success, info or error."""
        return _LEVEL[self.outcome]

    def message(self, lang: str = "th") -> str:
        reason = (self.reason_th if lang == "th" else self.reason_en) or self.reason_th
        if self.outcome in ("added", "added_empty", "added_no_year", "added_part"):
            name = self.dataset.name if self.dataset else self.file
            key = {
                "added": "upload_done",
                "added_empty": "upload_empty",
                "added_no_year": "upload_no_year",
                "added_part": "upload_part",
            }
            said = t(key[self.outcome], lang, files=name)
            return f"{said} · {self.summary.text(lang)}" if self.summary else said
        if self.outcome == "duplicate":
            return t("upload_duplicate", lang, file=self.file, existing=self.dataset.name if self.dataset else "")
        if self.outcome == "storage_full":
            return reason
        return t(f"upload_{self.outcome}", lang, file=self.file, reason=reason)


def file_outcome(result: ImportResult, summary: FileSummary | None) -> tuple[str, str, str]:
    """A file's import status (read, refused, failed) and its reason in Thai and English. A refusal without
    a reason of its own takes the file's first error."""
    if summary is None:
        return "failed", "", ""
    status = getattr(summary, "status", "read") or "read"
    reason_th, reason_en = getattr(summary, "reason_th", ""), getattr(summary, "reason_en", "")
    if status != "read" and not (reason_th or reason_en):
        problems = result.problems
        first = problems.loc[(problems["file"] == summary.name) & (problems["severity"] == ERROR)]
        if len(first):
            reason_th, reason_en = str(first["message_th"].iloc[0]), str(first["message_en"].iloc[0])
    return status, reason_th, reason_en


def receive(
    engine: Engine,
    name: str,
    content: bytes,
    *,
    year: int | None = None,
    keep_errors: bool = False,
    uploaded_by: str = "",
    importer: Callable[..., ImportResult] = load_files,
) -> Received:
    """Import ``content`` on its own, then store it by the outcome (see the module)."""
    existing = datasets.find(engine, hashlib.sha256(content).hexdigest())
    if existing is not None and existing.ok:
        return Received(name, "duplicate", existing)
    try:
        if existing is None or existing.status == datasets.REFUSED:  # a quarantined one holds its bytes already
            datasets.check_room(engine, name, len(content))
        result = importer([(name, content, year)])
        status, reason_th, reason_en = file_outcome(result, result.files[0] if result.files else None)
        dataset, _ = datasets.add(
            engine,
            name,
            content,
            year=year,
            keep_errors=keep_errors,
            uploaded_by=uploaded_by,
            status=_STATUS.get(status, datasets.QUARANTINED),
            reason_th=reason_th,
            reason_en=reason_en,
        )
    except StorageFull as exc:
        return Received(name, "storage_full", None, exc.message("th"), exc.message("en"))
    outcome = {datasets.OK: "added", datasets.REFUSED: "refused", datasets.QUARANTINED: "quarantined"}[dataset.status]
    summary = ReadSummary.of(result) if outcome == "added" else None
    if summary is not None and summary.usable == 0:
        # Nothing usable only for want of a year: the fix is the year box, not the file.
        errors = result.problems.loc[result.problems["severity"] == ERROR]
        no_year = set(errors["code"]) == {"no_year"}
        part = tool_sheets.holds_tools_part(result.problems["code"].tolist())  # a tool's file: the others join it
        outcome = "added_no_year" if no_year else "added_part" if part else "added_empty"
    return Received(name, outcome, dataset, reason_th, reason_en, summary)
