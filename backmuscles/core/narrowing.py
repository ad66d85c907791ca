"""Follow-up questions that narrow a ranking down to the likely few. Pure functions, no I/O.

A place alone rarely tells muscles apart, so after :func:`~backmuscles.core.ranking.rank`
the tool can ask what a therapist would: press here, is it tender and does it bring on your
familiar pain? Does the pain spread down the leg? Does sitting make it worse? Every question
comes from the data and points to the muscles a "yes" would fit:

* ``press:<muscle>``: pressing at the muscle's first trigger-point location, in the words of
  its ``trigger_points`` text (never for a muscle whose text leaves pressing to someone trained);
* ``spreads:<region>``: whether the pain also reaches a region outside the user's places that
  some leading candidates refer to and others do not (a zone there or inside it);
* ``worse:<activity>``: whether an activity makes it worse, from the muscles' ``worse_with``
  lists (only when the data has them).

**Re-ranking.** A "yes" gives every muscle the question points to ``YES_POINTS``; a "no"
takes ``NO_POINTS`` from each of them; "not sure" changes nothing. No answer removes a
candidate. The place score keeps its meaning: it is shown unchanged, the order still puts a
muscle that reaches more of the user's places first, and among muscles that reach as many,
it goes by place score plus answer points. One answer (1.0) outweighs the whole range of
place strength between two such muscles (under 1), so the place evidence decides between the
muscles that fit the answers equally well.

**The choice of question.** The *live* candidates are the muscles that could lead: those
reaching the most places with the most answer points. Of the questions not yet asked that
split them (a yes fits some, not all), the tool asks the one after which the largest weight
of live candidates could still be brought to a clear first place within the questions left,
were the answers to follow that muscle's data (a small exhaustive look-ahead); a candidate's
weight is its place strength (its score less the number of places reached), counted in full
when it alone fits the answers best and at ``PLACE_LEAD`` (half) when it leads only on the
place. Between equals,
the most even split of that weight (the highest expected information gain), then spreads
before activities before press tests, then the order of the data.

**Stopping.** A leader stands clear when it reaches more places than the second, or when it
alone fits the answers best and is ahead of the second by at least ``CLEAR_MARGIN`` (half an
answer). The questions stop when one stands clear, after ``MAX_QUESTIONS``, or when no
question separates the live candidates. ``where`` offers the questions when the first is
less than ``CLEAR_MARGIN`` ahead of the second on the places alone (:func:`close_call`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Literal, NamedTuple

from .model import Dataset, Match

Answer = Literal["yes", "no", "unsure"]
ANSWERS: tuple[Answer, ...] = ("yes", "no", "unsure")
QuestionKind = Literal["spreads", "worse", "press"]
KINDS: tuple[QuestionKind, ...] = ("spreads", "worse", "press")
Ending = Literal["clear", "asked-enough", "no-question", "stopped", "answered"]

YES_POINTS = 1.0
NO_POINTS = 1.0
CLEAR_MARGIN = 0.5
MAX_QUESTIONS = 3
# in the look-ahead, a lead on the place alone (others fit the answers as well) counts this
# much of a lead the answers give
PLACE_LEAD = 0.5
_EPSILON = 1e-9

# a trigger-point text that leaves pressing to someone trained: no press test is asked
NO_SELF_PRESS = re.compile(r"therapist|trained hands|do not press|examined by", re.IGNORECASE)

# how a spread question names a region (the label otherwise: "to the back of thigh")
SPREAD_WORDS: dict[str, str] = {
    "leg": "down the leg",
    "thigh": "down into the thigh",
    "lower-leg": "down into the calf or shin",
    "arm": "into the arm",
    "back-of-arm": "into the back of the arm",
    "lower-abdomen": "round to the front, into the lower abdomen",
    "front-of-chest": "round to the front of the chest",
    "groin": "round to the front, into the groin",
    "buttock": "down into the buttock",
    "back-of-head": "up into the back of the head",
    "neck": "up into the neck",
}


class Question(NamedTuple):
    id: str  # stable and readable: press:quadratus-lumborum, spreads:leg, worse:sitting
    kind: QuestionKind
    text: str  # the question, as asked
    muscles: tuple[str, ...]  # the muscles a "yes" points to, in ranking order


class Placed(NamedTuple):
    """A muscle's place in the ranking after the answers so far."""

    match: Match
    points: float  # from the answers
    rank: int  # shared by muscles level with it

    @property
    def narrowed(self) -> float:
        return self.match.score + self.points


