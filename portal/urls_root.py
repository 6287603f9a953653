"""Language-neutral URLs at the root: robots.txt, the sitemap (both languages in one sitemap), the favicon."""

from django.urls import path
from wagtail.contrib.sitemaps.views import sitemap

from portal import views
from portal.sitemaps import MultilingualSitemap

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": MultilingualSitemap}}, name="sitemap"),
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", views.favicon, name="favicon"),
]
