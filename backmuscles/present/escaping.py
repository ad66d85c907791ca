"""Escaping for the files and rows the tool writes: Markdown, XML (SVG) and tab-separated
fields. The loader rejects control, bidi and invisible-only text, but a writer escapes
whatever it is given anyway (data can come from a user's own folder, or from code that
never went through the loader).

Each function is total: any ``str`` in, safe text out, never an exception."""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"

# Characters no writer lets through as they are: C0 controls (each writer decides about
# tab and line breaks first), DEL, C1 controls, bidi marks, embeddings, overrides and
# isolates, lone surrogates and the two non-characters XML forbids.
UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff\ufffe\uffff]"
)

# --- Markdown -------------------------------------------------------------------------------

# Every ASCII character with a meaning somewhere in CommonMark or GitHub's Markdown: emphasis,
# code, links and images, tables, strikethrough, headings and maths take a backslash; the
# characters of raw HTML, autolinks, block quotes and entities are written as entities, which
# every Markdown reads as text (not every one honours a backslash before ``<``).
MARKDOWN_SPECIAL = "\\`*_[]|#~$!"
_MARKDOWN_ENTITY = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MARKDOWN_SPECIAL = re.compile("[" + re.escape(MARKDOWN_SPECIAL + "&<>") + "]")
# What starts a block only at the start of a line (a list item, a setext underline, a
# thematic break): escaped at the start of the text, which may be put at a line's start.
_MARKDOWN_START = re.compile(r"^(\d{1,9})([.)])|^([-+=])")
_SPACE = re.compile(r"\s+")


def markdown_inline(text: str) -> str:
    """``text`` as one line of literal Markdown: every run of white space (line breaks and
    tabs included) becomes one space, so the text can neither end the line it is on nor
    start a block; unsafe characters become U+FFFD; ``&``, ``<`` and ``>`` become entities
    and every other markup character is backslash-escaped, and so is a list or underline
    marker at the start. Safe anywhere inline: in a paragraph, a heading, a list item,
    emphasis or a table cell."""
    text = _SPACE.sub(" ", UNSAFE.sub(REPLACEMENT, text)).strip()
    text = _MARKDOWN_SPECIAL.sub(lambda m: _MARKDOWN_ENTITY.get(m[0]) or "\\" + m[0], text)
    return _MARKDOWN_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)


# --- XML ------------------------------------------------------------------------------------

# Not allowed in an XML 1.0 document at all, not even as a character reference.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_clean(text: str) -> str:
    return UNSAFE.sub(REPLACEMENT, _NOT_XML.sub(REPLACEMENT, text))


def xml_text(text: str) -> str:
    """``text`` as XML character data: ``&``, ``<`` and ``>`` as entities, a carriage
    return as a reference (a parser would turn a literal one into a line feed), unsafe
    characters as U+FFFD. Parsed back, it is the same text."""
    text = _xml_clean(text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "&#13;")


def xml_attr(text: str) -> str:
    """``text`` as a double-quoted XML attribute value, quotes included. White space other
    than the space is written as references, since a parser would turn it into spaces."""
    text = xml_text(text).replace('"', "&quot;")
    return '"' + text.replace("\t", "&#9;").replace("\n", "&#10;") + '"'


# --- tab-separated rows ---------------------------------------------------------------------

_TSV = re.compile("[\\\\\t\n\r]|" + UNSAFE.pattern + "|[\u2028\u2029\x85]")
_TSV_NAMED = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _tsv_escape(match: re.Match[str]) -> str:
    char = match[0]
    named = _TSV_NAMED.get(char)
    if named is not None:
        return named
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def tsv_field(text: str) -> str:
    """One field of a tab-separated row: never a tab or a line break inside it. A backslash,
    tab, line feed and carriage return are written ``\\\\``, ``\\t``, ``\\n`` and ``\\r``;
    other control characters, bidi controls and Unicode line separators as ``\\xNN`` or
    ``\\uNNNN``. Text without any of these is unchanged."""
    return _TSV.sub(_tsv_escape, text)


def tsv_row(fields: tuple[str, ...] | list[str]) -> str:
    """One line of a tab-separated listing, with its line feed."""
    return "\t".join(tsv_field(f) for f in fields) + "\n"
