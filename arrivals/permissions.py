"""Who keeps a register. Access to one household is decided in one place: `Household.objects.visible_to`."""

from directory.models import MembershipRole, Organization


def register_organizations(user):
    """Active organisations the user actively belongs to that keep a register: the welcoming organisations
    of an agreement (the framework agreement names AIBSL) or those already holding households."""
    from django.db.models import Q

    return (
        Organization.objects.active().for_member(user)
        .filter(Q(agreements__isnull=False) | Q(households__isnull=False)).distinct().order_by("name")
    )


def register_organization(user, preferred=None):
    """The organisation whose register the user works in (the workspace's choice when it keeps one)."""
    organizations = list(register_organizations(user)) if user.is_authenticated else []
    for organization in organizations:
        if organization.pk == getattr(preferred, "pk", preferred):
            return organization
    return organizations[0] if organizations else None


def can_erase(user, household) -> bool:
    """Erasing on request is an organisation admin's act."""
    from referrals.models import member_roles

    return member_roles(user).get(household.organization_id) == MembershipRole.ADMIN
