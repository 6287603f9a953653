"""Every write to the register goes through one function here (`household_<verb>`, `checklist_<verb>`).

Each is atomic and records what it did in the shared append-only access log (`referrals.AccessLog`,
whose entries name the household). Reads of a household's personal data are logged too
(`household_log_view`, `household_export`). Permissions are object permissions granted to the welcoming
organisation's group when the household is created; `Household.objects.visible_to` reads them.
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from directory.models import Organization, PathwayStage, PathwayStep
from directory.services import organization_ensure_group
from portal.errors import ServiceError
from referrals.models import AccessAction, AccessLog, Referral, ReferralState, member_roles

from .models import BAND_FIELDS, ChecklistItem, Household, Person, Relationship, StepStatus, retention_cutoffs

HOUSEHOLD_PERMISSIONS = ("view_household", "change_household")


class ArrivalsError(ServiceError):
    """A rule of the register refused the operation (the project's one business error type)."""


# --- helpers ---------------------------------------------------------------------------------------------


def _log(*, user, household: Household, action: str, organization=None, detail: str = "") -> AccessLog:
    return AccessLog.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        username=getattr(user, "username", "") or "",
        organization=organization if organization is not None else (household.organization if user else None),
        action=action,
        household=household,
        detail=detail[:200],
    )


def _check_member(user, organization: Organization) -> None:
    if organization.pk not in member_roles(user):
        raise ArrivalsError(_("Only members of the welcoming organisation keep this register."), code="forbidden")


def _check_visible(user, household: Household) -> None:
    if not Household.objects.visible_to(user).filter(pk=household.pk).exists():
        raise ArrivalsError(_("No such household."), code="not_found")


def routine_steps():
    """The pathway steps of the arrival routine: ARRIVALS_ROUTINE_STEPS (slugs, in that order), or, when
    none of them exists in this deployment, every step of the first weeks."""
    slugs = list(settings.ARRIVALS_ROUTINE_STEPS)
    steps = {step.slug: step for step in PathwayStep.objects.filter(slug__in=slugs)}
    if steps:
        return [steps[slug] for slug in slugs if slug in steps]
    return list(
        PathwayStep.objects.filter(stage__in=(PathwayStage.ARRIVAL, PathwayStage.FIRST_WEEKS)).in_pathway_order()
    )


def _check_composition(composition: dict) -> dict:
    counts = {name: int(composition.get(name) or 0) for name in BAND_FIELDS}
    if any(value < 0 for value in counts.values()):
        raise ArrivalsError(_("A count cannot be negative."), field=BAND_FIELDS[0])
    if sum(counts.values()) == 0:
        raise ArrivalsError(_("A household has at least one person."), field="adults_18_64")
    return counts


def _check_dates(*, arrival_date: date, departure_date: date | None = None) -> None:
    today = timezone.localdate()
    if arrival_date > today:
        raise ArrivalsError(_("The arrival date cannot be in the future."), field="arrival_date")
    if departure_date is not None:
        if departure_date < arrival_date:
            raise ArrivalsError(_("A household leaves after it arrives."), field="departure_date")
        if departure_date > today:
            raise ArrivalsError(_("The departure date cannot be in the future."), field="departure_date")


# --- households --------------------------------------------------------------------------------------------


@transaction.atomic
def household_create(
    *,
    user,
    organization: Organization,
    arrival_date: date,
    composition: dict,
    family_name: str = "",
    cohort: str = "",
    countries=(),
    languages=(),
    interpreter_needed: bool = False,
    temporary_housing: bool = True,
    address: str = "",
    notes: str = "",
    persons: list[dict] = (),
    created_at: datetime | None = None,
) -> Household:
    """A new household in the register, with its arrival routine's checklist (every step to do)."""
    _check_member(user, organization)
    _check_dates(arrival_date=arrival_date)
    household = Household.objects.create(
        organization=organization,
        family_name=family_name.strip(),
        arrival_date=arrival_date,
        cohort=cohort.strip(),
        interpreter_needed=interpreter_needed,
        temporary_housing=temporary_housing,
        address="" if temporary_housing else address.strip(),
        notes=notes,
        created_at=created_at or timezone.now(),
        **_check_composition(composition),
    )
    household.countries.set(countries)
    household.languages.set(languages)
    for person in persons:
        _person_add(household, person)
    ChecklistItem.objects.bulk_create(ChecklistItem(household=household, step=step) for step in routine_steps())
    group = organization_ensure_group(organization=organization)
    for codename in HOUSEHOLD_PERMISSIONS:
        assign_perm(f"arrivals.{codename}", group, household)
    _log(user=user, household=household, action=AccessAction.CREATE, organization=organization)
    return household


UPDATABLE = ("family_name", "arrival_date", "cohort", "interpreter_needed", "temporary_housing", "address", "notes",
             *BAND_FIELDS)


