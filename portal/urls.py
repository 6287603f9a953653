from csp.decorators import csp_update
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.utils.translation import pgettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts import views as account_views
from concertation import urls as concertation_urls
from portal import views as portal_views

api_patterns = [
    path("v1/", include("directory.api")),
    path("v1/", include("referrals.api")),
    path("v1/", include("network.api")),
    path("v1/", include("arrivals.api")),
    path("v1/", include("concertation.api")),
    path("hsds/", include("directory.api_hsds")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI with its start-up script served as a file (no inline script: the site's CSP holds for scripts);
    # it sets inline styles, allowed on this page only.
    path("docs/", csp_update({"style-src": ["'unsafe-inline'"]})(
        SpectacularSwaggerSplitView.as_view(url_name="api-schema")), name="api-docs"),
    # Redoc writes <style> elements, searches in a blob: worker and hard-codes its vendor's logo: exceptions for
    # this page only (styles, the worker, one image host), never for scripts (docs/operations.md).
    path("redoc/", csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["blob:"],
                               "img-src": ["https://cdn.redoc.ly"]})(SpectacularRedocView.as_view(url_name="api-schema")),
         name="api-redoc"),
    # Last: any other path under /api/ (an id of the wrong shape, a typo) is a JSON 404, whatever the method,
    # instead of falling through to the site's pages (an HTML 404, or the CSRF page on a POST).
    re_path(r"^.*$", portal_views.api_not_found),
]

urlpatterns = [
    # Wagtail's own sign-in form is replaced by ours: one sign-in, one code step, one lockout.
    path("admin/login/", csrf_exempt(RedirectView.as_view(pattern_name="login", query_string=True))),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/", include(api_patterns)),
    path("fhir/", include("referrals.fhir.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include(concertation_urls.feed_urlpatterns)),
    path("", include("portal.urls_root")),
]

urlpatterns += i18n_patterns(
    # Translated paths (French at /, English under /en/), like the directory's and the workspace's.
    path(pgettext_lazy("URL path", "sign-in/"), account_views.SignInView.as_view(), name="login"),
    path(pgettext_lazy("URL path", "sign-out/"), auth_views.LogoutView.as_view(), name="logout"),
    path(pgettext_lazy("URL path", "search/"), portal_views.search, name="search"),
    path("", include("accounts.urls")),
    path("", include("privacy.urls")),
    path("", include("directory.urls")),
    path("", include("referrals.urls")),
    path("", include("network.urls")),
    path("", include("concertation.urls")),
    path("", include("arrivals.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns

handler403 = "accounts.views.permission_denied"
handler400 = "portal.views.bad_request"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
