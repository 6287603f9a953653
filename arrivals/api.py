"""REST API of the arrivals register (members of the welcoming organisation) and its public figures,
mounted under /api/v1/arrivals/.

Same rules as the pages: every household comes from `Household.objects.visible_to(user)` (anyone else gets
404), every write goes through a service, reading one household's file is logged in the access log.
Listings carry no personal data (no names, no address). Business errors (`ArrivalsError`, a
`ServiceError`) become the project's JSON error through the one exception handler. The public figures
follow the small-number rule: a hidden count is `{"fewer_than": 3}`.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import path
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from knox.auth import TokenAuthentication
from rest_framework import mixins, serializers, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from directory.models import Language, Organization
from portal import disclosure

from . import figures, services
from .models import BAND_FIELDS, ChecklistItem, Country, DepartureReason, Household, Relationship, StepStatus
from .permissions import register_organization, register_organizations

# --- serializers ------------------------------------------------------------------------------------------


class CompositionSerializer(serializers.Serializer):
    children_0_4 = serializers.IntegerField(min_value=0, max_value=30, default=0)
    children_5_11 = serializers.IntegerField(min_value=0, max_value=30, default=0)
    youth_12_17 = serializers.IntegerField(min_value=0, max_value=30, default=0)
    adults_18_64 = serializers.IntegerField(min_value=0, max_value=30, default=0)
    seniors_65_plus = serializers.IntegerField(min_value=0, max_value=30, default=0)


class HouseholdListSerializer(serializers.ModelSerializer):
    """A row of the register's listing: no personal data."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    persons = serializers.IntegerField(source="person_count", read_only=True)
    languages = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    countries = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Household
        fields = ["id", "organization", "arrival_date", "cohort", "persons", "languages", "countries",
                  "interpreter_needed", "temporary_housing", "departure_date", "departure_reason", "updated_at"]
        read_only_fields = fields


class HouseholdPersonSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=200)
    birth_year = serializers.IntegerField(min_value=1900, max_value=2100, required=False, allow_null=True)
    relationship = serializers.ChoiceField(choices=Relationship.choices, default=Relationship.OTHER)


class ChecklistItemSerializer(serializers.ModelSerializer):
    step = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    referral = serializers.UUIDField(source="referral.public_id", read_only=True, default=None)

    class Meta:
        model = ChecklistItem
        fields = ["step", "status", "date", "organization", "referral"]


class HouseholdDetailSerializer(HouseholdListSerializer):
    composition = serializers.SerializerMethodField()
    persons_list = HouseholdPersonSerializer(source="persons", many=True, read_only=True)
    checklist = serializers.SerializerMethodField()

    class Meta(HouseholdListSerializer.Meta):
        fields = [*HouseholdListSerializer.Meta.fields, "family_name", "address", "notes", "composition",
                  "persons_list", "checklist", "personal_data_erased_at"]
        read_only_fields = fields

    @extend_schema_field(CompositionSerializer)
    def get_composition(self, household) -> dict:
        return {name: getattr(household, name) for name in BAND_FIELDS}

    @extend_schema_field(ChecklistItemSerializer(many=True))
    def get_checklist(self, household) -> list:
        items = household.checklist.select_related("step", "organization", "referral").order_by("step__order", "pk")
        return ChecklistItemSerializer(items, many=True).data


class HouseholdCreateSerializer(serializers.Serializer):
    family_name = serializers.CharField(max_length=200)
    arrival_date = serializers.DateField()
    cohort = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    composition = CompositionSerializer()
    countries = serializers.SlugRelatedField(slug_field="code", queryset=Country.objects.all(), many=True,
                                             required=False)
    languages = serializers.SlugRelatedField(slug_field="code", queryset=Language.objects.all(), many=True,
                                             required=False)
    interpreter_needed = serializers.BooleanField(default=False)
    temporary_housing = serializers.BooleanField(default=True)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    notes = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    persons = HouseholdPersonSerializer(many=True, required=False)


class StepUpdateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=StepStatus.choices)
    date = serializers.DateField(required=False, allow_null=True)
    organization = serializers.SlugRelatedField(slug_field="slug", queryset=Organization.objects.active(),
                                                required=False, allow_null=True)


class DepartureSerializer(serializers.Serializer):
    departure_date = serializers.DateField()
    departure_reason = serializers.ChoiceField(choices=DepartureReason.choices)


# --- the register -------------------------------------------------------------------------------------------


class KeepsARegister(BasePermission):
    """As the register's pages: the list answers 403, not an empty list, to members of an organisation that
    keeps no register. One household stays a 404 to them (its existence is not confirmed)."""

    message = _("Only members of an organisation that keeps an arrivals register can use it.")

    def has_permission(self, request, view):
        return view.action != "list" or register_organizations(request.user).exists()


