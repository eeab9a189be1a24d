"""Settings of the emulated SATORI company: its four API keys and the answer variants.

SATORI deployments differ in how they answer (payload under `body` or under `message`;
errors with their HTTP status or always HTTP 200), so a plugin is tested against each
variant by configuring the company, not by a second emulator. A `configure` call changes
the settings of the current company; a reset restores these (or the CLI's) start settings.
"""

from __future__ import annotations

import typing as t
from dataclasses import asdict, dataclass

from vendor_sandbox.settings_checks import (
    Check,
    checked_update,
    choice,
    count,
    flag,
    seconds,
    text,
)

if t.TYPE_CHECKING:
    from collections.abc import Mapping

DEFAULT_USER_KEY = "sandbox-user-key"
DEFAULT_USER_SECRET = "sandbox-user-secret"  # noqa: S105 - a public sandbox credential
DEFAULT_COMPANY_KEY = "sandbox-company-key"
DEFAULT_COMPANY_SECRET = "sandbox-company-secret"  # noqa: S105 - a public sandbox credential
KEY_NAMES = ("user_key", "user_secret", "company_key", "company_secret")
BODY, MESSAGE = "body", "message"
ENVELOPES = (BODY, MESSAGE)
DATA_ROW, FILE_LINE = "data_row", "file_line"
ROW_NUMBERINGS = (DATA_ROW, FILE_LINE)


@dataclass(frozen=True)
class SatoriSettings:
    """One company's settings.

    Attributes:
        user_key: The API user's key.
        user_secret: The API user's secret.
        company_key: The company's key.
        company_secret: The company's secret.
        envelope: `body` (the live API: payload under `body`) or `message` (the shape of
            the documentation's examples: payload as the value of `message`).
        http_200_errors: Send every error with HTTP 200; only the body's `status` tells.
        status_polls_until_finished: The status call of a bulk job that first answers
            `finished` (earlier ones answer `processing`; 0 finishes at the first call).
        processing_seconds_max: When above 0, a bulk job is processed for a random time
            between 0 and this many seconds (the company's clock, from its upload) and
            answers `processing` until then, however often it is asked
            (`status_polls_until_finished` is then not used): what a poll schedule faces
            at the vendor, which no test scripts.
        processing_seed: Seeds that random time: job N of a seed always takes the same.
        row_numbering: `data_row` (1 = the first row after the header) or `file_line`
            (1 = the header line) in a bulk job's `failed_rows`.
    """

    user_key: str = DEFAULT_USER_KEY
    user_secret: str = DEFAULT_USER_SECRET
    company_key: str = DEFAULT_COMPANY_KEY
    company_secret: str = DEFAULT_COMPANY_SECRET
    envelope: str = BODY
    http_200_errors: bool = False
    status_polls_until_finished: int = 2
    row_numbering: str = DATA_ROW
    processing_seconds_max: float = 0.0
    processing_seed: int = 0

    def keys(self) -> dict[str, str]:
        """The four API keys by their parameter names."""
        return {name: getattr(self, name) for name in KEY_NAMES}

    def as_dict(self) -> dict[str, t.Any]:
        """The settings as JSON for control responses (the keys included: they are fake)."""
        return asdict(self)

    def updated(self, changes: Mapping[str, t.Any]) -> SatoriSettings:
        """A copy with `changes` applied, every value checked before any is applied.

        Raises:
            SettingsError: Unknown setting, or a value of the wrong type or range.
        """
        return checked_update(self, changes, _CHECKS, "SATORI")


_CHECKS: dict[str, Check] = {
    **dict.fromkeys(KEY_NAMES, text),
    "envelope": choice(ENVELOPES),
    "http_200_errors": flag,
    "status_polls_until_finished": count,
    "row_numbering": choice(ROW_NUMBERINGS),
    "processing_seconds_max": seconds,
    "processing_seed": count,
}
