"""/fhir/: the FHIR R4 base. Paths end without a slash, as FHIR clients build them ([base]/Task/123)."""

from django.urls import re_path

from . import views

ID = r"(?P<pk>[A-Za-z0-9\-.]{1,64})"
urlpatterns = [
    re_path(r"^$", views.TransactionView.as_view(), name="fhir-transaction"),
    re_path(r"^metadata/?$", views.CapabilityStatementView.as_view(), name="fhir-metadata"),
    re_path(r"^Task/?$", views.TaskView.as_view(), name="fhir-task-search"),
    re_path(rf"^Task/{ID}/?$", views.TaskView.as_view(), name="fhir-task"),
    re_path(r"^ServiceRequest/?$", views.ServiceRequestView.as_view(), name="fhir-servicerequest-search"),
    re_path(rf"^ServiceRequest/{ID}/?$", views.ServiceRequestView.as_view(), name="fhir-servicerequest"),
    re_path(r"^Consent/?$", views.ConsentView.as_view(), name="fhir-consent-search"),
    re_path(rf"^Consent/{ID}/?$", views.ConsentView.as_view(), name="fhir-consent"),
    re_path(r"^Organization/?$", views.OrganizationView.as_view(), name="fhir-organization-search"),
    re_path(rf"^Organization/{ID}/?$", views.OrganizationView.as_view(), name="fhir-organization"),
    re_path(r"^.*$", views.fhir_not_found),
]
