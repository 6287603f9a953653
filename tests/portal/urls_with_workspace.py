"""The project's URLs plus a `referrals:inbox` stand-in, to test the header's workspace link."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import include, path

from portal.urls import urlpatterns as project_urlpatterns

inbox_patterns = ([path("inbox/", lambda request: HttpResponse("inbox"), name="inbox")], "referrals")

urlpatterns = i18n_patterns(path("espace/", include(inbox_patterns)), prefix_default_language=False)
urlpatterns += project_urlpatterns
