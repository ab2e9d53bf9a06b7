"""Conflicts of interest, the committed seed, the draw of evaluators and the citizen panel."""

from __future__ import annotations

import functools
import hashlib
import math
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.canonical import canonical_json
from hyeopchi.core.errors import InvalidTransitionError
from hyeopchi.evaluations import assignment, permissions, selectors
from hyeopchi.evaluations.enums import ConflictDecider, ConflictReason, ConflictStatus, PanelKind
from hyeopchi.evaluations.errors import EvaluationErrorCode as Code
from hyeopchi.evaluations.models import Assignment, Conflict, Evaluator, Panel, Round, Target
from hyeopchi.evaluations.services._common import S, _deny, _invalid, _locked, _office
from hyeopchi.organizations.models import Organization


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
    existing = set(Conflict.objects.filter(target__round=round_).values_list("evaluator_id", "target_id", "reason"))
    new: list[Conflict] = []
    for panel in round_.panels.all():
        for evaluator in panel.evaluators.filter(selected=True):
            for job in evaluator.employment or []:
                until = job.get("until")
                if until is not None and year - int(until) > panel.coi_years:
                    continue
                own = Organization.objects.filter(pk=job.get("organization")).first()
                for target in targets if own is None else [t for t in targets if t.organization_id == own.pk]:
                    new.append(
                        Conflict(
                            evaluator=evaluator,
                            target=target,
                            reason=ConflictReason.EMPLOYMENT,
                            note=_("until %(year)s") % {"year": until or _("now")},
                        )
                    )
            if evaluator.affiliation_id:
                for target in [t for t in targets if t.organization_id == evaluator.affiliation_id]:
                    new.append(
                        Conflict(
                            evaluator=evaluator,
                            target=target,
                            reason=ConflictReason.EMPLOYMENT,
                            note=_("current affiliation"),
                        )
                    )
            if panel.residence_conflicts and evaluator.residence_id:
                for target in by_org.get(evaluator.residence_id, []):
                    new.append(Conflict(evaluator=evaluator, target=target, reason=ConflictReason.RESIDENCE))
    fresh = {
        (c.evaluator_id, c.target_id, c.reason): c
        for c in new
        if (c.evaluator_id, c.target_id, c.reason) not in existing
    }
    with transaction.atomic():
        Conflict.objects.bulk_create(list(fresh.values()))
        record_event(actor, "evaluations.conflict_declared", round_, {"rules": len(fresh)})
    return len(fresh)


# The grounds an evaluator may withdraw on (회피) or a target may object on (기피), as the standard
# 제척·기피·회피 clause of committees' ordinances names them.
STANDARD_GROUNDS = frozenset(
    {
        ConflictReason.EMPLOYMENT,
        ConflictReason.FAMILY,
        ConflictReason.CONTRACT,
        ConflictReason.SPOUSE,
        ConflictReason.RELATIVE,
        ConflictReason.TESTIMONY,
        ConflictReason.AGENT,
    }
)


def declare_conflict(*, actor: Actor, evaluator: Evaluator, target: Target, reason: str, note: str = "") -> Conflict:
    """A recusal (회피) by the evaluator, on a ground of the standard clause or simply declared, is
    upheld at once; an objection (기피) by the target, on such a ground or its stakeholder list, waits
    for a decision (``decide_conflict``); the office's own entry is upheld."""
    round_ = Round.objects.select_related("framework", "office").get(pk=target.round_id)
    if reason not in ConflictReason.values:
        raise _invalid(_("Choose a reason."), "reason")
    if permissions.is_evaluator(actor, evaluator) and reason in {*STANDARD_GROUNDS, ConflictReason.DECLARED}:
        status = ConflictStatus.UPHELD
    elif permissions.is_target_staff(actor, target) and reason in {
        *STANDARD_GROUNDS,
        ConflictReason.OBJECTION,
        ConflictReason.STAKEHOLDER_LIST,
    }:
        status = ConflictStatus.PENDING
    elif permissions.can_run_round(actor, round_):
        status = ConflictStatus.UPHELD
    else:
        raise _deny(_("Only the evaluator, the target's staff or the office can declare this."))
    with transaction.atomic():
        conflict, created = Conflict.objects.get_or_create(
            evaluator=evaluator, target=target, reason=reason, defaults={"status": status, "note": note[:500]}
        )
        verb = (
            "evaluations.conflict_challenged" if status == ConflictStatus.PENDING else "evaluations.conflict_declared"
        )
        record_event(actor, verb, conflict, {"evaluator": evaluator.pseudonym, "target": target.code, "reason": reason})
        if status == ConflictStatus.UPHELD:
            _void_pair(actor, evaluator, target)
    return conflict


