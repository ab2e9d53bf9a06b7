"""Property-based requests generated from the OpenAPI document: no server error anywhere, every
response in the documented envelope, on the demo data; every operation, writes included, as each
kind of person (anonymous, citizen, a body's secretary, the evaluation office, the platform's
administrator)."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.conf import settings as settings_module
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Like Django's test client: the WSGI app must not close the test's database connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def demo_data(demo_snapshot, django_db_blocker):
    """The demo restored once for the module (GET requests write nothing), emptied after it."""
    with django_db_blocker.unblock():
        demo_snapshot.restore()
    yield
    _sessions.clear()
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.mark.django_db
@schema.include(method="GET").parametrize()
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
def test_get_operations_never_fail_on_the_server(case, demo_data):
    response = case.call()

    assert_answered(case, response)


def assert_answered(case: Any, response: Any) -> None:
    """No server error; an error in the envelope; a success as documented."""
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"error"}
        assert set(body["error"]) == {"code", "message", "fields"}
    elif response.status_code != 204:
        case.validate_response(response, checks=[content_type_conformance, response_schema_conformance])


def signed_in(username: str) -> dict[str, dict[str, str]]:
    """A session of ``username`` and its CSRF token, as a browser would send them; one session per
    person for the module (signing in for every example took half the module's time, and no API
    operation ends a session)."""
    if username not in _sessions:
        _sessions[username] = _sign_in(username)
    return _sessions[username]


_sessions: dict[str, dict[str, dict[str, str]]] = {}


def _sign_in(username: str) -> dict[str, dict[str, str]]:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    token = _get_new_csrf_string()
    session = client.cookies[settings_module.SESSION_COOKIE_NAME].value
    return {
        "cookies": {settings_module.SESSION_COOKIE_NAME: session, "csrftoken": token},
        "headers": {"X-CSRFToken": token},
    }


WRITES = settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@pytest.mark.django_db
@schema.parametrize()
@WRITES
def test_every_operation_as_the_administrator_never_fails_on_the_server(case, demo_data):
    """The administrator may do everything, so the boundary values (the coverage phase) reach
    every service."""
    response = case.call(**signed_in("admin"))

    assert_answered(case, response)


# The other roles are refused much of the time; a few random examples each (the administrator's
# boundary values reach the services) keep the suite fast.
fuzzed = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
fuzzed.config.phases.coverage.enabled = False
ROLE_WRITES = settings(WRITES, max_examples=3)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "citizen", "innovation-secretary", "evaluation-office"])
@fuzzed.parametrize()
@ROLE_WRITES
def test_every_operation_as_each_role_never_fails_on_the_server(case, role, demo_data):
    response = case.call(**({} if role == "anonymous" else signed_in(role)))

    assert_answered(case, response)
