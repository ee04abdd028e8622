"""Production settings: `check --deploy` is clean when configured, and refuses when not."""
import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Anything the outer environment (a developer's shell, CI's PostgreSQL stage) sets that
# would change what production settings see.
PORTAL_ENV = (
    "DJANGO_SETTINGS_MODULE", "SECRET_KEY", "SECRET_KEY_FILE", "ALLOWED_HOSTS", "ALLOWED_HOSTS_FILE",
    "DATABASE_URL", "DATABASE_URL_FILE", "REDIS_URL", "REDIS_URL_FILE", "CELERY_BROKER_URL", "DEBUG",
    "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_PRELOAD", "CSRF_TRUSTED_ORIGINS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by conftest.py for Playwright; `check --deploy` rightly rejects it
)


def run_check(**env_vars) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in PORTAL_ENV}
    env.update(DJANGO_SETTINGS_MODULE="integrity_portal.settings.production", PYTHONUNBUFFERED="1", **env_vars)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=120,
    )


def random_secret(length: int = 60) -> str:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(length))


def test_configured_production_passes_check_deploy_without_warnings():
    result = run_check(
        SECRET_KEY=random_secret(),
        ALLOWED_HOSTS="credit.example.gov.cn",
        DATABASE_URL="postgres://u:p@127.0.0.1:5432/x",  # `check` does not connect
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
    assert "WARNINGS" not in output and "ERRORS" not in output, output


def test_unconfigured_production_refuses_to_start():
    result = run_check()
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    for check_id in ("portal.E001", "portal.E002", "portal.E003"):
        assert check_id in output, f"{check_id} missing from:\n{output}"


def test_short_secret_key_is_refused():
    result = run_check(SECRET_KEY="too-short", ALLOWED_HOSTS="credit.example.gov.cn",
                       DATABASE_URL="postgres://u:p@127.0.0.1:5432/x")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "portal.E001" in output and "portal.E002" not in output and "portal.E003" not in output, output
