"""Who may see the partners-only layers of the network (private partnerships and responsibilities,
referral flows). One rule, used by the page, the exports, the API and the template tag alike."""


def can_see_partner_layers(user) -> bool:
    """Signed-in members of a partner organisation, and platform admins. Never anonymous visitors."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.memberships.filter(is_active=True, organization__is_active=True).exists()
