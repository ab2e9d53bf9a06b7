"""``hyeopchi daily``: the jobs to run once a day (cron or a scheduled task).

Generates meetings up to each series' horizon, closes proposals whose window ran out, sends
the daily digest to people who chose it, reminds the reporters of tasks due in a week or overdue, destroys the personal data of registrations whose program
ended longer ago than their retention period, refreshes the search entries that change with the
day (a closure to the public ending, a meeting's hour passed), clears the queue's record of background jobs finished
more than two weeks ago (the imports' own pages stay), anchors the audit chain's head and refreshes
SQLite's query-planner statistics.
"""

from __future__ import annotations

from io import StringIO
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from hyeopchi.core.actor import Actor
from hyeopchi.core.anchors import anchor
from hyeopchi.core.models import AuditEvent
from hyeopchi.core.notifications import send_daily_digest
from hyeopchi.core.queries import refresh_statistics
from hyeopchi.evaluations import services as evaluation_services
from hyeopchi.meetings import services as meeting_services
from hyeopchi.meetings.models import MeetingSeries
from hyeopchi.proposals import services as proposal_services
from hyeopchi.reports import search_index
from hyeopchi.tasks import services as task_services


class Command(BaseCommand):
    help = "Daily jobs: generate meetings, expire proposals, send the daily digest, clear old job results, anchor the audit."

    def handle(self, *args: Any, **options: Any) -> None:
        actor = Actor.system("cli:daily")
        series = list(MeetingSeries.objects.order_by("pk"))
        meetings = meeting_services.generate_occurrences_for(actor=actor, series=series, through=None)
        expired = proposal_services.expire_overdue(actor=actor)
        digests = send_daily_digest()
        purged = meeting_services.purge_expired_registrations(actor=actor)
        unanswered = meeting_services.cancel_unanswered_guardian_requests(actor=actor)
        applicants = evaluation_services.purge_applicants_not_drawn(actor=actor)
        reminded = meeting_services.remind_records_awaited(actor=actor, today=timezone.localdate())
        tasks_reminded = task_services.remind_due_and_overdue(actor=actor, today=timezone.localdate())
        searched = search_index.refresh_due(timezone.localdate())
        cleared = clear_finished_jobs()
        anchored = anchor(actor) if AuditEvent.objects.exists() else None
        statistics = refresh_statistics()
        self.stdout.write(
            f"{meetings} meetings created, {expired} proposals expired, {digests} digests sent, "
            f"{purged} registrations' personal data destroyed, "
            f"{unanswered} children's registrations cancelled without a guardian's answer, "
            f"{applicants} panel applicants not drawn forgotten, "
            f"{reminded} meetings' records asked for, "
            f"{tasks_reminded} tasks due or overdue reminded of, "
            f"{searched} search entries refreshed, "
            f"{cleared} finished jobs cleared, "
            + (f"audit anchored at event #{anchored.seq}" if anchored else "nothing to anchor")
            + f", {statistics}"
        )


# How long the queue keeps a finished background job's result.
JOB_RESULTS_KEPT_DAYS = 14


def clear_finished_jobs() -> int:
    """Remove the queue's results of jobs finished more than two weeks ago; how many went."""
    if not isinstance(task_backends["default"], DatabaseBackend):
        return 0  # jobs run at once (tests): nothing is kept
    before = DBTaskResult.objects.count()
    call_command(
        "prune_db_task_results",
        min_age_days=JOB_RESULTS_KEPT_DAYS,
        queue_name="*",
        stdout=StringIO(),
        stderr=StringIO(),
    )
    return before - DBTaskResult.objects.count()
