"""Every word a person reads in a template is marked for translation: text between tags, the attributes a screen or a
screen reader shows (alt, title, placeholder, aria-label, a button's value, the page's description) and the words a
template hands to another as a literal (`with label="…"`, `|default:"…"`), everywhere under templates/.

Django's own template lexer splits each file into text, variables, tags and comments; the text is put back together
with a stand-in for every variable and tag (so a tag inside an attribute stays inside it) and read by Python's HTML
parser. What `{% blocktranslate %}` encloses, comments, scripts and styles are not read; neither is what has no letter
in it (numbers, signs, a lone "×"), nor code (`<code>`, `<kbd>`, `<samp>`: names and values typed as they stand)."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.template.base import Lexer, TokenType

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

# A variable or a tag in the text: no letter, so it never counts as a word, and no space, so it never splits one.
STAND_IN = "\N{OBJECT REPLACEMENT CHARACTER}"
WORD = re.compile(r"[^\W\d_]{2,}")
VISIBLE_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label", "aria-description", "aria-roledescription", "label"}
BUTTON_INPUTS = {"submit", "button", "reset"}
# Not read as words: code, and what is typed as it stands (column names, sample values, keys).
UNREAD_ELEMENTS = {"script", "style", "template", "code", "kbd", "samp"}
# Tags whose enclosed text is read by the translator or by nobody.
ENCLOSING = {"blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans", "comment": "endcomment"}
# A quoted literal in a variable or a tag that a person reads: passed as a label, a title, a message, or a fallback.
SHOWN_LITERAL = re.compile(
    r"""(?:\b(?:label|title|text|message|heading|caption|legend|hint|help|placeholder|alt)=|\|default(?:_if_none)?:)"""
    r"""(?P<quote>["'])(?P<text>[^"']*)(?P=quote)"""
)


URL = re.compile(r"\bhttps?://\S*")


def visible_words(text: str) -> bool:
    """Whether a reader sees a word here: a stand-in or a web address is not one."""
    return bool(WORD.search(URL.sub(" ", text.replace(STAND_IN, " "))))


class VisibleText(HTMLParser):
    """Collects (line, text) for what a reader sees in an HTML page: element text and the readable attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.unread_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in UNREAD_ELEMENTS:
            self.unread_depth += 1
        attributes = dict(attrs)
        for name, value in attrs:
            shown = name in VISIBLE_ATTRIBUTES
            shown |= name == "value" and tag == "input" and (attributes.get("type") or "").lower() in BUTTON_INPUTS
            shown |= name == "content" and tag == "meta" and attributes.get("name") == "description"
            if shown and value and visible_words(value):
                self.found.append((self.getpos()[0], f'{name}="{value}"'))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in UNREAD_ELEMENTS:
            self.unread_depth -= 1

    def handle_endtag(self, tag):
        if tag in UNREAD_ELEMENTS and self.unread_depth:
            self.unread_depth -= 1

    def handle_data(self, data):
        if not self.unread_depth and visible_words(data):
            self.found.append((self.getpos()[0], data.strip()))


def text_outside_translation(source: str) -> tuple[str, list[tuple[int, str]]]:
    """The template's text with a stand-in for each tag and variable (lines kept), and the shown literals in tags."""
    pieces: list[str] = []
    literals: list[tuple[int, str]] = []
    closing: str | None = None
    for token in Lexer(source).tokenize():
        keeps_lines = "\n" * token.contents.count("\n")
        if closing:
            if token.token_type == TokenType.BLOCK and token.contents.split()[0] == closing:
                closing = None
            pieces.append(STAND_IN + keeps_lines)
            continue
        if token.token_type == TokenType.TEXT:
            pieces.append(token.contents)
            continue
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0]
            closing = ENCLOSING.get(name)
            if name == "block" and token.contents.split()[1].endswith("class"):  # body_class: class names, unread
                closing = "endblock"
        if token.token_type in (TokenType.BLOCK, TokenType.VAR):
            for match in SHOWN_LITERAL.finditer(token.contents):
                if visible_words(match["text"]):
                    literals.append((token.lineno, f"{{{{ … {match.group(0)} … }}}}"))
        pieces.append(STAND_IN + keeps_lines)
    return "".join(pieces), literals


def unmarked_text(source: str, *, html: bool = True) -> list[tuple[int, str]]:
    """(line, text) of every word a reader sees outside a translation tag."""
    text, literals = text_outside_translation(source)
    if html:
        reader = VisibleText()
        reader.feed(text)
        reader.close()
        found = reader.found
    else:  # a plain-text email or message: every line is read
        found = [(n, line.strip(STAND_IN + " ")) for n, line in enumerate(text.splitlines(), 1) if visible_words(line)]
    return sorted(found + literals, key=lambda item: item[0])


TEMPLATE_FILES = sorted(p for p in TEMPLATES.rglob("*") if p.suffix in {".html", ".txt"})


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_every_word_a_reader_sees_is_marked_for_translation(path):
    found = unmarked_text(path.read_text(), html=path.suffix == ".html")
    assert not found, f"{path.relative_to(TEMPLATES)}: text outside {{% translate %}}/{{% blocktranslate %}}:\n" + (
        "\n".join(f"  line {line}: {text[:100]!r}" for line, text in found)
    )


def check(source: str, suffix: str = ".html") -> list[str]:
    return [text for _, text in unmarked_text(source, html=suffix == ".html")]


def test_the_check_finds_words_between_tags_and_in_readable_attributes():
    found = check(
        '{% load i18n %}<p>Your cart</p><img src="a.png" alt="A photo"><input type="submit" value="Send">'
        '<a href="/" title="Home {{ x }}">{% translate "Home" %}</a><button value="go">Go</button>'
    )
    assert found == [
        "Your cart",
        'alt="A photo"',
        'value="Send"',
        'title="Home \N{OBJECT REPLACEMENT CHARACTER}"',
        "Go",
    ]


def test_the_check_leaves_translated_text_markup_and_code_alone():
    source = (
        '{% load i18n %}<div class="card big" data-sku="AB1" id="x">{% translate "Hello" %}</div>'
        "{% blocktranslate trimmed with n=count %}You have {{ n }} items{% endblocktranslate %}"
        "{% comment %}Why this is here{% endcomment %}{# A note #}"
        '<script>const label = "words";</script><style>a { color: red }</style><p><code>size=M;colour=Blue</code></p>'
        '<input type="hidden" name="next" value="somewhere"><p>{{ name }} · 3 × 4 — {{ price }}</p>'
        '<a href="{% url "x" %}"{% if y %} aria-current="page"{% endif %}>{{ z }}</a>'
    )
    assert check(source) == []
    assert check('{% extends "base.html" %}{% block body_class %}shop page-home{% endblock %}') == []


def test_the_check_finds_words_handed_over_as_literals():
    found = check('{% include "x.html" with label="In stores only" status="in" %}{{ name|default:"Guest" }}')
    assert found == ['{{ … label="In stores only" … }}', '{{ … |default:"Guest" … }}']
    assert check('{% include "x.html" with label=_("In stores only") %}{{ name|default:_("Guest") }}') == []


def test_every_line_of_a_text_email_is_read():
    assert check(
        "{% load i18n %}Hello {{ name }}!\n{% translate 'Thanks' %}\nhttps://{{ domain }}/\n", suffix=".txt"
    ) == ["Hello \N{OBJECT REPLACEMENT CHARACTER}!"]
