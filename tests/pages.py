"""Reading a response as a test needs to: its text, one block of it, its tags."""

import re
from html.parser import HTMLParser


def text_of(response) -> str:
    return response.content.decode()


def block(html: str, pattern: str) -> str:
    """The inside of the first element matched by `pattern` (a regex with one group)."""
    found = re.search(pattern, html, re.DOTALL)
    assert found, f"no match for {pattern!r}"
    return found.group(1)


class _StartTags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def start_tags(html: str) -> list[tuple[str, dict]]:
    """Every start tag with its attributes, in document order, as a browser would parse them."""
    parser = _StartTags()
    parser.feed(html)
    parser.close()
    return parser.tags


def tags_named(html: str, name: str) -> list[dict]:
    """The attributes of every `name` tag in `html`."""
    return [attrs for tag, attrs in start_tags(html) if tag == name]
