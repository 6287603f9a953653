"""API serializers of the directory: validation at the edge (every 400 with field messages)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from directory.forms import PLATFORM_ONLY_ORGANIZATION_FIELDS
from directory.models import Language, Organization, PathwayStep, Responsibility, Sector, user_is_platform_admin


class SectorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sector
        fields = ["slug", "name_fr", "name_en"]


class LanguageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Language
        fields = ["code", "name_fr", "name_en"]


class OrganizationSerializer(serializers.ModelSerializer):
    sectors = serializers.SlugRelatedField(slug_field="slug", many=True, queryset=Sector.objects.all(), required=False)
    languages = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Language.objects.all(), required=False
    )
    url = serializers.SerializerMethodField(help_text=_("The public role page."))

    class Meta:
        model = Organization
        fields = [
            "slug", "name", "name_en", "acronym", "former_name", "kind", "sectors", "mandate_fr", "mandate_en",
            "services_fr", "services_en", "street_address", "city", "postal_code", "region", "latitude",
            "longitude", "phone", "toll_free_phone", "email", "website", "languages", "opening_hours_fr",
            "opening_hours_en", "accessibility_fr", "accessibility_en", "access_fr", "access_en", "accepts_referrals",
            "referral_intake_email", "referral_intake_phone", "referral_instructions_fr", "referral_instructions_en",
            "is_active", "hsds_id", "url", "updated_at",
        ]
        read_only_fields = ["hsds_id", "url", "updated_at"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if self.instance is not None and request is not None and not user_is_platform_admin(request.user):
            # Organisation admins describe their organisation; its slug and its existence are the platform's.
            for name in PLATFORM_ONLY_ORGANIZATION_FIELDS:
                fields[name].read_only = True
        return fields

    @extend_schema_field(serializers.CharField())
    def get_url(self, organization) -> str:
        request = self.context.get("request")
        path = organization.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class PathwayStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = PathwayStep
        fields = ["slug", "stage", "order", "name_fr", "name_en", "description_fr", "description_en"]


class ResponsibilitySerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="slug", queryset=Organization.objects.all())
    step = serializers.SlugRelatedField(slug_field="slug", queryset=PathwayStep.objects.all())

    class Meta:
        model = Responsibility
        fields = ["id", "organization", "step", "level", "note_fr", "note_en", "is_public", "updated_at"]
        read_only_fields = ["id", "updated_at"]
        validators = []  # the uniqueness of (organisation, step) is checked below with a clearer message

    def validate(self, attrs):
        organization = attrs.get("organization", getattr(self.instance, "organization", None))
        step = attrs.get("step", getattr(self.instance, "step", None))
        duplicates = Responsibility.objects.filter(organization=organization, step=step)
        if self.instance is not None:
            duplicates = duplicates.exclude(pk=self.instance.pk)
        if duplicates.exists():
            raise serializers.ValidationError(
                {"step": [_("This organisation already has a responsibility for this step.")]}
            )
        return attrs


class MatrixCellSerializer(serializers.Serializer):
    organization = serializers.CharField()
    level = serializers.CharField()


class MatrixStepSerializer(serializers.Serializer):
    slug = serializers.CharField()
    stage = serializers.CharField()
    name = serializers.CharField()
    status = serializers.ChoiceField(choices=["ok", "gap", "overlap", "unassigned"])
    leads = serializers.ListField(child=serializers.CharField())
    cells = MatrixCellSerializer(many=True)


class MatrixOrganizationSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    kind = serializers.CharField()


class MatrixSerializer(serializers.Serializer):
    organizations = MatrixOrganizationSerializer(many=True)
    steps = MatrixStepSerializer(many=True)
    gaps = serializers.ListField(child=serializers.CharField(), help_text=_("Slugs of the steps nobody leads."))
    overlaps = serializers.ListField(
        child=serializers.CharField(), help_text=_("Slugs of the steps with several leads.")
    )
    unassigned = serializers.ListField(
        child=serializers.CharField(), help_text=_("Slugs of the steps with no responsibility at all.")
    )


def matrix_to_data(matrix) -> dict:
    return {
        "organizations": [
            {"slug": org.slug, "name": org.name, "short_name": org.short_name, "kind": org.kind}
            for org in matrix.columns
        ],
        "steps": [
            {
                "slug": row.step.slug,
                "stage": row.step.stage,
                "name": row.step.name,
                "status": row.status,
                "leads": [org.slug for org in row.leads],
                "cells": [
                    {"organization": cell.organization.slug, "level": cell.level} for cell in row.cells if cell
                ],
            }
            for row in matrix.rows
        ],
        "gaps": [row.step.slug for row in matrix.gaps],
        "overlaps": [row.step.slug for row in matrix.overlaps],
        "unassigned": [row.step.slug for row in matrix.unassigned],
    }
