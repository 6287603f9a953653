"""Human references for referrals (`R-2026-0042`): unique, sequential within a year, safe under concurrency.

The UUID stays what URLs and the API carry; the reference is what people say on the phone and write in a file.
One counter row per year, locked while it is incremented, so two referrals created at the same instant never
share a number (the loser of the race waits for the lock, then takes the next one).
"""

from django.db import models, transaction
from django.utils import timezone


class ReferenceCounter(models.Model):
    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "reference counter"

    def __str__(self):
        return f"{self.year}: {self.last}"


def format_reference(year: int, number: int) -> str:
    return f"R-{year}-{number:04d}"


def next_reference(at=None) -> str:
    """The next reference of the year of `at` (local time; now by default)."""
    year = timezone.localdate(at or timezone.now()).year
    with transaction.atomic():
        # get_or_create catches the insert race itself (IntegrityError, then get); the row lock serialises the rest.
        counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(year=year)
        counter.last += 1
        counter.save(update_fields=["last"])
    return format_reference(year, counter.last)
