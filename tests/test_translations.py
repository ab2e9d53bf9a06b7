"""Every UI string has its Korean translation, and the compiled catalogue matches the source."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "hyeopchi"
CATALOGUE = SRC / "locale" / "ko" / "LC_MESSAGES" / "django.po"


def untranslated(po: polib.POFile) -> list[str]:
    return [
        entry.msgid
        for entry in po
        if not entry.obsolete and ("fuzzy" in entry.flags or not (entry.msgstr or any(entry.msgstr_plural.values())))
    ]


def test_korean_catalogue_has_no_untranslated_or_fuzzy_entry():
    assert untranslated(polib.pofile(str(CATALOGUE))) == []


def test_compiled_catalogue_matches_the_source():
    source = {(e.msgid, e.msgstr) for e in polib.pofile(str(CATALOGUE)) if not e.msgid_plural}
    compiled = {(e.msgid, e.msgstr) for e in polib.mofile(str(CATALOGUE.with_suffix(".mo"))) if not e.msgid_plural}

    assert source - compiled == set()


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext is installed by make test")
def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    copy = tmp_path / "hyeopchi"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("__pycache__", "static"))
    subprocess.run(  # noqa: S603 (fixed argv)
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "ko",
            "--no-location",
            "--settings",
            "hyeopchi.config.settings_test",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    extracted = {e.msgid for e in polib.pofile(str(copy / "locale/ko/LC_MESSAGES/django.po"))}
    committed = {e.msgid for e in polib.pofile(str(CATALOGUE)) if not e.obsolete}

    assert extracted - committed == set()
