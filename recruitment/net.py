"""The client's address for rate limits (a stand-in until the site-wide `portal.net` exists)."""

import ipaddress

from django.conf import settings


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for entry in settings.TRUSTED_PROXIES:
        try:
            if ip in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def _client_ip(request) -> str:
    """The peer address; `X-Forwarded-For` is believed only from TRUSTED_PROXIES."""
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not forwarded or not _trusted(remote):
        return remote
    # Walk from the nearest hop back; the first address that is not one of ours is the client.
    for hop in reversed([part.strip() for part in forwarded.split(",") if part.strip()]):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return remote
        if not _trusted(hop):
            return hop
    return remote


try:
    from portal.net import client_ip  # noqa: F401 - the site-wide helper, where it exists
except ImportError:
    client_ip = _client_ip
