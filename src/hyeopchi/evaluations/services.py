"""Every write to an evaluation round, each in one transaction with its audit event.

The round moves through RoundStatus by the transition table below. Results are computed by the
pure ``compute`` module from the round's stored inputs; each computation is a new, never edited
``ResultVersion`` that keeps its compressed inputs, so ``replay`` can reproduce every hash.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import zlib
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.canonical import canonical_json
from hyeopchi.core.errors import (
    InvalidTransitionError,
    NotFoundError,
    PermissionDeniedError,
    ValidationFailedError,
)
from hyeopchi.core.models import AuditEvent
from hyeopchi.evaluations import assignment, compute, permissions, selectors
from hyeopchi.evaluations.engine import EngineError
from hyeopchi.evaluations.engine import consensus as engine_consensus
from hyeopchi.evaluations.enums import (
    AppealGround,
    AppealStatus,
    ConflictReason,
    ConflictStatus,
    FrameworkStatus,
    PanelKind,
    RatingStatus,
    Remedy,
    RoundStatus,
)
from hyeopchi.evaluations.messages import engine_message
from hyeopchi.evaluations.models import (
    Appeal,
    Assignment,
    Conflict,
    ConsensusScore,
    DataFigure,
    Evaluator,
    Framework,
    Panel,
    Rating,
    ResultVersion,
    Round,
    Target,
)
from hyeopchi.organizations.models import Organization

S = RoundStatus
ROUND_TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.PREPARING}),
    S.PREPARING: frozenset({S.SCORING}),
    S.SCORING: frozenset({S.PROVISIONAL}),
    S.PROVISIONAL: frozenset({S.FINAL}),
    S.FINAL: frozenset(),
}
OFFICE_ONLY = gettext_lazy(
    "Only the evaluation office's administrators and secretaries can do this."
)


def _deny(message: Any = OFFICE_ONLY) -> PermissionDeniedError:
    return PermissionDeniedError("evaluations.not_allowed", message)


def _invalid(message: str, field: str = "__all__") -> ValidationFailedError:
    return ValidationFailedError("evaluations.invalid", message, fields={field: [message]})


def _engine(error: EngineError, field: str = "__all__") -> ValidationFailedError:
    return _invalid(engine_message(error), field)


def _office(actor: Actor, round_: Round) -> Round:
    """Refuse anyone but the office; return the round as stored now."""
    if not permissions.can_run_round(actor, round_):
        raise _deny()
    return Round.objects.select_related("framework", "office").get(pk=round_.pk)


def _locked(round_: Round) -> Round:
    found = Round.objects.select_for_update(of=("self",)).filter(pk=round_.pk).first()
    if found is None:
        raise NotFoundError()
    return found


# -- frameworks ------------------------------------------------------------------------------------


def create_framework(
    *, actor: Actor, title: str, spec: Mapping[str, Any], title_en: str = ""
) -> Framework:
    if not actor.is_system and not actor.is_authenticated:
        raise _deny()
    try:
        compute.parse_framework(spec)
    except EngineError as error:
        raise _engine(error, "spec") from error
    with transaction.atomic():
        framework = Framework.objects.create(title=title, title_en=title_en, spec=dict(spec))
        record_event(actor=actor, verb="evaluations.framework_created", target=framework)
    return framework


def publish_framework(*, actor: Actor, framework: Framework) -> Framework:
    """Check the tree (points sum to 100, weights to 1) and freeze it under its content hash."""
    if not actor.is_system and not getattr(actor.user, "is_staff", False):
        raise _deny()
    with transaction.atomic():
        locked = Framework.objects.select_for_update().get(pk=framework.pk)
        if locked.status == FrameworkStatus.PUBLISHED:
            raise InvalidTransitionError(
                "evaluations.framework_published", _("This framework is already published.")
            )
        try:
            parsed = compute.parse_framework(locked.spec)
        except EngineError as error:
            raise _engine(error, "spec") from error
        locked.content_hash = parsed.hash
        locked.status = FrameworkStatus.PUBLISHED
        locked.published_at = timezone.now()
        locked.save()
        record_event(
            actor=actor, verb="evaluations.FRAMEWORK_PUBLISHED", target=locked,
            payload={"hash": locked.content_hash, "version": locked.version},
        )  # fmt: skip
    return locked


def change_framework(*, actor: Actor, framework: Framework, spec: Mapping[str, Any]) -> Framework:
    if framework.status == FrameworkStatus.PUBLISHED:
        raise InvalidTransitionError(
            "evaluations.framework_published",
            _("A published framework cannot change; make a new version of it."),
        )
    try:
        compute.parse_framework(spec)
    except EngineError as error:
        raise _engine(error, "spec") from error
    with transaction.atomic():
        framework.spec = dict(spec)
        framework.save(update_fields=["spec", "updated_at"])
        record_event(actor=actor, verb="evaluations.framework_changed", target=framework)
    return framework


def new_framework_version(*, actor: Actor, framework: Framework) -> Framework:
    """A draft copy of a framework, one version up; the original stays as it was."""
    with transaction.atomic():
        latest = Framework.objects.filter(title=framework.title).aggregate(v=Max("version"))["v"]
        copy = Framework.objects.create(
            title=framework.title, title_en=framework.title_en, version=(latest or 0) + 1,
            previous=framework, spec=framework.spec,
        )  # fmt: skip
        record_event(actor=actor, verb="evaluations.framework_copied", target=copy,
                     payload={"from": framework.pk})  # fmt: skip
    return copy


# -- rounds ----------------------------------------------------------------------------------------


def create_round(
    *,
    actor: Actor,
    office: Organization,
    slug: str,
    title: str,
    framework: Framework,
    rules: Mapping[str, Any],
    title_en: str = "",
    calendar: Mapping[str, dt.date | None] | None = None,
    panels: Sequence[Mapping[str, Any]] = (),
) -> Round:
    from hyeopchi.organizations.permissions import can_manage_roster  # noqa: PLC0415

    if not can_manage_roster(actor, office):
        raise _deny()
    if framework.status != FrameworkStatus.PUBLISHED:
        raise _invalid(_("Publish the framework before a round uses it."), "framework")
    parsed = compute.parse_framework(framework.spec)
    try:
        compute.parse_rules(rules, parsed)
    except EngineError as error:
        raise _engine(error, "rules") from error
    if Round.objects.filter(slug=slug).exists():
        raise _invalid(_("Another round already has this address."), "slug")
    with transaction.atomic():
        round_ = Round.objects.create(
            office=office, slug=slug, title=title, title_en=title_en, framework=framework,
            rules=dict(rules), **(calendar or {}),
        )  # fmt: skip
        for spec in panels:
            Panel.objects.create(round=round_, **spec)
        record_event(actor=actor, verb="evaluations.round_created", target=round_,
                     payload={"framework": framework.content_hash})  # fmt: skip
    return round_


def change_rules(*, actor: Actor, round_: Round, rules: Mapping[str, Any], reason: str) -> Round:
    """Rules may change before results are final (e.g. an appeal finds a rule error)."""
    _office(actor, round_)
    if round_.status == S.FINAL:
        raise InvalidTransitionError("evaluations.final", _("The results are final."))
    try:
        compute.parse_rules(rules, compute.parse_framework(round_.framework.spec))
    except EngineError as error:
        raise _engine(error, "rules") from error
    with transaction.atomic():
        locked = _locked(round_)
        locked.rules = dict(rules)
        locked.save(update_fields=["rules", "updated_at"])
        record_event(actor=actor, verb="evaluations.rules_changed", target=locked,
                     payload={"reason": reason, "rules": dict(rules)})  # fmt: skip
    return locked


def move_round(*, actor: Actor, round_: Round, to: str) -> Round:
    """One step of the round's workflow; publishing and finalising have their own services."""
    _office(actor, round_)
    with transaction.atomic():
        locked = _locked(round_)
        if to not in ROUND_TRANSITIONS[locked.status] or to in (S.PROVISIONAL, S.FINAL):
            raise InvalidTransitionError(
                "evaluations.invalid_transition",
                _("The round cannot go from “%(from)s” to “%(to)s”.")
                % {"from": locked.get_status_display(), "to": S(to).label},
            )
        if to == S.SCORING and not locked.seed:
            raise _invalid(_("Draw the evaluators before scoring opens."))
        previous = locked.status
        locked.status = to
        locked.save(update_fields=["status", "updated_at"])
        record_event(actor=actor, verb="evaluations.round_moved", target=locked,
                     payload={"from": previous, "to": to})  # fmt: skip
    return locked


