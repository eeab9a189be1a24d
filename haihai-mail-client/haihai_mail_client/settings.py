"""Settings of the 配配メール connection, declared once for the tap and the target.

The spec of the API is not public, so everything an account may do differently (endpoint
paths, CSV encoding, line endings) is a setting whose default follows the public facts: see
`apis.py` and the plugins' READMEs. What only the tap reads (start date, measurement types)
stays in the tap's settings.
"""

from __future__ import annotations

import typing as t

from singer_sdk import typing as th

from haihai_mail_client.apis import ALL_APIS, BY_KEY
from singer_commons.csvcodec import CsvFormat
from singer_commons.errors import config_error
from singer_commons.sdk import settings as common

if t.TYPE_CHECKING:
    from collections.abc import Mapping
    from zoneinfo import ZoneInfo

    from haihai_mail_client.apis import HaihaiApi

# Seed 001 (https://support.haihaimail.jp/manual/setting/api/, API実行回数制限): 240 calls a
# day per API, 86,400 on a dedicated-server plan; 来訪回数, フォーム一覧 and フォーム回答一覧
# exist on the Bridge plan only. ASSUMED: the three plans exclude each other.
PLAN_QUOTAS = {"standard": 240, "bridge": 240, "dedicated": 86_400}
BRIDGE_PLAN = "bridge"
DEFAULT_PLAN = "standard"
DEFAULT_TIMEZONE = "Asia/Tokyo"  # the quota resets at 0:00 Japan time
# Public callers differ (jawhm/local public_html/haihai/): sendhaihai.php uploads Shift_JIS
# with CRLF, addlist.php UTF-8 with LF. Hence settings, defaulting to the first.
DEFAULT_CSV_ENCODING = "cp932"
DEFAULT_CSV_LINE_ENDING = "crlf"
# A million-row CSV upload takes a while on a slow uplink.
DEFAULT_REQUEST_TIMEOUT = 300.0

_PATH_DEFAULTS = ", ".join(f"{api.key}: {api.default_path}" for api in ALL_APIS)

CONNECTION_PROPERTIES = th.PropertiesList(
    common.base_url(
        "Your 配配メール account's host, e.g. https://example.hm-f.jp (endpoint paths are "
        "appended to it)."
    ),
    th.Property(
        "api_token",
        th.StringType,
        required=True,
        secret=True,
        description=(
            "API token generated in 配配メール under 各種設定 > 基本設定 (APIトークン: 生成). "
            "Sent as the api_token form field and as a Bearer Authorization header."
        ),
    ),
    th.Property(
        "plan",
        th.StringType(allowed_values=list(PLAN_QUOTAS)),
        default=DEFAULT_PLAN,
        description=(
            "Your 配配メール plan: standard (240 calls a day per API), bridge (240 a day; "
            "adds the visits, forms and form answers APIs) or dedicated (dedicated-server "
            "plan, 86,400 calls a day per API)."
        ),
    ),
    common.daily_call_budget(
        None,
        "配配メール allows 240 calls a day per API, 86,400 on a dedicated-server plan; "
        "反応者一覧 counts per measurement type; reset at 0:00 in `timezone`. Default: the "
        "plan's quota",
    ),
    th.Property(
        "csv_encoding",
        th.StringType(allowed_values=["cp932", "shift_jis", "utf-8", "utf-8-sig"]),
        default=DEFAULT_CSV_ENCODING,
        description=(
            "Encoding of the CSV files sent and received: cp932 (Shift_JIS with the Windows "
            "extensions, what Japanese CSV tools produce) or utf-8. Answers that declare a "
            "charset are read in that charset."
        ),
    ),
    th.Property(
        "csv_line_ending",
        th.StringType(allowed_values=["crlf", "lf"]),
        default=DEFAULT_CSV_LINE_ENDING,
        description="Line ending of the CSV files sent: crlf or lf (both are read).",
    ),
    th.Property(
        "timezone",
        th.StringType,
        default=DEFAULT_TIMEZONE,
        description=(
            "Time zone of the account: the daily quota resets at 0:00 here, dates sent to "
            "the retrieval APIs are days here and the datetimes they return are read as "
            "local times here."
        ),
    ),
    th.Property(
        "endpoint_paths",
        th.ObjectType(additional_properties=th.StringType),
        description=(
            "Paths (appended to base_url, query included) of the APIs, for accounts whose "
            "spec differs from the defaults. Keys and defaults: " + _PATH_DEFAULTS + "."
        ),
    ),
    common.request_timeout(DEFAULT_REQUEST_TIMEOUT),
    common.state_dir(),
)


def plan(config: Mapping[str, t.Any]) -> str:
    """The configured plan."""
    return str(config.get("plan") or DEFAULT_PLAN)


def daily_call_budget(config: Mapping[str, t.Any]) -> int:
    """Calls allowed per API per day: the setting, or the plan's quota.

    Raises:
        ConfigValidationError: a budget below 1 or above the plan's quota.
    """
    quota = PLAN_QUOTAS[plan(config)]
    configured = config.get("daily_call_budget")
    if configured is None:
        return quota
    budget = int(configured)
    if not 1 <= budget <= quota:
        msg = (
            f"daily_call_budget must be between 1 and the {plan(config)} plan's quota of "
            f"{quota} calls a day per API, got {budget}."
        )
        raise config_error(msg)
    return budget


def csv_format(config: Mapping[str, t.Any]) -> CsvFormat:
    """The CSV encoding and line ending of the account."""
    try:
        return CsvFormat.from_settings(
            str(config.get("csv_encoding") or DEFAULT_CSV_ENCODING),
            str(config.get("csv_line_ending") or DEFAULT_CSV_LINE_ENDING),
        )
    except ValueError as exc:
        raise config_error(str(exc)) from None


def timezone(config: Mapping[str, t.Any]) -> ZoneInfo:
    """The account's time zone, checked."""
    return common.time_zone(config, "timezone", DEFAULT_TIMEZONE)


def endpoint_path(config: Mapping[str, t.Any], api: HaihaiApi) -> str:
    """The path of `api`: the `endpoint_paths` override or the default."""
    return str((config.get("endpoint_paths") or {}).get(api.key) or api.default_path)


def validate_connection(config: Mapping[str, t.Any]) -> None:
    """Check the connection settings JSON Schema cannot (called at start, before any call).

    Raises:
        ConfigValidationError: naming the setting and what is wrong.
    """
    daily_call_budget(config)
    csv_format(config)
    timezone(config)
    for key, path in (config.get("endpoint_paths") or {}).items():
        if key not in BY_KEY:
            msg = (
                f"endpoint_paths has an unknown API '{key}'; the APIs are "
                f"{', '.join(sorted(BY_KEY))}."
            )
            raise config_error(msg)
        if not str(path).startswith("/"):
            msg = f"endpoint_paths.{key} must start with '/', got {path!r}."
            raise config_error(msg)
