"""Setting up a participatory budget: the process and its phases, headings, projects, reviews."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hyeopchi.budgeting import permissions
from hyeopchi.budgeting.enums import PHASE_ORDER, Feasibility, Phase, Rule, VoteType
from hyeopchi.budgeting.errors import BudgetErrorCode as Code
from hyeopchi.budgeting.models import Heading, Process, ProcessPhase, Project, ProjectFile, ProjectScore, ScoreSource
from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.errors import ConflictError, PermissionDeniedError, ValidationFailedError
from hyeopchi.core.files import check_upload
from hyeopchi.organizations.models import Organization
from hyeopchi.proposals.models import Proposal

TITLE_MAX = 200
RESERVED_SLUGS = {"new"}  # /<site>/budgets/new/ is the form for a new process


def _deny() -> PermissionDeniedError:
    return PermissionDeniedError(Code.NOT_ALLOWED, _("Only the site's administrators may change this budget."))


def _require_manager(actor: Actor, process: Process) -> None:
    if not permissions.can_manage_process(actor, process):
        raise _deny()


@dataclass(frozen=True)
class PhaseDates:
    phase: str
    starts_on: dt.date
    ends_on: dt.date


def phase_problems(phases: Sequence[PhaseDates]) -> list[str]:
    """What is wrong with a process's phases: unknown, twice, out of order, a gap or an overlap
    between one and the next, or no voting phase."""
    problems: list[str] = []
    seen: set[str] = set()
    for item in phases:
        if item.phase not in PHASE_ORDER:
            problems.append(_("“%(phase)s” is not a phase of a budget process.") % {"phase": item.phase})
            return problems
        if item.phase in seen:
            problems.append(_("The phase “%(phase)s” is listed twice.") % {"phase": Phase(item.phase).label})
        seen.add(item.phase)
        if item.ends_on < item.starts_on:
            problems.append(_("The phase “%(phase)s” ends before it begins.") % {"phase": Phase(item.phase).label})
    if problems:
        return problems
    for before, after in zip(phases, phases[1:], strict=False):
        if PHASE_ORDER.index(after.phase) < PHASE_ORDER.index(before.phase):
            problems.append(
                _("“%(after)s” cannot come before “%(before)s”.")
                % {"after": Phase(after.phase).label, "before": Phase(before.phase).label}
            )
        elif after.starts_on != before.ends_on + dt.timedelta(days=1):
            problems.append(
                _("“%(after)s” must begin the day after “%(before)s” ends (%(day)s), without a gap or an overlap.")
                % {
                    "after": Phase(after.phase).label,
                    "before": Phase(before.phase).label,
                    "day": f"{before.ends_on + dt.timedelta(days=1):%Y-%m-%d}",
                }
            )
    if Phase.VOTING not in seen:
        problems.append(_("A budget process needs a voting phase."))
    return problems


@transaction.atomic
def create_process(
    *,
    actor: Actor,
    site: Organization,
    title: str,
    phases: Sequence[PhaseDates],
    slug: str = "",
    title_en: str = "",
    description: str = "",
    organizer: Organization | None = None,
    one_heading_only: bool = False,
    consent_to_demographics: bool = False,
) -> Process:
    """A site's budget process with its phases. Raises PermissionDeniedError, ValidationFailedError."""
    process = Process(site=site)
    _require_manager(actor, process)
    title = " ".join(title.split())
    fields: dict[str, list[str]] = {}
    if not title or len(title) > TITLE_MAX:
        fields["title"] = [_("Write a title of 1 to %(max)s characters.") % {"max": TITLE_MAX}]
    slug = slugify(slug or title_en or "", allow_unicode=False)[:60] or f"budget-{Process.objects.count() + 1}"
    if slug in RESERVED_SLUGS:
        fields["slug"] = [_("“%(slug)s” names a page of its own; choose another address.") % {"slug": slug}]
    problems = phase_problems(phases)
    if problems:
        fields["phases"] = problems
    if organizer is not None and organizer.site_id != site.pk and organizer.pk != site.pk:
        fields["organizer"] = [_("Choose an organization of this site.")]
    if fields:
        raise ValidationFailedError(Code.INVALID_PROCESS, fields=fields)
    process.slug, process.title, process.title_en = slug, title, title_en.strip()
    process.description, process.organizer = description.strip(), organizer
    process.one_heading_only, process.consent_to_demographics = one_heading_only, consent_to_demographics
    try:
        with transaction.atomic():
            process.save()
    except IntegrityError as error:
        raise ValidationFailedError(
            Code.INVALID_PROCESS, fields={"slug": [_("This site already has a budget process at this address.")]}
        ) from error
    ProcessPhase.objects.bulk_create(
        ProcessPhase(process=process, phase=p.phase, starts_on=p.starts_on, ends_on=p.ends_on) for p in phases
    )
    record_event(actor, "budgeting.process_created", process, {"title": title, "phases": len(phases)})
    return process


