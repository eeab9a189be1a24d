"""Keap benchmarks: API calls per stream, throughput and memory of tap-infusionsoft.

- API calls per stream vs the minimum ceil(N / 1000) (plus the 4 custom-field models);
- records/s reading 100k contacts next to a bare loop that fetches the same pages and writes
  the same JSON lines (aim: at least 50% of the bare loop);
- peak RSS at 10k vs 200k contacts (aim: under 30 MB growth).
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

from harness import BIN, Sandbox, bare_loop_script, catalog_selecting, measured

TAP = "tap-infusionsoft"
PAGE = 1000
MODEL_CALLS = 4
API_KEY = "sandbox-keap-api-key"
NO_LIMITS = {"throttle_limit": 0, "quota_limit": 0}
# Records per stream of the calls measure; contacts page by time, the others by offset.
STREAM_SIZES = {"contacts": 100_000, "companies": 20_000, "transactions": 20_000, "notes": 5_000}


def seed(sandbox: Sandbox, **counts: int) -> None:
    """A fresh sandbox with Keap's limits off and the given records (nothing else)."""
    sandbox.control("/reset", {})
    sandbox.control("/keap/configure", NO_LIMITS)
    sandbox.control("/keap/seed", {"default": 0, **counts})


def calls_by_path(sandbox: Sandbox) -> dict[str, int]:
    return dict(sandbox.control("/keap/counters")["by_path"])


def config_file(sandbox: Sandbox, workdir: Path) -> Path:
    config = workdir / "keap-tap.json"
    config.write_text(
        json.dumps(
            {
                "base_url": sandbox.urls["keap"] + "/crm/rest/v1",
                "api_key": API_KEY,
                "state_dir": str(workdir / "keap-state"),
                "max_calls_per_second": 100_000,
                "daily_call_budget": 10_000_000,
            }
        ),
        encoding="utf-8",
    )
    return config


def run_tap(sandbox: Sandbox, workdir: Path, streams: dict[str, int]) -> dict:
    """Read `streams` (name → records seeded) in one run; calls per stream and speed."""
    seed(sandbox, **streams)
    config = config_file(sandbox, workdir)
    catalog = catalog_selecting(TAP, config, workdir, set(streams))
    before = calls_by_path(sandbox)
    result = measured(
        [str(BIN / TAP), "--config", str(config), "--catalog", str(catalog)],
        stdout=workdir / "keap-out.singer",
    )
    after = calls_by_path(sandbox)
    result["calls"] = {
        name: after.get(f"GET /{name}", 0) - before.get(f"GET /{name}", 0) for name in streams
    }
    result["model_calls"] = sum(
        after.get(path, 0) - before.get(path, 0) for path in after if path.endswith("/model")
    )
    result["minimum_calls"] = {name: math.ceil(count / PAGE) for name, count in streams.items()}
    result["records_per_second"] = sum(streams.values()) / result["seconds"]
    return result


def run_bare_loop(sandbox: Sandbox, workdir: Path, count: int) -> dict:
    """The same contact pages fetched with requests in a plain loop, same JSON lines written."""
    script = bare_loop_script(
        workdir,
        f"s.headers['X-Keap-API-Key'] = '{API_KEY}'\n"
        "for offset in range(0, count, 1000):\n"
        "    body = s.get(base + '/contacts', params={'limit': 1000, 'offset': offset, "
        "'order': 'last_updated', 'order_direction': 'ASCENDING', "
        "'optional_properties': 'custom_fields'}).json()\n"
        "    for r in body['contacts']:\n"
        "        out.write(json.dumps({'type': 'RECORD', 'stream': 'contacts', "
        "'record': r}) + '\\n')\n",
    )
    seed(sandbox, contacts=count)
    result = measured(
        [sys.executable, str(script), sandbox.urls["keap"] + "/crm/rest/v1", str(count)],
        stdout=workdir / "keap-bare-out.jsonl",
    )
    result["records_per_second"] = count / result["seconds"]
    return result


def run(sandbox: Sandbox, workdir: Path) -> dict:
    """Every Keap measure."""
    streams = run_tap(sandbox, workdir, STREAM_SIZES)
    contacts_100k = run_tap(sandbox, workdir, {"contacts": 100_000})
    bare_100k = run_bare_loop(sandbox, workdir, 100_000)
    contacts_10k = run_tap(sandbox, workdir, {"contacts": 10_000})
    contacts_200k = run_tap(sandbox, workdir, {"contacts": 200_000})
    return {
        "streams": streams,
        "contacts_100k": contacts_100k,
        "bare_loop_100k": bare_100k,
        "contacts_10k": contacts_10k,
        "contacts_200k": contacts_200k,
        "tap_vs_bare": contacts_100k["records_per_second"] / bare_100k["records_per_second"],
        "rss_growth_10k_to_200k_mb": contacts_200k["peak_rss_mb"] - contacts_10k["peak_rss_mb"],
    }


def rows(results: dict) -> list[tuple[str, str, str]]:
    """One row per measure: what was measured, the value, and the aim."""
    streams = results["streams"]
    table = [
        (
            f"tap-infusionsoft: calls for {count:,} {name}",
            f"{streams['calls'][name]}",
            f"= ceil(N/1000) = {streams['minimum_calls'][name]}",
        )
        for name, count in STREAM_SIZES.items()
    ]
    table += [
        ("tap-infusionsoft: custom-field model calls per run", f"{streams['model_calls']}", "= 4"),
        (
            "tap-infusionsoft records/s at 100k contacts",
            f"{results['contacts_100k']['records_per_second']:,.0f}",
            "",
        ),
        (
            "bare Keap loop records/s at 100k contacts",
            f"{results['bare_loop_100k']['records_per_second']:,.0f}",
            "",
        ),
        ("tap-infusionsoft / bare loop", f"{results['tap_vs_bare']:.0%}", ">= 50%"),
        (
            "tap-infusionsoft peak RSS at 10k / 200k contacts (MB)",
            f"{results['contacts_10k']['peak_rss_mb']:.0f} / "
            f"{results['contacts_200k']['peak_rss_mb']:.0f}",
            "",
        ),
        (
            "tap-infusionsoft RSS growth 10k -> 200k (MB)",
            f"{results['rss_growth_10k_to_200k_mb']:.1f}",
            "< 30",
        ),
    ]
    return table
