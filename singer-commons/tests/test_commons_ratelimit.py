import itertools
import threading

import pytest

from singer_commons.ratelimit import RateLimiter, reset_shared_rate_limiters, shared_rate_limiter
from singer_commons.testing import FakeClock

JOIN_TIMEOUT = 10  # only a guard against a hung test; no assertion depends on it
# How long a test lets a wrongly admitted thread show up; correct code never needs it.
CHANCE_SECONDS = 0.2


@pytest.fixture
def clock():
    return FakeClock()


def limiter(clock, max_calls=3, window=10.0, concurrency=10):
    return RateLimiter(max_calls, window, concurrency, clock=clock.monotonic, sleep=clock.sleep)


def start_times(rate_limiter, clock, count):
    times = []
    for _ in range(count):
        with rate_limiter.slot():
            times.append(clock.monotonic())
    return times


def test_calls_within_the_limit_do_not_wait(clock):
    assert start_times(limiter(clock), clock, 3) == [0.0, 0.0, 0.0]
    assert clock.sleeps == []


def test_the_next_call_waits_for_the_window_to_slide(clock):
    rate_limiter = limiter(clock, max_calls=3, window=10.0)
    assert start_times(rate_limiter, clock, 7) == [0.0, 0.0, 0.0, 10.0, 10.0, 10.0, 20.0]
    assert clock.sleeps == [10.0, 10.0]


def test_the_window_slides_rather_than_resetting(clock):
    rate_limiter = limiter(clock, max_calls=2, window=10.0)
    times = []
    for gap in (0.0, 4.0, 0.0):
        clock.advance(gap)
        with rate_limiter.slot():
            times.append(clock.monotonic())
    # Third start must wait until the first (t=0) leaves the window at t=10.
    assert times == [0.0, 4.0, 10.0]
    assert clock.sleeps == [6.0]


def test_min_interval_spaces_starts_that_the_window_would_admit_at_once(clock):
    rate_limiter = RateLimiter(
        3, 1.0, 1, min_interval=0.25, clock=clock.monotonic, sleep=clock.sleep
    )
    times = start_times(rate_limiter, clock, 7)
    # Spacing within a window, the window's own limit when it is the later one (1.0, 2.0).
    assert times == pytest.approx([0.0, 0.25, 0.5, 1.0, 1.25, 1.5, 2.0])


def test_min_interval_costs_nothing_when_calls_are_already_slower(clock):
    rate_limiter = RateLimiter(
        5, 1.0, 1, min_interval=0.25, clock=clock.monotonic, sleep=clock.sleep
    )
    for _ in range(3):
        with rate_limiter.slot():
            clock.advance(0.3)
    assert clock.sleeps == []


def test_fractional_windows_do_not_spin(clock):
    rate_limiter = limiter(clock, max_calls=1, window=0.1)
    times = start_times(rate_limiter, clock, 4)
    assert len(clock.sleeps) == 3
    assert all(later - earlier >= 0.1 - 1e-9 for earlier, later in itertools.pairwise(times))


def test_no_window_limit_when_max_calls_is_zero(clock):
    rate_limiter = limiter(clock, max_calls=0, window=0.0, concurrency=1000)
    assert start_times(rate_limiter, clock, 500)[-1] == 0.0
    assert clock.sleeps == []


@pytest.mark.parametrize(("max_calls", "window", "concurrency"), [(1, 1.0, 0), (5, 0.0, 1)])
def test_invalid_parameters_are_refused(max_calls, window, concurrency):
    with pytest.raises(ValueError, match="must be"):
        RateLimiter(max_calls, window, concurrency)


def test_the_slot_is_released_when_the_call_raises(clock):
    rate_limiter = limiter(clock, max_calls=0, concurrency=1)
    with pytest.raises(RuntimeError), rate_limiter.slot():
        raise RuntimeError("vendor down")
    assert rate_limiter.in_flight == 0
    with rate_limiter.slot():
        assert rate_limiter.in_flight == 1


