"""Wagtail admin for the directory: organisations, memberships, steps, responsibilities, sectors, languages.

Organisations, memberships and responsibilities use `OrganizationScopedPolicy` (registered with
`register_permission_policy`), and every view that loads one object checks that object against it: an
organisation admin gets a 403 on another organisation's edit URL, and the listings only show their rows.
Creating an organisation or a membership goes through the services, so the group and the object
permissions are always set.
"""

import functools

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log
from wagtail.permissions import register_permission_policy

from directory import services
from directory.forms import OrganizationAdminForm, OrganizationScopedAdminForm
from directory.models import Language, Membership, Organization, PathwayStep, Responsibility, Sector
from directory.permissions import OrganizationScopedPolicy
from portal.errors import ServiceErrorFormMixin

organization_policy = OrganizationScopedPolicy(Organization, organization_field="", org_admin_actions=("change",))
membership_policy = OrganizationScopedPolicy(
    Membership, organization_field="organization", org_admin_actions=("add", "change", "delete")
)
responsibility_policy = OrganizationScopedPolicy(
    Responsibility, organization_field="organization", org_admin_actions=("add", "change", "delete")
)
register_permission_policy(Organization, organization_policy)
register_permission_policy(Membership, membership_policy)
register_permission_policy(Responsibility, responsibility_policy)


class ObjectPermissionDenied(PermissionDenied):
    """The user may use this admin section, but not on this object: answered with a real 403 (see below)."""


class InstancePermissionMixin:
    """Refuse an object the user's policy does not allow, whatever the model-level answer was."""

    instance_action = "change"

    def get_object(self, *args, **kwargs):
        instance = super().get_object(*args, **kwargs)
        if not self.permission_policy.user_has_permission_for_instance(
            self.request.user, self.instance_action, instance
        ):
            raise ObjectPermissionDenied
        return instance


