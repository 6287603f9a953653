"""Public and partner pages of the referrals app."""

urlpatterns = []
