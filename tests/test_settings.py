from __future__ import annotations

import importlib

from django.contrib.auth.hashers import Argon2PasswordHasher


def test_production_settings_hash_with_argon2_and_lock_out_after_five_failures():
    settings = importlib.import_module("hyeopchi.config.settings")

    assert settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert (settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME) == (5, 0.5)
    assert (settings.LANGUAGE_CODE, settings.TIME_ZONE, settings.USE_TZ) == ("ko", "Asia/Seoul", True)


def test_argon2_hashes_verify():
    hasher = Argon2PasswordHasher()

    hashed = hasher.encode("비밀번호-2026", hasher.salt())

    assert hashed.startswith("argon2$argon2id$")
    assert hasher.verify("비밀번호-2026", hashed)
    assert not hasher.verify("비밀번호-2025", hashed)


def test_sqlite_given_by_url_queues_writers_like_the_default(monkeypatch, tmp_path):
    settings = importlib.import_module("hyeopchi.config.settings")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/other.sqlite3")

    config = settings.database_config()

    assert (config["NAME"], config["OPTIONS"]) == (f"{tmp_path}/other.sqlite3", settings.SQLITE_OPTIONS)


def test_mail_relay_and_kakao_sign_in_come_from_the_environment(tmp_path):
    import os
    import subprocess
    import sys

    environment = {
        **os.environ,
        "HYEOPCHI_VAR_DIR": str(tmp_path),
        "HYEOPCHI_EMAIL_HOST": "smtp.example.go.kr",
        "HYEOPCHI_EMAIL_PORT": "587",
        "HYEOPCHI_EMAIL_TLS": "1",
        "HYEOPCHI_KAKAO_CLIENT_ID": "kakao-id",
        "HYEOPCHI_KAKAO_SECRET": "kakao-secret",
        "HYEOPCHI_NAVER_CLIENT_ID": "naver-id-without-secret",
    }
    code = (
        "import hyeopchi.config.settings as s; "
        "print(s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS, sorted(s.SOCIALACCOUNT_PROVIDERS))"
    )

    printed = subprocess.run(  # noqa: S603 (fixed argv)
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )

    assert printed.stdout == "smtp.example.go.kr 587 True ['kakao']\n"


def test_the_open_data_licence_comes_from_the_environment_as_name_and_address(tmp_path):
    import os
    import subprocess
    import sys

    environment = {
        **os.environ,
        "HYEOPCHI_VAR_DIR": str(tmp_path),
        "HYEOPCHI_OPEN_DATA_LICENCE": "공공누리 제2유형 | https://www.kogl.or.kr/info/licenseType2.do",
    }
    code = "import hyeopchi.config.settings as s; print(s.HYEOPCHI_OPEN_DATA_LICENCE)"

    printed = subprocess.run(  # noqa: S603 (fixed argv)
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )

    assert printed.stdout == "('공공누리 제2유형', 'https://www.kogl.or.kr/info/licenseType2.do')\n"
