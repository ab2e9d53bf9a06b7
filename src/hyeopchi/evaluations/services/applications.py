"""Citizens apply to a round's citizen panel on the site (국민평가단 공모): with their consent
(core.consent.PANEL_APPLICATION), their area, gender and age band, from which the office's draw
takes a panel that mirrors the residents (draw_citizens). Those not drawn keep nothing: their data
is destroyed once the draw is made (purge_applicants_not_drawn)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.consent import PANEL_APPLICATION, give_consent
from hyeopchi.core.errors import ConflictError, InvalidTransitionError, PermissionDeniedError, ValidationFailedError
from hyeopchi.evaluations.enums import PanelKind, RoundStatus
from hyeopchi.evaluations.errors import EvaluationErrorCode as Code
from hyeopchi.evaluations.models import Evaluator, Panel

GENDERS = ("female", "male")
AGE_BANDS = ("19-29", "30-39", "40-49", "50-59", "60+")


def age_band_of(age: int) -> str:
    """The band of an age in full years (19–29 … 60 and over)."""
    if age >= 60:
        return "60+"
    if age < 30:
        return "19-29"
    low = age - age % 10
    return f"{low}-{low + 9}"


def accepts_applications(panel: Panel) -> bool:
    return (
        panel.kind == PanelKind.CITIZEN
        and panel.drawn_at is None
        and panel.round.status in {RoundStatus.DRAFT, RoundStatus.PREPARING}
    )


@transaction.atomic
def apply_to_panel(
    *, actor: Actor, panel: Panel, name: str, region: str, gender: str, age_band: str, consent: bool
) -> Evaluator:
    """Add the signed-in person to the citizen panel's applicants.

    Raises: PermissionDeniedError when not signed in; InvalidTransitionError once the panel is
    drawn or the round is scoring; ConflictError for a second application; ValidationFailedError
    for a missing consent or field."""
    user = actor.user
    if user is None or not user.is_authenticated:
        raise PermissionDeniedError(Code.NOT_ALLOWED, _("Sign in to apply."))
    panel = Panel.objects.select_for_update().select_related("round").get(pk=panel.pk)
    if not accepts_applications(panel):
        raise InvalidTransitionError(Code.INVALID_TRANSITION, _("This panel no longer takes applications."))
    fields: dict[str, list[str]] = {}
    if not consent:
        fields["consent"] = [_("An application cannot be taken without consent to the notice.")]
    if not name.strip():
        fields["name"] = [_("Enter your name.")]
    if not region.strip():
        fields["region"] = [_("Enter the area where you live.")]
    if gender not in GENDERS:
        fields["gender"] = [_("Choose one.")]
    if age_band not in AGE_BANDS:
        fields["age_band"] = [_("Choose one.")]
    if fields:
        raise ValidationFailedError(Code.INVALID, fields=fields)
    if panel.evaluators.filter(user_id=user.pk).exists():
        raise ConflictError(Code.INVALID, _("You have already applied to this panel."))
    number = panel.evaluators.count() + 1
    while panel.evaluators.filter(pseudonym=f"A{number:04d}").exists():
        number += 1
    applicant = Evaluator.objects.create(
        panel=panel,
        user_id=user.pk,
        pseudonym=f"A{number:04d}",
        name=name.strip(),
        region=region.strip()[:50],
        gender=gender,
        age_band=age_band,
        selected=False,
        consent_version=PANEL_APPLICATION.version,
    )
    give_consent(actor, user, PANEL_APPLICATION)
    record_event(actor, "evaluations.applied", applicant, {"panel": panel.key})
    return applicant


@transaction.atomic
def purge_applicants_not_drawn(*, actor: Actor, now: dt.datetime | None = None) -> int:
    """Destroy the name, account link, area, gender and age band of applicants the draw did not
    select (the draw's record keeps their strata under pseudonyms); returns how many."""
    applicants = Evaluator.objects.filter(
        panel__drawn_at__isnull=False, selected=False, consent_version__isnull=False, purged_at__isnull=True
    )
    panels = sorted(set(applicants.values_list("panel_id", flat=True)))
    count = applicants.update(name="", user=None, region="", gender="", age_band="", purged_at=now or timezone.now())
    for panel in Panel.objects.filter(pk__in=panels).order_by("pk"):
        record_event(actor, "evaluations.applicants_purged", panel, {})
    return int(count)
