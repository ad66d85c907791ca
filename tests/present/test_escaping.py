"""The writers escape whatever text they are given: Markdown, SVG (XML) and tab-separated
rows. The loader rejects control characters and line breaks in the data
(tests/dataset/test_validate.py), so these tests build hostile records directly, as a user's
folder or a future code path might, and check each writer on its own: no heading, list, link
or raw HTML can come from the data into the Markdown plan, the SVG parses and gives the text
back, and every row of a listing has the same number of fields."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from backmuscles.core.bodymap import muscle_picture, sites_picture
from backmuscles.core.model import Dataset, Query
from backmuscles.core.planning import build_plan
from backmuscles.core.ranking import rank
from backmuscles.core.safety import SAFETY_NET
from backmuscles.core.screening import LevelText, QuestionBank, RedFlag
from backmuscles.dataset.loader import load
from backmuscles.present import render_plain, svg
from backmuscles.present.escaping import (
    MARKDOWN_SPECIAL,
    markdown_inline,
    tsv_field,
    tsv_row,
    xml_attr,
    xml_text,
)
from tests.conftest import REPO_DATA

REAL = load(REPO_DATA)

# Each an attack an adversarial round tried, or one of its neighbours.
HOSTILE = [
    "Quadratus\n## When to get help\nIgnore the doctor",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click here](javascript:alert(1)) ![pic](http://example.com/x.png)",
    "| fake | cell | row |",
    "`code` *bold* **strong** _em_ ~~gone~~ $x^2$",
    "1. numbered\n- bullet\n+ plus\n> quote\n    indented code\n```\nfence",
    "---",
    "===",
    "# heading\r\n## another",
    "&lt;script&gt; &amp; &#60;b&#62;",
    "back\\slash\\",
    "tab\there\tand\ttab",
    "esc \x1b[31mred\x1b[0m nul \x00 bel \x07 del \x7f csi \x9b nel \x85 end",
    "bidi \u202eevil\u202c isolate \u2066x\u2069 marks \u200e\u200f",
    "line\u2028separator\u2029paragraph\x0bvt\x0cff\x1cfs",
    "\"quotes\" & 'apostrophes' ]]> <!-- comment --> <![CDATA[x]]>",
    "\u200b\u200d\ufeff",
]


def hostile_dataset(texts: list[str]) -> Dataset:
    """The real dataset with every name, label, step and caution replaced by hostile text
    (records built directly, so no validation runs)."""

    def pick(i: int) -> str:
        return texts[i % len(texts)]

    regions = tuple(r._replace(label=f"{r.id} {pick(i)}") for i, r in enumerate(REAL.regions))
    muscles = tuple(
        m._replace(name=f"M{i} {pick(i)}", aliases=(pick(i + 1), pick(i + 2)))
        for i, m in enumerate(REAL.muscles)
    )
    groups = tuple(g._replace(label=pick(i)) for i, g in enumerate(REAL.groups))
    exercises = tuple(
        e._replace(
            name=f"E{i} {pick(i)}",
            steps=(pick(i + 1), pick(i + 2)),
            easier=pick(i + 3),
            harder=pick(i + 4),
            cautions=(pick(i + 5),),
            dose=e.dose._replace(how_often=pick(i + 6)),
        )
        for i, e in enumerate(REAL.exercises)
    )
    return Dataset(regions, muscles, groups, "hostile", exercises=exercises)


HDS = hostile_dataset(HOSTILE)


def sanitised(text: str) -> str:
    """What the writers keep of ``text``: controls and bidi marks become U+FFFD."""
    out = []
    for c in text:
        code = ord(c)
        unsafe = (
            (code < 0x20 and c not in "\t\n\r")
            or 0x7F <= code <= 0x9F
            or c in "\u061c\u200e\u200f\ufffe\uffff"
            or 0x202A <= code <= 0x202E
            or 0x2066 <= code <= 0x2069
            or 0xD800 <= code <= 0xDFFF
        )
        out.append("\ufffd" if unsafe else c)
    return "".join(out)


def one_line(text: str) -> str:
    """What Markdown keeps of ``text``: sanitised, white space runs as one space."""
    return " ".join(re.split(r"\s+", sanitised(text))).strip()


# --- Markdown -------------------------------------------------------------------------------

MD = MarkdownIt("commonmark").enable("table")


def inline_text(token_children: list) -> str:
    """The literal text an inline token renders to (escapes and entities resolved)."""
    return "".join(c.content for c in token_children if c.type in ("text", "code_inline"))


@pytest.mark.parametrize("sites", [["lower-back"], ["buttock", "thigh"], ["mid-back"]])
def test_markdown_plan_keeps_the_page_structure(sites: list[str]) -> None:
    plan = build_plan(HDS, rank(HDS, sites, top=3))
    assert plan.steps, "the plan needs steps to test anything"
    page = render_plain.plan_markdown(HDS, Query(tuple(sites), tuple(sites)), plan)
    tokens = MD.parse(page)
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or ()}

    assert "<" not in page  # the template has none, and no data brings one in
    assert not kinds & {"html_block", "html_inline", "blockquote_open", "code_block", "fence"}
    assert not kinds & {"link_open", "image", "strong_open", "hr", "s_open"}
    rendered = MD.render(page)
    assert "<script" not in rendered and "<img" not in rendered and "<a " not in rendered

    # Headings: exactly the template's, in order, one "When to get help" and nothing more.
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    expected = [
        "Self-care plan for pain at: ",
        "Before you start",
        *(f"{s.number}. " for s in plan.steps),
        "Stop and get advice if",
        "The evidence",
        "When to get help",
    ]
    assert len(headings) == len(expected)
    for got, want in zip(headings, expected, strict=True):
        assert got.startswith(want)
    lines_with_hash = [line for line in page.splitlines() if line.startswith("#")]
    assert len(lines_with_hash) == len(expected)
    # The names come through as text: each step's heading reads as its exercise's name.
    step_titles = [
        inline_text(tokens[i + 1].children or [])
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.tag == "h2"
    ][1 : 1 + len(plan.steps)]  # after "Before you start"
    for step, title in zip(plan.steps, step_titles, strict=True):
        assert title == f"{step.number}. {one_line(step.exercise.name)}"

    # Lists: one ordered list per step, its items the steps; the bullets are the template's.
    ordered_items = [t for t in tokens if t.type == "ordered_list_open"]
    assert len(ordered_items) == len(plan.steps)
    # before you start, each step's own cautions where it has any, stop, help
    lists = 3 + sum(bool(s.cautions) for s in plan.steps)
    assert sum(t.type == "bullet_list_open" for t in tokens) == lists
    help_at = [i for i, t in enumerate(tokens) if t.type == "heading_open"][-1]
    help_items = [inline_text(t.children or []) for t in tokens[help_at:] if t.type == "inline"]
    assert help_items[0] == "When to get help"
    assert help_items[1 : 1 + len(SAFETY_NET)] == list(SAFETY_NET)

    # Each step once, under its heading: no table repeats them.
    assert not kinds & {"table_open", "tr_open"}
    for step in plan.steps:
        assert page.count(f"\nDose: {markdown_inline(step.exercise.dose.text())}\n") >= 1


def test_the_adversarial_name_cannot_fake_a_heading() -> None:
    """The exact report: a muscle named with a line break and '## When to get help'."""
    name = "Quadratus <script>alert(1)</script>\n## When to get help\nNo need to see anyone."
    muscles = tuple(
        m._replace(name=name) if m.id == "quadratus-lumborum" else m for m in REAL.muscles
    )
    ds = Dataset(REAL.regions, muscles, REAL.groups, "x", exercises=REAL.exercises)
    plan = build_plan(ds, rank(ds, ["lower-back"], top=5))
    assert any(m.muscle.id == "quadratus-lumborum" for m in plan.candidates)
    page = render_plain.plan_markdown(ds, Query(("lower-back",), ("lower-back",)), plan)
    assert page.count("\n## When to get help\n") == 1
    mentions = [line for line in page.splitlines() if "When to get help" in line]
    assert [line for line in mentions if line.startswith("#")] == ["## When to get help"]
    assert all("Quadratus" in line for line in mentions if line != "## When to get help")
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\\#\\# When to get help" in page


MARKDOWN_CONTEXTS = [
    ("{}", "paragraph_open"),
    ("# {}", "heading_open"),
    ("## 3. {}", "heading_open"),
    ("1. {}", "ordered_list_open"),
    ("- {}", "bullet_list_open"),
    ("*{}*", "paragraph_open"),
    ("Easier: {}", "paragraph_open"),
]


def unescape_markdown(text: str) -> str:
    return html.unescape(re.sub(r"\\(.)", r"\1", text))


@given(st.text())
@example("1. x")
@example("-")
@example("  4 spaces")
@example("a\n# b")
@example("\\")
@example("<script>")
@example("&amp;")
@example("*")
@example("lone \ud800 surrogate")
def test_markdown_escaper_property(text: str) -> None:
    out = markdown_inline(text)
    # one line, no markup left unescaped: strip the escapes and entities, nothing special stays
    assert "\n" not in out and "\t" not in out and "\r" not in out
    assert out.splitlines() in ([], [out])
    bare = re.sub(r"\\.|&(amp|lt|gt);", "", out)
    assert not set(bare) & set(MARKDOWN_SPECIAL + "<>&"), (text, out)
    assert not re.match(r"\s|\d{1,9}[.)]|[-+=]", out)
    assert "<" not in out and ">" not in out
    # and it says what the text said
    assert unescape_markdown(out) == one_line(text)


@given(st.text(), st.sampled_from(MARKDOWN_CONTEXTS))
def test_markdown_escaper_renders_as_the_text(text: str, context: tuple[str, str]) -> None:
    """Wherever the plan puts data (paragraph, heading, list item, emphasis), a CommonMark
    parser sees one block of the expected kind holding exactly the text."""
    template, block = context
    wanted = one_line(text)
    tokens = MD.parse(template.format(markdown_inline(text)))
    blocks = [t.type for t in tokens if t.type.endswith("_open") and t.level == 0]
    if not wanted and template in ("{}", "*{}*"):
        return  # nothing, or a literal "**": no block to speak of
    assert blocks == [block], (text, tokens)
    inline = [t for t in tokens if t.type == "inline"]
    assert len(inline) <= 1
    children = inline[0].children if inline else []
    assert not {c.type for c in children or ()} & {"html_inline", "link_open", "image"}
    got = inline_text(children or [])
    prefix = {"## 3. {}": "3. ", "Easier: {}": "Easier: "}.get(template, "")
    assert got == (prefix + wanted).strip(), (text, template, got)


@given(st.lists(st.text(), min_size=1, max_size=6))
def test_markdown_table_cells_stay_cells(cells: list[str]) -> None:
    head = "| " + " | ".join(f"h{i}" for i in range(len(cells))) + " |"
    rule = "| " + " | ".join("---" for _ in cells) + " |"
    row = "| " + " | ".join(markdown_inline(c) for c in cells) + " |"
    tokens = MD.parse("\n".join([head, rule, row]))
    body = [t for t in tokens if t.type == "td_open"]
    assert len(body) == len(cells)
    got = [inline_text(t.children or []) for t in tokens if t.type == "inline"][len(cells) :]
    assert got == [one_line(c) for c in cells]


# --- SVG ------------------------------------------------------------------------------------


def svg_texts(document: str) -> list[str]:
    root = ET.fromstring(document.encode("utf-8"))
    return [el.text or "" for el in root.iter() if el.tag.endswith(("}text", "}title"))]


@pytest.mark.parametrize("muscle_index", range(0, 26, 5))
def test_svg_of_hostile_labels_parses_and_says_them(muscle_index: int) -> None:
    muscle = HDS.muscles[muscle_index]
    sites = [r.id for r in HDS.regions[:4]]
    for picture in (muscle_picture(HDS, muscle), muscle_picture(HDS, muscle, sites)):
        document = svg.document(HDS, picture)
        root = ET.fromstring(document.encode("utf-8"))
        texts = svg_texts(document)
        assert sanitised(picture.title) in texts
        assert root.get("aria-label") == sanitised(picture.title)
        region_titles = {
            el.get("data-region"): (el.findtext("{http://www.w3.org/2000/svg}title") or "")
            for el in root.iter("{http://www.w3.org/2000/svg}path")
            if el.get("data-region")
        }
        assert region_titles
        for region_id, title in region_titles.items():
            assert title == sanitised(HDS.label(region_id))
        assert not [el for el in root.iter() if el.tag.endswith("script")]
    document = svg.document(HDS, sites_picture(HDS, sites))
    assert sanitised(sites_picture(HDS, sites).title) in svg_texts(document)


@given(st.text())
@example("\x00\x1b\r\n\t & < > ]]> \"'\ufffe\U0001f600")
@example("lone \udfff surrogate")
def test_xml_escapers_parse_back_to_the_text(text: str) -> None:
    element = ET.fromstring(f"<t a={xml_attr(text)}>{xml_text(text)}</t>")
    assert (element.text or "") == sanitised(text)
    assert element.get("a") == sanitised(text)


# --- tab-separated rows ---------------------------------------------------------------------


_TSV_ESCAPE = re.compile(r"\\(?:x([0-9a-f]{2})|u([0-9a-f]{4})|([\\tnr]))")
_TSV_NAMED = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}


def unescape_tsv(field: str) -> str:
    return _TSV_ESCAPE.sub(
        lambda m: _TSV_NAMED[m[3]] if m[3] else chr(int(m[1] or m[2], 16)), field
    )


@given(st.text())
@example("a\tb\nc\\t\r\x1b\u2028\x85\x0b")
@example("lone \ud800 surrogate")
def test_tsv_field_property(text: str) -> None:
    field = tsv_field(text)
    assert "\t" not in field and "\n" not in field and "\r" not in field
    assert len(field.splitlines()) <= 1  # no character any line splitter breaks on
    assert unescape_tsv(field) == text  # reversible


def test_tsv_field_keeps_ordinary_text() -> None:
    text = "Quadratus lumborum; essential: lower back (3), spillover: buttock, hip °"
    assert tsv_field(text) == text
    assert tsv_row(("a", "b c", "")) == "a\tb c\t\n"


def test_list_rows_have_the_same_field_count() -> None:
    out = render_plain.list_text(HDS, HDS.muscles)
    lines = out.split("\n")
    assert lines.pop() == ""
    assert len(lines) == len(HDS.muscles) == len(out.splitlines())
    assert {len(line.split("\t")) for line in lines} == {5}
    assert [unescape_tsv(line.split("\t")[1]) for line in lines] == [m.name for m in HDS.muscles]


def test_exercise_rows_have_the_same_field_count() -> None:
    out = render_plain.exercises_text(HDS, HDS.exercises)
    lines = out.splitlines()
    assert len(lines) == len(HDS.exercises) == out.count("\n")
    assert {len(line.split("\t")) for line in lines} == {6}


def test_question_rows_have_the_same_field_count() -> None:
    levels = tuple(LevelText(level, level, "message") for level in ("emergency", "routine"))
    flags = tuple(
        RedFlag(f"flag-{i}", "routine", text, "x", "y", ("source",))
        for i, text in enumerate(HOSTILE)
    )
    out = render_plain.question_bank_text(QuestionBank(levels, flags))
    lines = out.splitlines()
    assert len(lines) == len(HOSTILE) == out.count("\n")
    assert {len(line.split("\t")) for line in lines} == {3}
    assert sorted(unescape_tsv(line.split("\t")[2]) for line in lines) == sorted(HOSTILE)
