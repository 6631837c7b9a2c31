"""Text as the search compares it, per edition: the same letters however a reader typed them.

Sorani is often typed with an Arabic or Persian keyboard, which gives look-alike letters
(Arabic kaf and yeh, alef maksura, teh marbuta, heh with a joiner for the vowel ە), the
stretching tatweel and vowel marks that do not change the word: they are folded to the
letters Sorani writes. Kurmanji is typed with and without its circumflexes and cedillas,
so those are dropped for the comparison. Turkish keeps its letters (its stemmer needs
them) but dotted and dotless i compare equal, as readers type both for either. Every
edition's text is case-folded.
"""

import html
import re
import unicodedata

from django.utils.html import strip_tags

# PostgreSQL's text search configuration for each edition; `simple` (no stemming, no
# stop words) where PostgreSQL has none.
CONFIGS = {"en": "english", "ar": "arabic", "tr": "turkish", "ckb": "simple", "kmr": "simple"}

# Arabic and Persian letter forms, and joiners, as Sorani writes them.
_SORANI_LETTERS = str.maketrans(
    {
        "\u0643": "\u06a9",  # ك Arabic kaf -> ک keheh
        "\u064a": "\u06cc",  # ي Arabic yeh -> ی Farsi yeh
        "\u0649": "\u06cc",  # ى alef maksura -> ی
        "\u0629": "\u06d5",  # ة teh marbuta -> ە ae
        "\u06c0": "\u06d5",  # ۀ heh with yeh above -> ە
        "\u0640": None,  # ـ tatweel, which only stretches a line
    }
)
# A heh held apart by a zero-width non-joiner is how Persian keyboards type Sorani's ە.
_HEH_AS_AE = re.compile("\u0647\u200c")
# Harakat, superscript alef and Quranic marks: vowel signs that do not change the word.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_JOINERS = re.compile("[\u200c\u200d]")


def config(language: str) -> str:
    return CONFIGS.get(language, "simple")


def normalise(text: str, language: str) -> str:
    """`text` as the search of edition `language` compares it."""
    text = unicodedata.normalize("NFC", text)
    if language in ("ckb", "ar"):
        text = _ARABIC_MARKS.sub("", text).replace("\u0640", "")
    if language == "ckb":
        text = _HEH_AS_AE.sub("\u06d5", text).translate(_SORANI_LETTERS)
        text = _JOINERS.sub("", text)
    text = text.casefold()
    if language == "tr":
        # "İ" case-folds to "i" and a combining dot; both i's compare as one.
        text = text.replace("\u0307", "").replace("ı", "i")
    if language == "kmr":
        decomposed = unicodedata.normalize("NFD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return text


def plain(body_html: str) -> str:
    """The words of an article's (sanitised) body, without its markup."""
    return " ".join(html.unescape(strip_tags(body_html)).split())


def document(headline: str, standfirst: str, body_html: str, language: str) -> str:
    """What a search on any database reads of an article: its words, normalised."""
    return normalise(f"{headline}\n{standfirst}\n{plain(body_html)}", language)
