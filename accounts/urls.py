from django.contrib.auth import views as auth_views
from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "accounts"
urlpatterns = [
    path(pgettext_lazy("URL path", "account/"), views.account, name="account"),
    path(pgettext_lazy("URL path", "account/tokens/<str:key>/revoke/"), views.token_revoke, name="token_revoke"),
    path(pgettext_lazy("URL path", "account/password/"), views.PasswordChangeView.as_view(),
         name="password_change"),
    path(pgettext_lazy("URL path", "account/password/done/"),
         auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(pgettext_lazy("URL path", "password-reset/"), views.PasswordResetView.as_view(), name="password_reset"),
    path(pgettext_lazy("URL path", "password-reset/sent/"), auth_views.PasswordResetDoneView.as_view(),
         name="password_reset_done"),
    path(pgettext_lazy("URL path", "password-reset/<uidb64>/<token>/"), views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path(pgettext_lazy("URL path", "password-reset/done/"), auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
    path(pgettext_lazy("URL path", "organisations/<slug:slug>/members/"), views.members, name="members"),
    path(pgettext_lazy("URL path", "organisations/<slug:slug>/invitations/<int:pk>/resend/"),
         views.invitation_action, {"action": "resend"}, name="invitation_resend"),
    path(pgettext_lazy("URL path", "organisations/<slug:slug>/invitations/<int:pk>/cancel/"),
         views.invitation_action, {"action": "cancel"}, name="invitation_cancel"),
    path(pgettext_lazy("URL path", "invitation/<str:token>/"), views.invitation, name="invitation"),
]
urlpatterns += [
    path(pgettext_lazy("URL path", "account/security/"), views.security, name="security"),
    path(pgettext_lazy("URL path", "account/security/set-up/"), views.second_factor_setup,
         name="second_factor_setup"),
    path(pgettext_lazy("URL path", "account/security/recovery-codes/"), views.recovery_codes_regenerate,
         name="recovery_codes"),
    path(pgettext_lazy("URL path", "account/security/turn-off/"), views.second_factor_disable,
         name="second_factor_disable"),
    path(pgettext_lazy("URL path", "sign-in/code/"), views.sign_in_code, name="sign_in_code"),
]
