"""Who may edit what in the directory, for the Wagtail admin and the API alike.

Platform admins (superusers, or holders of the model permissions, e.g. the "Platform admins" group) edit
everything. An organisation admin holds the guardian object permission `manage_organization` on their own
organisation (granted by `directory.services.membership_add`), and through it may edit that organisation,
its memberships and its responsibilities — nothing else, checked per object.
"""

from django.contrib.auth import get_permission_codename
from guardian.core import ObjectPermissionChecker
from rest_framework import permissions as drf_permissions
from wagtail.permission_policies import ModelPermissionPolicy

from directory.models import Organization, user_is_platform_admin

MANAGE = "manage_organization"


def user_can_manage(user, organization: Organization | None, *, checker: ObjectPermissionChecker | None = None) -> bool:
    """Whether the user may edit this organisation and what belongs to it (one query, or none with a checker)."""
    if organization is None or not user.is_authenticated or not user.is_active:
        return False
    if user_is_platform_admin(user):
        return True
    checker = checker or ObjectPermissionChecker(user)
    return checker.has_perm(MANAGE, organization)


def user_manages_any(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    cached = getattr(user, "_directory_manages_any", None)
    if cached is None:
        cached = Organization.objects.managed_by(user).exists()
        user._directory_manages_any = cached
    return cached


class OrganizationScopedPolicy(ModelPermissionPolicy):
    """Wagtail permission policy: model permissions for platform admins, guardian object permissions otherwise.

    `organization_field` names the path from the model to its organisation ("" for Organization itself).
    `org_admin_actions` are the actions an organisation admin may take on their own rows.
    """

    def __init__(self, model, *, organization_field: str, org_admin_actions: tuple[str, ...]):
        super().__init__(model)
        self.organization_field = organization_field
        self.org_admin_actions = set(org_admin_actions)

    def _organization_of(self, instance):
        return getattr(instance, self.organization_field) if self.organization_field else instance

    def _has_model_permission(self, user, action) -> bool:
        if not user.is_active:
            return False
        if user_is_platform_admin(user):
            return True
        return user.has_perm(f"{self.app_label}.{get_permission_codename(action, self.model._meta)}")

    def user_has_permission(self, user, action):
        if self._has_model_permission(user, action):
            return True
        return action in self.org_admin_actions and user_manages_any(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if any(self._has_model_permission(user, action) for action in actions):
            return True
        if not self.org_admin_actions.intersection(actions):
            return False
        return user_can_manage(user, self._organization_of(instance))

    def instances_user_has_any_permission_for(self, user, actions):
        manager = self.model._default_manager
        if any(self._has_model_permission(user, action) for action in actions):
            return manager.all()
        if not self.org_admin_actions.intersection(actions):
            return manager.none()
        managed = Organization.objects.managed_by(user)
        if not self.organization_field:
            return manager.filter(pk__in=managed.values("pk"))
        return manager.filter(**{f"{self.organization_field}__in": managed.values("pk")})

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])


class IsPlatformAdminOrReadOnly(drf_permissions.BasePermission):
    """API: anyone reads; platform admins write (steps and other shared references)."""

    def has_permission(self, request, view):
        return request.method in drf_permissions.SAFE_METHODS or user_is_platform_admin(request.user)


class CanManageOrganizationOrReadOnly(drf_permissions.BasePermission):
    """API: anyone reads; writes need a platform admin or an admin of the row's organisation.

    Creating an organisation is for platform admins only; creating a responsibility is checked in the
    serializer (the organisation is in the request body).
    """

    def has_permission(self, request, view):
        if request.method in drf_permissions.SAFE_METHODS:
            return True
        if not request.user.is_authenticated:
            return False
        if view.action == "create" and view.basename == "organization":
            return user_is_platform_admin(request.user)
        return user_is_platform_admin(request.user) or user_manages_any(request.user)

    def has_object_permission(self, request, view, obj):
        if request.method in drf_permissions.SAFE_METHODS:
            return True
        organization = obj if isinstance(obj, Organization) else obj.organization
        if view.action == "destroy" and isinstance(obj, Organization):
            return user_is_platform_admin(request.user)
        return user_can_manage(request.user, organization)
