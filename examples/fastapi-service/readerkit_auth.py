"""Trusting ReaderKit access tokens in a FastAPI service.

Settings come from the environment; `TokenVerifier` checks a token against ReaderKit's JWKS;
`get_current_reader` is the dependency that turns an `Authorization: Bearer` header into a
`Reader`, or answers 401 with a `WWW-Authenticate` header (RFC 6750) and a JSON detail.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Mapping, Optional

import httpx
import jwt
from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

# ReaderKit signs access tokens with RS256 (server/src/auth/jwt-options.ts). Pinning it keeps out
# "alg": "none" and HS256 tokens "signed" with the public key, whatever a token's header says.
ALGORITHMS = ["RS256"]
# ReaderKit's own verifier allows the same few seconds between two machines' clocks.
LEEWAY_SECONDS = 5
# Claims every ReaderKit access token carries; a token without one of them is not one of ours.
REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "sub", "jti"]
# `typ` tells an access token from any other JWT the same keys might sign (ReaderKit's
# server/src/auth/claims.ts).
ACCESS_TOKEN_TYPE = "access"
JWKS_CACHE_SECONDS = 300
HTTP_TIMEOUT_SECONDS = 5.0
REALM = "readerkit"


@dataclass(frozen=True)
class Settings:
    readerkit_url: str
    jwks_url: str
    issuer: str
    audience: str

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> "Settings":
        """READERKIT_URL is required; the rest default to what ReaderKit itself defaults to."""
        base = env.get("READERKIT_URL", "").rstrip("/")
        if not base:
            raise RuntimeError(
                "READERKIT_URL is not set: the ReaderKit server's address, "
                "e.g. https://book.example.com"
            )
        return cls(
            readerkit_url=base,
            jwks_url=env.get("JWKS_URL") or f"{base}/api/auth/jwks",
            # ReaderKit's JWT_ISSUER and JWT_AUDIENCE default to its BASE_URL.
            issuer=env.get("JWT_ISSUER") or base,
            audience=env.get("JWT_AUDIENCE") or base,
        )


class JWKSUnavailable(jwt.PyJWKClientError):
    """The key set could not be fetched: ReaderKit is down, not the token bad (503, not 401)."""


class JWKSClient(jwt.PyJWKClient):
    """PyJWKClient (caches the key set, refetches once on an unknown `kid`), fetching with a
    timeout: PyJWT 2.6 fetches with urllib and no timeout, so a stalled JWKS would hang workers."""

    def __init__(self, uri: str) -> None:
        super().__init__(uri, cache_jwk_set=True, lifespan=JWKS_CACHE_SECONDS)
        self.fetches = 0

    def fetch_data(self) -> Any:
        self.fetches += 1
        try:
            response = httpx.get(self.uri, timeout=HTTP_TIMEOUT_SECONDS)
            response.raise_for_status()
            data = response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise JWKSUnavailable(f"could not fetch {self.uri}: {error}") from error
        if self.jwk_set_cache is not None:
            self.jwk_set_cache.put(data)
        return data


class TokenVerifier:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.jwks = JWKSClient(settings.jwks_url)

    def verify(self, token: str) -> dict[str, Any]:
        """The token's claims once signature, alg, iss, aud, exp/nbf/iat and typ hold; otherwise
        a `jwt.PyJWTError` (JWKSUnavailable when the keys cannot be had)."""
        signing_key = self.jwks.get_signing_key_from_jwt(token)
        claims = jwt.decode(
            token,
            signing_key.key,
            algorithms=ALGORITHMS,
            issuer=self.settings.issuer,
            audience=self.settings.audience,
            leeway=LEEWAY_SECONDS,
            options={"require": REQUIRED_CLAIMS},
        )
        if claims.get("typ") != ACCESS_TOKEN_TYPE:
            raise jwt.InvalidTokenError("not an access token")
        return claims


@dataclass(frozen=True)
class Reader:
    """Who a verified token belongs to, and the token itself (to call ReaderKit on their behalf)."""

    sub: str
    email: str
    name: str
    roles: list[str]
    profile_complete: bool
    token: str

    def public(self) -> dict[str, Any]:
        return {
            "sub": self.sub,
            "email": self.email,
            "name": self.name,
            "roles": self.roles,
            "profileComplete": self.profile_complete,
        }


def unauthorized(reason: Optional[str]) -> HTTPException:
    """401 as RFC 6750 has it: no error code when no token came, invalid_token for a bad one."""
    if reason is None:
        return HTTPException(
            status_code=401,
            detail="Send a ReaderKit access token: Authorization: Bearer <token>",
            headers={"WWW-Authenticate": f'Bearer realm="{REALM}"'},
        )
    description = reason.replace('"', "'")
    return HTTPException(
        status_code=401,
        detail=f"Invalid token: {reason}",
        headers={
            "WWW-Authenticate": f'Bearer realm="{REALM}", error="invalid_token", '
            f'error_description="{description}"'
        },
    )


# auto_error=False: a missing header or another scheme gets our 401 rather than FastAPI's 403.
bearer_scheme = HTTPBearer(auto_error=False)


def get_current_reader(
    request: Request,
    credentials: Optional[HTTPAuthorizationCredentials] = Depends(bearer_scheme),
) -> Reader:
    """FastAPI dependency: the reader a valid ReaderKit access token belongs to, or a 401.

    A plain `def`: FastAPI runs it in its thread pool, so a JWKS fetch never blocks the loop.
    """
    if credentials is None:
        raise unauthorized(None)
    verifier: TokenVerifier = request.app.state.verifier
    try:
        claims = verifier.verify(credentials.credentials)
    except JWKSUnavailable:
        raise HTTPException(
            status_code=503,
            detail="ReaderKit's signing keys cannot be fetched; try again shortly",
            headers={"Retry-After": "5"},
        ) from None
    except jwt.PyJWTError as error:
        raise unauthorized(str(error)) from None
    return Reader(
        sub=claims["sub"],
        email=claims.get("email", ""),
        name=claims.get("name", ""),
        roles=list(claims.get("roles", [])),
        profile_complete=bool(claims.get("profileComplete", False)),
        token=credentials.credentials,
    )
