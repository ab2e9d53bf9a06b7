"""A heading as a Pabulib election (pabulib.org/format) and back: the open data of a closed vote,
and past elections imported into a process.

The export is UTF-8 without a BOM, with pseudonymous voter ids (1, 2, … in the sealed box's random
order), valid ballots only, and the voter's age group only where the process asked for consent and
the voter gave it. A heading ordered by weighted scores is exported with the rule
``greedy-custom``, the weights in META ``comment`` and the weighted score in the ``score`` column.
"""

from __future__ import annotations

import csv
import io
import math
from collections import Counter
from collections.abc import Sequence
from fractions import Fraction

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hyeopchi.budgeting import pabulib, permissions, tally
from hyeopchi.budgeting.enums import Channel, Feasibility, Rule, VoteType
from hyeopchi.budgeting.errors import BudgetErrorCode as Code
from hyeopchi.budgeting.messages import budget_message
from hyeopchi.budgeting.models import Ballot, Heading, Process, Project, Result
from hyeopchi.budgeting.services.results import PABULIB_VOTE_TYPE, instance_of
from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.errors import ConflictError, PermissionDeniedError, ValidationFailedError
from hyeopchi.core.signals import rows_written

VOTE_TYPE_OF_PABULIB = {
    "approval": VoteType.APPROVAL,
    "cumulative": VoteType.CUMULATIVE,
    "scoring": VoteType.CUMULATIVE,
    "ordinal": VoteType.ORDINAL,
    "choose-1": VoteType.CHOOSE_1,
}


def _number(value: Fraction) -> str:
    """A score as Pabulib writes numbers: an integer, or a decimal with a point."""
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):.6f}".rstrip("0").rstrip(".")


