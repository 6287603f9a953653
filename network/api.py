"""REST API of the network app, mounted under /api/v1/."""

urlpatterns = []