@transaction.atomic
def household_update(*, household: Household, user, countries=None, languages=None, **fields) -> Household:
    """Change what the register says about a household (not its departure: see `household_depart`)."""
    _check_visible(user, household)
    household = Household.objects.select_for_update().get(pk=household.pk)
    if household.personal_data_erased:
        raise ArrivalsError(_("This household's file was erased; it can no longer be changed."), code="conflict")
    unknown = set(fields) - set(UPDATABLE)
    if unknown:
        raise ArrivalsError(_("These fields cannot be changed here."), field=sorted(unknown)[0])
    if any(name in fields for name in BAND_FIELDS):
        fields.update(_check_composition({name: fields.get(name, getattr(household, name)) for name in BAND_FIELDS}))
    for name, value in fields.items():
        setattr(household, name, value.strip() if isinstance(value, str) and name != "notes" else value)
    if household.temporary_housing:
        household.address = ""
    _check_dates(arrival_date=household.arrival_date, departure_date=household.departure_date)
    household.save()
    if countries is not None:
        household.countries.set(countries)
    if languages is not None:
        household.languages.set(languages)
    _log(user=user, household=household, action=AccessAction.UPDATE, detail="household")
    return household


@transaction.atomic
def household_depart(*, household: Household, user, departure_date: date, reason: str) -> Household:
    """The household leaves the city: the date and the reason category, counted in the departures."""
    _check_visible(user, household)
    household = Household.objects.select_for_update().get(pk=household.pk)
    if not reason:
        raise ArrivalsError(_("Choose the reason for leaving."), field="departure_reason")
    _check_dates(arrival_date=household.arrival_date, departure_date=departure_date)
    household.departure_date = departure_date
    household.departure_reason = reason
    household.save(update_fields=["departure_date", "departure_reason", "updated_at"])
    _log(user=user, household=household, action=AccessAction.UPDATE, detail="departure")
    return household


def _person_add(household: Household, person: dict) -> Person:
    name = (person.get("full_name") or "").strip()
    if not name:
        raise ArrivalsError(_("Give the person's name."), field="full_name")
    return Person.objects.create(
        household=household,
        full_name=name,
        birth_year=person.get("birth_year"),
        relationship=person.get("relationship") or Relationship.OTHER,
    )


@transaction.atomic
def person_add(*, household: Household, user, person: dict) -> Person:
    _check_visible(user, household)
    if household.personal_data_erased:
        raise ArrivalsError(_("This household's file was erased; it can no longer be changed."), code="conflict")
    row = _person_add(household, person)
    _log(user=user, household=household, action=AccessAction.UPDATE, detail="person added")
    return row


def household_log_view(*, household: Household, user) -> AccessLog:
    """Record that a member saw a household's file (the page or the API detail)."""
    return _log(user=user, household=household, action=AccessAction.VIEW)


# --- the arrival routine -------------------------------------------------------------------------------------


@transaction.atomic
def checklist_update(
    *, item: ChecklistItem, user, status: str, on: date | None = None, organization: Organization | None = None
) -> ChecklistItem:
    """Set where one step of the routine stands. Done needs a date (today by default), never before the
    arrival nor in the future."""
    _check_visible(user, item.household)
    item = ChecklistItem.objects.select_for_update().select_related("household", "step").get(pk=item.pk)
    if status not in StepStatus.values:
        raise ArrivalsError(_("Unknown status."), field="status")
    if status in (StepStatus.DONE, StepStatus.IN_PROGRESS):
        on = on or timezone.localdate()
    if on is not None:
        if on > timezone.localdate():
            raise ArrivalsError(_("The date cannot be in the future."), field="date")
        if on < item.household.arrival_date:
            raise ArrivalsError(_("The date cannot be before the household's arrival."), field="date")
    item.status = status
    item.date = on if status != StepStatus.TODO else None
    item.organization = organization if status != StepStatus.TODO else None
    item.save()
    _log(user=user, household=item.household, action=AccessAction.UPDATE, detail=f"{item.step.slug}: {status}")
    return item


def _status_for(referral: Referral) -> tuple[str, date | None, Organization | None]:
    """What a referral's state says about the step behind it."""
    local = timezone.localdate
    if referral.state in (ReferralState.COMPLETED, ReferralState.CLOSED):
        done = referral.completed_at or referral.closed_at or timezone.now()
        return StepStatus.DONE, local(done), referral.receiver
    if referral.state in (ReferralState.DECLINED, ReferralState.WITHDRAWN, ReferralState.DRAFT):
        return StepStatus.TODO, None, None
    started = referral.sent_at or timezone.now()
    return StepStatus.IN_PROGRESS, local(started), referral.receiver


@transaction.atomic
def checklist_refer(*, household: Household, step: PathwayStep, referral: Referral, user) -> ChecklistItem:
    """Tie a referral sent from the household's page to the routine's step; its state now drives the step."""
    _check_visible(user, household)
    item, _created = ChecklistItem.objects.select_for_update().get_or_create(household=household, step=step)
    item.referral = referral
    item.status, item.date, item.organization = _status_for(referral)
    item.save()
    _log(user=user, household=household, action=AccessAction.UPDATE,
         detail=f"{step.slug}: referral {referral.short_id}")
    return item


