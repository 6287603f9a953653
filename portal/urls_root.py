"""Language-neutral URLs at the root: robots.txt and the sitemap."""

from django.urls import path
from wagtail.contrib.sitemaps.views import sitemap

from portal import views

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("sitemap.xml", sitemap, name="sitemap"),
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", views.favicon, name="favicon"),
]
