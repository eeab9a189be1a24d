"""What every bare loop shares with the plugins' machinery, written out by hand.

The plugins decode and encode JSON with msgspec, fetch a tap's next page while this one is
written (`singer_commons.sdk.streams`), keep one target write in flight while the next
batch is read (`singer_commons.sdk.write_behind`), write Singer SCHEMA, RECORD and STATE
lines, and wait between status polls from a first wait doubling to a cap
(`singer_commons.polling`). A bare loop does the same with nothing else, so the ratio of a
plugin to its loop is the plugins' own overhead. Nothing here imports our packages: the
yardstick must not share the code it measures.
"""

from __future__ import annotations

import sys
import time
import typing as t
from concurrent.futures import Future, ThreadPoolExecutor

import msgspec

if t.TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    import requests

P = t.TypeVar("P")
ENCODE = msgspec.json.Encoder().encode
DECODE = msgspec.json.decode
# The SDK writes a tap's STATE every 10,000 records and at the end; so does a bare loop.
STATE_EVERY = 10_000
# The taps write RECORD lines in 64 KiB blocks, flushed at each STATE
# (`singer_commons.sdk.direct_output`); so does a bare loop, whatever PYTHONUNBUFFERED says.
BLOCK_BYTES = 64 * 1024


def body(response: requests.Response) -> t.Any:
    """A vendor's JSON answer, decoded with msgspec (an error status ends the loop)."""
    response.raise_for_status()
    return DECODE(response.content)


class SingerOut:
    """A tap's output on stdout (a real file in the benchmark): SCHEMA, RECORDs, STATEs."""

    def __init__(self, stream: str, key: list[str], bookmark: str) -> None:
        """Write the stream's SCHEMA first, as a tap does; `bookmark` is its replication key."""
        self.stream = stream
        self.bookmark = bookmark
        self.out = open(sys.stdout.fileno(), "wb", buffering=BLOCK_BYTES, closefd=False)  # noqa: SIM115 - open for the loop's life
        self.written = 0
        self.last: dict[str, t.Any] = {}
        schema = {"type": "object", "properties": {bookmark: {"type": ["string", "null"]}}}
        self._line({"type": "SCHEMA", "stream": stream, "schema": schema, "key_properties": key})

    def records(self, rows: Iterable[dict[str, t.Any]]) -> None:
        """Write each row as a RECORD, and a STATE every STATE_EVERY records."""
        for row in rows:
            self._line({"type": "RECORD", "stream": self.stream, "record": row})
            self.last = row
            self.written += 1
            if self.written % STATE_EVERY == 0:
                self.state()

    def state(self) -> None:
        """Write a STATE line: the bookmark of the last record written."""
        bookmark = {"replication_key": self.bookmark, "value": self.last.get(self.bookmark)}
        self._line({"type": "STATE", "value": {"bookmarks": {self.stream: bookmark}}})
        self.out.flush()

    def _line(self, message: dict[str, t.Any]) -> None:
        self.out.write(ENCODE(message) + b"\n")


def pages(fetch: Callable[[P], tuple[list[dict], P | None]], first: P) -> Iterator[list[dict]]:
    """Each page's records, the next page's call already in flight while this one is used.

    `fetch(position)` answers a page's records and the next position (None at the end).
    One call at a time, in order, as the plugins' prefetch.
    """
    with ThreadPoolExecutor(1) as pool:
        pending: Future | None = pool.submit(fetch, first)
        while pending is not None:
            records, following = pending.result()
            pending = None if following is None else pool.submit(fetch, following)
            yield records


class OneBehind:
    """At most one write in flight while the caller builds the next batch."""

    def __init__(self) -> None:
        """A writer thread, started by the first write."""
        self._pool = ThreadPoolExecutor(1)
        self._in_flight: Future | None = None

    def submit(self, write: Callable[[], None]) -> None:
        """Wait for the write in flight, then start `write`."""
        self.wait()
        self._in_flight = self._pool.submit(write)

    def wait(self) -> None:
        """Return once the write in flight is answered (raising its error)."""
        in_flight, self._in_flight = self._in_flight, None
        if in_flight is not None:
            in_flight.result()

    def __enter__(self) -> OneBehind:
        return self

    def __exit__(self, *exc: object) -> None:
        """Wait for the last write and stop the thread."""
        try:
            self.wait()
        finally:
            self._pool.shutdown()


def input_batches(size: int) -> Iterator[tuple[list[dict], dict | None]]:
    """A target's stdin as batches of up to `size` records, each with the STATE after it.

    A batch ends at `size` records or at a STATE line (the state is then handed with it, to
    be written once the batch is answered), as the SDK drains its sinks.
    """
    batch: list[dict] = []
    for line in sys.stdin.buffer:
        message = DECODE(line)
        kind = message["type"]
        if kind == "RECORD":
            batch.append(message["record"])
            if len(batch) == size:
                yield batch, None
                batch = []
        elif kind == "STATE":
            yield batch, message["value"]
            batch = []
    if batch:
        yield batch, None


def write_state(value: dict[str, t.Any]) -> None:
    """A target's output: the STATE value it was given, once everything before it is applied."""
    sys.stdout.buffer.write(ENCODE(value) + b"\n")


def poll_until(done: Callable[[], bool], first_wait: float, max_wait: float) -> int:
    """Ask `done()` at once, then after waits doubling from `first_wait` up to `max_wait`.

    Returns how many times it asked: the plugins' poll schedule, without their limits.
    """
    wait, asked = first_wait, 1
    while not done():
        time.sleep(wait)
        wait, asked = min(wait * 2, max_wait), asked + 1
    return asked
