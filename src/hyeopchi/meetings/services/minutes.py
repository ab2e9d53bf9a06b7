"""Minutes from draft to published, and a meeting's documents."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.errors import ConflictError, InvalidTransitionError, ValidationFailedError
from hyeopchi.core.files import check_upload
from hyeopchi.core.validation import clean_or_raise
from hyeopchi.meetings.enums import MeetingStatus, MinutesStatus
from hyeopchi.meetings.errors import MeetingErrorCode as Code
from hyeopchi.meetings.models import AgendaItem, Document, Meeting, Minutes
from hyeopchi.meetings.permissions import can_manage_meeting
from hyeopchi.meetings.services._common import _deny
from hyeopchi.meetings.services.meetings import _locked


@transaction.atomic
def save_minutes(
    *, actor: Actor, meeting: Meeting, text: str, others_present: str | None = None, publish: bool = False
) -> Minutes:
    """Write or rewrite the draft minutes (the gist of the statements, and the people present who
    are not members, 배석자), and publish them in the same step if asked; each save is kept in the
    audit chain.

    Raises: PermissionDeniedError; ConflictError once the minutes are published; with ``publish``,
    whatever ``publish_minutes`` raises (nothing is saved then).
    """
    if not can_manage_meeting(actor, meeting):
        raise _deny()
    meeting = _locked(meeting)
    minutes, _created = Minutes.objects.select_for_update().get_or_create(meeting=meeting)
    if minutes.status == MinutesStatus.PUBLISHED:
        raise ConflictError(Code.MINUTES_PUBLISHED, _("Published minutes cannot be changed."))
    minutes.text = text
    if others_present is not None:
        minutes.others_present = others_present.strip()
    minutes.save(update_fields=["text", "others_present", "updated_at"])
    changes = {"text": text} | ({"others_present": minutes.others_present} if others_present is not None else {})
    record_event(actor, "meetings.minutes_saved", minutes, changes)
    if publish:
        return publish_minutes(actor=actor, meeting=meeting)
    return minutes


@transaction.atomic
def publish_minutes(*, actor: Actor, meeting: Meeting) -> Minutes:
    """Publish the minutes of a held meeting.

    Raises: PermissionDeniedError; InvalidTransitionError unless the meeting was held and the
    minutes have text; ConflictError if already published.
    """
    if not can_manage_meeting(actor, meeting):
        raise _deny()
    meeting = _locked(meeting)
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if meeting.status != MeetingStatus.HELD or minutes is None or not minutes.text.strip():
        raise InvalidTransitionError(
            Code.INVALID_MEETING, _("Only written minutes of a held meeting can be published.")
        )
    if minutes.status == MinutesStatus.PUBLISHED:
        raise ConflictError(Code.MINUTES_PUBLISHED, _("These minutes are already published."))
    minutes.status = MinutesStatus.PUBLISHED
    minutes.published_at = timezone.now()
    minutes.save(update_fields=["status", "published_at", "updated_at"])
    record_event(actor, "meetings.minutes_published", minutes)
    return minutes


@transaction.atomic
def add_document(
    *,
    actor: Actor,
    meeting: Meeting,
    title: str,
    upload: UploadedFile,
    kind: str,
    agenda_item: AgendaItem | None = None,
) -> Document:
    """Attach a file (PDF, HWP/HWPX, XLSX, DOCX, PNG, JPEG up to 20 MiB) to a meeting.

    Changes: stores the file and creates the document. Raises: PermissionDeniedError;
    ValidationFailedError for a refused type or size, or an item of another meeting.
    """
    if not can_manage_meeting(actor, meeting):
        raise _deny()
    size = upload.size or 0
    document_type = check_upload(upload, code=Code.DOCUMENT_REFUSED)
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationFailedError(
            Code.DOCUMENT_REFUSED, fields={"agenda_item": [_("Choose an item of this meeting.")]}
        )
    document = Document(
        meeting=meeting,
        agenda_item=agenda_item,
        title=title.strip(),
        kind=kind,
        media_type=document_type.media_type,
        size=size,
        uploaded_by_id=actor.user_pk,
    )
    document.file.save(upload.name or "document", upload, save=False)
    clean_or_raise(document, code=Code.DOCUMENT_REFUSED, exclude=["uploaded_by"])
    document.save()
    record_event(
        actor,
        "meetings.document_added",
        document,
        {"meeting": meeting.pk, "name": document.file.name, "size": size, "media_type": document_type.media_type},
    )
    return document
