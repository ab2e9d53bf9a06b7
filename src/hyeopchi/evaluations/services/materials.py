"""What a target submits for its evaluators to read: reports and evidence, per indicator or for
the whole sheet."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.errors import InvalidTransitionError, ValidationFailedError
from hyeopchi.core.files import check_upload
from hyeopchi.evaluations import compute, permissions
from hyeopchi.evaluations.errors import EvaluationErrorCode as Code
from hyeopchi.evaluations.models import Material, Round, Target
from hyeopchi.evaluations.services._common import S, _deny

# A target's materials, at most: enough for a report and its evidence per indicator.
MAX_MATERIALS = 100
MATERIALS_OPEN = (S.DRAFT, S.PREPARING, S.SCORING)


def _refused(field: str, message: str) -> ValidationFailedError:
    return ValidationFailedError(Code.MATERIAL_REFUSED, message, fields={field: [message]})


@transaction.atomic
def add_material(*, actor: Actor, target: Target, title: str, upload: UploadedFile, indicator: str = "") -> Material:
    """Attach a file (PDF, HWP/HWPX, XLSX, DOCX, PNG, JPEG up to 20 MiB) to a target, for one
    indicator or the whole sheet, until scoring closes.

    Changes: stores the file and creates the material. Raises: PermissionDeniedError unless the
    target's staff or the office; InvalidTransitionError once results are out; ValidationFailedError
    for an unknown indicator, a refused type or size, or too many materials.
    """
    round_ = Round.objects.select_related("framework", "office").get(pk=target.round_id)
    if not permissions.is_target_staff(actor, target) and not permissions.can_run_round(actor, round_):
        raise _deny(_("Only the target's staff and the evaluation office can submit its materials."))
    if round_.status not in MATERIALS_OPEN:
        raise InvalidTransitionError(Code.MATERIAL_REFUSED, _("Materials can be submitted only until scoring closes."))
    keys = {i.key for i in compute.parse_framework(round_.framework.spec).indicators}
    if indicator and indicator not in keys:
        raise _refused("indicator", _("The framework has no indicator %(key)s.") % {"key": indicator})
    if not title.strip():
        raise _refused("title", _("Give the material a title."))
    # Counted under the target's row lock, so two uploads at once cannot pass the limit together.
    Target.objects.select_for_update().filter(pk=target.pk).first()
    if target.materials.count() >= MAX_MATERIALS:
        raise _refused("file", _("A target can submit at most %(n)d materials.") % {"n": MAX_MATERIALS})
    size = upload.size or 0
    document_type = check_upload(upload, code=Code.MATERIAL_REFUSED)
    material = Material(
        target=target,
        indicator=indicator,
        title=title.strip()[:200],
        media_type=document_type.media_type,
        size=size,
        uploaded_by_id=actor.user_pk,
    )
    material.file.save(upload.name or "material", upload, save=False)
    material.save()
    record_event(
        actor,
        "evaluations.material_added",
        material,
        {"target": target.pk, "indicator": indicator, "size": size, "media_type": document_type.media_type},
    )
    return material
