"""A site's open data: every public dataset with what it holds, how often it changes, its licence,
when it last changed and the files it comes as; and the same catalogue in DCAT (JSON-LD), the W3C
vocabulary data portals read (data.go.kr's 공공데이터 목록 describes a dataset by the same facts).

Only what the public pages already show is listed, so no personal data appears: proposals name
their proposing organization, not a citizen; budget results count ballots, never voters. Addresses
are the web layer's: it gives ``dcat`` a function that turns a distribution into its URL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hyeopchi.budgeting import selectors as budgeting
from hyeopchi.core.transfer import Column
from hyeopchi.meetings import selectors as meetings
from hyeopchi.organizations import selectors as organizations
from hyeopchi.organizations.models import Organization
from hyeopchi.proposals import selectors as proposals
from hyeopchi.proposals.transfer import EXPORT_COLUMNS as PROPOSAL_COLUMNS
from hyeopchi.reports import dashboards
from hyeopchi.tasks import selectors as tasks
from hyeopchi.tasks.transfer import EXPORT_COLUMNS as TASK_COLUMNS

# 공공누리 제1유형 (출처표시): free use, commercial use and changes allowed, the source named.
KOGL_TYPE_1 = ("공공누리 제1유형: 출처표시", "https://www.kogl.or.kr/info/licenseType1.do")

MEDIA_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ics": "text/calendar",
    "pb": "text/plain",
    "jsonld": "application/ld+json",
    "json": "application/json",
}
# How often a dataset changes, as the EU's frequency vocabulary names it (DCAT's accrualPeriodicity).
FREQUENCIES = {
    "continuous": (
        "http://publications.europa.eu/resource/authority/frequency/UPDATE_CONT",
        gettext_lazy("as it happens"),
    ),
    "daily": ("http://publications.europa.eu/resource/authority/frequency/DAILY", gettext_lazy("daily")),
    "irregular": (
        "http://publications.europa.eu/resource/authority/frequency/IRREG",
        gettext_lazy("once, when counted"),
    ),
}

ICAL_FIELDS = [
    ("UID", gettext_lazy("the meeting's lasting identifier")),
    ("DTSTART", gettext_lazy("start (Asia/Seoul)")),
    ("DTEND", gettext_lazy("end (Asia/Seoul)")),
    ("SUMMARY", gettext_lazy("the meeting's numbered title")),
    ("STATUS", gettext_lazy("confirmed, tentative or cancelled")),
    ("LOCATION", gettext_lazy("place")),
    ("DESCRIPTION", gettext_lazy("organizer and agenda")),
    ("SEQUENCE", gettext_lazy("revision number")),
]
POPOLO_FIELDS = [
    ("organizations", gettext_lazy("id, name, English name, kind, parent, founding and dissolution dates, codes")),
    ("posts", gettext_lazy("id, label, role, organization")),
    ("memberships", gettext_lazy("id, pseudonymous person, post, organization, role, start and end dates")),
]
PABULIB_FIELDS = [
    ("META", gettext_lazy("the vote: budget, ballot type, rule, number of votes")),
    ("PROJECTS", gettext_lazy("project id, cost, votes, score, selected (1) or not (0), category, name")),
    ("VOTES", gettext_lazy("one pseudonymous ballot a line: its picks or points")),
]


@dataclass(frozen=True)
class Distribution:
    """One file a dataset comes as: its format and what the web layer needs to address it."""

    fmt: str
    route: str
    args: dict[str, Any] = field(default_factory=dict)

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.fmt]


@dataclass(frozen=True)
class Dataset:
    key: str
    title: str
    description: str
    fields: list[tuple[str, str]]
    frequency: str
    modified: dt.datetime | dt.date | None
    distributions: list[Distribution]

    @property
    def frequency_label(self) -> str:
        return str(FREQUENCIES[self.frequency][1])


def licence() -> tuple[str, str]:
    """The licence of the site's open data: name and address (``HYEOPCHI_OPEN_DATA_LICENCE``)."""
    configured = getattr(settings, "HYEOPCHI_OPEN_DATA_LICENCE", None)
    return tuple(configured) if configured else KOGL_TYPE_1


def _columns(columns: Sequence[Column], language: str) -> list[tuple[str, str]]:
    return [(c.key, c.english if language == "en" else c.korean) for c in columns]


