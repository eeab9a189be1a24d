"""Keap's time format for `since`/`until` and bookmarks: UTC, milliseconds, `Z`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from tap_infusionsoft.streams.base import keap_timestamp, parse_keap_time, uniform_keap_time


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (datetime(2017, 1, 1, 22, 17, 59, 39_999, tzinfo=UTC), "2017-01-01T22:17:59.039Z"),
        (
            datetime(2017, 1, 2, 7, 17, 59, tzinfo=timezone(timedelta(hours=9))),
            "2017-01-01T22:17:59.000Z",
        ),
        (datetime(2017, 1, 1, 22, 17, 59, 123_456), "2017-01-01T22:17:59.123Z"),
        (datetime(999, 12, 31, 23, 59, 59, tzinfo=UTC), "999-12-31T23:59:59.000Z"),
    ],
)
def test_times_are_written_in_utc_with_milliseconds(moment, text):
    assert keap_timestamp(moment) == text


@pytest.mark.parametrize(
    "sent", ["2017-01-01T22:17:59.039Z", "2017-01-01T22:17:59.039+0000", "2017-01-01T22:17:59.039"]
)
def test_each_form_keap_sends_reads_back_the_same(sent):
    assert keap_timestamp(parse_keap_time(sent)) == "2017-01-01T22:17:59.039Z"


@pytest.mark.parametrize(
    "sent",
    [
        "2017-01-01T22:17:59.039Z",
        "2017-01-01T22:17:59.039+0000",
        "2017-01-01T22:17:59.039-00:00",
        "2017-01-02T07:17:59.039+09:00",
        "2017-01-01T22:17:59.0391+0000",
        "2017-01-01T22:17:59Z",
        "0999-01-01T22:17:59.039Z",
    ],
)
def test_a_record_time_is_what_parsing_and_formatting_it_gives(sent):
    assert uniform_keap_time(sent) == keap_timestamp(parse_keap_time(sent))


def test_a_record_time_that_is_no_time_still_raises():
    with pytest.raises(ValueError, match=r"month must be in 1\.\.12"):
        uniform_keap_time("2017-13-01T22:17:59.039Z")
