"""``hyeopchi budget tally``: a Pabulib file's outcome as a table, and the file with its selected column."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError
from django.utils import translation

from tests.budgeting.test_pabulib import SMALL
from tests.support.helpers import run_command

DATA = Path(__file__).resolve().parents[1] / "data" / "pabulib"


def test_tally_writes_the_election_with_the_selected_column_the_rule_gives(tmp_path: Path):
    source = DATA / "Poland_Gdynia_2022_Obluze__small.pb"
    output = tmp_path / "gdynia.pb"

    printed = run_command("budget", "tally", str(source), "--rule", "equalshares", "--output", str(output))

    published = source.read_bytes().decode().splitlines()
    written = output.read_bytes().decode().splitlines()
    changed = [b.rsplit(";", 1) for a, b in zip(published, written, strict=True) if a != b]
    assert [(row[0].split(";")[0], flag) for row, flag in ((c, c[1]) for c in changed)] == [
        ("2022/OBL/0003", "0"),
        ("2022/OBL/0009", "0"),
        ("2022/OBL/0001", "1"),
    ]
    assert "differs from the file's selected column: 2022/OBL/0001, 2022/OBL/0003, 2022/OBL/0009" in printed


def test_tally_prints_the_outcome_with_the_files_own_rule():
    printed = run_command("budget", "tally", str(DATA / "Poland_Warszawa_2017_Rakowiec.pb"))
    assert ("greedy" in printed, "same as the file's selected column" in printed) == (True, True)


def test_a_file_with_a_wrong_count_is_refused_in_korean_with_its_line(tmp_path: Path):
    bad = tmp_path / "bad.pb"
    bad.write_text(SMALL.replace("num_votes;2", "num_votes;3"), encoding="utf-8")
    with translation.override("ko"), pytest.raises(CommandError) as caught:
        run_command("budget", "tally", str(bad))
    assert str(caught.value) == "8행: META의 num_votes는 3이지만 파일에는 2개가 있습니다."
