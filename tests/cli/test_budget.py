"""``hyeopchi budget tally``: a Pabulib file's outcome as a table, and the file with its selected column."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError
from django.utils import translation

from hyeopchi.budgeting import pabulib
from hyeopchi.budgeting.models import Heading
from hyeopchi.budgeting.services import ballots, processes
from tests.budgeting.test_pabulib import SMALL
from tests.factories import SYSTEM
from tests.support.budgets import AFTER_VOTING
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


@pytest.mark.django_db
def test_import_then_export_a_process_heading(budget, tmp_path: Path):
    ballots.seal(actor=SYSTEM, process=budget.process, now=AFTER_VOTING)
    printed = run_command(
        "budget",
        "import",
        str(DATA / "Poland_Warszawa_2017_Rakowiec.pb"),
        "--site",
        "gwangju",
        "--process",
        "donggu-2026",
    )
    heading = Heading.objects.exclude(pk=budget.heading.pk).get()
    output = tmp_path / "out.pb"
    run_command(
        "budget",
        "export",
        "--site",
        "gwangju",
        "--process",
        "donggu-2026",
        "--heading",
        str(heading.pk),
        "--output",
        str(output),
    )
    exported = pabulib.read(str(output))
    assert (printed.split(":")[0], len(exported.votes), exported.meta_int("num_projects")) == (
        "“Rakowiec” 가져옴",
        1012,
        heading.projects.count(),
    )


@pytest.mark.django_db
def test_export_asks_which_budget_when_there_are_several(budget, tmp_path: Path):
    processes.add_heading(actor=SYSTEM, process=budget.process, name="학동", amount=1_000_000)
    with pytest.raises(CommandError) as refused:
        run_command(
            "budget", "export", "--site", "gwangju", "--process", "donggu-2026", "--output", str(tmp_path / "x.pb")
        )
    assert str(refused.value).startswith("이 과정에는 예산이 여러 개 있습니다. --heading으로 하나를 고르세요")
