"""The Procfile, compose.yaml and the Dockerfile describe the same system, and parse."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SERVICES = {"postgres", "redis", "rabbitmq"}  # what compose adds to the Procfile's processes


def procfile() -> dict[str, str]:
    processes = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, command = line.partition(":")
            processes[name.strip()] = command.strip()
    return processes


def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def test_compose_runs_the_procfiles_processes_plus_the_services():
    services = compose()["services"]
    assert set(services) == set(procfile()) | SERVICES


def test_each_process_runs_the_same_flask_command_in_both():
    services = compose()["services"]
    for name, command in procfile().items():
        given = services[name]["command"]
        text = " ".join(given) if isinstance(given, list) else given
        for flask_command in re.findall(r"flask --app wsgi ([a-z-]+(?: [a-z-]+)?)", command):
            assert f"flask --app wsgi {flask_command}" in " ".join(text.split()), (name, command)
        assert ("gunicorn" in command) == ("gunicorn" in text), name


def test_the_services_have_health_checks_and_the_shop_waits_for_them():
    services = compose()["services"]
    for name in SERVICES | {"payments"}:
        assert services[name]["healthcheck"]["test"], name
    for name in set(procfile()):
        for needed, condition in services[name].get("depends_on", {}).items():
            assert needed in services, (name, needed)
            assert condition["condition"] in {"service_healthy", "service_completed_successfully"}
    assert set(services["web"]["depends_on"]) >= SERVICES | {"payments"}


def test_the_image_is_multi_stage_non_root_and_checks_its_health():
    dockerfile = (ROOT / "Dockerfile").read_text()
    stages = re.findall(r"^FROM\s+\S+", dockerfile, re.MULTILINE)
    assert len(stages) >= 2
    final = dockerfile.rsplit("\nFROM ", 1)[1]
    assert re.search(r"^USER\s+(?!root\b|0\b)\S+", final, re.MULTILINE)
    assert "HEALTHCHECK" in final
    assert "/healthz" in final
    for tool in ("gcc", "build-essential"):
        assert tool not in final


def test_every_setting_in_env_example_is_in_the_readme_table():
    readme = (ROOT / "README.md").read_text()
    names = re.findall(r"^([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE)
    assert names
    for name in names:
        bare = name.removeprefix("STOREFRONT_")
        assert f"`{bare}`" in readme, name


@pytest.mark.skipif(
    not shutil.which("docker")
    or subprocess.run(["docker", "compose", "version"], capture_output=True).returncode,
    reason="docker compose is not installed here",
)
def test_docker_compose_accepts_the_file():
    result = subprocess.run(
        ["docker", "compose", "-f", str(ROOT / "compose.yaml"), "config", "--quiet"],
        env={"SECRET_KEY": "k" * 40, "PATH": "/usr/bin:/bin:/usr/local/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


# Flask's, Flask-Session's, Flask-WTF's and flask-smorest's own settings, set by the shop
# and not meant to be changed.
FRAMEWORK_SETTINGS = {
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "SESSION_REFRESH_EACH_REQUEST",
    "WTF_CSRF_TIME_LIMIT",
    "SQLALCHEMY_ENGINE_OPTIONS",
    "API_TITLE",
    "API_VERSION",
    "OPENAPI_VERSION",
    "OPENAPI_URL_PREFIX",
    "OPENAPI_JSON_PATH",
}


def test_every_setting_the_shop_reads_is_in_the_readme_table():
    from storefront.config import DEFAULTS

    readme = (ROOT / "README.md").read_text()
    missing = [
        name
        for name in DEFAULTS
        if name not in FRAMEWORK_SETTINGS
        and f"`{name}`" not in readme
        and f"`_{name.rsplit('_', 1)[-1]}`" not in readme  # INVENTORY_DEFAULT_STORE, `_BRAND`
    ]
    assert missing == []
