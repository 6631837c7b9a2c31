"""Small builders for member accounts. Each call makes a unique, active member."""

import itertools

from accounts.models import User

# Long, unusual and unlike any username, so Django's password validators accept it.
PASSWORD = "a-long-Unusual-passphrase-41"

_sequence = itertools.count(1)


def make_member(password: str = PASSWORD, **fields) -> User:
    """A member who can sign in with `password` (PASSWORD unless given)."""
    n = next(_sequence)
    fields.setdefault("username", f"member{n}")
    fields.setdefault("email", f"member{n}@example.com")
    return User.objects.create_user(password=password, **fields)
