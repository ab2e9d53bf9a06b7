"""Production defaults: a generated secret key, HTTPS settings that pass Django's deployment
check, security headers on every page, and `hyeopchi serve` on a fresh data directory."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import brotli
import pytest

from hyeopchi.config.settings import DEVELOPMENT_SECRET_KEY, data_dir_secret_key
from hyeopchi.web.common.staticfiles import QuickCompressor

HYEOPCHI = str(Path(sys.executable).with_name("hyeopchi"))


def _environment(var_dir: Path, **values: str) -> dict[str, str]:
    """A production environment on its own SQLite data directory (never the suite's database)."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("HYEOPCHI_", "DJANGO_")) and key != "DATABASE_URL"
    }
    environment.update(HYEOPCHI_VAR_DIR=str(var_dir), **values)
    return environment


def _setting(var_dir: Path, expression: str, **values: str) -> str:
    code = f"from hyeopchi.config import settings as s; print({expression})"
    return subprocess.run(  # noqa: S603 (fixed argv)
        [sys.executable, "-c", code],
        env=_environment(var_dir, **values),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.strip()


def test_a_secret_key_is_written_once_into_the_data_directory_for_its_owner_only(tmp_path):
    first = data_dir_secret_key(tmp_path)
    again = data_dir_secret_key(tmp_path)

    assert (len(first), again) == (67, first)
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600


def test_outside_debug_the_development_key_is_never_used(tmp_path):
    key = _setting(tmp_path, "s.SECRET_KEY")

    assert key != DEVELOPMENT_SECRET_KEY
    assert (tmp_path / "secret_key").read_text().strip() == key


def test_uploads_go_under_the_data_directory(tmp_path):
    assert _setting(tmp_path, "s.MEDIA_ROOT") == str(tmp_path / "media")


def test_https_turns_on_hsts_secure_cookies_and_the_redirect(tmp_path):
    values = _setting(
        tmp_path,
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE",
        HYEOPCHI_HTTPS="1",
    )

    assert values == "True 31536000 True True"


def test_the_deployment_check_is_clean_over_https(tmp_path):
    result = subprocess.run(  # noqa: S603 (fixed argv)
        [HYEOPCHI, "check", "--deploy", "--fail-level", "WARNING"],
        env=_environment(tmp_path, HYEOPCHI_HTTPS="1", HYEOPCHI_ALLOWED_HOSTS="hyeopchi.example"),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert (result.returncode, result.stderr) == (0, "")
    assert "System check identified no issues" in result.stdout


@pytest.mark.django_db
def test_pages_forbid_inline_scripts_and_unused_browser_features(client):
    response = client.get("/")
    policy = dict(directive.strip().split(" ", 1) for directive in response["Content-Security-Policy"].split(";"))

    assert (policy["script-src"], policy["style-src"], policy["frame-ancestors"]) == ("'self'", "'self'", "'none'")
    assert response["Permissions-Policy"] == ("camera=(), microphone=(), geolocation=(), payment=(), usb=()")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback)
        return response.status, response.read()


@pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="serve starts on its own SQLite data directory whatever the suite's database: run once, on SQLite",
)
def test_serve_starts_on_a_fresh_data_directory_with_its_static_files(tmp_path):
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 (fixed argv)
        [HYEOPCHI, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=_environment(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                status, page = _get(f"http://127.0.0.1:{port}/")
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
                assert time.monotonic() < deadline
                time.sleep(0.5)
        stylesheet = page.decode().split('rel="stylesheet" href="')[1].split('"')[0]
        css_status, css = _get(f"http://127.0.0.1:{port}{stylesheet}")
    finally:
        server.terminate()
        server.wait(timeout=30)

    assert status == 200
    assert (css_status, stylesheet.startswith("/static/web/site.")) == (200, True)
    assert b"font-family" in css
    assert (tmp_path / "hyeopchi.sqlite3").exists()


def test_the_back_office_finds_the_site_icon(client):
    response = client.get("/favicon.ico")

    assert (response.status_code, response["Location"]) == (301, "/static/web/favicon.svg")


def test_a_rate_limit_is_set_from_the_environment(tmp_path):
    value = _setting(tmp_path, "s.RATE_LIMITS['registration']", HYEOPCHI_RATE_LIMIT_REGISTRATION_ADDRESS="20/600")

    assert value == "{'address': '20/600', 'contact': '3/600'}"


def test_a_malformed_rate_limit_stops_the_start_with_how_to_write_it(tmp_path):
    with pytest.raises(subprocess.CalledProcessError) as failure:
        _setting(tmp_path, "1", HYEOPCHI_RATE_LIMIT_SIGN_IN_ACCOUNT="ten")

    assert "HYEOPCHI_RATE_LIMIT_SIGN_IN_ACCOUNT is count/seconds (such as 10/600), not 'ten'" in (failure.value.stderr)


def test_static_files_get_a_brotli_copy_that_decompresses_to_the_file(tmp_path):
    script = tmp_path / "app.js"
    script.write_bytes(b"const answer = 42;\n" * 2000)

    written = QuickCompressor(quiet=True).compress(str(script))

    assert sorted(Path(p).name for p in written) == ["app.js.br", "app.js.gz"]
    assert brotli.decompress((tmp_path / "app.js.br").read_bytes()) == script.read_bytes()