def _list_dataset(
    key: str, title: str, description: str, fields: list[tuple[str, str]], modified: dt.datetime | None
) -> Dataset:
    """A public list the site exports as CSV and XLSX (``export_<key>``)."""
    formats = [Distribution(fmt, f"export_{key}", {"fmt": fmt}) for fmt in ("csv", "xlsx", "json")]
    return Dataset(key, title, description, fields, "continuous", modified, formats)


def site_datasets(site: Organization, *, language: str = "ko") -> list[Dataset]:
    """Every public dataset of the site, in the order the catalogue lists them."""
    today = timezone.localdate()
    found = [
        Dataset(
            "meetings",
            _("Meetings"),
            _(
                "The public meetings of the site's bodies (the newest 1,000): when, where, their status and "
                "agenda, as a calendar."
            ),
            [(name, str(label)) for name, label in ICAL_FIELDS],
            "continuous",
            meetings.last_change(site),
            [Distribution("ics", "site_feed")],
        ),
        Dataset(
            "organizations",
            _("Organizations, posts and memberships"),
            _(
                "The site's organizations and bodies, their posts and who held them when, in the Popolo standard; "
                "members appear under a pseudonymous key, not by name."
            ),
            [(name, str(label)) for name, label in POPOLO_FIELDS],
            "continuous",
            organizations.last_change(site),
            [Distribution("json", "open_data_popolo")],
        ),
        _list_dataset(
            "proposals",
            _("Proposals"),
            _("Citizens' and committees' proposals with their status, supports and debate."),
            _columns(PROPOSAL_COLUMNS, language),
            proposals.last_change(site),
        ),
        _list_dataset(
            "tasks",
            _("Tasks"),
            _("What the city and its organizations committed to do, with owner, dates, status and progress."),
            _columns(TASK_COLUMNS, language),
            tasks.last_change(site),
        ),
    ]
    for result in budgeting.published_results(site):
        heading, process = result.heading, result.heading.process
        args = {"slug": process.slug, "heading": heading.pk}
        found.append(
            Dataset(
                f"budget-{heading.pk}",
                _("Budget results: %(process)s, %(heading)s") % {"process": process.title, "heading": heading.name},
                _(
                    "The projects, their costs and votes, which were selected and why; the Pabulib file adds the ballots."
                ),
                [(name, str(label)) for name, label in PABULIB_FIELDS],
                "irregular",
                result.computed_at,
                [Distribution("pb", "budget_results_pabulib", args), Distribution("csv", "budget_results_csv", args)],
            )
        )
    for key in dashboards.PANELS:
        found.append(
            Dataset(
                f"dashboard-{key}",
                _("Dashboard: %(panel)s") % {"panel": dashboards.PANEL_TITLES[key]},
                _("The table behind the dashboard's chart, computed from the records on the day it is asked for."),
                [],
                "daily",
                today,
                [Distribution(fmt, "dashboard_export", {"key": key, "fmt": fmt}) for fmt in ("csv", "xlsx", "json")],
            )
        )
    return found


def _when(value: dt.datetime | dt.date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date().isoformat()
    return value.isoformat()


def dcat(
    site: Organization, datasets: Sequence[Dataset], *, home: str, url_of: Callable[[Distribution], str]
) -> dict[str, Any]:
    """The catalogue as DCAT in JSON-LD; ``home`` is the site's address."""
    name, licence_url = licence()
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
        },
        "@type": "dcat:Catalog",
        "@id": home,
        "dct:title": _("Open data of %(site)s") % {"site": site.name},
        "dct:publisher": {"@type": "foaf:Organization", "foaf:name": site.name},
        "dct:license": {"@id": licence_url, "dct:title": name},
        "dct:language": "ko",
        "dcat:dataset": [
            {
                "@type": "dcat:Dataset",
                "@id": f"{home}#{dataset.key}",
                "dct:identifier": dataset.key,
                "dct:title": dataset.title,
                "dct:description": dataset.description,
                "dct:modified": _when(dataset.modified),
                "dct:accrualPeriodicity": {"@id": FREQUENCIES[dataset.frequency][0]},
                "dct:license": {"@id": licence_url},
                "dcat:distribution": [
                    {
                        "@type": "dcat:Distribution",
                        "dcat:downloadURL": {"@id": url_of(d)},
                        "dcat:mediaType": d.media_type,
                        "dct:format": d.fmt.upper(),
                    }
                    for d in dataset.distributions
                ],
            }
            for dataset in datasets
        ],
    }
