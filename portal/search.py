"""The one search engine of the site: a visitor's words cleaned, widened by the synonyms that matter here,
then matched by Wagtail's search backend (portal/search_backend.py) over any indexed queryset.

The site search (portal/site_search.py), the directory's keyword filter, its API and the "who do I contact?"
finder all go through `search()`, so they agree on what "hopital" or "garderie" finds.

Synonyms live in one data file shipped with the product, `portal/search_synonyms.json`: groups of words and
phrases, French and English, that mean the same thing to a newcomer (médecin → médecin de famille, GAMF,
family doctor…). A query that contains any member of a group also matches the others. Edit the file and
restart: nothing is stored in the database.
"""

import json
import re
from functools import cache
from pathlib import Path

from anyascii import anyascii
from modelsearch.backends import get_search_backend
from modelsearch.query import Or, PlainText

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
SYNONYMS_FILE = Path(__file__).with_name("search_synonyms.json")

# Letters and digits only: quotes, '&', '|', ':*', NUL and the like are search syntax in one backend or
# another; a visitor's words never are.
_WORD = re.compile(r"[^\W_]+")


def clean_query(raw) -> str:
    """The visitor's words, at most MAX_WORDS of them and MAX_QUERY_LENGTH characters; '' when none."""
    words = _WORD.findall(str(raw or "")[: MAX_QUERY_LENGTH * 2])[:MAX_WORDS]
    return " ".join(words)[:MAX_QUERY_LENGTH].strip()


def fold(text: str) -> str:
    """Lower case, without accents or ligatures ('Hôpital' → 'hopital', 'Sœurs' → 'soeurs'), words only."""
    return " ".join(_WORD.findall(anyascii(text or "").lower()))


@cache
def synonym_groups() -> tuple[tuple[str, ...], ...]:
    data = json.loads(SYNONYMS_FILE.read_text(encoding="utf-8"))
    return tuple(tuple(clean_query(term) for term in group["terms"] if clean_query(term)) for group in data["groups"])


def synonyms_of(query: str) -> list[str]:
    """The other members of every group one of whose members is in the query (as whole words)."""
    folded = f" {fold(query)} "
    found: list[str] = []
    for group in synonym_groups():
        if any(f" {fold(term)} " in folded for term in group):
            found.extend(term for term in group if f" {fold(term)} " not in folded and term not in found)
    return found


def build_query(query: str):
    """All the query's words, or all the words of any of its synonyms."""
    query = clean_query(query)
    if not query:
        return None
    alternatives = synonyms_of(query)
    if not alternatives:
        return PlainText(query, operator="and")
    return Or([PlainText(query, operator="and"), *(PlainText(term, operator="and") for term in alternatives)])


def search(queryset, query: str, *, order_by_relevance: bool = True):
    """Search results over `queryset` (lazy, sliceable, with a count()); None when the query has no words."""
    built = build_query(query)
    if built is None:
        return None
    return get_search_backend().search(built, queryset, order_by_relevance=order_by_relevance)
