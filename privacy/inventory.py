"""The inventory of personal information, declared beside the code and read by `passerelle data_inventory`.

Each entry says, for one model field that holds personal information: its purpose, who can read it, how
long it is kept, and where it goes (pages, e-mail, API, exports). `tests/privacy/test_inventory.py` fails
when a model gains a field that looks personal (by its type or name) without an entry here or in
`NOT_PERSONAL`, so the inventory cannot drift from the models.
"""

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The apps whose models are inventoried: ours, the user table and the sign-in records.
INVENTORIED_APPS = ("accounts", "directory", "referrals", "network", "concertation", "arrivals", "privacy",
                    "portal", "auth", "axes", "otp_totp", "otp_static")
PERSONAL_NAME_HINTS = ("name", "email", "phone", "contact", "birth", "address", "note", "comment", "body",
                       "reason", "outcome", "ip_", "user_agent", "recipient", "person", "household", "nature",
                       "description", "measures", "purpose", "detail")


@dataclass(frozen=True)
class Declaration:
    purpose: str
    readers: str
    retention: str
    destinations: str


R_REFERRAL = "Until the referral is finished + REFERRAL_RETENTION_DAYS, then erased by erase_expired_referrals"
PARTIES = "The two organisations party to the referral (every read in the access log)"
ACCOUNT = "The life of the account; removed with it"
AUDIT = "Kept as long as the access log (append-only); the legal record of who saw what"
REGISTER = "The welcoming organisation's members (every read in the access log)"
R_REGISTER = "ARRIVALS_RETENTION_DAYS_AFTER_DEPARTURE (or _AFTER_ARRIVAL), then erased"
AXES = "SIGN_IN_LOCKOUT_MINUTES for a lock; failure and sign-in records purged by `axes_reset_logs`"
SECOND_FACTOR = "Until turned off, reset by a platform admin or replaced; removed with the account"

