"""Filter values: where they come from and how they are cut into calls of 300."""

import json
from pathlib import Path

import pytest

from tap_marketo_opportunities.filters import BadFilterValueError, FilterSource, MissingFilterError


def test_values_are_cut_into_chunks_of_300() -> None:
    source = FilterSource.from_settings(
        [f"OPP-{i}" for i in range(700)], None, setting="filter_values"
    )

    chunks = list(source.chunks())

    assert [len(chunk) for chunk in chunks] == [300, 300, 100]
    assert chunks[2][-1] == "OPP-699"


def test_duplicates_within_a_chunk_are_sent_once() -> None:
    source = FilterSource.from_settings(["A", "B", "A", " ", "C"], None, setting="filter_values")

    assert list(source.chunks(size=300)) == [("A", "B", "C")]


def test_file_values_are_read_lazily_and_stripped(tmp_path: Path) -> None:
    path = tmp_path / "ids.txt"
    path.write_text("OPP-1\n  OPP-2  \n\nOPP-3\n", encoding="utf-8")
    source = FilterSource.from_settings(None, str(path), setting="filter_values")

    assert source.count() == 3
    assert list(source.chunks(size=2)) == [("OPP-1", "OPP-2"), ("OPP-3",)]


@pytest.mark.parametrize(
    ("values", "file", "message"),
    [
        (None, None, "Marketo can only read opportunities by filter"),
        (["A"], "ids.txt", "not both"),
        (None, "missing.txt", "does not exist"),
    ],
)
def test_bad_filter_settings_name_the_setting(values, file, message) -> None:
    with pytest.raises(MissingFilterError, match=message) as caught:
        FilterSource.from_settings(values, file, setting="filter_values")
    assert "filter_values" in str(caught.value)


ROLE_KEY = ("externalOpportunityId", "leadId", "role")


def test_compound_keys_are_objects_from_the_list_or_json_lines(tmp_path: Path) -> None:
    key = {"externalOpportunityId": "OPP-1", "leadId": 7, "role": "Influencer"}
    other = {**key, "leadId": 8}
    listed = FilterSource.from_settings(
        [key, '{"externalOpportunityId": "OPP-1", "leadId": 8, "role": "Influencer"}', key],
        None,
        setting="roles_filter_values",
        key_fields=ROLE_KEY,
    )
    path = tmp_path / "keys.jsonl"
    path.write_text(f"{json.dumps(key)}\n\n{json.dumps(other)}\n", encoding="utf-8")
    from_file = FilterSource.from_settings(
        None, str(path), setting="roles_filter_values", key_fields=ROLE_KEY
    )

    assert list(listed.chunks()) == [(key, other)]  # the repeated key is sent once
    assert list(from_file.chunks()) == [(key, other)]


@pytest.mark.parametrize(
    "value",
    [
        "OPP-1",
        {"externalOpportunityId": "OPP-1", "leadId": 7},
        {"externalOpportunityId": "OPP-1", "leadId": 7, "role": "R", "extra": 1},
        {"externalOpportunityId": "OPP-1", "leadId": [7], "role": "R"},
        {"externalOpportunityId": " ", "leadId": 7, "role": "R"},
    ],
)
def test_a_compound_key_that_is_not_its_object_is_refused_by_position(value) -> None:
    source = FilterSource.from_settings(
        [value], None, setting="roles_filter_values", key_fields=ROLE_KEY
    )
    with pytest.raises(BadFilterValueError, match=r"roles_filter_values item 1: "):
        source.count()
