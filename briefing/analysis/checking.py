"""Checking: every claim the brief shows says what the sentences it cites say.

Evidence made each claim traceable, not true: a 1.5B model writes "oil field" over a
sentence about tungsten, "declined" over "grew", "North Korea" over "в Южной Корее",
and a reader who clicks the marker finds a Russian sentence that says otherwise. So
after synthesis every claim (key point, story summary and key point, stake, risk and
what it says to watch; a quote's translation, against its quotation) is checked
against its sentences:

1. Checks that cost nothing, where they suffice (free_checks.py): the claim states an
   amount, a date, a scale, a negation, a signing, a place, a person or organisation
   that its sentences plainly do not hold ("million" over "миллиардов", "signed" over
   "ведет переговоры", "Almaty" over "in Astana").
2. The model, where meaning is needed: every claim the free checks let through, a few
   a call, with the sentences they cite, fenced as data (prompts/check.*.j2). Its reply
   is short and its shape fixed (replies.ClaimVerdict): the words that differ, then the
   verdict. It goes through the pipeline's cached structured call, so a re-run costs
   nothing.

The bottom line cites nothing of its own, yet it is what a reader reads first: each of its
sentences is checked, in calls of its own, against the sentences of the claims it shares
most words with (bluf_items), and a sentence neither check confirms is cut from it.

A claim the brief repeats (a single story's key points are the brief's) is checked once.
What either check does not confirm is not shown: the claim is withheld, kept aside with
its verdict and why (schema.WithheldClaim), and counted.
"partly" is withheld too (WITHHELD): a reader signs a claim whole or not at all;
docs/faithfulness.md has the measurements.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, wait
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import Field, create_model

from ..errors import ExtractionError
from ..fanout import start_all
from ..models.calls import Request
from ..models.prompts import Prompt
from ..replies import CheckReply, ClaimVerdict
from ..schema import Actor, CheckedClaim, Claim, Evidence, Quote, Stake, Story, WithheldClaim
from ..text import names
from ..text.sentences import split_sentences
from .evidence import Claims
from .free_checks import Judgement, free_check, unworded_cause
from .restatements import withhold_restatements

WITHHELD = frozenset({"unsupported", "partly"})
"""Verdicts whose claims are not shown."""

PER_CALL = 4
"""Claims a model call checks: more per call share the instructions, fewer keep a 1.5B model on track."""
SENTENCES_PER_CALL = 8
BLUF_SENTENCES = 4
"""Sentences a bottom-line sentence is checked against: those of the claims nearest it in words."""


@dataclass(frozen=True)
class Item:
    """One claim as checked: where the brief has it, its text there, and the sentences it cites."""

    where: str
    text: str
    evidence: tuple[Evidence, ...]
    claim: str = ""  # what is put to the check, when it says more than `text` (a stake's holder)
    holder: str = ""  # a stake's holder, whom its sentences must name
    untranslated: str = ""  # the model's own words in its sentences' language, when `text` translates them

    @property
    def stated(self) -> str:
        return self.claim or self.text


@dataclass
class Checker:
    """What the check needs from the pipeline that runs it."""

    prompt: Prompt  # prompts/check.*.j2
    call: Callable[[Request], Any]  # the run's cached, structured call
    workers: int = 1
    progress: Callable[[str, int, int], None] = lambda stage, done, total: None
    stop: Callable[[], None] = lambda: None
    language: str = "en"  # the claims'
    languages: Mapping[str, str | None] = field(default_factory=dict)  # each source's, by its id


@dataclass
class Checked:
    """The claims to show, and those withheld."""

    claims: Claims
    quotes: list[Quote]
    bluf: str = ""
    withheld: list[WithheldClaim] = field(default_factory=list)
    checked: int = 0
    judgements: list[tuple[Item, Judgement]] = field(default_factory=list)


# -- the claims of a brief ---------------------------------------------------------


def claim_items(claims: Claims, quotes: Sequence[Quote]) -> list[Item]:
    """Every claim the brief would show, with where it stands and what it cites."""
    items: list[Item] = []
    for i, point in enumerate(claims.key_points):
        items.append(Item(f"key_points[{i}]", point.text, tuple(point.evidence)))
    for i, story in enumerate(claims.stories):
        if story.summary_evidence:  # sentence by sentence: a wrong one is cut, not passed with its neighbour
            for j, sentence in enumerate(split_sentences(story.summary)):
                items.append(Item(f"stories[{i}].summary[{j}]", sentence.text, tuple(story.summary_evidence)))
        for j, point in enumerate(story.key_points):
            items.append(Item(f"stories[{i}].key_points[{j}]", point.text, tuple(point.evidence)))
    for i, stake in enumerate(claims.stakes):
        items.append(Item(f"stakes[{i}]", stake.stake, tuple(stake.evidence), claim=_stake_claim(stake),
                          holder=stake.holder, untranslated=stake.untranslated or ""))  # fmt: skip
    for i, risk in enumerate(claims.risks):
        items.append(Item(f"risks[{i}]", risk.description, tuple(risk.evidence), untranslated=risk.untranslated or ""))
        # What to watch is shown as the risk's sentences' too ("Russian efforts to balance China's influence").
        for j, indicator in enumerate(risk.indicators):
            items.append(Item(f"risks[{i}].indicators[{j}]", indicator, tuple(risk.evidence)))
    for i, quote in enumerate(quotes):
        if quote.translation:
            said = Evidence(source_id=quote.source_id, start=quote.start, end=quote.end, text=quote.text)
            items.append(Item(f"quotes[{i}].translation", quote.translation, (said,)))
    return items


# The brief shows a stake with its holder and its direction ("Russia (loss): …"), so the check is put all three:
# "Uzbekistan Airways stands to lose: orders worth $8bn" over a sentence on its orders is caught for the way.
# Worded so after four wordings were tried on the labelled set (docs/faithfulness.md, "A stake is checked ...").
_STANDS_TO = {"gain": "stands to gain", "loss": "stands to lose", "mixed": "has at stake", "uncertain": "has at stake"}


def _stake_claim(stake: Stake) -> str:
    return f"{stake.holder} {_STANDS_TO[stake.direction]}: {stake.stake}"


def _stated(claims: Claims) -> list[tuple[str, list[Evidence]]]:
    """Each claim's words and the sentences it cites."""
    stated: list[tuple[str, list[Evidence]]] = [(p.text, p.evidence) for p in claims.key_points]
    for story in claims.stories:
        stated += [(story.summary, story.summary_evidence), *((p.text, p.evidence) for p in story.key_points)]
    stated += [(f"{s.holder} {s.stake}", s.evidence) for s in claims.stakes]
    stated += [(r.description, r.evidence) for r in claims.risks]
    return stated


