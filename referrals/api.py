"""REST API of the referrals app, mounted under /api/v1/referrals/.

Same rules as the pages: every referral comes from `Referral.objects.visible_to(user)` (a third
organisation gets 404), every write goes through a service, whose `ReferralError` the project's exception
handler (`portal.errors`) turns into 400/403/409. Listings carry no personal data; the detail (logged in
the access log) does.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.cache import add_never_cache_headers
from drf_spectacular.utils import extend_schema, extend_schema_view
from knox.auth import TokenAuthentication
from rest_framework import mixins, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from . import services
from .actions import ACTIONS, Action
from .filters import ReferralFilter
from .models import Referral
from .pagination import UncountedPagination
from .serializers import (
    LIST_COLUMNS,
    CommentSerializer,
    ReferralCreateSerializer,
    ReferralDetailSerializer,
    ReferralListSerializer,
    list_rows,
)

# --- the viewset ------------------------------------------------------------------------------------------


def _api_action(spec: Action):
    """The API's `POST …/<id>/<name>/` for one action of the table."""

    def view(self, request, id=None):
        referral = self.get_object()
        data = {}
        if spec.serializer is not None:
            serializer = spec.serializer(data=request.data, context={"referral": referral, "request": request})
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
        result = spec.run(referral, request.user, data, None)
        return Response(self._detail(result if isinstance(result, Referral) else referral))

    view.__name__ = view.__qualname__ = spec.api_name  # DRF maps the HTTP method to the attribute by name
    view = action(detail=True, methods=["post"], url_path=spec.name)(view)
    return extend_schema(request=spec.serializer, responses={200: ReferralDetailSerializer},
                         summary=spec.summary)(view)


@extend_schema_view(
    list=extend_schema(summary="Referrals you can see (no personal data)"),
    retrieve=extend_schema(summary="One referral with the person's data (recorded in the access log)"),
    create=extend_schema(request=ReferralCreateSerializer, responses={201: ReferralDetailSerializer},
                         summary="Create (and by default send) a referral"),
)
class ReferralViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                      viewsets.GenericViewSet):
    # Token first: its WWW-Authenticate header turns "not signed in" into a 401 rather than a 403.
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]
    lookup_field = "public_id"
    lookup_url_kwarg = "id"
    lookup_value_regex = "[0-9a-fA-F-]{32,36}"
    filterset_class = ReferralFilter
    pagination_class = UncountedPagination
    serializer_class = ReferralDetailSerializer
    list_columns = LIST_COLUMNS  # the listing's page is read as these values (UncountedPagination)
    unfiltered = False  # set by filter_queryset when a list asks for no filter (then recent_ids may walk)

    def get_queryset(self):
        return Referral.objects.visible_to(self.request.user).for_listing()

    def finalize_response(self, request, response, *args, **kwargs):
        # Details carry personal data: no browser or proxy may keep a copy (same as the workspace pages).
        response = super().finalize_response(request, response, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    def filter_queryset(self, queryset):
        # No filter asked (most calls: `?page=` at most): django-filter would build and validate its form for
        # nothing. Parameters it does not know were ignored before and still are.
        if self.action == "list" and not set(self.request.query_params).intersection(ReferralFilter.base_filters):
            self.unfiltered = True
            return queryset
        return super().filter_queryset(queryset)

    def recent_ids(self, queryset, stop):
        """The first `stop` ids of an unfiltered list from the walk of the most recent referrals, or None
        (UncountedPagination then chooses them the usual way): `ReferralQuerySet.recent_visible_ids`."""
        return queryset.recent_visible_ids(stop) if self.unfiltered else None

    def list(self, request, *args, **kwargs):
        # The page's rows as plain values, written by `list_rows` (what ReferralListSerializer, which the
        # schema documents, would give, without a model instance and a field object per value).
        rows = self.paginate_queryset(self.filter_queryset(self.get_queryset()))  # values of list_columns
        return self.get_paginated_response(list_rows(rows))

    def get_serializer_class(self):
        if self.action == "list":
            return ReferralListSerializer
        return ReferralDetailSerializer

    def get_object(self):
        try:
            return self.get_queryset().get(public_id=self.kwargs["id"])
        except (Referral.DoesNotExist, ValueError, DjangoValidationError):
            raise NotFound from None

    def retrieve(self, request, *args, **kwargs):
        referral = self.get_object()
        services.referral_log_view(referral=referral, user=request.user)
        return Response(self._detail(referral))

    def _detail(self, referral):
        referral = (
            Referral.objects.select_related("sender", "receiver", "pathway_step", "assigned_to", "redirected_from",
                                            "person", "consent__obtained_by", "consent__receiver")
            .prefetch_related("person__languages", "events__actor", "events__organization")
            .get(pk=referral.pk)
        )
        return ReferralDetailSerializer(referral, context=self.get_serializer_context()).data

    def create(self, request, *args, **kwargs):
        serializer = ReferralCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        person = dict(data["person"])
        consent = dict(data["consent"]) if data.get("consent") else None
        with transaction.atomic():
            referral = services.referral_create(
                user=request.user, sender=data["sender"], receiver=data["receiver"],
                pathway_step=data.get("pathway_step"), reason=data["reason"], urgency=data["urgency"],
                person=person, consent=consent,
            )
            if data["send"]:
                referral = services.referral_send(referral=referral, user=request.user)
        return Response(self._detail(referral), status=status.HTTP_201_CREATED)

    @extend_schema(methods=["get"], responses={200: CommentSerializer(many=True)}, summary="The comment thread")
    @extend_schema(methods=["post"], request=CommentSerializer, responses={201: CommentSerializer},
                   summary="Add a comment")
    # No listing filters here: the thread is not the referral list (the schema declared them, ignored).
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def comments(self, request, id=None):
        referral = self.get_object()
        if request.method == "GET":
            services.referral_log_view(referral=referral, user=request.user)
            rows = referral.comments.select_related("author", "organization")
            return Response(CommentSerializer(rows, many=True).data)
        serializer = CommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        comment = ACTIONS["comment"].run(referral, request.user, serializer.validated_data, None)
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


# One `POST …/<id>/<action>/` per action of the table that the API offers (the comment thread has its own).
for _spec in ACTIONS.values():
    if _spec.api_name:
        setattr(ReferralViewSet, _spec.api_name, _api_action(_spec))

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("referrals", ReferralViewSet, basename="referral")

urlpatterns = router.urls
