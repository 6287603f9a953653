"""Open Referral HSDS 3.0 endpoints, mounted under /api/hsds/: the directory in the HSDS API's shape."""

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from directory import hsds

PER_PAGE_MAX = 200


class HSDSOrganizationListView(APIView):
    """The active organisations as HSDS 3.0 organization objects, paged like the HSDS API."""

    permission_classes = []

    @extend_schema(
        parameters=[
            OpenApiParameter("page", OpenApiTypes.INT, required=False),
            OpenApiParameter("per_page", OpenApiTypes.INT, required=False, description=f"1 to {PER_PAGE_MAX}."),
        ],
        responses={200: OpenApiTypes.OBJECT},
        operation_id="hsds_organizations_list",
    )
    def get(self, request):
        errors, numbers = {}, {}
        for name, default in (("page", 1), ("per_page", 50)):
            raw = request.query_params.get(name, str(default))
            try:
                numbers[name] = int(raw)
            except ValueError:
                errors[name] = ["A whole number is required."]
                continue
            if not 1 <= numbers[name] <= (PER_PAGE_MAX if name == "per_page" else 10**6):
                errors[name] = [f"Out of range: {numbers[name]}."]
        if errors:
            raise ValidationError(errors)
        return Response(hsds.export_document(page_number=numbers["page"], size=numbers["per_page"]))


class HSDSOrganizationDetailView(APIView):
    """One organisation as an HSDS 3.0 organization object, by its HSDS id."""

    permission_classes = []

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="hsds_organizations_detail")
    def get(self, request, hsds_id):
        organization = get_object_or_404(hsds.export_queryset(), hsds_id=hsds_id)
        return Response(hsds.organization_to_hsds(organization))


app_name = "hsds"
urlpatterns = [
    path("organizations/", HSDSOrganizationListView.as_view(), name="organizations"),
    path("organizations/<uuid:hsds_id>/", HSDSOrganizationDetailView.as_view(), name="organization"),
]
