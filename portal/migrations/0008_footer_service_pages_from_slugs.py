"""Sites made before the footer's service pages were a setting (0006) linked their accessibility statement and
contact page by their usual slugs, looked up on every footer; this fills the setting once from those slugs, so
the lookup could go and an editor's empty choice now means "no link"."""

from django.db import migrations

USUAL_SLUGS = {
    "accessibility_page": ("accessibilite", "accessibility", "declaration-accessibilite", "accessibility-statement"),
    "contact_page": ("nous-joindre", "contact", "contact-us", "joindre"),
}


def fill_from_slugs(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    Page = apps.get_model("wagtailcore", "Page")
    FooterSettings = apps.get_model("portal", "FooterSettings")
    for site in Site.objects.select_related("root_page"):
        root = site.root_page
        footer, _created = FooterSettings.objects.get_or_create(site=site)
        changed = False
        for field, slugs in USUAL_SLUGS.items():
            if getattr(footer, f"{field}_id"):
                continue
            pages = {page.slug: page for page in Page.objects.filter(
                path__startswith=root.path, depth__gt=root.depth, live=True, slug__in=slugs,
                locale_id=root.locale_id)}
            page = next((pages[slug] for slug in slugs if slug in pages), None)
            if page is not None:
                setattr(footer, f"{field}_id", page.pk)
                changed = True
        if changed:
            footer.save(update_fields=list(USUAL_SLUGS))


class Migration(migrations.Migration):

    dependencies = [
        ("portal", "0007_key_figure_source_period"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(fill_from_slugs, migrations.RunPython.noop)]
