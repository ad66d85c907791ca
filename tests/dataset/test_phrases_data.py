"""data/phrases.yaml and data/symptoms.yaml: read strictly, every reference checked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from backmuscles.dataset.loader import load, read_all, validate
from tests.conftest import REPO_DATA


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(REPO_DATA, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def errors(root: Path) -> list[str]:
    _, problems = read_all(root)
    return [str(p) for p in problems if p.severity == "error"]


def test_the_shipped_phrases_and_symptoms_are_read(real) -> None:
    assert {m.id for m in real.phrases.modifiers} >= {"upper", "back-of", "between", "side-of"}
    assert {s.id for s in real.symptoms} >= {"sciatica", "stiff-neck", "kidney-pain"}
    assert real.region_by_id["tailbone"].midline
    assert real.muscle("rectus-abdominis").crosses_midline


def test_a_rule_naming_an_unknown_region_is_an_error(data: Path) -> None:
    edit(
        data / "phrases.yaml",
        "      knee: back-of-knee\n      thigh: back-of-thigh",
        "      knee: kneee\n      thigh: back-of-thigh",
    )
    assert any("modifiers[back-of].rules.knee: unknown region 'kneee'" in e for e in errors(data))


def test_a_rule_that_contradicts_a_name_is_an_error(data: Path) -> None:
    # "back of knee" is a name of the back of the knee: a rule reading it as the lower leg
    # is ambiguous
    edit(
        data / "phrases.yaml",
        "      knee: back-of-knee\n      thigh: back-of-thigh",
        "      knee: lower-leg\n      thigh: back-of-thigh",
    )
    found = errors(data)
    assert any("'back of' with 'back of knee'" in e or "'back of' with 'knee'" in e for e in found)


def test_two_names_that_read_alike_are_an_error(data: Path) -> None:
    # plurals are read as singulars: "hamstring" on the knee clashes with the back of thigh
    edit(
        data / "regions.yaml", "synonyms: [knees, kneecap,", "synonyms: [knees, hamstring, kneecap,"
    )
    assert errors(data)


def test_a_side_word_that_is_a_name_is_an_error(data: Path) -> None:
    edit(data / "phrases.yaml", "  left: [left, l]", "  left: [left, l, hip]")
    assert any("sides.left: 'hip' is also a name of region 'hip'" in e for e in errors(data))


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        (
            "    regions: [buttock, back-of-thigh, leg]",
            "    regions: [buttock, back-of-thighs, leg]",
            "symptoms[sciatica].regions[1]: unknown region 'back-of-thighs'",
        ),
        (
            "    muscles: [gluteus-minimus, piriformis",
            "    muscles: [gluteus-minimal, piriformis",
            "symptoms[sciatica].muscles[0]: unknown muscle 'gluteus-minimal'",
        ),
        (
            "    synonyms: [wry neck,",
            "    synonyms: [lumbago, wry neck,",
            "reads as 'lumbago', which names region 'lower-back'",
        ),
    ],
)
def test_a_symptom_is_checked(data: Path, old: str, new: str, said: str) -> None:
    edit(data / "symptoms.yaml", old, new)
    assert any(said in e for e in errors(data)), errors(data)


def test_a_symptom_raising_an_unknown_question_fails_validate(data: Path) -> None:
    edit(data / "symptoms.yaml", "red_flags: [kidney-signs,", "red_flags: [kidney-sign,")
    report = validate(data)
    assert any(
        "symptoms[kidney-pain].red_flags[0]: unknown warning-sign question 'kidney-sign'" in str(p)
        for p in report.problems
    )


@pytest.mark.parametrize(
    ("file", "old", "new", "said"),
    [
        (
            "regions.yaml",
            "    midline: true\n",
            "    midline: yes please\n",
            "midline: expected true or false",
        ),
        (
            "muscles/rectus-abdominis.yaml",
            "crosses_midline: true",
            "crosses_midline: 1",
            "crosses_midline: expected true or false",
        ),
        ("phrases.yaml", "dropped: [", "droped: [", "droped: unknown key"),
    ],
)
def test_flags_and_keys_are_read_strictly(
    data: Path, file: str, old: str, new: str, said: str
) -> None:
    edit(data / file, old, new)
    assert any(said in e for e in errors(data)), errors(data)


def test_a_therapist_extends_the_reader_without_code(data: Path) -> None:
    from backmuscles.core.model import Query
    from backmuscles.core.vocab import read_query

    before = read_query(load(data), ["front of tailbone"])
    assert not isinstance(before, Query)
    edit(
        data / "phrases.yaml",
        "      pelvic-floor: pelvic-floor\n",
        "      pelvic-floor: pelvic-floor\n      tailbone: pelvic-floor\n",
    )
    after = read_query(load(data), ["front of tailbone"])
    assert isinstance(after, Query) and after.regions == ("pelvic-floor",)


def test_a_dataset_without_phrases_reads_as_before(tiny) -> None:
    from backmuscles.core.model import Query
    from backmuscles.core.vocab import read_query

    query = read_query(tiny, ["pain in my lower back"])
    assert isinstance(query, Query) and query.regions == ("lower-back",)
