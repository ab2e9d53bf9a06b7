"""Counting a heading's ballots with its rule (``budgeting.tally``), publishing the result, and
making the winners tasks of the organizations that carry them out."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from fractions import Fraction
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hyeopchi.budgeting import permissions, tally
from hyeopchi.budgeting.enums import Feasibility, Rule, VoteType
from hyeopchi.budgeting.errors import BudgetErrorCode as Code
from hyeopchi.budgeting.models import Ballot, Heading, Process, Project, Result
from hyeopchi.budgeting.services.ballots import paper_conflicts
from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.errors import ConflictError, PermissionDeniedError
from hyeopchi.tasks.enums import TaskKind
from hyeopchi.tasks.models import Task
from hyeopchi.tasks.services.tasks import create_task

# A heading's ballot as Pabulib's vote_type: a within-the-budget ballot is approval with a cap.
PABULIB_VOTE_TYPE = {
    VoteType.APPROVAL: "approval",
    VoteType.KNAPSACK: "approval",
    VoteType.CUMULATIVE: "cumulative",
    VoteType.ORDINAL: "ordinal",
    VoteType.CHOOSE_1: "choose-1",
}


def instance_of(heading: Heading) -> tuple[tally.Instance, int, int]:
    """The heading's feasible projects and valid ballots as a tally instance (like ballots as one
    group), with the numbers of valid and void ballots."""
    costs = {
        str(number): Fraction(cost)
        for number, cost in heading.projects.filter(feasibility=Feasibility.FEASIBLE)
        .order_by("number")
        .values_list("number", "cost")
    }
    groups: Counter[tuple[tuple[str, ...], tuple[int, ...]]] = Counter()
    void = 0
    for picks, points, is_valid in (
        Ballot.objects.filter(heading=heading).values_list("picks", "points", "valid").iterator(chunk_size=5000)
    ):
        if not is_valid:
            void += 1
            continue
        groups[(tuple(str(p) for p in picks), tuple(points or ()))] += 1
    vote_type = PABULIB_VOTE_TYPE[VoteType(heading.vote_type)]
    ballots = [
        tally.Ballot(picks, points if vote_type == "cumulative" else (), count)
        for (picks, points), count in groups.items()
    ]
    counted = sum(groups.values())
    min_score = None
    if heading.min_vote_percent:
        min_score = Fraction(heading.min_vote_percent * counted, 100)
    instance = tally.Instance(
        budget=Fraction(heading.amount),
        costs=costs,
        ballots=ballots,
        vote_type=vote_type,
        rank_points=tuple(heading.rank_points),
        min_score=min_score,
    )
    weights = list(heading.score_sources.prefetch_related("scores__project"))
    if weights:
        parts: list[tuple[int, dict[str, Fraction]]] = [(heading.vote_weight, tally.scores(instance))]
        for source in weights:
            parts.append((source.weight, {str(s.project.number): Fraction(str(s.score)) for s in source.scores.all()}))
        instance = tally.Instance(
            budget=instance.budget,
            costs=costs,
            ballots=ballots,
            vote_type=vote_type,
            rank_points=instance.rank_points,
            min_score=min_score,
            given_scores=tally.weighted_scores(parts, costs),
        )
    return instance, counted, void


def _fraction(value: Fraction | None) -> str | None:
    return None if value is None else str(value)


def outcome_json(outcome: tally.Outcome) -> dict[str, Any]:
    """The outcome as stored: exact numbers as fraction strings ("1040337/2")."""
    return {
        "rule": outcome.rule,
        "budget": str(outcome.budget),
        "selected": outcome.selected,
        "per_voter": _fraction(outcome.per_voter),
        "rounds": outcome.rounds,
        "compared": list(outcome.compared) if outcome.compared else None,
        "decisions": {
            project: {
                "selected": d.selected,
                "reason": d.reason,
                "score": str(d.score),
                "cost": str(d.cost),
                "money_left": _fraction(d.money_left),
                "price": _fraction(d.price),
                "supporters_money": _fraction(d.supporters_money),
                "turn": d.turn,
            }
            for project, d in outcome.decisions.items()
        },
        "payments": [
            {
                "picks": list(p.picks),
                "voters": p.voters,
                "paid": {k: str(v) for k, v in p.paid.items()},
                "left": str(p.left),
            }
            for p in outcome.payments[:500]
        ],
    }


@transaction.atomic
def count(*, actor: Actor, heading: Heading, now: dt.datetime | None = None) -> Result:
    """Tally the heading once the ballot box is sealed; counting again replaces the result (and
    gives the same one). Raises PermissionDeniedError; ConflictError before the seal, with paper
    voters who also voted online, or without ballots."""
    now = now or timezone.now()
    heading = Heading.objects.select_related("process", "process__site").get(pk=heading.pk)
    if not permissions.can_manage_process(actor, heading.process) and not actor.is_system:
        raise PermissionDeniedError(Code.NOT_ALLOWED, _("Only the site's administrators count the ballots."))
    if heading.process.sealed_at is None:
        raise ConflictError(Code.NOT_TALLIED, _("Close the ballot box after voting ends, then count."))
    conflicts = paper_conflicts(heading)
    if conflicts:
        raise ConflictError(
            Code.ALREADY_VOTED,
            _("%(n)s paper voters also voted online: void their paper ballots before counting.") % {"n": conflicts},
        )
    instance, valid, void = instance_of(heading)
    if not valid:
        raise ConflictError(Code.NOT_TALLIED, _("There are no valid ballots to count."))
    rule = heading.rule
    if heading.min_vote_percent and rule == Rule.GREEDY:
        rule = Rule.GREEDY_THRESHOLD
    outcome = tally.tally(instance, rule, unit=heading.add1_unit)
    result, _created = Result.objects.update_or_create(
        heading=heading,
        defaults={
            "rule": outcome.rule,
            "computed_at": now,
            "ballots": valid,
            "void": void,
            "spent": int(outcome.spent),
            "outcome": outcome_json(outcome),
        },
    )
    scores = tally.scores(instance)
    chosen = set(outcome.selected)
    for project in heading.projects.all():
        key = str(project.number)
        project.votes = int(scores.get(key, 0))
        project.selected = key in chosen
        project.save(update_fields=["votes", "selected", "updated_at"])
    record_event(
        actor,
        "budgeting.counted",
        heading,
        {"rule": outcome.rule, "ballots": valid, "void": void, "selected": outcome.selected},
    )
    return result


@transaction.atomic
def publish(*, actor: Actor, process: Process) -> int:
    """Make the process's results public and the winners tasks. Returns the tasks made."""
    if not permissions.can_manage_process(actor, process) and not actor.is_system:
        raise PermissionDeniedError(Code.NOT_ALLOWED, _("Only the site's administrators publish results."))
    results = Result.objects.filter(heading__process=process)
    if results.count() != process.headings.count():
        raise ConflictError(Code.NOT_TALLIED, _("Count every heading before publishing."))
    results.update(published=True)
    made = winners_to_tasks(actor=actor, process=process)
    record_event(actor, "budgeting.published", process, {"tasks": made})
    return made


def winners_to_tasks(*, actor: Actor, process: Process) -> int:
    """Each selected project becomes a task of its responsible organization (else the process's
    organizer, else the site), with its cost allocated, linked to the project and its proposal."""
    made = 0
    winners = Project.objects.filter(heading__process=process, selected=True).select_related(
        "responsible", "proposal", "heading"
    )
    project_type = ContentType.objects.get_for_model(Project)
    voting_end = process.phases.filter(phase="voting").values_list("ends_on", flat=True).first()
    for project in winners:
        if Task.objects.filter(origin_type=project_type, origin_pk=str(project.pk)).exists():
            continue
        owner = project.responsible or process.organizer or process.site
        create_task(
            actor=actor,
            owner=owner,
            title=project.title,
            title_en=project.title_en,
            description=project.description,
            kind=TaskKind.BUDGET_PROJECT,
            origin=project,
            origin_proposal=project.proposal,
            allocated=project.cost,
            start_date=voting_end + dt.timedelta(days=1) if voting_end else None,
            authorized=True,
        )
        made += 1
    return made
