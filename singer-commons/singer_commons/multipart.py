"""A `multipart/form-data` body that streams its file part from disk.

Why: `requests`' `files=` builds the whole body in memory, so a million-row CSV upload
(配配メール's bulk register, SATORI's bulk upserts) would cost its size in RAM. This body is a
file-like object with a known length: `requests` sends it with a Content-Length header and
reads it block by block. A body can be read once; build a new one for each attempt.
"""

from __future__ import annotations

import io
import typing as t
import uuid
from pathlib import Path

if t.TYPE_CHECKING:
    from collections.abc import Mapping


def _quoted(value: str) -> str:
    """A header parameter value, quoted as HTML forms do (quote, CR and LF escaped)."""
    return '"' + value.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A") + '"'


class MultipartFileBody(io.RawIOBase):
    """Form fields, then one file part read from disk, as a readable stream."""

    def __init__(
        self,
        fields: Mapping[str, str],
        *,
        file_field: str,
        path: Path | str,
        filename: str,
        file_content_type: str,
    ) -> None:
        """Open the file and lay out the parts around it.

        Args:
            fields: Text fields, sent first, UTF-8 encoded.
            file_field: The form name of the file part (e.g. "csvfile").
            path: The file to stream.
            filename: The file name announced to the server.
            file_content_type: The media type of the file part, e.g. "text/csv; charset=...".
        """
        super().__init__()
        self.boundary = f"----singer-connectors-{uuid.uuid4().hex}"
        head = bytearray()
        for name, value in fields.items():
            head += f"--{self.boundary}\r\n".encode()
            head += f"Content-Disposition: form-data; name={_quoted(name)}\r\n\r\n".encode()
            head += f"{value}\r\n".encode()
        head += f"--{self.boundary}\r\n".encode()
        head += (
            f"Content-Disposition: form-data; name={_quoted(file_field)}; "
            f"filename={_quoted(filename)}\r\n"
            f"Content-Type: {file_content_type}\r\n\r\n"
        ).encode()
        tail = f"\r\n--{self.boundary}--\r\n".encode()
        self._path = Path(path)
        self._file = self._path.open("rb")
        self._parts: list[t.BinaryIO] = [io.BytesIO(bytes(head)), self._file, io.BytesIO(tail)]
        self._length = len(head) + self._path.stat().st_size + len(tail)
        self._position = 0

    @property
    def content_type(self) -> str:
        """The Content-Type header value of the body (with its boundary)."""
        return f"multipart/form-data; boundary={self.boundary}"

    def __len__(self) -> int:
        """The body's size in bytes; `requests` sends it as Content-Length."""
        return self._length

    def tell(self) -> int:
        """Bytes read so far (`requests` sizes the body as length minus position)."""
        return self._position

    def readable(self) -> bool:
        """A body is read, never written or sought."""
        return True

    def readinto(self, buffer: t.Any) -> int:
        """Fill `buffer` from the current part, moving on to the next part when it ends."""
        view = memoryview(buffer).cast("B")
        while self._parts:
            count = self._parts[0].readinto(view)  # type: ignore[attr-defined]
            if count:
                self._position += count
                return int(count)
            self._parts.pop(0)
        return 0

    def close(self) -> None:
        """Close the file on disk."""
        self._file.close()
        super().close()
