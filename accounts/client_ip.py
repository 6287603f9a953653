"""The client's address for the sign-in lockout, as DRF's throttle reads it (`API_NUM_PROXIES`).

Behind the reverse proxy, the client address is the one the last trusted proxy added to X-Forwarded-For;
without a proxy, REMOTE_ADDR. Anything further left in the header was written by the client and would let
an attacker pick a fresh address for every guess."""

from django.conf import settings


def client_ip(request) -> str | None:
    proxies = settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
        if addresses:
            return addresses[-min(proxies, len(addresses))]
    return request.META.get("REMOTE_ADDR")