PERSONAL = {
    # accounts
    "auth.User.username": Declaration("Sign in; shown to colleagues", "Colleagues of the same organisations; "
                                      "platform admins", ACCOUNT, "Pages, access log"),
    "auth.User.first_name": Declaration("Name shown to colleagues", "Colleagues; platform admins", ACCOUNT,
                                        "Pages, referral e-mails"),
    "auth.User.last_name": Declaration("Name shown to colleagues", "Colleagues; platform admins", ACCOUNT,
                                       "Pages, referral e-mails"),
    "auth.User.email": Declaration("Notifications, password reset", "Platform admins", ACCOUNT, "E-mail"),
    "accounts.Invitation.email": Declaration("Send the invitation", "The organisation's admins", "Until "
                                             "accepted or expired (INVITATION_DAYS)", "E-mail"),
    "axes.AccessAttempt.username": Declaration("Sign-in lockout", "Platform admins", AXES, "Admin page"),
    "axes.AccessAttempt.ip_address": Declaration("Sign-in lockout", "Platform admins", AXES, "Admin page"),
    "axes.AccessAttempt.user_agent": Declaration("Sign-in lockout", "Platform admins", AXES, "None"),
    "axes.AccessFailureLog.username": Declaration("Sign-in security", "Platform admins", AXES, "None"),
    "axes.AccessFailureLog.ip_address": Declaration("Sign-in security", "Platform admins", AXES, "None"),
    "axes.AccessFailureLog.user_agent": Declaration("Sign-in security", "Platform admins", AXES, "None"),
    "axes.AccessLog.username": Declaration("Sign-in history", "Platform admins", AXES, "None"),
    "axes.AccessLog.ip_address": Declaration("Sign-in history", "Platform admins", AXES, "None"),
    "axes.AccessLog.user_agent": Declaration("Sign-in history", "Platform admins", AXES, "None"),
    # referrals
    "referrals.ReferralPerson.full_name": Declaration("Identify the person to the receiver", PARTIES,
                                                      R_REFERRAL, "Pages, API (detail), access-request export"),
    "referrals.ReferralPerson.birth_year": Declaration("Age-appropriate service", PARTIES, R_REFERRAL,
                                                       "Pages, API (detail)"),
    "referrals.ReferralPerson.birth_date": Declaration("Services that need it (school, health)", PARTIES,
                                                       R_REFERRAL, "Pages, API (detail)"),
    "referrals.ReferralPerson.contact": Declaration("Reach the person", PARTIES, R_REFERRAL,
                                                    "Pages, API (detail)"),
    "referrals.ReferralPerson.notes": Declaration("What the receiver must know", PARTIES, R_REFERRAL,
                                                  "Pages, API (detail)"),
    "referrals.ReferralPerson.household_size": Declaration("Plan the service", PARTIES, R_REFERRAL,
                                                           "Pages, API (detail)"),
    "referrals.Referral.reason": Declaration("What the person needs", PARTIES, R_REFERRAL, "Pages, API"),
    "referrals.Referral.outcome": Declaration("Close the loop", PARTIES, R_REFERRAL, "Pages, API"),
    "referrals.Referral.decline_reason": Declaration("Why the receiver declined", PARTIES, R_REFERRAL,
                                                     "Pages, API"),
    "referrals.ReferralComment.body": Declaration("Coordinate between the parties", PARTIES, R_REFERRAL,
                                                  "Pages, API"),
    "referrals.ReferralEvent.note": Declaration("Timeline of the referral", PARTIES, R_REFERRAL, "Pages, API"),
    "referrals.Consent.purpose": Declaration("Scope of the consent", PARTIES, R_REFERRAL, "Pages"),
    "referrals.Notification.recipient": Declaration("Deliver a notification (staff address)", "Nobody (the "
                                                    "task worker)", "Until delivered, then purged", "E-mail"),
    "referrals.Notification.body": Declaration("Notification text (no person's data by design)", "Nobody",
                                               "Until delivered, then purged", "E-mail"),
    "referrals.AccessLog.username": Declaration("Who read personal data", "The organisation's admins", AUDIT,
                                                "Access-log page"),
    # arrivals (the welcoming organisation's register)
    "arrivals.Household.family_name": Declaration("Identify the household", REGISTER, R_REGISTER,
                                                  "Register pages, access-request export (JSON)"),
    "arrivals.Household.address": Declaration("Where the household lives", REGISTER, R_REGISTER,
                                              "Register pages, access-request export (JSON)"),
    "arrivals.Household.notes": Declaration("Follow-up of the arrival", REGISTER, R_REGISTER,
                                            "Register pages, access-request export (JSON)"),
    "arrivals.Household.departure_reason": Declaration("Why the household left", REGISTER, R_REGISTER,
                                                       "Register pages; public figures as counts only"),
    "arrivals.Person.full_name": Declaration("Identify a member of the household", REGISTER, R_REGISTER,
                                             "Register pages, access-request export (JSON)"),
    "arrivals.Person.birth_year": Declaration("Age groups for services", REGISTER, R_REGISTER,
                                              "Register pages; public figures as counts only"),
    # two-step verification (django-otp): credentials of a person, read by no page
    "otp_totp.TOTPDevice.key": Declaration("Check the codes of the person's authenticator app", "Nobody through "
                                           "the product (shown once, at set-up, to the person)", SECOND_FACTOR,
                                           "Set-up page (once)"),
    "otp_static.StaticToken.token": Declaration("One-time recovery codes", "Nobody through the product (shown "
                                                "once to the person)", "Until used or replaced; removed with "
                                                "the account", "Recovery codes page (once)"),
    # privacy
    "privacy.ConfidentialityIncident.information_concerned": Declaration(
        "Law 25 register (kinds of information, never the information)", "Platform admins, privacy officer",
        "At least 5 years (Law 25 regulation)", "Register page, CSV"),
    "privacy.IncidentRevision.username": Declaration("Who changed the register", "Platform admins, privacy "
                                                     "officer", "As the register", "Incident page"),
    "privacy.PrivacySettings.officer_name": Declaration("Law 25: the person in charge is public", "Everyone",
                                                        "While in charge", "Privacy page"),
    "privacy.PrivacySettings.officer_email": Declaration("Law 25: how to reach the person in charge",
                                                         "Everyone", "While in charge", "Privacy page"),
    "privacy.PrivacySettings.officer_phone": Declaration("Law 25: how to reach the person in charge",
                                                         "Everyone", "While in charge", "Privacy page"),
}

