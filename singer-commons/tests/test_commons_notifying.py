"""The run summary mail: sent by the targets that opt in, when a load rejected or failed."""

import io
from functools import cached_property

import pytest
from commons_settings import RejectsAndMail, RejectsOnly
from singer_sdk import typing as th

from singer_commons.errors import FatalConnectorError
from singer_commons.sdk import notifying
from singer_commons.sdk import settings as common
from singer_commons.sdk.notifying import NotifyingTarget, error_notification, mail_settings
from singer_commons.sdk.plugins import VendorTarget
from singer_commons.sdk.sinks import CheckingSink

GOOD = '{"type": "SCHEMA", "stream": "s", "schema": {"properties": {}}}\n'
BAD_LINE = "not json\n"
RECORD = '{"type": "RECORD", "stream": "s", "record": {"n": 1}}\n'


class WritingSink(CheckingSink):
    """Takes every record; its batch fails when the target says the vendor refused it."""

    def process_record(self, record, context):
        del record, context

    def process_batch(self, context):
        del context
        if self.owner.config.get("refuse"):
            raise FatalConnectorError("the vendor refused the API key")


SETTINGS = [
    common.reject_file(),
    common.fail_on_reject(),
    th.Property("refuse", th.BooleanType),
]


class MailingTarget(NotifyingTarget):
    name = "target-mailing"
    default_sink_class = WritingSink
    config_jsonschema = th.PropertiesList(*SETTINGS, *error_notification()).to_dict()

    @cached_property
    def settings(self):
        return RejectsAndMail.from_config(self.config)

    def summary_lines(self):
        return ["Records written: 0"]


class SilentTarget(VendorTarget):
    name = "target-silent"
    default_sink_class = WritingSink
    config_jsonschema = th.PropertiesList(*SETTINGS).to_dict()

    @cached_property
    def settings(self):
        return RejectsOnly.from_config(self.config)


@pytest.fixture
def sent(monkeypatch):
    """The mails the targets hand to SMTP (delivery itself: test_commons_notify)."""
    mails = []
    monkeypatch.setattr(
        notifying, "send_mail", lambda settings, message: mails.append((settings, message))
    )
    return mails


def config(tmp_path, **values):
    return {
        "reject_file": str(tmp_path / "rejects.jsonl"),
        "error_notification_email": "ops@example.jp",
        **values,
    }


def test_a_load_with_rejects_mails_one_summary(sent, tmp_path):
    target = MailingTarget(config=config(tmp_path))
    with pytest.raises(SystemExit) as exited:
        target.listen(io.StringIO(GOOD + BAD_LINE + RECORD))

    assert exited.value.code == 1
    [(settings, mail)] = sent
    assert settings.recipients == ("ops@example.jp",)
    assert mail["Subject"] == "[target-mailing] 1 record(s) rejected"
    body = mail.get_content()
    assert "Records written: 0" in body
    assert "input line 2: not valid JSON" in body
    assert str(tmp_path / "rejects.jsonl") in body


def test_a_failed_load_mails_how_it_stopped_and_the_error_goes_on(sent, tmp_path):
    target = MailingTarget(config=config(tmp_path, refuse=True))
    with pytest.raises(FatalConnectorError):
        target.listen(io.StringIO(GOOD + RECORD))

    [(_, mail)] = sent
    assert mail["Subject"] == "[target-mailing] run stopped: the vendor refused the API key"


def test_no_mail_for_a_clean_load_or_without_an_address(sent, tmp_path):
    MailingTarget(config=config(tmp_path)).listen(io.StringIO(GOOD + RECORD))
    unaddressed = {"reject_file": str(tmp_path / "r.jsonl"), "fail_on_reject": False}
    MailingTarget(config=unaddressed).listen(io.StringIO(GOOD + BAD_LINE))

    assert sent == []


def test_a_target_that_does_not_opt_in_sends_no_mail(sent, tmp_path):
    target = SilentTarget(config=config(tmp_path, fail_on_reject=False))
    target.listen(io.StringIO(GOOD + BAD_LINE + RECORD))

    assert target.rejects.count == 1
    assert sent == []
    assert "error_notification_email" not in SilentTarget.config_jsonschema["properties"]


def test_no_address_means_no_mail():
    assert mail_settings({"smtp_host": "smtp.example.jp"}) is None
    assert mail_settings({"error_notification_email": " , "}) is None


def test_settings_defaults_follow_the_tls_mode():
    settings = mail_settings(
        {"error_notification_email": "a@example.jp, b@example.jp", "smtp_tls": "ssl"}
    )
    assert settings is not None
    assert settings.recipients == ("a@example.jp", "b@example.jp")
    assert (settings.host, settings.port, settings.tls) == ("localhost", 465, "ssl")
    assert settings.sender == "singer-connectors@localhost"
    with_user = mail_settings(
        {"error_notification_email": "a@example.jp", "smtp_user": "bot@example.jp"}
    )
    assert with_user is not None
    assert (with_user.port, with_user.sender) == (587, "bot@example.jp")
