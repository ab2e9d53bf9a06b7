"""``hyeopchi daily``: the jobs to run once a day (cron or a scheduled task).

Generates meetings up to each series' horizon, closes proposals whose window ran out, sends
the daily digest to people who chose it, and anchors the audit chain's head.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from hyeopchi.core.actor import Actor
from hyeopchi.core.anchors import anchor
from hyeopchi.core.models import AuditEvent
from hyeopchi.core.notifications import send_daily_digest
from hyeopchi.meetings import services as meeting_services
from hyeopchi.meetings.models import MeetingSeries
from hyeopchi.proposals import services as proposal_services


class Command(BaseCommand):
    help = "Daily jobs: generate meetings, expire proposals, send the daily digest, anchor the audit."

    def handle(self, *args: Any, **options: Any) -> None:
        actor = Actor.system("cli:daily")
        series = list(MeetingSeries.objects.order_by("pk"))
        meetings = meeting_services.generate_occurrences_for(actor=actor, series=series, through=None)
        expired = proposal_services.expire_overdue(actor=actor)
        digests = send_daily_digest()
        anchored = anchor(actor) if AuditEvent.objects.exists() else None
        self.stdout.write(
            f"{meetings} meetings created, {expired} proposals expired, {digests} digests sent, "
            + (f"audit anchored at event #{anchored.seq}" if anchored else "nothing to anchor")
        )
