"""JSON from outside the shop, read safely: every JSON body the shop accepts comes through here.

``load_json`` refuses what Python's own reader lets through but nothing after it can use: text
holding a lone surrogate (``"\\ud800"``, valid JSON syntax but not Unicode, which no database
stores), and values nested deeper than ``MAX_DEPTH`` (a few thousand levels break the reader's
recursion). Either is ``InvalidJson``, a ``ValueError``, with a sentence for the client.
"""

from __future__ import annotations

import json
from typing import Any

MAX_DEPTH = 32


class InvalidJson(ValueError):
    """The body cannot be used; the message says why, in words for the client."""


def load_json(data: bytes | str) -> Any:
    """The value in ``data``; raises ``InvalidJson``."""
    try:
        value = json.loads(data)
    except RecursionError:
        raise InvalidJson(f"The body is nested too deeply (at most {MAX_DEPTH} levels).") from None
    except UnicodeDecodeError:
        raise InvalidJson("The body is not valid JSON: it is not UTF-8 text.") from None
    except ValueError:
        raise InvalidJson("The body is not valid JSON.") from None
    check(value)
    return value


def check(value: Any) -> None:
    """Raise ``InvalidJson`` if ``value`` nests too deeply or holds a lone surrogate."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            _check_text(item)
        elif isinstance(item, dict | list):
            if depth > MAX_DEPTH:
                raise InvalidJson(f"The body is nested too deeply (at most {MAX_DEPTH} levels).")
            if isinstance(item, dict):
                for key, inner in item.items():
                    _check_text(key)
                    stack.append((inner, depth + 1))
            else:
                stack.extend((inner, depth + 1) for inner in item)


def _check_text(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidJson(
            "The body holds a lone surrogate (an escape from \\ud800 to \\udfff without its "
            "pair), which is not text."
        ) from None