def test_concurrency_never_exceeds_the_limit(clock):
    rate_limiter = limiter(clock, max_calls=0, concurrency=2)
    all_started = threading.Barrier(9, timeout=JOIN_TIMEOUT)
    entered, release = threading.Semaphore(0), threading.Event()

    def call():
        all_started.wait()
        with rate_limiter.slot():
            entered.release()
            release.wait(JOIN_TIMEOUT)

    threads = [threading.Thread(target=call, daemon=True) for _ in range(8)]
    for thread in threads:
        thread.start()
    all_started.wait()
    assert entered.acquire(timeout=JOIN_TIMEOUT)
    assert entered.acquire(timeout=JOIN_TIMEOUT)
    assert rate_limiter.in_flight == 2
    # Give a third caller the chance to get in, which a broken limiter would allow.
    assert not entered.acquire(timeout=CHANCE_SECONDS)
    release.set()
    for thread in threads:
        thread.join(JOIN_TIMEOUT)
    assert not any(thread.is_alive() for thread in threads)
    assert rate_limiter.in_flight == 0


def test_many_threads_respect_the_sliding_window(clock):
    # The limiter reads the clock last when it records a start; remembering each thread's
    # last reading gives the exact start times even while other threads advance the clock.
    last_reading = threading.local()

    def reading_clock():
        last_reading.value = clock.monotonic()
        return last_reading.value

    rate_limiter = RateLimiter(3, 10.0, 4, clock=reading_clock, sleep=clock.sleep)
    times, lock = [], threading.Lock()

    def call():
        with rate_limiter.slot(), lock:
            times.append(last_reading.value)

    threads = [threading.Thread(target=call, daemon=True) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN_TIMEOUT)
    times.sort()
    assert len(times) == 20
    # Never 4 starts within one window: any 4 consecutive starts span at least 10 s.
    assert all(times[i + 3] - times[i] >= 10.0 for i in range(len(times) - 3))


def test_waiting_for_the_window_does_not_hold_the_lock(clock):
    sleeping, proceed = threading.Event(), threading.Event()
    inside, leave = threading.Event(), threading.Event()

    def blocking_sleep(seconds):
        sleeping.set()
        proceed.wait(JOIN_TIMEOUT)
        clock.sleep(seconds)

    def second_call():
        with rate_limiter.slot():
            inside.set()
            leave.wait(JOIN_TIMEOUT)

    rate_limiter = RateLimiter(1, 10.0, 5, clock=clock.monotonic, sleep=blocking_sleep)
    with rate_limiter.slot():
        pass
    waiter = threading.Thread(target=second_call, daemon=True)
    waiter.start()
    assert sleeping.wait(JOIN_TIMEOUT)
    # While the waiter sleeps, another thread can take the limiter's lock.
    observed = []
    observer = threading.Thread(target=lambda: observed.append(rate_limiter.in_flight), daemon=True)
    observer.start()
    observer.join(JOIN_TIMEOUT)
    assert observed == [0]
    proceed.set()
    assert inside.wait(JOIN_TIMEOUT)
    assert rate_limiter.in_flight == 1
    leave.set()
    waiter.join(JOIN_TIMEOUT)
    assert rate_limiter.in_flight == 0
    assert clock.sleeps == [10.0]


def test_shared_limiter_is_one_per_key_and_first_parameters_win():
    reset_shared_rate_limiters()
    first = shared_rate_limiter("marketo:a", 50, 20.0, 5)
    again = shared_rate_limiter("marketo:a", 100, 1.0, 10)
    other = shared_rate_limiter("marketo:b", 100, 1.0, 10)
    assert again is first
    assert (first.max_calls, first.window_seconds, first.max_concurrency) == (50, 20.0, 5)
    assert other is not first
    reset_shared_rate_limiters()
    assert shared_rate_limiter("marketo:a", 100, 1.0, 10) is not first
    reset_shared_rate_limiters()


def test_shared_limiter_registry_is_thread_safe():
    reset_shared_rate_limiters()
    found, lock = [], threading.Lock()
    start = threading.Barrier(16, timeout=JOIN_TIMEOUT)

    def get():
        start.wait()
        limiter_for_key = shared_rate_limiter("k", 1, 1.0, 1)
        with lock:
            found.append(limiter_for_key)

    threads = [threading.Thread(target=get, daemon=True) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN_TIMEOUT)
    assert len(found) == 16
    assert len({id(item) for item in found}) == 1
    reset_shared_rate_limiters()
