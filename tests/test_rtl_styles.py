"""One stylesheet for both directions, and the Arabic-script fonts the site serves itself.

The ckb and ar editions are read right to left. Their pages get `dir="rtl"` on <html> and
the same stylesheets as the left-to-right editions, so those must say "start" and "end"
(margin-inline-start, border-inline-start, text-align: start, ...) wherever they mean a
side: a physical left or right would put the reply rule, the sidebar's border or the
alerts' bar on the wrong side for them. What has no logical form (a shadow's offset, a
translation) is mirrored by a rule scoped to a direction (`:dir(rtl)`, `[dir="rtl"]`).

Their text is set in Noto Naskh Arabic and Noto Sans Arabic, which the site serves from
its own static files (no font service): only the Arabic subset, so a page in a Latin
script never downloads them.

The stylesheets are read with tinycss2 (bleach's CSS parser, in the lock already), so
comments, strings and nesting are understood rather than matched by pattern.
"""

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import tinycss2
from django.apps import apps
from django.contrib.staticfiles import finders

ROOT = Path(__file__).resolve().parent.parent
CSS_DIR = ROOT / "static" / "css"

# Sorani letters that Arabic itself lacks (ڕ ڵ ۆ ێ ە), and Arabic's alef, beh and yeh.
SORANI_AND_ARABIC_LETTERS = "ڕڵۆێەابي"

DIRECTION_SCOPE = re.compile(
    r""":dir\(\s*(?:rtl|ltr)\s*\)|\[\s*dir\s*=\s*["']?(?:rtl|ltr)["']?\s*\]""", re.IGNORECASE
)
RTL_SCOPE = re.compile(
    r""":where\(\s*:dir\(\s*rtl\s*\)\s*\)|:dir\(\s*rtl\s*\)|\[\s*dir\s*=\s*["']?rtl["']?\s*\]\s*""",
    re.IGNORECASE,
)

# Properties that name a physical side or corner: each has a logical twin.
PHYSICAL_PROPERTIES = (
    {
        f"{box}-{side}"
        for box in ("margin", "padding", "scroll-margin", "scroll-padding")
        for side in ("left", "right")
    }
    | {
        f"border-{side}{part}"
        for side in ("left", "right")
        for part in ("", "-width", "-style", "-color")
    }
    | {
        f"border-{vertical}-{side}-radius"
        for vertical in ("top", "bottom")
        for side in ("left", "right")
    }
    | {"left", "right"}
)
# Properties whose left or right keyword has a start or end twin.
SIDE_KEYWORD_PROPERTIES = {
    "text-align",
    "text-align-last",
    "float",
    "clear",
    "justify-content",
    "justify-items",
    "justify-self",
}
# Shorthands of four sides (top, right, bottom, left): directional when right != left.
FOUR_SIDED = {
    "margin",
    "padding",
    "inset",
    "border-width",
    "border-style",
    "border-color",
    "scroll-margin",
    "scroll-padding",
}
SHADOWS = {"box-shadow", "text-shadow"}
LENGTH = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:px|r?em|ch|ex|v[wh]|vmin|vmax|%)?")


@dataclass(frozen=True)
class Declaration:
    file: str
    line: int
    context: tuple[str, ...]  # the selectors and at-rule preludes it sits in, outermost first
    name: str
    value: list  # tinycss2 component values, whitespace and comments left out
    raw: list  # the same with the whitespace, to show

    @property
    def where(self):
        return f"{self.file}:{self.line} {' > '.join(self.context)} {{ {self.name}: {self.text} }}"

    @property
    def text(self):
        return " ".join(tinycss2.serialize(self.raw).split())

    @property
    def selector(self):
        return self.context[-1] if self.context else ""

    @property
    def direction_scoped(self):
        """Whether a rule around it applies in one direction only (each selector of its list)."""
        return any(
            all(DIRECTION_SCOPE.search(part) for part in _split_selector_list(selector))
            for selector in self.context
            if not selector.startswith("@")
        )


def _split_selector_list(selector):
    parts, depth, current = [], 0, ""
    for character in selector:
        if character in "([":
            depth += 1
        elif character in ")]":
            depth -= 1
        if character == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += character
    return [part.strip() for part in [*parts, current] if part.strip()]


def _meaningful(tokens):
    return [token for token in tokens if token.type not in ("whitespace", "comment")]


