"""What every page shares: domain errors as pages and form errors, the error pages, running a
form through a service, spreadsheet downloads."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Sequence
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hyeopchi.core.actor import Actor
from hyeopchi.core.errors import DomainError, NotFoundError, PermissionDeniedError, RateLimitedError
from hyeopchi.core.tabular import (
    CSV_TYPE,
    JSON_TYPE,
    XLSX_TYPE,
    Table,
    TableError,
    csv_chunks,
    json_chunks,
    read_table,
    write_xlsx_into,
)
from hyeopchi.organizations.models import Organization
from hyeopchi.web.common.forms import SpreadsheetForm

View = Callable[..., HttpResponseBase]
# A service call a form runs: the acting user and the form's cleaned data.
Perform = Callable[[Actor, dict[str, Any]], object]

# An XLSX download is built in memory up to this size, in a temporary file beyond it.
XLSX_IN_MEMORY = 1024 * 1024


def domain_errors_as_pages(view: View) -> View:
    """Not-found, permission and rate-limit errors become the 404, 403 and 429 pages."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except NotFoundError as error:
            return page_not_found(request, error)
        except RateLimitedError as error:
            return too_many_attempts(request, error)
        except PermissionDeniedError as error:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            return permission_denied(request, error)

    return wrapper


def whole_number(text: str, *, digits: int) -> int | None:
    """``text`` as a whole number of at most ``digits`` ASCII digits, or None: ``str.isdigit`` also
    accepts ² and other scripts' digits, which ``int`` refuses, and ``int`` refuses 4,300 digits or more."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= digits else None


def posted_text(request: HttpRequest, name: str, *, limit: int) -> str:
    """A text a form posts without a Django form reading it: at most ``limit`` characters (one more
    than a service allows, so that the service names what is too long), without NUL bytes, which
    PostgreSQL can neither store nor compare (a Django form refuses them; no person types one)."""
    return request.POST.get(name, "")[:limit].replace("\x00", "")


def add_domain_error(form: forms.Form, error: DomainError, renames: dict[str, str | None] | None = None) -> None:
    """Show a service's field messages on the form's fields, the rest above the form."""
    if not error.fields:
        form.add_error(None, str(error.message))
        return
    for name, field_messages in error.field_messages().items():
        target = (renames or {}).get(name, name)
        for message in field_messages:
            form.add_error(target if target in form.fields else None, message)


def _error_page(
    request: HttpRequest, exception: Exception | None, *, status: int, title: str, default: str
) -> HttpResponse:
    known = exception if isinstance(exception, DomainError) else None
    context = {"title": title, "message": known.message if known else default, "code": known.code if known else ""}
    return render(request, "web/common/error.html", context, status=status)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(
        request,
        exception,
        status=404,
        title=_("Page not found"),
        default=_("The page you asked for does not exist or has moved."),
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(
        request, exception, status=403, title=_("Not allowed"), default=_("You do not have permission to do this.")
    )


def too_many_attempts(request: HttpRequest, error: RateLimitedError) -> HttpResponse:
    response = _error_page(request, error, status=429, title=_("Too many attempts"), default=str(error.message))
    response["Retry-After"] = str(error.retry_after)
    return response


def run_form(
    request: HttpRequest,
    form: forms.Form,
    perform: Perform,
    *,
    done: str,
    success_url: str | Callable[[Any], str],
    template: str,
    context: dict[str, Any],
    title: str = "",
    submit: str = "",
    multipart: bool = False,
    renames: dict[str, str | None] | None = None,
) -> HttpResponseBase:
    """Validate ``form``, run ``perform`` (a service call) and go to ``success_url`` (or to the
    address it gives for what ``perform`` returned).

    A service's refusal comes back as form errors (422), its field names mapped to the form's by
    ``renames``; not-found and permission errors become their pages.
    """
    if request.method == "POST" and form.is_valid():
        try:
            result = perform(Actor.for_user(request.user), form.cleaned_data)
        except DomainError as error:
            if isinstance(error, PermissionDeniedError | NotFoundError):
                raise
            add_domain_error(form, error, renames)
        else:
            messages.success(request, done)
            return redirect(success_url(result) if callable(success_url) else success_url)
    page = {"title": title, "submit_label": submit, "multipart": multipart, **context, "form": form}
    return render(request, template, page, status=422 if form.errors else 200)


def run_form_on(
    request: HttpRequest,
    page_name: str,
    subject: Any,
    form: forms.Form,
    perform: Perform,
    *,
    site: Organization,
    template: str,
    done: str,
    context: dict[str, Any] | None = None,
    **page: Any,
) -> HttpResponseBase:
    """`run_form` for a form on one object's page (``web:<page_name>``): back to that page once
    ``perform`` succeeds; the template sees the object under ``page_name`` and the site as ``local_site``."""
    return run_form(
        request,
        form,
        perform,
        done=done,
        template=template,
        success_url=reverse(f"web:{page_name}", kwargs={"site": site.site_slug, "pk": subject.pk}),
        context={"local_site": site, page_name: subject, **(context or {})},
        **page,
    )


def filtered(form: forms.Form) -> dict[str, Any]:
    """A filter form's values; an invalid filter filters nothing."""
    return form.cleaned_data if form.is_valid() else {}


