"""The exceptions of the publishing package; each message says what is wrong and how to fix it."""

from __future__ import annotations


class PublishError(Exception):
    """Base class: publishing stopped; the message is meant for the person running it."""


class SettingMissing(PublishError):
    """A setting that the chosen step needs is not set in publishconf.py nor in the environment."""


class SettingInvalid(PublishError):
    """A setting is set, but to a value that cannot work."""


class UrlMapInvalid(PublishError):
    """The build's ``urls.json`` cannot be read; ``problems`` lists every problem found."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class MisleadingAssetName(PublishError):
    """A theme file is named like a content-hashed one (``name.<10 hex>.ext``) but is not its content's hash."""


class CacheUnusable(PublishError):
    """The compression cache folder cannot be created or written."""


class ToolMissing(PublishError):
    """An external program that a deploy target runs is not installed."""


class DeployFailed(PublishError):
    """The deploy tool ran and failed; the message carries its own error output."""