def checklist_follow_referral(*, referral: Referral, successor: Referral | None = None) -> int:
    """Called by the referral services on every state change: the steps it stands behind follow it.

    A redirect hands the step to the new referral. Steps already marked done or not needed by hand stay.
    Returns how many steps changed (usually 0 or 1: one query when the referral is behind no step).
    """
    items = list(
        ChecklistItem.objects.select_for_update().filter(referral=referral)
        .exclude(status__in=(StepStatus.DONE, StepStatus.NOT_NEEDED))
    )
    for item in items:
        if successor is not None:
            item.referral = successor
        item.status, item.date, item.organization = _status_for(successor or referral)
        if item.date is not None and item.date < item.household.arrival_date:
            item.date = item.household.arrival_date
        item.save()
    return len(items)


def referral_initial(household: Household, step: PathwayStep | None) -> dict:
    """The minimum a referral needs about the household, to pre-fill the referral form (never the address)."""
    persons = list(household.persons.all())
    principal = next((p for p in persons if p.relationship == Relationship.PRINCIPAL), persons[0] if persons else None)
    return {
        "pathway_step": step,
        "full_name": principal.full_name if principal else household.family_name,
        "birth_year": principal.birth_year if principal else None,
        "languages": [language.pk for language in household.languages.all()],
        "interpreter_needed": household.interpreter_needed,
        "household_size": max(household.size, 1),
        "consent_purpose": step.name if step else "",
    }


# --- access requests and retention ---------------------------------------------------------------------------


def household_export(*, household: Household, user) -> dict:
    """Everything the register holds on one household, for an access request (logged as an export)."""
    household = (
        Household.objects.select_related("organization").prefetch_related("languages", "countries").get(pk=household.pk)
    )
    checklist = household.checklist.select_related("step", "organization", "referral__receiver")
    data = {
        "household": {
            "id": str(household.public_id),
            "welcoming_organisation": household.organization.name,
            "family_name": household.family_name,
            "arrival_date": household.arrival_date.isoformat(),
            "cohort": household.cohort,
            "composition": {name: getattr(household, name) for name in BAND_FIELDS},
            "countries_of_origin": [country.code for country in household.countries.all()],
            "languages": [language.code for language in household.languages.all()],
            "interpreter_needed": household.interpreter_needed,
            "temporary_housing": household.temporary_housing,
            "address": household.address,
            "departure_date": household.departure_date.isoformat() if household.departure_date else None,
            "departure_reason": household.departure_reason,
            "notes": household.notes,
            "created_at": household.created_at.isoformat(),
            "personal_data_erased_at": (
                household.personal_data_erased_at.isoformat() if household.personal_data_erased_at else None
            ),
        },
        "persons": [
            {"full_name": person.full_name, "birth_year": person.birth_year, "relationship": person.relationship}
            for person in household.persons.all()
        ],
        "arrival_routine": [
            {
                "step": item.step.slug,
                "step_name": item.step.name,
                "status": item.status,
                "date": item.date.isoformat() if item.date else None,
                "organisation": item.organization.name if item.organization else None,
                "referral": {
                    "id": str(item.referral.public_id),
                    "receiver": item.referral.receiver.name,
                    "state": item.referral.state,
                } if item.referral else None,
            }
            for item in checklist
        ],
        "access_log": [
            {"at": entry.at.isoformat(), "who": entry.username, "action": entry.action, "detail": entry.detail}
            for entry in AccessLog.objects.filter(household=household).order_by("at", "pk")
        ],
    }
    _log(user=user, household=household, action=AccessAction.EXPORT, detail="access request")
    return data


@transaction.atomic
def household_erase_personal_data(*, household: Household, user=None) -> bool:
    """Erase what identifies the family; keep every count, date, language, country and step the figures use.

    Returns False when there was nothing left to erase (idempotent).
    """
    household = Household.objects.select_for_update().get(pk=household.pk)
    if household.personal_data_erased_at is not None:
        return False
    Person.objects.filter(household=household).delete()
    for name in Household.PERSONAL_FIELDS:
        setattr(household, name, "")
    household.personal_data_erased_at = timezone.now()
    household.save()
    _log(user=user, household=household, action=AccessAction.ERASE, organization=None,
         detail="retention" if user is None else "request")
    return True


def households_erase_expired(*, now: datetime | None = None) -> int:
    """Erase the personal data of households gone for longer than the retention period after departure, or
    arrived longer ago than the retention period; returns how many were erased."""
    departed_before, arrived_before = retention_cutoffs(now)
    expired = Household.objects.with_personal_data().filter(
        Q(departure_date__lt=departed_before) | Q(arrival_date__lt=arrived_before)
    )
    erased = 0
    for household in expired.only("pk").iterator():
        erased += household_erase_personal_data(household=household)
    return erased


def stuck_since(days: int, today: date | None = None) -> date:
    return (today or timezone.localdate()) - timedelta(days=days)
