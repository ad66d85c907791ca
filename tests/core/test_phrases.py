"""The phrase reader against how people write about their pain (issue 15).

Each phrasing is read by :func:`backmuscles.core.vocab.read_query` on the shipped data; its
expected reading is the sites in order, each ``region`` or ``region@side``, with
``+symptom`` for a symptom word. The phrasings were gathered from public pages (the source of
each batch is in its comment), written the way the posts and self-help pages word them, then
varied as people type them (case, hyphens, joined words, a side before or after).
"""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from backmuscles.core.model import Dataset, Query
from backmuscles.core.ranking import rank
from backmuscles.core.text import words
from backmuscles.core.vocab import Refused, lexicon, read_query
from tests.conftest import scaled

PHRASES: list[tuple[str, str]] = [
    # Healthline, "pain in lower back right side"
    # (https://www.healthline.com/health/pain-in-lower-back-right-side); Cleveland Clinic,
    # lower right back pain (https://my.clevelandclinic.org/health/diseases/22864-lower-right-back-pain);
    # HealthMatch, "why do I have lower back pain on my right side"
    # (https://healthmatch.io/lower-back-pain/what-causes-lower-back-pain-on-right-side)
    ("pain in my lower back on the right side", "lower-back@right"),
    ("lower back pain on the right side", "lower-back@right"),
    ("right lower back pain", "lower-back@right"),
    ("lower right back pain", "lower-back@right"),
    ("pain on the lower right side of my back", "lower-back@right"),
    ("lower right side of the back", "lower-back@right"),
    ("right side of my lower back", "lower-back@right"),
    ("right-sided lower back pain", "lower-back@right"),
    ("right hand side of my lower back", "lower-back@right"),
    ("lower back pain on my right side", "lower-back@right"),
    ("lower left back", "lower-back@left"),
    ("left lower back", "lower-back@left"),
    ("lower back on the left", "lower-back@left"),
    ("pain in the left side of my lower back", "lower-back@left"),
    ("lower back pain on both sides", "lower-back@both"),
    ("both sides of my lower back", "lower-back@both"),
    ("left and right lower back", "lower-back@both"),
    ("Lower Back, RIGHT side", "lower-back@right"),
    ("low back pain", "lower-back"),
    ("lowerback", "lower-back"),
    ("lower-back", "lower-back"),
    ("small of my back", "lower-back"),
    ("the small of the back", "lower-back"),
    ("lumbar spine", "lower-back"),
    ("kidney area", "lower-back"),
    ("right kidney area", "lower-back@right"),
    ("flank", "lower-back"),
    ("bottom of my back", "lower-back"),
    # Verywell Health, pain between the shoulder blades
    # (https://www.verywellhealth.com/pain-between-shoulder-blades-2248950); bodyacheescape,
    # "why does it hurt between my shoulder blades" (https://bodyacheescape.com/tag/rhomboid/);
    # upper-back research brief section 1.1 (NHS wording "between the shoulders")
    ("pain between my shoulder blades", "between-shoulder-blades"),
    ("between the shoulder blades", "between-shoulder-blades"),
    ("it hurts between my shoulder blades", "between-shoulder-blades"),
    ("between my shoulders", "between-shoulder-blades"),
    ("interscapular pain", "between-shoulder-blades"),
    ("mid-thoracic back pain", "between-shoulder-blades"),
    ("under my shoulder blade", "shoulder-blade"),
    ("under my right shoulder blade", "shoulder-blade@right"),
    ("pain under the left shoulder blade", "shoulder-blade@left"),
    ("shoulder blades", "shoulder-blade"),
    ("shoulderblade", "shoulder-blade"),
    ("behind my shoulder blade", "shoulder-blade"),
    ("inner edge of my shoulder blade", "shoulder-blade"),
    ("inside edge of the shoulder blade", "shoulder-blade"),
    ("below my shoulder blades", "mid-back"),
    ("upper back", "upper-back"),
    ("upper left back", "upper-back@left"),
    ("top of my back", "upper-back"),
    ("middle of my back", "mid-back"),
    ("mid back", "mid-back"),
    ("middle back pain", "mid-back"),
    ("midback", "mid-back"),
    ("bra line", "mid-back"),
    ("lower ribs", "mid-back"),
    # NY Pain Solutions, sciatica (https://nypainsolutions.com/pain-management/back-pain/
    # lumbar-radiculopathy-sciatica/); AARP pharmacy, sciatica
    # (https://aarppharmacy.com/condition/sciatica); pinpointphysio "pain in the butt"
    # (http://pinpointphysio.ca/blog/2015-05-15-is-that-pain-in-the-butt-actually-a-pain-in-the-back/)
    ("back of my thigh", "back-of-thigh"),
    ("pain in the back of the thigh", "back-of-thigh"),
    ("back of my left thigh", "back-of-thigh@left"),
    ("left back of thigh", "back-of-thigh@left"),
    ("hamstrings", "back-of-thigh"),
    ("back of my leg", "leg"),
    ("down the back of my leg", "leg"),
    ("pain down the back of my leg", "+sciatica"),
    ("sciatica", "+sciatica"),
    ("sciatica on the left", "+sciatica@left"),
    ("right sciatica", "+sciatica@right"),
    ("sciatic nerve pain", "+sciatica"),
    ("butt cheek", "buttock"),
    ("my left butt cheek", "buttock@left"),
    ("bum cheek", "buttock"),
    ("pain in the butt", "buttock"),
    ("hip pocket", "buttock"),
    ("buttocks", "buttock"),
    ("left buttock", "buttock@left"),
    ("right glute", "buttock@right"),
    ("upper buttock", "buttock"),
    ("upper outer buttock", "buttock"),
    ("lower buttock", "buttock"),
    ("sit bones", "buttock"),
    # Michigan Ortho, coccydynia (https://www.michiganortho.com/items-2-8/coccydynia);
    # "why does my tailbone hurt when I sit" (https://why.edu.vn/why-does-my-tailbone-hurt-when-i-sit);
    # Direct Ortho Care, coccydynia ("the base of the spine")
    ("tailbone pain", "tailbone"),
    ("tail bone", "tailbone"),
    ("coccyx", "tailbone"),
    ("my tailbone hurts", "tailbone"),
    ("the base of the spine", "tailbone"),
    ("very bottom of my spine", "tailbone"),
    ("left side of my tailbone", "tailbone@left"),
    ("between the buttocks", "tailbone"),
    ("si joint", "sacrum"),
    ("right SI joint", "sacrum@right"),
    ("sacroiliac joint pain on the left", "sacrum@left"),
    ("sacro iliac", "sacrum"),
    ("back dimples", "sacrum"),
    # Mark Gibson physio, lateral hip pain
    # (https://www.markgibson.physio/single-post/2015/10/28/lateral-hip-pain); Daily Mail reader's
    # letter (https://www.dailymail.co.uk/femail/article-123989/Could-I-hip-problem.html);
    # visualfoodie, "pain on the side of your hip"
    ("side of my hip", "outer-hip"),
    ("outside of hip", "outer-hip"),
    ("on the outside of my hip", "outer-hip"),
    ("outer hip", "outer-hip"),
    ("lateral hip pain", "outer-hip"),
    ("pain on the side of my left hip", "outer-hip@left"),
    ("left hip", "hip@left"),
    ("hips", "hip"),
    ("both hips", "hip@both"),
    ("front of my hip", "groin"),
    ("groin", "groin"),
    ("inner hip", "groin"),
    ("top of my hip", "belt-line"),
    ("hip bone", "belt-line"),
    ("lower buttock and outside of my hip", "buttock outer-hip"),
    ("outside of my thigh", "side-of-thigh"),
    ("outer thigh", "side-of-thigh"),
    ("side of my thigh", "side-of-thigh"),
    ("inner thigh", "inner-thigh"),
    ("inside of my thigh", "inner-thigh"),
    ("front of my thigh", "front-of-thigh"),
    ("upper leg", "thigh"),
    ("upper thigh", "thigh"),
    # the "Why" list (phrasings from public forum posts and a trigger-point app's
    # symptom labels): the knee, the calf and the heel
    ("behind the knee", "back-of-knee"),
    ("back of knee", "back-of-knee"),
    ("back of my right knee", "back-of-knee@right"),
    ("inner knee", "knee"),
    ("below the knee", "lower-leg"),
    ("calf", "lower-leg"),
    ("calves", "lower-leg"),
    ("back of my calf", "lower-leg"),
    ("heel", "heel"),
    ("bottom of my heel", "heel"),
    # pelvis and belly: Healthline and Medical News Today, lower right back pain (pelvic and
    # abdominal symptoms); NHS kidney infection (https://nhs.uk/conditions/kidney-infection/)
    ("pelvic pain", "+pelvic-pain"),
    ("kidney pain", "+kidney-pain"),
    ("pain in my kidneys", "+kidney-pain"),
    ("left kidney pain", "+kidney-pain@left"),
    ("lower abdomen", "lower-abdomen"),
    ("lower belly", "lower-abdomen"),
    ("perineum", "pelvic-floor"),
    # upper-back research brief, section 5 (symptom words) and 1.1 (neck and shoulder words)
    ("stiff neck", "+stiff-neck"),
    ("crick in my neck", "back-of-neck"),
    ("back of my neck", "back-of-neck"),
    ("nape of the neck", "back-of-neck"),
    ("top of my shoulders", "top-of-shoulder"),
    ("back of my shoulder", "back-of-shoulder"),
    ("ribs", "side-of-chest"),
    ("side of my ribs", "side-of-chest"),
    ("stitch in my side", "+side-stitch"),
    ("knot under my shoulder blade", "+knot-under-shoulder-blade"),
    ("knot between my shoulder blades", "+knot-between-shoulder-blades"),
    ("back of my arm", "back-of-arm"),
    ("down my arm", "arm"),
    # several places at once, as people list them
    ("lower back and tailbone", "lower-back tailbone"),
    ("right lower back, tailbone", "lower-back@right tailbone"),
    ("left buttock and right hip", "buttock@left hip@right"),
    ("lower back on the left, buttock", "lower-back@left buttock"),
    (
        "pain in my lower back that goes into my buttock and the back of my thigh",
        "lower-back buttock back-of-thigh",
    ),
]