@transaction.atomic
def set_phases(*, actor: Actor, process: Process, phases: Sequence[PhaseDates]) -> Process:
    """Replace the phases' dates (all or nothing). Raises PermissionDeniedError, ValidationFailedError."""
    _require_manager(actor, process)
    problems = phase_problems(phases)
    if problems:
        raise ValidationFailedError(Code.INVALID_PHASES, fields={"phases": problems})
    process.phases.all().delete()
    ProcessPhase.objects.bulk_create(
        ProcessPhase(process=process, phase=p.phase, starts_on=p.starts_on, ends_on=p.ends_on) for p in phases
    )
    record_event(
        actor,
        "budgeting.phases_set",
        process,
        {"phases": [[p.phase, p.starts_on.isoformat(), p.ends_on.isoformat()] for p in phases]},
    )
    return process


@dataclass(frozen=True)
class HeadingRules:
    """A heading's ballot, tally and eligibility; the defaults are one approval pick, greedy."""

    vote_type: str = VoteType.APPROVAL
    min_picks: int = 1
    max_picks: int | None = None
    min_spend_percent: int = 0
    max_points: int | None = None
    rank_points: Sequence[int] = ()
    category_limits: Mapping[str, int] = field(default_factory=dict)
    rule: str = Rule.GREEDY
    min_vote_percent: int = 0
    area_codes: Sequence[str] = ()
    also_workers: bool = False
    also_students: bool = False
    min_age: int | None = None
    max_age: int | None = None
    exclude_staff: bool = False


def rules_problems(rules: HeadingRules) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}

    def fail(name: str, message: str) -> None:
        fields.setdefault(name, []).append(message)

    if rules.vote_type not in VoteType.values:
        fail("vote_type", _("Choose a kind of ballot."))
    if rules.rule not in Rule.values:
        fail("rule", _("Choose a tally rule."))
    if rules.max_picks is not None and rules.max_picks < rules.min_picks:
        fail("max_picks", _("The most picks cannot be fewer than the fewest."))
    if rules.vote_type == VoteType.CUMULATIVE and not rules.max_points:
        fail("max_points", _("Say how many points each voter shares out."))
    if rules.vote_type == VoteType.ORDINAL:
        if not rules.max_picks:
            fail("max_picks", _("Say how many projects a voter ranks."))
        elif rules.rank_points and (
            len(rules.rank_points) != rules.max_picks
            or any(p < 1 for p in rules.rank_points)
            or list(rules.rank_points) != sorted(rules.rank_points, reverse=True)
        ):
            fail("rank_points", _("Give each rank its points, first rank most, each at least 1."))
    if rules.vote_type == VoteType.CHOOSE_1 and (rules.min_picks != 1 or rules.max_picks not in (None, 1)):
        fail("max_picks", _("A one-choice ballot has exactly one pick."))
    if any(not isinstance(n, int) or n < 1 for n in rules.category_limits.values()):
        fail("category_limits", _("Each category's most picks is a whole number of at least 1."))
    if rules.min_age is not None and rules.max_age is not None and rules.max_age < rules.min_age:
        fail("max_age", _("The oldest age cannot be below the youngest."))
    unknown = [
        code
        for code in rules.area_codes
        if not Organization.objects.filter(admin_code=code).exists()  # a handful of codes per heading
    ]
    if unknown:
        fail("area_codes", _("No organization has the area code “%(code)s”.") % {"code": unknown[0]})
    return fields


@transaction.atomic
def add_heading(
    *,
    actor: Actor,
    process: Process,
    name: str,
    amount: int,
    rules: HeadingRules | None = None,
    name_en: str = "",
    resident_tax: int | None = None,
) -> Heading:
    """A budget within the process. Raises PermissionDeniedError, ValidationFailedError."""
    _require_manager(actor, process)
    rules = rules or HeadingRules()
    name = " ".join(name.split())
    fields = rules_problems(rules)
    if not name or len(name) > TITLE_MAX:
        fields["name"] = [_("Write a name of 1 to %(max)s characters.") % {"max": TITLE_MAX}]
    if not isinstance(amount, int) or amount < 1:
        fields["amount"] = [_("The amount is a whole number of won, at least 1.")]
    if fields:
        raise ValidationFailedError(Code.INVALID_HEADING, fields=fields)
    max_picks = 1 if rules.vote_type == VoteType.CHOOSE_1 else rules.max_picks
    heading = Heading.objects.create(
        process=process,
        name=name,
        name_en=name_en.strip(),
        amount=amount,
        position=process.headings.count(),
        vote_type=rules.vote_type,
        min_picks=rules.min_picks,
        max_picks=max_picks,
        min_spend_percent=rules.min_spend_percent,
        max_points=rules.max_points,
        rank_points=list(rules.rank_points),
        category_limits=dict(rules.category_limits),
        rule=rules.rule,
        min_vote_percent=rules.min_vote_percent,
        area_codes=list(rules.area_codes),
        also_workers=rules.also_workers,
        also_students=rules.also_students,
        min_age=rules.min_age,
        max_age=rules.max_age,
        exclude_staff=rules.exclude_staff,
        resident_tax=resident_tax,
    )
    record_event(actor, "budgeting.heading_added", heading, {"name": name, "amount": amount})
    return heading


