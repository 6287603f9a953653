"""Wagtail wiring: every document download checks the shared space's read rule first."""

from django.http import Http404
from wagtail import hooks

from concertation.models import SharedDocument


@hooks.register("before_serve_document")
def only_to_those_it_is_for(document, request):
    """Wagtail's serve view (`/documents/<id>/<name>`) answers 404 — the answer for a document that does not
    exist — to anyone the document is not shared with, whatever the language or the route that led there."""
    if not SharedDocument.objects.visible_to(request.user).filter(pk=document.pk).exists():
        raise Http404
    return None
