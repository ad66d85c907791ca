"""Finding and loading the dataset, and every kind of broken dataset the loader must name."""

from __future__ import annotations

from pathlib import Path

import pytest

from backmuscles.core.errors import DataError
from backmuscles.core.ranking import unreached_regions
from backmuscles.dataset import location
from backmuscles.dataset.loader import load
from backmuscles.dataset.location import DataLocation, locate
from tests.conftest import TINY


def problems(path: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        load(path)
    return [str(p) for p in info.value.problems]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- the shipped dataset ----------------------------------------------------------------------


def test_real_dataset_loads_and_every_region_is_reached(real) -> None:
    assert len(real.muscles) >= 7
    assert unreached_regions(real) == ()


def test_required_regions_exist(real) -> None:
    required = {
        "lower-back",
        "belt-line",
        "sacrum",
        "tailbone",
        "buttock",
        "outer-hip",
        "side-of-thigh",
        "back-of-thigh",
        "groin",
        "front-of-thigh",
        "lower-abdomen",
        "mid-back",
    }
    assert required <= set(real.region_by_id)


def test_founding_article_muscles_are_present(real) -> None:
    for mid in (
        "quadratus-lumborum",
        "gluteus-medius",
        "gluteus-minimus",
        "psoas",
        "iliacus",
        "multifidus",
        "iliocostalis-lumborum",
    ):
        muscle = real.muscle_by_id[mid]
        assert muscle.sources, mid
        assert muscle.zones_of("essential"), mid


# --- the resolver -----------------------------------------------------------------------------


def test_option_beats_environment(tmp_path: Path) -> None:
    found = locate(str(TINY), {"BACKMUSCLES_DATA": str(tmp_path)})
    assert found == DataLocation(TINY, "option")


def test_environment_beats_package(tmp_path: Path) -> None:
    found = locate(None, {"BACKMUSCLES_DATA": str(tmp_path)})
    assert found == DataLocation(tmp_path, "environment")


def test_empty_environment_variable_is_ignored() -> None:
    assert locate(None, {"BACKMUSCLES_DATA": ""}).source in ("package", "repository")


def test_explicit_path_that_is_not_a_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="BACKMUSCLES_DATA is not a folder"):
        locate(None, {"BACKMUSCLES_DATA": str(tmp_path / "missing")})


def test_source_checkout_falls_back_to_repository_data() -> None:
    # Tests run against the source tree, where backmuscles/data does not exist.
    found = locate(None, {})
    assert found.source in ("package", "repository")
    assert (found.path / "regions.yaml").is_file()


