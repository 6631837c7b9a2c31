from django import forms
from django.utils.translation import gettext_lazy as _

from . import photos
from .models import Photo


class PhotoUploadField(forms.ImageField):
    """An image field whose errors say what is wrong: too big, too many pixels, unreadable."""

    def to_python(self, data):
        # Skip ImageField's own Pillow pass, which reports every problem as one vague error.
        uploaded = forms.FileField.to_python(self, data)
        if uploaded is not None:
            photos.check_upload(uploaded)
        return uploaded


class PhotoAdminForm(forms.ModelForm):
    image = PhotoUploadField(
        help_text=_(
            "JPEG, PNG, WebP or GIF, at most 10 MB and 40 megapixels. Caption and credit are "
            "read from the file when it carries them (IPTC or XMP) and the fields below are empty."
        )
    )

    class Meta:
        model = Photo
        fields = ("image", "alt_text", "caption", "credit", "photographer", "copyright_notice")
