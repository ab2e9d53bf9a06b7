"""What the site search holds: one entry per public record, kept in step with the records.

Each source (a model of another domain) says what its entry is: the site and body it belongs to,
its title, date and status, the text it is found by, and whether the public may see it today. A
save, a deletion or a bulk write (``core.signals.rows_written``) marks the record; once the
transaction commits, the marked records are refreshed by the background worker
(``refresh_entries``), a few hundred per job, so that a write never waits for the analyser and a
bulk write of thousands of rows costs one queued job per batch. Changes that only time makes (a
closure ending, a meeting's hour passing) are refreshed by the daily run (``refresh_due``).
``rebuild`` recomputes every entry of a site.

Documents' text (PDF, HWPX) is read once per stored file: a refresh keeps the text of an entry
whose file has not changed.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone, translation
from django_tasks import task

from hyeopchi.budgeting.models import Project, ProjectFile
from hyeopchi.core import filetext
from hyeopchi.core.korean import MAX_CHARACTERS as ANALYSED_CHARACTERS
from hyeopchi.core.korean import search_terms
from hyeopchi.core.signals import rows_written
from hyeopchi.meetings.enums import DocumentKind, MeetingStatus, MinutesStatus
from hyeopchi.meetings.models import AgendaItem, Document, Meeting, Minutes
from hyeopchi.meetings.selectors import AWAITING_RECORD
from hyeopchi.organizations.models import Organization
from hyeopchi.proposals.enums import ProposalStatus, Visibility
from hyeopchi.proposals.models import Proposal
from hyeopchi.reports.enums import SearchKind
from hyeopchi.reports.models import SearchEntry
from hyeopchi.tasks.models import Evidence, ProgressReport, Task

# Records refreshed per job and per database round.
BATCH = 400


@dataclass
class Entry:
    """What one record's search entry holds (``public`` false: kept without text)."""

    site_id: int
    kind: str
    title: str
    public: bool = True
    body_id: int | None = None
    date: dt.date | None = None
    status: str = ""
    text: str = ""
    also: str = ""  # found by, not shown: an English title, a category
    target: dict[str, Any] = field(default_factory=dict)
    refresh_on: dt.date | None = None


@dataclass(frozen=True)
class Source:
    """A model whose records are searched: how to load a batch of them and what each one's entry is."""

    name: str
    model: type[models.Model]
    load: Callable[[list[int]], Iterable[Any]]
    entry: Callable[[Any, dict[str, Any]], Entry | None]
    site_path: str  # the lookup from a record to its site, for a rebuild of one site


