"""The partner space's pages, under the i18n URL patterns: French at /espace-partage/…, English at
/en/shared-space/…. The private calendar feed is language-neutral (`concertation_feed_urls`)."""

from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "concertation"

urlpatterns = [
    path(pgettext_lazy("URL path", "shared-space/"), views.home, name="home"),
    path(pgettext_lazy("URL path", "shared-space/documents/"), views.document_list, name="documents"),
    path(pgettext_lazy("URL path", "shared-space/documents/add/"), views.document_upload, name="document-upload"),
    path(pgettext_lazy("URL path", "shared-space/documents/<int:pk>/"), views.document_detail, name="document"),
    path(pgettext_lazy("URL path", "shared-space/documents/<int:pk>/edit/"), views.document_edit,
         name="document-edit"),
    path(pgettext_lazy("URL path", "shared-space/documents/<int:pk>/new-version/"), views.document_new_version,
         name="document-new-version"),
    path(pgettext_lazy("URL path", "shared-space/documents/<int:pk>/versions/<int:number>/"),
         views.document_version_download, name="document-version"),
    path(pgettext_lazy("URL path", "shared-space/tables/<slug:slug>/"), views.table_detail, name="table"),
    path(pgettext_lazy("URL path", "shared-space/tables/<slug:slug>/meetings/new/"), views.meeting_form,
         name="meeting-create"),
    path(pgettext_lazy("URL path", "shared-space/tables/<slug:slug>/meetings/<int:pk>/edit/"), views.meeting_form,
         name="meeting-edit"),
    path(pgettext_lazy("URL path", "shared-space/tables/<slug:slug>/decisions/new/"), views.decision_form,
         name="decision-create"),
    path(pgettext_lazy("URL path", "shared-space/tables/<slug:slug>/actions/new/"), views.action_form,
         name="action-create"),
    path(pgettext_lazy("URL path", "shared-space/tables/<slug:slug>/plan/<int:year>/"), views.action_plan,
         name="plan"),
    path(pgettext_lazy("URL path", "shared-space/tables/<slug:slug>/plan/<int:year>.csv"), views.action_plan_csv,
         name="plan-csv"),
    path(pgettext_lazy("URL path", "shared-space/meetings/<int:pk>/"), views.meeting_detail, name="meeting"),
    path(pgettext_lazy("URL path", "shared-space/actions/<int:pk>/status/"), views.action_status,
         name="action-status"),
    path(pgettext_lazy("URL path", "shared-space/calendar/"), views.calendar_page, name="calendar"),
    path(pgettext_lazy("URL path", "shared-space/calendar/address/"), views.calendar_token, name="calendar-token"),
    path(pgettext_lazy("URL path", "shared-space/events/propose/"), views.event_propose, name="event-propose"),
]

feed_urlpatterns = [
    path("partner-calendar/<str:token>.ics", views.calendar_feed, name="concertation-feed"),
]
