"""gunicorn servers for the bench: started on free ports, always stopped."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
LOG = ROOT / "bench" / ".data" / "servers.log"


def free_port() -> int:
    """A port nothing listens on now (the kernel's choice)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Servers:
    """Starts servers one at a time and stops every one, even on an error or Ctrl-C."""

    def __init__(self) -> None:
        self.current: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Servers:
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop()

    @contextmanager
    def start(
        self,
        app: str,
        env: dict[str, str],
        workers: int = 2,
        *,
        threads: int = 1,
        instance: Path | None = None,
        shipped: bool = False,
    ) -> Iterator[str]:
        """Serve ``app`` (a gunicorn app spec) and yield its base URL; stop it afterwards.

        ``shipped``: as the shop ships, every setting from ``gunicorn.conf.py`` but the
        port; otherwise ``workers`` sync workers, or gthread workers when ``threads`` > 1.
        """
        port = free_port()
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ]
        if not shipped:
            command += ["--workers", str(workers), "--threads", str(threads)]
            command += ["--worker-class", "gthread" if threads > 1 else "sync"]
        command.append(app)
        environment = {**os.environ, **env, "STOREFRONT_LOG_LEVEL": "INFO"}
        if instance is not None:
            environment["STOREFRONT_PAYMENT_SANDBOX_PATH"] = str(instance / "payment-sandbox.db")
        LOG.parent.mkdir(parents=True, exist_ok=True)
        with LOG.open("ab") as log:
            self.current = subprocess.Popen(
                command, cwd=ROOT, env=environment, stdout=log, stderr=log, start_new_session=True
            )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(base, self.current)
            yield base
        finally:
            self._stop()

    def worker_rss_mb(self) -> float:
        """The largest resident memory among the current server's workers, in MB."""
        if self.current is None:
            return 0.0
        largest = 0
        for pid in _children(self.current.pid):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    largest = max(largest, int(line.split()[1]))
        return largest / 1024

    def _stop(self) -> None:
        process, self.current = self.current, None
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)  # its own session: gunicorn and its workers
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(child) for child in text]
    return found


def _wait_until_up(base: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped at start; see {LOG}")
        try:
            requests.get(base + "/", timeout=10)  # any answer will do (the references 404)
            return
        except (requests.ConnectionError, requests.Timeout):  # not listening, or still booting
            time.sleep(0.2)
    raise RuntimeError(f"the server did not answer within {timeout:.0f} s; see {LOG}")
