import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    """The client's address: the peer, or X-Forwarded-For only when the peer is a trusted proxy.

    With a chain of trusted proxies, the right-most address that is not itself a
    trusted proxy is the client; anything left of it could be forged.
    """
    peer = request.META.get("REMOTE_ADDR", "")
    trusted = set(settings.TRUSTED_PROXIES)
    if peer not in trusted:
        return peer
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for candidate in reversed(forwarded):
        if not candidate or candidate in trusted:
            continue
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            break
    return peer
