"""CSV text: decoding its bytes (UTF-8, UTF-16 with or without a byte-order mark, Windows-874, or lines of
both UTF-8 and Windows-874), judging its dialect, and splitting it into rows of cells."""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from ita.common.problems import ERROR, INFO, WARNING, Problems
from ita.io.garbled import repaired_text

_CSV_SAMPLE_CHARS = 65536  # text the dialect is judged from
_CSV_SAMPLE_RECORDS = 200  # records of that text, at most
_CSV_DELIMITERS = ",;\t|"  # in this order of preference when two fit equally well
_UTF8_THAI = re.compile(rb"\xe0[\xb8\xb9][\x80-\xbf]")  # one Thai letter encoded as UTF-8
_LISTED_LINES = 20  # line numbers named in a message, at most
_SHARED_CELL_CHARS = 8  # cells this short or shorter are shared between rows (see read_csv)


class Decoded(NamedTuple):
    """CSV bytes as text, and how they were read."""

    text: str
    encoding: str  # display name of the encoding
    bad: int  # characters that could not be decoded (now U+FFFD)
    other_lines: tuple[int, ...] = ()  # 1-based lines in Windows-874 in a file otherwise UTF-8
    utf16: str = ""  # "LE" or "BE" when UTF-16 was recognised without a byte-order mark


