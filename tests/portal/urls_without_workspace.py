"""The site without the referrals app's URLs: the header must then leave the workspace link out."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib.auth import views as auth_views
from django.urls import include, path
from wagtail import urls as wagtail_urls

from portal import views as portal_views

urlpatterns = [path("", include("portal.urls_root"))]
urlpatterns += i18n_patterns(
    path("connexion/", auth_views.LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("recherche/", portal_views.search, name="search"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
