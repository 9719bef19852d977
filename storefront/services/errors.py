"""The root of the exceptions services raise."""

from __future__ import annotations


class ServiceError(Exception):
    """A rule said no; ``message`` is fit to show to the person who asked."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(ServiceError):
    """Some values are not acceptable; ``fields`` maps each to what is wrong."""

    def __init__(self, fields: dict[str, str], message: str = "Some values are not valid.") -> None:
        super().__init__(message)
        self.fields = fields


class NotFound(ServiceError):
    """The thing asked for does not exist (or is not the asker's)."""


class Conflict(ServiceError):
    """The request clashes with the current state (a name taken, stock short)."""
