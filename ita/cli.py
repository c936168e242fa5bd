"""Command line: ``python -m ita check|score|report FILE...`` (report: see ``ita.reports.command``).

Exit status: 0 when nothing blocks loading (warnings allowed), 1 when any file has errors, 2 for a usage
error (a missing file, a bad option). A user's mistake never ends in a traceback.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from typing import Any, NoReturn

import pandas as pd

from ita.common.plaintext import terminal
from ita.common.problems import ERROR, INFO, WARNING
from ita.common.thai import arabic_digits
from ita.io.importer import ImportResult, load_paths
from ita.io.sniffing import READ_EXTENSIONS
from ita.io.values import year_value
from ita.reports import command as report_command
from ita.rules.frameworks import FrameworkError, FrameworkSet, load_frameworks

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse exits 2 too; this keeps one message format
        raise UsageError(message)


def _year(text: str) -> int:
    digits = arabic_digits(text.strip())
    found = year_value(int(digits)) if digits.isdigit() else None
    if not found:
        raise argparse.ArgumentTypeError(f"'{text}' is not a fiscal year; give a B.E. year such as 2563")
    return found[0]


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m ita", description="Read, check and score ITA results files.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("files", nargs="+", metavar="FILE", help=" ".join(f".{ext}" for ext in READ_EXTENSIONS))
        p.add_argument("--year", type=_year, help="fiscal year (B.E.) for sheets where none is found")
        report_command.add_shared_options(p)

    check = sub.add_parser("check", help="print every problem found in the files")
    common(check)
    check.add_argument("--all", action="store_true", help="include info notes (hidden by default)")
    score = sub.add_parser("score", help="print one scored record per agency and year")
    common(score)
    score.add_argument("--format", choices=("table", "json"), default="table")
    report = sub.add_parser("report", help="draft the O42/O43 document (.docx) or the .xlsx workbook of agencies")
    report_command.add_arguments(report, _year)
    _user_arguments(sub.add_parser("users", help="office accounts in the app's database (ITA_DATABASE_URL)"))
    sub.add_parser("migrate", help="bring the app's database (ITA_DATABASE_URL) up to date, then exit")
    return parser


def _user_arguments(users: argparse.ArgumentParser) -> None:
    """``users add|set|list``: the first administrator, and any account, from the server's command line. A
    password is never an argument (it would stay in the shell's history): it is asked for, or read from standard
    input with ``--password-stdin``."""
    verbs = users.add_subparsers(dest="verb", required=True, parser_class=_Parser)
    for verb in ("add", "set"):
        p = verbs.add_parser(verb, help=f"{verb} an account")
        p.add_argument("username", help="the sign-in name (or the e-mail the organisation's provider gives)")
        p.add_argument("--role", choices=("viewer", "editor", "admin"), required=verb == "add")
        p.add_argument("--name", dest="display_name", help="the name shown and written in the history")
        p.add_argument("--agency", action="append", dest="agencies", help="an agency key an editor may edit")
        p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
        p.add_argument("--no-password", action="store_true", help="signs in through the organisation only")
        if verb == "set":
            p.add_argument("--disable", action="store_true", help="may no longer sign in")
            p.add_argument("--enable", action="store_true", help="may sign in again")
    verbs.add_parser("list", help="every account")


def main(argv: Sequence[str] | None = None, out: Any = None, err: Any = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        args = build_parser().parse_args(argv)
        if args.command == "users":
            return _users(args, out, err)
        if args.command == "migrate":
            return _migrate(out, err)
        if args.command == "report":
            report_command.check_args(args)
        missing = [f for f in args.files if not os.path.isfile(f)]
        if missing:
            raise UsageError("file not found: " + ", ".join(missing) + " (ไม่พบไฟล์)")
        frameworks = load_frameworks(args.frameworks)
        for message in frameworks.errors:
            print(f"framework refused / ไม่รับไฟล์เกณฑ์: {message}", file=err)
    except (UsageError, report_command.ReportUsageError) as exc:
        print(f"python -m ita: {exc}\nTry 'python -m ita --help'.", file=err)
        return EXIT_USAGE
    except FrameworkError as exc:
        print(f"python -m ita: {exc}", file=err)
        return EXIT_USAGE
    result = load_paths(args.files, year=args.year, frameworks=frameworks)
    if args.command == "report":
        return _report(args, result, out, err)
    if args.command == "check":
        _print_problems(result, args.lang, out, include_info=args.all)
    elif args.format == "json":
        write_json(result, out)
    else:
        _print_scores(result, args.lang, out)
        _print_problems(result, args.lang, err, include_info=False, quiet_if_none=True)
    return EXIT_ERRORS if result.has_errors else EXIT_OK


def _report(args: argparse.Namespace, result: ImportResult, out: Any, err: Any) -> int:
    # The database layer (SQLAlchemy) is imported only by the command that uses it: check and score start faster.
    from ita.storage.db import DatabaseError

    try:
        return report_command.run(args, result, out, err)
    except DatabaseError as exc:  # the measures store: read-only, full, locked, unreachable, newer
        print(f"python -m ita report: {exc.message(args.lang)}", file=err)
        return EXIT_ERRORS


def _migrate(out: Any, err: Any) -> int:
    """Every area's migrations, once (a team's servers then start on a database already up to date)."""
    from ita.measures.store import Store
    from ita.storage import datasets
    from ita.storage.db import DatabaseError, engine_for, schema_version

    try:
        engine = engine_for()
        datasets.prepare(engine)
        Store(engine)  # the measures area migrates when its store opens
        versions = {area: schema_version(engine, area) for area in (datasets.AREA, "measures")}
    except DatabaseError as exc:
        print(f"python -m ita migrate: {exc.message('en')}", file=err)
        return EXIT_ERRORS
    print("database up to date: " + ", ".join(f"{a} v{v}" for a, v in versions.items()), file=out)
    return EXIT_OK


def _password(args: argparse.Namespace) -> str | None:
    if args.no_password or (args.verb == "set" and not args.password_stdin and not sys.stdin.isatty()):
        return None
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    import getpass

    if args.verb == "set" and not getpass.getpass("Change the password? (y/N) ", stream=None).lower().startswith("y"):
        return None
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Again: "):
        raise UsageError("the two passwords differ (รหัสผ่านสองครั้งไม่ตรงกัน)")
    return first


def _users(args: argparse.Namespace, out: Any, err: Any) -> int:
    """Accounts from the command line, acting as the server's administrator (logged under the OS user's name)."""
    import getpass

    from ita.access.roles import ADMIN, Actor
    from ita.common.text import t
    from ita.storage import accounts, datasets
    from ita.storage.db import DatabaseError, engine_for

    actor = Actor(f"(command line: {getpass.getuser()})", ADMIN)
    try:
        engine = engine_for()
        datasets.prepare(engine)  # the accounts' table comes with the app's migrations
        if args.verb == "list":
            for a in accounts.listed(engine, actor):
                state = "active" if a.active else "disabled"
                print(f"{a.username}\t{a.role}\t{state}\t{a.display_name}\t{','.join(a.agencies)}", file=out)
            return EXIT_OK
        password = _password(args)
        agencies = tuple(args.agencies) if args.agencies is not None else None
        if args.verb == "add":
            made = accounts.add(
                engine,
                args.username,
                role=args.role,
                who=actor,
                password=password,
                display_name=args.display_name or "",
                agencies=agencies or (),
            )
        else:
            made = accounts.change(
                engine,
                args.username,
                who=actor,
                role=args.role,
                password=password,
                active=False if args.disable else True if args.enable else None,
                display_name=args.display_name,
                agencies=agencies,
            )
        print(f"{made.username}\t{made.role}\t{'active' if made.active else 'disabled'}", file=out)
        return EXIT_OK
    except accounts.AccountError as exc:
        print(f"python -m ita users: {t(exc.code, 'en', **exc.values)} / {t(exc.code, 'th', **exc.values)}", file=err)
        return EXIT_ERRORS
    except UsageError as exc:
        print(f"python -m ita users: {exc}", file=err)
        return EXIT_USAGE
    except DatabaseError as exc:
        print(f"python -m ita users: {exc.message('en')}", file=err)
        return EXIT_ERRORS


# --------------------------------------------------------------------------- output


JSON_CHUNK_ROWS = 5000  # rows turned into JSON at a time: memory stays flat whatever the file's size


def _record(row: dict[str, Any], frameworks: FrameworkSet) -> dict[str, Any]:
    framework, _ = frameworks.for_year(int(row["year"]))
    assert framework is not None  # valid rows always have one
    return {
        "agency": row["agency"],
        "agency_id": row["agency_id"] or None,
        "province": row["province"] or None,
        "agency_type": row["agency_type"] or None,
        "year": int(row["year"]),
        "indicators": {str(ind.number): row[ind.key] for ind in framework.indicators},
        "tools": {t.code: row[t.code.lower()] for t in framework.tools},
        "total": round(row["total"], 2),
        "grade": row["grade"],
        "passed": bool(row["passed"]),
        "framework": row["framework"],
        "source": {"file": row["source_file"], "sheet": row["source_sheet"], "row": int(row["source_row"])},
    }


def iter_records(result: ImportResult, frameworks: FrameworkSet | None = None) -> Iterator[dict[str, Any]]:
    """Valid rows as JSON-ready records (the ``score --format json`` shape), a chunk of rows at a time."""
    frameworks = frameworks or result.frameworks
    valid = result.valid
    for start in range(0, len(valid), JSON_CHUNK_ROWS):
        for row in valid.iloc[start : start + JSON_CHUNK_ROWS].to_dict("records"):
            yield _record(row, frameworks)


def records(result: ImportResult, frameworks: FrameworkSet | None = None) -> list[dict[str, Any]]:
    """Valid rows as JSON-ready records, all at once (``iter_records`` for a large file)."""
    return list(iter_records(result, frameworks))


def _problem_records(result: ImportResult) -> Iterator[dict[str, Any]]:
    problems = result.problems
    for start in range(0, len(problems), JSON_CHUNK_ROWS):
        chunk = problems.iloc[start : start + JSON_CHUNK_ROWS]
        yield from chunk.astype(object).where(chunk.notna(), None).to_dict("records")


def to_json(result: ImportResult) -> dict[str, Any]:
    return {"records": records(result), "problems": list(_problem_records(result))}


def _write_array(out: Any, key: str, items: Iterator[dict[str, Any]], last: bool) -> None:
    """``"key": [...]`` exactly as ``json.dumps(..., indent=2)`` lays it out inside the top-level object, written
    in chunks."""
    out.write(f'  "{key}": [')
    buffer: list[str] = []
    first = True
    for item in items:
        text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n    ")
        buffer.append(("\n    " if first else ",\n    ") + text)
        first = False
        if len(buffer) >= JSON_CHUNK_ROWS:
            out.write("".join(buffer))
            buffer.clear()
    out.write("".join(buffer))
    out.write("]" if first else "\n  ]")
    out.write("\n" if last else ",\n")


def write_json(result: ImportResult, out: Any) -> None:
    """The ``score --format json`` document, streamed: the same text as ``json.dumps(to_json(result), indent=2)``
    without ever holding it (or every record) in memory."""
    out.write("{\n")
    _write_array(out, "records", iter_records(result), last=False)
    _write_array(out, "problems", _problem_records(result), last=True)
    out.write("}\n")


def text_width(text: str) -> int:
    """Columns a terminal gives ``text``: Thai vowel and tone marks take none, wide characters two."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - text_width(text))


