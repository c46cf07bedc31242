"""Schemathesis against the OpenAPI of the JSON API in group mode: no request gets a 500,
and every response matches its documented schema. Bounded: a few examples per route.

Each case runs signed in (a fresh session of a teacher or a learner, with the CSRF token),
so the routes behind sign-in are exercised too, not only their 401.
"""

from __future__ import annotations

import secrets
import warnings
from datetime import timedelta
from itertools import count

import pytest
from hypothesis import HealthCheck, settings

from group_web import make_accounts

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import schemathesis
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import response_schema_conformance


@pytest.fixture
def group_app(tmp_path):
    from dlmath.auth.tokens import new_join_code
    from dlmath.store import open_store
    from dlmath.store.classes import Classes
    from dlmath.web import create_app

    with open_store(f"sqlite:///{tmp_path / 'fuzz.sqlite3'}") as store:
        (teacher,) = make_accounts(store, "teacher", teacher=True)
        (learner,) = make_accounts(store, "learner")
        classes = Classes(store)
        room = classes.create(teacher.id, "Room", new_join_code)
        classes.join(room.id, learner.id)
        classes.assign(teacher.id, room.id, "linalg.matmul", None, 0.9)
        yield create_app(mode="group", store=store), store, (teacher, learner)


def test_the_json_api_never_fails_and_matches_its_schema(group_app):
    from hypothesis import given

    from dlmath.auth.tokens import new_session_id, session_hash
    from dlmath.store.accounts import Accounts

    app, store, people = group_app
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app).include(path_regex="^/api/")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    turn = count()

    def headers() -> dict[str, str]:
        account = people[next(turn) % 2]
        session_id = new_session_id()
        Accounts(store).start_session(account.id, session_hash(session_id), timedelta(hours=1))
        csrf = secrets.token_urlsafe(32)
        return {"Cookie": f"dlmath_session={session_id}; dlmath_csrf={csrf}", "X-CSRF-Token": csrf}

    tried = []
    calls: list[int] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=15,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def fuzz(case) -> None:  # type: ignore[no-untyped-def]
            calls.append(case.status_code if hasattr(case, "status_code") else 0)
            case.call_and_validate(
                headers=headers(), checks=[not_a_server_error, response_schema_conformance]
            )

        fuzz()
        tried.append(operation.label)
    assert len(calls) >= 5 * len(operations)  # the examples did run
    assert "POST /api/login" in tried and "GET /api/classes/{class_id}/dashboard" in tried
