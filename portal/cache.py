"""A Redis cache that degrades to "no cache" when Redis fails.

Django's own `RedisCache` raises on any Redis error, and Wagtail (site root paths), DRF's throttle and the
network views all read the cache on the way to a page: Redis down, site down. A cache is an optimisation,
so this backend turns each failure into a miss (`get` → default, `set` → nothing stored, `add` → False)
and logs the outage once, when it starts, and once when Redis answers again — not on every request.

After a failure Redis is left alone for `RETRY_AFTER` seconds (default 5): requests during an outage pay
nothing, not even a refused connection, and the first one after that delay tries again. Short socket
timeouts keep a Redis that hangs (rather than refuses) from holding requests.

Why not django-redis with `IGNORE_EXCEPTIONS`: it logs every ignored exception (one line per cache call
during an outage) and retries the connection on each call; this is Django's own client plus ~80 lines.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

_DEFAULT_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client builds a new `redis.Redis` object for every cache call, and redis-py 5+ fills a
    case-insensitive table of ~170 response callbacks in each one: a third of a page-cache hit's CPU.
    One `redis.Redis` per connection pool does the same work (it is thread-safe; the pool is per process)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class CacheUnavailable(Exception):
    """Raised by `ping()` only: the health check wants to know, pages do not."""


class TolerantRedisCache(RedisCache):
    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("RETRY_AFTER", 5))
        params["OPTIONS"] = {**_DEFAULT_OPTIONS, **options}
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self._down_since: float | None = None
        self._retry_at = 0.0
        self._lock = threading.Lock()

    # --- outage bookkeeping (per process; shared by the threads of a gunicorn worker) ---

    def _available(self) -> bool:
        return self._down_since is None or time.monotonic() >= self._retry_at

    def _failed(self, exc: Exception) -> None:
        with self._lock:
            now = time.monotonic()
            if self._down_since is None:
                self._down_since = now
                logger.warning("Cache unavailable (%s): serving without cache until it answers again.",
                               type(exc).__name__)
            self._retry_at = now + self.retry_after

    def _succeeded(self) -> None:
        if self._down_since is not None:
            with self._lock:
                if self._down_since is not None:
                    logger.warning("Cache available again after %.0f s.", time.monotonic() - self._down_since)
                    self._down_since = None

    def _call(self, method, fallback, *args, **kwargs):
        if not self._available():
            return fallback
        try:
            result = method(*args, **kwargs)
        except Exception as exc:  # any Redis or socket error: a miss, never an error page
            self._failed(exc)
            return fallback
        self._succeeded()
        return result

    def validate_key(self, key):
        """Redis keys are binary-safe: Django's memcached-oriented check (a Python loop over every character
        of every key, on every call) warns about nothing that matters here."""

    # --- the cache API ---

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().add, False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call(super().get, default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set, None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call(super().delete, False, key, version)

    def get_many(self, keys, version=None):
        return self._call(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._call(super().has_key, False, key, version)

    def incr(self, key, delta=1, version=None):
        if not self._available():
            raise ValueError(f"Key '{key}' not found (cache unavailable).")
        try:
            result = super().incr(key, delta, version)
        except ValueError:
            raise
        except Exception as exc:
            self._failed(exc)
            raise ValueError(f"Key '{key}' not found (cache unavailable).") from None
        self._succeeded()
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set_many, list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call(super().delete_many, None, keys, version)

    def clear(self):
        return self._call(super().clear, False)

    def ping(self) -> None:
        """Raise CacheUnavailable unless Redis answers now (for /readyz; ignores the retry delay)."""
        try:
            self._cache.get_client(write=True).ping()
        except Exception as exc:
            self._failed(exc)
            raise CacheUnavailable(type(exc).__name__) from None
        self._succeeded()