def format_table(rows: list[list[str]], headers: list[str], limits: dict[int, int] | None = None) -> str:
    """Rows under headers in aligned columns. Cells come from files: control and direction characters are
    shown as escapes (``ita.common.plaintext.terminal``), never sent to the terminal."""
    limits = limits or {}

    def cut(k: int, s: str) -> str:
        return s if k not in limits or len(s) <= limits[k] else s[: limits[k] - 1] + "…"

    rows = [[cut(k, terminal(c)) for k, c in enumerate(r)] for r in rows]
    widths = [max([text_width(h)] + [text_width(r[k]) for r in rows]) for k, h in enumerate(headers)]
    lines = [
        "  ".join(_pad(h, w) for h, w in zip(headers, widths, strict=False)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(_pad(c, w) for c, w in zip(r, widths, strict=False)).rstrip() for r in rows]
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return str(value)


def _print_problems(result: ImportResult, lang: str, out: Any, include_info: bool, quiet_if_none: bool = False) -> None:
    problems = result.problems
    shown = problems if include_info else problems.loc[problems["severity"] != INFO]
    counts = {s: int((problems["severity"] == s).sum()) for s in (ERROR, WARNING, INFO)}
    if shown.empty and quiet_if_none:
        return
    if not shown.empty:
        message = "message_th" if lang == "th" else "message_en"
        rows = [
            [_cell(p["file"]), _cell(p["sheet"]), _cell(p["row"]), _cell(p["column"]), p["severity"], p[message]]
            for p in shown.to_dict("records")
        ]
        heads = (
            ["ไฟล์", "ชีต", "แถว", "คอลัมน์", "ระดับ", "ปัญหา"]
            if lang == "th"
            else ["file", "sheet", "row", "column", "severity", "problem"]
        )
        print(format_table(rows, heads, {0: 40, 1: 24}), file=out)
    files = len(result.files)
    if lang == "th":
        print(
            f"\nตรวจ {files} ไฟล์: ข้อผิดพลาด {counts[ERROR]}, คำเตือน {counts[WARNING]}, ข้อสังเกต {counts[INFO]}"
            + ("" if include_info else " (ใช้ --all เพื่อดูข้อสังเกต)"),
            file=out,
        )
    else:
        print(
            f"\nChecked {files} file(s): {counts[ERROR]} error(s), {counts[WARNING]} warning(s), "
            f"{counts[INFO]} note(s)" + ("" if include_info else " (--all shows notes)"),
            file=out,
        )


def _print_scores(result: ImportResult, lang: str, out: Any) -> None:
    valid = result.valid
    heads = (
        ["หน่วยงาน", "จังหวัด", "ปี", "IIT", "EIT", "OIT", "คะแนนรวม", "ระดับ", "ผ่าน", "เกณฑ์"]
        if lang == "th"
        else ["agency", "province", "year", "IIT", "EIT", "OIT", "total", "grade", "passed", "framework"]
    )
    yes, no = ("ผ่าน", "ไม่ผ่าน") if lang == "th" else ("yes", "no")
    rows = [
        [
            r["agency"],
            _place(r),
            str(r["year"]),
            f"{r['iit']:.2f}",
            f"{r['eit']:.2f}",
            f"{r['oit']:.2f}",
            f"{r['total']:.2f}",
            r["grade"],
            yes if r["passed"] else no,
            r["framework"],
        ]
        for r in valid.to_dict("records")
    ]
    print(format_table(rows, heads, {0: 48, 1: 30}), file=out)
    print(f"\n{len(rows)} " + ("รายการ" if lang == "th" else "record(s)"), file=out)


def _place(record: dict[str, Any]) -> str:
    """The province, with the district when it tells two agencies of one name apart (their key has it)."""
    province = "" if pd.isna(record.get("province")) else str(record.get("province") or "")
    district = "" if pd.isna(record.get("district")) else str(record.get("district") or "")
    return f"{district} · {province}" if district and "/" in str(record.get("agency_key", "")) else province
