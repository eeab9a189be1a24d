"""SATORI's write log: one entry per customer a single call or a bulk row wrote."""

from __future__ import annotations

from sandbox_satori_helpers import SatoriApi, csv_text, form


def test_single_calls_are_logged_by_identity_operation_and_call(satori):
    api = SatoriApi(satori)
    assert api.upsert(email="A@example.jp", last_name="姓").status_code == 200
    assert api.upsert(email="a@example.jp", last_name="別").status_code == 200
    assert api.register(email="a@example.jp").status_code == 400  # refused: not logged
    assert api.delete(email="a@example.jp").status_code == 200

    written = satori.written()

    assert [(e["seq"], e["key"], e["operation"], e["call"]) for e in written] == [
        (1, {"email": "a@example.jp"}, "create", 1),
        (2, {"email": "a@example.jp"}, "update", 2),
        (3, {"email": "a@example.jp"}, "delete", 3),
    ]
    assert written[0]["record"] == form(email="A@example.jp", last_name="姓")  # no keys in it
    assert {e["resource"] for e in written} == {"customers"}
    assert all(e["answer_lost"] is None for e in written)


def test_bulk_rows_are_logged_when_the_job_finishes_under_its_process_code(satori):
    api = SatoriApi(satori)
    code = api.schedule(csv_text("email,last_name", "b@example.jp,姓", "not an address,x"))
    assert satori.written() == []  # nothing is written before the job finishes

    api.finish(code)

    (entry,) = satori.written()  # the failed row wrote nothing
    assert (entry["key"], entry["operation"], entry["call"]) == (
        {"email": "b@example.jp"},
        "create",
        code,
    )
    assert entry["record"] == {"email": "b@example.jp", "last_name": "姓"}


def test_writes_of_a_stalled_call_or_job_are_logged_as_lost(satori):
    api = SatoriApi(satori)
    satori.fault(kind="timeout", seconds=0.2, path="customer/upsert")
    satori.fault(kind="timeout", seconds=0.2, path="bulk_customers/upsert")
    api.upsert(email="late@example.jp")
    api.bulk(csv_text("email", "late-bulk@example.jp"))
    api.bulk(csv_text("email", "on-time@example.jp"))

    assert [(e["key"]["email"], e["answer_lost"]) for e in satori.written()] == [
        ("late@example.jp", "timeout"),
        ("late-bulk@example.jp", "timeout"),
        ("on-time@example.jp", None),
    ]
