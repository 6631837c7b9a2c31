from django import forms
from django.conf import settings
from django.core import signing

_signer = signing.TimestampSigner(salt="comments.form")


class CommentForm(forms.Form):
    """A comment: the text, and for guests a name and an email address.

    Two quiet guards: `website` is a honeypot that people never see or fill, and
    `issued` is a signed timestamp, so a form kept open for hours (or replayed by a
    script) must be sent again.
    """

    author_name = forms.CharField(label="Name", max_length=60)
    author_email = forms.EmailField(
        label="Email", help_text="Your email will not be displayed publicly."
    )
    body = forms.CharField(
        label="Comment",
        min_length=2,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
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
            self.initial["issued"] = _signer.sign("comment")

    def clean_author_name(self):
        name = self.cleaned_data["author_name"].strip()
        if not name:
            raise forms.ValidationError("Please give a name to show with your comment.")
        return name

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if len(body) < 2:
            raise forms.ValidationError("A comment needs at least 2 characters.")
        return body

    def clean_issued(self):
        try:
            _signer.unsign(
                self.cleaned_data["issued"], max_age=settings.COMMENTS_FORM_MAX_AGE_SECONDS
            )
        except signing.SignatureExpired as error:
            raise forms.ValidationError(
                "This form was open too long. Your text is kept: please send it again."
            ) from error
        except signing.BadSignature as error:
            raise forms.ValidationError(
                "This form could not be checked. Your text is kept: please send it again."
            ) from error
        return self.cleaned_data["issued"]

    def full_clean(self):
        super().full_clean()
        if self.is_bound:
            # The form that comes back with errors carries a fresh token, so it can be
            # sent again however long the reader took.
            self.data = self.data.copy()
            self.data["issued"] = _signer.sign("comment")

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.data.get("website"))
