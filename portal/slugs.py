"""ASCII slugs for the addresses the code makes (events proposed by partners, organisations).

Django's `slugify` drops what it cannot decompose ("Sœurs du Saint-Rosaire" → `surs-du-saint-rosaire`);
anyascii, already installed with Wagtail for the same purpose in its admin, transliterates first
(`soeurs-du-saint-rosaire`), so a French title gives a readable address without percent-escapes.
"""

from anyascii import anyascii
from django.utils.text import slugify


def ascii_slug(value: str, *, max_length: int | None = None, default: str = "") -> str:
    slug = slugify(anyascii(value or ""))
    if max_length:
        slug = slug[:max_length].rstrip("-")
    return slug or default
