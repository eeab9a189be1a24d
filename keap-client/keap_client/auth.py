"""Keap credentials: an API key, or OAuth2 access tokens from a rotating refresh token.

Keap discards a refresh token the moment it is used and returns a new one. The
`RotatingRefreshTokenProvider` of singer-commons saves each new refresh token in the state
backend (a 0600 file written atomically under a `flock`, or a PostgreSQL row held for
update) before its access token is used, so a crash or a parallel run on any worker never
strands the account; here is only the Keap side of the exchange and its error messages.
"""

from __future__ import annotations

import hashlib
import typing as t

import requests

from keap_client.errors import KeapCredentialsRejected, KeapReauthorizationRequired, fault_message
from singer_commons.errors import VendorError
from singer_commons.refresh_tokens import RefreshGrant, RotatingRefreshTokenProvider

if t.TYPE_CHECKING:
    from keap_client.settings import KeapConnectionSettings, KeapOAuthClient
    from singer_commons.state_store import StateStore

API_KEY_HEADER = "X-Keap-API-Key"
AUTHORIZE_URL = "https://accounts.infusionsoft.com/app/oauth/authorize"
HTTP_BAD_REQUEST = 400
HTTP_UNAUTHORIZED = 401
HTTP_ERROR_THRESHOLD = 400
# Refresh when less than this remains of an access token (Keap's are valid ~24 h).
REFRESH_MARGIN_SECONDS = 300.0


class Credentials(t.Protocol):
    """Adds Keap credentials to requests."""

    def prepare(self) -> None:
        """Make sure credentials are ready before a call (e.g. refresh a token)."""

    def apply(self, request: requests.PreparedRequest) -> None:
        """Add the credentials to one request."""

    def rejected(self) -> None:
        """Keap answered 401 to a request made with these credentials."""


class ApiKeyCredentials:
    """A Personal Access Token or Service Account Key in the `X-Keap-API-Key` header."""

    def __init__(self, api_key: str) -> None:
        self._api_key = api_key

    def prepare(self) -> None:
        """An API key needs no preparation."""

    def apply(self, request: requests.PreparedRequest) -> None:
        """Send the key in Keap's API key header."""
        request.headers[API_KEY_HEADER] = self._api_key

    def rejected(self) -> None:
        """A refused key cannot be renewed here: stop with what to check.

        Raises:
            KeapCredentialsRejected: always.
        """
        msg = (
            "Keap rejected the API key (HTTP 401). Check that api_key is a current "
            "Personal Access Token or Service Account Key of this Keap app (Settings > API) "
            "and has not been revoked."
        )
        raise KeapCredentialsRejected(msg)


class OAuthCredentials:
    """OAuth2 Bearer tokens from a rotating refresh token, persisted in the state backend."""

    def __init__(
        self,
        client: KeapOAuthClient,
        state: StateStore,
        *,
        timeout: float,
        session: requests.Session | None = None,
    ) -> None:
        """Create OAuth credentials.

        Args:
            client: The OAuth part of the connection settings (token endpoint, client,
                configured refresh token).
            state: Where the token store lives (one document per OAuth client).
            timeout: Seconds to wait for the token endpoint.
            session: HTTP session for the token endpoint (not the API's: the API session
                carries the authenticator and must not wait for the token it needs).
        """
        self._token_url = client.token_url
        self._client_id = client.client_id
        self._client_secret = client.client_secret
        self._timeout = timeout
        self._session = session or requests.Session()
        self.tokens = RotatingRefreshTokenProvider(
            state.document(token_store_name(self._client_id)),
            configured_refresh_token=client.refresh_token,
            exchange=self._exchange,
            refresh_margin_seconds=REFRESH_MARGIN_SECONDS,
        )

    def prepare(self) -> None:
        """Refresh the access token if it is missing or about to expire."""
        self.tokens.token()

    def apply(self, request: requests.PreparedRequest) -> None:
        """Send the access token as a Bearer header."""
        request.headers["Authorization"] = f"Bearer {self.tokens.token()}"

    def rejected(self) -> None:
        """Drop the refused access token: the retry refreshes."""
        self.tokens.invalidate()

    def _exchange(self, refresh_token: str) -> RefreshGrant:
        """Trade a refresh token for tokens at Keap's token endpoint (one call, no retry)."""
        response = self._session.post(
            self._token_url,
            data={"grant_type": "refresh_token", "refresh_token": refresh_token},
            auth=(self._client_id, self._client_secret),
            timeout=self._timeout,
        )
        if response.status_code == HTTP_UNAUTHORIZED:
            msg = (
                "Keap refused the OAuth client credentials (HTTP 401 from the token "
                f"endpoint: {fault_message(response) or 'no detail'}). Check client_id and "
                "client_secret of your Keap developer app."
            )
            raise KeapCredentialsRejected(msg)
        if response.status_code == HTTP_BAD_REQUEST:
            raise KeapReauthorizationRequired(self._reauthorize_message(response))
        if response.status_code >= HTTP_ERROR_THRESHOLD:
            raise VendorError(
                f"http:{response.status_code}",
                f"Keap's token endpoint answered HTTP {response.status_code}",
                response=response,
            )
        body = response.json()
        return RefreshGrant(
            access_token=str(body["access_token"]),
            expires_in=float(body["expires_in"]),
            refresh_token=str(body["refresh_token"]),
        )

    def _reauthorize_message(self, response: requests.Response) -> str:
        return (
            f"Keap rejected the refresh token ({fault_message(response) or 'HTTP 400'}). "
            "Keap rotates refresh tokens on every use and expires them after about 45 days, "
            "so a token already used by another run or copied from an old config no longer "
            f"works. Re-authorise: open {AUTHORIZE_URL}?client_id=<client_id>&redirect_uri="
            "<your redirect URI>&response_type=code&scope=full, exchange the returned code "
            "for tokens at the token endpoint, and set the new refresh_token in this "
            f"plugin's settings (it replaces the token saved in {self.tokens.store.where})."
        )


def token_store_name(client_id: str) -> str:
    """The token store of one OAuth client (the client ID itself stays out of its name)."""
    digest = hashlib.sha256(client_id.encode()).hexdigest()[:16]
    return f"keap-oauth-{digest}"


def credentials_of(settings: KeapConnectionSettings) -> Credentials:
    """The API key or the OAuth credentials the connection settings choose."""
    if settings.oauth is not None:
        return OAuthCredentials(settings.oauth, settings.state, timeout=settings.request_timeout)
    return ApiKeyCredentials(str(settings.api_key))


def account_key(settings: KeapConnectionSettings) -> str:
    """A stable, non-secret name of the credential whose quota the ledger tracks."""
    secret = settings.api_key if settings.oauth is None else settings.oauth.client_id
    return "keap-" + hashlib.sha256(str(secret).encode()).hexdigest()[:16]
