"""The office's reliability and rater diagnostics, kept ready by the worker.

Computing them reads every submitted rating of the round (51,030 in the national round: about
0.6 s), too slow for a page. So the worker computes them whenever the round's ratings or
assignments change (an evaluator submits a sheet, the office imports ratings, a page finds them out
of date) and keeps the result in the shared cache under the state it was computed from, and as the
round's latest. The page shows the current result when there is one, otherwise the latest with its
time and a note that newer figures are on their way; it never computes them itself. Without a
worker (the tests' immediate backend) the refresh runs at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from hyeopchi.evaluations import selectors
from hyeopchi.evaluations.models import Round

KEEP_SECONDS = 30 * 24 * 3600
# A queued refresh that never ran (a worker stopped) is asked for again after this.
QUEUED_SECONDS = 300


@dataclass(frozen=True)
class Diagnostics:
    """What the page shows: ``report`` as of ``as_of`` (None: not computed yet); ``current`` when
    it reflects every rating there is now."""

    report: list[dict[str, Any]] | None
    as_of: dt.datetime | None
    current: bool


def _state_key(state: str) -> str:
    return f"evaluations:diagnostics:{state}"


def _round_key(round_: Round) -> str:
    # The round's creation time too: a key outlives a database emptied and filled again (tests).
    return f"{round_.pk}:{round_.created_at.timestamp()}"


def _latest_key(round_: Round) -> str:
    return f"evaluations:diagnostics:latest:{_round_key(round_)}"


def _queued_key(round_: Round) -> str:
    return f"evaluations:diagnostics:queued:{_round_key(round_)}"


def of_round(round_: Round) -> Diagnostics:
    """The round's diagnostics as the worker last computed them; asks for a refresh when they are
    out of date or missing."""
    state = selectors.diagnostics_state(round_)
    kept = cache.get(_state_key(state))
    if kept is None:
        request_refresh(round_)
        kept = cache.get(_state_key(state))  # the refresh ran at once where there is no worker
    if kept is not None:
        return Diagnostics(kept["report"], kept["as_of"], current=True)
    latest = cache.get(_latest_key(round_))
    if latest is None:
        return Diagnostics(None, None, current=False)
    return Diagnostics(latest["report"], latest["as_of"], current=False)


def request_refresh(round_: Round) -> None:
    """Queue one refresh of the round's diagnostics (one at a time: a refresh already queued
    covers every change made before it starts)."""
    if cache.add(_queued_key(round_), 1, QUEUED_SECONDS):
        refresh.enqueue(round_.pk)


def refresh_after_commit(round_: Round) -> None:
    """``request_refresh`` once the current transaction has committed its ratings."""
    transaction.on_commit(lambda: request_refresh(round_))


@task()
def refresh(round_id: int) -> None:
    """The worker's job: compute the diagnostics and keep them under the state they read."""
    round_ = Round.objects.filter(pk=round_id).first()
    if round_ is None:
        return
    cache.delete(_queued_key(round_))  # changes made from now on ask for another refresh
    state = selectors.diagnostics_state(round_)
    kept = {"report": selectors.round_diagnostics(round_), "as_of": timezone.now()}
    cache.set(_state_key(state), kept, KEEP_SECONDS)
    cache.set(_latest_key(round_), kept, KEEP_SECONDS)
