"""docs/tutorial.md, run: every command in its ``sh`` blocks, in order, in one bash."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
from pathlib import Path

import pytest

from tests.payment_sandbox import free_port
from tests.served_shop import FAST_HASHING

ROOT = Path(__file__).resolve().parent.parent
TUTORIAL = ROOT / "docs" / "tutorial.md"


def script() -> str:
    """The tutorial's shell commands, in order."""
    blocks = re.findall(r"```sh\n(.*?)```", TUTORIAL.read_text(), flags=re.S)
    assert len(blocks) >= 10
    return "set -e\n" + "\n".join(blocks)


def test_every_command_in_the_tutorial_runs(app, tmp_path):
    env = {
        **os.environ,
        **FAST_HASHING,
        "PORT": str(free_port()),
        "WAREHOUSE_PORT": str(free_port()),
        "WORK": str(tmp_path),
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": "tutorial-tests-" + "0" * 32,
        "STOREFRONT_PAYMENT_SANDBOX_PATH": str(tmp_path / "payment-sandbox.db"),
        "STOREFRONT_LOG_LEVEL": "WARNING",
    }
    # Its own process group: whatever the script leaves running is stopped with it.
    process = subprocess.Popen(
        ["bash", "-c", script()],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=900)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
    logs = "".join(
        f"\n--- {name} ---\n{(tmp_path / name).read_text()[-3000:]}"
        for name in ("shop.log", "warehouse.log")
        if (tmp_path / name).exists()
    )
    if process.returncode != 0:
        pytest.fail(f"the tutorial stopped ({process.returncode}):\n{output[-6000:]}{logs}")
    # The books and the guitar, the seeds through GraphQL, the bone with the warehouse stopped.
    assert output.count('"status":"paid"') == 3, output
    assert '"status":"paid","total":"14.97"' in output, output
    assert '"amount":7,"inCart":3' in output, output
    assert '{"amount":3,"item":{"name":"Sunflower Seeds"}}' in output, output
    assert '"track_stock":false' in output, output
    assert "Cuttlefish Bone" in output, output