def _day(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment is not None else None


def _closure_ends(record: Any) -> dt.date | None:
    """The day a closed record opens again (None: closed until someone opens it)."""
    return record.closed_until + dt.timedelta(days=1) if record.closed_until is not None else None


def _text(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


# -- meetings ------------------------------------------------------------------------------------


def _meeting_context(meeting: Meeting) -> dict[str, Any]:
    with translation.override("ko"):
        title = meeting.numbered_title
    return {"meeting": meeting.pk, "context": title}


def _meeting(meeting: Meeting, _previous: dict[str, Any]) -> Entry | None:
    site_id = meeting.organizer.site_id
    if site_id is None:
        return None
    status = meeting.status
    refresh_on = None
    if meeting.awaits_record:
        status = AWAITING_RECORD
    elif status == MeetingStatus.SCHEDULED:
        refresh_on = timezone.localdate(meeting.end) + dt.timedelta(days=1)
    with translation.override("ko"):
        title = meeting.numbered_title
    return Entry(
        site_id=site_id,
        kind=SearchKind.MEETING,
        title=title,
        public=meeting.is_public,
        body_id=meeting.organizer_id,
        date=_day(meeting.start),
        status=status,
        text=_text(meeting.place, meeting.description),
        also=meeting.title_en,
        target={"meeting": meeting.pk, "title_en": meeting.title_en},
        refresh_on=refresh_on,
    )


def _agenda_item(item: AgendaItem, _previous: dict[str, Any]) -> Entry | None:
    meeting = item.meeting
    site_id = meeting.organizer.site_id
    if site_id is None:
        return None
    closed = item.is_closed
    return Entry(
        site_id=site_id,
        kind=SearchKind.AGENDA_ITEM,
        title=item.title,
        public=meeting.is_public,
        body_id=meeting.organizer_id,
        date=_day(meeting.start),
        status=item.decision,
        # A closed item shows its title and the closure's reason only (as its meeting's page does).
        text="" if closed else _text(item.description, item.decision_text),
        also=item.title_en,
        target={**_meeting_context(meeting), "item": item.pk, "title_en": item.title_en},
        refresh_on=_closure_ends(item) if closed else None,
    )


def _minutes(minutes: Minutes, _previous: dict[str, Any]) -> Entry | None:
    meeting = minutes.meeting
    site_id = meeting.organizer.site_id
    if site_id is None:
        return None
    closed = meeting.is_closed
    with translation.override("ko"):
        title = meeting.numbered_title
    return Entry(
        site_id=site_id,
        kind=SearchKind.MINUTES,
        title=title,
        public=minutes.status == MinutesStatus.PUBLISHED and meeting.is_public and not closed,
        body_id=meeting.organizer_id,
        date=_day(meeting.start),
        status=minutes.status,
        text=minutes.text,
        target={"meeting": meeting.pk, "minutes": True, "title_en": meeting.title_en},
        refresh_on=_closure_ends(meeting) if closed else None,
    )


def _file_text(file: Any, media_type: str, previous: dict[str, Any]) -> str:
    """The stored file's text, read again only when the file is not the one the entry was read from."""
    if previous.get("file") == file.name and previous.get("text") is not None:
        return str(previous["text"])
    if media_type not in (filetext.PDF, filetext.HWPX):
        return ""
    with file.open("rb") as stored:
        return filetext.text_of(stored.read(), media_type)


def _document(document: Document, previous: dict[str, Any]) -> Entry | None:
    meeting = document.meeting
    site_id = meeting.organizer.site_id
    if site_id is None:
        return None
    item = document.agenda_item
    refresh_on = None
    public = meeting.is_public
    if item is not None and item.is_closed:
        public, refresh_on = False, _closure_ends(item)
    elif meeting.is_closed and document.kind == DocumentKind.MINUTES:
        public, refresh_on = False, _closure_ends(meeting)
    return Entry(
        site_id=site_id,
        kind=SearchKind.DOCUMENT,
        title=document.title,
        public=public,
        body_id=meeting.organizer_id,
        date=_day(meeting.start),
        status=document.kind,
        text=_file_text(document.file, document.media_type, previous) if public else "",
        target={**_meeting_context(meeting), "document": document.pk, "file": document.file.name},
        refresh_on=refresh_on,
    )


# -- proposals and tasks -------------------------------------------------------------------------


def _proposal(proposal: Proposal, _previous: dict[str, Any]) -> Entry | None:
    return Entry(
        site_id=proposal.site_id,
        kind=SearchKind.PROPOSAL,
        title=proposal.title,
        public=proposal.visibility == Visibility.VISIBLE and proposal.status != ProposalStatus.DRAFT,
        body_id=proposal.addressee_id,
        date=_day(proposal.submitted_at or proposal.created_at),
        status=proposal.status,
        text=proposal.body,
        target={"proposal": proposal.pk},
    )


def _task_day(task: Task) -> dt.date | None:
    return task.start_date or _day(task.created_at)


def _task(task: Task, _previous: dict[str, Any]) -> Entry | None:
    return Entry(
        site_id=task.site_id,
        kind=SearchKind.TASK,
        title=task.title,
        body_id=task.owner_id,
        date=_task_day(task),
        status=task.status,
        text=task.description,
        also=task.title_en,
        target={"task": task.pk, "title_en": task.title_en},
    )


def _progress_report(report: ProgressReport, _previous: dict[str, Any]) -> Entry | None:
    task = report.task
    return Entry(
        site_id=task.site_id,
        kind=SearchKind.PROGRESS_REPORT,
        title=task.title,
        body_id=task.owner_id,
        date=report.reported_on,
        status=report.status,
        text=_text(report.narrative, report.narrative_en),
        target={"task": task.pk, "report": report.pk, "context": task.title},
    )


def _evidence(evidence: Evidence, previous: dict[str, Any]) -> Entry | None:
    report = evidence.report
    task = report.task
    return Entry(
        site_id=task.site_id,
        kind=SearchKind.DOCUMENT,
        title=evidence.title,
        body_id=task.owner_id,
        date=report.reported_on,
        status="evidence",
        text=_file_text(evidence.file, evidence.media_type, previous),
        target={"task": task.pk, "evidence": evidence.pk, "context": task.title, "file": evidence.file.name},
    )


# -- budgets -------------------------------------------------------------------------------------


def _project_place(project: Project) -> dict[str, Any]:
    heading = project.heading
    return {"process": heading.process.slug, "heading": heading.pk, "number": project.number}


def _project_day(project: Project) -> dt.date | None:
    phases = list(project.heading.process.phases.all())
    return min((phase.starts_on for phase in phases), default=None) or _day(project.created_at)


def _budget_project(project: Project, _previous: dict[str, Any]) -> Entry | None:
    process = project.heading.process
    return Entry(
        site_id=process.site_id,
        kind=SearchKind.BUDGET_PROJECT,
        title=project.title,
        body_id=project.responsible_id or project.area_id,
        date=_project_day(project),
        status="selected" if project.selected else project.feasibility,
        text=_text(project.description, project.feasibility_reason),
        also=_text(project.title_en, project.category),
        target={**_project_place(project), "title_en": project.title_en, "context": process.title},
    )


def _project_file(file: ProjectFile, previous: dict[str, Any]) -> Entry | None:
    if file.is_image:
        return None
    project = file.project
    return Entry(
        site_id=project.heading.process.site_id,
        kind=SearchKind.DOCUMENT,
        title=file.title,
        body_id=project.responsible_id or project.area_id,
        date=_project_day(project),
        status="project_file",
        text=_file_text(file.file, file.media_type, previous),
        target={**_project_place(project), "file_pk": file.pk, "context": project.title, "file": file.file.name},
    )


def _in(model: type[models.Model], *related: str, prefetch: tuple[str, ...] = ()) -> Callable[[list[int]], Any]:
    def load(pks: list[int]) -> Any:
        return model._default_manager.select_related(*related).prefetch_related(*prefetch).filter(pk__in=pks)

    return load


SOURCES: dict[str, Source] = {
    source.name: source
    for source in (
        Source("meetings.meeting", Meeting, _in(Meeting, "organizer"), _meeting, "organizer__site"),
        Source(
            "meetings.agendaitem",
            AgendaItem,
            _in(AgendaItem, "meeting__organizer"),
            _agenda_item,
            "meeting__organizer__site",
        ),
        Source("meetings.minutes", Minutes, _in(Minutes, "meeting__organizer"), _minutes, "meeting__organizer__site"),
        Source(
            "meetings.document",
            Document,
            _in(Document, "meeting__organizer", "agenda_item"),
            _document,
            "meeting__organizer__site",
        ),
        Source("proposals.proposal", Proposal, _in(Proposal), _proposal, "site"),
        Source("tasks.task", Task, _in(Task), _task, "site"),
        Source("tasks.progressreport", ProgressReport, _in(ProgressReport, "task"), _progress_report, "task__site"),
        Source("tasks.evidence", Evidence, _in(Evidence, "report__task"), _evidence, "report__task__site"),
        Source(
            "budgeting.project",
            Project,
            _in(Project, "heading__process", prefetch=("heading__process__phases",)),
            _budget_project,
            "heading__process__site",
        ),
        Source(
            "budgeting.projectfile",
            ProjectFile,
            _in(ProjectFile, "project__heading__process", prefetch=("project__heading__process__phases",)),
            _project_file,
            "project__heading__process__site",
        ),
    )
}
SOURCE_OF_MODEL = {source.model: source.name for source in SOURCES.values()}


def terms_of(text: str) -> str:
    """The entry's terms: those of each part of the text the analyser reads at once."""
    found: dict[str, None] = {}
    for start in range(0, len(text), ANALYSED_CHARACTERS):
        found.update(dict.fromkeys(search_terms(text[start : start + ANALYSED_CHARACTERS])))
    return " ".join(found)


# -- refreshing ----------------------------------------------------------------------------------


# What else a record's change touches: the records whose entries show it (a meeting's title and
# access are its items', minutes' and documents'), by their link to it.
DEPENDENTS: dict[str, list[tuple[str, str]]] = {
    "meetings.meeting": [
        ("meetings.agendaitem", "meeting"),
        ("meetings.minutes", "meeting"),
        ("meetings.document", "meeting"),
    ],
    "meetings.agendaitem": [("meetings.document", "agenda_item")],
    "tasks.task": [("tasks.progressreport", "task"), ("tasks.evidence", "report__task")],
    "budgeting.project": [("budgeting.projectfile", "project")],
}


def refresh(source_name: str, pks: Iterable[int], *, dependents: bool = True) -> int:
    """Recompute the entries of the records ``pks`` of a source (deleting those of records gone)
    and, unless told not to, of the records that show them; the number of entries written."""
    source = SOURCES[source_name]
    keys = sorted(set(pks))
    written = 0
    for start in range(0, len(keys), BATCH):
        written += _refresh_batch(source, keys[start : start + BATCH])
    if dependents:
        for name, link in DEPENDENTS.get(source_name, []):
            model = SOURCES[name].model
            linked = list(model._default_manager.filter(**{f"{link}__in": keys}).values_list("pk", flat=True))
            if linked:
                written += refresh(name, linked)
    return written


def _refresh_batch(source: Source, pks: list[int]) -> int:
    previous = {entry.object_id: entry for entry in SearchEntry.objects.filter(source=source.name, object_id__in=pks)}
    entries: dict[int, Entry] = {}
    for record in source.load(pks):
        prior = previous.get(record.pk)
        seen = {"file": prior.target.get("file"), "text": prior.text if prior.public else None} if prior else {}
        entry = source.entry(record, seen)
        if entry is not None:
            entries[record.pk] = entry
    rows: list[SearchEntry] = []
    for pk, entry in entries.items():
        text = entry.text if entry.public else ""
        rows.append(
            SearchEntry(
                pk=previous[pk].pk if pk in previous else None,
                site_id=entry.site_id,
                source=source.name,
                object_id=pk,
                kind=entry.kind,
                public=entry.public,
                body_id=entry.body_id,
                year=entry.date.year if entry.date else None,
                date=entry.date,
                status=entry.status,
                title=entry.title[:400],
                text=text,
                terms=terms_of(_text(entry.title, entry.also, text)) if entry.public else "",
                target=entry.target,
                refresh_on=entry.refresh_on,
            )
        )
    with transaction.atomic():
        SearchEntry.objects.filter(source=source.name, object_id__in=[pk for pk in pks if pk not in entries]).delete()
        changed = [row for row in rows if row.pk is not None]
        if changed:
            SearchEntry.objects.bulk_update(
                changed,
                [
                    "site",
                    "kind",
                    "public",
                    "body",
                    "year",
                    "date",
                    "status",
                    "title",
                    "text",
                    "terms",
                    "target",
                    "refresh_on",
                ],
            )
        SearchEntry.objects.bulk_create([row for row in rows if row.pk is None])
    return len(rows)


@task()
def refresh_entries(source_name: str, pks: list[int]) -> None:
    """The worker's job: refresh the entries of the records ``pks`` of one source."""
    if source_name in SOURCES:
        refresh(source_name, pks)


def refresh_due(today: dt.date | None = None) -> int:
    """Refresh the entries whose record changes with time today or before (a closure ending, a
    meeting's hour passed); the number refreshed."""
    today = today or timezone.localdate()
    due: dict[str, list[int]] = defaultdict(list)
    for source_name, object_id in SearchEntry.objects.filter(refresh_on__lte=today).values_list("source", "object_id"):
        due[source_name].append(object_id)
    return sum(
        refresh(source_name, pks, dependents=False) for source_name, pks in due.items() if source_name in SOURCES
    )


def rebuild(site: Organization | None = None, *, progress: Callable[[int], None] | None = None) -> int:
    """Recompute every entry (of one site, or of all); the number of entries written."""
    written = 0
    records = dict(_all_records(site))
    for name, pks in records.items():
        written += refresh(name, pks, dependents=False)
        if progress is not None:
            progress(written)
    stale = SearchEntry.objects.all() if site is None else SearchEntry.objects.filter(site=site)
    present = {name: set(pks) for name, pks in records.items()}
    gone = [
        pk
        for pk, name, object_id in stale.values_list("pk", "source", "object_id").iterator()
        if object_id not in present.get(name, set())
    ]
    SearchEntry.objects.filter(pk__in=gone).delete()
    return written


def _all_records(site: Organization | None) -> Iterator[tuple[str, list[int]]]:
    for name, source in SOURCES.items():
        records = source.model._default_manager.all()
        if site is not None:
            records = records.filter(**{source.site_path: site})
        yield name, list(records.order_by("pk").values_list("pk", flat=True))


# -- keeping in step -----------------------------------------------------------------------------

_marked = threading.local()


def mark(source_name: str, pks: Iterable[int]) -> None:
    """Refresh these records' entries once the current transaction commits (at once outside one)."""
    pending: dict[str, set[int]] = _marked.__dict__.setdefault("pending", defaultdict(set))
    pending[source_name].update(pks)
    transaction.on_commit(_send_marked)


def _send_marked() -> None:
    """Queue the refresh of everything marked so far (the first commit hook sends all; a rolled-back
    transaction's marks go with the next commit, where refreshing them changes nothing)."""
    pending: dict[str, set[int]] = _marked.__dict__.get("pending") or {}
    if not pending:
        return
    batches = {name: sorted(pks) for name, pks in pending.items()}
    pending.clear()
    for name, pks in batches.items():
        for start in range(0, len(pks), BATCH):
            refresh_entries.enqueue(name, pks[start : start + BATCH])


def _saved(sender: type[models.Model], instance: Any, raw: bool = False, **_kwargs: Any) -> None:
    if not raw:  # raw: a fixture being loaded; ``rebuild`` indexes it
        mark(SOURCE_OF_MODEL[sender], [instance.pk])


def _deleted(sender: type[models.Model], instance: Any, **_kwargs: Any) -> None:
    mark(SOURCE_OF_MODEL[sender], [instance.pk])


def _written(sender: type[models.Model], pks: Iterable[int], **_kwargs: Any) -> None:
    name = SOURCE_OF_MODEL.get(sender)
    if name is not None:
        mark(name, pks)


def connect() -> None:
    """Listen to the sources' saves, deletions and bulk writes (``ReportsConfig.ready``)."""
    for model in SOURCE_OF_MODEL:
        post_save.connect(_saved, sender=model, dispatch_uid=f"search-saved-{model._meta.label}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"search-deleted-{model._meta.label}")
    rows_written.connect(_written, dispatch_uid="search-rows-written")
