import secrets

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .models import Ban, ModerationReason, Report
from .text import strip_direction_controls

_signer = signing.TimestampSigner(salt="comments.form")


def new_form_token() -> str:
    """A signed, timestamped token naming one rendering of the comment form.

    It expires (COMMENTS_FORM_MAX_AGE_SECONDS), and a comment saved with it is saved
    once: a double click or a browser's retry of the same form finds the first one.
    """
    return _signer.sign(secrets.token_urlsafe(12))


# The form's hidden field holding that token.
TOKEN_FIELD = "issued"  # noqa: S105  (a field name, not a secret)


def token_for_page(request) -> str:
    """A new token for each reader of a cached article page (see checks.py)."""
    return new_form_token()


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


# The longest comment, in characters as the reader's text counts them (see CommentText).
COMMENT_MAX_LENGTH = 3000


class CommentText(forms.CharField):
    """A reader's plain text, cleaned as it will be saved and measured as the reader sees it.

    Direction controls are removed (text.strip_direction_controls) and line breaks
    counted once: browsers send each as CR LF, which would make a text of 2,990
    characters and a few paragraphs "too long". The limit is checked here, not by a
    `maxlength` on the box, which would silently cut a pasted text short: a text over
    the limit comes back with the number of characters to remove, all of it kept in the
    box. The box says the limit in its hint, and static/js/comment-form.js counts as
    the reader types (the box carries the limit in `data-limit`).
    """

    def __init__(self, *, limit: int | None = None, **kwargs):
        self.limit = limit
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return strip_direction_controls(value).replace("\r\n", "\n").strip()

    def validate(self, value):
        super().validate(value)
        if self.limit is not None and len(value) > self.limit:
            raise forms.ValidationError(
                gettext(
                    "Your text is %(length)s characters long, over the limit of %(limit)s: "
                    "please shorten it by %(excess)s. Everything you wrote is still in the box."
                ),
                code="max_length",
                params={
                    "length": _number(len(value)),
                    "limit": _number(self.limit),
                    "excess": _number(len(value) - self.limit),
                },
            )

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if self.limit is not None:
            attrs["data-limit"] = str(self.limit)
        return attrs


def limit_hint(limit: int) -> str:
    """The hint under a comment box, in words: read before typing, with or without script."""
    return gettext("Up to %(limit)s characters.") % {"limit": _number(limit)}


# The hint is worded when a form is shown, in the number format of the request's language.
_lazy_limit_hint = lazy(limit_hint, str)


