"""`POST /keap/token`: Keap's refresh-token grant, with HTTP Basic client authentication.

Form `grant_type=refresh_token&refresh_token=...`, header
`Authorization: Basic base64(client_id:client_secret)`. The answer carries a NEW refresh
token; the one just spent is dead from now on (see `auth.TokenStore`).
"""

from __future__ import annotations

import base64
import binascii
import typing as t

from vendor_sandbox.httpio import json_response

if t.TYPE_CHECKING:
    from vendor_sandbox.httpio import Request, Response
    from vendor_sandbox.keap.auth import TokenStore
    from vendor_sandbox.keap.counters import Counters
    from vendor_sandbox.keap.settings import KeapSettings

TOKEN_PATH = "/token"  # noqa: S105 - a path, not a secret
REFRESH_GRANT = "refresh_token"
SCOPE = "full|sandbox.infusionsoft.com"
INVALID_CLIENT = {"error": "invalid_client", "error_description": "Invalid client credentials"}
INVALID_REFRESH = {"error": "invalid_request", "error_description": "Invalid Refresh Token"}


def basic_credentials(authorization: str) -> tuple[str, str] | None:
    """The (client_id, client_secret) of an HTTP Basic header, or None if malformed."""
    scheme, _, encoded = authorization.strip().partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, colon, secret = decoded.partition(":")
    return (client_id, secret) if colon else None


def token_endpoint(
    request: Request, settings: KeapSettings, tokens: TokenStore, counters: Counters
) -> Response:
    """Answer one token request: 401 bad client, 400 bad grant or token, else a new grant."""
    if request.method != "POST":
        return json_response(
            {"error": "invalid_request", "error_description": "use POST"}, status=405
        )
    client = basic_credentials(request.headers.get("authorization", ""))
    if client != (settings.client_id, settings.client_secret):
        return json_response(INVALID_CLIENT, status=401)
    form = {name: values[0] for name, values in request.form().items()}
    if form.get("grant_type") != REFRESH_GRANT:
        return json_response({"error": "unsupported_grant_type"}, status=400)
    grant = tokens.refresh(form.get("refresh_token", ""), settings.client_id, settings.token_ttl)
    if grant is None:
        counters.refresh_rejected()
        return json_response(INVALID_REFRESH, status=400)
    return json_response(
        {
            "access_token": grant.access_token,
            "token_type": "bearer",
            "expires_in": settings.token_ttl,
            "refresh_token": grant.refresh_token,
            "scope": SCOPE,
        }
    )
