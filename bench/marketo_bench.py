"""Marketo benchmarks: API calls, throughput and memory of the tap and the target.

- API calls used by the tap and the target vs the minimum ceil(N / 300);
- tap records/s at 100k records next to a bare loop that fetches the same pages and writes
  the same JSON lines (aim: at least 50% of the bare loop);
- peak RSS of the tap at 10k vs 200k records (aim: under 30 MB growth).
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

from harness import BIN, Sandbox, bare_loop_script, catalog_selecting, measured

TAP = "tap-marketo-opportunities"
PAGE = 300
CLIENT = {"client_id": "sandbox-client-id", "client_secret": "sandbox-client-secret"}
NO_LIMITS = {"rate_limit_calls": 0, "max_concurrency": 0, "daily_quota": 0}


def seed(sandbox: Sandbox, count: int) -> None:
    """A fresh sandbox with Marketo's limits off and `count` opportunities."""
    sandbox.control("/reset", {})
    sandbox.control("/marketo/configure", NO_LIMITS)
    sandbox.control("/marketo/seed", {"opportunities": count})


def calls(sandbox: Sandbox) -> int:
    return int(sandbox.control("/marketo/counters")["calls"])


def tap_config(sandbox: Sandbox, workdir: Path, count: int) -> Path:
    ids = workdir / f"ids-{count}.txt"
    ids.write_text("".join(f"OPP-{i:08d}\n" for i in range(count)), encoding="utf-8")
    config = workdir / f"tap-{count}.json"
    config.write_text(
        json.dumps(
            {
                "base_url": sandbox.urls["marketo"],
                **CLIENT,
                "filter_values_file": str(ids),
                "state_dir": str(workdir / "state"),
                "max_calls_per_20s": 0,
                "max_concurrent_calls": 10,
                "daily_call_budget": 10_000_000,
            }
        ),
        encoding="utf-8",
    )
    return config


def run_tap(sandbox: Sandbox, workdir: Path, count: int) -> dict:
    seed(sandbox, count)
    config = tap_config(sandbox, workdir, count)
    catalog = catalog_selecting(TAP, config, workdir, {"opportunities"})
    before = calls(sandbox)
    result = measured(
        [
            str(BIN / TAP),
            "--config",
            str(config),
            "--catalog",
            str(catalog),
        ],
        stdout=workdir / "tap-out.singer",
    )
    result["calls"] = calls(sandbox) - before
    result["minimum_calls"] = math.ceil(count / PAGE)
    result["records_per_second"] = count / result["seconds"]
    return result


def run_bare_loop(sandbox: Sandbox, workdir: Path, count: int) -> dict:
    """The same pages fetched with requests in a plain loop, the same JSON lines written."""
    script = bare_loop_script(
        workdir,
        "token = s.get(base + '/identity/oauth/token', params={'grant_type': "
        "'client_credentials', 'client_id': 'sandbox-client-id', 'client_secret': "
        "'sandbox-client-secret'}).json()['access_token']\n"
        "s.headers['Authorization'] = 'Bearer ' + token\n"
        "for start in range(0, count, 300):\n"
        "    ids = ','.join(f'OPP-{i:08d}' for i in range(start, min(start + 300, count)))\n"
        "    body = s.get(base + '/rest/v1/opportunities.json', params={'filterType': "
        "'externalOpportunityId', 'filterValues': ids, 'batchSize': 300}).json()\n"
        "    for r in body['result']:\n"
        "        out.write(json.dumps({'type': 'RECORD', 'stream': 'opportunities', "
        "'record': r}) + '\\n')\n",
    )
    seed(sandbox, count)
    result = measured(
        [sys.executable, str(script), sandbox.urls["marketo"], str(count)],
        stdout=workdir / "bare-out.jsonl",
    )
    result["records_per_second"] = count / result["seconds"]
    return result


