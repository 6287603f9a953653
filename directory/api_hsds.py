"""Open Referral HSDS 3.0 endpoints, mounted under /api/hsds/."""

urlpatterns = []
