"""Law 25: the person in charge of the protection of personal information (a site setting, with the
privacy policy) and the register of confidentiality incidents with its append-only history."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.fields import RichTextField

from portal.i18n import Localized

PRIVACY_OFFICERS_GROUP = "Privacy officer"


class PrivacySettings(BaseSiteSetting):
    """The person in charge of the protection of personal information (Law 25 requires one per organisation
    running the site, and their title and contact on the site) and the privacy policy shown at /confidentialite/.

    Why a site setting: one per deployment, edited by its platform admins, and every required field is
    refused empty by the settings form."""

    officer_name = models.CharField(_("name of the person in charge"), max_length=200)
    officer_title = models.CharField(_("title"), max_length=200)
    officer_email = models.EmailField(_("e-mail"))
    officer_phone = models.CharField(_("phone"), max_length=40, blank=True)
    policy_fr = RichTextField(_("privacy policy (French)"), blank=True,
                              help_text=_("What is collected, why, for how long, who receives it. Empty: the "
                                          "standard text is shown."))
    policy_en = RichTextField(_("privacy policy (English)"), blank=True)

    policy = Localized("policy")

    panels = [
        MultiFieldPanel([FieldPanel("officer_name"), FieldPanel("officer_title"), FieldPanel("officer_email"),
                         FieldPanel("officer_phone")], heading=_("Person in charge of personal information")),
        FieldPanel("policy_fr"),
        FieldPanel("policy_en"),
    ]

    class Meta:
        verbose_name = _("privacy")


class IncidentQuerySet(models.QuerySet):
    def delete(self):
        raise PermissionError("The incident register keeps every incident.")


class ConfidentialityIncident(models.Model):
    """One confidentiality incident (Law 25, s. 3.8: every incident goes in the register, serious or not)."""

    occurred_on = models.DateField(_("date of the incident"))
    discovered_on = models.DateField(_("date it was known"), default=timezone.localdate)
    nature = models.TextField(_("nature of the incident"),
                              help_text=_("What happened: access, use or disclosure not authorised, loss…"))
    information_concerned = models.TextField(_("personal information concerned"),
                                             help_text=_("Kinds of information, never the information itself."))
    persons_affected = models.PositiveIntegerField(_("number of persons concerned"), null=True, blank=True)
    risk_assessment = models.TextField(_("assessment of the risk of serious injury"), blank=True)
    risk_of_serious_injury = models.BooleanField(_("risk of serious injury"), default=False)
    cai_notified_on = models.DateField(_("Commission d'accès à l'information notified on"), null=True,
                                       blank=True)
    persons_notified_on = models.DateField(_("persons concerned notified on"), null=True, blank=True)
    measures = models.TextField(_("measures taken"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("confidentiality incident")
        verbose_name_plural = _("confidentiality incidents")

    def __str__(self):
        return f"{self.occurred_on:%Y-%m-%d} — {self.nature[:60]}"

    def delete(self, *args, **kwargs):
        raise PermissionError("The incident register keeps every incident.")

    def snapshot(self) -> dict:
        return model_to_dict(self, exclude=["id"])


class IncidentRevisionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The incident history is append-only.")

    def delete(self):
        raise PermissionError("The incident history is append-only.")


class IncidentRevision(models.Model):
    """The incident as it was after each save: who, when, and every field (append-only)."""

    incident = models.ForeignKey(ConfidentialityIncident, on_delete=models.PROTECT, related_name="revisions")
    at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False,
                             null=True, related_name="+")
    username = models.CharField(max_length=150, blank=True)
    data = models.JSONField(encoder=DjangoJSONEncoder)

    objects = IncidentRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.incident_id} @ {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The incident history is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The incident history is append-only.")
