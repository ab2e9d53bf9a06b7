"""The client address: forwarding headers are believed from trusted proxies only."""

from __future__ import annotations

from django.test import RequestFactory, override_settings

from hyeopchi.core.clients import client_address


def _address(remote: str, forwarded_for: str | None = None) -> str:
    extra = {} if forwarded_for is None else {"HTTP_X_FORWARDED_FOR": forwarded_for}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))


def test_without_trusted_proxies_the_connection_address_is_the_client():
    assert _address("203.0.113.5", "198.51.100.1") == "203.0.113.5"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_a_trusted_proxy_is_traced_back_to_the_first_untrusted_hop():
    assert _address("10.0.0.2", "198.51.100.1, 203.0.113.5, 10.0.0.7") == "203.0.113.5"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_an_untrusted_connection_is_its_own_address_whatever_it_forwards():
    assert _address("192.0.2.44", "198.51.100.1") == "192.0.2.44"


@override_settings(TRUSTED_PROXIES=["10.0.0.1"])
def test_a_trusted_proxy_forwarding_garbage_leaves_the_proxy_address():
    assert _address("10.0.0.1", "not-an-address") == "10.0.0.1"


@override_settings(TRUSTED_PROXIES=["10.0.0.1", "2001:db8::/32"])
def test_ipv6_proxies_and_clients_are_understood():
    assert _address("2001:db8::1", "2001:db9::5") == "2001:db9::5"
