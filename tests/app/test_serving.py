"""How the app is served by default (issue 12): personal mode listens on this machine only."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import ROOT
from helpers.browser import free_port, healthy

pytestmark = pytest.mark.xdist_group("isolation")


def listening_addresses(port: int) -> set[str]:
    """The local addresses a TCP socket listens on at ``port`` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


def test_run_listens_on_this_machine_only(tmp_path):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.headless", "true"],
        cwd=ROOT,
        env={"ITA_DATABASE_URL": f"sqlite:///{tmp_path / 'ita.db'}", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not healthy(f"http://127.0.0.1:{port}", timeout=2):
            assert proc.poll() is None and time.monotonic() < deadline, "the app did not start"
            time.sleep(0.3)  # a server starting: nothing to wait on yet
        assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1 only: not 0.0.0.0, not every IPv6 address
    finally:
        proc.terminate()
        proc.wait(timeout=15)