@extend_schema_view(
    list=extend_schema(summary="Households of the register you keep (no personal data)"),
    retrieve=extend_schema(summary="One household's file (recorded in the access log)"),
    create=extend_schema(request=HouseholdCreateSerializer, responses={201: HouseholdDetailSerializer},
                         summary="Add a household to the register (its routine's checklist comes with it)"),
)
class HouseholdViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                       viewsets.GenericViewSet):
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated, KeepsARegister]
    lookup_field = "public_id"
    lookup_url_kwarg = "id"
    lookup_value_regex = "[0-9a-fA-F-]{32,36}"
    filter_backends = []
    serializer_class = HouseholdDetailSerializer

    def get_queryset(self):
        return Household.objects.visible_to(self.request.user).for_listing().order_by("-arrival_date", "-pk")

    def get_serializer_class(self):
        return HouseholdListSerializer if self.action == "list" else HouseholdDetailSerializer

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    def get_object(self):
        try:
            return self.get_queryset().get(public_id=self.kwargs["id"])
        except (Household.DoesNotExist, ValueError, DjangoValidationError):
            raise NotFound from None

    def _detail(self, household):
        household = self.get_queryset().prefetch_related("persons").get(pk=household.pk)
        return HouseholdDetailSerializer(household, context=self.get_serializer_context()).data

    def retrieve(self, request, *args, **kwargs):
        household = self.get_object()
        services.household_log_view(household=household, user=request.user)
        return Response(self._detail(household))

    def create(self, request, *args, **kwargs):
        organization = register_organization(request.user)
        if organization is None:
            raise PermissionDenied("Only members of a welcoming organisation keep a register.")
        serializer = HouseholdCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        household = services.household_create(
            user=request.user, organization=organization, composition=dict(data.pop("composition")),
            persons=[dict(person) for person in data.pop("persons", [])], **data,
        )
        return Response(self._detail(household), status=201)

    @extend_schema(request=StepUpdateSerializer, responses={200: ChecklistItemSerializer},
                   summary="Set where one step of the household's arrival routine stands")
    @action(detail=True, methods=["post"], url_path=r"steps/(?P<step>[-a-z0-9_]+)")
    def step(self, request, id=None, step=None):  # noqa: A002 — the URL's name
        household = self.get_object()
        item = ChecklistItem.objects.filter(household=household, step__slug=step).first()
        if item is None:
            raise NotFound("This step is not in the household's routine.")
        serializer = StepUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        item = services.checklist_update(item=item, user=request.user, status=data["status"], on=data.get("date"),
                                         organization=data.get("organization"))
        return Response(ChecklistItemSerializer(item).data)

    @extend_schema(request=DepartureSerializer, responses={200: HouseholdDetailSerializer},
                   summary="Record the household's departure")
    @action(detail=True, methods=["post"])
    def departure(self, request, id=None):  # noqa: A002
        household = self.get_object()
        serializer = DepartureSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.household_depart(household=household, user=request.user,
                                  departure_date=serializer.validated_data["departure_date"],
                                  reason=serializer.validated_data["departure_reason"])
        return Response(self._detail(household))


# --- the public figures -------------------------------------------------------------------------------------

DISCLOSED = {"oneOf": [{"type": "integer"}, {"type": "object", "properties": {"fewer_than": {"type": "integer"}},
                                                 "required": ["fewer_than"]}]}


def disclosed(value):
    return {"fewer_than": value.minimum} if disclosure.is_suppressed(value) else value


class PublicFiguresSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    persons = serializers.SerializerMethodField()
    households = serializers.SerializerMethodField()
    languages = serializers.SerializerMethodField()
    language_names = serializers.ListField(child=serializers.CharField())
    target = serializers.IntegerField(allow_null=True)
    target_date = serializers.DateField(allow_null=True)
    progress_percent = serializers.FloatField(source="progress", allow_null=True)

    @extend_schema_field(DISCLOSED)
    def get_persons(self, obj):
        return disclosed(obj.persons)

    @extend_schema_field(DISCLOSED)
    def get_households(self, obj):
        return disclosed(obj.households)

    @extend_schema_field(DISCLOSED)
    def get_languages(self, obj):
        return disclosed(obj.languages)


class PublicFiguresView(APIView):
    """The register's public figures (the home page's), under the small-number rule; no personal data."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(responses={200: PublicFiguresSerializer}, summary="Public figures of the arrivals register")
    def get(self, request):
        return Response(PublicFiguresSerializer(figures.public_figures()).data)


router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("arrivals/households", HouseholdViewSet, basename="household")

urlpatterns = [
    path("arrivals/figures/", PublicFiguresView.as_view(), name="arrivals-figures"),
    *router.urls,
]
