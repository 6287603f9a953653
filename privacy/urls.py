from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "privacy"
urlpatterns = [
    path(pgettext_lazy("URL path", "privacy/"), views.policy, name="policy"),
    path(pgettext_lazy("URL path", "privacy/incidents/"), views.incidents, name="incidents"),
    path(pgettext_lazy("URL path", "privacy/incidents/register.csv"), views.incidents_csv, name="incidents_csv"),
    path(pgettext_lazy("URL path", "privacy/incidents/new/"), views.incident_edit, name="incident_add"),
    path(pgettext_lazy("URL path", "privacy/incidents/<int:pk>/"), views.incident, name="incident"),
    path(pgettext_lazy("URL path", "privacy/incidents/<int:pk>/edit/"), views.incident_edit, name="incident_edit"),
    path(pgettext_lazy("URL path", "privacy/access-requests/"), views.access_request, name="access_request"),
]
