"""White paper pages: the list, the web edition of the newest edition (with its PDF, HWPX and HTML),
and the staff's workshop (outline, narrative and its review, voices, timeline, editions)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Prefetch
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import DomainError, NotFoundError, PermissionDeniedError
from hyeopchi.organizations import selectors as organization_selectors
from hyeopchi.organizations.models import Organization
from hyeopchi.reports import editions, rendering, services
from hyeopchi.reports.document import from_json
from hyeopchi.reports.enums import EditionStatus, PassageStatus
from hyeopchi.reports.errors import ReportErrorCode as Code
from hyeopchi.reports.models import Chapter, Edition, Passage, WhitePaper
from hyeopchi.reports.permissions import can_approve_passage, can_write_white_paper
from hyeopchi.reports.whitepaper import FIGURES, compile_paper
from hyeopchi.web.common.views import add_domain_error, domain_errors_as_pages, page_language, run_form, whole_number
from hyeopchi.web.reports.forms import (
    ChapterForm,
    EditionForm,
    PassageForm,
    ReturnForm,
    TimelineForm,
    VoiceForm,
    WhitePaperForm,
)

MEDIA_TYPES = {"pdf": "application/pdf", "hwpx": "application/hwp+zip", "html": "text/html; charset=utf-8"}


def _site_and_writer(request: HttpRequest, site: str) -> tuple[Organization, bool]:
    site_org = organization_selectors.site_get(site)
    return site_org, can_write_white_paper(Actor.for_user(request.user), site_org)


def _paper(site_org: Organization, pk: int) -> WhitePaper:
    paper = WhitePaper.objects.filter(site=site_org, pk=pk).select_related("site", "body").first()
    if paper is None:
        raise NotFoundError(Code.NOT_FOUND)
    return paper


def _writable_paper(request: HttpRequest, site: str, pk: int) -> WhitePaper:
    site_org, writer = _site_and_writer(request, site)
    if not writer:
        raise PermissionDeniedError(Code.NOT_ALLOWED)
    return _paper(site_org, pk)


def _workshop(paper: WhitePaper) -> str:
    return reverse("web:white_paper_workshop", kwargs={"site": paper.site.site_slug, "pk": paper.pk})


@domain_errors_as_pages
def white_papers(request: HttpRequest, site: str) -> HttpResponse:
    """The site's white papers with a finished edition; its staff see every paper."""
    site_org, writer = _site_and_writer(request, site)
    done = Edition.objects.filter(status=EditionStatus.DONE).order_by("-number")
    papers = WhitePaper.objects.filter(site=site_org).prefetch_related(Prefetch("editions", done, to_attr="done"))
    shown = [(paper, paper.done[0] if paper.done else None) for paper in papers]
    if not writer:
        shown = [(paper, edition) for paper, edition in shown if edition is not None]
    return render(
        request,
        "web/reports/white_papers.html",
        {"local_site": site_org, "papers": shown, "writer": writer, "title": _("White papers")},
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def white_paper_new(request: HttpRequest, site: str) -> HttpResponseBase:
    site_org, writer = _site_and_writer(request, site)
    if not writer:
        raise PermissionDeniedError(Code.NOT_ALLOWED)
    return run_form(
        request,
        WhitePaperForm(request.POST or None, site=site_org),
        lambda actor, data: services.create_white_paper(actor=actor, site=site_org, spec=services.PaperSpec(**data)),
        done=_("The white paper was created with the default outline of five chapters."),
        success_url=_workshop,
        template="web/reports/white_paper_form.html",
        context={"local_site": site_org},
        title=_("New white paper"),
        submit=_("Create the white paper"),
    )


@domain_errors_as_pages
def white_paper(request: HttpRequest, site: str, pk: int) -> HttpResponse:
    """The web edition of the newest finished edition (or of ``?v=N``), with its files."""
    site_org, writer = _site_and_writer(request, site)
    paper = _paper(site_org, pk)
    done = list(paper.editions.filter(status=EditionStatus.DONE).order_by("-number"))
    chosen = done[0] if done else None
    wanted = whole_number(request.GET.get("v", ""), digits=6)
    if wanted is not None:
        chosen = next((e for e in done if e.number == wanted), None)
        if chosen is None:
            raise NotFoundError(Code.NOT_FOUND)
    if chosen is None and not writer:
        raise NotFoundError(Code.NOT_FOUND)
    page: dict[str, Any] = {
        "local_site": site_org,
        "paper": paper,
        "edition": chosen,
        "editions": done,
        "writer": writer,
    }
    if chosen is not None and chosen.document is not None:
        page.update(rendering.context(from_json(chosen.document), edition_number=chosen.number))
    return render(request, "web/reports/white_paper.html", page)


@domain_errors_as_pages
def white_paper_preview(request: HttpRequest, site: str, pk: int) -> HttpResponse:
    """The paper compiled now, as of today, with the narrative approved so far (staff only)."""
    paper = _writable_paper(request, site, pk)
    document = compile_paper(paper, as_of=timezone.localdate(), language=page_language(request))
    page: dict[str, Any] = {
        "local_site": paper.site,
        "paper": paper,
        "edition": None,
        "editions": [],
        "preview": True,
        "writer": True,
    }
    page.update(rendering.context(document))
    return render(request, "web/reports/white_paper.html", page)


@domain_errors_as_pages
def white_paper_file(request: HttpRequest, site: str, pk: int, number: int, fmt: str) -> HttpResponseBase:
    site_org = organization_selectors.site_get(site)
    paper = _paper(site_org, pk)
    edition = paper.editions.filter(number=number, status=EditionStatus.DONE).first()
    if edition is None or fmt not in MEDIA_TYPES:
        raise NotFoundError(Code.NOT_FOUND)
    stored = getattr(edition, fmt)
    if not stored:
        raise NotFoundError(Code.NOT_FOUND)
    name = f"{site_org.site_slug}-white-paper-{paper.pk}-v{edition.number}.{fmt}"
    return FileResponse(stored.open("rb"), as_attachment=fmt != "html", filename=name, content_type=MEDIA_TYPES[fmt])


@domain_errors_as_pages
def white_paper_workshop(request: HttpRequest, site: str, pk: int) -> HttpResponse:
    """Everything staff do with a paper on one page: the outline with its narrative and review,
    the voices, the timeline, and the editions (ask for one as of a day)."""
    paper = _writable_paper(request, site, pk)
    actor = Actor.for_user(request.user)
    chapters = list(paper.chapters.prefetch_related("passages__written_by"))
    for chapter in chapters:
        for passage in chapter.passages.all():
            passage.may_approve = passage.status == PassageStatus.IN_REVIEW and can_approve_passage(  # type: ignore[attr-defined]
                actor, passage, paper.site
            )
    return render(
        request,
        "web/reports/white_paper_workshop.html",
        {
            "local_site": paper.site,
            "paper": paper,
            "chapters": chapters,
            "voices": list(paper.voices.all()),
            "timeline": list(paper.timeline.all()),
            "edition_form": EditionForm(initial={"as_of": min(paper.period_end, timezone.localdate())}),
            **_editions_of(paper),
        },
    )


def _editions_of(paper: WhitePaper) -> dict[str, Any]:
    found = list(paper.editions.order_by("-number"))
    return {"editions": found, "running": any(not e.is_finished for e in found)}


@domain_errors_as_pages
def white_paper_editions(request: HttpRequest, site: str, pk: int) -> HttpResponse:
    """The workshop's table of editions alone, which the page polls while one is being generated."""
    paper = _writable_paper(request, site, pk)
    return render(
        request, "web/reports/_editions.html", {"local_site": paper.site, "paper": paper, **_editions_of(paper)}
    )


def _passage_form(
    request: HttpRequest, paper: WhitePaper, chapter: Chapter, passage: Passage | None
) -> HttpResponseBase:
    initial = {"heading": passage.heading, "text": passage.text} if passage else {}
    return run_form(
        request,
        PassageForm(request.POST or None, initial=initial),
        lambda actor, data: services.write_passage(actor=actor, chapter=chapter, passage=passage, **data),
        done=_("The passage was saved as a draft."),
        success_url=_workshop(paper) + f"#chapter-{chapter.pk}",
        template="web/reports/passage_form.html",
        context={"local_site": paper.site, "paper": paper, "chapter": chapter, "figures": FIGURES.items()},
        title=_("Write for chapter %(n)s: %(title)s") % {"n": chapter.number, "title": chapter.title},
        submit=_("Save the draft"),
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def passage_new(request: HttpRequest, site: str, pk: int, chapter_pk: int) -> HttpResponseBase:
    paper = _writable_paper(request, site, pk)
    chapter = paper.chapters.filter(pk=chapter_pk).first()
    if chapter is None:
        raise NotFoundError(Code.NOT_FOUND)
    return _passage_form(request, paper, chapter, None)


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def passage_edit(request: HttpRequest, site: str, pk: int, passage_pk: int) -> HttpResponseBase:
    paper = _writable_paper(request, site, pk)
    passage = Passage.objects.filter(chapter__paper=paper, pk=passage_pk).select_related("chapter").first()
    if passage is None:
        raise NotFoundError(Code.NOT_FOUND)
    return _passage_form(request, paper, passage.chapter, passage)


@require_POST
@domain_errors_as_pages
def passage_review(request: HttpRequest, site: str, pk: int, passage_pk: int, action: str) -> HttpResponseBase:
    """Send a draft for review, approve it for print, or return it with a reason."""
    paper = _writable_paper(request, site, pk)
    passage = Passage.objects.filter(chapter__paper=paper, pk=passage_pk).select_related("chapter__paper__site").first()
    if passage is None or action not in {"submit", "approve", "return"}:
        raise NotFoundError(Code.NOT_FOUND)
    actor = Actor.for_user(request.user)
    try:
        if action == "submit":
            services.submit_passage(actor=actor, passage=passage)
            messages.success(request, _("The passage was sent for review."))
        elif action == "approve":
            services.approve_passage(actor=actor, passage=passage)
            messages.success(request, _("The passage was approved; the next edition prints it."))
        else:
            form = ReturnForm(request.POST)
            if form.is_valid():
                services.return_passage(actor=actor, passage=passage, reason=form.cleaned_data["reason"])
                messages.success(request, _("The passage was returned to its writer."))
            else:
                messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    except DomainError as error:
        if isinstance(error, NotFoundError):
            raise
        messages.error(request, str(error.message) + _first_field_error(error))
    return redirect(_workshop(paper) + f"#chapter-{passage.chapter_id}")


def _first_field_error(error: DomainError) -> str:
    for problems in error.fields.values():
        for problem in problems:
            return f" {problem}"
    return ""


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def chapter_edit(request: HttpRequest, site: str, pk: int, chapter_pk: int) -> HttpResponseBase:
    paper = _writable_paper(request, site, pk)
    chapter = paper.chapters.filter(pk=chapter_pk).first()
    if chapter is None:
        raise NotFoundError(Code.NOT_FOUND)

    def perform(actor: Actor, data: dict[str, Any]) -> Chapter:
        services.rename_chapter(actor=actor, chapter=chapter, title=data["title"], title_en=data["title_en"])
        if data["position"] != chapter.number:
            services.move_chapter(actor=actor, chapter=chapter, to=data["position"])
        return chapter

    return run_form(
        request,
        ChapterForm(
            request.POST or None,
            initial={"title": chapter.title, "title_en": chapter.title_en, "position": chapter.number},
        ),
        perform,
        done=_("The chapter was changed."),
        success_url=_workshop(paper),
        template="web/reports/white_paper_form.html",
        context={"local_site": paper.site, "paper": paper},
        title=_("Chapter %(n)s: %(title)s") % {"n": chapter.number, "title": chapter.title},
        submit=_("Save"),
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def voice_new(request: HttpRequest, site: str, pk: int) -> HttpResponseBase:
    paper = _writable_paper(request, site, pk)
    return run_form(
        request,
        VoiceForm(request.POST or None),
        lambda actor, data: services.add_voice(actor=actor, paper=paper, spec=services.VoiceSpec(**data)),
        done=_("The quote was added."),
        success_url=_workshop(paper) + "#voices",
        template="web/reports/white_paper_form.html",
        context={"local_site": paper.site, "paper": paper},
        title=_("Add a voice"),
        submit=_("Add"),
    )


@require_http_methods(["GET", "POST"])
@domain_errors_as_pages
def timeline_new(request: HttpRequest, site: str, pk: int) -> HttpResponseBase:
    paper = _writable_paper(request, site, pk)
    return run_form(
        request,
        TimelineForm(request.POST or None),
        lambda actor, data: services.add_timeline_entry(actor=actor, paper=paper, **data),
        done=_("The timeline entry was added."),
        success_url=_workshop(paper) + "#timeline",
        template="web/reports/white_paper_form.html",
        context={"local_site": paper.site, "paper": paper},
        title=_("Add to the timeline"),
        submit=_("Add"),
    )


@require_POST
@domain_errors_as_pages
def edition_new(request: HttpRequest, site: str, pk: int) -> HttpResponseBase:
    """Ask the worker for an edition as of a day; the workshop follows it."""
    paper = _writable_paper(request, site, pk)
    form = EditionForm(request.POST)
    if form.is_valid():
        try:
            edition = editions.queue_edition(
                actor=Actor.for_user(request.user),
                paper=paper,
                as_of=form.cleaned_data["as_of"],
                language=page_language(request),
            )
        except DomainError as error:
            if isinstance(error, PermissionDeniedError | NotFoundError):
                raise
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("Edition v%(n)s is being generated; this page shows its progress.") % {"n": edition.number}
            )
            return redirect(_workshop(paper) + "#editions")
    for problems in form.errors.values():
        for problem in problems:
            messages.error(request, str(problem))
    return redirect(_workshop(paper) + "#editions")
