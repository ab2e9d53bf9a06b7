"""Score sheets: ratings with drafts, submission and amendment, consensus scores, data figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.errors import InvalidTransitionError, ValidationFailedError
from hyeopchi.evaluations import compute, diagnostics, permissions
from hyeopchi.evaluations.engine import EngineError
from hyeopchi.evaluations.engine import consensus as engine_consensus
from hyeopchi.evaluations.enums import ConflictStatus, PanelKind, RatingStatus
from hyeopchi.evaluations.errors import EvaluationErrorCode as Code
from hyeopchi.evaluations.messages import engine_message
from hyeopchi.evaluations.models import (
    Assignment,
    Conflict,
    ConsensusScore,
    DataFigure,
    Evaluator,
    Rating,
    Round,
    Target,
)
from hyeopchi.evaluations.services._common import S, _deny, _engine, _invalid, _office


@transaction.atomic
def save_score_sheet(
    *,
    actor: Actor,
    evaluator: Evaluator,
    target: Target,
    values: Sequence[tuple[str, Decimal | None, str]],
    submit: bool = False,
    reason: str = "",
) -> list[Rating]:
    """An evaluator's whole score sheet for one target, all of it or none: each (indicator,
    value, comment) saved as a draft or submitted, a value of None meaning "not applicable"
    (where the framework allows it); a submitted rating given again unchanged is left as it is,
    a changed one is an amendment and needs ``reason``. A submission covers every indicator the
    evaluator's panel rates (a draft may leave some empty).

    Raises: what ``save_rating`` raises, for the first refused indicator; nothing is saved then.
    """
    current = {
        rating.indicator: rating
        for rating in Rating.objects.filter(assignment__evaluator=evaluator, assignment__target=target)
    }
    if submit:
        round_ = Round.objects.select_related("framework").get(pk=target.round_id)
        framework = compute.parse_framework(round_.framework.spec)
        given = {indicator for indicator, _value, _comment in values}
        missing = [
            i.key
            for i in framework.indicators
            if evaluator.panel.key in i.panels
            and i.key not in given
            and not (i.key in current and current[i.key].status == RatingStatus.SUBMITTED)
        ]
        if missing:
            raise _invalid(
                _("A score sheet is submitted whole: rate %(indicators)s too, or save it as a draft.")
                % {"indicators": ", ".join(missing)},
                "values",
            )
    saved = []
    for indicator, value, comment in values:
        rating = current.get(indicator)
        if (
            rating is not None
            and rating.status == RatingStatus.SUBMITTED
            and (rating.not_applicable, rating.comment) == (value is None, comment)
            and (value is None or rating.value == value)
        ):
            saved.append(rating)
            continue
        saved.append(
            save_rating(
                actor=actor,
                evaluator=evaluator,
                target=target,
                indicator=indicator,
                value=value,
                comment=comment,
                submit=submit,
                reason=reason,
                not_applicable=value is None,
            )
        )
    if submit:
        diagnostics.refresh_after_commit(round_)
    return saved


def save_rating(
    *,
    actor: Actor,
    evaluator: Evaluator,
    target: Target,
    indicator: str,
    value: Decimal | None,
    comment: str = "",
    submit: bool = False,
    reason: str = "",
    not_applicable: bool = False,
) -> Rating:
    """An evaluator's rating of an assigned target: a draft, a submission, or an amendment of a
    submitted rating, which needs a reason. Conflicted or unassigned pairs are refused.
    ``not_applicable`` (where the framework allows it) records that answer instead of a value:
    the rating is left out of the indicator's score."""
    if not permissions.is_evaluator(actor, evaluator) and not actor.is_system:
        raise _deny(_("Only the evaluator can enter this rating."))
    round_ = Round.objects.select_related("framework", "office").get(pk=target.round_id)
    if round_.status != S.SCORING:
        raise InvalidTransitionError(Code.NOT_SCORING, _("Scoring is not open in this round."))
    found = Assignment.objects.filter(evaluator=evaluator, target=target).first()
    if found is None:
        raise _deny(_("This target is not assigned to you."))
    if (
        found.voided
        or Conflict.objects.filter(evaluator=evaluator, target=target, status=ConflictStatus.UPHELD).exists()
    ):
        raise _deny(_("You have a conflict of interest with this target and may not rate it."))
    framework = compute.parse_framework(round_.framework.spec)
    try:
        rule = framework.indicator(indicator).panels.get(evaluator.panel.key)
    except EngineError as error:
        raise _engine(error, "indicator") from error
    if rule is None:
        raise _invalid(_("Your panel does not rate this indicator."), "indicator")
    if not_applicable:
        if not rule.not_applicable:
            raise _invalid(
                _("%(indicator)s has no “not applicable”: give a rating.") % {"indicator": indicator}, "value"
            )
        value = Decimal(0)
    elif value is None:
        raise _invalid(_("Give a rating for %(indicator)s.") % {"indicator": indicator}, "value")
    elif rule.mode == "rubric" and value != value.to_integral_value():
        raise _invalid(
            _("%(indicator)s is rated in whole levels: give a level from 1 to %(levels)d, not %(value)s.")
            % {"indicator": indicator, "levels": rule.levels, "value": value},
            "value",
        )
    try:
        if not not_applicable:
            rule.check(value, indicator)
    except EngineError as error:
        raise _invalid(
            _("The rating %(value)s is outside the scale %(low)s–%(high)s.") % error.params, "value"
        ) from error
    with transaction.atomic():
        rating = Rating.objects.select_for_update().filter(assignment=found, indicator=indicator).first()
        now = timezone.now()
        if rating is not None and rating.status == RatingStatus.SUBMITTED:
            if not reason.strip():
                raise _invalid(_("Give a reason for amending a submitted rating."), "reason")
            old = "n/a" if rating.not_applicable else rating.value
            rating.value, rating.comment, rating.not_applicable = value, comment, not_applicable
            rating.amendments += 1
            rating.submitted_at = now
            rating.save()
            new = "n/a" if not_applicable else value
            record_event(actor, "evaluations.rating_amended", rating, {"from": old, "to": new, "reason": reason})
            return rating
        if rating is None:
            rating = Rating(assignment=found, indicator=indicator)
        rating.value, rating.comment, rating.not_applicable = value, comment, not_applicable
        if submit:
            rating.status = RatingStatus.SUBMITTED
            rating.submitted_at = now
        rating.save()
        if submit:
            record_event(actor, "evaluations.rating_submitted", rating, {"value": "n/a" if not_applicable else value})
    return rating


