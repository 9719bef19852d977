"""Accounts: registering, signing in, profiles and admins."""

from __future__ import annotations

import logging
import re
import uuid

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..database import write_transaction
from ..extensions import db
from ..models import User
from ..models.base import utcnow
from ..rules import USER_NAME_MAX_LENGTH, USERNAME_MAX_LENGTH, USERNAME_MIN_LENGTH
from . import email_confirmation, passwords
from .errors import Conflict, InvalidInput
from .text import NOT_STORABLE, clean_name, name_ok, storable

log = logging.getLogger(__name__)

USERNAME_PATTERN = re.compile(rf"[A-Za-z0-9._-]{{{USERNAME_MIN_LENGTH},{USERNAME_MAX_LENGTH}}}")
USERNAME_RULE = (
    f"{USERNAME_MIN_LENGTH} to {USERNAME_MAX_LENGTH} characters: "
    "letters, digits, dot, underscore or hyphen."
)
PASSWORD_MIN_LENGTH = 12
PASSWORD_MAX_LENGTH = 256
PASSWORD_RULE = (
    f"At least {PASSWORD_MIN_LENGTH} characters, and not easy to guess: "
    "a few uncommon words work well."
)


class UsernameTaken(Conflict):
    """Someone already has that username (in any case)."""

    def __init__(self) -> None:
        super().__init__("That username is taken.")


def username_problem(username: str) -> str | None:
    """What is wrong with ``username``, or None."""
    if not USERNAME_PATTERN.fullmatch(username or ""):
        return "Username must be " + USERNAME_RULE
    return None


def password_problem(password: str, username: str | None = None) -> str | None:
    """What is wrong with ``password`` for the user ``username``, or None: the length, then
    how easy it is to guess (the one rule for registering, resetting and the API)."""
    if len(password or "") < PASSWORD_MIN_LENGTH:
        return f"Password must be at least {PASSWORD_MIN_LENGTH} characters."
    if len(password) > PASSWORD_MAX_LENGTH:
        return f"Password must be at most {PASSWORD_MAX_LENGTH} characters."
    if not storable(password):
        return "Password " + NOT_STORABLE
    return passwords.guessable(password, username)


def name_problem(name: str | None) -> str | None:
    """What is wrong with a display name, or None."""
    if name and len(name) > USER_NAME_MAX_LENGTH:
        return f"Name must be at most {USER_NAME_MAX_LENGTH} characters."
    if not name_ok(name):
        return "Name " + NOT_STORABLE
    return None


def normalise_email(email: str | None) -> str | None:
    """The e-mail address in its normal form, None when empty; raises InvalidInput."""
    email = (email or "").strip()
    if not email:
        return None
    try:
        return validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise InvalidInput({"email": f"Email is not valid: {exc}"}) from None


def _profile_fields(name: str | None, email: str | None) -> tuple[str | None, str | None]:
    name = clean_name(name) or None
    problems: dict[str, str] = {}
    if problem := name_problem(name):
        problems["name"] = problem
    try:
        email = normalise_email(email)
    except InvalidInput as exc:
        problems.update(exc.fields)
    if problems:
        raise InvalidInput(problems)
    return name, email


def find_by_username(username: str) -> User | None:
    """The user with this username, in any case."""
    if not storable(username):
        return None
    return db.session.scalar(select(User).where(func.lower(User.username) == username.lower()))


def get_user(user_id: str | uuid.UUID) -> User | None:
    """The user with this id, or None (also for a malformed id)."""
    try:
        key = user_id if isinstance(user_id, uuid.UUID) else uuid.UUID(str(user_id))
    except ValueError:
        return None
    return db.session.get(User, key)


def register(
    username: str,
    password: str,
    name: str | None = None,
    email: str | None = None,
    *,
    is_admin: bool = False,
    email_confirmed: bool = False,
    offers_consent: bool = False,
) -> User:
    """Create an account; raises InvalidInput or UsernameTaken.

    An ``email`` is sent its confirmation link, unless ``email_confirmed`` says the shop
    knows it already (its own seeded accounts).
    """
    problems: dict[str, str] = {}
    if problem := username_problem(username):
        problems["username"] = problem
    if problem := password_problem(password, username):
        problems["password"] = problem
    try:
        name, email = _profile_fields(name, email)
    except InvalidInput as exc:
        problems.update(exc.fields)
    if problems:
        raise InvalidInput(problems)

    password_hash = passwords.hash_password(password)  # slow: outside the transaction
    try:
        with write_transaction() as session:
            if find_by_username(username) is not None:
                raise UsernameTaken()
            user = User(
                username=username,
                password_hash=password_hash,
                name=name,
                email=email,
                is_admin=is_admin,
                offers_consent=offers_consent,
                email_confirmed_at=utcnow() if email and email_confirmed else None,
            )
            session.add(user)
            session.flush()
            if not email_confirmed:
                email_confirmation.address_changed(session.connection(), user, None)
    except IntegrityError:  # another request took it between our check and insert
        raise UsernameTaken() from None
    log.info("user registered user=%s admin=%s", user.id, is_admin)
    return user


def authenticate(username: str, password: str) -> User | None:
    """The user whose username and password these are, or None.

    An unknown username takes as long to refuse as a wrong password.
    """
    user = find_by_username(username or "")
    if user is None:
        passwords.burn_time(password or "")
        return None
    if not passwords.verify_password(user.password_hash, password or ""):
        return None
    if passwords.needs_rehash(user.password_hash):
        new_hash = passwords.hash_password(password)
        with write_transaction():
            user.password_hash = new_hash
    return user


def update_profile(
    user_id: uuid.UUID,
    name: str | None,
    email: str | None,
    offers_consent: bool | None = None,
) -> User:
    """Change a user's name, e-mail and (unless None) consent to offers; raises InvalidInput.

    A new address is unconfirmed until its link (queued here) is followed.
    """
    name, email = _profile_fields(name, email)
    with write_transaction() as session:
        user = session.scalars(
            select(User)
            .where(User.id == user_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        ).first()
        if user is None:
            raise InvalidInput({"user": "No such user."})
        old_email = user.email
        user.name = name
        user.email = email
        if offers_consent is not None:
            user.offers_consent = offers_consent
        email_confirmation.address_changed(session.connection(), user, old_email)
    return user


def make_admin(username: str, password: str | None) -> tuple[User, bool]:
    """Promote an existing user to admin, or create a new admin with ``password``.

    Returns the user and whether it was created.
    """
    existing = find_by_username(username)
    if existing is not None:
        with write_transaction():
            existing.is_admin = True
        log.info("user promoted to admin user=%s", existing.id)
        return existing, False
    if password is None:
        raise InvalidInput({"password": "A password is needed for a new admin."})
    return register(username, password, is_admin=True), True