def test_nothing_found_names_every_place_searched(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(location, "package_data_dir", lambda: tmp_path / "pkg")
    monkeypatch.setattr(location, "repository_data_dir", lambda: tmp_path / "repo")
    with pytest.raises(DataError) as info:
        locate(None, {})
    message = str(info.value)
    assert "BACKMUSCLES_DATA" in message
    assert str(tmp_path / "pkg") in message and str(tmp_path / "repo") in message


# --- broken datasets: each problem names its file and field -------------------------------


def test_tiny_fixture_is_clean(tiny) -> None:
    assert [m.id for m in tiny.muscles] == ["alpha", "beta", "gamma"]


def test_unknown_region_in_a_zone(tiny_copy: Path) -> None:
    edit(tiny_copy / "muscles/alpha.yaml", "    lower-back: 3", "    lowr-back: 3")
    assert problems(tiny_copy) == [
        "muscles/alpha.yaml:12: pain_pattern.essential.lowr-back: unknown region 'lowr-back'"
    ]


def test_unknown_key_is_not_silently_ignored(tiny_copy: Path) -> None:
    edit(tiny_copy / "muscles/alpha.yaml", "aggravating:", "agravating: [x]\naggravating:")
    found = problems(tiny_copy)
    assert any(p.startswith("muscles/alpha.yaml:16: agravating: unknown key") for p in found)


def test_missing_required_field(tiny_copy: Path) -> None:
    edit(tiny_copy / "muscles/beta.yaml", "sources: [Fixture source B.]\n", "")
    # a missing key is reported once, at the mapping that lacks it
    assert problems(tiny_copy) == ["muscles/beta.yaml:1: sources: missing"]


def test_wrong_types(tiny_copy: Path) -> None:
    edit(tiny_copy / "muscles/beta.yaml", "name: Beta muscle", "name: 42")
    edit(tiny_copy / "muscles/beta.yaml", "function: [Moves the leg", "function: x\n#")
    found = problems(tiny_copy)
    assert found == [
        "muscles/beta.yaml:2: name: expected text, got int",
        "muscles/beta.yaml:8: function: expected a list of text, got text",
    ]


def test_frequency_out_of_range(tiny_copy: Path) -> None:
    edit(tiny_copy / "muscles/alpha.yaml", "lower-back: 3", "lower-back: 7")
    assert problems(tiny_copy) == [
        "muscles/alpha.yaml:12: pain_pattern.essential.lower-back: frequency must be 1, 2 or 3,"
        " got 7"
    ]


def test_region_in_both_zones(tiny_copy: Path) -> None:
    edit(tiny_copy / "muscles/alpha.yaml", "tailbone: 2", "lower-back: 2")
    assert problems(tiny_copy) == [
        "muscles/alpha.yaml:14: pain_pattern.spillover.lower-back: region is in the essential"
        " zone too"
    ]


def test_frequency_basis_is_read_and_survives_the_cache(tiny) -> None:
    from backmuscles.core.model import Dataset

    assert tiny.muscle("alpha").frequency_basis == "Fixture estimate."
    cached = Dataset.from_plain(tiny.plain())
    assert [m.frequency_basis for m in cached.muscles] == [m.frequency_basis for m in tiny.muscles]


def test_frequency_basis_may_be_folded_over_lines(tiny_copy: Path) -> None:
    edit(
        tiny_copy / "muscles/alpha.yaml",
        "  frequency_basis: Fixture estimate.",
        "  frequency_basis: >-\n    estimate, from the\n    cited chart",
    )
    assert load(tiny_copy).muscle("alpha").frequency_basis == "estimate, from the cited chart"


def test_frequency_basis_is_required(tiny_copy: Path) -> None:
    edit(tiny_copy / "muscles/alpha.yaml", "  frequency_basis: Fixture estimate.\n", "")
    assert problems(tiny_copy) == [
        "muscles/alpha.yaml:9: pain_pattern.frequency_basis: missing: say in one line what the"
        " frequencies rest on (for example 'estimate, from the order of muscles in the cited"
        " charts')"
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('""', "is empty"),
        ("[estimate]", "expected text, got a list"),
        (
            "|\n    estimate\n    from a chart",
            "contains a line break (U+000A); this field is one line",
        ),
    ],
)
def test_frequency_basis_is_one_line_of_text(tiny_copy: Path, value: str, message: str) -> None:
    edit(
        tiny_copy / "muscles/alpha.yaml",
        "  frequency_basis: Fixture estimate.",
        f"  frequency_basis: {value}",
    )
    assert problems(tiny_copy) == [
        f"muscles/alpha.yaml:15: pain_pattern.frequency_basis: {message}"
    ]


def test_duplicate_alias_across_muscles(tiny_copy: Path) -> None:
    edit(tiny_copy / "muscles/beta.yaml", "aliases: [BM]", "aliases: [BM, First Muscle]")
    assert problems(tiny_copy) == [
        "muscles/beta.yaml:3: aliases: 'first-muscle' also names muscle 'alpha'"
    ]


