import threading

import pytest

from singer_commons.sdk.write_behind import WriteBehind


def test_writes_run_one_at_a_time_in_order():
    done: list[int] = []
    first_started = threading.Event()
    release_first = threading.Event()

    def first() -> None:
        first_started.set()
        release_first.wait(timeout=10)
        done.append(1)

    writes = WriteBehind()
    writes.submit(first)
    assert first_started.wait(timeout=10)
    submitted = threading.Event()

    def submit_second() -> None:
        writes.submit(lambda: done.append(2))
        submitted.set()

    submitter = threading.Thread(target=submit_second)
    submitter.start()
    # The second write is not started while the first is in flight.
    assert not submitted.wait(timeout=0.2)
    assert done == []
    release_first.set()
    submitter.join(timeout=10)
    writes.wait()
    assert done == [1, 2]
    writes.close()


def test_wait_returns_only_once_the_write_is_answered():
    answered = threading.Event()
    writes = WriteBehind()
    writes.submit(answered.set)
    writes.wait()
    assert answered.is_set()
    writes.close()


def test_a_failed_write_is_raised_in_the_caller_and_only_once():
    def refused() -> None:
        msg = "vendor refused"
        raise RuntimeError(msg)

    writes = WriteBehind()
    writes.submit(refused)
    with pytest.raises(RuntimeError, match="vendor refused"):
        writes.submit(lambda: None)
    writes.wait()  # nothing in flight any more
    writes.submit(refused)
    with pytest.raises(RuntimeError, match="vendor refused"):
        writes.close()


def test_then_runs_after_the_write_in_flight_without_waiting_for_it():
    done: list[str] = []
    release = threading.Event()
    writes = WriteBehind()
    writes.submit(lambda: (release.wait(timeout=10), done.append("write")))

    writes.then(lambda: done.append("state"))  # returns while the write is in flight

    assert done == []
    release.set()
    writes.wait()
    assert done == ["write", "state"]
    writes.then(lambda: done.append("at once"))  # nothing in flight
    assert done == ["write", "state", "at once"]
    writes.close()


def test_then_never_runs_after_a_failed_write_and_the_failure_is_raised():
    done: list[str] = []
    writes = WriteBehind()

    def refused() -> None:
        raise RuntimeError("the vendor refused the batch")

    writes.submit(refused)
    writes.then(lambda: done.append("state"))

    with pytest.raises(RuntimeError, match="refused"):
        writes.wait()
    assert done == []
    writes.close()
