"""Running wrk and reading what it says."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
_DURATION = re.compile(r"([\d.]+)(us|ms|s|m)\b")


@dataclass
class Result:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int  # non-2xx/3xx answers, plus socket errors


def ensure_installed() -> None:
    """Install Debian's wrk when it is missing (this needs root), or say how to."""
    if shutil.which("wrk"):
        return
    if os.geteuid() != 0:
        sys.exit("wrk is not installed: apt-get install wrk")
    print("Installing wrk with apt-get", file=sys.stderr)
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)


def run(
    url: str,
    seconds: float,
    connections: int,
    *,
    cookie: str | None = None,
    script: tuple[Path, Path] | None = None,
) -> Result:
    """Load ``url`` for ``seconds``; ``script`` is a Lua file and the data file it reads."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    if script:
        command += ["-s", str(script[0]), url, "--", str(script[1])]
    else:
        command.append(url)
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return parse(output)


def parse(output: str) -> Result:
    """The figures in wrk's report."""
    rps = float(_find(r"Requests/sec:\s+([\d.]+)", output) or 0)
    requests = int(_find(r"(\d+) requests in", output) or 0)
    errors = int(_find(r"Non-2xx or 3xx responses:\s+(\d+)", output) or 0)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if sockets:
        errors += sum(int(value) for value in sockets.groups())
    return Result(rps, _percentile(output, "50%"), _percentile(output, "99%"), requests, errors)


def _find(pattern: str, text: str) -> str | None:
    found = re.search(pattern, text)
    return found.group(1) if found else None


def _percentile(output: str, label: str) -> float:
    line = next((line for line in output.splitlines() if line.strip().startswith(label)), "")
    found = _DURATION.search(line.strip()[len(label) :])
    return float(found.group(1)) * _UNITS[found.group(2)] if found else 0.0


def top_up(base: str, paths: Path, needed: float, cookie: str, chunk_seconds: int = 5) -> int:
    """Send catalogue requests (the paths in turn) until ``needed`` more were answered."""
    sent = 0
    script = (HERE / "catalogue_mix.lua", paths)
    while sent < needed:
        result = run(base + "/", chunk_seconds, 4, cookie=cookie, script=script)
        if not result.requests:
            break
        sent += result.requests
    return sent