def _walk(nodes, file, context):
    for node in nodes:
        if node.type == "qualified-rule":
            selector = " ".join(tinycss2.serialize(node.prelude).split())
            contents = tinycss2.parse_blocks_contents(
                node.content, skip_comments=True, skip_whitespace=True
            )
            yield from _walk(contents, file, (*context, selector))
        elif node.type == "at-rule" and node.content is not None:
            prelude = " ".join(tinycss2.serialize(node.prelude).split())
            inner = (*context, f"@{node.lower_at_keyword} {prelude}".strip())
            if node.lower_at_keyword in ("font-face", "page", "property", "counter-style"):
                contents = tinycss2.parse_blocks_contents(
                    node.content, skip_comments=True, skip_whitespace=True
                )
            else:
                contents = tinycss2.parse_rule_list(
                    node.content, skip_comments=True, skip_whitespace=True
                )
            yield from _walk(contents, file, inner)
        elif node.type == "declaration":
            yield Declaration(
                file,
                node.source_line,
                context,
                node.lower_name,
                _meaningful(node.value),
                node.value,
            )
        elif node.type == "error":
            raise AssertionError(
                f"{file}:{node.source_line}: CSS the parser rejects: {node.message}"
            )


def declarations(text, file="<css>"):
    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    return list(_walk(rules, file, ()))


def stylesheets():
    return sorted(CSS_DIR.rglob("*.css"))


def all_declarations():
    found = []
    for path in stylesheets():
        found.extend(declarations(path.read_text(encoding="utf-8"), path.relative_to(ROOT)))
    return found


def _components(value):
    """The space-separated parts of a value, a function call counting as one part."""
    return [tinycss2.serialize([token]).strip().lower() for token in value]


def _is_physical(declaration):
    name = declaration.name
    if name in PHYSICAL_PROPERTIES:
        return True
    parts = _components(declaration.value)
    if name in SIDE_KEYWORD_PROPERTIES:
        return bool({"left", "right"} & set(parts))
    if name in FOUR_SIDED:
        return len(parts) == 4 and parts[1] != parts[3]
    if name == "border-radius":
        for radii in " ".join(parts).split("/"):
            corners = radii.split()
            # top-left, top-right, bottom-right, bottom-left, as CSS fills them in
            if len(corners) == 2:
                corners = corners * 2
            elif len(corners) == 3:
                corners = [*corners, corners[1]]
            if len(corners) == 4 and (corners[0] != corners[1] or corners[2] != corners[3]):
                return True
    return False


def _amount(text):
    """The number a length or offset starts with: 0 for "0", "0px" or none."""
    number = re.match(r"-?(?:\d+\.?\d*|\.\d+)", text)
    return float(number.group()) if number else 0.0


def _horizontal_offsets(declaration):
    """The x offsets of a shadow (or of a custom property holding one), or of a translation.

    None when the value moves nothing sideways. A custom property counts when a layer of
    it has at least two lengths (an x and a y offset), as a shadow has.
    """
    name = declaration.name
    if name in SHADOWS or name.startswith("--"):
        offsets, layer = [], []
        for token in [*declaration.value, None]:
            if token is None or (token.type == "literal" and token.value == ","):
                lengths = [part for part in layer if LENGTH.fullmatch(part)]
                if len(lengths) >= 2:
                    offsets.append(lengths[0])
                layer = []
            else:
                layer.append(tinycss2.serialize([token]).strip().lower())
        return offsets if any(_amount(offset) for offset in offsets) else None
    if name == "transform":
        moves = re.findall(r"translate(?:x|3d)?\(\s*([^,)\s]+)", declaration.text.lower())
        return [move for move in moves if _amount(move)] or None
    if name == "translate":
        parts = _components(declaration.value)
        return parts[:1] if parts and _amount(parts[0]) else None
    if name in ("background-position", "background-position-x", "background"):
        sides = [part for part in _components(declaration.value) if part in ("left", "right")]
        return sides or None
    return None


def _negated(offset):
    """The same move the other way: -4px for 4px, right for left."""
    if offset in ("left", "right"):
        return "right" if offset == "left" else "left"
    return offset[1:] if offset.startswith("-") else f"-{offset}"


# --- the checks on the checks ----------------------------------------------------------------