def utf16_without_bom(data: bytes) -> str | None:
    """The codec ("utf-16-le" or "utf-16-be") of bytes without a byte-order mark that are plainly UTF-16
    text, else None.

    In UTF-16 every ASCII character of a CSV (digits, commas, line ends) has a zero byte on the same
    side of its pair, and Thai letters (U+0E01-U+0E5B) have 0x0E there; the other side almost never
    holds a zero. Judged from the first 4 KB, so it costs nothing on a large file.
    """
    head = data[:4096]
    head = head[: len(head) // 2 * 2]
    pairs = len(head) // 2
    if pairs < 4:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    for zeros, others, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros >= pairs / 10 and others <= pairs / 100:
            text = head.decode(codec, errors="replace")
            shown = sum(ch.isprintable() or ch in "\t\r\n" for ch in text)
            return codec if shown >= 0.95 * len(text) else None
    return None


def decode_text(data: bytes) -> Decoded:
    """Decode CSV bytes: UTF-32 or UTF-16 by its byte-order mark, UTF-16 by its zero bytes, else UTF-8 if valid, else
    UTF-8 and Windows-874 line by line when a file mixes the two, else Windows-874 (a superset of TIS-620).
    """
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):  # UTF-32's mark starts as UTF-16's does
        text = data[: len(data) // 4 * 4].decode("utf-32", errors="replace")
        return Decoded(text, "UTF-32", text.count("\ufffd"))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
        return Decoded(text, "UTF-16", text.count("\ufffd"))
    codec = utf16_without_bom(data)
    if codec is not None:
        text = data[: len(data) // 2 * 2].decode(codec, errors="replace")
        return Decoded(text, "UTF-16", text.count("\ufffd"), utf16=codec[-2:].upper())
    try:
        return Decoded(data.decode("utf-8-sig"), "UTF-8", 0)
    except UnicodeDecodeError:
        pass
    if _UTF8_THAI.search(data):
        mixed = _decode_mixed(data)
        if mixed is not None:
            return mixed
    try:
        return Decoded(data.decode("cp874"), "Windows-874 (TIS-620)", 0)
    except UnicodeDecodeError:
        pass
    # UTF-8 with a few damaged bytes: keep it UTF-8. Read as Windows-874 instead, every Thai letter
    # (three bytes in UTF-8) would turn into three wrong ones and no header would be recognised.
    # Windows-874 text read as UTF-8 fails on nearly every Thai byte, so the two cannot be confused.
    text = data.decode("utf-8-sig", errors="replace")
    bad = text.count("\ufffd")
    if bad <= max(8, len(text) // 1000) and any("\u0e00" <= ch <= "\u0e7f" for ch in text):
        return Decoded(text, "UTF-8", bad)
    text = data.decode("cp874", errors="replace")
    return Decoded(text, "Windows-874 (TIS-620)", text.count("\ufffd"))


def _decode_mixed(data: bytes) -> Decoded | None:
    """A file where some lines are UTF-8 and others Windows-874 (rows pasted from two exports), each
    line read in its own encoding; None if no line is Windows-874 or none is UTF-8 Thai.

    A Windows-874 line decoded as UTF-8 fails on nearly every Thai byte; a UTF-8 line with a stray byte
    fails on that byte only, so a line counts as Windows-874 when it decodes as such and at least a
    quarter of its non-ASCII bytes fail as UTF-8. Linear: only lines with non-ASCII bytes are visited.
    """
    lines = data.removeprefix(b"\xef\xbb\xbf").split(b"\n")
    texts = [line.decode("utf-8", errors="replace") for line in lines]
    other: list[int] = []
    utf8 = 0
    for k, text in enumerate(texts):
        if text.isascii():
            continue
        failed = text.count("\ufffd")
        if not failed:
            utf8 += 1
            continue
        high = sum(1 for byte in lines[k] if byte >= 0x80)
        alternative = lines[k].decode("cp874", errors="replace")
        if failed * 4 >= high and "\ufffd" not in alternative:
            texts[k] = alternative
            other.append(k + 1)
    if not other or not utf8:
        return None
    text = "\n".join(texts)
    return Decoded(text, "UTF-8", text.count("\ufffd"), tuple(other))


def _text_head(data: bytes, size: int = _CSV_SAMPLE_CHARS) -> tuple[list[str], int]:
    """The first whole lines of a file's text and how many of their characters could not be decoded;
    a line cut by the sample's end is left out (its last character may be cut in two)."""
    decoded = decode_text(data[:size])
    lines = decoded.text.splitlines()
    if len(data) > size and len(lines) > 1:
        lines = lines[:-1]
    return lines, sum(line.count("\ufffd") for line in lines)


def looks_tabular(data: bytes) -> bool:
    """Plainly CSV text: its first lines decode cleanly and the first two hold a delimiter."""
    text_lines, bad = _text_head(data)
    lines = [line for line in text_lines[:20] if line.strip()]
    return bad == 0 and len(lines) >= 2 and all(any(d in line for d in _CSV_DELIMITERS) for line in lines[:2])


@dataclass(frozen=True)
class CsvDialect:
    """How a CSV is written: the delimiter, and whether a space follows it. Quotes are always '"'."""

    delimiter: str = ","
    skipinitialspace: bool = False

    def options(self) -> dict[str, Any]:
        """Keyword arguments for ``csv.reader``."""
        return {
            "delimiter": self.delimiter,
            "quotechar": '"',
            "doublequote": True,
            "skipinitialspace": self.skipinitialspace,
            "strict": False,
        }


def csv_dialect(sample: str, complete: bool = True) -> CsvDialect:
    """The delimiter that splits the most records of ``sample`` into the same number (two or more) of
    fields, quotes respected; a comma if none does. ``complete`` is False when the sample was cut from a
    longer text (its last record is then left out).

    Replaces ``csv.Sniffer``, whose regular expressions backtrack: 64 KB of ',"a' kept it busy for about
    14 s. This reads at most ``_CSV_SAMPLE_CHARS`` characters once per candidate with the C reader:
    linear, a few milliseconds on any input.
    """
    sample = sample[:_CSV_SAMPLE_CHARS]
    complete = complete and len(sample) < _CSV_SAMPLE_CHARS
    best, chosen = (0, 0), ","
    for delimiter in _CSV_DELIMITERS:
        counts = _field_counts(sample, delimiter, complete)
        split = [n for n in counts if n > 1]
        if not split:
            continue
        width = max(set(split), key=lambda n: (split.count(n), n))
        score = (counts.count(width), width)
        if score > best:
            best, chosen = score, delimiter
    spaced = sample.count(chosen + " ")
    return CsvDialect(chosen, skipinitialspace=spaced > 0 and spaced * 2 >= sample.count(chosen))


def _field_counts(sample: str, delimiter: str, complete: bool) -> list[int]:
    """Fields per non-blank record of the sample, read with ``delimiter``."""
    reader = csv.reader(io.StringIO(sample, newline=""), **CsvDialect(delimiter).options())
    counts: list[int] = []
    try:
        for row in itertools.islice(reader, _CSV_SAMPLE_RECORDS + 1):
            if any(cell.strip() for cell in row):
                counts.append(len(row))
    except csv.Error:
        pass
    if not complete and counts:
        counts.pop()
    return counts[:_CSV_SAMPLE_RECORDS]


def _listed(numbers: Sequence[int]) -> str:
    """'4, 7, 9' or '4, 7, 9, … (25 lines)' for a message."""
    shown = ", ".join(str(n) for n in numbers[:_LISTED_LINES])
    return shown if len(numbers) <= _LISTED_LINES else f"{shown}, … ({len(numbers):,})"


def read_csv(name: str, data: bytes, problems: Problems, max_cells: int) -> list[list[Any]] | None:
    """The rows of cells of a CSV file, or None (with a problem said) if it has more than ``max_cells``
    cells or cannot be split; how it was decoded is said as problems too."""
    decoded = decode_text(data)
    text = decoded.text
    if "\r" in text and "\n" not in text:  # lines ended by CR alone ("CSV (Macintosh)"): each CR ends a line
        text = text.replace("\r", "\n")
    text = repaired_text(name, text, problems)  # UTF-8 Thai once read as Windows-874 and saved so
    if decoded.utf16:
        problems.add(INFO, "csv_utf16_no_bom", file=name, order=decoded.utf16)
    elif decoded.encoding != "UTF-8":
        problems.add(INFO, "csv_encoding", file=name, encoding=decoded.encoding)
    if decoded.other_lines:
        problems.add(
            WARNING,
            "csv_mixed_encodings",
            file=name,
            lines=_listed(decoded.other_lines),
            count=len(decoded.other_lines),
        )
    if decoded.bad:
        problems.add(WARNING, "csv_undecodable", file=name, count=decoded.bad)
    if text.count("\n") > max_cells:  # each line is at least one cell: refuse before splitting
        problems.add(ERROR, "too_many_cells", file=name, cells=f"> {max_cells:,}", limit=f"{max_cells:,}")
        return None
    dialect = csv_dialect(text[:_CSV_SAMPLE_CHARS], complete=len(text) <= _CSV_SAMPLE_CHARS)
    rows: list[list[Any]] = []
    shared: dict[str, str] = {}
    cells = 0
    reader = csv.reader(_lines(text), **dialect.options())
    start = record = 1  # the line the record being read starts on
    try:
        for row in reader:
            cells += len(row)
            if cells > max_cells:
                problems.add(ERROR, "too_many_cells", file=name, cells=f"> {max_cells:,}", limit=f"{max_cells:,}")
                return None
            # Scores and years repeat (two decimals from 0 to 100 are 10,001 strings): one object for each short
            # text instead of one per cell keeps a 240,000-row file's cells in a third of the memory.
            rows.append([cell if len(cell) > _SHARED_CELL_CHARS else shared.setdefault(cell, cell) for cell in row])
            record, start = start, reader.line_num + 1  # the line this row started on, and the next one's
    except csv.Error as exc:
        if "field larger than field limit" not in str(exc):
            problems.add(ERROR, "corrupt", file=name, detail=f"CSV: {exc}")
            return None
        # A quote opened and never closed swallows the rest of the file into one cell: the rows before it are read,
        # and the line it opens on is named. A line with no quote holds a cell that long itself.
        quoted = dialect.options().get("quotechar", '"') in _line_at(text, start)
        code = "csv_unclosed_quote" if quoted else "csv_cell_too_long"
        problems.add(ERROR, code, file=name, row=start, line=start, limit=f"{csv.field_size_limit():,}")
    else:
        if rows and _swallowed(rows[-1], dialect.delimiter):  # a shorter rest ends the quote at the file's end
            rows.pop()
            problems.add(ERROR, "csv_unclosed_quote", file=name, row=record, line=record)
    _say_if_cut_off(name, text, rows, problems)
    return rows


def _line_at(text: str, number: int) -> str:
    """Line ``number`` (1-based) of ``text``; only the lines before it are split off."""
    parts = text.split("\n", number)
    return parts[number - 1] if len(parts) >= number else ""


def _swallowed(row: list[str], delimiter: str) -> bool:
    """Whether a row's cell holds lines of records of their own (a quote never closed took them in): two lines of it
    or more with three delimiters each. A note over a few lines does not."""
    for cell in row:
        if cell.count("\n") >= 2 and sum(line.count(delimiter) >= 3 for line in cell.split("\n")) >= 2:
            return True
    return False


HEADER_ROWS_LOOKED_AT = 10  # the widest of a CSV's first rows is its header's width


def _say_if_cut_off(name: str, text: str, rows: list[list[Any]], problems: Problems) -> None:
    """A download that stopped part-way: the text ends without a line ending, inside a row shorter than the header
    (its last number may be cut too: '8' of 84.80). Said as such, with what to do; the row's own problems say the
    rest."""
    if len(rows) < 2 or text.endswith(("\n", "\r")):
        return
    width = max(len(row) for row in rows[:HEADER_ROWS_LOOKED_AT])
    if len(rows[-1]) < width:
        last = len(rows)  # csv.reader gives a row a line (a quoted cell over two lines would shift it: said as about)
        problems.add(WARNING, "csv_cut_off", file=name, row=last, last_row=last, cells=len(rows[-1]), width=width)


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` with their endings, one at a time: ``io.StringIO`` would hold a second, four-bytes-a-
    character copy of a large CSV while it is read."""
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", start)
        end = size if end < 0 else end + 1
        yield text[start:end]
        start = end
