"""API pagination for referral listings."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

# A page number beyond this is read as this one: an offset from a huge number overflows the database's integer.
MAX_PAGE = 100_000


class UncountedPagination(PageNumberPagination):
    """Pages of referrals without a total: `next` is given when one more row exists beyond the page.

    Counting every referral a busy receiver can see costs more than the page itself at province size;
    clients follow `next` until it is null.

    25 referrals a page by default, as in the workspace, and `page_size` from 1 to 100 for a client that
    would rather make fewer calls (anything else is a 400 naming the parameter, never a silent default).
    The default was DRF's project-wide 50: a page of 50 at province size against the demo's 24 referrals
    measured the page's length rather than the data's growth (benchmarks/README.md, "API list pages")."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        given = request.query_params.get(self.page_size_query_param)
        if given is None:
            return self.page_size
        if not (given.isascii() and given.isdigit() and len(given) <= 3 and 1 <= int(given) <= self.max_page_size):
            raise ValidationError({self.page_size_query_param: [
                _("Ensure this value is a whole number from 1 to %(maximum)d.") % {"maximum": self.max_page_size}]})
        return int(given)

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size = self.get_page_size(request)
        try:
            self.number = min(max(1, int(request.query_params.get(self.page_query_param, 1))), MAX_PAGE)
        except ValueError:
            raise NotFound from None
        start = (self.number - 1) * page_size
        # A view may ask for its rows as values (`list_columns`: the referral list, written without a serializer).
        # A view may also give the first ids itself (`recent_ids`: the referral list's walk of recent referrals).
        recent_ids = getattr(view, "recent_ids", None)
        ids = recent_ids(queryset, start + page_size + 1) if recent_ids is not None else None
        rows = queryset.window(start, start + page_size + 1, values=getattr(view, "list_columns", None), ids=ids)
        self.has_next = len(rows) > page_size
        return rows[:page_size]

    def _url(self, number):
        url = self.request.build_absolute_uri()
        if number == 1:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, number)

    def get_paginated_response(self, data):
        return Response({
            "next": self._url(self.number + 1) if self.has_next else None,
            "previous": self._url(self.number - 1) if self.number > 1 else None,
            "results": data,
        })

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size, default=self.page_size)
                parameter["description"] = _("Referrals per page: %(default)d unless given, at most %(maximum)d.") % {
                    "default": self.page_size, "maximum": self.max_page_size}
        return parameters

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }
