"""Result versions: preview, provisional publication, appeals and recalculation, final versions,
and the replay that reproduces every version's hashes."""

from __future__ import annotations

import datetime as dt
import json
import zlib
from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.canonical import canonical_json
from hyeopchi.core.errors import InvalidTransitionError
from hyeopchi.core.models import AuditEvent
from hyeopchi.evaluations import compute, permissions, selectors
from hyeopchi.evaluations.engine import EngineError
from hyeopchi.evaluations.enums import AppealGround, AppealStatus, ConflictReason, ConflictStatus, Remedy
from hyeopchi.evaluations.errors import EvaluationErrorCode as Code
from hyeopchi.evaluations.models import Appeal, Conflict, Evaluator, ResultVersion, Round, Target
from hyeopchi.evaluations.services._common import S, _deny, _engine, _invalid, _locked, _office
from hyeopchi.evaluations.services.assignment import _void_pair
from hyeopchi.evaluations.services.scoring import set_figures

MAX_FINAL_REASON = 500  # ResultVersion.reason


def _store(
    actor: Actor,
    round_: Round,
    inputs: selectors.RoundInputs,
    outcome: compute.Outcome,
    *,
    reason: str,
    published: bool,
    final: bool = False,
) -> ResultVersion:
    previous = round_.versions.filter(published=True).order_by("-number").first()
    payload = outcome.payload()
    changes = compute.diff(previous.payload, payload) if previous is not None else []
    number = (round_.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    final_number = None
    if final:
        final_number = (round_.versions.aggregate(n=Max("final_number"))["n"] or 0) + 1
    version = ResultVersion.objects.create(
        round=round_,
        number=number,
        final_number=final_number,
        published=published,
        reason=reason[:500],
        input_hash=outcome.input_hash,
        output_hash=outcome.output_hash,
        inputs=zlib.compress(canonical_json(inputs.snapshot()).encode(), 6),
        payload=payload,
        diff=changes,
        created_by=actor.label,
    )
    record_event(
        actor,
        "evaluations.results_computed",
        version,
        {
            "engine": compute.ENGINE_VERSION,
            "input": outcome.input_hash,
            "output": outcome.output_hash,
            "number": number,
        },
    )
    for event in outcome.events:
        record_event(actor, f"evaluations.{event['type'].lower()}", version, event)
    if changes:
        record_event(
            actor,
            "evaluations.recalculated",
            version,
            {"changed": len(changes), "diff": compute.payload_hash({"d": changes})},
        )
    return version


def _compute(round_: Round, floors: Mapping[str, str] | None = None) -> tuple[selectors.RoundInputs, compute.Outcome]:
    inputs = selectors.round_inputs(round_)
    inputs.floors = dict(floors) if floors else None  # kept in the version's inputs for replay
    try:
        outcome = inputs.compute()
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
            Code.INVALID_TRANSITION, _("Only a round in scoring can publish provisional results.")
        )
    inputs, outcome = _compute(round_)
    with transaction.atomic():
        locked = _locked(round_)
        version = _store(actor, locked, inputs, outcome, reason=_("provisional results"), published=True)
        locked.status = S.PROVISIONAL
        locked.save(update_fields=["status", "updated_at"])
        locked.panels.update(closed_at=timezone.now())
        record_event(actor, "evaluations.panel_closed", locked)
        record_event(actor, "evaluations.results_published", version, {"output": version.output_hash})
    return version


