"""compose.yaml and the Dockerfile (issue 14). Where `docker compose` exists it must accept the
file (`docker compose config`); everywhere, the file must validate against the Compose
Specification's own JSON schema (vendored in compose/, with its source and licence), and what
each service runs must exist in this project: the manage.py commands, gunicorn.conf.py and the
WSGI module, the Celery app and the tasks beat sends, the environment variables settings read."""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[3]
SCHEMA = Path(__file__).parent / "compose" / "compose-spec.json"
APP_SERVICES = ("migrate", "web", "worker", "beat")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))


def schema_errors(document: dict) -> list[str]:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


def test_compose_yaml_validates_against_the_compose_specification(compose):
    assert schema_errors(compose) == []


def test_the_schema_check_refuses_what_compose_refuses(compose):
    """The validation bites: a misspelt key, a wrong type, a bad condition each fail it."""
    broken = copy.deepcopy(compose)
    broken["services"]["web"]["healthchek"] = broken["services"]["web"].pop("healthcheck")
    assert any("healthchek" in e for e in schema_errors(broken))
    broken = copy.deepcopy(compose)
    broken["services"]["web"]["ports"] = "8000:8000"
    assert schema_errors(broken)
    broken = copy.deepcopy(compose)
    broken["services"]["web"]["depends_on"]["migrate"]["condition"] = "service_done"
    assert schema_errors(broken)


def docker_compose_works() -> bool:
    if shutil.which("docker") is None:
        return False
    probe = subprocess.run(["docker", "compose", "version"], capture_output=True, timeout=30)
    return probe.returncode == 0


def test_docker_compose_config_accepts_it_where_docker_compose_exists(tmp_path):
    """Run only where the plugin is installed (this machine has the docker client without it);
    the schema test above stands in for it everywhere else."""
    if not docker_compose_works():
        return
    env_file = tmp_path / "ci.env"
    env_file.write_text("ITA_SECRET_KEY=not-a-real-key\nPOSTGRES_PASSWORD=not-a-real-password\n")
    done = subprocess.run(
        ["docker", "compose", "--env-file", str(env_file), "-f", str(ROOT / "compose.yaml"),
         "config", "--quiet"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_every_service_is_defined_with_a_healthcheck_or_a_one_shot(compose):
    services = compose["services"]
    assert set(services) >= {*APP_SERVICES, "postgres", "redis", "minio"}
    for name, service in services.items():
        for dependency in service.get("depends_on", {}):
            assert dependency in services, (name, dependency)
        for volume in service.get("volumes", []):
            assert volume.split(":")[0] in compose["volumes"], (name, volume)
        if name not in ("migrate", "beat"):
            assert "healthcheck" in service, name
    web_check = " ".join(services["web"]["healthcheck"]["test"])
    assert "http://127.0.0.1:8000/healthz" in web_check
    assert services["migrate"]["restart"] == "no"
    for name in ("web", "worker", "beat"):
        condition = services[name]["depends_on"]["migrate"]["condition"]
        assert condition == "service_completed_successfully"


def commands_of(service: dict) -> list[list[str]]:
    """The commands a service runs, `sh -c "a && b"` split into a and b."""
    command = service["command"]
    if command.startswith("sh -c "):
        inner = command[len('sh -c "') : -1]
        return [part.split() for part in inner.split("&&")]
    return [command.split()]


def test_what_each_service_runs_exists_in_the_project(compose):
    from ita.celery import app

    known_commands = get_commands()
    seen = set()
    for name in APP_SERVICES:
        for argv in commands_of(compose["services"][name]):
            program = argv[0]
            seen.add(program)
            if program == "python":
                assert argv[1] == "manage.py" and (ROOT / "manage.py").is_file()
                assert argv[2] in known_commands, (name, argv)
            elif program == "gunicorn":
                assert argv[1] == "ita.wsgi" and (ROOT / "ita" / "wsgi.py").is_file()
                assert argv[argv.index("-c") + 1] == "gunicorn.conf.py"
                assert (ROOT / "gunicorn.conf.py").is_file()
            elif program == "celery":
                assert argv[1:3] == ["-A", "ita"] and argv[3] in ("worker", "beat")
            else:
                raise AssertionError(f"{name} runs {program}")
    assert seen == {"python", "gunicorn", "celery"}
    # beat's schedule names tasks a worker knows
    from django.conf import settings

    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks, entry["task"]


def variables_read() -> set[str]:
    """Every environment variable the project's code reads."""
    found = set()
    pattern = re.compile(r"""(?:environ(?:\.get)?\(|environ\[|env_bool\()\s*["']([A-Z0-9_]+)["']""")
    for path in (ROOT / "ita").rglob("*.py"):
        if "tests" not in path.parts:
            for match in pattern.finditer(path.read_text(encoding="utf-8")):
                found.add(match.group(1))
    return found


def test_every_variable_the_app_services_set_is_read_by_the_project(compose):
    read = variables_read()
    for name in APP_SERVICES:
        env = compose["services"][name]["environment"]
        unknown = sorted(set(env) - read)
        assert unknown == [], f"{name} sets variables nothing reads: {unknown}"
    assert {"DATABASE_URL", "ITA_SECRET_KEY", "ITA_CELERY_BROKER_URL", "ITA_LOG_FORMAT"} <= read


def test_the_dockerfile_builds_what_the_services_run():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    base = re.search(r"^FROM (\S+)", dockerfile, re.M).group(1)
    assert "bookworm" in base or "trixie" in base  # Debian, as the README's machines
    for package in ("fonts-thai-tlwg", "libreoffice-writer", "poppler-utils", "chromium"):
        assert package in dockerfile
    assert "pip install --no-cache-dir -r requirements.lock" in dockerfile
    for line in re.findall(r"^COPY (.+)$", dockerfile, re.M):
        for source in line.split()[:-1]:
            assert (ROOT / source).exists(), source
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".git", ".venv", ".env", "var"} <= set(ignored)


def test_docs_deploy_lists_every_variable_settings_reads():
    settings_py = (ROOT / "ita" / "settings.py").read_text(encoding="utf-8")
    pattern = re.compile(r"""(?:environ(?:\.get)?\(|environ\[|env_bool\()\s*["']([A-Z0-9_]+)["']""")
    read = set(pattern.findall(settings_py))
    assert {"DATABASE_URL", "ITA_S3_BUCKET", "ITA_LOG_FORMAT"} <= read
    documented = set(re.findall(r"`([A-Z0-9_]+)`", (ROOT / "docs" / "deploy.md").read_text()))
    assert sorted(read - documented) == []