class Step(NamedTuple):
    question: Question
    answer: Answer
    ranking: tuple[Placed, ...]  # after the answer
    changes: tuple[str, ...]  # what the answer changed, in words


class Narrowing(NamedTuple):
    start: tuple[Placed, ...]
    steps: tuple[Step, ...]
    ending: Ending

    @property
    def ranking(self) -> tuple[Placed, ...]:
        return self.steps[-1].ranking if self.steps else self.start

    @property
    def matches(self) -> tuple[Match, ...]:
        """The muscles in the narrowed order, each carrying its narrowed (shared) rank."""
        return tuple(_with_rank(p) for p in self.ranking)

    def matches_top(self, top: int | None) -> tuple[Match, ...]:
        """The first ``top``, and those level with the last of them (a shared rank is never
        split, as in ``rank``)."""
        ranking = self.ranking
        if top is None or top >= len(ranking):
            return self.matches
        cut = max(top, 1)
        while cut < len(ranking) and ranking[cut].rank == ranking[cut - 1].rank:
            cut += 1
        return tuple(_with_rank(p) for p in ranking[:cut])


def _with_rank(p: Placed) -> Match:
    """The match with its place after the answers as its rank."""
    return p.match._replace(rank=p.rank)


class ActivityFacts(NamedTuple):
    """The activities of the data (id -> label) and each muscle's ``worse_with`` ids."""

    labels: Mapping[str, str]
    worse_with: Mapping[str, tuple[str, ...]]


def activity_facts(ds: Dataset, matches: Iterable[Match]) -> ActivityFacts | None:
    """The activities the dataset carries (``Dataset.activities``, ``Muscle.worse_with``),
    or None for data without them."""
    activities = getattr(ds, "activities", None)
    if not activities:
        return None
    labels = {a.id: a.label for a in activities}
    worse = {m.muscle.id: tuple(getattr(m.muscle, "worse_with", ()) or ()) for m in matches}
    return ActivityFacts(labels, worse)


# --- the questions -----------------------------------------------------------------------


def leading(matches: Sequence[Match]) -> tuple[Match, ...]:
    """The muscles that reach as many places as the first: the only ones answers can lead."""
    if not matches:
        return ()
    most = max(m.sites_matched for m in matches)
    return tuple(m for m in matches if m.sites_matched == most)


def press_text(name: str, where: str) -> str:
    return (
        f"Press where the {name[0].lower() + name[1:]} has its trigger points: "
        f"{where.rstrip('.')}. Is it tender, and does it bring on your familiar pain?"
    )


