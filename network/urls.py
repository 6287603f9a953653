"""Public and partner pages of the network app."""

urlpatterns = []