# -- pools, conflicts, the draw --------------------------------------------------------------------


def detect_conflicts(*, actor: Actor, round_: Round) -> int:
    """Apply the hard rules: employment at the target now or within the panel's years, residence
    in the target's jurisdiction for panels that ask. Returns how many conflicts were added."""
    _office(actor, round_)
    year = (round_.draw_on or timezone.localdate()).year
    targets = list(round_.targets.select_related("organization"))
    by_org: dict[int, list[Target]] = {}
    for target in targets:
        by_org.setdefault(target.organization_id, []).append(target)
        for ancestor in target.organization.ancestor_ids:
            by_org.setdefault(ancestor, []).append(target)
    existing = set(
        Conflict.objects.filter(target__round=round_).values_list(
            "evaluator_id", "target_id", "reason"
        )
    )
    new: list[Conflict] = []
    for panel in round_.panels.all():
        for evaluator in panel.evaluators.filter(selected=True):
            for job in evaluator.employment or []:
                until = job.get("until")
                if until is not None and year - int(until) > panel.coi_years:
                    continue
                own = Organization.objects.filter(pk=job.get("organization")).first()
                for target in (
                    targets if own is None else [t for t in targets if t.organization_id == own.pk]
                ):
                    new.append(Conflict(evaluator=evaluator, target=target, reason=ConflictReason.EMPLOYMENT,
                                        note=_("until %(year)s") % {"year": until or _("now")}))  # fmt: skip
            if evaluator.affiliation_id:
                for target in [t for t in targets if t.organization_id == evaluator.affiliation_id]:
                    new.append(Conflict(evaluator=evaluator, target=target, reason=ConflictReason.EMPLOYMENT,
                                        note=_("current affiliation")))  # fmt: skip
            if panel.residence_conflicts and evaluator.residence_id:
                for target in by_org.get(evaluator.residence_id, []):
                    new.append(
                        Conflict(
                            evaluator=evaluator, target=target, reason=ConflictReason.RESIDENCE
                        )
                    )
    fresh = {
        (c.evaluator_id, c.target_id, c.reason): c
        for c in new
        if (c.evaluator_id, c.target_id, c.reason) not in existing
    }
    with transaction.atomic():
        Conflict.objects.bulk_create(list(fresh.values()))
        record_event(actor=actor, verb="evaluations.COI_DECLARED", target=round_,
                     payload={"rules": len(fresh)})  # fmt: skip
    return len(fresh)