def questions(
    ds: Dataset,
    matches: Sequence[Match],
    sites: Sequence[str],
    facts: ActivityFacts | None = None,
) -> tuple[Question, ...]:
    """Every question that separates the leading candidates of this ranking (a yes fits
    some of them, not all): spreads (in the order of the regions), then activities, then
    press tests (in ranking order)."""
    lead = leading(matches)
    lead_ids = {m.muscle.id for m in lead}
    found: list[Question] = []

    def add(qid: str, kind: QuestionKind, text: str, muscles: Iterable[str]) -> None:
        pointed = tuple(dict.fromkeys(muscles))
        split = frozenset(pointed) & lead_ids
        if not split or split == lead_ids:
            return
        found.append(Question(qid, kind, text, pointed))

    related: set[str] = set()
    for site in sites:
        related.update((site, *ds.ancestors(site), *ds.descendants(site)))
    for region in ds.regions:
        if region.id in related:
            continue
        inside = {region.id, *ds.descendants(region.id)}
        reach = [m.muscle.id for m in matches if any(z.region in inside for z in m.muscle.zones)]
        words = SPREAD_WORDS.get(region.id, f"to the {region.label}")
        add(f"spreads:{region.id}", "spreads", f"Does the pain also spread {words}?", reach)
    if facts is None:
        facts = activity_facts(ds, matches)
    if facts is not None:
        for activity, label in facts.labels.items():
            worse = [
                m.muscle.id for m in matches if activity in facts.worse_with.get(m.muscle.id, ())
            ]
            add(f"worse:{activity}", "worse", f"Does {label} bring it on or make it worse?", worse)
    for m in lead:
        points = m.muscle.trigger_points
        if points and not any(NO_SELF_PRESS.search(text) for text in points):
            add(
                f"press:{m.muscle.id}", "press", press_text(m.muscle.name, points[0]), [m.muscle.id]
            )
    return tuple(found)


# --- re-ranking --------------------------------------------------------------------------


def answer_points(
    pool: Mapping[str, Question], answers: Sequence[tuple[str, Answer]]
) -> dict[str, float]:
    points: dict[str, float] = {}
    for qid, answer in answers:
        question = pool[qid]
        change = YES_POINTS if answer == "yes" else -NO_POINTS if answer == "no" else 0.0
        for muscle in question.muscles:
            points[muscle] = points.get(muscle, 0.0) + change
    return points


def placed(
    matches: Sequence[Match],
    pool: Mapping[str, Question],
    answers: Sequence[tuple[str, Answer]] = (),
) -> tuple[Placed, ...]:
    """The ranking after the answers: more places reached first, then place score plus
    answer points; equals keep the order of ``matches`` and share a rank."""
    points = answer_points(pool, answers)
    keyed = sorted(
        ((m, points.get(m.muscle.id, 0.0)) for m in matches),
        key=lambda item: (-item[0].sites_matched, -(item[0].score + item[1])),
    )
    out: list[Placed] = []
    for i, (match, got) in enumerate(keyed):
        rank = i + 1
        if out:
            before = out[-1]
            if before.match.sites_matched == match.sites_matched and (
                abs(before.narrowed - (match.score + got)) < _EPSILON
            ):
                rank = before.rank
        out.append(Placed(match, got, rank))
    return tuple(out)


def is_clear(ranking: Sequence[Placed]) -> bool:
    """One candidate stands clear: the only one; one reaching more places than the second;
    or the only one that fits the answers best (see :func:`live`) and ahead of the second
    by ``CLEAR_MARGIN``. Before any answer all fit equally, so a lead on the places alone
    is never clear: the questions can still tell the candidates apart."""
    if len(ranking) < 2:
        return bool(ranking)
    first, second = ranking[0], ranking[1]
    if first.match.sites_matched > second.match.sites_matched:
        return True
    return len(live(ranking)) == 1 and first.narrowed - second.narrowed >= CLEAR_MARGIN - _EPSILON


def close_call(matches: Sequence[Match]) -> bool:
    """The leading candidates are close on the places alone (the first is less than
    ``CLEAR_MARGIN`` ahead of the second, reaching as many places): worth asking."""
    if len(matches) < 2 or matches[0].sites_matched > matches[1].sites_matched:
        return False
    return matches[0].score - matches[1].score < CLEAR_MARGIN - _EPSILON


def changes(before: Sequence[Placed], after: Sequence[Placed], shown: int = 3) -> tuple[str, ...]:
    """What an answer changed at the top (the first ``shown`` before or after): e.g.
    ``Quadratus lumborum moved up from 3 to 1``; "joint" marks a shared rank, and a leader
    that was level with others and now is not says so."""
    was = {p.match.muscle.id: p for p in before}
    lines: list[str] = []
    alone_now = len(after) < 2 or after[1].rank > 1
    shared_before = len(before) > 1 and before[1].rank == 1
    for now in after:
        old = was[now.match.muscle.id]
        if now.rank > shown and old.rank > shown:
            continue
        name = now.match.muscle.name
        if now.rank == old.rank:
            if now.rank == 1 and alone_now and shared_before:
                lines.append(f"{name} is now first on its own (it was level with others)")
            continue
        direction = "up" if now.rank < old.rank else "down"
        lines.append(f"{name} moved {direction} from {_place(old, before)} to {_place(now, after)}")
    return tuple(lines)