def paginate(request: HttpRequest, items: Any, size: int) -> dict[str, Any]:
    """The page asked for, and the query string that keeps the filters on the other pages."""
    query = request.GET.copy()
    query.pop("page", None)
    return {"page": Paginator(items, size).get_page(request.GET.get("page")), "query": query.urlencode()}


def spreadsheet_response(
    header: list[str],
    rows: Iterable[Sequence[Any]],
    fmt: str,
    name: str,
    *,
    title: str | None = None,
    keys: Sequence[str] | None = None,
) -> HttpResponseBase:
    """``rows`` as a CSV (UTF-8 with BOM), XLSX or JSON download named ``name.fmt``; the JSON is an
    array of objects keyed by ``keys`` (the header when not given).

    The CSV and JSON stream as the rows are read; the XLSX is written row by row into a temporary
    file (in memory while small) and sent from there, so none grows with the list in memory.
    """
    filename = f"{name}.{fmt}"
    if fmt in {"csv", "json"}:
        chunks = csv_chunks(header, rows) if fmt == "csv" else json_chunks(keys or header, rows)
        response = StreamingHttpResponse(chunks, content_type=CSV_TYPE if fmt == "csv" else JSON_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    spool = tempfile.SpooledTemporaryFile(max_size=XLSX_IN_MEMORY)  # noqa: SIM115 - the response closes it
    write_xlsx_into(spool, header, rows, title=title or name)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


def stored_file_response(stored: Any, *, inline: bool = False) -> FileResponse:
    """A kept upload (a meeting's document, a target's material) as a download under its own name,
    or ``inline`` (an image shown in a page)."""
    filename = stored.file.name.rsplit("/", 1)[-1]
    return FileResponse(
        stored.file.open("rb"), as_attachment=not inline, filename=filename, content_type=stored.media_type
    )


def page_language(request: HttpRequest) -> str:
    """The page's language as the domains name it: "en" or "ko"."""
    return "en" if (request.LANGUAGE_CODE or "ko").startswith("en") else "ko"


def uploaded_table(form: SpreadsheetForm) -> Table | None:
    """The upload as a table, or None with the reason on the form."""
    upload = form.cleaned_data["file"]
    try:
        return read_table(upload.read(), upload.name)
    except TableError as error:
        form.add_error("file", str(error.message))
        return None


def file_refused(form: forms.Form, error: DomainError) -> None:
    """A refused file's reason and each of its problems, on the form's file field."""
    form.add_error("file" if "file" in form.fields else None, str(error.message))
    for message in (m for ms in error.field_messages().values() for m in ms):
        form.add_error("file" if "file" in form.fields else None, message)


def autosave(request: HttpRequest, form: forms.Form, perform: Perform, *, saved: str = "") -> HttpResponse:
    """A form saved as the person types (htmx): ``perform`` runs when the form is valid, and the answer
    is the status line alone, saying when it saved (``saved``, with ``%(time)s``) or why it could not."""
    if not form.is_valid():
        problems = " ".join(str(m) for errors in form.errors.values() for m in errors)
        message = _("Not saved: %(problems)s") % {"problems": problems}
    else:
        try:
            perform(Actor.for_user(request.user), form.cleaned_data)
        except DomainError as error:
            if isinstance(error, PermissionDeniedError | NotFoundError):
                raise
            message = _("Not saved: %(problems)s") % {"problems": str(error.message)}
        else:
            message = (saved or _("Saved at %(time)s.")) % {"time": timezone.localtime().strftime("%H:%M:%S")}
    return render(request, "web/common/_autosave_status.html", {"autosave_message": message})
