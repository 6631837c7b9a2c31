import math
import time

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordResetForm,
    SetPasswordMixin,
    UsernameField,
)
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from mailing.services import queue_mail

from .models import User
from .throttle import SignInAttempt

THROTTLED = "throttled"


class ThrottledSignInMixin:
    """Refuses or slows sign-in after repeated failures (see accounts.throttle).

    The message says to wait, and for how long, never which part was wrong. A refused
    form carries `retry_after`, the seconds its view sends in the Retry-After header.
    """

    retry_after = 0

    def clean(self):
        attempt = SignInAttempt.from_request(self.request, self.data.get("username", ""))
        verdict = attempt.verdict()
        if verdict.retry_after:
            self.retry_after = verdict.retry_after
            minutes = math.ceil(verdict.retry_after / 60)
            raise forms.ValidationError(
                gettext(
                    # Translators: %(wait)s is a number of minutes ("1 minute", "5 minutes").
                    "Too many failed attempts to sign in. Please wait %(wait)s and try again, "
                    "or reset your password."
                ),
                code=THROTTLED,
                params={
                    "wait": ngettext("%(count)s minute", "%(count)s minutes", minutes)
                    % {"count": minutes}
                },
            )
        # Slowed, never refused: the account is under guesses from many addresses, and its
        # owner must still get in. The wait comes before the check, so it tells nothing.
        if verdict.delay:
            time.sleep(verdict.delay)
        try:
            cleaned_data = super().clean()
        except forms.ValidationError as error:
            if getattr(error, "code", None) == "invalid_login":
                attempt.record_failure()
            raise
        # A form missing its password never authenticated anyone: that is no success.
        if self.get_user() is not None:
            attempt.record_success()
        return cleaned_data

    @property
    def is_throttled(self) -> bool:
        return self.has_error(forms.forms.NON_FIELD_ERRORS, THROTTLED)


class SignInForm(ThrottledSignInMixin, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "That username or email and password do not match an account. Both are "
            "checked; the password is case-sensitive."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = gettext("Username or email")
        self.fields["username"].widget.attrs["autocomplete"] = "username"


class AdminSignInForm(ThrottledSignInMixin, AdminAuthenticationForm):
    """The admin's own sign-in form, under the same throttle as the site's."""


def _taken(field: str, value: str, instance=None) -> bool:
    others = User.objects.filter(**{f"{field}__iexact": value})
    if instance is not None and instance.pk:
        others = others.exclude(pk=instance.pk)
    return others.exists()


class RegistrationForm(forms.Form):
    """The first step of registering: who, and where to send the link that finishes it.

    A plain form, not the model's: it must not say whether the email address has an
    account (the model's constraints would). A username is public (shown with comments
    when there is no display name), so a taken one is said.
    """

    username = UsernameField(
        label=_("Username"),
        max_length=150,
        validators=[User.username_validator],
        help_text=User._meta.get_field("username").help_text,
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("We send a link there to finish registering. Never shown to other readers."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    display_name = forms.CharField(
        label=_("Display name"),
        required=False,
        max_length=60,
        help_text=_("Shown with your comments. Your username when left empty."),
    )

    def clean_username(self):
        username = self.cleaned_data["username"]
        if _taken("username", username):
            raise forms.ValidationError(
                User._meta.get_field("username").error_messages["unique"], code="unique"
            )
        return username

    def clean_email(self):
        return User.objects.normalize_email(self.cleaned_data["email"])


class RegistrationPasswordForm(SetPasswordMixin, forms.Form):
    """The second step, behind the emailed link: the new member's password."""

    password1, password2 = SetPasswordMixin.create_password_fields()

    def __init__(self, *args, member: User, **kwargs):
        super().__init__(*args, **kwargs)
        # The account to be, unsaved: the validators compare the password with its names.
        self.member = member

    def clean(self):
        self.validate_passwords()
        self.validate_password_for_user(self.member)
        return super().clean()


class PasswordResetRequestForm(PasswordResetForm):
    """Django's reset form, mailing after the response: a known address answers no later."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        message = EmailMultiAlternatives(
            subject, render_to_string(email_template_name, context), from_email, [to_email]
        )
        if html_email_template_name is not None:
            message.attach_alternative(
                render_to_string(html_email_template_name, context), "text/html"
            )
        queue_mail(message)


class ProfileForm(forms.ModelForm):
    email = forms.EmailField(
        label=_("Email"), help_text=_("For resetting your password. Never shown publicly.")
    )

    class Meta:
        model = User
        fields = ("display_name", "email")
        labels = {"display_name": _("Display name")}
        help_texts = {"display_name": _("Shown with your comments. Your username when empty.")}

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"])
        if _taken("email", email, instance=self.instance):
            raise forms.ValidationError(gettext("Another account already uses this email address."))
        return email


class AccountDeletionForm(forms.Form):
    """Deleting one's own account: the password once more, and what becomes of comments."""

    KEEP = "keep"
    DELETE = "delete"

    comments = forms.ChoiceField(
        label=_("Your comments"),
        choices=[
            (KEEP, _("Keep them, shown under “Former member”")),
            (DELETE, _("Delete them as well")),
        ],
        widget=forms.RadioSelect,
        initial=KEEP,
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(gettext("That is not your password."))
        return password
