"""A site's dashboards: participation over time, task implementation by organization, meetings held
by body. Each is a chart, the table of the numbers it draws (the page shows it beside the chart and
offers it as CSV and XLSX), and the date the numbers are as of. Read through the domains' selectors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language, gettext_lazy, pgettext
from django.utils.translation import gettext as _

from hyeopchi.budgeting import selectors as budgeting
from hyeopchi.evaluations import selectors as evaluations
from hyeopchi.meetings import selectors as meetings
from hyeopchi.organizations.models import Organization
from hyeopchi.proposals import selectors as proposals
from hyeopchi.reports.charts import BarChart, Series
from hyeopchi.tasks import selectors as tasks

# Each panel's title by its key.
PANEL_TITLES = {
    "participation": gettext_lazy("Participation per year"),
    "funnel": gettext_lazy("How far proposals came"),
    "implementation": gettext_lazy("Task implementation by organization"),
    "origins": gettext_lazy("Task implementation by origin"),
    "meetings": gettext_lazy("Meetings held by body"),
    "evaluations": gettext_lazy("Evaluation grades of the site's organizations"),
}
# Before any record the platform keeps: "since the records began".
EARLIEST = dt.date(2000, 1, 1)
# How many organizations or bodies a chart shows; the table and the files list them all.
CHART_ROWS = 12


@dataclass(frozen=True)
class Panel:
    """One dashboard panel: its chart and the table it is drawn from."""

    key: str
    chart: BarChart
    header: list[str]
    rows: list[list[Any]]
    as_of: dt.date
    note: str = ""


def participation(site: Organization, *, as_of: dt.date) -> Panel:
    by_year_proposals = proposals.yearly_participation(site, until=as_of)
    by_year_registrations = meetings.yearly_registrations(site, until=as_of)
    by_year_ballots = budgeting.yearly_ballots(site, until=as_of)
    years = sorted(by_year_proposals.keys() | by_year_registrations.keys() | by_year_ballots.keys())
    rows = [
        [
            year,
            by_year_proposals.get(year, (0, 0))[0],
            by_year_proposals.get(year, (0, 0))[1],
            by_year_registrations.get(year, 0),
            by_year_ballots.get(year, 0),
        ]
        for year in years
    ]
    names = [_("Proposals"), _("Supports"), pgettext("dashboard", "Registrations"), pgettext("dashboard", "Ballots")]
    chart = BarChart(
        title=str(PANEL_TITLES["participation"]),
        description=_(
            "Proposals submitted, supports given, registrations for programs and budget ballots, per year, up to %(day)s."
        )
        % {"day": as_of.isoformat()},
        categories=tuple(str(year) for year in years),
        series=tuple(Series(name, tuple(row[n + 1] for row in rows)) for n, name in enumerate(names)),
    )
    return Panel("participation", chart, [_("Year"), *names], rows, as_of)


def funnel(site: Organization, *, as_of: dt.date) -> Panel:
    found = proposals.proposal_funnel(site, until=as_of)
    english = (get_language() or "ko").startswith("en")
    stages: list[tuple[str, int]] = [
        (_("Submitted"), found.submitted),
        *(((name_en or name) if english else name, n) for name, name_en, n in found.steps),
        (_("Answered"), found.answered),
    ]
    if not found.submitted:
        stages = []
    rows: list[list[Any]] = [[stage, n] for stage, n in stages]
    chart = BarChart(
        title=str(PANEL_TITLES["funnel"]),
        description=_(
            "Citizen proposals submitted up to %(day)s, how many of them had reached each threshold step and "
            "how many were answered by then."
        )
        % {"day": as_of.isoformat()},
        categories=tuple(stage for stage, _n in stages),
        series=(Series(_("Proposals"), tuple(n for _stage, n in stages)),),
    )
    return Panel("funnel", chart, [_("Stage"), _("Proposals")], rows, as_of)


def implementation(site: Organization, *, as_of: dt.date, standings: tasks.Standings | None = None) -> Panel:
    owners = (standings or tasks.implementation_standings(site, as_of=as_of)).by_owner
    description = _(
        "Top-level tasks of each organization on %(day)s: done by their end date, done late, overdue and open."
    ) % {"day": as_of.isoformat()}
    return _standings_panel("implementation", owners, _("Organization"), description, as_of)


def origins(site: Organization, *, as_of: dt.date, standings: tasks.Standings | None = None) -> Panel:
    kinds = (standings or tasks.implementation_standings(site, as_of=as_of)).by_origin
    description = _(
        "Top-level tasks of each origin (innovation task, accepted recommendation, budget project …) on "
        "%(day)s: done by their end date, done late, overdue and open."
    ) % {"day": as_of.isoformat()}
    return _standings_panel("origins", kinds, _("Origin"), description, as_of)


def _standings_panel(
    key: str, standings: list[tasks.Implementation], label: str, description: str, as_of: dt.date
) -> Panel:
    """Tasks on time, late, overdue and open per row of ``standings``, stacked."""
    names = [_("Done on time"), _("Done late"), _("Overdue"), pgettext("tasks not done", "Open")]
    rows: list[list[Any]] = [[s.name, s.on_time, s.late, s.overdue, s.open, s.total] for s in standings]
    shown = standings[:CHART_ROWS]
    chart = BarChart(
        title=str(PANEL_TITLES[key]),
        description=description,
        categories=tuple(s.name for s in shown),
        series=tuple(
            Series(name, tuple(getattr(s, field) for s in shown))
            for name, field in zip(names, ("on_time", "late", "overdue", "open"), strict=True)
        ),
        stacked=True,
    )
    return Panel(key, chart, [label, *names, pgettext("dashboard", "Total")], rows, as_of, _note(standings))


def evaluation_grades(site: Organization, *, first: dt.date | None, as_of: dt.date) -> Panel:
    grades = evaluations.published_grades(site, first=first or EARLIEST, last=as_of)
    rounds = list(dict.fromkeys(g.round for g in grades))
    names = list(dict.fromkeys(g.grade or "–" for g in grades))
    counted = {(g.round, g.grade or "–"): 0 for g in grades}
    for g in grades:
        counted[(g.round, g.grade or "–")] += 1
    chart = BarChart(
        title=str(PANEL_TITLES["evaluations"]),
        description=_(
            "How many of the site's organizations received each grade in every evaluation whose results became "
            "final by %(day)s."
        )
        % {"day": as_of.isoformat()},
        categories=tuple(rounds),
        series=tuple(Series(name, tuple(counted.get((r, name), 0) for r in rounds)) for name in names),
        stacked=True,
    )
    rows: list[list[Any]] = [[g.round, g.target, g.group, g.rank, g.grade, g.total] for g in grades]
    header = [_("Round"), _("Organization"), _("Group"), _("Rank"), _("Grade"), _("Total")]
    return Panel("evaluations", chart, header, rows, as_of)


def meetings_held(
    site: Organization, *, first: dt.date | None, as_of: dt.date, held: list[meetings.BodyMeetings] | None = None
) -> Panel:
    """Meetings each body held, with attendance; ``held`` when the caller has read them already (a
    white paper of one body)."""
    bodies = meetings.held_by_body(site, first=first, last=as_of) if held is None else held
    rows = [[b.body, b.held, b.seats_recorded, b.seats_present, b.attendance_percent] for b in bodies]
    shown = bodies[:CHART_ROWS]
    chart = BarChart(
        title=str(PANEL_TITLES["meetings"]),
        description=(
            _("Meetings each body held from %(first)s to %(last)s.")
            % {"first": first.isoformat(), "last": as_of.isoformat()}
            if first
            else _("Meetings each body held up to %(last)s.") % {"last": as_of.isoformat()}
        ),
        categories=tuple(b.body for b in shown),
        series=(Series(_("Meetings held"), tuple(b.held for b in shown)),),
    )
    header = [
        pgettext("dashboard", "Body"),
        _("Meetings held"),
        _("Attendance records"),
        pgettext("dashboard", "Present"),
        _("Attendance (%)"),
    ]
    return Panel("meetings", chart, header, rows, as_of, _note(bodies))


def _note(rows: list[Any]) -> str:
    if len(rows) <= CHART_ROWS:
        return ""
    return _("The chart shows the first %(shown)s of %(all)s; the table lists them all.") % {
        "shown": CHART_ROWS,
        "all": len(rows),
    }


class _Shared:
    """What several panels of one dashboard read, read once: the tasks' standings."""

    def __init__(self, site: Organization, as_of: dt.date) -> None:
        self.site, self.as_of = site, as_of
        self._standings: tasks.Standings | None = None

    @property
    def standings(self) -> tasks.Standings:
        if self._standings is None:
            self._standings = tasks.implementation_standings(self.site, as_of=self.as_of)
        return self._standings


