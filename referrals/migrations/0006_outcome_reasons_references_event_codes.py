"""Fill what the previous migration added: the starting list of outcome reasons, a human reference for every
existing referral (in order of creation within each year), and system texts of the timeline stored as codes.

Earlier versions stored "Assigned to …" and "Redirected from referral …" as words in the language of whoever
acted (often French on English pages). They become codes with parameters, worded when read.
"""

import re

from django.db import migrations
from django.utils import timezone

REASONS = [
    ("person-refused", "La personne a refusé les services", "The person refused services"),
    ("no-capacity", "Manque de capacité de l'organisme", "Lack of capacity"),
    ("person-unreachable", "Impossible de joindre la personne", "Unable to contact the person"),
    ("organization-unreachable", "Impossible de joindre l'organisme", "Unable to contact the organisation"),
    ("not-eligible", "La personne n'est pas admissible", "The person is not eligible"),
    ("person-moved", "La personne a déménagé", "The person moved away"),
    ("other", "Autre raison", "Other reason"),
]
ASSIGNED = re.compile(r"^(?:Assignée à|Assigné à|Assigned to)\s+(?P<name>.+)$", re.S)
REDIRECTED = re.compile(r"^(?:Réorientée depuis la référence|Redirected from referral)\s+(?P<id>\S+)$", re.S)


def forwards(apps, schema_editor):
    OutcomeReason = apps.get_model("referrals", "OutcomeReason")
    Referral = apps.get_model("referrals", "Referral")
    ReferralEvent = apps.get_model("referrals", "ReferralEvent")
    ReferenceCounter = apps.get_model("referrals", "ReferenceCounter")

    for order, (slug, label_fr, label_en) in enumerate(REASONS):
        OutcomeReason.objects.get_or_create(slug=slug, defaults={"label_fr": label_fr, "label_en": label_en,
                                                                 "order": order * 10})

    last = {counter.year: counter.last for counter in ReferenceCounter.objects.all()}
    for referral in Referral.objects.filter(reference__isnull=True).order_by("created_at", "pk").iterator():
        year = timezone.localdate(referral.created_at).year
        last[year] = last.get(year, 0) + 1
        Referral.objects.filter(pk=referral.pk).update(reference=f"R-{year}-{last[year]:04d}")
    for year, number in last.items():
        ReferenceCounter.objects.update_or_create(year=year, defaults={"last": number})

    for event in ReferralEvent.objects.filter(code="").exclude(note="").select_related(
        "referral__redirected_from"
    ).iterator():
        note = event.note.strip()
        match = ASSIGNED.match(note)
        if match and event.from_state == event.to_state:
            event.code, event.params, event.note = "assigned", {"name": match["name"].strip()}, ""
            event.save(update_fields=["code", "params", "note"])
            continue
        match = REDIRECTED.match(note)
        if match:
            original = event.referral.redirected_from
            reference = original.reference if original is not None and original.reference else match["id"]
            event.code, event.params, event.note = "redirected_from", {"reference": reference}, ""
            event.save(update_fields=["code", "params", "note"])


class Migration(migrations.Migration):
    dependencies = [("referrals", "0005_outcomes_references_follow_up")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
