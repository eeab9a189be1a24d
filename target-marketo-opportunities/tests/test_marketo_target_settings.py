"""MarketoTargetSettings: the sync action, the matching key and the rejects, checked at start."""

from __future__ import annotations

import pytest
from singer_sdk.exceptions import ConfigValidationError

from singer_commons.sdk.settings import RejectSettings
from target_marketo_opportunities.settings import MarketoTargetSettings

CONNECTION = {
    "base_url": "https://123-ABC-456.mktorest.com",
    "client_id": "id",
    "client_secret": "secret",
    "daily_call_budget": 5000,
}


def test_defaults_upsert_by_dedupe_fields_and_reject_unknown_fields() -> None:
    settings = MarketoTargetSettings.from_config(CONNECTION)

    assert settings.action == "createOrUpdate"
    assert settings.dedupe_by == "dedupeFields"
    assert settings.reject_unknown_fields is True
    assert settings.rejects == RejectSettings(reject_file="rejects.jsonl", fail_on_reject=True)


def test_updates_may_match_by_marketo_guid() -> None:
    settings = MarketoTargetSettings.from_config(
        {**CONNECTION, "action": "updateOnly", "dedupe_by": "idField"}
    )

    assert settings.dedupe_by == "idField"


@pytest.mark.parametrize("action", ["createOrUpdate", "createOnly"])
def test_id_field_without_update_only_is_refused(action) -> None:
    with pytest.raises(ConfigValidationError) as caught:
        MarketoTargetSettings.from_config({**CONNECTION, "action": action, "dedupe_by": "idField"})

    assert caught.value.errors == [
        "dedupe_by idField (marketoGUID) is only valid with action updateOnly."
    ]