def decide_conflict(
    *, actor: Actor, conflict: Conflict, uphold: bool, note: str = "", decided_how: str = ConflictDecider.OFFICE
) -> Conflict:
    """Decide an objection (기피): by the office, or recorded as the committee's decision taken
    without the challenged member. The challenged evaluator never decides their own objection.

    Changes: the conflict's status, who decided it, how and when. Raises: PermissionDeniedError."""
    _office(actor, conflict.target.round)
    if actor.user_pk is not None and actor.user_pk == conflict.evaluator.user_id:
        raise _deny(_("The challenged evaluator takes no part in deciding the objection."))
    if decided_how not in ConflictDecider.values:
        raise _invalid(_("Say who decided: the office or the committee."), "decided_how")
    with transaction.atomic():
        conflict.status = ConflictStatus.UPHELD if uphold else ConflictStatus.DISMISSED
        conflict.note = (note or conflict.note)[:500]
        conflict.decided_by_id = actor.user_pk
        conflict.decided_how = decided_how
        conflict.decided_at = timezone.now()
        conflict.save(update_fields=["status", "note", "decided_by", "decided_how", "decided_at", "updated_at"])
        record_event(actor, "evaluations.conflict_decided", conflict, {"upheld": uphold, "decided_how": decided_how})
        if uphold:
            _void_pair(actor, conflict.evaluator, conflict.target)
    return conflict


def _void_pair(actor: Actor, evaluator: Evaluator, target: Target) -> None:
    """An assignment found conflicted is voided with its ratings (kept, not counted), logged."""
    found = Assignment.objects.filter(evaluator=evaluator, target=target, voided=False).first()
    if found is not None:
        found.voided = True
        found.save(update_fields=["voided", "updated_at"])
        record_event(
            actor,
            "evaluations.assignment_voided",
            found,
            {"evaluator": evaluator.pseudonym, "target": target.code, "ratings": found.ratings.count()},
        )


def commit_seed(*, actor: Actor, round_: Round, commitment: str, beacon_source: str = "") -> Round:
    """Publish SHA-256(seed) and the pool snapshot's hash before the draw, and, optionally, name the
    public value (one that does not exist yet) the seed will be combined with."""
    _office(actor, round_)
    commitment = commitment.strip().lower()
    if len(commitment) != 64 or any(c not in "0123456789abcdef" for c in commitment):
        raise _invalid(_("Give the SHA-256 of the seed as 64 hexadecimal characters."), "commitment")
    with transaction.atomic():
        locked = _locked(round_)
        if locked.status != S.PREPARING or locked.seed:
            raise InvalidTransitionError(
                Code.INVALID_TRANSITION, _("The seed is committed while the pool is prepared, before the draw.")
            )
        locked.seed_commitment = commitment
        locked.beacon_source = " ".join(beacon_source.split())[:300]
        locked.pool_hash = selectors.pool_hash(locked)
        locked.save(update_fields=["seed_commitment", "beacon_source", "pool_hash", "updated_at"])
        record_event(
            actor,
            "evaluations.seed_committed",
            locked,
            {"commitment": commitment, "beacon_source": locked.beacon_source},
        )
        record_event(actor, "evaluations.pool_snapshot_taken", locked, {"hash": locked.pool_hash})
    return locked


