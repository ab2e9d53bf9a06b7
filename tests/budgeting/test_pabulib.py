"""Pabulib files: read as written, written back unchanged, refused with the line that is wrong."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from hyeopchi.budgeting import pabulib, tally
from hyeopchi.budgeting.pabulib import PabulibError

DATA = Path(__file__).resolve().parents[1] / "data" / "pabulib"

SMALL = """META
key;value
description;두 동의 마을사업
country;Korea
unit;광명시
instance;2026
num_projects;3
num_votes;2
budget;1000000
vote_type;approval
rule;greedy
date_begin;01.06.2026
date_end;15.06.2026
PROJECTS
project_id;cost;votes;name
1;600000;2;골목 화단
2;500000;1;경로당 도서
3;300000;1;놀이터 그늘막
VOTES
voter_id;vote
v1;1,2
v2;1,3
"""


def refusal(text: str) -> tuple[str, int, dict[str, str]]:
    with pytest.raises(PabulibError) as caught:
        pabulib.parse(text)
    return caught.value.code, caught.value.line, caught.value.params


@pytest.mark.parametrize("path", sorted(DATA.glob("*.pb")), ids=lambda p: p.name)
def test_a_published_file_is_written_back_as_it_was_read(path: Path):
    raw = path.read_bytes()
    written = pabulib.write(pabulib.read(str(path))).encode("utf-8")
    # Wieliczka's file ends one META line with LF among CRLF lines; the writer uses the file's CRLF.
    assert written.replace(b"\r\n", b"\n") == raw.replace(b"\r\n", b"\n")


def test_a_small_election_is_read_exactly():
    election = pabulib.parse(SMALL)
    assert (election.budget, election.vote_type, election.rule) == (Fraction(1000000), "approval", "greedy")
    assert [(p.id, p.cost, p.name) for p in election.projects.values()] == [
        ("1", Fraction(600000), "골목 화단"),
        ("2", Fraction(500000), "경로당 도서"),
        ("3", Fraction(300000), "놀이터 그늘막"),
    ]
    assert [(v.voter, v.picks) for v in election.votes] == [("v1", ("1", "2")), ("v2", ("1", "3"))]


def test_writing_sets_the_selected_column_after_the_last_one():
    text = pabulib.write(pabulib.parse(SMALL), ["1", "3"])
    assert text.split("PROJECTS\n")[1].split("VOTES\n")[0] == (
        "project_id;cost;votes;name;selected\n1;600000;2;골목 화단;1\n2;500000;1;경로당 도서;0\n3;300000;1;놀이터 그늘막;1\n"
    )


def test_a_decimal_cost_is_kept_exactly():
    election = pabulib.parse(SMALL.replace("3;300000;1;", "3;300000.5;1;"))
    assert election.projects["3"].cost == Fraction(600001, 2)


def test_a_wrong_vote_count_is_refused_on_its_meta_line():
    assert refusal(SMALL.replace("num_votes;2", "num_votes;3")) == (
        "wrong_count",
        8,
        {"key": "num_votes", "value": "3", "found": "2"},
    )


def test_a_missing_section_is_refused():
    assert refusal(SMALL.split("VOTES")[0]) == ("missing_section", 0, {"section": "VOTES"})


def test_a_cost_that_is_not_a_number_is_refused_on_its_line():
    assert refusal(SMALL.replace("2;500000;1;", "2;오십만;1;")) == (
        "cost_not_a_number",
        17,
        {"value": "오십만", "project": "2"},
    )


def test_a_vote_for_an_unknown_project_is_refused_on_its_line():
    assert refusal(SMALL.replace("v2;1,3", "v2;1,7")) == ("unknown_project", 22, {"voter": "v2", "project": "7"})


def test_a_row_with_too_few_cells_is_refused():
    assert refusal(SMALL.replace("3;300000;1;놀이터 그늘막", "3;300000")) == (
        "wrong_cell_count",
        18,
        {"section": "PROJECTS", "count": "2", "expected": "4"},
    )


def test_a_file_with_a_byte_order_mark_is_read():
    assert len(pabulib.parse("\ufeff" + SMALL).projects) == 3


@pytest.mark.parametrize(
    "name", ["France_Toulouse_2024.pb", "Poland_Gdynia_2022_Obluze__small.pb", "Poland_Krakow_2019_Bienczyce.pb"]
)
def test_a_written_election_passes_pabulibs_checker(name: str, tmp_path: Path):
    from pabulib.checker import Checker  # test-only, like pabutools

    published = pabulib.read(str(DATA / name))
    outcome = tally.tally(pabulib.instance(published), published.rule)
    written = tmp_path / name
    written.write_bytes(pabulib.write(published, outcome.selected).encode("utf-8"))

    report = Checker().process_files([str(written)])

    results = [value["results"] for key, value in report.items() if key not in ("metadata", "summary")]
    assert (report["metadata"]["valid"], results) == (1, [{"errors": {}, "warnings": {}}])
