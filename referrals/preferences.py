"""Per-user notification preferences: one e-mail per event, or one daily digest."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    EACH = "each", _("One e-mail per event")
    DAILY = "daily", _("One daily digest")


class NotificationPreference(models.Model):
    """A user's choice; no row means the default (one e-mail per event). The language is Wagtail's
    `UserProfile.preferred_language`, the one place an account's language lives."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="referral_notification_preference")
    frequency = models.CharField(_("how often"), max_length=8, choices=Frequency.choices, default=Frequency.EACH)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return f"{self.user_id}: {self.frequency}"