def expected(reading: str) -> list[tuple[str, str | None, str | None]]:
    """``"lower-back@right +sciatica"`` -> [(region or "", side, symptom or None), ...]."""
    out = []
    for item in reading.split():
        name, _, side = item.partition("@")
        if name.startswith("+"):
            out.append(("", side or None, name[1:]))
        else:
            out.append((name, side or None, None))
    return out


def reading(ds: Dataset, query: Query) -> list[tuple[str, str | None, str | None]]:
    """The sites as the battery writes them: a symptom's sites fold into the symptom."""
    out: list[tuple[str, str | None, str | None]] = []
    for site in query.sites:
        if site.symptom is None:
            out.append((site.region, site.side, None))
        elif ("", site.side, site.symptom) not in out:
            out.append(("", site.side, site.symptom))
    for symptom in query.symptoms:  # a symptom with no place of its own
        if not any(s for s in query.sites if s.symptom == symptom):
            out.append(("", None, symptom))
    return out


def test_the_battery_is_large_enough() -> None:
    assert len(PHRASES) >= 100
    assert len({p for p, _ in PHRASES}) == len(PHRASES)


@pytest.mark.parametrize(("phrase", "want"), PHRASES, ids=[p for p, _ in PHRASES])
def test_everyday_phrasings_are_read(real, phrase, want) -> None:
    query = read_query(real, [phrase])
    assert isinstance(query, Query), query
    assert reading(real, query) == expected(want)


