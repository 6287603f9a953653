"""Downloads of the network (the page itself is a Wagtail NetworkPage)."""

from django.urls import path

from network import views

urlpatterns = [
    path("reseau/export.<str:fmt>", views.export_view, name="network-export"),
]
