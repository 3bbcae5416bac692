"""The embedded server listens on 127.0.0.1 only and goes away on Ctrl-C."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REAL_MODEL, SEEDS


def listening_addresses(pid: int) -> list[tuple[str, int]]:
    """(address, port) of every listening TCP socket the process holds, from /proc."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            parts = line.split()
            if parts[3] == "0A" and parts[9] in inodes:
                address, port = parts[1].split(":")
                if len(address) == 8:
                    host = socket.inet_ntoa(bytes.fromhex(address)[::-1])
                else:
                    host = "ipv6:" + address
                found.append((host, int(port, 16)))
    return found


@pytest.mark.real_model
def test_embedded_server_is_loopback_only_and_stops_on_ctrl_c(
        tmp_path: Path, figures: dict[str, Any]) -> None:
    """Listening sockets of a local run are all 127.0.0.1; SIGINT ends it with code 130."""
    assert REAL_MODEL.is_file()
    process = subprocess.Popen(
        [sys.executable, "-m", "summarizer", "summarise", str(SEEDS / "000_041e264a6f07fb1e.txt"),
         "--out", str(tmp_path / "out"), "--backend", "local"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    addresses: list[tuple[str, int]] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not addresses:
        time.sleep(0.5)
        addresses = listening_addresses(process.pid)
    time.sleep(2)  # let it start generating
    addresses = listening_addresses(process.pid)
    process.send_signal(signal.SIGINT)
    try:
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    figures.update({"listening sockets": addresses, "exit code after SIGINT": process.returncode})
    assert addresses, "the embedded server never listened"
    assert all(host == "127.0.0.1" for host, _ in addresses), addresses
    assert process.returncode == 130, stderr[-2000:]
    for _, port in addresses:
        with socket.socket() as probe:
            assert probe.connect_ex(("127.0.0.1", port)) != 0