def _beyond_claims(sentence: str, shown: Claims) -> str | None:
    """Why a bottom-line sentence says what no claim the brief shows says: most of its words are in none.

    The bottom line sums up the claims: a sentence of it that the model checked against their
    sentences and passed may still add a cause or an actor of its own ("Russia is trying to balance
    its influence", where the seed says the region's countries balance China's).
    """
    texts = [text for text, _ in _stated(shown)] + [w for r in shown.risks for w in r.indicators]
    if cause := unworded_cause(sentence, " ".join(texts)):  # the claims are in the bottom line's language
        return f'gives a cause, "{cause}", of which the claims the brief shows say nothing'
    said = set().union(set(), *(names.content_words(text) for text in texts))
    mine = names.content_words(sentence)
    missing = sorted(w for w in mine if not any(names.same_word(w, s) for s in said))
    if mine and len(missing) * 2 > len(mine):
        return f"most of its words are in no claim the brief shows: {', '.join(missing)}"
    return None


def bluf_items(bluf: str, claims: Claims) -> list[Item]:
    """Each sentence of the bottom line, citing the sentences of the claims that share most words with it.

    A sentence that shares no word with any claim cites nothing, and nothing confirms it.
    """
    stated = _stated(claims)
    their_words = [names.content_words(text) for text, _ in stated]
    items = []
    for i, sentence in enumerate(split_sentences(bluf)):
        mine = names.content_words(sentence.text)
        shared = [(sum(any(names.same_word(w, c) for c in theirs) for w in mine), n) for n, theirs in
                  enumerate(their_words)]  # fmt: skip
        cited: dict[str, Evidence] = {}  # by text: a reprint's sentence is no second sentence to read
        for score, n in sorted(shared, key=lambda pair: (-pair[0], pair[1])):
            if score == 0 or len(cited) >= BLUF_SENTENCES:
                break
            for e in stated[n][1]:
                if len(cited) < BLUF_SENTENCES:
                    cited.setdefault(" ".join(e.text.split()), e)
        items.append(Item(f"bluf[{i}]", sentence.text, tuple(cited.values())))
    return items


def _key(item: Item) -> tuple:
    return (item.stated, tuple((e.source_id, e.start, e.end) for e in item.evidence))


