"""Downloads of the network and its picture as an image (the page itself is a Wagtail NetworkPage).
Translated paths, like the directory's: French at /reseau/…, English at /en/network/…"""

from django.urls import path
from django.utils.translation import pgettext_lazy

from network import views

urlpatterns = [
    path(pgettext_lazy("URL path", "network/export.<str:fmt>"), views.export_view, name="network-export"),
    path(pgettext_lazy("URL path", "network/map.svg"), views.svg_view, name="network-svg"),
]
