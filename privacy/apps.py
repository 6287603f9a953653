from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Québec's Law 25 in the product: the person in charge and the privacy page, the register of
    confidentiality incidents, access requests, and the inventory of personal data for the ÉFVP."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "privacy"
    verbose_name = _("Privacy")