# The panels by key, in the order the page shows them; each takes (site, as_of, first, shared).
PANELS: dict[str, Callable[[Organization, dt.date, dt.date | None, _Shared], Panel]] = {
    "participation": lambda site, as_of, first, shared: participation(site, as_of=as_of),
    "funnel": lambda site, as_of, first, shared: funnel(site, as_of=as_of),
    "implementation": lambda site, as_of, first, shared: implementation(site, as_of=as_of, standings=shared.standings),
    "origins": lambda site, as_of, first, shared: origins(site, as_of=as_of, standings=shared.standings),
    "meetings": lambda site, as_of, first, shared: meetings_held(site, first=first, as_of=as_of),
    "evaluations": lambda site, as_of, first, shared: evaluation_grades(site, first=first, as_of=as_of),
}


def site_dashboard(site: Organization, *, as_of: dt.date, first: dt.date | None = None) -> list[Panel]:
    """Every panel of the site's dashboard, its numbers as of ``as_of``; meetings are counted from
    ``first`` (from the start of the records when None)."""
    shared = _Shared(site, as_of)
    return [build(site, as_of, first, shared) for build in PANELS.values()]


def panel(site: Organization, key: str, *, as_of: dt.date, first: dt.date | None = None) -> Panel | None:
    """One panel by its key (None for an unknown key)."""
    build = PANELS.get(key)
    return None if build is None else build(site, as_of, first, _Shared(site, as_of))