def declare_conflict(
    *, actor: Actor, evaluator: Evaluator, target: Target, reason: str, note: str = ""
) -> Conflict:
    """A recusal (회피) by the evaluator is upheld at once; an objection (기피) by the target or a
    stakeholder list waits for the office's decision; the office's own entry is upheld."""
    round_ = Round.objects.select_related("framework", "office").get(pk=target.round_id)
    if reason not in ConflictReason.values:
        raise _invalid(_("Choose a reason."), "reason")
    if permissions.is_evaluator(actor, evaluator) and reason == ConflictReason.DECLARED:
        status = ConflictStatus.UPHELD
    elif permissions.is_target_staff(actor, target) and reason in (
        ConflictReason.OBJECTION, ConflictReason.STAKEHOLDER_LIST,
    ):  # fmt: skip
        status = ConflictStatus.PENDING
    elif permissions.can_run_round(actor, round_):
        status = ConflictStatus.UPHELD
    else:
        raise _deny(_("Only the evaluator, the target's staff or the office can declare this."))
    with transaction.atomic():
        conflict, created = Conflict.objects.get_or_create(
            evaluator=evaluator, target=target, reason=reason,
            defaults={"status": status, "note": note[:500]},
        )  # fmt: skip
        verb = (
            "evaluations.COI_CHALLENGED"
            if status == ConflictStatus.PENDING
            else "evaluations.COI_DECLARED"
        )
        record_event(actor=actor, verb=verb, target=conflict,
                     payload={"evaluator": evaluator.pseudonym, "target": target.code, "reason": reason})  # fmt: skip
        if status == ConflictStatus.UPHELD:
            _void_pair(actor, evaluator, target)
    return conflict


def decide_conflict(*, actor: Actor, conflict: Conflict, uphold: bool, note: str = "") -> Conflict:
    _office(actor, conflict.target.round)
    with transaction.atomic():
        conflict.status = ConflictStatus.UPHELD if uphold else ConflictStatus.DISMISSED
        conflict.note = (note or conflict.note)[:500]
        conflict.save(update_fields=["status", "note", "updated_at"])
        record_event(actor=actor, verb="evaluations.COI_DECIDED", target=conflict,
                     payload={"upheld": uphold})  # fmt: skip
        if uphold:
            _void_pair(actor, conflict.evaluator, conflict.target)
    return conflict


def _void_pair(actor: Actor, evaluator: Evaluator, target: Target) -> None:
    """An assignment found conflicted is voided with its ratings (kept, not counted), logged."""
    found = Assignment.objects.filter(evaluator=evaluator, target=target, voided=False).first()
    if found is not None:
        found.voided = True
        found.save(update_fields=["voided", "updated_at"])
        record_event(actor=actor, verb="evaluations.assignment_voided", target=found,
                     payload={"evaluator": evaluator.pseudonym, "target": target.code,
                              "ratings": found.ratings.count()})  # fmt: skip


def commit_seed(*, actor: Actor, round_: Round, commitment: str) -> Round:
    """Publish SHA-256(seed) and the pool snapshot's hash before the draw."""
    _office(actor, round_)
    commitment = commitment.strip().lower()
    if len(commitment) != 64 or any(c not in "0123456789abcdef" for c in commitment):
        raise _invalid(
            _("Give the SHA-256 of the seed as 64 hexadecimal characters."), "commitment"
        )
    with transaction.atomic():
        locked = _locked(round_)
        if locked.status != S.PREPARING or locked.seed:
            raise InvalidTransitionError("evaluations.invalid_transition",
                                         _("The seed is committed while the pool is prepared, before the draw."))  # fmt: skip
        locked.seed_commitment = commitment
        locked.pool_hash = selectors.pool_hash(locked)
        locked.save(update_fields=["seed_commitment", "pool_hash", "updated_at"])
        record_event(actor=actor, verb="evaluations.SEED_COMMITTED", target=locked,
                     payload={"commitment": commitment})  # fmt: skip
        record_event(actor=actor, verb="evaluations.POOL_SNAPSHOT", target=locked,
                     payload={"hash": locked.pool_hash})  # fmt: skip
    return locked


