"""Public pages of the directory app (inside i18n_patterns: French at /, English at /en/)."""

from django.urls import path
from django.utils.translation import pgettext_lazy

from directory import views

app_name = "directory"

urlpatterns = [
    path(
        pgettext_lazy("URL path", "organizations/<slug:slug>/"),
        views.organization_detail,
        name="organization",
    ),
]
