import email.parser
import email.policy

import requests

from singer_commons.multipart import MultipartFileBody


def test_the_body_streams_fields_then_the_file_with_a_content_length(tmp_path, requests_mock):
    path = tmp_path / "batch.csv"
    content = "メールアドレス\r\na@example.jp\r\n".encode("cp932") * 1000
    path.write_bytes(content)
    requests_mock.post("http://vendor.test/upload", text="ok")
    with MultipartFileBody(
        {"import_type": "0", "name": 'a "quoted" value'},
        file_field="csvfile",
        path=path,
        filename="register.csv",
        file_content_type="text/csv; charset=Shift_JIS",
    ) as body:
        requests.post(
            "http://vendor.test/upload",
            data=body,
            headers={"Content-Type": body.content_type},
            timeout=5,
        )
        length = len(body)
        sent = requests_mock.last_request
        raw = sent.body.read()
    assert len(raw) == length
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + sent.headers["Content-Type"].encode() + b"\r\n\r\n" + raw
    )
    parts = {
        part.get_param("name", header="content-disposition"): part for part in message.iter_parts()
    }
    assert parts["import_type"].get_payload(decode=True) == b"0"
    assert parts["csvfile"].get_filename() == "register.csv"
    assert parts["csvfile"].get_payload(decode=True) == content
