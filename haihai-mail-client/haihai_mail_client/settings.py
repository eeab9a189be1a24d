"""Settings of the 配配メール connection, declared once for the tap and the target.

The spec of the API is not public, so everything an account may do differently (endpoint
paths, CSV encoding, line endings) is a setting whose default follows the public facts: see
`apis.py` and the plugins' READMEs. What only the tap reads (start date, measurement types)
stays in the tap's settings. Both plugins declare `CONNECTION_PROPERTIES` and read them into
one `HaihaiConnectionSettings` at start, the object `HaihaiConnection` is built from.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass
from types import MappingProxyType

from singer_sdk import typing as th

from haihai_mail_client.apis import ALL_APIS, BY_KEY
from singer_commons.csvcodec import CsvFormat
from singer_commons.errors import config_error
from singer_commons.sdk import settings as common

if t.TYPE_CHECKING:
    from collections.abc import Mapping
    from zoneinfo import ZoneInfo

    from haihai_mail_client.apis import HaihaiApi
    from singer_commons.state_store import StateStore

# Seed 001 (https://support.haihaimail.jp/manual/setting/api/, API実行回数制限): 240 calls a
# day per API, 86,400 on a dedicated-server plan; 来訪回数, フォーム一覧 and フォーム回答一覧
# exist on the Bridge plan only. ASSUMED: the three plans exclude each other.
PLAN_QUOTAS = {"standard": 240, "bridge": 240, "dedicated": 86_400}
BRIDGE_PLAN = "bridge"

_PATH_DEFAULTS = ", ".join(f"{api.key}: {api.default_path}" for api in ALL_APIS)

CONNECTION_PROPERTIES: list[th.Property] = [
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
        default="standard",
        description=(
            "Your 配配メール plan: standard (240 calls a day per API), bridge (240 a day; "
            "adds the visits, forms and form answers APIs) or dedicated (dedicated-server "
            "plan, 86,400 calls a day per API)."
        ),
    ),
    # No default of its own: unset, the budget is the plan's quota (`daily_call_budget`).
    common.daily_call_budget(
        None,
        "配配メール allows 240 calls a day per API, 86,400 on a dedicated-server plan; "
        "反応者一覧 counts per measurement type; reset at 0:00 in `timezone`. Default: the "
        "plan's quota",
    ),
    # Public callers differ (jawhm/local public_html/haihai/): sendhaihai.php uploads
    # Shift_JIS with CRLF, addlist.php UTF-8 with LF. Hence settings, defaulting to the first.
    th.Property(
        "csv_encoding",
        th.StringType(allowed_values=["cp932", "shift_jis", "utf-8", "utf-8-sig"]),
        default="cp932",
        description=(
            "Encoding of the CSV files sent and received: cp932 (Shift_JIS with the Windows "
            "extensions, what Japanese CSV tools produce) or utf-8. Answers that declare a "
            "charset are read in that charset."
        ),
    ),
    th.Property(
        "csv_line_ending",
        th.StringType(allowed_values=["crlf", "lf"]),
        default="crlf",
        description="Line ending of the CSV files sent: crlf or lf (both are read).",
    ),
    # The quota resets at 0:00 Japan time.
    th.Property(
        "timezone",
        th.StringType,
        default="Asia/Tokyo",
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
    # A million-row CSV upload takes a while on a slow uplink.
    common.request_timeout(300.0),
    common.state_dir(),
    common.state_backend(),
]

_SCHEMA = th.PropertiesList(*CONNECTION_PROPERTIES).to_dict()


@dataclass(frozen=True)
class HaihaiConnectionSettings:
    """The connection settings of a 配配メール plugin, read and checked once at start.

    `base_url` has no trailing slash; `daily_call_budget` is the plan's quota unless set;
    `endpoint_paths` holds only the overrides (see `path`).
    """

    base_url: str
    api_token: str
    plan: str
    daily_call_budget: int
    csv_format: CsvFormat
    time_zone: ZoneInfo
    endpoint_paths: Mapping[str, str]
    request_timeout: float
    state: StateStore

    @classmethod
    def from_config(cls, config: Mapping[str, t.Any]) -> HaihaiConnectionSettings:
        """Read the connection settings of a plugin's validated config.

        Raises:
            ConfigValidationError: naming the setting whose value cannot work: a budget
                outside 1 … the plan's quota, an unknown CSV format or time zone, an
                endpoint path of an unknown API or not starting with '/'.
        """
        values = common.SettingValues(config, _SCHEMA)
        plan = values.text("plan")
        return cls(
            base_url=values.text("base_url").rstrip("/"),
            api_token=values.text("api_token"),
            plan=plan,
            daily_call_budget=_daily_call_budget(values, plan),
            csv_format=_csv_format(values),
            time_zone=values.time_zone("timezone"),
            endpoint_paths=MappingProxyType(_endpoint_paths(values)),
            request_timeout=values.positive_number("request_timeout"),
            state=values.state_store(),
        )

    def path(self, api: HaihaiApi) -> str:
        """The path of `api`: the `endpoint_paths` override or the default."""
        return self.endpoint_paths.get(api.key) or api.default_path


def _daily_call_budget(values: common.SettingValues, plan: str) -> int:
    """Calls allowed per API per day: the setting, or the plan's quota."""
    quota = PLAN_QUOTAS[plan]
    budget = values.optional_integer("daily_call_budget")
    if budget is None:
        return quota
    if not 1 <= budget <= quota:
        msg = (
            f"daily_call_budget must be between 1 and the {plan} plan's quota of "
            f"{quota} calls a day per API, got {budget}."
        )
        raise config_error(msg)
    return budget


def _csv_format(values: common.SettingValues) -> CsvFormat:
    """The CSV encoding and line ending of the account."""
    try:
        return CsvFormat.from_settings(values.text("csv_encoding"), values.text("csv_line_ending"))
    except ValueError as exc:
        raise config_error(str(exc)) from None


def _endpoint_paths(values: common.SettingValues) -> dict[str, str]:
    """The configured path overrides, each of a known API and starting with '/'."""
    paths = {str(key): str(path) for key, path in values.mapping("endpoint_paths").items()}
    for key, path in paths.items():
        if key not in BY_KEY:
            msg = (
                f"endpoint_paths has an unknown API '{key}'; the APIs are "
                f"{', '.join(sorted(BY_KEY))}."
            )
            raise config_error(msg)
        if not path.startswith("/"):
            msg = f"endpoint_paths.{key} must start with '/', got {path!r}."
            raise config_error(msg)
    return paths
