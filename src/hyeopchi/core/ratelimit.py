"""Rate limits on public writes: so many attempts per client address, per contact, per window.

Counters live in the shared cache (the database cache by default; Valkey or Redis when
``HYEOPCHI_CACHE_URL`` is set), so every app server counts against the same totals. A window is
fixed (it starts on a multiple of its length); keys hold digests, never the address or contact.

Limits come from ``settings.RATE_LIMITS``: ``{scope: {key kind: "count/seconds"}}``; each may be
overridden by ``HYEOPCHI_RATE_LIMIT_<SCOPE>_<KIND>`` (e.g. ``HYEOPCHI_RATE_LIMIT_REGISTRATION_ADDRESS
=10/600``; ``0/…`` turns that limit off).
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from hyeopchi.core.clients import client_address
from hyeopchi.core.errors import RateLimitedError

clock = time.time  # the wall clock that windows are cut from


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        count, _, seconds = text.partition("/")
        rate = cls(int(count), int(seconds))
        if rate.count < 0 or rate.seconds <= 0:
            raise ValueError(f"a rate is count/seconds with seconds > 0, not {text!r}")
        return rate


def rate_of(scope: str, kind: str) -> Rate | None:
    text = settings.RATE_LIMITS.get(scope, {}).get(kind)
    rate = Rate.parse(text) if text else None
    return rate if rate and rate.count else None


def _count(scope: str, kind: str, value: str, rate: Rate, now: float) -> int:
    window = int(now // rate.seconds)
    digest = hashlib.sha256(f"{scope}\0{kind}\0{value}".encode()).hexdigest()[:32]
    key = f"rate:{scope}:{kind}:{digest}:{window}"
    if cache.add(key, 1, timeout=rate.seconds):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # the window's entry expired between add and incr
        cache.add(key, 1, timeout=rate.seconds)
        return 1


def throttle(request: HttpRequest, scope: str, **keys: str) -> None:
    """Count one attempt of ``scope`` by the client's address and by each key given (contact,
    account); raise RateLimitedError, saying when to try again, once any count passes its limit.

    Every count is taken even when an earlier one is over, so an address that is refused keeps
    being counted.
    """
    now = clock()
    values = {"address": client_address(request)} | {kind: value.strip().lower() for kind, value in keys.items()}
    waits = []
    for kind, value in values.items():
        rate = rate_of(scope, kind)
        if rate is None or not value:
            continue
        if _count(scope, kind, value, rate, now) > rate.count:
            waits.append(rate.seconds - now % rate.seconds)
    if waits:
        raise RateLimitedError(retry_after=math.ceil(max(waits)))
