"""The benchmark table is what its committed raw results render, and a missed aim fails.

bench/ is not a package (its modules run as scripts), so its folder is put on the path here.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import report  # noqa: E402
from checks import Aim, Row, at_least, at_most, equal, misses  # noqa: E402
from harness import records_emitted  # noqa: E402
from rows import most_polls  # noqa: E402


def committed_results() -> dict:
    return json.loads(report.RESULTS_JSON.read_text(encoding="utf-8"))


def test_results_md_is_what_the_committed_results_render():
    assert report.REPORT.read_text(encoding="utf-8") == report.render(committed_results())


def test_every_row_of_the_committed_results_has_a_number_and_held_rows_an_aim():
    rows = report.rows_of(committed_results())
    assert rows
    assert all(isinstance(row.value, int | float | list) for row in rows)
    assert any(row.aim is not None for row in rows)


@pytest.mark.parametrize(
    ("aim", "value", "met"),
    [
        (Aim(">=", 0.9), 0.9, True),
        (Aim(">=", 0.9), 0.89, False),
        (Aim("<", 30), 30, False),
        (Aim("==", 3334), 3335, False),
        (Aim("==", [1, 10]), [1, 10], True),
        (Aim("==", [1, 10]), [1, 11], False),
        (Aim("<=", [7, 6]), [6, 7], False),
        (Aim("<=", [7, 6]), [6], False),  # a missing element is a miss, not a pass
        (Aim("==", 0), [0, 0], True),  # one bound for every element
        (Aim("==", 0), [0, 1], False),
        (Aim("==", [5]), 5, False),
    ],
)
def test_aims_compare_values_element_by_element(aim, value, met):
    assert aim.met_by(value) is met


def test_rows_round_trip_and_rows_without_aim_have_no_verdict():
    rows = [
        at_least("ratio", 0.95, "95%", 0.9, ">= 90%"),
        equal("calls", 4, 4, "ceil(N/1000)"),
        at_most("polls", [3, 5], [4, 4], "schedule"),
        Row("records/s", 1234.5, "1,234"),
    ]
    again = [Row.from_json(json.loads(json.dumps(row.as_json()))) for row in rows]
    assert again == rows
    assert [row.met for row in again] == [True, True, False, None]
    assert misses(again) == [again[2]]


def test_the_verdict_is_recomputed_from_the_value_not_taken_from_the_file(tmp_path, monkeypatch):
    data = copy.deepcopy(committed_results())
    benchmark = next(iter(data["benchmarks"].values()))
    held = next(row for row in benchmark["rows"] if row["aim"] is not None)
    held["aim"] = {"op": "==", "bound": -1, "why": "impossible"}
    results, rendered = tmp_path / "results.json", tmp_path / "RESULTS.md"
    results.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(report, "RESULTS_JSON", results)
    monkeypatch.setattr(report, "REPORT", rendered)

    assert report.main() == 1
    line = next(
        line
        for line in rendered.read_text(encoding="utf-8").splitlines()
        if held["measure"] in line
    )
    assert line.endswith("| **MISSED** |")
    assert "missed**" in rendered.read_text(encoding="utf-8")


def test_a_report_of_met_aims_exits_zero(tmp_path, monkeypatch):
    data = copy.deepcopy(committed_results())
    for benchmark in data["benchmarks"].values():
        benchmark["rows"] = [row for row in benchmark["rows"] if row["aim"] is None]
    benchmark = next(iter(data["benchmarks"].values()))
    benchmark["rows"].append(equal("calls", 2, 2, "ceil(N/1000)").as_json())
    results = tmp_path / "results.json"
    results.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(report, "RESULTS_JSON", results)
    monkeypatch.setattr(report, "REPORT", tmp_path / "RESULTS.md")

    assert report.main() == 0


def test_records_emitted_counts_record_lines_only(tmp_path):
    output = tmp_path / "tap.singer"
    output.write_text(
        '{"type":"SCHEMA","stream":"s","schema":{},"key_properties":[]}\n'
        '{"type":"RECORD","stream":"s","record":{"note":"{\\"type\\":\\"RECORD\\"}"}}\n'
        '{"type":"STATE","value":{}}\n'
        '{"type": "RECORD", "stream": "s", "record": {}}\n'
        "\n",
        encoding="utf-8",
    )
    assert records_emitted(output) == 2


@pytest.mark.parametrize(
    ("processing", "bound"),
    [(0.0, 1), (0.05, 2), (0.051, 3), (0.15, 3), (0.16, 4), (2.0, 7)],
)
def test_the_poll_bound_follows_the_documented_doubling_schedule(processing, bound):
    # Questions at 0, then after waits of 0.05, 0.1, 0.2, ... s (cumulative 0.05, 0.15, 0.35).
    assert most_polls(processing, first_wait=0.05, max_wait=300) == bound
