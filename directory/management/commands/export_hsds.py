"""`passerelle export_hsds [--output FILE]`: the directory as an Open Referral HSDS 3.0 document."""

import json

from django.core.management.base import BaseCommand, CommandError

from directory import hsds


class Command(BaseCommand):
    help = "Export the active organisations as Open Referral HSDS 3.0 JSON (validated when the schemas are present)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="Write to this file instead of the standard output.")
        parser.add_argument(
            "--no-validate", action="store_true", help="Skip the validation against the HSDS compiled schema."
        )

    def handle(self, *args, output=None, no_validate=False, **options):
        document = hsds.export_document()
        if not no_validate:
            try:
                problems = hsds.validate_document(document)
            except hsds.HSDSSchemaMissing as error:
                self.stderr.write(self.style.WARNING(f"Not validated: {error}"))
                problems = []
            if problems:
                raise CommandError("The export does not validate:\n" + "\n".join(problems))
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stderr.write(self.style.SUCCESS(f"{document['total_items']} organisations written to {output}."))
        else:
            self.stdout.write(text, ending="")
