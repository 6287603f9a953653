from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = _("Referrals")

    def ready(self):
        from django.contrib.auth.models import Group
        from django.db.models.signals import post_delete, post_migrate, post_save

        from directory.models import Membership, Organization

        from . import models

        post_migrate.connect(models.forget_permission_ids, dispatch_uid="referrals-forget-permission-ids")
        for model in (Membership, Organization, Group):
            for signal in (post_save, post_delete):
                signal.connect(models.count_membership_write, sender=model,
                               dispatch_uid=f"referrals-membership-write-{model.__name__}-{id(signal)}")
