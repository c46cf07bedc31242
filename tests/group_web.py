"""Shared pieces of the group-mode web tests: an app over a fresh database, accounts made
with one precomputed hash (argon2 costs ~100 ms a hash), and a signed-in test client."""

from __future__ import annotations

import warnings
from functools import cache

PASSWORD = "a long password"

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@cache
def password_hash() -> str:
    from dlmath.auth.passwords import hash_password

    return hash_password(PASSWORD)


def make_accounts(store, *names, teacher=False):  # type: ignore[no-untyped-def]
    from dlmath.store.accounts import Accounts

    accounts = Accounts(store)
    return [accounts.create(name, password_hash(), teacher=teacher) for name in names]


class Client:
    """A browser-like client: keeps cookies and sends the CSRF token like app.js does."""

    def __init__(self, app, base_url: str = "http://testserver") -> None:  # type: ignore[no-untyped-def]
        self.http = TestClient(app, base_url=base_url, follow_redirects=False)
        self.http.get("/login")  # the first page sets the CSRF cookie

    @property
    def csrf(self) -> str:
        return self.http.cookies.get("dlmath_csrf") or ""

    def get(self, path: str, **kw):  # type: ignore[no-untyped-def]
        return self.http.get(path, **kw)

    def post(self, path: str, json=None, data=None, token: bool = True, headers=None):  # type: ignore[no-untyped-def]
        headers = dict(headers or {})
        if token and data is None:
            headers.setdefault("X-CSRF-Token", self.csrf)
        if token and data is not None:
            data = {"csrf_token": self.csrf, **data}
        return self.http.post(path, json=json, data=data, headers=headers)

    def delete(self, path: str):  # type: ignore[no-untyped-def]
        return self.http.delete(path, headers={"X-CSRF-Token": self.csrf})

    def login(self, name: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
        response = self.post("/api/login", json={"username": name, "password": password})
        assert response.status_code == 200, response.text
        return response
