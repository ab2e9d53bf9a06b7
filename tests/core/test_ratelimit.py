"""Rate limits: fixed windows per address and per key, counted in the shared cache."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory, override_settings

from hyeopchi.config.settings import cache_config
from hyeopchi.core import ratelimit
from hyeopchi.core.errors import RateLimitedError
from hyeopchi.core.ratelimit import Rate, throttle

pytestmark = pytest.mark.django_db

TWO_A_MINUTE = {"apply": {"address": "2/60", "contact": "3/60"}}


def _request(address: str = "203.0.113.5"):
    return RequestFactory().post("/", REMOTE_ADDR=address)


def _attempts(n: int, **keys: str) -> list[int | None]:
    """For each of n attempts, None when it passes, else the seconds it is told to wait."""
    waits: list[int | None] = []
    for _ in range(n):
        try:
            throttle(_request(keys.pop("address", "203.0.113.5")), "apply", **keys)
            waits.append(None)
        except RateLimitedError as error:
            waits.append(error.retry_after)
    return waits


def test_a_rate_reads_as_count_over_seconds():
    assert Rate.parse("10/600") == Rate(10, 600)
    with pytest.raises(ValueError, match="seconds > 0"):
        Rate.parse("10/0")


@override_settings(RATE_LIMITS=TWO_A_MINUTE)
def test_the_third_attempt_in_a_minute_waits_for_the_next_window(monkeypatch):
    monkeypatch.setattr(ratelimit, "clock", lambda: 1_800_000_015.0)

    assert _attempts(3) == [None, None, 45]


@override_settings(RATE_LIMITS=TWO_A_MINUTE)
def test_a_new_window_starts_a_new_count(monkeypatch):
    now = [1_800_000_015.0]
    monkeypatch.setattr(ratelimit, "clock", lambda: now[0])
    first = _attempts(3)
    now[0] += 60

    assert (first, _attempts(1)) == ([None, None, 45], [None])


@override_settings(RATE_LIMITS=TWO_A_MINUTE)
def test_addresses_are_counted_apart():
    throttle(_request("203.0.113.5"), "apply")
    throttle(_request("203.0.113.5"), "apply")

    throttle(_request("198.51.100.9"), "apply")


@override_settings(RATE_LIMITS=TWO_A_MINUTE)
def test_a_contact_is_counted_across_addresses_whatever_its_spelling():
    for address, contact in [("192.0.2.1", "A@x.kr"), ("192.0.2.2", "a@x.kr "), ("192.0.2.3", "a@x.kr")]:
        throttle(_request(address), "apply", contact=contact)

    with pytest.raises(RateLimitedError):
        throttle(_request("192.0.2.4"), "apply", contact="a@X.kr")


@override_settings(RATE_LIMITS={"apply": {"address": "0/60"}})
def test_a_zero_count_turns_the_limit_off():
    assert _attempts(5) == [None] * 5


def test_the_shared_cache_is_the_database_unless_an_address_is_given():
    assert cache_config("")["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert cache_config("valkey://cache.internal:6379/1") == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.internal:6379/1",
    }
    assert cache_config("rediss://cache.internal:6380/0")["LOCATION"] == ("rediss://cache.internal:6380/0")


def test_a_cache_address_of_another_kind_is_refused_with_how_to_write_it():
    with pytest.raises(ImproperlyConfigured, match="must start with valkey://"):
        cache_config("memcached://cache.internal:11211")
