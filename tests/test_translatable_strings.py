"""Every string a reader or a moderator sees on the site's own pages goes through translation.

The site serves several editions, each in its own language; a sentence left as bare
English in a template, or as a plain string in a form, would show up in English in all
of them. Two kinds of check:

- the templates, read as Django's lexer reads them: outside `{% translate %}` and
  `{% blocktranslate %}`, no visible text (an element's text, or an attribute people
  see or hear: `alt`, `title`, `placeholder`, `aria-label`, a page's description) holds
  a letter, nor does a quoted string in a variable (`|default:"the site"`);
- the Python side, under a made-up language whose "translation" brackets every message:
  what forms, filters, models and mails put in front of readers comes out bracketed.
"""

import gettext as gettext_module
import re
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.template.base import Lexer, TokenType
from django.utils import timezone, translation
from django.utils.translation import trans_real

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# The Django admin's own templates come translated with Django.
SKIPPED_FOLDERS = {"admin"}

# Text that is the same in every language.
ALLOWED_TEXT = {
    # Names of feed formats, as readers' feed software shows them.
    "RSS",
    "Atom",
}
ALLOWED_IN = {
    # A language code for news crawlers, not words (an edition will give its own).
    "sitemaps/news_sitemap.xml": {"en"},
}

# Attributes whose values people see (a tooltip, a placeholder) or hear (a screen reader).
TEXT_ATTRIBUTES = {
    "alt",
    "title",
    "placeholder",
    "aria-label",
    "aria-description",
    "aria-placeholder",
    "aria-roledescription",
    "aria-valuetext",
    "label",
}
# <meta name=… content=…> whose content is text: a page's description, its title for sharing.
TEXT_META = {"description", "twitter:title", "twitter:description", "og:title", "og:description"}

# What stands in for a tag or a variable: no letter, so never mistaken for text.
HOLE = "\ue000"
# Blocks whose insides are no visible text of the template's own.
SKIPPED_BLOCKS = {
    "blocktranslate": "endblocktranslate",
    "blocktrans": "endblocktrans",
    "comment": "endcomment",
}
# A quoted string in a variable, and the filter it is given to (`date:"j M Y"` is a format).
QUOTED = re.compile(r"""(?P<prefix>_\(|(?P<filter>\w+):)?(?P<quote>["'])(?P<text>.*?)(?P=quote)""")
FORMAT_FILTERS = {"date", "time"}


def _templates():
    for path in sorted(TEMPLATES.rglob("*")):
        relative = path.relative_to(TEMPLATES)
        if path.is_file() and relative.parts[0] not in SKIPPED_FOLDERS:
            yield relative.as_posix(), path.read_text(encoding="utf-8")


def _has_letters(text: str) -> bool:
    return any(character.isalpha() for character in text)


class _VisibleText(HTMLParser):
    """Collects an HTML page's text nodes and its visible attribute values."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            if value and name in TEXT_ATTRIBUTES:
                self.found.append(value)
        if tag == "meta" and (values.get("name") or values.get("property")) in TEXT_META:
            self.found.append(values.get("content") or "")

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.found.append(data)


def untranslated_text(source: str) -> list[str]:
    """The bare visible text of a template's source: what reaches readers untranslated."""
    skipped_until = None
    rebuilt = []
    quoted = []
    for token in Lexer(source).tokenize():
        if skipped_until is not None:
            if token.token_type == TokenType.BLOCK and token.contents.split()[0] == skipped_until:
                skipped_until = None
            continue
        if token.token_type == TokenType.TEXT:
            rebuilt.append(token.contents)
            continue
        rebuilt.append(HOLE)
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0]
            skipped_until = SKIPPED_BLOCKS.get(name)
        elif token.token_type == TokenType.VAR:
            for match in QUOTED.finditer(token.contents):
                if match["prefix"] == "_(" or match["filter"] in FORMAT_FILTERS:
                    continue
                if _has_letters(match["text"]):
                    quoted.append(match["text"])
    parser = _VisibleText()
    parser.feed("".join(rebuilt))
    parser.close()
    texts = [" ".join(text.replace(HOLE, " ").split()) for text in parser.found]
    return [text for text in texts if _has_letters(text)] + quoted


def test_the_checker_finds_bare_text_and_lets_translated_text_pass():
    bare = (
        '{% load i18n %}<p title="Edited">Hello, {{ name }}</p><button aria-label="Close">×'
        '</button>{{ who|default:"the site" }}<meta name="description" content="News.">'
    )
    assert untranslated_text(bare) == ["Edited", "Hello,", "Close", "News.", "the site"]
    translated = (
        '{% load i18n %}{% translate "Edited" as edited %}<p title="{{ edited }}">'
        "{% blocktranslate %}Hello, {{ name }}{% endblocktranslate %}</p>"
        '{{ who|default:_("the site") }} · {{ when|date:"j M Y" }} → {# a note #}'
        "{% comment %}Not shown.{% endcomment %}"
    )
    assert untranslated_text(translated) == []


