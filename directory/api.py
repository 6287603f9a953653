"""REST API of the directory app, mounted under /api/v1/: public read, write for permitted users only."""

import django_filters
from django.db import transaction
from django.db.models import Q
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from directory import services
from directory.forms import MatrixFilterForm
from directory.matrix import build_matrix
from directory.models import (
    Organization,
    OrganizationKind,
    PathwayStage,
    PathwayStep,
    Responsibility,
    ResponsibilityLevel,
    user_is_platform_admin,
)
from directory.permissions import CanManageOrganizationOrReadOnly, IsPlatformAdminOrReadOnly, user_can_manage
from directory.serializers import (
    MatrixSerializer,
    OrganizationSerializer,
    PathwayStepSerializer,
    ResponsibilitySerializer,
    matrix_to_data,
)
from portal.api_filters import StrictBooleanFilter


class OrganizationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=OrganizationKind.choices)
    sector = django_filters.CharFilter(field_name="sectors__slug", help_text=_("Sector slug."))
    language = django_filters.CharFilter(field_name="languages__code", help_text=_("ISO 639 language code."))
    step = django_filters.CharFilter(method="filter_step", help_text=_("Pathway step slug (public responsibilities)."))
    level = django_filters.ChoiceFilter(
        choices=ResponsibilityLevel.choices, method="filter_level",
        help_text=_("Responsibility level, for any step or for the given step."),
    )
    active = StrictBooleanFilter(
        field_name="is_active",
        help_text=_("Deactivated organisations are listed for platform admins (and their own admins) only."),
    )
    accepts_referrals = StrictBooleanFilter()
    search = django_filters.CharFilter(method="filter_search", help_text=_("Words in the name, acronym or mandate."))

    class Meta:
        model = Organization
        fields = ["kind", "sector", "language", "step", "level", "active", "accepts_referrals", "search"]

    def filter_step(self, queryset, name, value):
        return queryset  # applied together with the level in filter_queryset

    def filter_level(self, queryset, name, value):
        return queryset

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        step, level = self.form.cleaned_data.get("step"), self.form.cleaned_data.get("level")
        if step or level:
            responsibilities = Responsibility.objects.filter(is_public=True)
            if step:
                responsibilities = responsibilities.filter(step__slug=step)
            if level:
                responsibilities = responsibilities.filter(level=level)
            queryset = queryset.filter(pk__in=responsibilities.values("organization_id"))
        return queryset.distinct()


class OrganizationViewSet(viewsets.ModelViewSet):
    """Organisations of the welcome city. Anyone reads; platform admins create and delete; an organisation's
    admins edit it."""

    serializer_class = OrganizationSerializer
    permission_classes = [CanManageOrganizationOrReadOnly]
    filterset_class = OrganizationFilter
    lookup_field = "slug"

    def get_queryset(self):
        """Public means public everywhere: a deactivated organisation is absent for visitors, as on the
        pages, in the HSDS export and the sitemap (`?active=false` finds nothing). Platform admins see every
        organisation; an organisation admin also sees their own."""
        organizations = Organization.objects.all()
        user = self.request.user
        if not user_is_platform_admin(user):
            visible = Q(is_active=True)
            if user.is_authenticated:
                visible |= Q(pk__in=Organization.objects.managed_by(user).values("pk"))
            organizations = organizations.filter(visible)
        return organizations.prefetch_related("sectors", "languages").order_by("name")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.organization_create(
            name=data.pop("name"), kind=data.pop("kind"), mandate_fr=data.pop("mandate_fr"),
            slug=data.pop("slug", ""), sectors=data.pop("sectors", []), languages=data.pop("languages", []),
            **data,
        )

    def perform_destroy(self, instance):
        services.organization_delete(organization=instance)


class PathwayStepFilter(django_filters.FilterSet):
    stage = django_filters.ChoiceFilter(choices=PathwayStage.choices)

    class Meta:
        model = PathwayStep
        fields = ["stage"]


class PathwayStepViewSet(viewsets.ModelViewSet):
    """The integration pathway, stage by stage. Anyone reads; platform admins edit."""

    serializer_class = PathwayStepSerializer
    permission_classes = [IsPlatformAdminOrReadOnly]
    filterset_class = PathwayStepFilter
    lookup_field = "slug"

    def get_queryset(self):
        return PathwayStep.objects.in_pathway_order()


class ResponsibilityFilter(django_filters.FilterSet):
    organization = django_filters.CharFilter(field_name="organization__slug")
    step = django_filters.CharFilter(field_name="step__slug")
    stage = django_filters.ChoiceFilter(field_name="step__stage", choices=PathwayStage.choices)
    level = django_filters.ChoiceFilter(choices=ResponsibilityLevel.choices)
    kind = django_filters.ChoiceFilter(field_name="organization__kind", choices=OrganizationKind.choices)

    class Meta:
        model = Responsibility
        fields = ["organization", "step", "stage", "level", "kind"]


class ResponsibilityViewSet(viewsets.ModelViewSet):
    """Who does what for each step. Anyone reads the public ones of active organisations; platform admins
    and the organisation's admins write (and read their non-public ones)."""

    serializer_class = ResponsibilitySerializer
    permission_classes = [CanManageOrganizationOrReadOnly]
    filterset_class = ResponsibilityFilter

    def get_queryset(self):
        visible = Responsibility.objects.public()
        user = self.request.user
        if user_is_platform_admin(user):
            visible = Responsibility.objects.all()
        elif user.is_authenticated:
            visible = visible | Responsibility.objects.managed_by(user)
        return visible.select_related("organization", "step").order_by("step__order", "organization__name", "pk")

    def _check_organization(self, serializer):
        organization = serializer.validated_data.get("organization")
        if organization is not None and not user_can_manage(self.request.user, organization):
            raise PermissionDenied(_("You may only change the responsibilities of your own organisation."))

    @transaction.atomic
    def perform_create(self, serializer):
        self._check_organization(serializer)
        serializer.save()

    @transaction.atomic
    def perform_update(self, serializer):
        self._check_organization(serializer)
        serializer.save()


class MatrixView(APIView):
    """The responsibility matrix with its gaps (no lead), overlaps (several leads) and unassigned steps."""

    permission_classes = []
    serializer_class = MatrixSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("stage", enum=PathwayStage.values, required=False),
            OpenApiParameter("kind", enum=OrganizationKind.values, required=False),
        ],
        responses=MatrixSerializer,
    )
    def get(self, request):
        form = MatrixFilterForm(request.query_params)
        if not form.is_valid():
            raise ValidationError({field: list(errors) for field, errors in form.errors.items()})
        matrix = build_matrix(stage=form.cleaned_data["stage"], kind=form.cleaned_data["kind"])
        return Response(matrix_to_data(matrix), status=status.HTTP_200_OK)


router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("pathway-steps", PathwayStepViewSet, basename="pathway-step")
router.register("responsibilities", ResponsibilityViewSet, basename="responsibility")

app_name = "directory-api"
urlpatterns = [*router.urls, path("matrix/", MatrixView.as_view(), name="matrix")]
