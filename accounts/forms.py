from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from directory.models import MembershipRole


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80,
                           help_text=_("What the token is for, so that you can tell your tokens apart."))
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].initial = settings.API_TOKEN_DAYS
        self.fields["days"].widget.attrs["max"] = settings.API_TOKEN_DAYS
        self.fields["days"].validators.append(_max_days)


def _max_days(value):
    if value > settings.API_TOKEN_DAYS:
        raise forms.ValidationError(_("At most %(days)d days.") % {"days": settings.API_TOKEN_DAYS})


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices, initial=MembershipRole.CASEWORKER)


class AcceptInvitationForm(forms.Form):
    """A new account: a username and a password that passes the site's validators."""

    username = forms.CharField(label=_("Username"), max_length=150,
                               help_text=_("Letters, digits and @ . + - _ only."))
    password1 = forms.CharField(label=_("Password"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text=password_validation.password_validators_help_text_html())
    password2 = forms.CharField(label=_("Password again"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        field = get_user_model()._meta.get_field("username")
        for validator in field.validators:
            validator(username)
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken."))
        return username

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            candidate = get_user_model()(username=data.get("username", ""), email=self.email)
            try:
                password_validation.validate_password(first, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


def _code_widget():
    return forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*",
                                  "size": "8", "spellcheck": "false"})


class CodeForm(forms.Form):
    """The current code of the person's authenticator app."""

    code = forms.CharField(label=_("Code from your app"), max_length=12, widget=_code_widget(),
                           help_text=_("The 6 digits your authenticator app shows now."))

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit() or len(code) != 6:
            raise forms.ValidationError(_("Type the 6 digits of the code, without letters."))
        return code


class RecoveryCodeForm(forms.Form):
    """One of the person's one-time recovery codes (letters and digits)."""

    code = forms.CharField(label=_("Recovery code"), max_length=20,
                           help_text=_("One of the codes you saved when you set up two-step verification; "
                                       "each works once."),
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none",
                                                         "spellcheck": "false", "size": "12"}))


class DisableSecondFactorForm(forms.Form):
    password = forms.CharField(label=_("Your password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    code = forms.CharField(label=_("Code from your app, or a recovery code"), max_length=20,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "none",
                                                         "spellcheck": "false", "size": "12"}))
