"""Merge Korean translations from a Python mapping into the ko catalogue.

Usage: python scripts/fill_translations.py MAPPING.py
MAPPING.py defines KO = {msgid: msgstr} and PLURAL = {msgid: [msgstr[0]]}. Entries already
translated are kept unless the mapping gives a new text.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parent.parent / "src/hyeopchi/locale/ko/LC_MESSAGES/django.po"


def main(mapping_path: str) -> int:
    mapping = runpy.run_path(mapping_path)
    singular: dict[str, str] = mapping.get("KO", {})
    plural: dict[str, list[str]] = mapping.get("PLURAL", {})
    po = polib.pofile(str(CATALOGUE))
    po.metadata["Language"] = "ko"
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    missing = []
    for entry in po:
        if entry.msgid_plural:
            if entry.msgid in plural:
                entry.msgstr_plural = dict(enumerate(plural[entry.msgid]))
        elif entry.msgid in singular:
            entry.msgstr = singular[entry.msgid]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        if not (entry.msgstr or any(entry.msgstr_plural.values())):
            missing.append(entry.msgid)
    po.save()
    po.save_as_mofile(str(CATALOGUE.with_suffix(".mo")))
    for msgid in missing:
        print(f"untranslated: {msgid}")  # noqa: T201
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