def run_target(sandbox: Sandbox, workdir: Path, count: int) -> dict:
    seed(sandbox, 0)
    lines = [
        json.dumps(
            {
                "type": "SCHEMA",
                "stream": "opportunities",
                "key_properties": ["externalOpportunityId"],
                "schema": {
                    "type": "object",
                    "properties": {
                        "externalOpportunityId": {"type": "string"},
                        "name": {"type": "string"},
                        "amount": {"type": "number"},
                    },
                },
            }
        )
    ]
    lines += [
        json.dumps(
            {
                "type": "RECORD",
                "stream": "opportunities",
                "record": {"externalOpportunityId": f"B-{i:08d}", "name": f"Deal {i}", "amount": i},
            }
        )
        for i in range(count)
    ]
    source = workdir / "target-in.singer"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = workdir / "target.json"
    config.write_text(
        json.dumps(
            {
                "base_url": sandbox.urls["marketo"],
                **CLIENT,
                "state_dir": str(workdir / "state"),
                "max_calls_per_20s": 0,
                "max_concurrent_calls": 10,
                "daily_call_budget": 10_000_000,
                "reject_file": str(workdir / "rejects.jsonl"),
            }
        ),
        encoding="utf-8",
    )
    before = calls(sandbox)
    result = measured(
        [str(BIN / "target-marketo-opportunities"), "--config", str(config)], stdin=source
    )
    result["calls"] = calls(sandbox) - before - 1  # minus the describe
    result["minimum_calls"] = math.ceil(count / PAGE)
    result["records_per_second"] = count / result["seconds"]
    return result


def run(sandbox: Sandbox, workdir: Path) -> dict:
    """Every Marketo measure."""
    tap_100k = run_tap(sandbox, workdir, 100_000)
    bare_100k = run_bare_loop(sandbox, workdir, 100_000)
    tap_10k = run_tap(sandbox, workdir, 10_000)
    tap_200k = run_tap(sandbox, workdir, 200_000)
    return {
        "tap_100k": tap_100k,
        "bare_loop_100k": bare_100k,
        "tap_10k": tap_10k,
        "tap_200k": tap_200k,
        "target_30k": run_target(sandbox, workdir, 30_000),
        "tap_vs_bare": tap_100k["records_per_second"] / bare_100k["records_per_second"],
        "rss_growth_10k_to_200k_mb": tap_200k["peak_rss_mb"] - tap_10k["peak_rss_mb"],
    }


def rows(results: dict) -> list[tuple[str, str, str]]:
    """One row per measure: what was measured, the value, and the aim."""
    tap, bare, target = results["tap_100k"], results["bare_loop_100k"], results["target_30k"]
    return [
        (
            "tap-marketo-opportunities: calls for 100k records",
            f"{tap['calls']}",
            f"= ceil(N/300) + 2 describes = {tap['minimum_calls'] + 2}",
        ),
        (
            "target-marketo-opportunities: sync calls for 30k records",
            f"{target['calls']}",
            f"= ceil(N/300) = {target['minimum_calls']}",
        ),
        ("tap-marketo-opportunities records/s at 100k", f"{tap['records_per_second']:,.0f}", ""),
        ("bare Marketo loop records/s at 100k", f"{bare['records_per_second']:,.0f}", ""),
        ("tap-marketo-opportunities / bare loop", f"{results['tap_vs_bare']:.0%}", ">= 50%"),
        (
            "tap-marketo-opportunities peak RSS at 10k / 200k records (MB)",
            f"{results['tap_10k']['peak_rss_mb']:.0f} / {results['tap_200k']['peak_rss_mb']:.0f}",
            "",
        ),
        (
            "tap-marketo-opportunities RSS growth 10k -> 200k (MB)",
            f"{results['rss_growth_10k_to_200k_mb']:.1f}",
            "< 30",
        ),
        (
            "target-marketo-opportunities records/s at 30k",
            f"{target['records_per_second']:,.0f}",
            "",
        ),
    ]
