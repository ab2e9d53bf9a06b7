"""Writing white papers: the paper and its outline, narrative with its review (draft → in review →
approved), voices with consent, timeline entries. Every write checks permission first, runs in one
transaction and leaves an audit event."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from hyeopchi.core.actor import Actor
from hyeopchi.core.audit import record_event
from hyeopchi.core.errors import InvalidTransitionError, PermissionDeniedError, ValidationFailedError
from hyeopchi.organizations.models import Organization
from hyeopchi.reports.document import references
from hyeopchi.reports.enums import PassageStatus
from hyeopchi.reports.errors import ReportErrorCode as Code
from hyeopchi.reports.models import Chapter, Passage, TimelineEntry, Voice, WhitePaper
from hyeopchi.reports.permissions import can_approve_passage, can_write_white_paper
from hyeopchi.reports.whitepaper import DEFAULT_OUTLINE, FIGURES

# Long enough for a chapter's narrative; a book's worth in one passage is a mistake.
MAX_PASSAGE = 20_000
MAX_QUOTE = 3_000


@dataclass(frozen=True)
class PaperSpec:
    title: str
    period_start: dt.date
    period_end: dt.date
    title_en: str = ""
    publisher: str = ""
    body: Organization | None = None


def _require_writer(actor: Actor, site: Organization) -> None:
    if not can_write_white_paper(actor, site):
        raise PermissionDeniedError(Code.NOT_ALLOWED)


def create_white_paper(*, actor: Actor, site: Organization, spec: PaperSpec) -> WhitePaper:
    """A white paper of ``site`` (or of one of its bodies) over a period, with the default outline
    of five chapters. Raises ValidationFailedError for a missing title, a reversed period or a body
    of another site."""
    _require_writer(actor, site)
    errors: dict[str, list[str]] = {}
    if not spec.title.strip():
        errors["title"] = [_("Give the white paper a title.")]
    if spec.period_end < spec.period_start:
        errors["period_end"] = [_("The period ends before it starts.")]
    if spec.body is not None and spec.body.site_id != site.pk:
        errors["body"] = [_("Choose a body of this site.")]
    if errors:
        raise ValidationFailedError(Code.INVALID_PAPER, fields=errors)
    with transaction.atomic():
        paper = WhitePaper.objects.create(
            site=site,
            body=spec.body,
            title=spec.title.strip()[:200],
            title_en=spec.title_en.strip()[:200],
            publisher=spec.publisher.strip()[:200],
            period_start=spec.period_start,
            period_end=spec.period_end,
        )
        Chapter.objects.bulk_create(
            Chapter(paper=paper, number=n, kind=kind, title=title, title_en=title_en)
            for n, (kind, title, title_en) in enumerate(DEFAULT_OUTLINE, start=1)
        )
        record_event(actor, "reports.white_paper_created", paper, {"site": site.pk, "title": paper.title})
    return paper


def rename_chapter(*, actor: Actor, chapter: Chapter, title: str, title_en: str = "") -> Chapter:
    _require_writer(actor, chapter.paper.site)
    if not title.strip():
        raise ValidationFailedError(Code.INVALID_PAPER, fields={"title": [_("Give the chapter a title.")]})
    with transaction.atomic():
        chapter.title, chapter.title_en = title.strip()[:200], title_en.strip()[:200]
        chapter.save(update_fields=["title", "title_en", "updated_at"])
        record_event(actor, "reports.chapter_renamed", chapter, {"title": chapter.title})
    return chapter


def move_chapter(*, actor: Actor, chapter: Chapter, to: int) -> list[Chapter]:
    """Put ``chapter`` at position ``to`` (1-based), renumbering the others; the outline in order."""
    paper = chapter.paper
    _require_writer(actor, paper.site)
    with transaction.atomic():
        WhitePaper.objects.select_for_update().filter(pk=paper.pk).first()
        chapters = [c for c in paper.chapters.order_by("number") if c.pk != chapter.pk]
        if not 1 <= to <= len(chapters) + 1:
            raise ValidationFailedError(
                Code.INVALID_PAPER, fields={"to": [_("Choose a position from 1 to %(n)s.") % {"n": len(chapters) + 1}]}
            )
        chapters.insert(to - 1, chapter)
        # Two passes keep the (paper, number) constraint satisfied while numbers move.
        offset = 1000
        for n, c in enumerate(chapters, start=1):
            Chapter.objects.filter(pk=c.pk).update(number=n + offset)
        for n, c in enumerate(chapters, start=1):
            Chapter.objects.filter(pk=c.pk).update(number=n)
            c.number = n
        record_event(actor, "reports.chapter_moved", chapter, {"to": to})
    return chapters


def _check_text(text: str, heading: str) -> None:
    errors: dict[str, list[str]] = {}
    if not text.strip():
        errors["text"] = [_("Write the passage's text.")]
    elif len(text) > MAX_PASSAGE:
        errors["text"] = [_("A passage holds at most %(n)s characters; split it.") % {"n": f"{MAX_PASSAGE:,}"}]
    unknown = [key for key in references(text) if key not in FIGURES]
    if unknown:
        errors["text"] = [
            _("Unknown figures: %(keys)s. The figures you may use are listed beside the text.")
            % {"keys": ", ".join("{{" + key + "}}" for key in unknown)}
        ]
    if len(heading) > 200:
        errors["heading"] = [_("A heading holds at most 200 characters.")]
    if errors:
        raise ValidationFailedError(Code.INVALID_PASSAGE, fields=errors)


def write_passage(
    *, actor: Actor, chapter: Chapter, text: str, heading: str = "", passage: Passage | None = None
) -> Passage:
    """Add a passage to ``chapter`` or change ``passage``; either way it is a draft again (an
    approved text stays in print until the new one is approved). ``{{key}}`` must name a figure."""
    _require_writer(actor, chapter.paper.site)
    _check_text(text, heading)
    with transaction.atomic():
        if passage is None:
            last = chapter.passages.aggregate(last=Max("position"))["last"]
            passage = Passage(chapter=chapter, position=(last or 0) + 1)
        else:
            # Only what the writer changes: the approved text stays as the reviewer left it.
            passage = Passage.objects.select_for_update().get(pk=passage.pk, chapter=chapter)
        passage.text, passage.heading = text.strip(), heading.strip()
        passage.status = PassageStatus.DRAFT
        passage.written_by_id = actor.user_pk
        passage.save()
        record_event(actor, "reports.passage_written", passage, {"chapter": chapter.pk, "characters": len(text)})
    return passage


def submit_passage(*, actor: Actor, passage: Passage) -> Passage:
    """Send a draft for review."""
    _require_writer(actor, passage.chapter.paper.site)
    return _move(actor, passage, PassageStatus.DRAFT, PassageStatus.IN_REVIEW, "reports.passage_submitted")


def return_passage(*, actor: Actor, passage: Passage, reason: str) -> Passage:
    """Send a passage in review back to its writer with the reviewer's reason."""
    site = passage.chapter.paper.site
    if not can_approve_passage(actor, passage, site):
        raise PermissionDeniedError(Code.NOT_ALLOWED)
    if not reason.strip():
        raise ValidationFailedError(Code.INVALID_REVIEW, fields={"reason": [_("Say what should change.")]})
    return _move(
        actor, passage, PassageStatus.IN_REVIEW, PassageStatus.DRAFT, "reports.passage_returned", reason=reason.strip()
    )