def file_appeal(
    *, actor: Actor, target: Target, ground: str, text: str, indicator: str = "", today: dt.date | None = None
) -> Appeal:
    round_ = Round.objects.select_related("framework", "office").get(pk=target.round_id)
    if not permissions.is_target_staff(actor, target):
        raise _deny(_("Only the target's staff can appeal its result."))
    if round_.status != S.PROVISIONAL:
        raise InvalidTransitionError(Code.NO_APPEALS, _("Appeals are open only while results are provisional."))
    today = today or timezone.localdate()
    if round_.appeal_until is not None and today > round_.appeal_until:
        raise InvalidTransitionError(
            Code.NO_APPEALS, _("The appeal window closed on %(date)s.") % {"date": round_.appeal_until.isoformat()}
        )
    if not text.strip():
        raise _invalid(_("Explain the grounds of the appeal."), "text")
    if ground not in AppealGround.values:
        raise _invalid(_("Choose a ground."), "ground")
    with transaction.atomic():
        appeal = Appeal.objects.create(
            round=round_, target=target, filed_by_id=actor.user_pk, ground=ground, indicator=indicator[:40], text=text
        )
        record_event(
            actor, "evaluations.appeal_filed", appeal, {"target": target.code, "ground": ground, "indicator": indicator}
        )
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
        raise InvalidTransitionError(Code.DECIDED, _("This appeal is already decided."))
    if not decision.strip():
        raise _invalid(_("Write the decision and its reasons."), "decision")
    if uphold and remedy not in Remedy.values:
        raise _invalid(_("Choose the remedy of an upheld appeal."), "remedy")
    with transaction.atomic():
        locked = _locked(round_)
        if uphold and remedy == Remedy.CORRECT_DATA:
            if not figures:
                raise _invalid(_("Give the corrected figures."), "figures")
            set_figures(
                actor=actor,
                round_=locked,
                figures={(appeal.target.code, k): v for k, v in figures.items()},
                source=_("corrected on appeal"),
            )
        if uphold and remedy == Remedy.VOID_RATER:
            evaluator = Evaluator.objects.filter(panel__round=locked, pseudonym=void_evaluator).first()
            if evaluator is None:
                raise _invalid(_("There is no evaluator “%(value)s”.") % {"value": void_evaluator}, "void_evaluator")
            Conflict.objects.get_or_create(
                evaluator=evaluator,
                target=appeal.target,
                reason=ConflictReason.OBJECTION,
                defaults={"status": ConflictStatus.UPHELD, "note": decision[:500]},
            )
            _void_pair(actor, evaluator, appeal.target)
        appeal.status = AppealStatus.UPHELD if uphold else AppealStatus.REJECTED
        appeal.remedy = remedy if uphold else ""
        appeal.decision = decision
        appeal.decided_at = timezone.now()
        record_event(
            actor,
            "evaluations.appeal_decided",
            appeal,
            {"upheld": uphold, "remedy": appeal.remedy, "hold_harmless": hold_harmless},
        )
        if uphold:
            floors = None
            current = locked.versions.filter(published=True).order_by("-number").first()
            if hold_harmless and current is not None:
                floors = {
                    key: row["grade"] for key, row in current.payload["targets"].items() if key != appeal.target.code
                }
            inputs, outcome = _compute(locked, floors)
            appeal.version = _store(
                actor,
                locked,
                inputs,
                outcome,
                published=True,
                reason=_("appeal of %(target)s upheld") % {"target": appeal.target.name},
            )
        appeal.save()
    return appeal


def finalise(*, actor: Actor, round_: Round, reason: str = "") -> ResultVersion:
    """Freeze the current results as v1; a later correction on a final round gives v2 …"""
    round_ = _office(actor, round_)
    if round_.status not in (S.PROVISIONAL, S.FINAL):
        raise InvalidTransitionError(Code.INVALID_TRANSITION, _("Publish provisional results first."))
    if round_.status == S.FINAL and not reason.strip():
        raise _invalid(_("A new final version needs a reason."), "reason")
    if len(reason) > MAX_FINAL_REASON:
        raise _invalid(_("Write at most %(count)s characters.") % {"count": MAX_FINAL_REASON}, "reason")
    if round_.appeals.filter(status=AppealStatus.FILED).exists():
        raise _invalid(_("Decide every appeal before the results are final."))
    current = round_.versions.filter(published=True).order_by("-number").first()
    inputs, outcome = _compute(round_, _floors_of(current))
    with transaction.atomic():
        locked = _locked(round_)
        version = _store(
            actor, locked, inputs, outcome, published=True, final=True, reason=reason or _("final results")
        )
        locked.status = S.FINAL
        locked.save(update_fields=["status", "updated_at"])
        record_event(
            actor, "evaluations.finalised", version, {"version": version.final_number, "output": version.output_hash}
        )
    return version


def _floors_of(version: ResultVersion | None) -> dict[str, str] | None:
    """Grades held harmless in the latest result stay held when it is recomputed."""
    if version is None:
        return None
    held = {k: row["grade"] for k, row in version.payload["targets"].items() if row["held_harmless"]}
    return held or None


def replay(round_: Round) -> list[tuple[ResultVersion, bool]]:
    """Recompute every stored version from its own inputs; True where both hashes and the logged
    output hash agree."""
    logged = {
        int(e.target_pk): json.loads(e.payload)["output"]
        for e in AuditEvent.objects.filter(verb="evaluations.results_computed", target_type="evaluations.resultversion")
    }
    checks = []
    for version in round_.versions.order_by("number"):
        inputs = selectors.RoundInputs.from_snapshot(json.loads(zlib.decompress(bytes(version.inputs))))
        outcome = inputs.compute()
        ok = outcome.input_hash == version.input_hash and outcome.output_hash == version.output_hash == logged.get(
            version.pk
        )
        checks.append((version, ok))
    return checks
