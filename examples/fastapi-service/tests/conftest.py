"""Fixtures against a live ReaderKit (READERKIT_URL): readers signed up through its token API,
and the example service served by uvicorn on a real port, configured as a test needs."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import socket
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Iterator

import httpx
import pytest
import uvicorn

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from readerkit_auth import Settings  # noqa: E402

PASSWORD = "Servo-Arm-42x"
# A complete profile, so the reader may read their personalization context.
EXPERT = {
    "softwareBackground": {
        "programmingLanguages": ["C++", "Python"],
        "frameworks": ["ROS 2"],
        "experienceLevel": "expert",
        "specializations": ["computer vision"],
    },
    "hardwareBackground": {
        "familiarPlatforms": ["Jetson"],
        "roboticsExperience": "professional",
        "electronicsKnowledge": "advanced",
    },
}


@dataclasses.dataclass
class ReaderTokens:
    user_id: str
    email: str
    access_token: str
    refresh_token: str


@dataclasses.dataclass
class Service:
    url: str
    app: object

    def get(self, path: str, token: str | None = None, **kwargs) -> httpx.Response:
        return httpx.get(self.url + path, headers=bearer(token), **kwargs)

    def post(self, path: str, json: object, token: str | None = None) -> httpx.Response:
        return httpx.post(self.url + path, json=json, headers=bearer(token))


def bearer(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}


@pytest.fixture(scope="session")
def readerkit() -> Iterator[httpx.Client]:
    url = os.environ.get("READERKIT_URL")
    if not url:
        pytest.skip("READERKIT_URL is not set: these tests need a live ReaderKit server")
    with httpx.Client(base_url=url.rstrip("/"), timeout=10) as client:
        yield client


def sign_up(readerkit: httpx.Client, profile: dict | None) -> ReaderTokens:
    """A new reader through ReaderKit's token API; with `profile`, written with POST /api/profile
    and the fresh access token it answers (which carries profileComplete)."""
    email = f"fastapi.{uuid.uuid4().hex[:12]}@example.com"
    signup = readerkit.post("/api/auth/signup", json={"email": email, "password": PASSWORD})
    assert signup.status_code == 201, signup.text
    body = signup.json()
    access = body["accessToken"]
    if profile is not None:
        written = readerkit.post("/api/profile", json=profile, headers=bearer(access))
        assert written.status_code == 201, written.text
        access = written.json()["accessToken"]
    return ReaderTokens(body["userId"], email, access, body["refreshToken"])


@pytest.fixture(scope="session")
def reader(readerkit: httpx.Client) -> ReaderTokens:
    return sign_up(readerkit, EXPERT)


@pytest.fixture(scope="session")
def newcomer(readerkit: httpx.Client) -> ReaderTokens:
    """A reader without a profile: ReaderKit has no context for them yet."""
    return sign_up(readerkit, None)


@contextlib.contextmanager
def serving(settings: Settings) -> Iterator[Service]:
    """The example app under uvicorn on a free port, in a thread of this process."""
    app = create_app(settings)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield Service(f"http://127.0.0.1:{sock.getsockname()[1]}", app)
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@pytest.fixture
def settings(readerkit: httpx.Client) -> Settings:
    """What an operator sets for this ReaderKit (its issuer and audience are its BASE_URL)."""
    return Settings.from_env(os.environ)


@pytest.fixture
def service(settings: Settings) -> Iterator[Service]:
    """A fresh service per test: its own, empty JWKS cache."""
    with serving(settings) as running:
        yield running
