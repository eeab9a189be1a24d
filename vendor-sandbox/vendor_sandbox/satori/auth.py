"""Who may call: the four API keys (user key and secret, company key and secret).

SATORI takes the keys as parameters of each call, not as a header: form fields of a POST
(urlencoded or multipart) or query parameters of a GET. All four must match; the answer
never says which one did not, so a 401 leaks nothing.
"""

from __future__ import annotations

import hmac
import typing as t

from vendor_sandbox.satori.errors import unauthorized

if t.TYPE_CHECKING:
    from collections.abc import Mapping

    from vendor_sandbox.satori.settings import SatoriSettings


def authorize(fields: Mapping[str, str], settings: SatoriSettings) -> None:
    """Check the four keys among a call's parameters.

    Raises:
        SatoriError: 401 when any key is missing or wrong.
    """
    for name, expected in settings.keys().items():
        given = fields.get(name)
        if given is None or not hmac.compare_digest(given.encode(), expected.encode()):
            raise unauthorized()
