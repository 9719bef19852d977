"""Slow salted password hashes (argon2id)."""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from zxcvbn import zxcvbn


@lru_cache(maxsize=4)
def _hasher_for(time_cost: int, memory_cost: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)


def _hasher() -> PasswordHasher:
    config = current_app.config
    return _hasher_for(
        int(config["PASSWORD_TIME_COST"]),
        int(config["PASSWORD_MEMORY_COST"]),
        int(config["PASSWORD_PARALLELISM"]),
    )


def hash_password(password: str) -> str:
    """A new salted hash of ``password``."""
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``password_hash``."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with other parameters than today's."""
    return _hasher().check_needs_rehash(password_hash)


# Checked against when the username is unknown, so that both cases take as long.
def burn_time(password: str) -> None:
    """Spend the time a real verification takes."""
    verify_password(_dummy_hash(), password)


def _dummy_hash() -> str:
    hasher = _hasher()
    key = (hasher.time_cost, hasher.memory_cost, hasher.parallelism)
    cached = _DUMMY.get(key)
    if cached is None:
        cached = _DUMMY[key] = hasher.hash("not a real password, only a timing stand-in")
    return cached


_DUMMY: dict[tuple[int, int, int], str] = {}


# zxcvbn's scores run 0 to 4; 3 stands about 10^8 guesses (OWASP ASVS 2.1.7 asks that
# common and guessable passwords be refused). It reads the first 72 characters.
MIN_STRENGTH = 3
_STRENGTH_CHARS = 72


def guessable(password: str, *hints: str | None) -> str | None:
    """Why ``password`` is too easy to guess (a common password, a pattern, a repeat, the
    username), or None. ``hints`` are words an attacker would try: the username, the name."""
    inputs = [hint for hint in hints if hint]
    result = zxcvbn(password[:_STRENGTH_CHARS], user_inputs=inputs)
    if result["score"] >= MIN_STRENGTH:
        return None
    feedback = result["feedback"]
    why = feedback.get("warning") or "It follows a pattern that is quick to guess."
    advice = " ".join(feedback.get("suggestions") or []) or "Add another word or two."
    return f"This password is too easy to guess. {why} {advice}".strip()
