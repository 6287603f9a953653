"""`passerelle import_hsds FILE`: load an Open Referral HSDS 3.0 file, all of it or nothing."""

import json

from django.core.management.base import BaseCommand, CommandError

from directory import hsds


class Command(BaseCommand):
    help = (
        "Import organisations from an HSDS 3.0 JSON or ndjson file (one organization, a list, an API page, or "
        "services with their organisation, as another HSDS API gives them). Every "
        "record is validated first; if any is invalid, each problem is reported and nothing is loaded. "
        "Records are matched by their HSDS id, so importing the same file twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The HSDS JSON file.")

    def handle(self, *args, file, **options):
        try:
            with open(file, encoding="utf-8") as handle:
                document = hsds.parse_text(handle.read())
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        except json.JSONDecodeError as error:
            raise CommandError(f"{file} is not valid JSON: {error}.") from error
        try:
            report = hsds.import_document(document)
        except hsds.HSDSError as error:
            raise CommandError(
                f"{file}: {len(error.problems)} problem(s), nothing was imported:\n" + "\n".join(error.problems)
            ) from error
        self.stdout.write(
            self.style.SUCCESS(f"{len(report.created)} organisations created, {len(report.updated)} updated.")
        )