def test_the_reader_is_not_fooled_by_comments_strings_or_at_rules():
    css = """
    /* margin-left: 1rem; border-left: 1px solid; text-align: left */
    .a { content: "padding-right: 2px"; margin-inline-start: 1rem; }
    @media (min-width: 40em) { .b { padding-left: 1rem; } }
    .c { margin: 0 0 0 1rem; border-radius: 0 4px 4px 0; text-align: left; }
    .d:dir(rtl), [dir="rtl"] .e { margin-left: 0; }
    .f { margin: 0 1rem; padding: 1rem 0 2rem; border-radius: 999px; text-align: start; }
    """
    physical = [(d.selector, d.name) for d in declarations(css) if _is_physical(d)]
    assert physical == [
        (".b", "padding-left"),
        (".c", "margin"),
        (".c", "border-radius"),
        (".c", "text-align"),
        ('.d:dir(rtl), [dir="rtl"] .e', "margin-left"),
    ]
    scoped = [d.selector for d in declarations(css) if _is_physical(d) and d.direction_scoped]
    assert scoped == ['.d:dir(rtl), [dir="rtl"] .e']


def test_sideways_shadows_and_translations_are_recognised():
    css = """
    .a { box-shadow: inset 4px 0 0 red; }
    .b { box-shadow: 0 0 0 2px #fff, 0 0 0 4px blue; --gap: 1rem; }
    .c { --bar: inset -3px 0 0 var(--focus); transform: translateX(10px); }
    .d { background: url(x.svg) no-repeat left 1rem center; }
    """
    moved = {(d.selector, d.name): _horizontal_offsets(d) for d in declarations(css)}
    assert moved == {
        (".a", "box-shadow"): ["4px"],
        (".b", "box-shadow"): None,
        (".b", "--gap"): None,
        (".c", "--bar"): ["-3px"],
        (".c", "transform"): ["10px"],
        (".d", "background"): ["left"],
    }
    assert [_negated(offset) for offset in ("4px", "-3px", "left")] == ["-4px", "3px", "right"]


# --- the stylesheets ------------------------------------------------------------------------


def test_the_stylesheets_name_no_physical_side_outside_a_rule_for_one_direction():
    assert stylesheets(), f"no stylesheets under {CSS_DIR}"
    physical = [d.where for d in all_declarations() if _is_physical(d) and not d.direction_scoped]
    assert not physical, (
        "Use the logical property (margin-inline-start, border-inline-start, text-align:"
        " start, inset-inline-start, float: inline-start, border-start-end-radius, ...):\n"
        + "\n".join(physical)
    )


def test_what_moves_sideways_is_mirrored_for_right_to_left():
    found = all_declarations()
    mirrored = {
        (RTL_SCOPE.sub("", d.selector).strip(), d.name): _horizontal_offsets(d)
        for d in found
        if d.direction_scoped and RTL_SCOPE.search(d.selector)
    }
    unmirrored = []
    for declaration in found:
        offsets = _horizontal_offsets(declaration)
        if offsets is None or declaration.direction_scoped:
            continue
        mirror = mirrored.get((declaration.selector, declaration.name))
        if mirror is None or mirror != [_negated(offset) for offset in offsets]:
            unmirrored.append(declaration.where)
    assert not unmirrored, (
        "Each needs a rule for :dir(rtl) with the same selector, moving the other way:\n"
        + "\n".join(unmirrored)
    )


def test_the_reply_rule_the_sidebar_and_the_alerts_sit_on_the_start_side():
    # The places a reader of a right-to-left page would see on the wrong side first.
    expected = {
        ".comment-replies": "border-inline-start",
        ".latest": "border-inline-start",
        ".message": "border-inline-start",
        ".form-error": "border-inline-start",
        ".queue-item": "border-inline-start",
        ".skip-link": "inset-inline-start",
    }
    by_selector = {}
    for declaration in all_declarations():
        by_selector.setdefault(declaration.selector, set()).add(declaration.name)
    missing = {
        selector: name
        for selector, name in expected.items()
        if name not in by_selector.get(selector, set())
    }
    assert not missing, missing


# --- the fonts ---------------------------------------------------------------------------------


def font_faces():
    """Each @font-face block: (its stylesheet's static path, {descriptor: Declaration})."""
    faces = []
    for path in stylesheets():
        static_path = path.relative_to(ROOT / "static").as_posix()
        text = path.read_text(encoding="utf-8")
        for node in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
            if node.type == "at-rule" and node.lower_at_keyword == "font-face":
                contents = tinycss2.parse_blocks_contents(
                    node.content, skip_comments=True, skip_whitespace=True
                )
                descriptors = {
                    item.lower_name: Declaration(
                        static_path,
                        item.source_line,
                        ("@font-face",),
                        item.lower_name,
                        _meaningful(item.value),
                        item.value,
                    )
                    for item in contents
                    if item.type == "declaration"
                }
                faces.append((static_path, descriptors))
    return faces


