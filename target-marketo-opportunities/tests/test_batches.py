"""Cutting operations into Marketo calls."""

from target_marketo_opportunities.batches import plan_calls
from target_marketo_opportunities.records import DELETE, UPSERT, Operation


def op(kind: str, key: str) -> Operation:
    return Operation(kind, (key,), {"externalOpportunityId": key}, {})


def test_full_batches_are_300_a_call() -> None:
    calls = plan_calls([op(UPSERT, str(i)) for i in range(750)])
    assert [len(call) for call in calls] == [300, 300, 150]


def test_kind_changes_and_repeated_keys_start_a_new_call_in_order() -> None:
    calls = plan_calls(
        [
            op(UPSERT, "a"),
            op(UPSERT, "b"),
            op(DELETE, "c"),
            op(DELETE, "d"),
            op(UPSERT, "a"),
            op(UPSERT, "a"),
        ]
    )
    assert [[o.key[0] for o in call] for call in calls] == [["a", "b"], ["c", "d"], ["a"], ["a"]]
    assert [call[0].kind for call in calls] == [UPSERT, DELETE, UPSERT, UPSERT]
