"""Who keeps a register. Access to one household is decided in one place: `Household.objects.visible_to`."""

from directory.models import MembershipRole, Organization


def keeps_register():
    """On organisation rows: does the organisation keep a register? The welcoming organisations of an
    agreement (the framework agreement names AIBSL) and those already holding households. An expression, so
    the referrals workspace asks it in the query that reads the user's organisations."""
    from django.db.models import Exists, OuterRef

    from .models import Agreement, Household

    return Exists(Agreement.objects.filter(organization=OuterRef("pk"))) | Exists(
        Household.objects.filter(organization=OuterRef("pk"))
    )


def register_organizations(user):
    """Active organisations the user actively belongs to that keep a register (`keeps_register`)."""
    return Organization.objects.active().for_member(user).filter(keeps_register()).order_by("name")


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