# --- the failures under "Why" in the issue, as regressions ---------------------------------


@pytest.mark.parametrize(
    ("words", "refused", "suggestions"),
    [
        ("front of tailbone", "front of tailbone", ("tailbone",)),  # a modifier no rule honours
        ("upper knee", "upper knee", ("knee",)),
        ("upper", "upper", ("upper back", "upper buttock", "upper leg")),
        ("xqzv", "xqzv", ()),
        ("cheek", "cheek", ("buttock",)),  # a word of a name: the names it is part of
        ("elbow", "elbow", ()),
    ],
)
def test_what_cannot_be_read_is_refused_with_plausible_suggestions(
    real, words, refused, suggestions
) -> None:
    found = read_query(real, [words])
    assert isinstance(found, Refused)
    assert found.text == refused
    assert found.suggestions == suggestions


@pytest.mark.parametrize(
    ("word", "wrong"),
    [("upper", "thigh"), ("kidney", "knee"), ("cheek", "heel"), ("shoulder blade", "leg")],
)
def test_no_misleading_suggestion(real, word, wrong) -> None:
    found = read_query(real, [word])
    regions = found.regions if isinstance(found, Query) else found.suggestions
    assert wrong not in regions


def test_back_of_knee_never_ranks_as_the_front(real) -> None:
    query = read_query(real, ["back of knee"])
    assert isinstance(query, Query) and query.regions == ("back-of-knee",)
    # and the muscle the charts give for the back of the knee leads, not a front-of-thigh one
    assert rank(real, query.regions, top=1)[0].muscle.id == "hamstrings"
    query = read_query(real, ["back", "of", "my", "calf"])  # not "back" and "calf"
    assert isinstance(query, Query) and query.regions == ("lower-leg",)