# Fields whose name or type looks personal but that hold no personal information, and why.
NOT_PERSONAL = {
    "directory.Organization": "an organisation's public contact details",
    "directory.Sector": "reference data", "directory.Language": "reference data",
    "directory.PathwayStep": "reference data", "directory.Responsibility": "organisations' roles",
    "network": "partnerships between organisations",
    "portal": "public pages, events and site settings",
    "referrals.OutcomeReason": "reference data",
    "auth.Group": "group names", "auth.Permission": "permission names",
    "accounts.ApiToken.name": "a label the owner gives a token",
    "otp_totp.TOTPDevice.name": "a fixed device label", "otp_static.StaticDevice.name": "a fixed device label",
    "privacy.ConfidentialityIncident.nature": "kinds of events, never personal data (form help)",
    "privacy.ConfidentialityIncident.measures": "measures taken",
    "privacy.ConfidentialityIncident.risk_assessment": "assessment, never personal data (form help)",
    "privacy.PrivacySettings.policy_fr": "the site's policy", "privacy.PrivacySettings.policy_en": "the site's policy",
    "privacy.PrivacySettings.officer_title": "a job title",
    "referrals.AccessLog.detail": "never personal data (help text of the field)",
    "referrals.Notification.subject": "no personal data by design (tests/referrals)",
    "referrals.Referral.outcome_reason": "reference to an admin-kept list",
    "referrals.Referral.outcome_status": "a status",
    "referrals.ReferralEvent.params": "system text parameters (states, dates)",
    "referrals.Referral.personal_data_erased_at": "a date", "arrivals.Household.personal_data_erased_at": "a date",
    "privacy.ConfidentialityIncident.persons_notified_on": "a date",
    "arrivals.Agreement": "agreements and targets", "arrivals.Country": "reference data",
    "concertation.PartnerEvent.description": "partners' public activities",
    "concertation.SharedDocument.description": "partners' documents (no person's data by the space's rule)",
    "directory.DirectoryIndexPage": "a public page",
}


def looks_personal(field) -> bool:
    if isinstance(field, models.EmailField | models.GenericIPAddressField):
        return True
    name = field.name.lower()
    return any(hint in name for hint in PERSONAL_NAME_HINTS) and isinstance(field, models.CharField
                                                                            | models.TextField
                                                                            | models.DateField
                                                                            | models.PositiveSmallIntegerField
                                                                            | models.JSONField)


def key(model, field) -> str:
    return f"{model._meta.app_label}.{model.__name__}.{field.name}"


def declared_not_personal(model, field) -> bool:
    label = f"{model._meta.app_label}.{model.__name__}"
    return any(entry in NOT_PERSONAL for entry in (model._meta.app_label, label, f"{label}.{field.name}"))


def undeclared() -> list[str]:
    """Fields that look personal and are neither declared personal nor declared not personal."""
    missing = []
    for model in apps.get_models():
        if model._meta.app_label not in INVENTORIED_APPS or model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if looks_personal(field) and key(model, field) not in PERSONAL and not declared_not_personal(model, field):
                missing.append(key(model, field))
    return sorted(missing)


def rows() -> list[tuple[str, str, Declaration]]:
    """(model field, its verbose name, its declaration) for every declared field that exists."""
    result = []
    for dotted, declaration in sorted(PERSONAL.items()):
        app_label, model_name, field_name = dotted.split(".")
        try:
            field = apps.get_model(app_label, model_name)._meta.get_field(field_name)
        except LookupError:
            continue
        result.append((dotted, str(field.verbose_name), declaration))
    return result


def markdown() -> str:
    lines = [
        "| Field | What | Purpose | Who can read it | Retention | Where it goes |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for dotted, verbose, d in rows():
        lines.append(f"| `{dotted}` | {verbose} | {d.purpose} | {d.readers} | {d.retention} | {d.destinations} |")
    return "\n".join(lines) + "\n"


_ = (_, settings)  # translations of the verbose names come from the models themselves
