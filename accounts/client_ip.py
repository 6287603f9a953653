"""The client's address for the sign-in lockout: the one DRF's throttle reads (`API_NUM_PROXIES`).

Behind the reverse proxy, the address the last trusted proxy added to X-Forwarded-For; without a proxy,
REMOTE_ADDR. Anything further left in the header was written by the client and would let an attacker pick
a fresh address for every guess."""

from rest_framework.throttling import BaseThrottle


def client_ip(request) -> str | None:
    return BaseThrottle().get_ident(request) or None
