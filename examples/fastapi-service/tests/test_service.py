"""The example service against a live ReaderKit: every token here is one ReaderKit issued."""

from __future__ import annotations

import base64
import dataclasses
import json
import os
import socket
from datetime import datetime

import httpx
import jwt
import jwt.api_jwt
import pytest

from conftest import PASSWORD, ReaderTokens, Service, bearer, serving
from readerkit_auth import LEEWAY_SECONDS


def claims_of(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def assert_refused(response: httpx.Response, reason: str | None = None) -> None:
    assert response.status_code == 401, response.text
    challenge = response.headers.get("www-authenticate", "")
    assert challenge.startswith('Bearer realm="readerkit"'), challenge
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail, response.text
    if reason is not None:
        assert 'error="invalid_token"' in challenge, challenge
        assert reason in detail.lower(), detail


def set_clock(monkeypatch: pytest.MonkeyPatch, timestamp: int) -> None:
    """The service's clock (the one PyJWT checks exp against) at `timestamp`: how a real ReaderKit
    token ages past its 15 minutes without the test waiting for them."""

    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.fromtimestamp(timestamp, tz)

    monkeypatch.setattr(jwt.api_jwt, "datetime", Clock)


def test_a_valid_token_shows_the_reader_as_readerkit_has_them(
    service: Service, reader: ReaderTokens, readerkit: httpx.Client
) -> None:
    response = service.get("/me", reader.access_token)
    assert response.status_code == 200, response.text
    theirs = readerkit.get("/api/me", headers=bearer(reader.access_token)).json()
    assert response.json() == {
        "sub": reader.user_id,
        "email": theirs["email"],
        "name": theirs["name"],
        "roles": ["user"],
        "profileComplete": True,
    }
    assert theirs["userId"] == reader.user_id


def test_an_expired_token_is_refused(
    service: Service, reader: ReaderTokens, monkeypatch: pytest.MonkeyPatch
) -> None:
    exp = claims_of(reader.access_token)["exp"]
    set_clock(monkeypatch, exp + LEEWAY_SECONDS - 1)
    assert service.get("/me", reader.access_token).status_code == 200, "control: not yet expired"
    set_clock(monkeypatch, exp + LEEWAY_SECONDS)
    assert_refused(service.get("/me", reader.access_token), "expired")


def flip_a_character(token: str) -> str:
    header, payload, signature = token.split(".")
    middle = len(payload) // 2
    swapped = "B" if payload[middle] == "A" else "A"
    return ".".join([header, payload[:middle] + swapped + payload[middle + 1 :], signature])


def grant_admin(token: str) -> str:
    """Valid JSON, a claim changed, the original signature kept."""
    header, _, signature = token.split(".")
    claims = {**claims_of(token), "roles": ["admin"]}
    payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return ".".join([header, payload, signature])


# A flipped character may break the JSON before the signature is checked: any reason will do.
@pytest.mark.parametrize("tamper, reason", [(flip_a_character, ""), (grant_admin, "signature")])
def test_a_tampered_token_is_refused(
    service: Service, reader: ReaderTokens, tamper, reason: str
) -> None:
    assert_refused(service.get("/me", tamper(reader.access_token)), reason)


@pytest.mark.parametrize(
    "field, value, reason",
    [
        ("audience", "https://other-book.example", "audience"),
        ("issuer", "https://evil.example", "issuer"),
    ],
)
def test_a_token_for_another_audience_or_from_another_issuer_is_refused(
    settings, reader: ReaderTokens, field: str, value: str, reason: str
) -> None:
    with serving(dataclasses.replace(settings, **{field: value})) as elsewhere:
        assert_refused(elsewhere.get("/me", reader.access_token), reason)
    with serving(settings) as here:
        assert here.get("/me", reader.access_token).status_code == 200, "control: same token"


def test_a_refresh_token_is_not_an_access_token(service: Service, reader: ReaderTokens) -> None:
    assert_refused(service.get("/me", reader.refresh_token), "")


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Basic cmVhZGVyOnB3"}, {"Authorization": "Bearer"}]
)
def test_no_bearer_token_is_401_with_a_challenge(service: Service, headers: dict) -> None:
    for response in (
        httpx.get(service.url + "/me", headers=headers),
        httpx.post(service.url + "/answer", json={"question": "Why?"}, headers=headers),
    ):
        assert_refused(response)
        assert response.headers["www-authenticate"] == 'Bearer realm="readerkit"'


def test_keys_out_of_reach_are_503_not_a_refused_token(settings, reader: ReaderTokens) -> None:
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
    try:
        jwks_url = f"http://127.0.0.1:{closed.getsockname()[1]}/api/auth/jwks"
        with serving(dataclasses.replace(settings, jwks_url=jwks_url)) as cut_off:
            response = cut_off.get("/me", reader.access_token)
    finally:
        closed.close()
    assert response.status_code == 503, response.text
    assert response.headers["retry-after"] == "5"


def test_a_key_rotation_is_followed(
    service: Service, reader: ReaderTokens, readerkit: httpx.Client
) -> None:
    rotate_url = os.environ.get("READERKIT_ROTATE_URL")
    if not rotate_url:
        pytest.skip("READERKIT_ROTATE_URL is not set: nothing here can rotate ReaderKit's keys")
    jwks = service.app.state.verifier.jwks
    assert service.get("/me", reader.access_token).status_code == 200
    assert service.get("/me", reader.access_token).status_code == 200
    assert jwks.fetches == 1, "the key set is cached"

    new_kid = httpx.post(rotate_url).json()["kid"]
    signin = readerkit.post("/api/auth/signin", json={"email": reader.email, "password": PASSWORD})
    assert signin.status_code == 200, signin.text
    fresh = signin.json()["accessToken"]
    old_kid = jwt.get_unverified_header(reader.access_token)["kid"]
    assert jwt.get_unverified_header(fresh)["kid"] == new_kid != old_kid

    response = service.get("/me", fresh)
    assert response.status_code == 200, response.text
    assert jwks.fetches == 2, "an unknown kid makes the service fetch the key set again"
    assert service.get("/me", reader.access_token).status_code == 200, "old key: grace period"


def test_answer_builds_the_prompt_from_the_readers_assistant_context(
    service: Service, reader: ReaderTokens
) -> None:
    question = "How do I read an IMU over I2C?"
    response = service.post("/answer", {"question": question}, reader.access_token)
    assert response.status_code == 200, response.text
    body = response.json()
    # From the profile in conftest: an expert writing C++ first, on a Jetson.
    assert body["assistant"]["readerLevel"] == "expert"
    assert body["assistant"]["codeLanguage"] == "cpp"
    assert body["assistant"]["platform"] == "jetson"
    prompt = body["prompt"]
    expected = ("level: expert", "code in cpp", "the jetson platform", f"Question: {question}")
    for line in expected:
        assert line in prompt, prompt


def test_answer_passes_on_readerkits_refusal_for_a_reader_without_a_profile(
    service: Service, newcomer: ReaderTokens
) -> None:
    response = service.post("/answer", {"question": "Where do I start?"}, newcomer.access_token)
    assert response.status_code == 403, response.text
    detail = response.json()["detail"]
    assert detail["code"] == "AUTH_PROFILE_INCOMPLETE"
    assert detail["redirectTo"], detail
