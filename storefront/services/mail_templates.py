"""An outbox message's words: its subject, text and HTML, from ``templates/mail/``.

Each message has three templates: ``<name>.subject.txt`` (one line), ``<name>.txt`` and
``<name>.html`` (which extends ``mail/_layout.html``, the shop's look in e-mail). They see
the message's context, plus ``shop_name`` and ``shop_url`` (links in a message are
``shop_url`` followed by a path: a message is rendered by the worker, far from any
request, and its links must never follow a Host header someone sent).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, render_template
from jinja2 import TemplateNotFound


@dataclass(frozen=True)
class MailWords:
    subject: str
    text: str
    html: str


def render_mail(template: str, context: dict[str, Any]) -> MailWords:
    """The subject, text and HTML of one message."""
    config = current_app.config
    values = {
        **context,
        "shop_name": config["SHOP_NAME"],
        "shop_url": str(config["SHOP_URL"]).rstrip("/"),
    }
    try:
        subject = render_template(f"mail/{template}.subject.txt", **values)
    except TemplateNotFound:
        subject = f"{config['SHOP_NAME']}: {template.replace('-', ' ').replace('_', ' ')}"
    text = render_template(f"mail/{template}.txt", **values)
    html = render_template(f"mail/{template}.html", **values)
    return MailWords(" ".join(subject.split()), text, html)