# -- the model ------------------------------------------------------------------------


def _batches(items: Sequence[Item]) -> list[list[Item]]:
    """Claims in the order of what they cite, a few a call: claims citing one sentence share it in a call."""
    ordered = sorted(items, key=lambda it: [(e.source_id, e.start) for e in it.evidence])
    batches: list[list[Item]] = []
    spans: set[tuple[str, int]] = set()
    for item in ordered:
        mine = {(e.source_id, e.start) for e in item.evidence}
        if not batches or len(batches[-1]) >= PER_CALL or len(spans | mine) > SENTENCES_PER_CALL:
            batches.append([])
            spans = set()
        batches[-1].append(item)
        spans |= mine
    return batches


def check_context(batch: Sequence[Item]) -> dict[str, Any]:
    """The prompt's data: each cited sentence once, numbered, and each claim with the numbers it cites."""
    numbers: dict[tuple[str, int, int], int] = {}
    sentences: list[str] = []
    claims = []
    for item in batch:
        cited = []
        for e in item.evidence:
            span = (e.source_id, e.start, e.end)
            if span not in numbers:
                sentences.append(" ".join(e.text.split()))
                numbers[span] = len(sentences)
            cited.append(numbers[span])
        claims.append({"text": " ".join(item.stated.split()), "sentences": cited})
    return {"sentences": sentences, "claims": claims}


@functools.cache
def reply_type(count: int) -> type[CheckReply]:
    """CheckReply with room for exactly one verdict a claim: a small model that loops is cut by the grammar."""
    sized = (list[ClaimVerdict], Field(max_length=8, json_schema_extra={"minItems": count, "maxItems": count}))
    return create_model("CheckReply", __base__=CheckReply, __module__=CheckReply.__module__, verdicts=sized)


def _judge(batch: Sequence[Item], reply: CheckReply) -> list[Judgement]:
    by_number: dict[int, ClaimVerdict] = {}
    for verdict in reply.verdicts:
        by_number.setdefault(verdict.claim, verdict)
    # A reply that numbers its verdicts wrongly but gives one a claim is read in order.
    if len(by_number) != len(batch) and len(reply.verdicts) == len(batch):
        by_number = dict(enumerate(reply.verdicts, start=1))
    judgements = []
    for number in range(1, len(batch) + 1):
        verdict = by_number.get(number)
        if verdict is None:
            judgements.append(Judgement("unsupported", "the check gave no verdict for it"))
            continue
        differs = " ".join(verdict.differs.split())
        if verdict.verdict == "supported":
            judgements.append(Judgement("supported", "the model found it in its sentences"))
        else:
            judgements.append(Judgement(verdict.verdict, f"the model: {differs or 'not stated by its sentences'}"))
    return judgements


def _ask(batches: list[list[Item]], checker: Checker) -> list[list[Judgement]]:
    results: list[list[Judgement] | None] = [None] * len(batches)
    if not batches:
        return []

    def one(i: int) -> list[Judgement]:
        batch = batches[i]
        label = f"check, claims {sum(len(b) for b in batches[:i]) + 1}-{sum(len(b) for b in batches[: i + 1])}"
        try:
            reply = checker.call(Request(checker.prompt, check_context(batch), reply_type(len(batch)), label))
        except ExtractionError as exc:  # no valid reply: nothing confirmed, so nothing shown
            return [Judgement("unsupported", f"not checked: {exc}")] * len(batch)
        return _judge(batch, reply)

    futures = start_all(one, list(range(len(batches))), checker.workers)
    index = {future: i for i, future in enumerate(futures)}
    pending = set(futures)
    checker.progress("check", 0, len(batches))
    try:
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                results[index[future]] = future.result()
            checker.progress("check", len(batches) - len(pending), len(batches))
    except BaseException:
        checker.stop()
        for future in pending:
            future.cancel()
        raise
    return [r or [] for r in results]


