"""Cutting operations into Marketo calls: 300 records, one kind, no repeated key, ≤ 1 MB."""

from marketo_client.api import MAX_BODY_BYTES
from target_marketo_opportunities.batches import encode, plan_calls
from target_marketo_opportunities.records import DELETE, UPSERT, Operation

ENVELOPES = {
    UPSERT: len(encode({"action": "createOrUpdate", "input": []})),
    DELETE: len(encode({"deleteBy": "dedupeFields", "input": []})),
}
# 2,000 kanji (the length of Marketo's `description`): 6,000 bytes of UTF-8.
LONG_JAPANESE = "商談の説明" * 400


def op(kind: str, key: str, **fields) -> Operation:
    return Operation(kind, (key,), {"externalOpportunityId": key, **fields}, {})


def body_of(call) -> bytes:
    return encode({"action": "createOrUpdate", "input": call.inputs})


def test_full_batches_are_300_a_call() -> None:
    plan = plan_calls([op(UPSERT, str(i)) for i in range(750)], ENVELOPES)
    assert [len(call.operations) for call in plan.calls] == [300, 300, 150]
    assert plan.oversized == []


def test_kind_changes_and_repeated_keys_start_a_new_call_in_order() -> None:
    plan = plan_calls(
        [
            op(UPSERT, "a"),
            op(UPSERT, "b"),
            op(DELETE, "c"),
            op(DELETE, "d"),
            op(UPSERT, "a"),
            op(UPSERT, "a"),
        ],
        ENVELOPES,
    )
    assert [[o.key[0] for o in call.operations] for call in plan.calls] == [
        ["a", "b"],
        ["c", "d"],
        ["a"],
        ["a"],
    ]
    assert [call.kind for call in plan.calls] == [UPSERT, DELETE, UPSERT, UPSERT]


def test_300_long_japanese_records_are_split_by_encoded_size() -> None:
    operations = [op(UPSERT, f"OPP-{i:05d}", description=LONG_JAPANESE) for i in range(300)]

    plan = plan_calls(operations, ENVELOPES)

    assert len(plan.calls) == 2
    assert [o for call in plan.calls for o in call.operations] == operations  # order kept
    for call in plan.calls:
        body = body_of(call)
        assert len(body) == call.body_bytes  # the plan measures the body actually sent
        assert len(body) <= MAX_BODY_BYTES
    # The first call is as full as the limit allows: one more record would not fit.
    first = plan.calls[0]
    assert first.body_bytes + 1 + len(encode(operations[0].payload)) > MAX_BODY_BYTES


def test_a_body_exactly_at_the_limit_is_one_call() -> None:
    base = [op(UPSERT, "A", name="x"), op(UPSERT, "B", name="")]
    exact = plan_calls(base, ENVELOPES).calls[0].body_bytes
    filler = "x" * (MAX_BODY_BYTES - exact)
    operations = [op(UPSERT, "A", name="x"), op(UPSERT, "B", name=filler)]

    at_limit = plan_calls(operations, ENVELOPES)
    one_over = plan_calls([*operations[:1], op(UPSERT, "B", name=filler + "x")], ENVELOPES)

    assert [len(call.operations) for call in at_limit.calls] == [2]
    assert len(body_of(at_limit.calls[0])) == MAX_BODY_BYTES
    assert [len(call.operations) for call in one_over.calls] == [1, 1]


def test_a_record_too_large_alone_is_set_aside_and_the_rest_planned() -> None:
    huge = op(UPSERT, "HUGE", description="長" * 400_000)  # 1.2 MB of UTF-8

    plan = plan_calls([op(UPSERT, "A"), huge, op(UPSERT, "B")], ENVELOPES)

    assert [[o.key[0] for o in call.operations] for call in plan.calls] == [["A", "B"]]
    ((operation, body_bytes),) = plan.oversized
    assert operation is huge
    assert body_bytes == ENVELOPES[UPSERT] + len(encode(huge.payload))


def test_halves_keep_order_and_measure_their_bodies() -> None:
    call = plan_calls([op(UPSERT, str(i), name="名前") for i in range(5)], ENVELOPES).calls[0]

    first, second = call.halves(ENVELOPES[UPSERT])

    assert [o.key[0] for o in first.operations] == ["0", "1"]
    assert [o.key[0] for o in second.operations] == ["2", "3", "4"]
    assert [len(body_of(half)) for half in (first, second)] == [
        first.body_bytes,
        second.body_bytes,
    ]
