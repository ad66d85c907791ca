"""The JSON document of every ``--json``, as types: what ``views`` builds, what mypy checks it
against, and what docs/schemas/*.schema.json are generated from (``python -m
tests.make_schemas``).

Every object is a ``TypedDict`` whose keys are all required (the schemas close every object
and require every key); a ``Literal`` is an enumeration; ``X | None`` may be null. What a
type cannot say (an id's spelling, a least value) rides along as ``Annotated`` metadata:
:class:`Pattern`, :class:`Minimum`, :class:`Maximum`, :class:`OneOf`.

Only the schema generator and mypy import this module: ``views`` names these types for the
type checker alone, so no run of the program loads it."""

from typing import Annotated, Literal, NamedTuple, TypedDict, get_args

from backmuscles.core.bodymap import Fill
from backmuscles.core.errors import Severity
from backmuscles.core.model import ExerciseKind, Relation, Side, ZoneKind
from backmuscles.core.narrowing import Answer as Reply
from backmuscles.core.narrowing import Ending, QuestionKind
from backmuscles.core.screening import EXIT_BY_LEVEL, Answer, Level

# --- what a type cannot say -------------------------------------------------------------------


class Pattern(NamedTuple):
    """The text matches this regular expression (JSON Schema ``pattern``)."""

    regex: str


class Minimum(NamedTuple):
    """The number is at least this (``minimum``)."""

    value: int


class Maximum(NamedTuple):
    """The number is at most this (``maximum``)."""

    value: int


class OneOf(NamedTuple):
    """The value is one of these (``enum``), for a value the code types more loosely than it
    checks it."""

    values: tuple[str | int, ...]


Id = Annotated[str, Pattern("^[a-z0-9]+(-[a-z0-9]+)*$")]
Count = Annotated[int, Minimum(0)]
Rank = Annotated[int, Minimum(1)]
Frequency = Annotated[int, Minimum(1), Maximum(3)]
Score = Annotated[float, Minimum(0)]
Minutes = Annotated[float, Minimum(0)]
ExitCode = Annotated[int, OneOf(tuple(sorted(set(EXIT_BY_LEVEL.values()))))]
KindName = Annotated[str, OneOf(get_args(ExerciseKind))]  # a str checked to be an ExerciseKind
SchemaVersion = Literal[1]  # bump with views.SCHEMA_VERSION when a change can break a script


class Versioned(TypedDict):
    schema_version: SchemaVersion


# --- shared pieces ----------------------------------------------------------------------------


class RegionRef(TypedDict):
    """How every document names a region."""

    id: Id
    label: str


class ActivityRef(TypedDict):
    """How every document names an activity (data/activities.yaml)."""

    id: Id
    label: str


class ZoneJson(TypedDict):
    region: str
    label: str
    frequency: Frequency


class GroupRef(TypedDict):
    id: Id
    label: str


class AnatomyJson(TypedDict):
    location: str
    attachments: list[str]


class PainPatternJson(TypedDict):
    description: str
    essential: list[ZoneJson]
    spillover: list[ZoneJson]
    frequency_basis: str


class CautionJson(TypedDict):
    """A shared caution (data/cautions.yaml); ``kinds``: the exercise kinds that always
    carry it."""

    id: Id
    text: str
    kinds: list[KindName]
    sources: list[str]


class SelfCareJson(TypedDict):
    release: list[str]
    stretch: list[str]
    strengthen: list[str]
    cautions: list[CautionJson]


class MuscleJson(TypedDict):
    """The one shape of a muscle in every document."""

    id: Id
    name: str
    aliases: list[str]
    group: GroupRef
    anatomy: AnatomyJson
    function: list[str]
    pain_pattern: PainPatternJson
    aggravating: list[str]
    worse_with: list[ActivityRef]  # activities that often aggravate it
    trigger_points: list[str]
    trigger_point_regions: list[str]
    self_care: SelfCareJson
    exercises: list[str]
    could_also_be: list[str]
    sources: list[str]


class SiteJson(TypedDict):
    """One place read: the region, the side given (null: none said), the words that gave
    it, and the symptom it stands for ("sciatica"), if any."""

    region: RegionRef
    side: Side | None
    words: list[str]
    symptom: Id | None


class SymptomRef(TypedDict):
    id: Id
    label: str
    regions: list[Id]
    muscles: list[Id]
    red_flags: list[Id]


class CorrectionJson(TypedDict):
    typed: str
    read: str


