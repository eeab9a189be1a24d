"""tap-marketo-opportunities' query forms, as a real process against the Marketo sandbox.

Adobe, "Lead Database": a simple-key query whose URI would pass 8 KB goes as
`POST …?_method=GET` with a form-encoded body; a compound-key query (the roles'
`dedupeFields`) as `POST …?_method=GET` with a JSON body and an `input` of key objects. The
sandbox refuses every other form, so these runs pass only with the documented ones.
"""

from __future__ import annotations

import json

from vendor_sandbox.marketo.seeded import guid
from vendor_sandbox.testing.marketo import calls_to, connection_config

TAP = "tap-marketo-opportunities"
ROLE_NAMES = ["Decision Maker", "Influencer", "Economic Buyer"]


def test_300_guids_are_read_in_one_form_encoded_post_query(marketo, run_plugin, tmp_path):
    marketo.seed(opportunities=300)
    guids = [guid(i, "8000") for i in range(300)]  # ~11 KB of values: too long for a URL
    config = connection_config(
        marketo, str(tmp_path / "state"), filter_type="marketoGUID", filter_values=guids
    )

    run = run_plugin(TAP, config)

    assert run.returncode == 0, run.stderr
    assert sorted(r["marketoGUID"] for r in run.records("opportunities")) == sorted(guids)
    assert calls_to(marketo.counters(), "GET", "opportunities.json") == 1


def test_roles_are_read_by_their_compound_key_in_json_queries(marketo, run_plugin, tmp_path):
    marketo.seed(opportunities=4, roles_per_opportunity=3)
    wanted = [
        {"externalOpportunityId": f"OPP-{r // 3:08d}", "leadId": 1000000 + r, "role": role}
        for r, role in ((1, ROLE_NAMES[1]), (5, ROLE_NAMES[2]), (6, ROLE_NAMES[0]))
    ]
    no_such_role = {"externalOpportunityId": "OPP-00000000", "leadId": 1000000, "role": "Other"}
    keys = tmp_path / "role-keys.jsonl"
    keys.write_text(
        "".join(json.dumps(key) + "\n" for key in [*wanted, no_such_role]), encoding="utf-8"
    )
    config = connection_config(
        marketo,
        str(tmp_path / "state"),
        filter_values=["OPP-00000000"],
        roles_filter_type="dedupeFields",
        roles_filter_values_file=str(keys),
        batch_size=2,  # two pages: the second resends the keys with the page token
    )

    run = run_plugin(TAP, config)

    assert run.returncode == 0, run.stderr
    found = [
        {name: r[name] for name in ("externalOpportunityId", "leadId", "role")}
        for r in run.records("opportunity_roles")
    ]
    assert found == wanted
    assert calls_to(marketo.counters(), "GET", "opportunities/roles.json") == 2
