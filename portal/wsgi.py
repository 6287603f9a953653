import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django_application = get_wsgi_application()

# An anonymous page found in the shared cache is answered before Django builds a request (portal/page_cache.py).
from portal.page_cache import PageCacheApplication  # noqa: E402 — needs the settings configured above

application = PageCacheApplication(django_application)
