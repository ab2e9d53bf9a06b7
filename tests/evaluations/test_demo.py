"""The demo's three rounds, and the file command reproducing the national round from its export."""

from __future__ import annotations

from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from hyeopchi.demo.data.evaluations import GWANGJU_SEED
from hyeopchi.demo.loader import load_demo
from hyeopchi.evaluations import services
from hyeopchi.evaluations.assignment import commitment
from hyeopchi.evaluations.enums import RoundStatus
from hyeopchi.evaluations.models import Conflict, Rating, Round

pytestmark = pytest.mark.django_db


def grades(payload: dict) -> dict[tuple[str, str], int]:
    return dict(Counter((r["group"], r["grade"]) for r in payload["targets"].values()))


def test_the_demo_rounds(demo, tmp_path: Path) -> None:
    national = Round.objects.get(slug="innovation-2020")
    assert national.status == RoundStatus.FINAL
    assert Counter(national.targets.values_list("group", flat=True)) == {"광역": 17, "시": 75, "군": 82, "구": 69}
    assert Rating.objects.filter(assignment__target__round=national).count() == 243 * 9 * 5 + 243 * 20
    versions = list(national.versions.order_by("number"))
    assert [(v.number, v.final_number, v.published) for v in versions] == [
        (1, None, True),
        (2, None, True),
        (3, 1, True),
    ]
    final = versions[-1].payload
    ones = {g: n for (g, grade), n in grades(final).items() if grade == "우수"}
    assert ones == {"광역": 4, "시": 19, "군": 21, "구": 17}  # a quarter of each type, half up
    assert final["targets"]["T001"]["name"] == "서울특별시"
    gwangju = next(r for r in final["targets"].values() if r["name"] == "광주광역시")
    assert gwangju["grade"] == "우수"
    assert sum(r["amount"] for r in final["targets"].values()) == 4_000_000_000
    changed = {
        row["name"]: (row["grade_before"], row["grade_after"]) for row in versions[1].diff if "grade" in row["changed"]
    }
    assert len(changed) == 2
    assert sorted(changed.values()) == [("보통", "우수"), ("우수", "보통")]
    assert (
        Conflict.objects.filter(target__round=national, evaluator__pseudonym="E07")
        .values_list("target__name", flat=True)
        .get()
        == "광주광역시"
    )
    assert [ok for _, ok in services.replay(national)] == [True, True, True]

    safety = Round.objects.get(slug="disaster-2020")
    counts = grades(safety.versions.get(final_number=1).payload)
    assert counts[("시", "우수")] == 23  # 75 × 0.30 = 22.5 → 23 seats, half up
    assert counts[("시", "미흡")] == 7
    assert counts[("특·광역시", "우수")] == 2
    # The best city is disqualified (과락 on 협업·거버넌스): last grade, and 23 others still get 우수.
    payload = safety.versions.get(final_number=1).payload
    freed = [e["target"] for e in payload["events"] if e["type"] == "DISQUALIFIED_UNRANKED"]
    assert [(payload["targets"][t]["grade"], payload["targets"][t]["disqualified"]) for t in freed] == [
        ("미흡", ["S6"])
    ]

    institutions = Round.objects.get(slug="gwangju-institutions-2024")
    assert institutions.status == RoundStatus.PREPARING
    assert institutions.seed_commitment == commitment(GWANGJU_SEED)
    assert Counter(institutions.targets.values_list("group", flat=True)) == {"출자·출연기관": 16, "공사·공단": 4}

    out = StringIO()
    call_command("evaluation", "export", "--round", "innovation-2020", "--dir", str(tmp_path), stdout=out)
    stored_hash = versions[-1].output_hash
    assert out.getvalue().splitlines()[-1] == f"output hash {stored_hash}"
    printed = StringIO()
    call_command(
        "evaluation",
        "compute",
        "--framework",
        str(tmp_path / "framework.yaml"),
        "--ratings",
        str(tmp_path / "ratings.csv"),
        "--data",
        str(tmp_path / "data.csv"),
        "--rules",
        str(tmp_path / "rules.yaml"),
        stdout=printed,
    )
    assert printed.getvalue().splitlines()[-1] == f"output hash {stored_hash}"
    assert load_demo().total == 0
