"""The size checks made before calamine parses a workbook, one set per format.

calamine opens an .xls or an .ods by laying out every sheet, and an .xlsx or an .xlsb one sheet at a
time; either way, what each sheet would cost is judged from the bytes first (``ita.io.extents``,
``ita.io.formats``), and so is the file's total. A zip is judged from its directory before anything in it
is unpacked.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ita.common.problems import ERROR, WARNING, Problems
from ita.common.text import word
from ita.io import formats, xlsb
from ita.io.extents import Damaged, Extent, ods_extents, xlsx_part_bound, xlsx_part_extent, xlsx_parts

if TYPE_CHECKING:
    from ita.io.reading import Limits

MB = 1024 * 1024


def detail_of(exc: BaseException) -> str:
    """An exception as the detail of a problem: one line, at most 160 characters."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:160]


@dataclass
class Checked:
    """What the size checks decided: the bytes calamine may see, and which of the sheets it will list may
    be read (``keep``, indexes; None: the first ``max_sheets``), when it must list ``listed`` of them."""

    data: bytes
    sheet_parts: dict[str, str] = field(default_factory=dict)
    keep: list[int] | None = None
    listed: int | None = None
    part_extents: dict[str, Extent] = field(default_factory=dict)
    # An .xls: what its sheets' records say and calamine does not give (hidden rows and columns, error values).
    hidden: dict[str, formats.BiffSheet] = field(default_factory=dict)


def check_sizes(kind: str, name: str, data: bytes, problems: Problems, limits: Limits) -> Checked | None:
    """The checks of one format; None (with problems said) if the file must not be opened."""
    try:
        if kind == "xls":
            return _check_xls(name, data, problems, limits)
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if not _zip_is_safe(zf, name, problems, limits):
                return None
            if kind == "xlsx":
                return _check_xlsx(zf, name, data, problems, limits)
            if kind == "xlsb":
                return _check_xlsb(zf, name, data, problems, limits)
            return _check_ods(zf, name, data, problems, limits)
    except Damaged as exc:
        problems.add(ERROR, "corrupt", file=name, detail=detail_of(exc))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError) as exc:
        problems.add(ERROR, "corrupt", file=name, detail=f"zip: {detail_of(exc)}")
    return None


def say_sheets_left(problems: Problems, name: str, names: list[str], count: int, limits: Limits) -> None:
    """A warning that only the first ``max_sheets`` of the workbook's ``count`` sheets are read, naming the first
    and the last of those left (``names``: the sheets in order, as far as they are known) and what to do."""
    left = names[limits.max_sheets :]
    shown = f'"{left[0]}"' + (f' … "{left[-1]}"' if len(left) > 1 else "") if left else "-"
    problems.add(WARNING, "too_many_sheets", file=name, count=count, limit=limits.max_sheets, left=shown)


def _choose_sheets(
    name: str, sheets: list[tuple[str, Extent, tuple[int, int]]], count: int, problems: Problems, limits: Limits
) -> list[int] | None:
    """Which of the first ``max_sheets`` sheets (name, values extent, rows × columns reserved) may be read:
    each within the sheet limit; None (with a problem said) if those together pass the file budget."""
    if count > limits.max_sheets:
        say_sheets_left(problems, name, [sheet for sheet, _, _ in sheets], count, limits)
    keep, total = [], 0
    for k, (sheet, extent, (rows, cols)) in enumerate(sheets[: limits.max_sheets]):
        if extent.cells > limits.max_cells:
            problems.add(ERROR, "too_many_cells_area", file=name, sheet=sheet, **extent.values(limits))
        elif rows * cols > limits.max_cells:
            problems.add(
                ERROR,
                "xls_dimensions_too_large",
                file=name,
                sheet=sheet,
                rows=f"{rows:,}",
                cols=f"{cols:,}",
                cells=f"{rows * cols:,}",
                limit=f"{limits.max_cells:,}",
            )
        else:
            keep.append(k)
            total += max(extent.cells, rows * cols)
    if over_file_budget(problems, name, total, len(keep), limits):
        return None
    return keep


def _check_xls(name: str, data: bytes, problems: Problems, limits: Limits) -> Checked | None:
    """calamine builds every sheet of an .xls as it opens it: sheets that must not be read are hidden
    from it in the bytes it is given (``XlsPlan.without``), so it never builds them."""
    plan = formats.xls_plan(data)
    if plan.encrypted:
        problems.add(ERROR, "encrypted", file=name)
        return None
    if plan.not_workbook:
        problems.add(ERROR, "unknown_format", file=name, kind=word(f"kind_{plan.not_workbook}"))
        return None
    sheets = [(s.name, s.extent, s.declared) for s in plan.sheets]
    keep = _choose_sheets(name, sheets, len(sheets), problems, limits)
    if keep is None:
        return None
    if plan.bare:  # calamine reads BIFF only inside an OLE container
        problems.add(ERROR, "xls_old_format", file=name, version=plan.version)
        return None
    hidden = set(range(len(sheets))) - set(keep)
    said = {s.name: s for s in plan.sheets if s.hidden_rows or s.hidden_columns or s.errors or s.styled.any()}
    return Checked(plan.without(data, hidden), keep=list(range(len(keep))), listed=len(keep), hidden=said)


