"""Registering, in two steps that never tell a stranger whether an address has an account.

registration_start() answers every well-formed form the same way, and mails the address:
a link to finish registering when it is new, or, when it already has an account, a note
to its owner that someone tried (with links to sign in and to reset the password). No
account exists until the link is followed (registration_finish()), so there is nothing
to sign in to or to tell apart before then; the link carries what the form asked,
signed, and nothing secret (the password is chosen behind it).
"""

from dataclasses import asdict, dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext

from mailing.services import compose, queue_mail
from throttling.windows import count_in_window

from .throttle import keyed_hash

# Namespaces the signatures, so no other signed value passes for a registration link.
SIGNING_SALT = "accounts.registration"
DAY = 24 * 60 * 60


@dataclass(frozen=True)
class Registration:
    """What the first step asked: carried, signed, in the emailed link."""

    username: str
    email: str
    display_name: str = ""
    next_url: str = ""


class RegistrationUnavailable(Exception):
    """The link cannot make the account: its name or address has one by now."""

    def __init__(self, title: str, message: str):
        super().__init__(message)
        self.title = title
        self.message = message


def registration_token(registration: Registration) -> str:
    return signing.dumps(asdict(registration), salt=SIGNING_SALT, compress=True)


def read_registration_token(token: str) -> Registration:
    """The registration a link carries; raises signing.SignatureExpired or BadSignature."""
    data = signing.loads(token, salt=SIGNING_SALT, max_age=settings.REGISTRATION_LINK_MAX_AGE)
    try:
        return Registration(**data)
    except TypeError as error:  # signed by us, but not a registration
        raise signing.BadSignature("Not a registration.") from error


def registration_start(*, request, registration: Registration) -> None:
    """Mail the address what to do next, after the response, whether it has an account or not.

    The caller answers the same in both cases. At most REGISTRATION_MAILS_PER_DAY mails go
    to one address in a day, whichever kind, so the form cannot flood anyone's inbox.
    """
    count = count_in_window(
        f"accounts:register-mails:{keyed_hash(registration.email.lower())}", seconds=DAY
    )
    if count > settings.REGISTRATION_MAILS_PER_DAY:
        return
    context = {"site_name": settings.SITE_NAME}
    owner = (
        get_user_model().objects.filter(email__iexact=registration.email, is_active=True).first()
    )
    if owner is not None:
        message = compose(
            to=owner.email,
            subject=gettext("Someone tried to register on %(site)s with your address")
            % {"site": settings.SITE_NAME},
            template="accounts/email/register_known",
            context={
                **context,
                "user": owner,
                "sign_in_url": request.build_absolute_uri(reverse("accounts:login")),
                "reset_url": request.build_absolute_uri(reverse("accounts:password_reset")),
            },
        )
    elif get_user_model().objects.filter(email__iexact=registration.email).exists():
        return  # an account closed by the staff: nothing to offer it
    else:
        path = reverse(
            "accounts:register_finish", kwargs={"token": registration_token(registration)}
        )
        message = compose(
            to=registration.email,
            subject=gettext("Finish registering on %(site)s") % {"site": settings.SITE_NAME},
            template="accounts/email/register_finish",
            context={
                **context,
                "registration": registration,
                "finish_url": request.build_absolute_uri(path),
                "hours": settings.REGISTRATION_LINK_MAX_AGE // 3600,
            },
        )
    queue_mail(message)


def registration_check(registration: Registration) -> None:
    """Raise RegistrationUnavailable if the link's address or name has an account by now."""
    members = get_user_model().objects
    if members.filter(email__iexact=registration.email).exists():
        raise RegistrationUnavailable(
            gettext("This address has an account"),
            gettext(
                "This link was used already, or the address has an account by now: sign in, "
                "or reset its password if you have forgotten it."
            ),
        )
    if members.filter(username__iexact=registration.username).exists():
        raise RegistrationUnavailable(
            gettext("That username is taken"),
            gettext(
                "Someone took the username “%(username)s” since you asked for it. "
                "Please register again with another."
            )
            % {"username": registration.username},
        )


def registration_finish(*, registration: Registration, password: str):
    """Create the member the link names, with `password`; the new account.

    Raises RegistrationUnavailable when its address or name was taken in the meantime
    (the link was used already, or someone else was quicker).
    """
    registration_check(registration)
    try:
        with transaction.atomic():
            return get_user_model().objects.create_user(
                username=registration.username,
                email=registration.email,
                display_name=registration.display_name,
                password=password,
            )
    except IntegrityError:
        # Taken between the check and the insert: the check now says by what.
        registration_check(registration)
        raise