def test_no_template_shows_bare_text():
    """Every visible string of the templates is marked for translation."""
    found = {}
    for name, source in _templates():
        bare = [
            text
            for text in untranslated_text(source)
            if text not in ALLOWED_TEXT | ALLOWED_IN.get(name, set())
        ]
        if bare:
            found[name] = bare
    assert not found, "Text not marked for translation:\n" + "\n".join(
        f"  {name}: {texts}" for name, texts in found.items()
    )


# --- the Python side ------------------------------------------------------------------------

FAKE_LANGUAGE = "x-bracketed"


class BracketingTranslation(gettext_module.NullTranslations):
    """A language whose every message comes back as ⟦message⟧, context left aside."""

    def gettext(self, message):
        return f"⟦{message.rpartition(trans_real.CONTEXT_SEPARATOR)[2]}⟧"

    def ngettext(self, singular, plural, number):
        return self.gettext(singular if number == 1 else plural)

    def language(self):
        return FAKE_LANGUAGE

    def to_language(self):
        return FAKE_LANGUAGE


@pytest.fixture
def bracketed():
    """Activate the bracketing language for the test."""
    trans_real._translations[FAKE_LANGUAGE] = BracketingTranslation()
    try:
        with translation.override(FAKE_LANGUAGE):
            yield
    finally:
        del trans_real._translations[FAKE_LANGUAGE]


def is_translated(text) -> bool:
    text = str(text)
    return text.startswith("⟦") and text.endswith("⟧")


def _form_texts(form) -> dict[str, str]:
    texts = {}
    for name, field in form.fields.items():
        if field.widget.is_hidden or name == "website":
            continue
        texts[f"{name}.label"] = field.label or ""
        if field.help_text:
            texts[f"{name}.help_text"] = field.help_text
        if isinstance(field, forms.ModelChoiceField):
            # Rows moderators name themselves (ModerationReason): their words, not the code's.
            if field.empty_label:
                texts[f"{name}.empty_label"] = field.empty_label
            continue
        for value, label in getattr(field, "choices", []):
            if value:
                texts[f"{name}.choice[{value}]"] = label
    return texts


def _forms():
    from accounts.forms import (
        AccountDeletionForm,
        ProfileForm,
        RegistrationForm,
        SignInForm,
    )
    from accounts.models import User
    from comments.forms import BanForm, CommentEditForm, CommentForm, ReportForm

    member = User(username="reader")
    return [
        SignInForm(),
        RegistrationForm(),
        ProfileForm(instance=member),
        AccountDeletionForm(user=member),
        CommentForm(),
        CommentEditForm(),
        ReportForm(),
        BanForm(),
    ]


@pytest.mark.django_db
def test_forms_speak_the_readers_language(bracketed):
    untranslated = {
        f"{type(form).__name__}.{where}": str(text)
        for form in _forms()
        for where, text in _form_texts(form).items()
        if not is_translated(text)
    }
    assert not untranslated


@pytest.mark.django_db
def test_form_errors_speak_the_readers_language(bracketed):
    from comments.forms import CommentForm, ReportForm

    too_long = "x" * 3001
    comment = CommentForm(
        data={"author_name": "A", "author_email": "a@example.com", "body": too_long, "issued": "?"}
    )
    report = ReportForm(data={})
    errors = [*comment.errors["body"], *comment.errors["issued"], *report.errors["reason"]]
    assert errors
    assert all(is_translated(error) for error in errors), errors


def test_statuses_and_reasons_readers_and_moderators_see(bracketed):
    from comments.models import Ban, Comment, ModerationEvent, Report

    labels = [
        label
        for choices in (
            Comment.Status,
            Comment.Reason,
            Ban.Kind,
            Ban.Period,
            Report.Reason,
            ModerationEvent.Action,
        )
        for label in choices.labels
    ]
    assert [str(label) for label in labels if not is_translated(label)] == []


def test_time_ago_and_numbers_in_words(bracketed):
    from comments.templatetags.comments import in_words, time_ago

    now = timezone.now()
    said = [
        time_ago(now, now=now),
        time_ago(now - timedelta(minutes=5), now=now),
        time_ago(now - timedelta(hours=3), now=now),
        in_words(10),
    ]
    assert [text for text in said if not is_translated(text)] == []