def _check_xlsb(zf: zipfile.ZipFile, name: str, data: bytes, problems: Problems, limits: Limits) -> Checked | None:
    listed = xlsb.xlsb_sheets(zf)
    sheets = [
        (sheet, xlsb.xlsb_extent(zf, part) if part else Extent(), (0, 0)) for sheet, part in listed[: limits.max_sheets]
    ]
    keep = _choose_sheets(name, sheets, len(listed), problems, limits)
    return None if keep is None else Checked(data, keep=keep, listed=len(listed))


def _check_xlsx(zf: zipfile.ZipFile, name: str, data: bytes, problems: Problems, limits: Limits) -> Checked | None:
    """Unnamed worksheet parts must fit (calamine may still open them); the sheets that will be read must
    fit the file budget together. Each sheet is checked again as it is read (``read_sheet``)."""
    sheet_parts, unnamed = xlsx_parts(zf, limits.max_cells)
    if unnamed is not None and unnamed.cells > limits.max_cells:
        problems.add(ERROR, "too_many_cells_area", file=name, **unnamed.values(limits))
        return None
    parts = list(sheet_parts.values())[: limits.max_sheets]
    exact = _xlsx_extents(zf, parts, limits)
    total = _fitting_cells(exact, limits)
    if over_file_budget(
        problems, name, total, sum(e is not None and e.cells <= limits.max_cells for e in exact), limits
    ):
        return None
    # Reused by read_sheet; an empty extent may stand for a part that could not be unpacked: judged again there.
    extents = {p: e for p, e in zip(parts, exact, strict=True) if e is not None and e.cells}
    return Checked(data, sheet_parts, part_extents=extents)


def _xlsx_extents(zf: zipfile.ZipFile, parts: list[str], limits: Limits) -> list[Extent | None]:
    """The area of each worksheet part: its cheap bound when that is within the sheet limit, else the exact
    scan; the exact scan of every part when the bounds together pass the file budget (they may be loose)."""
    areas = [_unpacked(xlsx_part_bound, zf, part) for part in parts]
    exact = [
        a if a is not None and a.cells <= limits.max_cells else _unpacked(xlsx_part_extent, zf, p)
        for a, p in zip(areas, parts, strict=True)
    ]
    if _fitting_cells(exact, limits) > limits.max_file_cells:
        exact = [
            _unpacked(xlsx_part_extent, zf, p) if a is e else e for a, e, p in zip(areas, exact, parts, strict=True)
        ]
    return exact


def _unpacked(scan: Any, zf: zipfile.ZipFile, part: str) -> Extent | None:
    """A scan of one part; an empty extent if the part cannot be unpacked (``read_sheet`` then reports
    that sheet as damaged and the other sheets are read)."""
    try:
        return scan(zf, part)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, RuntimeError, NotImplementedError, zlib.error):
        return Extent()


def _fitting_cells(extents: list[Extent | None], limits: Limits) -> int:
    """Cells of the sheets that will be read: those within the sheet limit (the others are refused)."""
    return sum(e.cells for e in extents if e is not None and e.cells <= limits.max_cells)


def _check_ods(zf: zipfile.ZipFile, name: str, data: bytes, problems: Problems, limits: Limits) -> Checked | None:
    """calamine lays out every table of an .ods when it opens the file, so one oversized table, or all of
    them together over the file budget, means none can be read."""
    extents = ods_extents(zf)
    over = {sheet: e for sheet, e in extents.items() if e.cells > limits.max_cells}
    for sheet, extent in over.items():
        problems.add(ERROR, "too_many_cells_ods", file=name, sheet=sheet, **extent.values(limits))
    if over or over_file_budget(problems, name, sum(e.cells for e in extents.values()), len(extents), limits):
        return None
    return Checked(data)


def _zip_is_safe(zf: zipfile.ZipFile, name: str, problems: Problems, limits: Limits) -> bool:
    """Refuse a zip that would unpack to more than the limits, judged from its directory alone."""
    total = 0
    for info in zf.infolist():
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1 * MB and ratio > limits.max_ratio:
            problems.add(
                ERROR,
                "decompression_bomb",
                file=name,
                member=info.filename,
                size=f"{info.file_size / MB:,.0f}",
                ratio=f"{ratio:,.0f}",
                limit=f"{limits.max_ratio:g}:1",
            )
            return False
    if total > limits.max_unpacked_mb * MB:
        problems.add(
            ERROR,
            "decompression_bomb",
            file=name,
            member="(all)",
            size=f"{total / MB:,.0f}",
            ratio=f"{total / max(sum(i.compress_size for i in zf.infolist()), 1):,.0f}",
            limit=f"{limits.max_unpacked_mb:g} MB",
        )
        return False
    return True


def over_file_budget(problems: Problems, name: str, cells: int, sheets: int, limits: Limits) -> bool:
    """True (with the problem said) when the sheets to be read hold more cells together than one file may."""
    if cells <= limits.max_file_cells:
        return False
    problems.add(
        ERROR,
        "too_many_cells_file",
        file=name,
        cells=f"{cells:,}",
        sheets=sheets,
        limit=f"{limits.max_file_cells:,}",
    )
    return True
