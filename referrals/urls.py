"""Partner workspace of the referrals app (under the i18n URL patterns; French slugs, like the rest)."""

from django.urls import path

from . import views

app_name = "referrals"

urlpatterns = [
    path("references/", views.inbox, name="inbox"),
    path("references/envoyees/", views.outbox, name="outbox"),
    path("references/recherche/", views.search, name="search"),
    path("references/organisme/", views.choose_organization, name="choose-organization"),
    path("references/nouvelle/", views.create, name="create"),
    path("references/journal/", views.access_log, name="access-log"),
    path("references/statistiques/", views.statistics_page, name="statistics"),
    path("references/statistiques.csv", views.statistics_csv, name="statistics-csv"),
    path("references/<uuid:public_id>/", views.detail, name="detail"),
    path("references/<uuid:public_id>/<slug:action>/", views.act, name="act"),
]
