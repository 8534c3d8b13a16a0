"""deploy/compose.yaml is consistent: the services the operations guide names, real CLI commands, known
PRESSROOM_ settings, Elasticsearch with nori, and `docker compose config` (or docker-compose 1.29) accepts it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from pressroom.cli import build_parser

REPO_ROOT = Path(__file__).resolve().parents[2]
DEPLOY = REPO_ROOT / "deploy"
PACKAGES = ("crawler", "indexer", "search_api", "scheduler", "pressroom")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))


def pressroom_services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: s for name, s in compose["services"].items() if s.get("image") == "pressroom:latest"}


def compose_command() -> list[str] | None:
    """Compose v2 (`docker compose`) where the plugin is installed, else Debian's docker-compose 1.29."""
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True, check=False).returncode == 0:
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


def test_docker_compose_accepts_the_file():
    command = compose_command()
    if command is None:
        reason = "neither `docker compose` nor docker-compose is installed (apt-get install docker-compose)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    # `config` validates the file against the Compose schema; it needs no Docker engine.
    result = subprocess.run(
        [*command, "-f", str(DEPLOY / "compose.yaml"), "config", "--quiet"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_the_deployment_has_every_part(compose):
    services = compose["services"]
    assert {"es01", "es02", "es03", "redis", "api", "scheduler", "worker"} <= set(services)
    assert services["worker"]["deploy"]["replicas"] >= 2
    assert "--appendonly" in services["redis"]["command"]
    for node in ("es01", "es02", "es03"):
        environment = services[node]["environment"]
        assert environment["node.name"] == node
        assert environment["discovery.seed_hosts"] == "es01,es02,es03"
        assert services[node]["build"]["context"] == "./elasticsearch"
    assert "elasticsearch-plugin install --batch analysis-nori" in (DEPLOY / "elasticsearch" / "Dockerfile").read_text()


def test_every_command_is_a_real_cli_command(compose):
    parser = build_parser()
    services = pressroom_services(compose)
    assert {"api", "scheduler", "worker"} <= set(services)
    for name, service in services.items():
        try:
            parser.parse_args(service["command"])
        except SystemExit:
            pytest.fail(f"service {name}: `pressroom {' '.join(service['command'])}` is not a valid command")


def test_every_pressroom_setting_is_read_by_the_code(compose):
    code = "\n".join(p.read_text(encoding="utf-8") for pkg in PACKAGES for p in (REPO_ROOT / pkg).rglob("*.py"))
    prefixed = set(re.findall(r"PRESSROOM_[A-Z_]+", code))
    prefixed |= {f"PRESSROOM_{f.upper()}" for f in re.findall(r"^\s+(\w+): .*=", _api_settings(), re.M)}
    for name, service in pressroom_services(compose).items():
        for variable in service.get("environment", {}):
            assert variable in prefixed, f"service {name}: {variable} is read by no Pressroom code"


def _api_settings() -> str:
    return (REPO_ROOT / "search_api" / "settings.py").read_text(encoding="utf-8")


def test_the_image_copies_what_exists_and_runs_the_cli():
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    for source in re.findall(r"^COPY (\S+)", dockerfile, re.M):
        assert (REPO_ROOT / source).exists(), source
    assert 'ENTRYPOINT ["pressroom"]' in dockerfile