def approve_passage(*, actor: Actor, passage: Passage) -> Passage:
    """Approve a passage in review for print: its text becomes what editions print. The writer
    cannot approve their own text."""
    site = passage.chapter.paper.site
    if not can_approve_passage(actor, passage, site):
        raise PermissionDeniedError(
            Code.NOT_ALLOWED,
            _("Passages are approved by the site's administrators, and not by the person who wrote them."),
        )
    return _move(actor, passage, PassageStatus.IN_REVIEW, PassageStatus.APPROVED, "reports.passage_approved")


def _move(actor: Actor, passage: Passage, source: str, target: str, verb: str, *, reason: str = "") -> Passage:
    with transaction.atomic():
        locked = Passage.objects.select_for_update().get(pk=passage.pk)
        if locked.status != source:
            raise InvalidTransitionError(
                Code.INVALID_REVIEW,
                _("This passage is %(status)s; it cannot be moved this way.") % {"status": locked.get_status_display()},
            )
        locked.status = target
        if target == PassageStatus.APPROVED:
            locked.approved_text, locked.approved_heading = locked.text, locked.heading
            locked.approved_by_id = actor.user_pk
            locked.approved_at = timezone.now()
        locked.save()
        record_event(actor, verb, locked, {"reason": reason} if reason else {})
    return locked


@dataclass(frozen=True)
class VoiceSpec:
    speaker: str
    quote: str
    consent_on: dt.date | None
    consent_note: str
    affiliation: str = ""


def add_voice(*, actor: Actor, paper: WhitePaper, spec: VoiceSpec, today: dt.date | None = None) -> Voice:
    """Print a quote: only with the speaker's consent recorded (when and how it was given)."""
    _require_writer(actor, paper.site)
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if not spec.speaker.strip():
        errors["speaker"] = [_("Say who is speaking, as the paper should print it.")]
    if not spec.quote.strip():
        errors["quote"] = [_("Write the quote.")]
    elif len(spec.quote) > MAX_QUOTE:
        errors["quote"] = [_("A quote holds at most %(n)s characters.") % {"n": f"{MAX_QUOTE:,}"}]
    consent_on = spec.consent_on
    if consent_on is None or consent_on > today:
        errors["consent_on"] = [_("Give the day the speaker consented to be printed (not a future day).")]
    if not spec.consent_note.strip():
        errors["consent_note"] = [_("Say how consent was given (a signed form, a recorded call …).")]
    if errors or consent_on is None:
        raise ValidationFailedError(Code.INVALID_VOICE, fields=errors)
    with transaction.atomic():
        last = paper.voices.aggregate(last=Max("position"))["last"]
        voice = Voice.objects.create(
            paper=paper,
            position=(last or 0) + 1,
            speaker=spec.speaker.strip()[:100],
            affiliation=spec.affiliation.strip()[:200],
            quote=spec.quote.strip(),
            consent_on=consent_on,
            consent_note=spec.consent_note.strip()[:300],
        )
        record_event(actor, "reports.voice_added", voice, {"paper": paper.pk, "consent_on": spec.consent_on})
    return voice


def add_timeline_entry(*, actor: Actor, paper: WhitePaper, on: dt.date, text: str, text_en: str = "") -> TimelineEntry:
    _require_writer(actor, paper.site)
    if not text.strip():
        raise ValidationFailedError(Code.INVALID_PAPER, fields={"text": [_("Say what happened.")]})
    with transaction.atomic():
        entry = TimelineEntry.objects.create(paper=paper, on=on, text=text.strip()[:300], text_en=text_en.strip()[:300])
        record_event(actor, "reports.timeline_entry_added", entry, {"paper": paper.pk, "on": on})
    return entry
