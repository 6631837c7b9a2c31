"""Figures other apps show beside articles on reader pages, fetched with the articles.

The articles app knows nothing of what other apps keep about an article. An app that
shows a number beside articles (the comments app: how many comments each has) declares
it here, once, in its AppConfig.ready():

    figures.declare("approved_comment_count", make_expression, on_cards=True)

`make_expression()` returns an expression over Article (a subquery counting, say).
`Article.objects.with_figures()` (the article page) and `.for_cards()` (lists of cards,
for the figures declared `on_cards`) then annotate every article with each figure in
the query that fetches it, so a page of fifty cards costs no query per card; and
`figures.of(article, name)` reads one back: None for an article fetched without it,
when the app counts for itself.

This module is the whole of the interface: the articles app imports no other app.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class Figure:
    name: str
    make_expression: Callable[[], models.Expression]
    on_cards: bool


_declared: dict[str, Figure] = {}


def declare(name: str, make_expression, *, on_cards: bool = True) -> None:
    """Fetch `name` with every article a reader page shows (with cards too when
    `on_cards`), as `make_expression()` computes it. Declaring a name again replaces it."""
    _declared[name] = Figure(name, make_expression, on_cards)


def annotations(*, cards: bool = False) -> dict[str, models.Expression]:
    """{name: expression} for every figure an article page (or a card) shows."""
    return {
        figure.name: figure.make_expression()
        for figure in _declared.values()
        if figure.on_cards or not cards
    }


def of(article, name: str):
    """The figure `name` of `article`, as its query fetched it, or None if it did not."""
    return vars(article).get(name)
