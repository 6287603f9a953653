"""The admin form of every page type: addresses stay ASCII.

`WAGTAIL_ALLOW_UNICODE_SLUGS = False` makes the admin's slug field transliterate as the editor types, but the
server accepts whatever is posted (a form sent without JavaScript, an editor pasting `soirée-…`). This form
transliterates there too, as the field would have, before Wagtail checks the slug is free among siblings.
"""

from wagtail.admin.forms.pages import WagtailAdminPageForm

from portal.slugs import ascii_slug


class PageForm(WagtailAdminPageForm):
    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or ""
        return slug if slug.isascii() else ascii_slug(slug)