def _place(p: Placed, ranking: Sequence[Placed]) -> str:
    shared = sum(1 for other in ranking if other.rank == p.rank) > 1
    return f"{p.rank} (joint)" if shared else str(p.rank)


# --- the choice of question --------------------------------------------------------------


def live(ranking: Sequence[Placed]) -> tuple[Placed, ...]:
    """The candidates that could lead: most places reached, then most answer points."""
    if not ranking:
        return ()
    reached = ranking[0].match.sites_matched
    tier = [p for p in ranking if p.match.sites_matched == reached]
    most = max(p.points for p in tier)
    return tuple(p for p in tier if abs(p.points - most) < _EPSILON)


def _weight(p: Placed) -> float:
    return p.match.score - p.match.sites_matched


def next_question(
    ranking: Sequence[Placed], pool: Sequence[Question], asked: Iterable[str], left: int
) -> Question | None:
    """The question that best separates the live candidates (the rule is in the module's
    docstring), or None when none does or no question is left."""
    if left <= 0:
        return None
    done = set(asked)
    candidates = live(ranking)
    ids = [p.match.muscle.id for p in candidates]
    place = {p.match.muscle.id: p.match.score for p in candidates}
    weight = {p.match.muscle.id: _weight(p) for p in candidates}
    open_questions = [q for q in pool if q.id not in done]
    splits = [(q, frozenset(q.muscles) & set(ids)) for q in open_questions]
    splits = [(q, s) for q, s in splits if s and len(s) < len(ids)]
    if not splits:
        return None
    order = {muscle: i for i, muscle in enumerate(ids)}
    distinct = list(dict.fromkeys(s for _, s in splits))

    @cache
    def best(group: frozenset[str], depth: int) -> float:
        """The weight of the muscles of ``group`` that ``depth`` more questions can bring to a
        clear (or, at the end, a sole) first place, were the answers to follow each's data."""
        ordered = sorted(group, key=lambda m: (-place[m], order[m]))
        top = ordered[0]
        if len(ordered) == 1:
            return weight[top]
        gap = place[top] - place[ordered[1]]
        sole = weight[top] * PLACE_LEAD if gap > _EPSILON else 0.0
        if depth == 0:
            return sole
        values = [
            best(group & s, depth - 1) + best(group - s, depth - 1)
            for s in distinct
            if group & s and not group <= s
        ]
        return max(values, default=sole)

    whole = frozenset(ids)
    total = math.fsum(weight.values()) or 1.0

    def score(item: tuple[Question, frozenset[str]]) -> tuple[float, float, int]:
        q, s = item
        value = best(whole & s, left - 1) + best(whole - s, left - 1)
        share = math.fsum(weight[m] for m in s) / total
        gain = _entropy(share)
        return (round(value, 9), round(gain, 9), -KINDS.index(q.kind))

    chosen = max(splits, key=score)  # max keeps the first of equals: the order of the data
    return chosen[0]


def _entropy(share: float) -> float:
    if share <= 0.0 or share >= 1.0:
        return 0.0
    return -(share * math.log2(share) + (1 - share) * math.log2(1 - share))


# --- a session ---------------------------------------------------------------------------


