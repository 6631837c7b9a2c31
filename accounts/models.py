from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower


class MemberManager(UserManager):
    def find_for_sign_in(self, identifier: str):
        """The account a typed username or email address names, ignoring case, or None.

        Something that looks like an address is tried as an email first, then as a
        username (Django allows "@" in usernames); both are unique whatever their
        case, so each lookup finds at most one account.
        """
        identifier = identifier.strip()
        # No account's name holds NUL (forms refuse it), and PostgreSQL rejects a query
        # containing it with an error: the sign-in throttle looks up whatever was typed.
        if not identifier or "\x00" in identifier:
            return None
        fields = (
            ["email__iexact", "username__iexact"] if "@" in identifier else ["username__iexact"]
        )
        for field in fields:
            user = self.filter(**{field: identifier}).first()
            if user is not None:
                return user
        return None


class User(AbstractUser):
    """A reader, editor or moderator. Custom from the first migration so it can grow."""

    email = models.EmailField("email address", blank=True)
    display_name = models.CharField(
        max_length=60,
        blank=True,
        help_text="The name shown with comments; the username when left empty.",
    )

    objects = MemberManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("username"), name="user_username_unique_any_case"),
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email=""), name="user_email_unique_any_case"
            ),
        ]

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        return self.display_name or self.username