def test_duplicate_muscle_id(tiny_copy: Path) -> None:
    (tiny_copy / "muscles/alpha.yml").write_text(
        (tiny_copy / "muscles/alpha.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    found = problems(tiny_copy)
    assert any("duplicate muscle id 'alpha'" in p for p in found)


def test_id_must_match_file_name(tiny_copy: Path) -> None:
    edit(tiny_copy / "muscles/gamma.yaml", "id: gamma", "id: delta")
    assert problems(tiny_copy) == [
        "muscles/gamma.yaml:1: id: 'delta' does not match the file name 'gamma'"
    ]


def test_empty_essential_zone(tiny_copy: Path) -> None:
    edit(tiny_copy / "muscles/gamma.yaml", "  essential:\n    outer-hip: 2", "  essential: {}")
    assert problems(tiny_copy) == [
        "muscles/gamma.yaml:11: pain_pattern.essential: is empty; a muscle needs at least one"
        " essential zone"
    ]


def test_yaml_syntax_error_gives_the_line(tiny_copy: Path) -> None:
    edit(tiny_copy / "muscles/beta.yaml", "group: test-pair", "group: [test pair")
    (found,) = problems(tiny_copy)
    assert found.startswith("muscles/beta.yaml:")
    assert "YAML error" in found
    line = int(found.split(":")[1])
    assert 4 <= line <= 8


def test_duplicate_yaml_key_is_an_error_with_line(tiny_copy: Path) -> None:
    edit(tiny_copy / "muscles/alpha.yaml", "group: test-pair", "group: test pair\ngroup: again")
    assert problems(tiny_copy) == ["muscles/alpha.yaml:5: YAML error: duplicate key 'group'"]


def test_python_tags_are_refused_not_run(tiny_copy: Path) -> None:
    edit(
        tiny_copy / "muscles/alpha.yaml",
        "group: test-pair",
        "group: !!python/object/apply:os.system ['echo hacked']",
    )
    (found,) = problems(tiny_copy)
    assert found.startswith("muscles/alpha.yaml:") and "YAML error" in found


def test_not_utf8(tiny_copy: Path) -> None:
    (tiny_copy / "muscles/gamma.yaml").write_bytes(b"id: gamma\nname: \xff\xfe\n")
    assert problems(tiny_copy) == ["muscles/gamma.yaml: not UTF-8 text"]


def test_control_characters_in_text(tiny_copy: Path) -> None:
    edit(tiny_copy / "muscles/gamma.yaml", "name: Gamma muscle", 'name: "Gamma \\e[31mred"')
    assert problems(tiny_copy) == [
        "muscles/gamma.yaml:2: name: contains a control character (U+001B)"
    ]


def test_missing_regions_file_and_muscles(tmp_path: Path) -> None:
    found = problems(tmp_path)
    assert found == [  # the cause a reader should see first comes first
        "regions.yaml: cannot read: No such file or directory",
        "muscles: no muscle files (*.yaml) found",
    ]


def test_region_problems(tiny_copy: Path) -> None:
    edit(tiny_copy / "regions.yaml", "parent: back", "parent: nowhere")
    edit(tiny_copy / "regions.yaml", "synonyms: [coccyx]", "synonyms: [coccyx, Low Back]")
    found = problems(tiny_copy)
    assert "regions.yaml:9: regions[lower-back].parent: unknown region 'nowhere'" in found
    assert (
        "regions.yaml:19: regions[tailbone].synonyms: 'low-back' also names region 'lower-back'"
    ) in found


def test_region_parent_loop(tiny_copy: Path) -> None:
    edit(tiny_copy / "regions.yaml", "label: back\n", "label: back\n    parent: lower-back\n")
    found = problems(tiny_copy)
    assert "regions.yaml:5: regions[back].parent: parents form a loop" in found


def test_error_message_counts_further_problems(tiny_copy: Path) -> None:
    edit(tiny_copy / "muscles/alpha.yaml", "lower-back: 3", "nowhere: 3")
    edit(tiny_copy / "muscles/beta.yaml", "buttock: 3", "elsewhere: 3")
    with pytest.raises(DataError, match=r"\(and 1 more problem\)$"):
        load(tiny_copy)


def test_a_broken_regions_file_is_reported_before_its_consequences(tiny_copy: Path) -> None:
    (tiny_copy / "regions.yaml").write_text("regions:\n  - id: x\n   label: [\n")
    found = problems(tiny_copy)
    assert found[0].startswith("regions.yaml:3: YAML error")
    assert any("unknown region" in p for p in found[1:])


def test_empty_file(tiny_copy: Path) -> None:
    (tiny_copy / "muscles/gamma.yaml").write_text("# nothing yet\n")
    assert problems(tiny_copy) == ["muscles/gamma.yaml: the file is empty (or only comments)"]


def test_nul_byte_is_a_yaml_error_with_its_line(tiny_copy: Path) -> None:
    (tiny_copy / "muscles/gamma.yaml").write_bytes(b"id: gamma\nname: a\x00b\n")
    assert problems(tiny_copy) == [
        "muscles/gamma.yaml:2: YAML error: character U+0000 is not allowed in YAML"
    ]
