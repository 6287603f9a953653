"""One business error type: every API error has one JSON shape and the status its code says; a page shows
the message instead of a 500."""

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from django.test import RequestFactory
from rest_framework import exceptions
from rest_framework.test import APIClient

from directory.services import DirectoryError
from portal.errors import ServiceError, ServiceErrorMiddleware, api_exception_handler
from referrals.services import ReferralError


@pytest.mark.parametrize(("code", "status"), [("invalid", 400), ("forbidden", 403), ("not_found", 404),
                                              ("conflict", 409)])
def test_each_code_gives_its_status_and_the_same_shape(code, status):
    response = api_exception_handler(ServiceError("Nope.", code=code), {})
    assert response.status_code == status
    assert response.data == {"detail": "Nope.", "code": code, "fields": {}}


def test_a_field_error_names_its_field():
    response = api_exception_handler(ReferralError("Say why.", field="reason"), {})
    assert response.status_code == 400
    assert response.data == {"detail": "Say why.", "code": "invalid", "fields": {"reason": ["Say why."]}}


def test_app_errors_are_service_errors():
    assert issubclass(ReferralError, ServiceError) and issubclass(DirectoryError, ServiceError)


def test_an_unknown_code_is_refused():
    with pytest.raises(ValueError):
        ServiceError("x", code="teapot")


def test_nested_validation_errors_are_flattened_by_path():
    error = exceptions.ValidationError({"person": {"full_name": ["Required."]}, "languages": [{}, {"code": ["Bad."]}]})
    data = api_exception_handler(error, {}).data
    assert data["code"] == "invalid"
    assert data["fields"] == {"person.full_name": ["Required."], "languages.1.code": ["Bad."]}
    assert data["detail"]


def test_django_validation_error_is_a_400():
    response = api_exception_handler(DjangoValidationError({"slug": ["Taken."]}), {})
    assert response.status_code == 400 and response.data["fields"] == {"slug": ["Taken."]}


@pytest.mark.django_db
def test_drf_errors_have_the_same_shape():
    response = APIClient().get("/api/v1/referrals/")
    assert response.status_code == 401
    assert set(response.json()) == {"detail", "code", "fields"}
    assert response.json()["code"] == "not_authenticated"
    response = APIClient().get("/api/v1/organizations/no-such-organisation/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


@pytest.mark.django_db
def test_a_page_read_shows_the_message_with_the_status(rf: RequestFactory):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/somewhere/")
    request.user = AnonymousUser()  # as AuthenticationMiddleware sets it: the frame reads it
    error = ServiceError("Gone.", code="not_found")
    response = ServiceErrorMiddleware(lambda r: None).process_exception(request, error)
    assert response.status_code == 404 and "Gone." in response.content.decode()


def test_other_exceptions_are_left_alone(rf: RequestFactory):
    assert ServiceErrorMiddleware(lambda r: None).process_exception(rf.get("/"), KeyError("x")) is None