def run_draw(*, actor: Actor, round_: Round, seed: str) -> dict[str, dict[str, int]]:
    """Draw every rating panel with the revealed seed. A target without enough eligible
    evaluators stops the draw (nothing written) and is named; conflicts are never relaxed."""
    round_ = _office(actor, round_)
    if assignment.commitment(seed) != round_.seed_commitment:
        raise _invalid(_("This seed does not match the published commitment."), "seed")
    if selectors.pool_hash(round_) != round_.pool_hash:
        raise _invalid(_("The pool changed after the commitment; commit a new seed."), "seed")
    targets = {t.code: t for t in round_.targets.all()}
    conflicts = set(
        Conflict.objects.filter(target__round=round_, status=ConflictStatus.UPHELD).values_list(
            "evaluator__pseudonym", "target__code"
        )
    )
    results: dict[str, assignment.Draw] = {}
    for panel in round_.panels.exclude(kind=PanelKind.DATA).order_by("key"):
        pool = list(panel.evaluators.filter(selected=True))
        if not pool:
            continue
        demand = dict.fromkeys(targets, panel.per_target)
        even = math.ceil(sum(demand.values()) / len(pool)) + 1
        capacity = {e.pseudonym: e.capacity or panel.capacity or even for e in pool}
        panel_conflicts = {(e, t) for e, t in conflicts if e in capacity}
        if panel.solver == "flow":
            affinity = {
                (e.pseudonym, code): 1
                for e in pool
                for code, t in targets.items()
                if e.expertise and t.group in e.expertise.split(",")
            }
            drawn = assignment.flow(seed=seed, round_id=round_.slug, demand=demand,
                                    capacity=capacity, conflicts=panel_conflicts, affinity=affinity)  # fmt: skip
        else:
            badpairs = {
                frozenset((a.pseudonym, b.pseudonym))
                for a in pool for b in pool
                if a.pk < b.pk and a.affiliation_id and a.affiliation_id == b.affiliation_id
            }  # fmt: skip
            drawn = assignment.draw(seed=seed, round_id=round_.slug, demand=demand,
                                    capacity=capacity, conflicts=panel_conflicts, badpairs=badpairs)  # fmt: skip
        if drawn.infeasible:
            names = ", ".join(
                f"{targets[t].name} ({n})" for t, n in sorted(drawn.infeasible.items())[:10]
            )
            raise _invalid(
                _("Panel “%(panel)s”: not enough eligible evaluators for %(targets)s. Enlarge the "
                  "pool and draw again; conflicts are never relaxed.") % {"panel": panel.title, "targets": names},
                "seed",
            )  # fmt: skip
        results[panel.key] = drawn
    with transaction.atomic():
        locked = _locked(round_)
        if locked.seed:
            raise InvalidTransitionError(
                "evaluations.drawn", _("The evaluators are already drawn.")
            )
        by_pseudonym = {
            (e.panel.key, e.pseudonym): e
            for e in Evaluator.objects.filter(panel__round=locked).select_related("panel")
        }
        rows = [
            Assignment(evaluator=by_pseudonym[(panel_key, e)], target=targets[t])
            for panel_key, drawn in results.items()
            for t, chosen in drawn.assigned.items()
            for e in chosen
        ]
        Assignment.objects.bulk_create(rows, batch_size=2000)
        locked.seed = seed
        locked.save(update_fields=["seed", "updated_at"])
        digest = hashlib.sha256(canonical_json(
            {k: d.assigned for k, d in sorted(results.items())}).encode()).hexdigest()  # fmt: skip
        record_event(actor=actor, verb="evaluations.ASSIGNMENT_COMPUTED", target=locked,
                     payload={"solver": {p.key: p.solver for p in locked.panels.all()},
                              "assignments": len(rows), "hash": digest})  # fmt: skip
        record_event(
            actor=actor, verb="evaluations.SEED_REVEALED", target=locked, payload={"seed": seed}
        )
    return {k: d.loads for k, d in results.items()}


def draw_citizens(*, actor: Actor, panel: Panel, size: int, seed: str) -> list[Evaluator]:
    """Select a citizen panel from its applicants, stratified by region, gender and age."""
    _office(actor, panel.round)
    applicants = {e.pseudonym: e for e in panel.evaluators.all()}
    if size < 1 or size > len(applicants):
        raise _invalid(_("Choose between 1 and %(n)s citizens.") % {"n": len(applicants)}, "size")
    chosen = set(
        assignment.stratified(
            seed=seed, round_id=f"{panel.round.slug}/{panel.key}",
            applicants={k: (e.region, e.gender, e.age_band) for k, e in applicants.items()}, size=size,
        )
    )  # fmt: skip
    with transaction.atomic():
        Evaluator.objects.filter(panel=panel).update(selected=False)
        Evaluator.objects.filter(panel=panel, pseudonym__in=chosen).update(selected=True)
        record_event(actor=actor, verb="evaluations.citizens_drawn", target=panel,
                     payload={"size": size, "seed_hash": assignment.commitment(seed),
                              "selected": sorted(chosen)})  # fmt: skip
    return list(Evaluator.objects.filter(panel=panel, selected=True))


