"""Language-neutral URLs at the root: robots.txt and the sitemap (both languages in one sitemap)."""

from django.urls import path
from wagtail.contrib.sitemaps.views import sitemap

from portal import views
from portal.sitemaps import MultilingualSitemap

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": MultilingualSitemap}}, name="sitemap"),
]
