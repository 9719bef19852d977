"""Where messages go: a real SMTP server (``MAIL_URL``), or ``.eml`` files in a folder.

A transport is opened once per batch (``with transport as sending:``) and sends one
message at a time. ``MailServerDown`` means no message could be handed over (retry all
later); ``Refused`` means the server refused this one message for good.
"""

from __future__ import annotations

import contextlib
import os
import re
import smtplib
import ssl
from email.message import EmailMessage
from pathlib import Path
from types import TracebackType
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlsplit


class MailServerDown(Exception):
    """The mail server could not be reached or failed for now: try again later."""


class Refused(Exception):
    """The mail server refused this message for good (a 5xx answer)."""


class BadMailUrl(ValueError):
    """MAIL_URL cannot be understood."""


class Transport(Protocol):
    def __enter__(self) -> Transport: ...

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def send(self, message: EmailMessage, name: str) -> str:
        """Hand over one message; answers where it went, for the log."""
        ...


class SmtpTransport:
    """``smtp://[user:password@]host[:port][?starttls=true]``, or ``smtps://...`` (TLS at once)."""

    def __init__(self, url: str, timeout: float) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise BadMailUrl(
                "MAIL_URL must look like smtp://host:port or smtps://user:pw@host:port"
            )
        self.tls = parts.scheme == "smtps"
        self.host = parts.hostname
        self.port = parts.port or (465 if self.tls else 25)
        self.user = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None
        query = parse_qs(parts.query)
        self.starttls = query.get("starttls", ["false"])[0].lower() in ("1", "true", "yes")
        self.timeout = timeout
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpTransport:
        try:
            if self.tls:
                context = ssl.create_default_context()
                self._smtp = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=self.timeout, context=context
                )
            else:
                self._smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
                if self.starttls:
                    self._smtp.starttls(context=ssl.create_default_context())
            if self.user:
                self._smtp.login(self.user, self.password or "")
        except (OSError, smtplib.SMTPException) as error:
            self._close()
            raise MailServerDown(_describe(error)) from error
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._smtp is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self._smtp.quit()
        self._close()

    def _close(self) -> None:
        if self._smtp is not None:
            self._smtp.close()
            self._smtp = None

    def send(self, message: EmailMessage, name: str) -> str:
        assert self._smtp is not None, "open the transport first"
        try:
            self._smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _ in error.recipients.values()]
            if all(code >= 500 for code in codes):
                raise Refused(_describe(error)) from error
            raise MailServerDown(_describe(error)) from error
        except smtplib.SMTPResponseException as error:
            if error.smtp_code >= 500:
                raise Refused(_describe(error)) from error
            raise MailServerDown(_describe(error)) from error
        except (OSError, smtplib.SMTPException) as error:
            raise MailServerDown(_describe(error)) from error
        return f"smtp://{self.host}:{self.port}"


class FileTransport:
    """Each message as ``<name>.eml`` in a folder: what would be sent, for people to read."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def __enter__(self) -> FileTransport:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise MailServerDown(_describe(error)) from error
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    def send(self, message: EmailMessage, name: str) -> str:
        safe = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "message"
        target = self.directory / f"{safe}.eml"
        partial = target.with_suffix(".eml.part")
        try:
            partial.write_bytes(bytes(message))
            os.replace(partial, target)  # a reader never sees half a message
        except OSError as error:
            raise MailServerDown(_describe(error)) from error
        return str(target)


def transport_for(mail_url: str | None, directory: Path, timeout: float) -> Transport:
    """SMTP when MAIL_URL is set, otherwise files in ``directory``."""
    if mail_url:
        return SmtpTransport(mail_url, timeout)
    return FileTransport(directory)


def _describe(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    return f"{type(error).__name__}: {text}"[:500]