def enter_consensus(
    *, actor: Actor, target: Target, indicator: str, panel: str, value: Decimal, reason: str, override_reason: str = ""
) -> ConsensusScore:
    """The chair's agreed score for a consensus indicator, checked against the individual
    ratings (within their range unless ``override_reason``)."""
    round_ = _office(actor, target.round)
    if round_.status != S.SCORING:
        raise InvalidTransitionError(Code.NOT_SCORING, _("Scoring is not open in this round."))
    if not reason.strip():
        raise _invalid(_("Give the reason of the agreed score."), "reason")
    framework = compute.parse_framework(round_.framework.spec)
    try:
        rule = framework.indicator(indicator).panels.get(panel)
        if rule is None or rule.aggregation != "consensus":
            raise _invalid(_("This indicator's panel does not agree on one score."), "indicator")
        rule.check(value, indicator)
        individual = [
            Fraction(v)
            for v in Rating.objects.filter(
                assignment__target=target,
                assignment__evaluator__panel__key=panel,
                assignment__voided=False,
                indicator=indicator,
                status=RatingStatus.SUBMITTED,
            ).values_list("value", flat=True)
        ]
        engine_consensus(individual, Fraction(value), override_reason=override_reason)
    except EngineError as error:
        raise _engine(error, "value") from error
    with transaction.atomic():
        score, _created = ConsensusScore.objects.update_or_create(
            target=target,
            indicator=indicator,
            panel=panel,
            defaults={"value": value, "reason": reason, "override_reason": override_reason},
        )
        record_event(
            actor,
            "evaluations.consensus_entered",
            score,
            {"target": target.code, "indicator": indicator, "panel": panel, "value": value, "ratings": len(individual)},
        )
    return score


