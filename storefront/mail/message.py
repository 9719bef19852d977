"""One e-mail: a text part and an HTML part, with the headers a mail server expects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime


@dataclass(frozen=True)
class Letter:
    """What a message says and who it is for; ``message_id`` is kept across retries."""

    sender: str
    to: str
    subject: str
    text: str
    html: str
    message_id: str
    date: datetime


def compose(letter: Letter) -> EmailMessage:
    """The message as it is sent: multipart/alternative, text first, then HTML."""
    message = EmailMessage()
    message["From"] = letter.sender
    message["To"] = letter.to
    message["Subject"] = " ".join(letter.subject.split())  # one line, whatever the template
    message["Date"] = format_datetime(letter.date)
    message["Message-ID"] = letter.message_id
    message["MIME-Version"] = "1.0"
    message.set_content(letter.text)
    message.add_alternative(letter.html, subtype="html")
    return message
