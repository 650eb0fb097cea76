"""Who is asking: the client's address, and a per-client rate limit in the cache.

Shared by every public form that must not be flooded (contact messages, update
requests, the résumé intake).
"""

import ipaddress
import math
import time
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache


@lru_cache(maxsize=8)
def _trusted_networks(proxies: tuple[str, ...]):
    networks = []
    for proxy in proxies:
        try:
            networks.append(ipaddress.ip_network(proxy, strict=False))
        except ValueError:
            continue
    return tuple(networks)


def _parse(address: str):
    try:
        return ipaddress.ip_address(address.strip())
    except ValueError:
        return None


def _is_trusted(address, networks) -> bool:
    return address is not None and any(address in network for network in networks)


def client_ip(request) -> str:
    """The address of the client that sent `request`.

    REMOTE_ADDR, unless it is one of settings.TRUSTED_PROXIES (addresses or
    networks): then X-Forwarded-For is read from the right, skipping our own
    proxies, and the first address they did not add is the client. Anything a
    client could forge (the left part of the header) is never believed.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _trusted_networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if not networks or not _is_trusted(_parse(remote), networks):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            # A malformed hop: stop believing the header at this point.
            break
        if not _is_trusted(address, networks):
            return str(address)
    return remote


def rate_limited(request, *, scope: str, limit: int, window: int) -> int:
    """Count one hit for this request's client; the seconds to wait if over `limit`, else 0."""
    return address_rate_limited(client_ip(request), scope=scope, limit=limit, window=window)


def address_rate_limited(address: str, *, scope: str, limit: int, window: int) -> int:
    """Count one hit for `address`; return the seconds to wait if over `limit`, else 0.

    A fixed window per client and scope, counted in the shared cache so that
    every web process sees the same numbers. `limit` 0 turns the check off. A
    cache outage lets the hit through: losing the limit for a while is better
    than refusing every candidate and correspondent.
    """
    if limit <= 0 or not address:
        return 0
    now = time.time()
    window_start = int(now // window) * window
    key = f"ratelimit:{scope}:{address}:{window_start}"
    # add() then incr(): atomic in Redis; the local-memory cache locks too.
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:
        # The key expired between add() and incr(): this is the first hit again.
        cache.set(key, 1, timeout=window + 1)
        count = 1
    if count is None:
        return 0  # the cache is down (its backend logged it): let the hit through
    if count > limit:
        return max(1, math.ceil(window_start + window - now))
    return 0
