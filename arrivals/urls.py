"""Pages of the arrivals register (members of the welcoming organisation) and its dashboard (public).
Translated paths like the workspace's: French at / (/arrivees/…), English under /en/ (/en/arrivals/…)."""

from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "arrivals"

urlpatterns = [
    path(pgettext_lazy("URL path", "arrivals/"), views.register, name="register"),
    path(pgettext_lazy("URL path", "arrivals/new/"), views.create, name="create"),
    path(pgettext_lazy("URL path", "arrivals/dashboard/"), views.dashboard, name="dashboard"),
    path(pgettext_lazy("URL path", "arrivals/dashboard/print/"), views.dashboard, name="dashboard-print"),
    path(pgettext_lazy("URL path", "arrivals/dashboard.csv"), views.dashboard_csv, name="dashboard-csv"),
    path(pgettext_lazy("URL path", "arrivals/households/<uuid:public_id>/"), views.household, name="household"),
    path(pgettext_lazy("URL path", "arrivals/households/<uuid:public_id>/edit/"), views.edit, name="edit"),
    path(pgettext_lazy("URL path", "arrivals/households/<uuid:public_id>/steps/<int:item_id>/"), views.step,
         name="step"),
    path(pgettext_lazy("URL path", "arrivals/households/<uuid:public_id>/departure/"), views.depart,
         name="depart"),
    path(pgettext_lazy("URL path", "arrivals/households/<uuid:public_id>/persons/"), views.add_person,
         name="add-person"),
    path(pgettext_lazy("URL path", "arrivals/households/<uuid:public_id>/export.json"), views.export,
         name="export"),
    path(pgettext_lazy("URL path", "arrivals/households/<uuid:public_id>/erase/"), views.erase, name="erase"),
]
