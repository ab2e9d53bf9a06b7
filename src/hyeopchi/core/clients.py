"""The address a request comes from, believing forwarding headers only from trusted proxies.

``HYEOPCHI_TRUSTED_PROXIES`` names the reverse proxies (addresses or networks). A request from
one of them is traced back through ``X-Forwarded-For`` from the right, past every trusted hop, to
the first address that is not a trusted proxy: that is the client. A request from anywhere else
is its connection's address, whatever headers it sends, so a client cannot pick the address its
sign-in failures and rate limits count against.
"""

from __future__ import annotations

import ipaddress
from functools import cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def _trusted(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: HttpRequest) -> str:
    remote = str(request.META.get("REMOTE_ADDR") or "")
    networks = _trusted(tuple(settings.TRUSTED_PROXIES))
    if not networks or not _is_trusted(remote, networks):
        return remote
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR") or "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, networks):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return remote  # a trusted proxy passed on garbage: fall back to what is known
    return remote