def forbid_other_organisations(view):
    """Wagtail turns PermissionDenied into a redirect to the dashboard; another organisation's object is a
    403 (Forbidden) instead, so that scripts and tests see the refusal for what it is."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ObjectPermissionDenied:
            return TemplateResponse(request, "directory/admin/forbidden.html", status=403)

    return wrapped


class ScopedIndexView(generic.IndexView):
    def get_base_queryset(self):
        allowed = self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, ["change", "delete"]
        )
        return super().get_base_queryset().filter(pk__in=allowed.values("pk"))


class ScopedEditView(InstancePermissionMixin, generic.EditView):
    pass


class ScopedDeleteView(InstancePermissionMixin, generic.DeleteView):
    instance_action = "delete"


class ScopedHistoryView(InstancePermissionMixin, history.HistoryView):
    pass


class ScopedUsageView(InstancePermissionMixin, usage.UsageView):
    pass


class ScopedViewSet(ModelViewSet):
    index_view_class = ScopedIndexView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    copy_view_enabled = False
    add_to_admin_menu = False

    def construct_view(self, view_class, **kwargs):
        return forbid_other_organisations(super().construct_view(view_class, **kwargs))


# --- organisations -------------------------------------------------------------------------------------
class OrganizationCreateView(ServiceErrorFormMixin, generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        fields = {
            name: value
            for name, value in data.items()
            if name not in {"name", "kind", "mandate_fr", "slug", "sectors", "languages"}
        }
        organization = services.organization_create(
            name=data["name"],
            kind=data["kind"],
            mandate_fr=data["mandate_fr"],
            slug=data.get("slug", ""),
            sectors=data.get("sectors") or [],
            languages=data.get("languages") or [],
            **fields,
        )
        log(organization, "wagtail.create", user=self.request.user)
        return organization


class OrganizationDeleteView(ScopedDeleteView):
    # A refused delete (party to referrals) raises DirectoryError: ServiceErrorMiddleware shows its message.
    def delete_action(self):
        # One transaction: a refused delete leaves no "deleted" entry in the admin's history.
        with transaction.atomic():
            log(self.object, "wagtail.delete", user=self.request.user)
            services.organization_delete(organization=self.object)


class OrganizationViewSet(ScopedViewSet):
    model = Organization
    icon = "group"
    menu_label = _("Organisations")
    add_view_class = OrganizationCreateView
    delete_view_class = OrganizationDeleteView
    list_display = ["name", "acronym", "kind", "is_active", "accepts_referrals"]
    list_filter = ["kind", "is_active", "accepts_referrals"]
    search_fields = ["name", "name_en", "acronym", "former_name"]
    edit_handler = ObjectList([
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("name_en"), FieldRowPanel([FieldPanel("acronym"), FieldPanel("slug")]),
             FieldPanel("kind"),
             FieldPanel("former_name"), FieldPanel("is_active")],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [FieldPanel("mandate_fr"), FieldPanel("mandate_en"), FieldPanel("services_fr"), FieldPanel("services_en"),
             FieldPanel("sectors"), FieldPanel("languages")],
            heading=_("Mandate and services"),
        ),
        MultiFieldPanel(
            [FieldPanel("street_address"), FieldRowPanel([FieldPanel("city"), FieldPanel("postal_code"),
             FieldPanel("region")]), FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
             FieldRowPanel([FieldPanel("phone"), FieldPanel("toll_free_phone")]),
             FieldRowPanel([FieldPanel("email"), FieldPanel("website")]),
             FieldPanel("opening_hours_fr"), FieldPanel("opening_hours_en"),
             FieldPanel("accessibility_fr"), FieldPanel("accessibility_en"),
             FieldPanel("access_fr"), FieldPanel("access_en")],
            heading=_("How to reach it"),
        ),
        MultiFieldPanel(
            [FieldPanel("accepts_referrals"), FieldRowPanel([FieldPanel("referral_intake_email"),
             FieldPanel("referral_intake_phone")]), FieldPanel("referral_instructions_fr"),
             FieldPanel("referral_instructions_en")],
            heading=_("Referrals"),
        ),
    ], base_form_class=OrganizationAdminForm)


# --- memberships ---------------------------------------------------------------------------------------
class MembershipCreateView(ServiceErrorFormMixin, generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        membership = services.membership_add(user=data["user"], organization=data["organization"], role=data["role"])
        log(membership, "wagtail.create", user=self.request.user)
        return membership


class MembershipEditView(ServiceErrorFormMixin, ScopedEditView):
    def save_instance(self):
        data = self.form.cleaned_data
        membership = Membership.objects.get(pk=self.object.pk)
        services.membership_update(membership=membership, role=data["role"], is_active=data["is_active"])
        log(membership, "wagtail.edit", user=self.request.user)
        return membership


class MembershipDeleteView(ScopedDeleteView):
    def delete_action(self):
        log(self.object, "wagtail.delete", user=self.request.user)
        services.membership_remove(membership=self.object)


class MembershipForm(OrganizationScopedAdminForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Who and where are the membership's identity: change them by removing and adding.
            for name in ("user", "organization"):
                if name in self.fields:
                    self.fields[name].disabled = True


class MembershipViewSet(ScopedViewSet):
    model = Membership
    icon = "user"
    menu_label = _("Memberships")
    add_view_class = MembershipCreateView
    edit_view_class = MembershipEditView
    delete_view_class = MembershipDeleteView
    list_display = ["user", "organization", "role", "is_active"]
    list_filter = ["role", "is_active", "organization"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "organization__name"]
    edit_handler = ObjectList(
        [FieldPanel("user"), FieldPanel("organization"), FieldPanel("role"), FieldPanel("is_active")],
        base_form_class=MembershipForm,
    )


# --- responsibilities ----------------------------------------------------------------------------------
class ResponsibilityViewSet(ScopedViewSet):
    model = Responsibility
    icon = "list-ul"
    menu_label = _("Responsibilities")
    list_display = ["organization", "step", "level", "is_public"]
    list_filter = ["level", "is_public", "step__stage", "organization"]
    search_fields = ["organization__name", "step__name_fr", "step__name_en"]
    edit_handler = ObjectList(
        [FieldPanel("organization"), FieldPanel("step"), FieldPanel("level"), FieldPanel("note_fr"),
         FieldPanel("note_en"), FieldPanel("is_public")],
        base_form_class=OrganizationScopedAdminForm,
    )


# --- shared references: platform admins only (model permissions) -----------------------------------------
class PathwayStepViewSet(ModelViewSet):
    model = PathwayStep
    icon = "list-ol"
    menu_label = _("Pathway steps")
    add_to_admin_menu = False
    list_display = ["name_fr", "name_en", "stage", "order"]
    list_filter = ["stage"]
    search_fields = ["name_fr", "name_en", "slug"]
    form_fields = ["slug", "stage", "order", "name_fr", "name_en", "description_fr", "description_en",
                   "keywords_fr", "keywords_en", "entry_point", "contact_note_fr", "contact_note_en",
                   "follow_up_months"]


class SectorViewSet(ModelViewSet):
    model = Sector
    icon = "tag"
    menu_label = _("Sectors")
    add_to_admin_menu = False
    list_display = ["name_fr", "name_en", "slug"]
    form_fields = ["slug", "name_fr", "name_en"]


class LanguageViewSet(ModelViewSet):
    model = Language
    icon = "globe"
    menu_label = _("Languages")
    add_to_admin_menu = False
    list_display = ["name_fr", "name_en", "code"]
    form_fields = ["code", "name_fr", "name_en"]


class DirectoryViewSetGroup(ViewSetGroup):
    menu_label = _("Directory")
    menu_icon = "group"
    menu_order = 200
    items = (
        OrganizationViewSet("organizations"),
        MembershipViewSet("memberships"),
        ResponsibilityViewSet("responsibilities"),
        PathwayStepViewSet("pathway_steps"),
        SectorViewSet("sectors"),
        LanguageViewSet("languages"),
    )


@hooks.register("register_admin_viewset")
def register_directory_viewsets():
    return DirectoryViewSetGroup()
