"""Behaviour every tap and target of this monorepo shares, written once.

Retries driven by a table of vendor errors, a process-wide rate limiter, a persisted daily
call ledger, cached access tokens, the reject (dead-letter) file, crash-safe state files and
secret redaction for logs. Vendor protocol knowledge stays in each plugin.
"""

from singer_commons.errors import (
    DailyBudgetExhausted,
    VendorError,
    error_from_http_response,
    parse_retry_after,
)
from singer_commons.files import atomic_write_json, atomic_write_text, exclusive_lock, read_json
from singer_commons.ledger import CallLedger
from singer_commons.ratelimit import RateLimiter, reset_shared_rate_limiters, shared_rate_limiter
from singer_commons.redaction import install_log_redaction, redact, register_secret
from singer_commons.refresh_tokens import RefreshGrant, RotatingRefreshTokenProvider
from singer_commons.rejects import RejectWriter
from singer_commons.retry import RetryPolicy, RetryRule
from singer_commons.tokens import ClientCredentialsTokenProvider, TokenGrant

__all__ = [
    "CallLedger",
    "ClientCredentialsTokenProvider",
    "DailyBudgetExhausted",
    "RateLimiter",
    "RefreshGrant",
    "RejectWriter",
    "RetryPolicy",
    "RetryRule",
    "RotatingRefreshTokenProvider",
    "TokenGrant",
    "VendorError",
    "atomic_write_json",
    "atomic_write_text",
    "error_from_http_response",
    "exclusive_lock",
    "install_log_redaction",
    "parse_retry_after",
    "read_json",
    "redact",
    "register_secret",
    "reset_shared_rate_limiters",
    "shared_rate_limiter",
]
