"""Writes that touch several models or permissions: an organisation with its group, a membership with the
group and the guardian object permissions it implies. The admin, the API, the HSDS import and the demo all
go through these functions, so the group and the permissions can never drift from the memberships."""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import ProtectedError
from django.dispatch import Signal
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from directory.models import (
    Language,
    Membership,
    MembershipRole,
    Organization,
    PathwayStep,
    Responsibility,
    ResponsibilityLevel,
    Sector,
)
from portal.errors import ServiceError
from portal.slugs import ascii_slug

# Object permissions an organisation admin holds on their own organisation (granted to the user, not the
# group: caseworkers of the same organisation must not edit it).
ORGANIZATION_ADMIN_PERMISSIONS = ("directory.change_organization", "directory.manage_organization")
# The Django group that lets organisation admins into the Wagtail admin (wagtailadmin.access_admin only).
ORGANIZATION_ADMINS_GROUP = "Organisation admins"


# Sent when a membership ends (removed, deactivated, or its organisation deleted), inside the same
# transaction: other apps take away what they gave through it (the accounts app revokes API tokens).
membership_ended = Signal()


class DirectoryError(ServiceError):
    """A business rule of the directory was broken (see `portal.errors.ServiceError` for the codes)."""


def _group_name(organization: Organization) -> str:
    return f"Organisation: {organization.slug}"


def organization_admins_group() -> Group:
    """The shared group holding `wagtailadmin.access_admin` for every organisation admin."""
    group, created = Group.objects.get_or_create(name=ORGANIZATION_ADMINS_GROUP)
    if created:
        group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return group


def platform_admins_group() -> Group:
    """The group whose members edit the whole directory: admin access plus every directory model permission."""
    group, _created = Group.objects.get_or_create(name=settings.PLATFORM_ADMINS_GROUP)
    permissions = Permission.objects.filter(content_type__app_label="directory").exclude(
        codename__endswith="objectpermission"
    ) | Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
    group.permissions.add(*permissions)
    return group


def _unique_slug(name: str) -> str:
    base = ascii_slug(name, max_length=70, default="organisation")
    slug, counter = base, 2
    while Organization.objects.filter(slug=slug).exists():
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


@transaction.atomic
def organization_create(
    *,
    name: str,
    kind: str,
    mandate_fr: str,
    slug: str = "",
    sectors: Iterable[Sector] = (),
    languages: Iterable[Language] = (),
    **fields,
) -> Organization:
    """Create an organisation with its own members' group."""
    if slug and Organization.objects.filter(slug=slug).exists():
        raise DirectoryError(_("An organisation with the slug “%(slug)s” already exists.") % {"slug": slug},
                             field="slug")
    organization = Organization(name=name, kind=kind, mandate_fr=mandate_fr, slug=slug or _unique_slug(name), **fields)
    organization.full_clean(exclude=["group"])
    organization.save()
    organization.group = _fresh_group(organization)
    organization.save(update_fields=["group"])
    organization.sectors.set(sectors)
    organization.languages.set(languages)
    return organization


def _fresh_group(organization: Organization) -> Group:
    """The organisation's group, emptied if a deleted organisation with the same slug left it behind."""
    group, created = Group.objects.get_or_create(name=_group_name(organization))
    if not created:
        group.user_set.clear()
        group.permissions.clear()
    return group


@transaction.atomic
def organization_delete(*, organization: Organization) -> None:
    """Delete an organisation with its group (memberships, responsibilities and object permissions cascade).

    An organisation that is party to referrals (or named in the access log) must stay: the referral history
    and the audit trail point to it. It can be deactivated instead."""
    group = organization.group
    members = list(Membership.objects.filter(organization=organization).select_related("user", "organization"))
    try:
        organization.delete()
    except ProtectedError as error:
        raise DirectoryError(
            _("%(name)s is party to referrals and cannot be deleted: deactivate it instead.")
            % {"name": organization.name},
            code=DirectoryError.CONFLICT,
        ) from error
    if group is not None:
        group.delete()
    for membership in members:
        _sync_admins_group(membership.user)
        _membership_ended(membership)


@transaction.atomic
def organization_ensure_group(*, organization: Organization) -> Group:
    """Give an organisation created outside the services (an old row, a fixture) its group, idempotently."""
    if organization.group_id is None:
        organization.group, _created = Group.objects.get_or_create(name=_group_name(organization))
        organization.save(update_fields=["group"])
    return organization.group