# -- ratings and figures ---------------------------------------------------------------------------


def save_rating(
    *,
    actor: Actor,
    evaluator: Evaluator,
    target: Target,
    indicator: str,
    value: Decimal,
    comment: str = "",
    submit: bool = False,
    reason: str = "",
) -> Rating:
    """An evaluator's rating of an assigned target: a draft, a submission, or an amendment of a
    submitted rating, which needs a reason. Conflicted or unassigned pairs are refused."""
    if not permissions.is_evaluator(actor, evaluator) and not actor.is_system:
        raise _deny(_("Only the evaluator can enter this rating."))
    round_ = Round.objects.select_related("framework", "office").get(pk=target.round_id)
    if round_.status != S.SCORING:
        raise InvalidTransitionError(
            "evaluations.not_scoring", _("Scoring is not open in this round.")
        )
    found = Assignment.objects.filter(evaluator=evaluator, target=target).first()
    if found is None:
        raise _deny(_("This target is not assigned to you."))
    if (
        found.voided
        or Conflict.objects.filter(
            evaluator=evaluator, target=target, status=ConflictStatus.UPHELD
        ).exists()
    ):
        raise _deny(_("You have a conflict of interest with this target and may not rate it."))
    framework = compute.parse_framework(round_.framework.spec)
    try:
        rule = framework.indicator(indicator).panels.get(evaluator.panel.key)
    except EngineError as error:
        raise _engine(error, "indicator") from error
    if rule is None:
        raise _invalid(_("Your panel does not rate this indicator."), "indicator")
    try:
        rule.check(value, indicator)
    except EngineError as error:
        raise _invalid(
            _("The rating %(value)s is outside the scale %(low)s–%(high)s.") % error.params, "value"
        ) from error
    with transaction.atomic():
        rating = (
            Rating.objects.select_for_update().filter(assignment=found, indicator=indicator).first()
        )
        now = timezone.now()
        if rating is not None and rating.status == RatingStatus.SUBMITTED:
            if not reason.strip():
                raise _invalid(_("Give a reason for amending a submitted rating."), "reason")
            old = rating.value
            rating.value, rating.comment = value, comment
            rating.amendments += 1
            rating.submitted_at = now
            rating.save()
            record_event(actor=actor, verb="evaluations.RATING_AMENDED", target=rating,
                         payload={"from": old, "to": value, "reason": reason})  # fmt: skip
            return rating
        if rating is None:
            rating = Rating(assignment=found, indicator=indicator)
        rating.value, rating.comment = value, comment
        if submit:
            rating.status = RatingStatus.SUBMITTED
            rating.submitted_at = now
        rating.save()
        if submit:
            record_event(actor=actor, verb="evaluations.RATING_SUBMITTED", target=rating,
                         payload={"value": value})  # fmt: skip
    return rating


def enter_consensus(
    *, actor: Actor, target: Target, indicator: str, panel: str, value: Decimal, reason: str,
    override_reason: str = "",
) -> ConsensusScore:  # fmt: skip
    """The chair's agreed score for a consensus indicator, checked against the individual
    ratings (within their range unless ``override_reason``)."""
    round_ = _office(actor, target.round)
    if round_.status != S.SCORING:
        raise InvalidTransitionError(
            "evaluations.not_scoring", _("Scoring is not open in this round.")
        )
    if not reason.strip():
        raise _invalid(_("Give the reason of the agreed score."), "reason")
    framework = compute.parse_framework(round_.framework.spec)
    try:
        rule = framework.indicator(indicator).panels.get(panel)
        if rule is None or rule.aggregation != "consensus":
            raise _invalid(_("This indicator's panel does not agree on one score."), "indicator")
        rule.check(value, indicator)
        individual = [
            Fraction(v) for v in Rating.objects.filter(
                assignment__target=target, assignment__evaluator__panel__key=panel,
                assignment__voided=False, indicator=indicator, status=RatingStatus.SUBMITTED,
            ).values_list("value", flat=True)
        ]  # fmt: skip
        engine_consensus(individual, Fraction(value), override_reason=override_reason)
    except EngineError as error:
        raise _engine(error, "value") from error
    with transaction.atomic():
        score, _created = ConsensusScore.objects.update_or_create(
            target=target, indicator=indicator, panel=panel,
            defaults={"value": value, "reason": reason, "override_reason": override_reason},
        )  # fmt: skip
        record_event(actor=actor, verb="evaluations.CONSENSUS_ENTERED", target=score,
                     payload={"target": target.code, "indicator": indicator, "panel": panel,
                              "value": value, "ratings": len(individual)})  # fmt: skip
    return score


