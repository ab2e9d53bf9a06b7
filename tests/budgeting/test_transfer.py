"""A closed heading as a Pabulib file that pabulib-checker accepts, and elections imported back."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from hyeopchi.budgeting import pabulib
from hyeopchi.budgeting.models import Ballot, Heading, Project
from hyeopchi.budgeting.services import ballots, processes, results
from hyeopchi.budgeting.transfer import export_pabulib, import_pabulib
from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import ConflictError, ValidationFailedError
from tests.factories import SYSTEM
from tests.support.budgets import AFTER_VOTING, DURING_VOTING, BudgetWorld
from tests.support.helpers import row_counts

DATA = Path(__file__).resolve().parents[1] / "data" / "pabulib"


@pytest.fixture
def counted(budget: BudgetWorld) -> BudgetWorld:
    for picks in ([1, 3], [1, 3], [1, 2], [3, 2], [3, 4, 1]):
        ballots.cast(actor=Actor.for_user(budget.resident()), heading=budget.heading, picks=picks, now=DURING_VOTING)
    ballots.seal(actor=SYSTEM, process=budget.process, now=AFTER_VOTING)
    results.count(actor=SYSTEM, heading=budget.heading)
    return budget


def checker_report(text: str, tmp_path: Path) -> Any:
    from pabulib.checker import Checker  # test-only

    path = tmp_path / "export.pb"
    path.write_bytes(text.encode("utf-8"))
    return Checker().process_files([str(path)])


def test_the_export_is_utf8_without_a_bom_and_reads_back(counted: BudgetWorld) -> None:
    text = export_pabulib(counted.heading)
    election = pabulib.parse(text)
    assert (text.startswith("META\n"), election.published_selected(), len(election.votes), election.budget) == (
        True,
        {"1", "3"},
        5,
        Fraction(10_000_000),
    )


def test_the_export_names_no_voter(counted: BudgetWorld) -> None:
    election = pabulib.parse(export_pabulib(counted.heading))
    assert [vote.voter for vote in election.votes] == ["1", "2", "3", "4", "5"]


def test_pabulib_checker_accepts_the_export(counted: BudgetWorld, tmp_path: Path) -> None:
    report = checker_report(export_pabulib(counted.heading), tmp_path)
    results_ = [value["results"] for key, value in report.items() if key not in ("metadata", "summary")]
    assert (report["metadata"]["valid"], results_) == (1, [{"errors": {}, "warnings": {}}])


def test_a_weighted_heading_is_exported_as_greedy_custom_with_its_weights(counted: BudgetWorld) -> None:
    counted.heading.vote_weight = 50
    counted.heading.save()
    processes.set_scores(
        actor=SYSTEM, heading=counted.heading, name="committee", weight=50, scores={1: 60, 2: 100, 3: 0, 4: 80}
    )
    results.count(actor=SYSTEM, heading=counted.heading)
    election = pabulib.parse(export_pabulib(counted.heading))
    assert (election.rule, election.meta["comment"], election.published_selected()) == (
        "greedy-custom",
        "#1: Projects are ordered by a weighted score (column score): each part gives its weight times the "
        "project's score over the part's best score; weights: public vote 50, committee 50. The score column is the "
        "weighted score times 2.",
        {"1", "2", "4"},
    )


def test_the_export_waits_for_the_seal(budget: BudgetWorld) -> None:
    with pytest.raises(ConflictError):
        export_pabulib(budget.heading)


def test_an_election_file_is_imported_as_a_sealed_heading(counted: BudgetWorld) -> None:
    text = (DATA / "Poland_Warszawa_2017_Rakowiec.pb").read_text(encoding="utf-8")
    heading = import_pabulib(actor=SYSTEM, process=counted.process, text=text)
    assert (heading.projects.count(), Ballot.objects.filter(heading=heading).count()) == (
        pabulib.parse(text).meta_int("num_projects"),
        pabulib.parse(text).meta_int("num_votes"),
    )


def test_an_imported_election_counts_as_published(counted: BudgetWorld) -> None:
    text = (DATA / "Poland_Warszawa_2017_Rakowiec.pb").read_text(encoding="utf-8")
    heading = import_pabulib(actor=SYSTEM, process=counted.process, text=text)
    result = results.count(actor=SYSTEM, heading=heading)
    assert set(result.outcome["selected"]) == pabulib.parse(text).published_selected()


def test_a_broken_file_is_refused_with_its_line_and_nothing_is_written(counted: BudgetWorld) -> None:
    text = "META\nkey;value\nnum_projects;1\nnum_votes;1\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;abc\nVOTES\nvoter_id;vote\n1;1\n"
    before = row_counts(Heading, Project, Ballot)
    with pytest.raises(ValidationFailedError) as refused:
        import_pabulib(actor=SYSTEM, process=counted.process, text=text)
    assert (refused.value.message, row_counts(Heading, Project, Ballot)) == (
        "9행: 사업 “1”의 비용 “abc”은(는) 숫자가 아닙니다.",
        before,
    )


def test_add1_in_thousands_of_won_is_exported_as_an_unknown_rule_with_its_step(counted: BudgetWorld) -> None:
    counted.heading.rule = "equalshares/add1"
    counted.heading.save()
    results.count(actor=SYSTEM, heading=counted.heading)
    election = pabulib.parse(export_pabulib(counted.heading))
    assert (election.rule, election.meta["comment"]) == (
        "unknown",
        "#1: Counted by the Method of Equal Shares with add1 raising each voter's money by 1000 KRW per run "
        "(Pabulib's equalshares/add1 with a step of 1000 instead of 1).",
    )