def _rows(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def export_pabulib(heading: Heading) -> str:
    """The closed heading as a ``.pb`` text. Raises ConflictError before the ballot box is sealed."""
    heading = Heading.objects.select_related("process", "process__site").get(pk=heading.pk)
    process = heading.process
    if process.sealed_at is None:
        raise ConflictError(Code.NOT_TALLIED, _("The ballots are published once the ballot box is sealed."))
    instance, valid, _void = instance_of(heading)
    result = Result.objects.filter(heading=heading).first()
    voting = process.phases.filter(phase="voting").first()
    weighted = instance.given_scores is not None
    rule = "greedy-custom" if weighted else (result.rule if result else heading.rule)
    comments: list[str] = []
    if rule.startswith("equalshares/add1") and heading.add1_unit != 1:
        # Pabulib's add1 raises each voter's money by one unit (1 won); this heading's by more.
        comments.append(
            f"Counted by the Method of Equal Shares with add1 raising each voter's money by {heading.add1_unit} "
            f"KRW per run (Pabulib's equalshares/add1 with a step of {heading.add1_unit} instead of 1)."
        )
        rule = "unknown"
    projects = list(heading.projects.filter(feasibility=Feasibility.FEASIBLE).order_by("number"))
    meta: list[tuple[str, str]] = [
        ("description", f"{process.title} — {heading.name}"),
        ("country", "South Korea"),
        ("unit", process.site.name),
        ("subunit", heading.name),
        ("instance", str(voting.starts_on.year if voting else timezone.localdate().year)),
        ("num_projects", str(len(projects))),
        ("num_votes", str(valid)),
        ("budget", str(heading.amount)),
        ("vote_type", PABULIB_VOTE_TYPE[VoteType(heading.vote_type)]),
        ("rule", rule),
    ]
    if voting is not None:
        meta += [("date_begin", f"{voting.starts_on:%d.%m.%Y}"), ("date_end", f"{voting.ends_on:%d.%m.%Y}")]
    if heading.vote_type in (VoteType.APPROVAL, VoteType.KNAPSACK, VoteType.ORDINAL):
        meta.append(("min_length", str(heading.min_picks)))
        if heading.max_picks:
            meta.append(("max_length", str(heading.max_picks)))
    if heading.vote_type == VoteType.KNAPSACK:
        meta.append(("max_sum_cost", str(heading.amount)))
    if heading.vote_type == VoteType.CUMULATIVE and heading.max_points:
        meta.append(("max_sum_points", str(heading.max_points)))
    if instance.min_score is not None:
        meta.append(("min_project_score_threshold", _number(instance.min_score)))
    meta += [("language", "ko"), ("currency", "KRW")]
    if weighted:
        parts = [f"public vote {heading.vote_weight}"] + [
            f"{source.name} {source.weight}" for source in heading.score_sources.all()
        ]
        comments.append(
            "Projects are ordered by a weighted score (column score): each part gives its weight times "
            "the project's score over the part's best score; weights: " + ", ".join(parts) + "."
        )
    named: Counter[str] = Counter()
    for ballot in instance.ballots:
        for pick in ballot.picks:
            named[pick] += ballot.count
    score: dict[str, Fraction] | None = None
    if weighted:
        assert instance.given_scores is not None
        scale = math.lcm(*(value.denominator for value in instance.given_scores.values()))
        score = {key: value * scale for key, value in instance.given_scores.items()}
        comments[-1] += f" The score column is the weighted score times {scale}."
    elif heading.vote_type in (VoteType.CUMULATIVE, VoteType.ORDINAL):
        score = tally.scores(instance)
    if comments:
        meta.append(("comment", " ".join(f"#{n}: {text}" for n, text in enumerate(comments, start=1))))
    selected = set(result.outcome.get("selected", [])) if result else set()
    project_rows = [
        [
            str(p.number),
            str(p.cost),
            str(named[str(p.number)]),
            *([_number(score.get(str(p.number), Fraction(0)))] if score is not None else []),
            p.title,
            p.category,
            "1" if str(p.number) in selected else "0",
        ]
        for p in projects
    ]
    with_points = heading.vote_type == VoteType.CUMULATIVE
    with_age = process.consent_to_demographics
    vote_header = [
        "voter_id",
        "vote",
        *(["points"] if with_points else []),
        *(["age"] if with_age else []),
        "voting_method",
    ]
    vote_rows = []
    for voter, (picks, points, age, channel) in enumerate(
        Ballot.objects.filter(heading=heading, valid=True)
        .values_list("picks", "points", "age", "channel")
        .order_by("id"),
        start=1,
    ):
        row = [str(voter), ",".join(str(p) for p in picks)]
        if with_points:
            row.append(",".join(str(p) for p in points))
        if with_age:
            row.append("" if age is None else str(age))
        row.append("paper" if channel == Channel.PAPER else "internet")
        vote_rows.append(row)
    return (
        "META\n"
        + _rows(["key", "value"], meta)
        + "PROJECTS\n"
        + _rows(
            ["project_id", "cost", "votes", *(["score"] if score is not None else []), "name", "category", "selected"],
            project_rows,
        )
        + "VOTES\n"
        + _rows(vote_header, vote_rows)
    )


@transaction.atomic
def import_pabulib(*, actor: Actor, process: Process, text: str, name: str = "") -> Heading:
    """A past election as a counted heading of ``process``: its projects (feasible, with their
    costs and names) and its ballots, in a sealed box. All or nothing: a file that is not a valid
    election is refused with the line at fault (ValidationFailedError), and nothing is written."""
    if not permissions.can_manage_process(actor, process):
        raise PermissionDeniedError(Code.NOT_ALLOWED, _("Only the site's administrators import elections."))
    voting = process.phases.filter(phase="voting").first()
    if process.sealed_at is None and voting is not None and voting.ends_on >= timezone.localdate():
        raise ConflictError(
            Code.VOTING_CLOSED, _("An election file is imported only into a process whose voting is over.")
        )
    try:
        election = pabulib.parse(text)
        budget = election.budget
    except pabulib.PabulibError as error:
        raise ValidationFailedError(
            Code.INVALID_FILE, budget_message(error), fields={"file": [budget_message(error)]}
        ) from error
    if budget.denominator != 1 or any(p.cost.denominator != 1 for p in election.projects.values()):
        message = _("Amounts in a process are whole won; this file has fractions.")
        raise ValidationFailedError(Code.INVALID_FILE, message, fields={"file": [message]})
    if any(not key.isdigit() for key in election.projects):
        message = _("Project ids must be numbers to be imported.")
        raise ValidationFailedError(Code.INVALID_FILE, message, fields={"file": [message]})
    rule = election.rule if election.rule in Rule.values else Rule.GREEDY
    max_length = election.meta_int("max_length")
    heading = Heading.objects.create(
        process=process,
        name=(name or election.meta.get("subunit") or election.meta.get("description") or "Pabulib")[:200],
        amount=int(budget),
        position=process.headings.count(),
        vote_type=VOTE_TYPE_OF_PABULIB[election.vote_type],
        min_picks=election.meta_int("min_length") or (1 if election.votes else 0),
        max_picks=max_length,
        max_points=election.meta_int("max_sum_points"),
        rule=rule,
        add1_unit=1,  # as Pabulib defines add1
    )
    Project.objects.bulk_create(
        Project(
            heading=heading,
            number=int(key),
            title=(project.name or key)[:200],
            cost=int(project.cost),
            category=",".join(project.categories)[:60],
            feasibility=Feasibility.FEASIBLE,
        )
        for key, project in election.projects.items()
    )
    rows_written.send(sender=Project, pks=list(heading.projects.values_list("pk", flat=True)))
    Ballot.objects.bulk_create(
        (
            Ballot(
                heading=heading, picks=[int(p) for p in vote.picks], points=list(vote.points), channel=Channel.ONLINE
            )
            for vote in election.votes
        ),
        batch_size=2000,
    )
    if process.sealed_at is None:
        process.sealed_at = timezone.now()
        process.save(update_fields=["sealed_at", "updated_at"])
    record_event(
        actor,
        "budgeting.election_imported",
        heading,
        {"projects": len(election.projects), "ballots": len(election.votes), "rule": rule},
    )
    return heading
