"""A stored round of the worked example: 6 targets, experts E1–E5, a citizen and an online
panel giving the spec's means, and data figures; drawn and scored through the services."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from hyeopchi.core.actor import Actor
from hyeopchi.evaluations import compute, files, services
from hyeopchi.evaluations.assignment import commitment
from hyeopchi.evaluations.enums import PanelKind, RoundStatus
from hyeopchi.evaluations.models import Evaluator, Panel, Round
from hyeopchi.organizations.enums import OrganizationKind, OrganizationRoleName
from hyeopchi.organizations.services import assign_role
from tests.factories import SYSTEM, OrganizationFactory, UserFactory

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "evaluation" / "example"
SEED = "worked-example#9f8e7d6c5b4a39281706f5e4d3c2b1a0"

# The worked example's results: total, rank, grade and incentive (won) per target.
WORKED = {
    "T1": ("79.95", 3, "보통", 0),
    "T2": ("88.18", 1, "우수", 54_550_000),
    "T3": ("65.70", 4, "보통", 0),
    "T4": ("55.35", 6, "미흡", 0),
    "T5": ("81.77", 2, "우수", 45_450_000),
    "T6": ("57.38", 5, "보통", 0),
}


def example_specs() -> tuple[dict[str, Any], dict[str, Any]]:
    framework = yaml.safe_load((EXAMPLE / "framework.yaml").read_text(encoding="utf-8"))
    rules = yaml.safe_load((EXAMPLE / "rules.yaml").read_text(encoding="utf-8"))
    return framework, rules


def evaluation_office(name: str = "행정안전부") -> tuple[Any, Any]:
    """An evaluating ministry and a member of its staff (its secretary)."""
    office = OrganizationFactory(name=name, kind=OrganizationKind.NATIONAL_MINISTRY)
    staff = UserFactory(username="office-staff")
    assign_role(actor=SYSTEM, user=staff, organization=office, role=OrganizationRoleName.SECRETARY)
    return office, staff


def example_round_of(office: Any, slug: str, title: str, panels: list[dict[str, Any]], actor: Actor = SYSTEM) -> Round:
    """A round of ``office`` on the worked example's framework (published) and rules."""
    framework_spec, rules = example_specs()
    framework = services.create_framework(actor=SYSTEM, office=office, title="혁신평가 예시", spec=framework_spec)
    framework = services.publish_framework(actor=SYSTEM, framework=framework)
    return services.create_round(
        actor=actor, office=office, slug=slug, title=title, framework=framework, rules=rules, panels=panels
    )


@pytest.fixture
def example_round() -> dict[str, Any]:
    """The round set up and drawn, scoring open, nothing rated yet."""
    setup = _prepared_example_round()
    office_actor, round_ = setup["office"], setup["round"]
    round_ = services.commit_seed(actor=office_actor, round_=round_, commitment=commitment(SEED))
    services.run_draw(actor=office_actor, round_=round_, seed=SEED)
    setup["round"] = services.move_round(
        actor=office_actor, round_=Round.objects.get(pk=round_.pk), to=RoundStatus.SCORING
    )
    return setup


@pytest.fixture
def drawable_round() -> tuple[Round, Actor]:
    """The worked example's round with its pools ready (preparing), before the commitment."""
    setup = _prepared_example_round()
    return setup["round"], setup["office"]


def _prepared_example_round() -> dict[str, Any]:
    office, staff = evaluation_office()
    office_actor = Actor.for_user(staff)
    panels = [
        {"key": "expert", "kind": PanelKind.EXPERT, "title": "전문가 평가단", "per_target": 5},
        {"key": "citizen", "kind": PanelKind.CITIZEN, "title": "국민평가단", "per_target": 1},
        {"key": "online", "kind": PanelKind.PUBLIC_ONLINE, "title": "온라인 국민", "per_target": 1},
        {"key": "data", "kind": PanelKind.DATA, "title": "정량 자료", "per_target": 0},
    ]
    round_ = example_round_of(office, "example", "예시 평가", panels, actor=office_actor)
    with (EXAMPLE / "data.csv").open(encoding="utf-8") as handle:
        data = list(csv.DictReader(handle))
    specs = []
    target_staff = {}
    for row in data:
        org = OrganizationFactory(name=row["name"], kind=OrganizationKind.BASIC_GOVERNMENT)
        specs.append(
            services.TargetSpec(
                organization=org,
                code=row["target"],
                name=row["name"],
                group=row["group"],
                size_factor=Decimal(row["size_factor"]),
                extras={"B1": row["B1"]},
            )
        )
        user = UserFactory(username=f"staff-{row['target']}")
        assign_role(actor=SYSTEM, user=user, organization=org, role=OrganizationRoleName.SECRETARY)
        target_staff[row["target"]] = Actor.for_user(user)
    enrolled = services.enrol_targets(actor=office_actor, round_=round_, targets=specs)
    targets = {target.code: target for target in enrolled}
    evaluators: dict[str, Evaluator] = {}
    for panel_key, names in (("expert", ["E1", "E2", "E3", "E4", "E5"]), ("citizen", ["C"]), ("online", ["O"])):
        panel = Panel.objects.get(round=round_, key=panel_key)
        added = services.add_evaluators(
            actor=office_actor,
            panel=panel,
            evaluators=[
                Evaluator(user=UserFactory(username=f"rater-{name}"), pseudonym=name, name=f"평가위원 {name}")
                for name in names
            ],
        )
        evaluators.update({evaluator.pseudonym: evaluator for evaluator in added})
    services.set_figures(
        actor=office_actor,
        round_=round_,
        source="예시",
        figures={(r["target"], k): Decimal(r[k]) for r in data for k in ("I2", "I4")},
    )
    round_ = services.move_round(actor=office_actor, round_=round_, to=RoundStatus.PREPARING)
    return {
        "round": round_,
        "office": office_actor,
        "targets": targets,
        "staff": target_staff,
        "evaluators": evaluators,
    }


def rate_everything(setup: dict[str, Any]) -> None:
    """Enter the worked example's ratings through the service, as each evaluator."""
    with (EXAMPLE / "ratings.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            evaluator = setup["evaluators"][row["evaluator"]]
            services.save_rating(
                actor=Actor.for_user(evaluator.user),
                evaluator=evaluator,
                target=setup["targets"][row["target"]],
                indicator=row["indicator"],
                value=Decimal(row["value"]),
                submit=True,
            )


def compute_files(folder: Path, **names: str) -> compute.Outcome:
    """What ``hyeopchi evaluation compute`` computes from the files in ``folder``."""
    paths = {"framework": "framework.yaml", "ratings": "ratings.csv", "data": "data.csv", "rules": "rules.yaml"} | names
    loaded = files.load(*(folder / paths[k] for k in ("framework", "ratings", "data", "rules")))
    return compute.compute(loaded.framework, loaded.rules, loaded.targets, loaded.ratings)
