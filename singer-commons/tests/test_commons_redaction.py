import io
import logging

import pytest

from singer_commons.redaction import (
    MASK,
    install_log_redaction,
    redact,
    register_secret,
)
from singer_commons.sdk.plugins import register_config_secrets


@pytest.fixture
def redacting_logger():
    """A logger writing fully formatted lines (with tracebacks) to a buffer."""
    original_factory = logging.getLogRecordFactory()
    install_log_redaction()
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("test_commons_redaction")
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    logger.addHandler(handler)
    yield logger, buffer
    logger.removeHandler(handler)
    logging.setLogRecordFactory(original_factory)


def test_registered_secret_is_masked_everywhere_in_the_text():
    register_secret("s3cr3t-value")
    assert redact("a s3cr3t-value b s3cr3t-value") == f"a {MASK} b {MASK}"


@pytest.mark.parametrize("value", [None, "", "abc"])
def test_empty_and_short_values_are_not_registered(value):
    register_secret(value)
    assert redact("abc and more text") == "abc and more text"


def test_a_secret_containing_another_is_masked_whole():
    register_secret("abcd")
    register_secret("abcd-efgh-ijkl")
    assert redact("token abcd-efgh-ijkl") == f"token {MASK}"


def test_secrets_with_regex_characters_are_matched_literally():
    register_secret("p4ss.w*rd(1)")
    assert redact("pw=p4ss.w*rd(1) and p4ssXw*rd(1)") == f"pw={MASK} and p4ssXw*rd(1)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GET /x?access_token=abc123&page=2", "GET /x?access_token=***&page=2"),
        ("client_id=id&client_secret=sh-hh", "client_id=id&client_secret=***"),
        (
            "grant_type=refresh_token&refresh_token=r.t.1",
            "grant_type=refresh_token&refresh_token=***",
        ),
        ("url?API_KEY=k-1 next", "url?API_KEY=*** next"),
        ("password=hunter2", "password=***"),
        (
            '{"access_token": "eyJ.abc", "expires_in": 3600}',
            '{"access_token": "***", "expires_in": 3600}',
        ),
        ("Authorization: Bearer eyJhbGciOi.JIUzI1.NiJ9", "Authorization: Bearer ***"),
        ("Authorization: Basic Y2xpZW50OnNlY3JldA==", "Authorization: Basic ***"),
        ("{'X-Keap-API-Key': 'KeapAK-123456'}", "{'X-Keap-API-Key': '***'}"),
    ],
)
def test_credential_shapes_are_redacted_without_registration(text, expected):
    assert redact(text) == expected


def test_ordinary_text_is_left_alone():
    text = "Fetched 300 records; Bearer token renewed; page_token=abc"
    assert redact(text) == text


def test_log_record_args_are_redacted(redacting_logger):
    logger, buffer = redacting_logger
    register_secret("tok-ABCDEF")
    logger.info("sending %s to %s", "tok-ABCDEF", "host")
    assert buffer.getvalue() == f"INFO sending {MASK} to host\n"


def test_log_fstring_is_redacted(redacting_logger):
    logger, buffer = redacting_logger
    secret = "my-client-secret"
    register_secret(secret)
    logger.warning(f"config client_secret is {secret}")
    assert secret not in buffer.getvalue()
    assert f"config client_secret is {MASK}" in buffer.getvalue()


def test_exception_text_is_redacted(redacting_logger):
    logger, buffer = redacting_logger
    register_secret("tok-in-exception")
    try:
        raise RuntimeError("refused tok-in-exception")
    except RuntimeError:
        logger.exception("call failed")
    output = buffer.getvalue()
    assert "tok-in-exception" not in output
    assert f"RuntimeError: refused {MASK}" in output
    assert "Traceback" in output


def test_unregistered_token_in_url_is_redacted(redacting_logger):
    logger, buffer = redacting_logger
    logger.error("GET https://h/rest/v1/x.json?access_token=abc-123-def&batchSize=300")
    assert buffer.getvalue() == (
        f"ERROR GET https://h/rest/v1/x.json?access_token={MASK}&batchSize=300\n"
    )


def test_records_of_other_libraries_are_redacted_too(redacting_logger):
    register_secret("lib-secret-1")
    record = logging.getLogger("urllib3.connectionpool").makeRecord(
        "urllib3", logging.DEBUG, __file__, 1, "url %s", ("?x=lib-secret-1",), None
    )
    assert record.getMessage() == f"url ?x={MASK}"


def test_install_is_idempotent(redacting_logger):
    factory = logging.getLogRecordFactory()
    install_log_redaction()
    assert logging.getLogRecordFactory() is factory


def test_a_bad_format_string_does_not_break_the_caller(redacting_logger):
    logger, _ = redacting_logger
    record = logger.makeRecord("x", logging.INFO, __file__, 1, "%d items", ("not a number",), None)
    with pytest.raises(TypeError):
        record.getMessage()


def test_a_secret_setting_is_registered_unless_it_holds_its_published_default():
    schema = {
        "properties": {
            "state_backend": {"type": "string", "secret": True, "default": "file"},
            "client_secret": {"type": "string", "secret": True},
            "base_url": {"type": "string"},
        }
    }
    register_config_secrets(
        {"state_backend": "file", "client_secret": "cl1ent-s3cret", "base_url": "http://h"},
        schema,
    )
    assert redact("files record; cl1ent-s3cret; http://h") == f"files record; {MASK}; http://h"
    register_config_secrets({"state_backend": "postgresql://u:pw-9x@h/db"}, schema)
    assert redact("x postgresql://u:pw-9x@h/db y") == f"x {MASK} y"