def set_figures(
    *, actor: Actor, round_: Round, figures: Mapping[tuple[str, str], Decimal], source: str
) -> int:
    """Data-panel figures by (target code, indicator), all or nothing."""
    _office(actor, round_)
    framework = compute.parse_framework(round_.framework.spec)
    rules = compute.parse_rules(round_.rules, framework)
    data_indicators = {
        i.key for i in framework.indicators
        if any(rules.panels[p].kind == PanelKind.DATA for p in i.panels)
    }  # fmt: skip
    targets = {t.code: t for t in round_.targets.all()}
    for code, indicator in figures:
        if code not in targets:
            raise _invalid(_("There is no target “%(value)s” in this round.") % {"value": code})
        if indicator not in data_indicators:
            raise _invalid(_("“%(value)s” is not a data indicator.") % {"value": indicator})
    with transaction.atomic():
        DataFigure.objects.bulk_create(
            [
                DataFigure(
                    target=targets[code], indicator=indicator, value=value, source=source[:200]
                )
                for (code, indicator), value in figures.items()
            ],
            update_conflicts=True,
            unique_fields=["target", "indicator"],
            update_fields=["value", "source", "updated_at"],
            batch_size=2000,
        )
        record_event(actor=actor, verb="evaluations.figures_set", target=round_,
                     payload={"source": source, "count": len(figures)})  # fmt: skip
    return len(figures)


def figures_from_tasks(*, actor: Actor, round_: Round, indicator: str, until: dt.date) -> int:
    """A data indicator from the platform: each target's share (%) of its tasks due by ``until``
    that were completed on time."""
    from hyeopchi.tasks import selectors as task_selectors  # noqa: PLC0415

    targets = list(round_.targets.all())
    shares = task_selectors.completed_on_time({t.organization_id for t in targets}, until=until)
    figures = {
        (t.code, indicator): shares[t.organization_id]
        for t in targets
        if t.organization_id in shares
    }
    return set_figures(actor=actor, round_=round_, figures=figures,
                       source=_("tasks completed on time by %(date)s") % {"date": until.isoformat()})  # fmt: skip


# -- results ---------------------------------------------------------------------------------------