def shares_by_tax(total: int, taxes: Mapping[int, int]) -> dict[int, int]:
    """``total`` won split in proportion to each heading's resident tax, in whole won summing to
    ``total`` exactly: each gets the whole part of its share, and the won left over go one each to
    the largest remainders (ties: the lower heading id)."""
    paid = sum(taxes.values())
    if paid <= 0:
        return dict.fromkeys(taxes, 0)
    exact = {key: Fraction(total * tax, paid) for key, tax in taxes.items()}
    shares = {key: int(value) for key, value in exact.items()}
    left = total - sum(shares.values())
    for key in sorted(exact, key=lambda k: (-(exact[k] - shares[k]), k))[:left]:
        shares[key] += 1
    return shares


@transaction.atomic
def size_by_resident_tax(*, actor: Actor, process: Process, total: int) -> dict[int, int]:
    """Set the amount of every heading with a resident tax in proportion to it (주민세 마을사업)."""
    _require_manager(actor, process)
    headings = list(process.headings.filter(resident_tax__isnull=False).select_for_update())
    if not headings or total < len(headings):
        raise ValidationFailedError(
            Code.INVALID_HEADING,
            fields={"total": [_("Give the resident tax of at least one heading, and a total of at least 1 won each.")]},
        )
    shares = shares_by_tax(total, {h.pk: int(h.resident_tax or 0) for h in headings})
    for heading in headings:
        heading.amount = max(shares[heading.pk], 1)
        heading.save(update_fields=["amount", "updated_at"])
    record_event(actor, "budgeting.sized_by_tax", process, {"total": total, "amounts": shares})
    return shares


@transaction.atomic
def add_project(
    *,
    actor: Actor,
    heading: Heading,
    title: str,
    cost: int,
    description: str = "",
    title_en: str = "",
    category: str = "",
    area: Organization | None = None,
    responsible: Organization | None = None,
    proposal: Proposal | None = None,
    number: int | None = None,
) -> Project:
    """A project on the heading's ballot, entered by staff or made from a proposal (linked)."""
    process = heading.process
    _require_manager(actor, process)
    title = " ".join(title.split())
    fields: dict[str, list[str]] = {}
    if not title or len(title) > TITLE_MAX:
        fields["title"] = [_("Write a title of 1 to %(max)s characters.") % {"max": TITLE_MAX}]
    if not isinstance(cost, int) or cost < 1:
        fields["cost"] = [_("The cost is a whole number of won, at least 1.")]
    elif cost > heading.amount:
        fields["cost"] = [
            _("The cost (%(cost)s won) is more than the heading's amount (%(amount)s won).")
            % {"cost": f"{cost:,}", "amount": f"{heading.amount:,}"}
        ]
    if proposal is not None and proposal.site_id != process.site_id:
        fields["proposal"] = [_("Choose a proposal of this site.")]
    for name, organization in (("area", area), ("responsible", responsible)):
        if organization is not None and process.site_id not in (organization.site_id, organization.pk):
            fields[name] = [_("Choose an organization of this site.")]
    if fields:
        raise ValidationFailedError(Code.INVALID_PROJECT, fields=fields)
    if number is None:
        last = heading.projects.order_by("-number").values_list("number", flat=True).first()
        number = (last or 0) + 1
    try:
        with transaction.atomic():
            project = Project.objects.create(
                heading=heading,
                number=number,
                title=title,
                title_en=title_en.strip(),
                description=description.strip(),
                cost=cost,
                category=category.strip(),
                area=area,
                responsible=responsible,
                proposal=proposal,
            )
    except IntegrityError as error:
        raise ConflictError(
            Code.INVALID_PROJECT, _("This heading already has a project numbered %(n)s.") % {"n": number}
        ) from error
    record_event(
        actor,
        "budgeting.project_added",
        project,
        {"title": title, "cost": cost, "proposal": getattr(proposal, "pk", None)},
    )
    return project


