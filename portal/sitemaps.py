"""sitemap.xml for every language: Wagtail's own sitemap only walks the default site's (French) tree."""

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from portal.page_cache import public


class MultilingualSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        trees = Q()
        for home in root.get_translations(inclusive=True):
            trees |= Q(path__startswith=home.path)
        return public(Page.objects.live()).filter(trees).order_by("path").defer_streamfields().specific()