class CheckJson(TypedDict):
    """A warning-sign question a symptom word raises, to check before the ranking."""

    id: Id
    question: str


class QueryJson(TypedDict):
    input: list[str]
    regions: list[RegionRef]
    ignored: list[str]
    read_as: str
    sites: list[SiteJson]
    symptoms: list[SymptomRef]
    corrections: list[CorrectionJson]
    notes: list[str]
    check_first: list[CheckJson]
    activities: list[ActivityRef]  # what makes it worse (--worse-with)


class Safety(TypedDict):
    caveat: str
    safety_net: list[str]


# --- screening --------------------------------------------------------------------------------


class FindingJson(TypedDict):
    id: Id
    answer: Answer
    given: Answer | None
    from_age: bool
    level: Level
    question: str
    screens_for: str
    action: str
    escalated_by: list[str]
    sources: list[str]


class ScreeningJson(TypedDict):
    """The result of a screen: also embedded in ``where`` and ``plan`` with ``--screen``."""

    level: Level
    exit_code: ExitCode
    title: str
    message: str
    withholds_content: bool
    flags: list[FindingJson]
    findings: list[FindingJson]
    conflicts: list[str]
    unanswered: list[str]
    not_asked: list[str]
    age: int | None


class LevelJson(TypedDict):
    id: Level
    title: str
    message: str
    exit_code: ExitCode


class EscalationJson(TypedDict):
    to: Level
    with_any: list[str]
    min_age: int | None
    action: str


AgeJson = TypedDict("AgeJson", {"under": int | None, "from": int | None, "alone": bool})


class FlagJson(TypedDict):
    id: Id
    level: Level
    question: str
    screens_for: str
    action: str
    sources: list[str]
    escalate: list[EscalationJson]
    age: AgeJson | None
    regions: list[str]


# --- exercises --------------------------------------------------------------------------------


class DoseJson(TypedDict):
    hold: str | None
    reps: str | None
    sets: str
    how_often: str
    text: str


class ExerciseJson(TypedDict):
    """An exercise. ``cautions`` is every caution to show with it, as text: the shared ones
    first, then its own; ``shared_cautions`` are those shared ones with ids and sources."""

    id: Id
    name: str
    kind: ExerciseKind
    muscles: list[str]
    steps: list[str]
    dose: DoseJson
    minutes: Minutes
    easier: str
    harder: str
    cautions: list[str]
    shared_cautions: list[CautionJson]
    sources: list[str]


# --- the documents ----------------------------------------------------------------------------


class EvidenceJson(TypedDict):
    site: str
    zone_region: str
    zone: ZoneKind
    relation: Relation
    frequency: Frequency
    strength: Score
    why: str


class CheckFirstJson(TypedDict):
    """A warning-sign question an activity given brings forward (its ``raises``)."""

    flag: Id
    level: Level
    question: str
    action: str
    raised_by: ActivityRef


class ResultJson(TypedDict):
    rank: Rank  # shared by results the evidence cannot tell apart (1, 1, 3...)
    score: Score
    sites_matched: Count
    sites_total: Annotated[int, Minimum(1)]
    activities: list[ActivityRef]  # the asked activities that often aggravate it
    activities_why: list[str]  # "sitting for a long time: often aggravates it"
    why: str
    evidence: list[EvidenceJson]
    muscle: MuscleJson


class PlacedJson(TypedDict):
    """A muscle's place after the answers so far (rank shared by muscles level with it)."""

    rank: Rank
    id: Id
    score: Score  # the place score, as in the results
    points: float  # from the answers
    narrowed: float  # score + points: the order among muscles reaching as many places


class AskedJson(TypedDict):
    id: Annotated[str, Pattern("^(press|spreads|worse):[a-z0-9]+(-[a-z0-9]+)*$")]
    kind: QuestionKind
    text: str
    muscles: list[Id]  # the muscles a yes points to
    answer: Reply
    changes: list[str]
    ranking: list[PlacedJson]  # after this answer


class NarrowingJson(TypedDict):
    """The follow-up questions (``--ask``, ``--answer``): the ranking before them, each
    question with its answer and the ranking after it, and why they stopped."""

    start: list[PlacedJson]
    questions: list[AskedJson]
    ending: Ending
    leader: Id | None  # the muscle that stands clear, if one does
    next_question: str | None  # the question the tool would ask next, if any


class WhereDocument(Versioned):
    command: Literal["where"]
    query: QueryJson
    screening: ScreeningJson | None
    check_first: list[CheckFirstJson]
    narrowing: NarrowingJson | None
    withheld: bool
    results: list[ResultJson]
    caveat: str
    safety_net: list[str]


