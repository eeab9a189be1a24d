"""MarketoTapSettings: what the tap filters each object by, read and checked once at start."""

from __future__ import annotations

import pytest
from singer_sdk.exceptions import ConfigValidationError

from tap_marketo_opportunities.settings import MarketoTapSettings

CONNECTION = {
    "base_url": "https://123-ABC-456.mktorest.com",
    "client_id": "id",
    "client_secret": "secret",
    "daily_call_budget": 5000,
}


def test_defaults_filter_both_objects_by_external_id_and_read_every_field() -> None:
    settings = MarketoTapSettings.from_config(CONNECTION)

    assert settings.opportunities.filter_type == "externalOpportunityId"
    assert settings.roles.filter_type == "externalOpportunityId"
    assert not settings.opportunities.configured
    assert settings.fields == ()
    assert settings.batch_size == 300


def test_roles_without_values_read_the_roles_of_the_filtered_opportunities() -> None:
    settings = MarketoTapSettings.from_config(
        {**CONNECTION, "filter_values": ["E1", "E2"], "filter_values_file": "ids.txt"}
    )

    assert settings.roles.values == ("E1", "E2")
    assert settings.roles.values_file == "ids.txt"
    assert settings.roles.values_setting == "roles_filter_values"


def test_roles_filtered_by_another_field_keep_their_own_values() -> None:
    settings = MarketoTapSettings.from_config(
        {**CONNECTION, "filter_values": ["E1"], "roles_filter_type": "leadId"}
    )

    assert settings.roles.filter_type == "leadId"
    assert not settings.roles.configured


@pytest.mark.parametrize("batch_size", [0, 301])
def test_a_page_size_outside_marketos_range_is_refused(batch_size) -> None:
    with pytest.raises(ConfigValidationError) as caught:
        MarketoTapSettings.from_config({**CONNECTION, "batch_size": batch_size})

    assert caught.value.errors == [f"batch_size must be between 1 and 300, got {batch_size}."]