def test_a_side_on_the_midline_is_kept_and_noted(real) -> None:
    query = read_query(real, ["left tailbone"])
    assert isinstance(query, Query)
    assert query.sites[0].side == "left"
    assert query.notes == ("tailbone lies on the midline: the side given (left) is noted",)


def test_corrections_are_reported(real) -> None:
    query = read_query(real, ["lowerback", "tailbne"])
    assert isinstance(query, Query)
    assert query.regions == ("lower-back", "tailbone")
    assert [(c.typed, c.read) for c in query.corrections] == [
        ("lowerback", "lower back"),
        ("tailbne", "tailbone"),
    ]


def test_two_close_answers_are_not_guessed(real) -> None:
    found = read_query(real, ["anule"])  # one letter from "ankle" and from "angle"
    assert isinstance(found, Refused) and found.text == "anule"
    assert "lower-leg" in found.suggestions  # the ankle
    assert "back-of-neck" in found.suggestions  # the angle of the neck


def test_filler_and_dropped_words_are_reported_as_ignored(real) -> None:
    query = read_query(real, ["it hurts in my lower back"])
    assert isinstance(query, Query)
    assert set(query.ignored) == {"it", "hurts", "in", "my"}


# --- properties ----------------------------------------------------------------------------

PLACES = [p for p, want in PHRASES if " " not in want and "@" not in want and "+" not in want]


@given(st.lists(st.sampled_from(PLACES), min_size=2, max_size=3, unique=True), st.randoms())
@settings(
    max_examples=scaled(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_word_order_of_separate_places_does_not_change_the_reading(real, places, rnd) -> None:
    # places typed one after another may join into one name across their edges when an edge
    # is a filler word ("low back pain" + "down the back of my leg" = sciatica's "pain down
    # the back of the leg"); a place that starts or ends with a filler is left out here
    lex = lexicon(real)
    edges = [w for p in places for w in (words(p)[0], words(p)[-1])]
    assume(not any(w in lex.ignored or w in lex.dropped for w in edges))
    first = read_query(real, places)
    shuffled = list(places)
    rnd.shuffle(shuffled)
    second = read_query(real, shuffled)
    assert isinstance(first, Query) and isinstance(second, Query)
    assert set(first.regions) == set(second.regions)


@given(
    st.sampled_from([p for p, _ in PHRASES]),
    st.lists(st.sampled_from(["upper", "lower", "title", "same"]), min_size=1, max_size=1),
    st.sampled_from(["", ",", ".", "!", " - ", ";"]),
)
@settings(
    max_examples=scaled(80),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_case_and_punctuation_do_not_change_the_reading(real, phrase, case, mark) -> None:
    changed = {"upper": phrase.upper(), "lower": phrase.lower(), "title": phrase.title()}.get(
        case[0], phrase
    )
    changed = changed.replace(" ", f"{mark} " if mark.strip() else " ") + mark
    one, two = read_query(real, [phrase]), read_query(real, [changed])
    assert isinstance(one, Query) and isinstance(two, Query)
    assert [(s.region, s.side) for s in one.sites] == [(s.region, s.side) for s in two.sites]


def test_every_name_in_the_data_reads_as_itself(real) -> None:
    for region in real.regions:
        for name in (region.id, region.label, *region.synonyms):
            query = read_query(real, [name])
            assert isinstance(query, Query), (name, query)
            assert query.regions == (region.id,), name
    for symptom in real.symptoms:
        for name in (symptom.id, symptom.label, *symptom.synonyms):
            query = read_query(real, [name])
            assert isinstance(query, Query), (name, query)
            assert query.symptoms == (symptom.id,), name


@given(st.text(alphabet=string.ascii_lowercase, min_size=3, max_size=9))
@settings(
    max_examples=scaled(200),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_nothing_unknown_is_read_silently(real, word) -> None:
    lex = lexicon(real)
    assume(word not in lex.vocabulary and word not in lex.ignored and word not in lex.dropped)
    assume(word not in lex.joined and word not in lex.sides)
    # a plural is read as its singular ("regions" as the filler word "region")
    single = word[:-1] if word.endswith("s") else word
    assume(single not in lex.vocabulary and single not in lex.ignored and single not in lex.dropped)
    found = read_query(real, ["lower back", word])
    if isinstance(found, Query):  # read: only as a reported correction of that word
        assert [c.typed for c in found.corrections] == [word], found