def judge_items(items: Sequence[Item], checker: Checker, actors: Sequence[Actor] = ()) -> list[Judgement]:
    """A judgement for each item, each claim once: the free checks' where they object, else the model's.

    The model is asked only about the claims the free checks let through: on the seed a third of the
    claims are withheld for nothing, and their calls were most of what the check cost. The price: a
    free check added or changed changes which claims share a call, so the check calls of the
    cassettes are recorded again (`--refresh` keeps every other call).
    """
    distinct: dict[tuple, Item] = {}
    for item in items:
        distinct.setdefault(_key(item), item)
    judged: dict[tuple, Judgement] = {}
    asked: list[Item] = []
    for key, item in distinct.items():
        if item.where.startswith("bluf") and not item.evidence:
            judged[key] = Judgement("unsupported", "shares no word with any claim the brief shows", "bluf")
            continue
        same = all(checker.languages.get(e.source_id) == checker.language for e in item.evidence)
        stake = item.text if item.holder else ""
        free = free_check(item.stated, item.evidence, actors, item.holder or None, same, item.untranslated, stake)
        if free is not None:
            judged[key] = free
        else:
            asked.append(item)
    # The bottom line in calls of its own: the claims' calls stay as they were without it.
    bluf = [item for item in asked if item.where.startswith("bluf")]
    claims = [item for item in asked if not item.where.startswith("bluf")]
    batches = _batches(claims) + _batches(bluf)
    for batch, judgements in zip(batches, _ask(batches, checker), strict=True):
        for item, judgement in zip(batch, judgements, strict=True):
            judged[_key(item)] = judgement
    return [judged[_key(item)] for item in items]


# -- applying the verdicts ------------------------------------------------------------


def check_claims(
    claims: Claims, quotes: Sequence[Quote], actors: Sequence[Actor], checker: Checker, bluf: str = ""
) -> Checked:
    """The claims, quotes and bottom line with what the check did not confirm taken out, and that kept aside."""
    items = claim_items(claims, quotes) + bluf_items(bluf, claims)
    judgements = judge_items(items, checker, actors)
    out = set()
    withheld = []
    for item, judgement in zip(items, judgements, strict=True):
        if judgement.verdict in WITHHELD:
            out.add(item.where)
            why = judgement.why or f"the check found it {judgement.verdict}"
            withheld.append(WithheldClaim(where=item.where, text=item.stated, verdict=judgement.verdict,  # type: ignore[arg-type]
                                          why=why, evidence=list(item.evidence)))  # fmt: skip
    withhold_restatements(items, judgements, out, withheld)
    shown = _without(claims, quotes, out)
    # The bottom line once more, against the claims left to show: after the model, so its calls are as before.
    for i, item in enumerate(items):
        if item.where.startswith("bluf") and item.where not in out and (why := _beyond_claims(item.text, shown[0])):
            out.add(item.where)
            judgements[i] = Judgement("unsupported", why, "bluf")
            withheld.append(WithheldClaim(where=item.where, text=item.text, verdict="unsupported", why=why,
                                          evidence=list(item.evidence)))  # fmt: skip
    kept_bluf = " ".join(item.text for item in items if item.where.startswith("bluf") and item.where not in out)
    return Checked(shown[0], shown[1], kept_bluf, withheld, len(items), list(zip(items, judgements, strict=True)))


def _kept(points: Sequence[Claim], prefix: str, out: set[str]) -> list[Claim]:
    return [p for j, p in enumerate(points) if f"{prefix}[{j}]" not in out]


def _without(claims: Claims, quotes: Sequence[Quote], out: set[str]) -> tuple[Claims, list[Quote]]:
    stories: list[Story] = []
    for i, story in enumerate(claims.stories):
        update: dict[str, Any] = {"key_points": _kept(story.key_points, f"stories[{i}].key_points", out)}
        sentences = split_sentences(story.summary)
        kept = [s.text for j, s in enumerate(sentences) if f"stories[{i}].summary[{j}]" not in out]
        if len(kept) < len(sentences):
            update |= {"summary": " ".join(kept), "summary_evidence": story.summary_evidence if kept else []}
        stories.append(story.model_copy(update=update))
    shown = replace(
        claims,
        key_points=_kept(claims.key_points, "key_points", out),
        stories=stories,
        stakes=[s for i, s in enumerate(claims.stakes) if f"stakes[{i}]" not in out],
        risks=[
            r.model_copy(
                update={
                    "indicators": [w for j, w in enumerate(r.indicators) if f"risks[{i}].indicators[{j}]" not in out]
                }
            )
            for i, r in enumerate(claims.risks)
            if f"risks[{i}]" not in out
        ],
    )
    kept_quotes = [
        q.model_copy(update={"translation": None}) if f"quotes[{i}].translation" in out else q
        for i, q in enumerate(quotes)
    ]
    return shown, kept_quotes


def report(checked: Checked) -> list[CheckedClaim]:
    """One entry a claim, its text as the brief has it: what `briefing check` writes."""
    return [
        CheckedClaim(where=item.where, text=item.text, verdict=j.verdict, why=j.why)  # type: ignore[arg-type]
        for item, j in checked.judgements
    ]