def set_figures(*, actor: Actor, round_: Round, figures: Mapping[tuple[str, str], Decimal], source: str) -> int:
    """Data-panel figures by (target code, indicator), all or nothing."""
    _office(actor, round_)
    framework = compute.parse_framework(round_.framework.spec)
    rules = compute.parse_rules(round_.rules, framework)
    data_indicators = {
        i.key for i in framework.indicators if any(rules.panels[p].kind == PanelKind.DATA for p in i.panels)
    }
    targets = {t.code: t for t in round_.targets.all()}
    for code, indicator in figures:
        if code not in targets:
            raise _invalid(_("There is no target “%(value)s” in this round.") % {"value": code})
        if indicator not in data_indicators:
            raise _invalid(_("“%(value)s” is not a data indicator.") % {"value": indicator})
    with transaction.atomic():
        DataFigure.objects.bulk_create(
            [
                DataFigure(target=targets[code], indicator=indicator, value=value, source=source[:200])
                for (code, indicator), value in figures.items()
            ],
            update_conflicts=True,
            unique_fields=["target", "indicator"],
            update_fields=["value", "source", "updated_at"],
            batch_size=2000,
        )
        record_event(actor, "evaluations.figures_set", round_, {"source": source, "count": len(figures)})
    return len(figures)


def figures_from_tasks(*, actor: Actor, round_: Round, indicator: str, until: dt.date) -> int:
    """A data indicator from the platform: each target's share (%) of its tasks due by ``until``
    that were completed on time."""
    from hyeopchi.tasks import selectors as task_selectors  # noqa: PLC0415

    targets = list(round_.targets.all())
    shares = task_selectors.completed_on_time({t.organization_id for t in targets}, until=until)
    figures = {(t.code, indicator): shares[t.organization_id] for t in targets if t.organization_id in shares}
    return set_figures(
        actor=actor,
        round_=round_,
        figures=figures,
        source=_("tasks completed on time by %(date)s") % {"date": until.isoformat()},
    )


def import_ratings(*, actor: Actor, round_: Round, ratings: Sequence[compute.Rating]) -> int:
    """Submitted ratings in bulk (paper score sheets, an office's spreadsheet), all or nothing:
    every row must be an assigned, unconflicted pair of the panel, on the indicator's scale, and
    not yet rated. One audit event records the count and the hash of the rows."""
    round_ = _office(actor, round_)
    if round_.status != S.SCORING:
        raise InvalidTransitionError(Code.NOT_SCORING, _("Scoring is not open in this round."))
    framework = compute.parse_framework(round_.framework.spec)
    assignments = {
        (panel, pseudonym, code): pk
        for pk, panel, pseudonym, code in Assignment.objects.filter(target__round=round_, voided=False).values_list(
            "pk", "evaluator__panel__key", "evaluator__pseudonym", "target__code"
        )
    }
    rated = set(Rating.objects.filter(assignment__target__round=round_).values_list("assignment_id", "indicator"))
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
        rows.append(
            Rating(
                assignment_id=pk,
                indicator=rating.indicator,
                value=rating.value,
                status=RatingStatus.SUBMITTED,
                submitted_at=now,
            )
        )
    if problems:
        raise ValidationFailedError(
            Code.RATINGS_REFUSED,
            _("The ratings were refused: nothing was written."),
            fields={
                "ratings": problems[:50]
                + ([_("… and %(n)s more.") % {"n": len(problems) - 50}] if len(problems) > 50 else [])
            },
        )
    with transaction.atomic():
        Rating.objects.bulk_create(rows, batch_size=2000)
        digest = compute.payload_hash({"r": compute.input_payload([], ratings, {}, {})["ratings"]})
        record_event(actor, "evaluations.rating_submitted", round_, {"imported": len(rows), "hash": digest})
        diagnostics.refresh_after_commit(round_)
    return len(rows)
