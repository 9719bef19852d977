"""What a shopper typed into the search box, read into words and phrases, and written out
again for each database's full-text engine.

Nothing the shopper types reaches an engine as syntax: the text is read into words (letters
and digits only), quoted phrases and negations (``-word``, ``-"a phrase"``), and each
engine's query is written from those alone, so quotes, ``*``, ``NEAR``, ``AND``, brackets
and unbalanced quotes can neither break a query nor change its meaning. The last word
typed is also matched as a prefix ("gib" finds Gibson): it is probably still being typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..rules import SEARCH_MAX_WORDS, SEARCH_QUERY_MAX_LENGTH

# Words that find nearly everything, and the engines' operator words typed in capitals.
STOP_WORDS = frozenset(
    {"a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is"}
    | {"it", "of", "on", "or", "the", "to", "with"}
)
OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})
MIN_PREFIX = 2  # a one-letter prefix would match nearly every product
_WORD = re.compile(r"[^\W_]+")
# A phrase in quotes (the closing quote may be missing), or a run of anything but space.
_PIECE = re.compile(r'(-?)"([^"]*)"?|(\S+)')


@dataclass(frozen=True)
class Clause:
    """Words that must appear (in this order and next to each other, when a phrase)."""

    words: tuple[str, ...]
    phrase: bool = False
    negated: bool = False


@dataclass(frozen=True)
class SearchTerms:
    """A query as the engines are asked it: what must match, what must not, and a prefix."""

    clauses: tuple[Clause, ...]
    # The last word typed, matched as a prefix too: ("gib" finds "gibson").
    prefix: str | None = None

    @property
    def searchable(self) -> bool:
        """Whether anything positive is left to look for."""
        return self.prefix is not None or any(not c.negated for c in self.clauses)

    def fts5(self) -> str:
        """The query in SQLite FTS5's syntax, every word quoted as a string."""
        positive = [_fts5_clause(c) for c in self.clauses if not c.negated]
        if self.prefix is not None:
            positive.append(f'("{self.prefix}" OR "{self.prefix}" *)')
        text = " AND ".join(positive)
        for clause in self.clauses:
            if clause.negated:
                text = f"({text}) NOT {_fts5_clause(clause)}"
        return text

    def websearch(self) -> str:
        """The query but its prefix word, for PostgreSQL's ``websearch_to_tsquery``."""
        parts = []
        for clause in self.clauses:
            words = " ".join(clause.words)
            text = f'"{words}"' if clause.phrase else words
            parts.append(f"-{text}" if clause.negated else text)
        return " ".join(parts)

    def tsquery_prefix(self) -> str | None:
        """The prefix word for PostgreSQL's ``to_tsquery`` (``'gib':*``), if any."""
        return None if self.prefix is None else f"'{self.prefix}':*"


def _fts5_clause(clause: Clause) -> str:
    if clause.phrase:
        return '"' + " ".join(clause.words) + '"'
    return " AND ".join(f'"{word}"' for word in clause.words)


def read(text: str | None) -> SearchTerms:
    """The words, phrases and negations in ``text`` (at most SEARCH_MAX_WORDS words)."""
    clauses: list[Clause] = []
    budget = SEARCH_MAX_WORDS
    for match in _PIECE.finditer((text or "")[:SEARCH_QUERY_MAX_LENGTH]):
        minus, quoted, bare = match.groups()
        negated = bool(minus) or (bare or "").startswith("-")
        raw = quoted if quoted is not None else bare
        if bare is not None and bare in OPERATORS:
            continue
        words = tuple(w.lower() for w in _WORD.findall(raw or "") if w.lower() not in STOP_WORDS)[
            :budget
        ]
        if not words:
            continue
        budget -= len(words)
        clauses.append(Clause(words, phrase=quoted is not None and len(words) > 1, negated=negated))
        if budget <= 0:
            break
    return _with_prefix(clauses)


def _with_prefix(clauses: list[Clause]) -> SearchTerms:
    """Take the last word of a trailing positive bare clause as the prefix."""
    if not clauses or clauses[-1].negated or clauses[-1].phrase:
        return SearchTerms(tuple(clauses))
    if len(clauses[-1].words[-1]) < MIN_PREFIX:
        return SearchTerms(tuple(clauses))
    last = clauses.pop()
    *rest, prefix = last.words
    if rest:
        clauses.append(Clause(tuple(rest)))
    return SearchTerms(tuple(clauses), prefix=prefix)
