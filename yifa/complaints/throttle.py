"""Rate limiting of the public forms: POST attempts per client IP and form within a window,
counted in Django's cache (settings CACHES; YIFA_PUBLIC_RATE_LIMIT per YIFA_PUBLIC_RATE_WINDOW
seconds). Every attempt counts, refused or not, so that invalid spam is limited too.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or behind YIFA_PROXY_COUNT trusted proxies the address
    the outermost of them saw (X-Forwarded-For, counted from the right: the left is the client's to forge)."""
    proxies = int(getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0) or 0)
    forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return str(request.META.get("REMOTE_ADDR", ""))


def _key(bucket: str, ip: str) -> str:
    return "yifa:rate:" + hashlib.sha256(f"{bucket}|{ip}".encode()).hexdigest()


def allow(request: HttpRequest, bucket: str) -> bool:
    """Count this attempt; False once the client is over the limit in the current window."""
    key = _key(bucket, client_ip(request))
    window = int(settings.YIFA_PUBLIC_RATE_WINDOW)
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return True
    return count <= int(settings.YIFA_PUBLIC_RATE_LIMIT)
