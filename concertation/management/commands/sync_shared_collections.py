from django.core.management.base import BaseCommand

from concertation import services
from directory.models import Organization
from network.models import Partnership


class Command(BaseCommand):
    help = ("Give every active organisation, table and partnership its shared collection, and make the Wagtail "
            "collection permissions match today's members and seats (run after changing a table's seats).")

    def handle(self, *args, **options):
        count = 0
        for organization in Organization.objects.active():
            services.shared_collection_ensure(organization=organization)
            count += 1
        for partnership in Partnership.objects.filter(members__isnull=False).distinct():
            services.shared_collection_ensure(partnership=partnership)
            count += 1
        self.stdout.write(f"{count} shared collection(s) in step with their members.")
