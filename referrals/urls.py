"""Partner workspace of the referrals app (under the i18n URL patterns). The paths are translated like
the directory's: French slugs at / (/references/…), English ones under /en/ (/en/referrals/…); the language
switcher maps one to the other with Django's translate_url."""

from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "referrals"

urlpatterns = [
    path(pgettext_lazy("URL path", "referrals/"), views.inbox, name="inbox"),
    path(pgettext_lazy("URL path", "referrals/sent/"), views.outbox, name="outbox"),
    path(pgettext_lazy("URL path", "referrals/search/"), views.search, name="search"),
    path(pgettext_lazy("URL path", "referrals/organization/"), views.choose_organization, name="choose-organization"),
    path(pgettext_lazy("URL path", "referrals/new/"), views.create, name="create"),
    path(pgettext_lazy("URL path", "referrals/new/proposal/"), views.proposal, name="proposal"),
    path(pgettext_lazy("URL path", "referrals/access-log/"), views.access_log, name="access-log"),
    path(pgettext_lazy("URL path", "referrals/notifications/"), views.preferences, name="preferences"),
    path(pgettext_lazy("URL path", "referrals/undelivered/"), views.undelivered, name="undelivered"),
    path(pgettext_lazy("URL path", "referrals/statistics/"), views.statistics_page, name="statistics"),
    path(pgettext_lazy("URL path", "referrals/statistics.csv"), views.statistics_csv, name="statistics-csv"),
    path(pgettext_lazy("URL path", "referrals/statistics/report/"), views.statistics_report,
         name="statistics-report"),
    path(pgettext_lazy("URL path", "referrals/<uuid:public_id>/"), views.detail, name="detail"),
    path(pgettext_lazy("URL path", "referrals/<uuid:public_id>/<slug:action>/"), views.act, name="act"),
]