class ListFilter(TypedDict):
    region: str | None
    group: str | None


class ListDocument(Versioned):
    command: Literal["list"]
    filter: ListFilter
    count: Count
    muscles: list[MuscleJson]


class ShowDocument(Versioned):
    command: Literal["show"]
    muscle: MuscleJson
    caveat: str
    safety_net: list[str]


class RegionJson(TypedDict):
    id: Id
    label: str
    parent: str | None
    children: list[str]
    synonyms: list[str]
    description: str


class SymptomJson(TypedDict):
    id: Id
    label: str
    synonyms: list[str]
    regions: list[Id]
    muscles: list[Id]
    red_flags: list[Id]
    description: str


class RegionsDocument(Versioned):
    command: Literal["regions"]
    regions: list[RegionJson]
    symptoms: list[SymptomJson]


class ProblemJson(TypedDict):
    severity: Severity
    file: str
    line: Annotated[int, Minimum(1)] | None
    field: str
    message: str


class CountsJson(TypedDict):
    regions: int
    groups: int
    muscles: int


class ValidateDocument(Versioned):
    command: Literal["validate"]
    path: str
    mode: Literal["dataset", "additions"]
    ok: bool
    errors: Count
    warnings: Count
    counts: CountsJson | None
    problems: list[ProblemJson]


class _ScreenHead(Versioned):
    command: Literal["screen"]


class ScreenDocument(_ScreenHead, ScreeningJson, Safety):
    """``screen``: the result of a screen, then the safety text."""


class QuestionBankDocument(_ScreenHead):
    """``screen --list``: the levels and every question."""

    levels: list[LevelJson]
    flags: list[FlagJson]


class ExerciseDocument(Versioned):
    command: Literal["exercise"]
    exercise: ExerciseJson
    stop_rules: list[str]
    safety_net: list[str]


class ExercisesFilter(TypedDict):
    muscle: str | None
    kind: KindName | None


class ExercisesDocument(Versioned):
    command: Literal["exercises"]
    filter: ExercisesFilter
    count: Count
    exercises: list[ExerciseJson]


class PlanMuscleJson(TypedDict):
    rank: Rank
    id: Id
    name: str
    score: Score


class StepJson(TypedDict):
    step: int
    exercise: ExerciseJson
    serves: list[str]
    minutes: Minutes
    usefulness: float
    cautions: list[str]  # the cautions shown with this step: those only it carries


class PlanDocument(Versioned):
    command: Literal["plan"]
    query: QueryJson
    screening: ScreeningJson | None
    narrowing: NarrowingJson | None
    withheld: bool
    muscles: list[PlanMuscleJson]
    steps: list[StepJson]
    total_minutes: Minutes
    budget_minutes: float | None
    dropped: list[StepJson]
    cautions: list[str]  # every caution of the plan, each once, in the order shown
    before_you_start: list[str]  # those shown before the steps: for more than one step
    stop_rules: list[str]
    evidence: str
    caveat: str
    safety_net: list[str]


class MuscleRef(TypedDict):
    id: Id
    name: str


class MapRegionJson(TypedDict):
    id: Id
    label: str
    fill: Fill


class MapDocument(Versioned):
    command: Literal["map"]
    title: str
    query: QueryJson | None
    sites: list[RegionRef]
    muscle: MuscleRef | None
    regions: list[MapRegionJson]
    trigger_points: list[RegionRef]
    not_on_map: list[str]
    caveat: str
    safety_net: list[str]


class OnlyZonesJson(TypedDict):
    muscle: str
    regions: list[RegionRef]


class CompareDocument(Versioned):
    command: Literal["compare"]
    muscles: list[MuscleJson]
    shared_zones: list[RegionRef]
    only_zones: list[OnlyZonesJson]
    caveat: str
    safety_net: list[str]


# Each schema file (docs/schemas/NAME.schema.json) and the document it describes.
DOCUMENTS: dict[str, type] = {
    "where": WhereDocument,
    "plan": PlanDocument,
    "list": ListDocument,
    "show": ShowDocument,
    "map": MapDocument,
    "compare": CompareDocument,
    "regions": RegionsDocument,
    "validate": ValidateDocument,
    "screen": ScreenDocument,
    "screen-list": QuestionBankDocument,
    "exercises": ExercisesDocument,
    "exercise": ExerciseDocument,
}
