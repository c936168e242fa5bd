"""``python -m ita users``: the first administrator and other accounts from the server's command line (issue 12)."""

from __future__ import annotations

from helpers.cli import run_cli

from ita.cli import EXIT_ERRORS, EXIT_OK
from ita.storage import accounts, audit
from ita.storage.db import engine_for


def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    ran = run_cli("users", *argv, stdin=stdin)
    return ran.returncode, ran.stdout, ran.stderr


def test_the_first_administrator_and_an_editor_from_the_command_line(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'ita.db'}"
    monkeypatch.setenv("ITA_DATABASE_URL", url)
    code, out, _ = run(
        "add",
        "Admin",
        "--role",
        "admin",
        "--name",
        "ผู้ดูแล",
        "--password-stdin",
        stdin="a-long-password-1\n",
    )
    assert code == EXIT_OK and out.startswith("admin\tadmin\tactive")
    code, _, err = run("add", "yuwadee", "--role", "editor", "--password-stdin", stdin="short\n")
    assert code == EXIT_ERRORS and "at least 10 characters" in err and "รหัสผ่านสั้นเกินไป" in err
    code, _, _ = run(
        "add",
        "yuwadee",
        "--role",
        "editor",
        "--agency",
        "เทศบาลตำบลพอกน้อย@สกลนคร",
        "--password-stdin",
        stdin="another-long-one-2\n",
    )
    assert code == EXIT_OK
    code, _, _ = run("set", "yuwadee", "--disable", "--no-password")
    code, out, _ = run("list")
    assert out.splitlines() == [
        "admin\tadmin\tactive\tผู้ดูแล\t",
        "yuwadee\teditor\tdisabled\t\tเทศบาลตำบลพอกน้อย@สกลนคร",
    ]
    engine = engine_for(url)
    assert accounts.verify(engine, "admin", "a-long-password-1").account is not None
    log = audit.entries(engine, "test")
    assert len(log) == 3 and all(e.who.startswith("(command line: ") for e in log)  # who ran it, in the log
    code, _, err = run("set", "nobody", "--role", "viewer", "--no-password")
    assert code == EXIT_ERRORS and "No account named nobody" in err
