"""Erase the personal data of households past the register's retention periods (run daily, e.g. from cron)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from arrivals.services import households_erase_expired


class Command(BaseCommand):
    help = ("Erase names, address, notes and persons of households gone longer than "
            "ARRIVALS_RETENTION_DAYS_AFTER_DEPARTURE or arrived longer than ARRIVALS_RETENTION_DAYS_AFTER_ARRIVAL "
            "ago; every figure stays.")

    def handle(self, *args, **options):
        erased = households_erase_expired()
        self.stdout.write(
            f"Erased personal data of {erased} household(s) (retention: "
            f"{settings.ARRIVALS_RETENTION_DAYS_AFTER_DEPARTURE} days after departure, "
            f"{settings.ARRIVALS_RETENTION_DAYS_AFTER_ARRIVAL} days after arrival)."
        )