def _sync_permissions(membership: Membership) -> None:
    """Make the group and the object permissions say what the membership says.

    Reads this membership from the argument (it may be about to be deleted) and the person's other
    memberships from the database, so that removing or deactivating one takes away at once everything it
    gave: the organisation's group, the admin object permissions and, when no other admin membership is
    left, the "Organisation admins" group (Wagtail admin access)."""
    user, organization = membership.user, membership.organization
    group = organization_ensure_group(organization=organization)
    if membership.is_active:
        user.groups.add(group)
    else:
        user.groups.remove(group)
    is_admin = membership.is_active and membership.role == MembershipRole.ADMIN
    for permission in ORGANIZATION_ADMIN_PERMISSIONS:
        if is_admin:
            assign_perm(permission, user, organization)
        else:
            remove_perm(permission, user, organization)
    _sync_admins_group(user, keep=is_admin, exclude=membership.pk)


def _sync_admins_group(user, *, keep: bool = False, exclude: int | None = None) -> None:
    """The "Organisation admins" group for as long as the person administers at least one organisation."""
    others = Membership.objects.filter(user=user, role=MembershipRole.ADMIN, is_active=True)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    admins_group = organization_admins_group()
    if keep or others.exists():
        user.groups.add(admins_group)
    else:
        user.groups.remove(admins_group)
    # Cached answers of user_manages_any / user_is_platform_admin on this very object are stale now.
    for attribute in ("_directory_manages_any", "_directory_platform_admin", "_perm_cache", "_group_perm_cache",
                      "_user_perm_cache"):
        user.__dict__.pop(attribute, None)


def _membership_ended(membership: Membership) -> None:
    """Everything else a membership gave that lives outside the directory (API tokens, say) ends with it."""
    membership_ended.send(sender=Membership, membership=membership)


@transaction.atomic
def membership_add(*, user, organization: Organization, role: str = MembershipRole.CASEWORKER) -> Membership:
    """Put a person in an organisation (or update their role there), with the group and permissions it implies."""
    if role not in MembershipRole.values:
        raise DirectoryError(_("Unknown role: %(role)s.") % {"role": role})
    membership, _created = Membership.objects.select_for_update().get_or_create(
        user=user, organization=organization, defaults={"role": role}
    )
    membership.role, membership.is_active = role, True
    membership.save(update_fields=["role", "is_active"])
    _sync_permissions(membership)
    return membership


@transaction.atomic
def membership_update(*, membership: Membership, role: str, is_active: bool) -> Membership:
    if role not in MembershipRole.values:
        raise DirectoryError(_("Unknown role: %(role)s.") % {"role": role})
    _refuse_removing_last_admin(membership, role=role, is_active=is_active)
    was_active = membership.is_active
    membership.role, membership.is_active = role, is_active
    membership.save(update_fields=["role", "is_active"])
    _sync_permissions(membership)
    if was_active and not is_active:
        _membership_ended(membership)
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    """Take a person out of an organisation: their group and object permissions go with the membership."""
    _refuse_removing_last_admin(membership, role="", is_active=False)
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    _sync_permissions(membership)
    _membership_ended(membership)
    membership.delete()


def _refuse_removing_last_admin(membership: Membership, *, role: str, is_active: bool) -> None:
    """An organisation that had an admin keeps one: otherwise nobody but the platform admins could edit it."""
    was_admin = membership.is_active and membership.role == MembershipRole.ADMIN
    stays_admin = is_active and role == MembershipRole.ADMIN
    if was_admin and not stays_admin:
        others = Membership.objects.filter(
            organization_id=membership.organization_id, role=MembershipRole.ADMIN, is_active=True
        ).exclude(pk=membership.pk)
        if not others.exists():
            raise DirectoryError(
                _("%(organization)s must keep at least one organisation admin.")
                % {"organization": membership.organization},
                code=DirectoryError.CONFLICT,
            )


@transaction.atomic
def responsibility_set(
    *,
    organization: Organization,
    step: PathwayStep,
    level: str,
    note_fr: str = "",
    note_en: str = "",
    is_public: bool = True,
) -> Responsibility:
    """Record (or change) an organisation's level for a step: one responsibility per organisation and step."""
    if level not in ResponsibilityLevel.values:
        raise DirectoryError(_("Unknown responsibility level: %(level)s.") % {"level": level})
    responsibility, _created = Responsibility.objects.update_or_create(
        organization=organization,
        step=step,
        defaults={"level": level, "note_fr": note_fr, "note_en": note_en, "is_public": is_public},
    )
    return responsibility