def _store(
    actor: Actor, round_: Round, inputs: selectors.RoundInputs, outcome: compute.Outcome,
    *, reason: str, published: bool, final: bool = False,
) -> ResultVersion:  # fmt: skip
    previous = round_.versions.filter(published=True).order_by("-number").first()
    payload = outcome.payload()
    changes = compute.diff(previous.payload, payload) if previous is not None else []
    number = (round_.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    final_number = None
    if final:
        final_number = (round_.versions.aggregate(n=Max("final_number"))["n"] or 0) + 1
    version = ResultVersion.objects.create(
        round=round_, number=number, final_number=final_number, published=published,
        reason=reason[:500], input_hash=outcome.input_hash, output_hash=outcome.output_hash,
        inputs=zlib.compress(canonical_json(inputs.snapshot()).encode(), 6),
        payload=payload, diff=changes, created_by=actor.label,
    )  # fmt: skip
    record_event(actor=actor, verb="evaluations.RESULTS_COMPUTED", target=version,
                 payload={"engine": compute.ENGINE_VERSION, "input": outcome.input_hash,
                          "output": outcome.output_hash, "number": number})  # fmt: skip
    for event in outcome.events:
        record_event(
            actor=actor, verb=f"evaluations.{event['type']}", target=version, payload=event
        )
    if changes:
        record_event(actor=actor, verb="evaluations.RECALCULATED", target=version,
                     payload={"changed": len(changes), "diff": compute.payload_hash({"d": changes})})  # fmt: skip
    return version


def _compute(
    round_: Round, floors: Mapping[str, str] | None = None
) -> tuple[selectors.RoundInputs, compute.Outcome]:
    inputs = selectors.round_inputs(round_)
    inputs.floors = dict(floors) if floors else None  # kept in the version's inputs for replay
    try:
        outcome = compute.compute(inputs.framework, inputs.rules, inputs.targets, inputs.ratings,
                                  consensus=inputs.consensus, floors=inputs.floors)  # fmt: skip
    except EngineError as error:
        raise _engine(error) from error
    return inputs, outcome


def compute_preview(*, actor: Actor, round_: Round) -> ResultVersion:
    """Compute without publishing: the office checks the numbers and the diagnostics first."""
    round_ = _office(actor, round_)
    inputs, outcome = _compute(round_)
    with transaction.atomic():
        return _store(actor, _locked(round_), inputs, outcome, reason=_("preview"), published=False)


def publish_provisional(*, actor: Actor, round_: Round) -> ResultVersion:
    """Close scoring, compute and publish provisional results; the appeal window opens."""
    round_ = _office(actor, round_)
    if round_.status != S.SCORING:
        raise InvalidTransitionError(
            "evaluations.invalid_transition",
            _("Only a round in scoring can publish provisional results."),
        )
    inputs, outcome = _compute(round_)
    with transaction.atomic():
        locked = _locked(round_)
        version = _store(
            actor, locked, inputs, outcome, reason=_("provisional results"), published=True
        )
        locked.status = S.PROVISIONAL
        locked.save(update_fields=["status", "updated_at"])
        locked.panels.update(closed_at=timezone.now())
        record_event(actor=actor, verb="evaluations.PANEL_CLOSED", target=locked)
        record_event(actor=actor, verb="evaluations.RESULTS_PUBLISHED", target=version,
                     payload={"output": version.output_hash})  # fmt: skip
    return version


def file_appeal(
    *, actor: Actor, target: Target, ground: str, text: str, indicator: str = "",
    today: dt.date | None = None,
) -> Appeal:  # fmt: skip
    round_ = Round.objects.select_related("framework", "office").get(pk=target.round_id)
    if not permissions.is_target_staff(actor, target):
        raise _deny(_("Only the target's staff can appeal its result."))
    if round_.status != S.PROVISIONAL:
        raise InvalidTransitionError(
            "evaluations.no_appeals", _("Appeals are open only while results are provisional.")
        )
    today = today or timezone.localdate()
    if round_.appeal_until is not None and today > round_.appeal_until:
        raise InvalidTransitionError(
            "evaluations.no_appeals",
            _("The appeal window closed on %(date)s.") % {"date": round_.appeal_until.isoformat()},
        )
    if not text.strip():
        raise _invalid(_("Explain the grounds of the appeal."), "text")
    if ground not in AppealGround.values:
        raise _invalid(_("Choose a ground."), "ground")
    with transaction.atomic():
        appeal = Appeal.objects.create(
            round=round_, target=target, filed_by_id=actor.user_pk,
            ground=ground, indicator=indicator[:40], text=text,
        )  # fmt: skip
        record_event(actor=actor, verb="evaluations.APPEAL_FILED", target=appeal,
                     payload={"target": target.code, "ground": ground, "indicator": indicator})  # fmt: skip
    return appeal


def decide_appeal(
    *,
    actor: Actor,
    appeal: Appeal,
    uphold: bool,
    decision: str,
    remedy: str = "",
    figures: Mapping[str, Decimal] | None = None,
    void_evaluator: str = "",
    hold_harmless: bool = False,
) -> Appeal:
    """Reject, or uphold with a remedy and recalculate every target of the round. With
    ``hold_harmless`` no other target's grade falls below its provisional grade."""
    round_ = Round.objects.select_related("framework", "office").get(pk=appeal.round_id)
    _office(actor, round_)
    if appeal.status != AppealStatus.FILED:
        raise InvalidTransitionError("evaluations.decided", _("This appeal is already decided."))
    if not decision.strip():
        raise _invalid(_("Write the decision and its reasons."), "decision")
    if uphold and remedy not in Remedy.values:
        raise _invalid(_("Choose the remedy of an upheld appeal."), "remedy")
    with transaction.atomic():
        locked = _locked(round_)
        if uphold and remedy == Remedy.CORRECT_DATA:
            if not figures:
                raise _invalid(_("Give the corrected figures."), "figures")
            set_figures(actor=actor, round_=locked,
                        figures={(appeal.target.code, k): v for k, v in figures.items()},
                        source=_("corrected on appeal"))  # fmt: skip
        if uphold and remedy == Remedy.VOID_RATER:
            evaluator = Evaluator.objects.filter(
                panel__round=locked, pseudonym=void_evaluator
            ).first()
            if evaluator is None:
                raise _invalid(
                    _("There is no evaluator “%(value)s”.") % {"value": void_evaluator},
                    "void_evaluator",
                )
            Conflict.objects.get_or_create(
                evaluator=evaluator, target=appeal.target, reason=ConflictReason.OBJECTION,
                defaults={"status": ConflictStatus.UPHELD, "note": decision[:500]},
            )  # fmt: skip
            _void_pair(actor, evaluator, appeal.target)
        appeal.status = AppealStatus.UPHELD if uphold else AppealStatus.REJECTED
        appeal.remedy = remedy if uphold else ""
        appeal.decision = decision
        appeal.decided_at = timezone.now()
        record_event(actor=actor, verb="evaluations.APPEAL_DECIDED", target=appeal,
                     payload={"upheld": uphold, "remedy": appeal.remedy, "hold_harmless": hold_harmless})  # fmt: skip
        if uphold:
            floors = None
            current = locked.versions.filter(published=True).order_by("-number").first()
            if hold_harmless and current is not None:
                floors = {
                    key: row["grade"] for key, row in current.payload["targets"].items()
                    if key != appeal.target.code
                }  # fmt: skip
            inputs, outcome = _compute(locked, floors)
            appeal.version = _store(actor, locked, inputs, outcome, published=True,
                                    reason=_("appeal of %(target)s upheld") % {"target": appeal.target.name})  # fmt: skip
        appeal.save()
    return appeal


def finalise(*, actor: Actor, round_: Round, reason: str = "") -> ResultVersion:
    """Freeze the current results as v1; a later correction on a final round gives v2 …"""
    round_ = _office(actor, round_)
    if round_.status not in (S.PROVISIONAL, S.FINAL):
        raise InvalidTransitionError(
            "evaluations.invalid_transition", _("Publish provisional results first.")
        )
    if round_.status == S.FINAL and not reason.strip():
        raise _invalid(_("A new final version needs a reason."), "reason")
    if round_.appeals.filter(status=AppealStatus.FILED).exists():
        raise _invalid(_("Decide every appeal before the results are final."))
    current = round_.versions.filter(published=True).order_by("-number").first()
    inputs, outcome = _compute(round_, _floors_of(current))
    with transaction.atomic():
        locked = _locked(round_)
        version = _store(actor, locked, inputs, outcome, published=True, final=True,
                         reason=reason or _("final results"))  # fmt: skip
        locked.status = S.FINAL
        locked.save(update_fields=["status", "updated_at"])
        record_event(actor=actor, verb="evaluations.FINALISED", target=version,
                     payload={"version": version.final_number, "output": version.output_hash})  # fmt: skip
    return version


def _floors_of(version: ResultVersion | None) -> dict[str, str] | None:
    """Grades held harmless in the latest result stay held when it is recomputed."""
    if version is None:
        return None
    held = {
        k: row["grade"] for k, row in version.payload["targets"].items() if row["held_harmless"]
    }
    return held or None


def replay(round_: Round) -> list[tuple[ResultVersion, bool]]:
    """Recompute every stored version from its own inputs; True where both hashes and the logged
    output hash agree."""
    logged = {
        int(e.target_pk): json.loads(e.payload)["output"]
        for e in AuditEvent.objects.filter(
            verb="evaluations.RESULTS_COMPUTED", target_type="evaluations.resultversion"
        )  # fmt: skip
    }
    checks = []
    for version in round_.versions.order_by("number"):
        inputs = selectors.RoundInputs.from_snapshot(
            json.loads(zlib.decompress(bytes(version.inputs)))
        )
        outcome = compute.compute(inputs.framework, inputs.rules, inputs.targets, inputs.ratings,
                                  consensus=inputs.consensus, floors=inputs.floors)  # fmt: skip
        ok = (
            outcome.input_hash == version.input_hash
            and outcome.output_hash == version.output_hash == logged.get(version.pk)
        )
        checks.append((version, ok))
    return checks


def import_ratings(*, actor: Actor, round_: Round, ratings: Sequence[compute.Rating]) -> int:
    """Submitted ratings in bulk (paper score sheets, an office's spreadsheet), all or nothing:
    every row must be an assigned, unconflicted pair of the panel, on the indicator's scale, and
    not yet rated. One audit event records the count and the hash of the rows."""
    round_ = _office(actor, round_)
    if round_.status != S.SCORING:
        raise InvalidTransitionError(
            "evaluations.not_scoring", _("Scoring is not open in this round.")
        )
    framework = compute.parse_framework(round_.framework.spec)
    assignments = {
        (panel, pseudonym, code): pk
        for pk, panel, pseudonym, code in Assignment.objects.filter(
            target__round=round_, voided=False
        ).values_list("pk", "evaluator__panel__key", "evaluator__pseudonym", "target__code")
    }
    rated = set(
        Rating.objects.filter(assignment__target__round=round_).values_list(
            "assignment_id", "indicator"
        )
    )
    problems: list[str] = []
    rows: list[Rating] = []
    now = timezone.now()
    for number, rating in enumerate(ratings, start=1):
        place = f"{number}: {rating.target}/{rating.indicator}/{rating.panel}/{rating.evaluator}"
        pk = assignments.get((rating.panel, rating.evaluator, rating.target))
        if pk is None:
            problems.append(_("%(place)s: not an assigned, unconflicted pair.") % {"place": place})
            continue
        try:
            rule = framework.indicator(rating.indicator).panels.get(rating.panel)
            if rule is None:
                raise EngineError("panel_not_on_indicator", place, place=place, value=rating.panel)
            rule.check(rating.value, place)
        except EngineError as error:
            problems.append(engine_message(error))
            continue
        if (pk, rating.indicator) in rated:
            problems.append(_("%(place)s: already rated; amend it instead.") % {"place": place})
            continue
        rated.add((pk, rating.indicator))
        rows.append(Rating(assignment_id=pk, indicator=rating.indicator, value=rating.value,
                           status=RatingStatus.SUBMITTED, submitted_at=now))  # fmt: skip
    if problems:
        raise ValidationFailedError(
            "evaluations.ratings_refused",
            _("The ratings were refused: nothing was written."),
            fields={"ratings": problems[:50] + ([_("… and %(n)s more.") % {"n": len(problems) - 50}] if len(problems) > 50 else [])},
        )  # fmt: skip
    with transaction.atomic():
        Rating.objects.bulk_create(rows, batch_size=2000)
        digest = compute.payload_hash({"r": compute.input_payload([], ratings, {}, {})["ratings"]})
        record_event(actor=actor, verb="evaluations.RATING_SUBMITTED", target=round_,
                     payload={"imported": len(rows), "hash": digest})  # fmt: skip
    return len(rows)
