"""Keap's files: seeded records, `GET /files` and `GET /files/{fileId}`.

Sources: Keap's v1 OpenAPI (ballerina-platform/openapi-connectors `openapi/keap/openapi.yml`
@81158a45a86f: `listFiles` line 2878, `getFile` 3011, schemas `FileList` 9122,
`FileInformation` 9966, `FileDescriptor` 10165).

- `GET /files` takes `limit`, `offset`, `viewable` (PUBLIC | PRIVATE | BOTH, default BOTH),
  `permission` (USER | COMPANY | BOTH, default BOTH), `type` (a `file_box_type`), `name`
  ("with '*' preceding or following to indicate LIKE queries") and `contact_id`, and answers
  `{"files": [FileDescriptor], "count", "next", "previous"}`. It has no time filter.
- `GET /files/{fileId}` answers `FileInformation` `{"file_descriptor": {...}}`, plus
  `file_data` (base64) only with `optional_properties=file_data` ("Some fields such as
  `file_data` aren't included, by default").

A stored file keeps its content and its upload's `file_association` beside the descriptor
fields; answers leave both out. `permission=USER` matches files associated with a user or a
contact and `COMPANY` those associated with the company (assumed: the descriptor carries no
association, and Keap does not say how the filter maps onto it).
"""

from __future__ import annotations

import base64
import re
import typing as t
from datetime import timedelta

from vendor_sandbox.keap.errors import bad_request
from vendor_sandbox.keap.listing import envelope, optional_properties, page_of
from vendor_sandbox.keap.seedkit import pick, ref, stamp

if t.TYPE_CHECKING:
    from vendor_sandbox.keap.call import Call
    from vendor_sandbox.keap.seedkit import Counts, Record

FILE_DATA = "file_data"
ASSOCIATION = "file_association"
HIDDEN = (FILE_DATA, ASSOCIATION)
FILE_BOX_TYPES = (
    "Application", "Image", "Fax", "Attachment", "Ticket", "Contact", "DigitalProduct",
    "Import", "Hidden", "WebForm", "StyledCart", "ReSampledImage", "TemplateThumbnail",
    "Funnel", "LogoThumbnail",
)  # fmt: skip
ASSOCIATIONS = ("CONTACT", "USER", "COMPANY")
VIEWABLE = ("PUBLIC", "PRIVATE", "BOTH")
PERMISSIONS = ("USER", "COMPANY", "BOTH")
# Which associations a `permission` value lists (assumed, see the module docstring).
PERMITTED = {"USER": {"USER", "CONTACT"}, "COMPANY": {"COMPANY"}}
# What an upload is filed as (assumed: Keap does not say).
BOX_OF_ASSOCIATION = {"CONTACT": "Contact", "USER": "Application", "COMPANY": "Application"}
CREATED_BEFORE = timedelta(days=-1)


def download_url(file_id: int) -> str:
    """Where Keap would serve a file's content."""
    return f"https://sandbox.infusionsoft.com/Download?Id={file_id}"


def file(index: int, counts: Counts) -> Record:
    """File `index` as stored: its `FileDescriptor` fields, content and association."""
    contact = ref(index, counts.get("contacts", 0))
    content = f"Seeded file {index + 1}\n".encode()
    association = pick(ASSOCIATIONS, index) if contact else "USER"
    return {
        "id": index + 1,
        "file_name": f"file-{index + 1}.txt",
        "file_size": len(content),
        "contact_id": contact if association == "CONTACT" else None,
        "created_by": 1,
        "date_created": stamp(index, CREATED_BEFORE),
        "last_updated": stamp(index),
        "download_url": download_url(index + 1),
        "public": index % 2 == 0,
        "remote_file_key": None,
        "category": pick(("Attachments", "Documents"), index),
        "file_box_type": BOX_OF_ASSOCIATION[association],
        FILE_DATA: base64.b64encode(content).decode("ascii"),
        ASSOCIATION: association,
    }


def descriptor(record: Record) -> Record:
    """The `FileDescriptor` of a stored file (content and association left out)."""
    return {name: value for name, value in record.items() if name not in HIDDEN}


def information(record: Record, *, with_data: bool) -> Record:
    """`FileInformation`: the descriptor, and the base64 content when asked for."""
    answer: Record = {"file_descriptor": descriptor(record)}
    if with_data:
        answer[FILE_DATA] = record[FILE_DATA]
    return answer


def _enum(params: dict[str, str], name: str, allowed: tuple[str, ...], default: str) -> str:
    value = params.get(name) or default
    if value not in allowed:
        raise bad_request(f"Invalid value for parameter '{name}': {value!r}")
    return value


def _name_matcher(pattern: str) -> t.Callable[[str], bool]:
    """`name`: exact, or a LIKE query with `*` before and/or after (case-insensitive)."""
    core = re.escape(pattern.strip("*").casefold())
    regex = re.compile(
        ("" if pattern.startswith("*") else "^") + core + ("" if pattern.endswith("*") else "$")
    )
    return lambda name: regex.search(name.casefold()) is not None


def list_files(call: Call) -> Record:
    """`GET /files`: filtered, in id order, paged like every Keap list.

    Raises:
        KeapError: 400 for a bad `limit`/`offset`, enum value or `contact_id`.
    """
    params = call.params
    page = page_of(params)
    viewable = _enum(params, "viewable", VIEWABLE, "BOTH")
    permission = _enum(params, "permission", PERMISSIONS, "BOTH")
    box = params.get("type")
    if box and box not in FILE_BOX_TYPES:
        raise bad_request(f"Invalid value for parameter 'type': {box!r}")
    contact = params.get("contact_id")
    if contact and not contact.isdigit():
        raise bad_request(f"Invalid value for parameter 'contact_id': {contact!r}")
    named = _name_matcher(params["name"]) if params.get("name") else None
    table = call.store.table("files")
    matches = []
    for index in table.indexes():
        record = table.get(index) or {}
        if (
            (viewable == "BOTH" or record["public"] == (viewable == "PUBLIC"))
            and (permission == "BOTH" or record[ASSOCIATION] in PERMITTED[permission])
            and (not box or record["file_box_type"] == box)
            and (not contact or str(record["contact_id"]) == contact)
            and (named is None or named(str(record["file_name"])))
        ):
            matches.append(descriptor(record))
    chosen = matches[page.offset : page.offset + page.limit]
    return envelope("files", chosen, len(matches), page, url=call.url, params=params)


def get_file(call: Call) -> Record:
    """`GET /files/{fileId}`: `FileInformation`; 404 for an unknown id."""
    record = call.store.table("files").get(call.index("files")) or {}
    return information(record, with_data=FILE_DATA in optional_properties(call.params))
