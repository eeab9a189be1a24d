"""Filter values: where they come from and how they are cut into calls of 300."""

from pathlib import Path

import pytest

from tap_marketo_opportunities.filters import FilterSource, MissingFilterError


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
