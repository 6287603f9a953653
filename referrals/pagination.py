"""API pagination for referral listings."""

from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

# A page number beyond this is read as this one: an offset from a huge number overflows the database's integer.
MAX_PAGE = 100_000


class UncountedPagination(PageNumberPagination):
    """Pages of referrals without a total: `next` is given when one more row exists beyond the page.

    Counting every referral a busy receiver can see costs more than the page itself at province size;
    clients follow `next` until it is null."""

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
