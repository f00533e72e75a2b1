"""A small service that trusts ReaderKit tokens: who the reader is (`GET /me`) and the prompt a
RAG backend would send for their question, tuned by ReaderKit's assistant context (`POST /answer`).

Run: `READERKIT_URL=http://127.0.0.1:3000 python3 -m uvicorn --factory app:create_app`
"""

from __future__ import annotations

from typing import Any, Optional

import httpx
from fastapi import Depends, FastAPI, HTTPException
from pydantic import BaseModel, Field

from readerkit_auth import (
    HTTP_TIMEOUT_SECONDS,
    Reader,
    Settings,
    TokenVerifier,
    get_current_reader,
    unauthorized,
)


class Question(BaseModel):
    question: str = Field(..., min_length=1, max_length=2000)


def fetch_assistant_context(http: httpx.Client, token: str) -> dict[str, Any]:
    """ReaderKit's `assistant` block for this reader, asked with the reader's own token: ReaderKit
    decides what they may see, and refuses a token it has revoked since it was issued."""
    try:
        response = http.get(
            "/api/personalization/context", headers={"Authorization": f"Bearer {token}"}
        )
    except httpx.HTTPError as error:
        raise HTTPException(502, detail=f"ReaderKit cannot be reached: {error}") from None
    is_json = response.headers.get("content-type", "").startswith("application/json")
    body = response.json() if is_json else {}
    if response.status_code == 401:
        raise unauthorized(body.get("message", "refused by ReaderKit"))
    if response.status_code == 403:
        # AUTH_PROFILE_INCOMPLETE: ReaderKit's redirectTo tells the client where to send the reader.
        detail = {key: body.get(key) for key in ("code", "message", "redirectTo")}
        raise HTTPException(403, detail=detail)
    if response.status_code != 200:
        raise HTTPException(502, detail=f"ReaderKit answered {response.status_code}")
    return body["context"]["assistant"]


def build_prompt(assistant: dict[str, Any], question: str) -> str:
    """The system prompt a RAG backend would send with the retrieved passages."""
    lines = [
        "You are the assistant of a robotics textbook. Answer from the retrieved passages.",
        f"The reader's level: {assistant['readerLevel']}.",
        f"Show code in {assistant['codeLanguage']}; assume the {assistant['platform']} platform.",
    ]
    if assistant.get("favourTopics"):
        lines.append("Favour passages on: " + ", ".join(assistant["favourTopics"]) + ".")
    if assistant.get("explainSimply"):
        lines.append("Explain in plain words: " + ", ".join(assistant["explainSimply"]) + ".")
    return "\n".join([*lines, "", f"Question: {question}"])


def create_app(settings: Optional[Settings] = None) -> FastAPI:
    settings = settings or Settings.from_env()
    app = FastAPI(title="ReaderKit-aware RAG service (example)")
    app.state.settings = settings
    app.state.verifier = TokenVerifier(settings)
    app.state.http = httpx.Client(base_url=settings.readerkit_url, timeout=HTTP_TIMEOUT_SECONDS)

    @app.on_event("shutdown")
    def close_http() -> None:
        app.state.http.close()

    @app.get("/me")
    def me(reader: Reader = Depends(get_current_reader)) -> dict[str, Any]:
        return reader.public()

    @app.post("/answer")
    def answer(body: Question, reader: Reader = Depends(get_current_reader)) -> dict[str, Any]:
        assistant = fetch_assistant_context(app.state.http, reader.token)
        return {"prompt": build_prompt(assistant, body.question), "assistant": assistant}

    return app
