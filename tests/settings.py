"""Test settings: production settings (DEBUG off) with a throwaway key and fast, local parts."""

import os
import secrets

os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DEBUG", "false")
# The whole suite is one anonymous client on one address: the throttle is tested on its own (tests/portal).
os.environ.setdefault("API_ANON_RATE", "1000000/minute")

from portal.settings import *  # noqa: E402,F403

_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private_documents": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        # One folder per pytest-xdist worker (gw0, gw1…), as each has its own database.
        "OPTIONS": {"location": str(BASE_DIR / ".pytest_cache" / f"private-documents-{_WORKER}"),  # noqa: F405
                    "base_url": None},
    },
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = BASE_DIR / ".pytest_cache" / "media"  # noqa: F405
STATIC_ROOT = BASE_DIR / ".pytest_cache" / "static"  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns at start-up when it is missing
WAGTAILADMIN_BASE_URL = "http://testserver"
SITE_URL = "http://testserver"
# The anonymous page cache and the frame's cached parts are off: tests share one local-memory cache and
# their transactions never commit. tests/portal/test_page_cache.py switches them on.
PAGE_CACHE_SECONDS = 0