def _urls(value):
    found = []
    for token in value:
        if token.type == "url":
            found.append(token.value)
        elif token.type == "function" and token.lower_name == "url":
            found.extend(arg.value for arg in token.arguments if arg.type == "string")
    return found


def _code_points(unicode_range):
    """The set of code points a unicode-range value covers."""
    covered = set()
    for token in unicode_range:
        if token.type != "unicode-range":
            continue
        covered.update(range(token.start, token.end + 1))
    return covered


def _family(declaration):
    first = declaration.value[0]
    return first.value if first.type in ("string", "ident") else None


def test_there_are_arabic_script_fonts():
    families = {_family(face["font-family"]) for _, face in font_faces() if "font-family" in face}
    assert {"Noto Naskh Arabic", "Noto Sans Arabic"} <= families, families


def test_each_font_file_is_served_by_the_site_and_is_a_woff2():
    faces = font_faces()
    assert faces, "no @font-face rule in the stylesheets"
    for stylesheet, face in faces:
        urls = _urls(face["src"].value)
        assert urls, f"{stylesheet}: an @font-face without a url(): {face['src'].text}"
        for url in urls:
            assert not re.match(r"^(?:[a-z]+:)?//", url), f"{url} is not on the site itself"
            static_path = posixpath.normpath(posixpath.join(posixpath.dirname(stylesheet), url))
            found = finders.find(static_path)
            assert found, f"{stylesheet} asks for {url}, which no staticfiles finder has"
            assert Path(found).read_bytes()[:4] == b"wOF2", f"{found} is not a woff2 font"


def test_only_the_fonts_the_stylesheets_ask_for_are_collected():
    # The npm packages hold every subset and weight in two formats; the site serves the
    # Arabic subset, regular and bold, in woff2 alone.
    asked_for = {
        posixpath.normpath(posixpath.join(posixpath.dirname(stylesheet), url))
        for stylesheet, face in font_faces()
        for url in _urls(face["src"].value)
    }
    ignore = apps.get_app_config("staticfiles").ignore_patterns
    # As collectstatic names them: a STATICFILES_DIRS entry's prefix, then the path.
    collected = {
        posixpath.join(getattr(storage, "prefix", None) or "", path.replace("\\", "/"))
        for finder in finders.get_finders()
        for path, storage in finder.list(ignore)
    }
    collected = {path for path in collected if path.startswith("fonts/")}
    assert asked_for, "no font is asked for"
    assert collected == asked_for


@pytest.mark.parametrize("descriptor", ["unicode-range", "font-display", "font-weight"])
def test_each_font_face_says(descriptor):
    assert font_faces(), "no @font-face rule in the stylesheets"
    for stylesheet, face in font_faces():
        assert descriptor in face, f"{stylesheet}: an @font-face without {descriptor}"


def test_the_fonts_cover_sorani_and_arabic_and_no_latin_text():
    faces = font_faces()
    assert faces, "no @font-face rule in the stylesheets"
    for stylesheet, face in faces:
        covered = _code_points(face["unicode-range"].value)
        where = f"{stylesheet}:{face['unicode-range'].line}"
        missing = [letter for letter in SORANI_AND_ARABIC_LETTERS if ord(letter) not in covered]
        assert not missing, f"{where}: the unicode-range leaves out {''.join(missing)}"
        # Basic Latin, Latin-1 and Latin Extended: a page in English, Kurmanji or Turkish
        # never makes the browser fetch the font.
        latin = sorted(point for point in covered if point <= 0x024F)
        assert not latin, f"{where}: the unicode-range takes in Latin (U+{latin[0]:04X})"
        assert face["font-display"].text == "swap", f"{where}: text waits for the font"
        assert face["font-weight"].text in ("400", "700", "normal", "bold")


def test_sorani_and_arabic_text_is_set_in_those_fonts_first():
    families = {_family(face["font-family"]) for _, face in font_faces() if "font-family" in face}
    assert families
    # The rules for the Arabic-script editions: the stacks they set start with our fonts.
    first_choices = set()
    for declaration in all_declarations():
        selector = declaration.selector
        arabic_script = all(
            scope in selector for scope in (":lang(ckb)", ":lang(ar)", '[dir="rtl"]')
        )
        if arabic_script and declaration.value and declaration.value[0].type == "string":
            first_choices.add(declaration.value[0].value)
    assert families <= first_choices, (families, first_choices)
