"""Settings read from the environment, checked in a fresh process each."""

import os
import re
import runpy
import subprocess
import sys
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x7Kq!p2Zr9#Lm4vN8sT1wY6uB3eH5jF0gC@dA-oI&Q*R%zXkV-w3Tn0pLq",
    "ALLOWED_HOSTS": "gcm.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://gcm.example.org",
}


def manage(*args, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    clean["DJANGO_SETTINGS_MODULE"] = "gcm_portal.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_refuses_to_start_without_secret_key_when_not_debugging():
    env = {**PRODUCTION, "SECRET_KEY": ""}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_secret_key_from_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text(PRODUCTION["SECRET_KEY"])
    env = {**PRODUCTION, "SECRET_KEY": "", "SECRET_KEY_FILE": str(secret)}
    result = manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 0, result.stderr


def test_bad_boolean_fails_loudly():
    result = manage("check", **{**PRODUCTION, "DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_database_url_selects_the_database():
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    env = {**PRODUCTION, "DATABASE_URL": "postgres://u:p@db.example.org:5432/gcm"}
    result = manage("shell", "--verbosity", "0", "-c", code, **env)
    assert result.stdout.strip() == "django.db.backends.postgresql", result.stderr
    result = manage("shell", "--verbosity", "0", "-c", code, **{**PRODUCTION, "DATABASE_URL": ""})
    assert result.stdout.strip() == "django.db.backends.sqlite3", result.stderr


def test_the_processes_of_a_gunicorn_share_pages_of_its_generation_only():
    code = (
        "from django.conf import settings; "
        "print(settings.PAGE_CACHE_SHARED, settings.CACHES['pages_shared']['KEY_PREFIX'])"
    )
    shared = manage(
        "shell", "--verbosity", "0", "-c", code, **PRODUCTION, PAGE_CACHE_GENERATION="g1"
    )
    assert shared.stdout.strip() == "True g1", shared.stderr
    for alone in (
        {"PAGE_CACHE_GENERATION": ""},  # runserver, tests, gunicorn --preload
        {"PAGE_CACHE_GENERATION": "g1", "PAGE_CACHE_SHARED": "0"},
        {"PAGE_CACHE_GENERATION": "g1", "PAGE_CACHE_ENTRIES": "0"},
    ):
        result = manage("shell", "--verbosity", "0", "-c", code, **PRODUCTION, **alone)
        assert result.stdout.split()[0] == "False", (alone, result.stdout, result.stderr)


@pytest.mark.parametrize("hook", ["on_starting", "on_reload"])
def test_gunicorn_names_a_new_generation_of_shared_pages_at_each_start_and_reload(
    monkeypatch, hook
):
    monkeypatch.setenv("PAGE_CACHE_GENERATION", "before")
    monkeypatch.delenv("PAGE_CACHE_SHARED", raising=False)
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    conf[hook](types.SimpleNamespace())  # gunicorn's master process, as its hooks see it
    first = os.environ["PAGE_CACHE_GENERATION"]
    conf[hook](types.SimpleNamespace())
    assert len({"before", first, os.environ["PAGE_CACHE_GENERATION"]}) == 3


def test_gunicorn_names_none_when_sharing_is_off(monkeypatch):
    monkeypatch.setenv("PAGE_CACHE_GENERATION", "")
    monkeypatch.setenv("PAGE_CACHE_SHARED", "0")
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    conf["on_starting"](types.SimpleNamespace())
    assert os.environ["PAGE_CACHE_GENERATION"] == ""


def test_every_pinned_dependency_is_in_the_lock():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = project["dependencies"] + project["optional-dependencies"]["dev"]
    lock = {
        line.split("==")[0].lower().replace("_", "-"): line.split("==")[1]
        for line in (ROOT / "requirements.lock").read_text().splitlines()
        if "==" in line
    }
    for pin in pins:
        name, version = re.sub(r"\[.*\]", "", pin).split("==")
        assert lock.get(name.lower().replace("_", "-")) == version, pin


@pytest.mark.parametrize("path", [".env", "var", ".venv"])
def test_local_files_are_not_tracked(path):
    ignored = (ROOT / ".gitignore").read_text().split()
    assert f"{path}/" in ignored or path in ignored


@pytest.mark.django_db
def test_tests_run_on_the_database_of_database_url():
    from django.db import connection

    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected


@pytest.mark.django_db
def test_pages_forbid_inline_scripts_framing_and_other_origins(client):
    response = client.get("/")
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_sessions_end_after_two_idle_hours_and_use_renews_them(client, plain_user, settings):
    from django.contrib.sessions.models import Session

    assert settings.SESSION_COOKIE_AGE == 2 * 60 * 60
    assert settings.SESSION_COOKIE_HTTPONLY is True
    client.force_login(plain_user)
    client.get("/")
    session = Session.objects.get()
    first_expiry = session.expire_date
    # Used again five minutes later: the idle clock starts again.
    data = client.session
    data["renewed"] -= settings.SESSION_RENEW_SECONDS
    data.save()
    before = Session.objects.get().expire_date
    assert before >= first_expiry
    client.get("/")
    assert Session.objects.get().expire_date > before
    # Used again at once: no write.
    expiry = Session.objects.get().expire_date
    client.get("/")
    assert Session.objects.get().expire_date == expiry
