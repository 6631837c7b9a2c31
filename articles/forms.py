import uuid
from itertools import groupby
from operator import attrgetter

from django import forms
from django.utils.translation import gettext, gettext_lazy

from . import editions, photos
from .models import Article, Photo, Section


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
        help_text=gettext_lazy(
            "JPEG, PNG, WebP or GIF, at most 10 MB and 40 megapixels. Caption and credit are "
            "read from the file when it carries them (IPTC or XMP) and the fields below are empty."
        )
    )

    class Meta:
        model = Photo
        fields = ("image", "alt_text", "caption", "credit", "photographer", "copyright_notice")


class SectionsByEdition(forms.models.ModelChoiceIterator):
    """Section choices grouped by edition (an <optgroup> each, in the editions' order), for
    a list holding the sections of several editions, where "World" may be there five times.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        order = {code: position for position, code in enumerate(editions.codes())}
        sections = sorted(self.queryset, key=lambda section: order.get(section.language, 99))
        for code, group in groupby(sections, key=attrgetter("language")):
            yield (editions.display_name(code), [self.choice(section) for section in group])


def _group_by_edition(field: forms.ModelChoiceField) -> None:
    field.iterator = SectionsByEdition
    field.queryset = field.queryset  # the widget takes its choices from the new iterator


class ArticleAdminForm(forms.ModelForm):
    """The article's change form: its section is one of its own edition's."""

    class Meta:
        model = Article
        # The admin passes the fields of its fieldsets; these are the same.
        fields = (
            "headline",
            "slug",
            "standfirst",
            "language",
            "section",
            "authors",
            "dateline",
            "body",
            "lead_photo",
            "tags",
            "status",
            "published_at",
            "comments_enabled",
            "update_note",
            "updated_at",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        section = self.fields.get("section")
        if section is None:
            return
        if self.instance.pk and not self.is_bound:
            section.queryset = section.queryset.filter(language=self.instance.language)
        else:
            # A new article's edition is chosen in the same form, and a form sent back
            # with errors may be moving the article to another edition: every section,
            # under its edition's name.
            _group_by_edition(section)

    def clean(self):
        cleaned_data = super().clean()
        language = cleaned_data.get("language", self.instance.language)
        section = cleaned_data.get("section")
        if section is not None and language and section.language != language:
            # Article.clean() refuses the pair too, in words of its own. The instance keeps
            # the edition and section it had (which agree, or are not set yet), so the
            # editor reads one error, in their language, naming the editions that differ.
            cleaned_data.pop("language", None)
            self.add_error(
                "section",
                gettext(
                    "“%(section)s” is a section of the %(section_edition)s edition, and this "
                    "article is in the %(edition)s edition. Choose a section of the "
                    "%(edition)s edition, or change the article’s edition."
                )
                % {
                    "section": section.name,
                    "section_edition": editions.display_name(section.language),
                    "edition": editions.display_name(language),
                },
            )
            return cleaned_data
        if language and language != self.instance.language and self.instance.pk:
            other = Article.objects.filter(
                translation_key=self.instance.translation_key, language=language
            ).first()
            if other is not None:
                self.add_error(
                    "language",
                    gettext(
                        "This article already has a version in the %(edition)s edition: "
                        "“%(headline)s”."
                    )
                    % {"edition": editions.display_name(language), "headline": other.headline},
                )
        return cleaned_data


class SectionAdminForm(forms.ModelForm):
    """A section, and which sections of the other editions are the same section."""

    counterpart_of = forms.ModelChoiceField(
        queryset=Section.objects.none(),
        required=False,
        label=gettext_lazy("Same section as"),
        help_text=gettext_lazy(
            "This section’s counterpart in another edition (“World” for “Dünya”). An "
            "article translated from that edition goes into this section. Leave empty for "
            "a section of this edition only."
        ),
    )

    class Meta:
        model = Section
        fields = ("language", "name", "slug", "order")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["counterpart_of"]
        others = Section.objects.all()
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
            linked = others.filter(translation_key=self.instance.translation_key).first()
            if linked is not None:
                self.initial.setdefault("counterpart_of", linked.pk)
        field.queryset = others
        _group_by_edition(field)

    def clean(self):
        cleaned_data = super().clean()
        language = cleaned_data.get("language")
        counterpart = cleaned_data.get("counterpart_of")
        moved = self.instance.pk and language and language != self.instance.language
        if moved and self.instance.articles.exists():
            # Its articles would be filed in another edition's section, shown nowhere.
            self.add_error(
                "language",
                gettext(
                    "This section holds articles of its edition: move them to another "
                    "section before giving it another edition."
                ),
            )
            return cleaned_data
        if not language or (counterpart is None and self.initial.get("counterpart_of")):
            return cleaned_data  # (unlinked, it gets a key of its own: see save())
        if counterpart is not None and counterpart.language == language:
            self.add_error(
                "counterpart_of",
                gettext(
                    "“%(section)s” is in this section’s own edition: choose a section of "
                    "another edition."
                )
                % {"section": counterpart.name},
            )
            return cleaned_data
        key = counterpart.translation_key if counterpart else self.instance.translation_key
        taken = (
            Section.objects.filter(translation_key=key, language=language)
            .exclude(pk=self.instance.pk)
            .first()
        )
        if taken is not None:
            self.add_error(
                "counterpart_of" if counterpart else "language",
                gettext(
                    "The %(edition)s edition has this section’s counterpart already: “%(section)s”."
                )
                % {"edition": editions.display_name(language), "section": taken.name},
            )
        return cleaned_data

    def save(self, commit=True):
        counterpart = self.cleaned_data.get("counterpart_of")
        if counterpart is not None:
            self.instance.translation_key = counterpart.translation_key
        elif self.initial.get("counterpart_of"):
            # Unlinked from the sections it was the same as: a key of its own again.
            self.instance.translation_key = uuid.uuid4()
        return super().save(commit)


class TranslateForm(forms.Form):
    """The edition into which the editor has articles translated."""

    edition = forms.ChoiceField(
        label=gettext_lazy("Translate into"),
        widget=forms.RadioSelect(attrs={"class": "radiolist"}),
        choices=(),
    )

    def __init__(self, *args, exclude: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edition"].choices = [
            (code, name) for code, name in editions.choices() if code != exclude
        ]