class CommentForm(forms.Form):
    """A comment: the text, and for guests a name and an email address.

    Two quiet guards: `website` is a honeypot that people never see or fill, and
    `issued` is a signed timestamp, so a form kept open for hours (or replayed by a
    script) must be sent again.
    """

    author_name = CommentText(
        label=pgettext_lazy("a commenter's name", "Name"),
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "name", "dir": "auto"}),
    )
    author_email = forms.EmailField(
        label=_("Email"),
        help_text=_("Your email will not be displayed publicly."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    body = CommentText(
        label=pgettext_lazy("noun: the text of a comment", "Comment"),
        min_length=2,
        limit=COMMENT_MAX_LENGTH,
        help_text=_lazy_limit_hint(COMMENT_MAX_LENGTH),
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    website = forms.CharField(
        required=False,
        # Translators: a trap for robots, hidden from people.
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    issued = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user is not None and user.is_authenticated:
            del self.fields["author_name"]
            del self.fields["author_email"]
        if not self.is_bound:
            self.initial["issued"] = new_form_token()

    def clean_author_name(self):
        name = self.cleaned_data["author_name"]
        if not name:
            raise forms.ValidationError(gettext("Please give a name to show with your comment."))
        return name

    def clean_body(self):
        body = self.cleaned_data["body"]
        if len(body) < 2:
            raise forms.ValidationError(gettext("A comment needs at least 2 characters."))
        return body

    def clean_issued(self):
        try:
            return _signer.unsign(
                self.cleaned_data["issued"], max_age=settings.COMMENTS_FORM_MAX_AGE_SECONDS
            )
        except signing.SignatureExpired as error:
            raise forms.ValidationError(
                gettext("This form was open too long. Your text is kept: please send it again.")
            ) from error
        except signing.BadSignature as error:
            raise forms.ValidationError(
                gettext("This form could not be checked. Your text is kept: please send it again.")
            ) from error

    def full_clean(self):
        super().full_clean()
        if self.is_bound:
            # The form that comes back with errors carries a fresh token, so it can be
            # sent again however long the reader took.
            self.data = self.data.copy()
            self.data["issued"] = new_form_token()

    @property
    def form_token(self) -> str:
        """The token of the rendering this form was sent from (after is_valid())."""
        return self.cleaned_data.get("issued", "")

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.data.get("website"))


class CommentEditForm(forms.Form):
    """The author's corrected text: the same limits as when it was posted."""

    body = CommentText(
        label=_("Your comment"),
        min_length=2,
        limit=COMMENT_MAX_LENGTH,
        help_text=_lazy_limit_hint(COMMENT_MAX_LENGTH),
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
    )

    def clean_body(self):
        body = self.cleaned_data["body"]
        if len(body) < 2:
            raise forms.ValidationError(gettext("A comment needs at least 2 characters."))
        return body


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with it?"),
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose what is wrong with the comment.")},
    )
    note = forms.CharField(
        label=_("Anything moderators should know (optional)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class BanForm(forms.Form):
    """A ban on the author of `comment` (their account, email or address), or by hand on a
    member's username or an email address."""

    kind = forms.ChoiceField(
        label=pgettext_lazy("ban form: whom to ban", "Ban"),
        choices=Ban.Kind.choices,
        widget=forms.RadioSelect,
    )
    username = forms.CharField(label=_("Member's username"), required=False, max_length=150)
    email = forms.EmailField(label=_("Email address"), required=False)
    period = forms.ChoiceField(
        label=_("For how long"), choices=Ban.Period.choices, initial=Ban.Period.WEEK
    )
    reason = forms.ModelChoiceField(
        label=_("Reason"),
        queryset=ModerationReason.objects.filter(active=True),
        required=False,
        empty_label=_("No reason given"),
    )
    note = forms.CharField(label=_("Note for other moderators"), required=False, max_length=300)

    def __init__(self, *args, comment=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.comment = comment
        self.target_user = None
        self.target_email = ""
        self.target_address_hash = ""
        if comment is not None:
            del self.fields["username"]
            del self.fields["email"]
            kinds = []
            if comment.user_id:
                kinds.append(
                    (
                        Ban.Kind.ACCOUNT,
                        gettext("The member account %(username)s")
                        % {"username": comment.user.username},
                    )
                )
            elif comment.author_email:
                kinds.append(
                    (
                        Ban.Kind.EMAIL,
                        gettext("The email address %(email)s") % {"email": comment.author_email},
                    )
                )
            if comment.client_hash:
                kinds.append(
                    (
                        Ban.Kind.ADDRESS,
                        gettext("The client address %(hash)s (a keyed hash)")
                        % {"hash": comment.fingerprint},
                    )
                )
            self.fields["kind"].choices = kinds
            if kinds:
                self.fields["kind"].initial = kinds[0][0]
        else:
            self.fields["kind"].choices = [
                (Ban.Kind.ACCOUNT, gettext("A member account (give the username)")),
                (Ban.Kind.EMAIL, gettext("An email address")),
            ]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        comment = self.comment
        if kind == Ban.Kind.ACCOUNT:
            if comment is not None:
                self.target_user = comment.user
            else:
                username = data.get("username", "").strip()
                self.target_user = (
                    get_user_model().objects.filter(username__iexact=username).first()
                )
                if self.target_user is None:
                    self.add_error("username", gettext("No member has that username."))
        elif kind == Ban.Kind.EMAIL:
            self.target_email = (
                comment.author_email if comment is not None else data.get("email", "")
            )
            if not self.target_email:
                self.add_error(
                    None if comment else "email", gettext("Give the email address to ban.")
                )
        elif kind == Ban.Kind.ADDRESS:
            self.target_address_hash = comment.client_hash if comment is not None else ""
            if not self.target_address_hash:
                self.add_error("kind", gettext("This comment's address is no longer kept."))
        return data
