"""Settings objects of the test targets: what the base targets read, built from their config."""

from __future__ import annotations

from dataclasses import dataclass

from singer_commons.notify import MailSettings
from singer_commons.sdk.notifying import mail_settings
from singer_commons.sdk.settings import RejectSettings


@dataclass(frozen=True)
class RejectsOnly:
    """A target's settings that are only the reject file's."""

    rejects: RejectSettings

    @classmethod
    def from_config(cls, config):
        return cls(RejectSettings.from_config(config))


@dataclass(frozen=True)
class RejectsAndMail:
    """A notifying target's settings: the reject file's and the summary mail's."""

    rejects: RejectSettings
    notification: MailSettings | None

    @classmethod
    def from_config(cls, config):
        return cls(RejectSettings.from_config(config), mail_settings(config))
