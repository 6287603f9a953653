"""PostgreSQL text search configurations for the site search (portal/search_backend.py): French and English
with the `unaccent` dictionary before the stemmer, so that "hopital" finds "hôpital". Nothing on SQLite,
whose FTS5 tokenizer folds accents itself. `unaccent` is a trusted extension (PostgreSQL 13+): the
database's owner may create it."""

from django.db import migrations

CONFIGURATIONS = {"passerelle_fr": ("french", "french_stem"), "passerelle_en": ("english", "english_stem")}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        for name, (source, stemmer) in CONFIGURATIONS.items():
            cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [name])
            if cursor.fetchone():
                continue
            cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = {source})")
            cursor.execute(
                f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR hword, hword_part, word "
                f"WITH unaccent, {stemmer}"
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name in CONFIGURATIONS:
            cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("portal", "0004_register_figures_block")]

    operations = [migrations.RunPython(create, drop)]