def run_draw(*, actor: Actor, round_: Round, seed: str, beacon_value: str = "") -> dict[str, dict[str, int]]:
    """Draw every rating panel with the revealed seed, combined with the public value the round
    named (``beacon_value``) if it named one. A target without enough eligible evaluators stops the
    draw (nothing written) and is named; conflicts are never relaxed."""
    round_ = _office(actor, round_)
    if assignment.commitment(seed) != round_.seed_commitment:
        raise _invalid(_("This seed does not match the published commitment."), "seed")
    if not assignment.has_salt(seed):
        raise _invalid(
            _(
                "The seed does not end in a random salt of %(digits)d hexadecimal digits: anyone could have "
                "found it from the commitment. Commit a new seed made with its salt."
            )
            % {"digits": assignment.SALT_HEX},
            "seed",
        )
    if round_.beacon_source and not beacon_value.strip():
        raise _invalid(
            _("Give the public value the round named: %(source)s.") % {"source": round_.beacon_source}, "beacon_value"
        )
    public_value = " ".join(beacon_value.split()) if round_.beacon_source else ""
    drawing = assignment.drawing_seed(seed, public_value)
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
        solve: Callable[..., assignment.Draw]
        if panel.solver == "flow":
            affinity = {
                (e.pseudonym, code): 1
                for e in pool
                for code, t in targets.items()
                if e.expertise and t.group in e.expertise.split(",")
            }
            solve = functools.partial(assignment.flow, affinity=affinity)
        else:
            badpairs = {
                frozenset((a.pseudonym, b.pseudonym))
                for a in pool
                for b in pool
                if a.pk < b.pk and a.affiliation_id and a.affiliation_id == b.affiliation_id
            }
            solve = functools.partial(assignment.draw, badpairs=badpairs)
        panel_conflicts = {(e, t) for e, t in conflicts if e in capacity}
        drawn = solve(seed=drawing, round_id=round_.slug, demand=demand, capacity=capacity, conflicts=panel_conflicts)
        if drawn.infeasible:
            names = ", ".join(f"{targets[t].name} ({n})" for t, n in sorted(drawn.infeasible.items())[:10])
            raise _invalid(
                _(
                    "Panel “%(panel)s”: not enough eligible evaluators for %(targets)s. Enlarge the "
                    "pool and draw again; conflicts are never relaxed."
                )
                % {"panel": panel.title, "targets": names},
                "seed",
            )
        results[panel.key] = drawn
    with transaction.atomic():
        locked = _locked(round_)
        if locked.seed:
            raise InvalidTransitionError(Code.DRAWN, _("The evaluators are already drawn."))
        by_pseudonym = {
            (e.panel.key, e.pseudonym): e for e in Evaluator.objects.filter(panel__round=locked).select_related("panel")
        }
        rows = [
            Assignment(evaluator=by_pseudonym[(panel_key, e)], target=targets[t])
            for panel_key, drawn in results.items()
            for t, chosen in drawn.assigned.items()
            for e in chosen
        ]
        Assignment.objects.bulk_create(rows, batch_size=2000)
        locked.seed, locked.beacon_value = seed, public_value
        locked.save(update_fields=["seed", "beacon_value", "updated_at"])
        digest = hashlib.sha256(
            canonical_json({k: d.assigned for k, d in sorted(results.items())}).encode()
        ).hexdigest()
        record_event(
            actor,
            "evaluations.assignment_computed",
            locked,
            {"solver": {p.key: p.solver for p in locked.panels.all()}, "assignments": len(rows), "hash": digest},
        )
        record_event(actor, "evaluations.seed_revealed", locked, {"seed": seed, "beacon_value": public_value})
    return {k: d.loads for k, d in results.items()}


def draw_citizens(*, actor: Actor, panel: Panel, size: int, seed: str) -> list[Evaluator]:
    """Select a citizen panel from its applicants, stratified by region, gender and age."""
    _office(actor, panel.round)
    applicants = {e.pseudonym: e for e in panel.evaluators.all()}
    if size < 1 or size > len(applicants):
        raise _invalid(_("Choose between 1 and %(n)s citizens.") % {"n": len(applicants)}, "size")
    chosen = set(
        assignment.stratified(
            seed=seed,
            round_id=f"{panel.round.slug}/{panel.key}",
            applicants={k: (e.region, e.gender, e.age_band) for k, e in applicants.items()},
            size=size,
        )
    )
    with transaction.atomic():
        Evaluator.objects.filter(panel=panel).update(selected=False)
        Evaluator.objects.filter(panel=panel, pseudonym__in=chosen).update(selected=True)
        Panel.objects.filter(pk=panel.pk).update(drawn_at=timezone.now())
        # The strata by pseudonym stay in the record, so the draw can be replayed once the
        # applicants who were not drawn have had their data destroyed.
        strata = {k: [e.region, e.gender, e.age_band] for k, e in sorted(applicants.items())}
        record_event(
            actor,
            "evaluations.citizens_drawn",
            panel,
            {"size": size, "seed_hash": assignment.commitment(seed), "selected": sorted(chosen), "strata": strata},
        )
    return list(Evaluator.objects.filter(panel=panel, selected=True))