@transaction.atomic
def add_project_file(
    *, actor: Actor, project: Project, title: str, upload: UploadedFile, description: str = ""
) -> ProjectFile:
    """Attach a file (PDF, HWP/HWPX, XLSX, DOCX, PNG, JPEG up to 20 MiB) to a project; an image
    needs a description of what it shows, read out where it cannot be seen."""
    _require_manager(actor, project.heading.process)
    document_type = check_upload(upload, code=Code.INVALID_FILE)
    title, description = " ".join(title.split()), " ".join(description.split())
    fields: dict[str, list[str]] = {}
    if not title or len(title) > TITLE_MAX:
        fields["title"] = [_("Write a title of 1 to %(max)s characters.") % {"max": TITLE_MAX}]
    if document_type.media_type.startswith("image/") and not description:
        fields["description"] = [_("Describe what the image shows, for those who cannot see it.")]
    if len(description) > 500:
        fields["description"] = [_("Keep the description within 500 characters.")]
    if fields:
        raise ValidationFailedError(Code.INVALID_FILE, fields=fields)
    stored = ProjectFile(
        project=project,
        title=title,
        media_type=document_type.media_type,
        size=upload.size or 0,
        description=description,
        uploaded_by_id=actor.user_pk,
    )
    stored.file.save(upload.name or "file", upload, save=False)
    stored.save()
    record_event(
        actor,
        "budgeting.file_added",
        project,
        {"name": stored.file.name, "size": stored.size, "media_type": stored.media_type},
    )
    return stored


@transaction.atomic
def remove_project_file(*, actor: Actor, stored: ProjectFile) -> None:
    """Take a file off a project; the stored file is deleted once the removal is committed."""
    _require_manager(actor, stored.project.heading.process)
    name = stored.file.name
    storage = stored.file.storage
    record_event(actor, "budgeting.file_removed", stored.project, {"name": name})
    stored.delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def review_project(
    *, actor: Actor, project: Project, feasibility: str, reason: str = "", cost: int | None = None
) -> Project:
    """The department's feasibility decision (타당성 검토), with its reason and, if it changed, the cost."""
    if not permissions.can_review_project(actor, project):
        raise PermissionDeniedError(
            Code.NOT_ALLOWED, _("Only the responsible department or the site's administrators review projects.")
        )
    sealed = Process.objects.filter(pk=project.heading.process_id).values_list("sealed_at", flat=True).first()
    if sealed is not None:
        raise ConflictError(
            Code.INVALID_PROJECT, _("The ballot box is sealed: the projects voted on can no longer be reviewed.")
        )
    reason = reason.strip()
    fields: dict[str, list[str]] = {}
    if feasibility not in Feasibility.values:
        fields["feasibility"] = [_("Choose feasible, not feasible or under review.")]
    if feasibility == Feasibility.INFEASIBLE and not reason:
        fields["reason"] = [_("Say why the project is not feasible: the proposer reads it.")]
    if cost is not None and (cost < 1 or cost > project.heading.amount):
        fields["cost"] = [_("The cost is a whole number of won, at least 1 and within the heading's amount.")]
    if fields:
        raise ValidationFailedError(Code.INVALID_PROJECT, fields=fields)
    project.feasibility, project.feasibility_reason = feasibility, reason
    changes: dict[str, Any] = {"feasibility": feasibility}
    if cost is not None and cost != project.cost:
        changes["cost"] = [project.cost, cost]
        project.cost = cost
    project.save(update_fields=["feasibility", "feasibility_reason", "cost", "updated_at"])
    record_event(actor, "budgeting.project_reviewed", project, changes)
    return project


@transaction.atomic
def set_scores(*, actor: Actor, heading: Heading, name: str, weight: int, scores: Mapping[int, Any]) -> ScoreSource:
    """A score combined with the public vote by weight (a committee's review, a survey), given per
    project number. Raises PermissionDeniedError, ValidationFailedError."""
    _require_manager(actor, heading.process)
    projects = {p.number: p for p in heading.projects.all()}
    fields: dict[str, list[str]] = {}
    if not name.strip():
        fields["name"] = [_("Name the score (e.g. committee review).")]
    if not isinstance(weight, int) or weight < 1:
        fields["weight"] = [_("The weight is a whole number of at least 1.")]
    unknown = sorted(set(scores) - set(projects))
    if unknown:
        fields["scores"] = [_("This heading has no project numbered %(n)s.") % {"n": unknown[0]}]
    if any(float(value) < 0 for value in scores.values()):
        fields.setdefault("scores", []).append(_("A score cannot be negative."))
    if fields:
        raise ValidationFailedError(Code.INVALID_HEADING, fields=fields)
    source, _created = ScoreSource.objects.update_or_create(
        heading=heading, name=name.strip(), defaults={"weight": weight}
    )
    source.scores.all().delete()
    ProjectScore.objects.bulk_create(
        ProjectScore(source=source, project=projects[number], score=value) for number, value in scores.items()
    )
    record_event(actor, "budgeting.scores_set", heading, {"source": source.name, "weight": weight})
    return source
