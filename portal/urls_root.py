"""Language-neutral URLs at the root: robots.txt, the sitemap (both languages in one sitemap), the favicon."""

from django.urls import path
from wagtail.contrib.sitemaps.views import sitemap

from portal import health, views
from portal.sitemaps import MultilingualSitemap

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": MultilingualSitemap}}, name="sitemap"),
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", views.favicon, name="favicon"),
    # Probes for the load balancer and operators (docs/operations.md): no sign-in, no language prefix.
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]