class Session:
    """The questions for one ranking, asked one at a time: :meth:`question` says which comes
    next (None: stop), :meth:`take` records an answer. Pure; the CLI reads and says."""

    def __init__(
        self,
        ds: Dataset,
        matches: Sequence[Match],
        sites: Sequence[str],
        facts: ActivityFacts | None = None,
        limit: int = MAX_QUESTIONS,
    ) -> None:
        self.matches = tuple(matches)
        self.pool = questions(ds, self.matches, sites, facts)
        self.by_id = {q.id: q for q in self.pool}
        self.limit = limit
        self.answers: list[tuple[str, Answer]] = []
        self.start = placed(self.matches, self.by_id)
        self.steps: list[Step] = []

    @property
    def ranking(self) -> tuple[Placed, ...]:
        return self.steps[-1].ranking if self.steps else self.start

    def ending(self) -> Ending | None:
        """Why the questions stop now, or None while there is one to ask."""
        if is_clear(self.ranking):
            return "clear"
        if len(self.answers) >= self.limit:
            return "asked-enough"
        if self.question() is None:
            return "no-question"
        return None

    def question(self) -> Question | None:
        if is_clear(self.ranking) or len(self.answers) >= self.limit:
            return None
        asked = [qid for qid, _ in self.answers]
        return next_question(self.ranking, self.pool, asked, self.limit - len(self.answers))

    def take(self, qid: str, answer: Answer) -> Step:
        before = self.ranking
        self.answers.append((qid, answer))
        after = placed(self.matches, self.by_id, self.answers)
        step = Step(self.by_id[qid], answer, after, changes(before, after))
        self.steps.append(step)
        return step

    def result(self, ending: Ending | None = None) -> Narrowing:
        return Narrowing(self.start, tuple(self.steps), ending or self.ending() or "answered")


def replay(session: Session, given: Sequence[tuple[str, Answer]]) -> None:
    """Answers given in advance (``--answer``), taken in the order the questions would be
    asked when they answer them, the rest in the order given: answers to the questions a
    session asks reproduce it."""
    waiting = dict(given)
    for qid, _ in given:
        if qid not in session.by_id:
            raise KeyError(qid)
    while waiting:
        question = session.question()
        qid = (
            question.id if question is not None and question.id in waiting else next(iter(waiting))
        )
        session.take(qid, waiting.pop(qid))


def simulated_answer(question: Question, muscle: str) -> Answer:
    """How a user whose pain follows ``muscle``'s data answers: yes when the question points
    to it (its own trigger points, a place its zones reach, an activity it lists)."""
    return "yes" if muscle in question.muscles else "no"


def simulate(
    ds: Dataset,
    sites: Sequence[str],
    muscle: str,
    facts: ActivityFacts | None = None,
    matches: Sequence[Match] | None = None,
) -> Narrowing:
    """A session whose every answer follows one muscle's data."""
    from .ranking import rank

    session = Session(ds, rank(ds, sites) if matches is None else matches, sites, facts)
    while (question := session.question()) is not None:
        session.take(question.id, simulated_answer(question, muscle))
    return session.result()


def sole_first(ranking: Sequence[Placed], muscle: str) -> bool:
    """``muscle`` is first and no other is level with it."""
    return (
        bool(ranking)
        and ranking[0].match.muscle.id == muscle
        and (len(ranking) < 2 or ranking[1].rank > 1)
    )


def given_answers(values: Sequence[str], pool: Mapping[str, Question]) -> list[tuple[str, Answer]]:
    """``--answer ID=yes|no|unsure`` as answers, in the order given (a repeated id: the last
    answer counts). An unknown id or answer is a :class:`~backmuscles.core.errors.UsageError`
    naming it and the ids there are."""
    from .errors import UsageError

    found: dict[str, Answer] = {}
    for value in values:
        qid, equals, said = value.partition("=")
        qid = qid.strip()
        if not equals:
            raise UsageError(f"--answer {value!r}: give ID=yes, ID=no or ID=unsure.")
        answer = said.strip().casefold()
        if answer not in ANSWERS:
            raise UsageError(f"--answer {value!r}: the answer must be yes, no or unsure.")
        if qid not in pool:
            known = ", ".join(pool) or "none"
            raise UsageError(f"--answer: no question {qid!r} for these places (they are: {known}).")
        found.pop(qid, None)
        found[qid] = answer
    return list(found.items())
