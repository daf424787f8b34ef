"""Finding 8: `check --deploy` warned W004, W008, W012, W016 with the production environment and
no variable turned them on; no Content-Security-Policy was sent."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[3]
SECRET = "k7#Qz!v2Lr9$wX4pN8mT1bY6cF3hJ0sD5gA-eU*oI&uR^yW"  # 50+ chars, many different ones


def check_deploy(tmp_path, **extra) -> subprocess.CompletedProcess:
    # the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; production never does
    unset = ("ITA_", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if not k.startswith(unset)}
    env |= {"ITA_VAR_DIR": str(tmp_path), "ITA_DEBUG": "0", "ITA_SECRET_KEY": SECRET * 2}
    env |= {"ITA_ALLOWED_HOSTS": "ita.example.go.th"} | extra
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_check_deploy_is_clean_with_ita_https(tmp_path):
    result = check_deploy(tmp_path, ITA_HTTPS="1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_without_ita_https_check_deploy_names_what_is_missing(tmp_path):
    result = check_deploy(tmp_path)
    assert result.returncode != 0
    for warning in ("W004", "W008", "W012", "W016"):
        assert f"security.{warning}" in result.stderr


@pytest.mark.django_db
def test_every_page_sends_a_content_security_policy_without_inline_code(client, world):
    for response in (client.get(reverse("login")), client.get("/no-such-page/")):
        policy = response["Content-Security-Policy"]
        directives = dict((d.split()[0], d.split()[1:]) for d in policy.split(";") if d.strip())
        assert directives["default-src"] == ["'self'"]
        for kind in ("script-src", "style-src"):
            assert "'unsafe-inline'" not in directives.get(kind, directives["default-src"])
        assert directives["img-src"] == ["'self'", "data:"]
        assert directives["frame-ancestors"] == ["'none'"]
