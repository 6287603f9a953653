"""Wagtail's database search backend, with French and English stemming and accents ignored on PostgreSQL.

`WAGTAILSEARCH_BACKENDS` names this module. On PostgreSQL each indexed object is stored with its own
language's text search configuration: a page by its locale; a directory row (an organisation, a pathway
step), bilingual in one row (`mandate_fr` beside `mandate_en`), by both — its French stems and its English
stems in one vector. Every query is run through both configurations, so "logements" finds "logement" and
"houses" finds "housing", whichever language the visitor reads.
The two configurations, `passerelle_fr` and `passerelle_en`, are PostgreSQL's French and English ones
with the `unaccent` dictionary first ("hopital" finds "hôpital"); portal's migration 0002 creates them.

On SQLite (the demo) Wagtail's FTS5 backend is used unchanged: FTS5's default `unicode61` tokenizer already
folds accents and case; it does not stem, which the synonyms (portal/search.py) partly make up for.
"""

from collections import defaultdict
from copy import copy
from functools import cache

from django.contrib.postgres.search import SearchVectorField
from django.db import connection
from django.db.models import F, Func
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend

FRENCH_CONFIG = "passerelle_fr"
ENGLISH_CONFIG = "passerelle_en"
CONFIG_BY_LANGUAGE = {"fr": FRENCH_CONFIG, "en": ENGLISH_CONFIG}


def search_config_for(obj) -> str:
    """A page's language decides its configuration; anything else is indexed as French (and English: see
    is_bilingual)."""
    locale = getattr(obj, "locale", None)
    language = getattr(locale, "language_code", "fr") if locale is not None else "fr"
    return CONFIG_BY_LANGUAGE.get(language, FRENCH_CONFIG)


def is_bilingual(obj) -> bool:
    """A row without a locale holds both languages (name_fr/name_en, mandate_fr/mandate_en…)."""
    return getattr(obj, "locale", None) is None


class _Concat(Func):
    """tsvector || tsvector."""

    arg_joiner = " || "
    template = "(%(expressions)s)"
    output_field = SearchVectorField()


@cache
def _postgres_backend_class():
    from modelsearch.backends.database.postgres.postgres import (
        IndexEntry,
        ObjectIndexer,
        PostgresIndex,
        PostgresSearchBackend,
        PostgresSearchQueryCompiler,
        PostgresSearchResults,
    )

    class BilingualIndex(PostgresIndex):
        def add_items(self, model, objs):
            """Objects grouped by language, each group indexed by an index whose backend has that language's
            configuration (the backend itself is shared, never changed)."""
            groups = defaultdict(list)
            for obj in objs:
                groups[search_config_for(obj)].append(obj)
            for config, group in groups.items():
                if config == self.backend.config:
                    super().add_items(model, group)
                else:
                    PostgresIndex(self._with_config(config)).add_items(model, group)
            bilingual = [obj for obj in objs if is_bilingual(obj)]
            if bilingual and model.get_search_fields():
                self._add_english_stems(model, bilingual)

        def _with_config(self, config):
            backend = copy(self.backend)
            backend.config = config
            return backend

        def _add_english_stems(self, model, objs):
            """A bilingual row, indexed above with the French configuration, also gets its English stems (each
            field keeps its weight): "houses" then finds "housing", which the French stemmer leaves whole."""
            from modelsearch.utils import get_content_type_pk

            english = self._with_config(ENGLISH_CONFIG)
            content_type_pk = get_content_type_pk(model)
            for obj in objs:
                indexer = ObjectIndexer(obj, english)
                IndexEntry._default_manager.using(self.write_connection.alias).filter(
                    content_type_id=content_type_pk, object_id=indexer.id
                ).update(title=_Concat(F("title"), indexer.title), body=_Concat(F("body"), indexer.body))

    class BilingualQueryCompiler(PostgresSearchQueryCompiler):
        def build_tsquery(self, query, config=None):
            """The query in French or in English: either stemming may match."""
            french = super().build_tsquery(query, config=FRENCH_CONFIG)
            english = super().build_tsquery(query, config=ENGLISH_CONFIG)
            if french is None or english is None:
                return french or english
            return french | english

    class BilingualSearchBackend(PostgresSearchBackend):
        query_compiler_class = BilingualQueryCompiler
        index_class = BilingualIndex
        results_class = PostgresSearchResults

        def __init__(self, params):
            super().__init__(params)
            self.config = FRENCH_CONFIG

    return BilingualSearchBackend


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    if connection.vendor == "postgresql":
        return _postgres_backend_class()(params)
    return DatabaseSearchBackend(params)
