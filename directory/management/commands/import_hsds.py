"""`passerelle import_hsds FILE`: load an Open Referral HSDS 3.0 file, all of it or nothing."""

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
            document = hsds.read_file(file)
            report = hsds.import_document(document)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        except hsds.HSDSError as error:
            raise CommandError(
                f"{file}: {len(error.problems)} problem(s), nothing was imported:\n" + "\n".join(error.problems)
            ) from None
        except Exception as error:  # a case no check foresaw: still a report and exit code 1, nothing written
            raise CommandError(f"{file}: could not be imported ({type(error).__name__}); nothing was imported.") \
                from None
        self.stdout.write(
            self.style.SUCCESS(f"{len(report.created)} organisations created, {len(report.updated)} updated.")
        )
