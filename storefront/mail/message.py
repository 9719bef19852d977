"""One e-mail: a text part and an HTML part, with the headers a mail server expects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime

HEADER_LINE_LIMIT = 998


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
    unsubscribe_url: str | None = None  # an offer's one-click way out (RFC 8058)


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
    if letter.unsubscribe_url:
        # RFC 2369/8058: an angle-bracketed URL, never an encoded word; a URL has no
        # place to fold, so these lines may run up to RFC 5322's limit of 998.
        message.policy = policy.default.clone(max_line_length=HEADER_LINE_LIMIT)
        message["List-Unsubscribe"] = f"<{letter.unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return message
