"""Public and partner pages of the directory app."""

urlpatterns = []
