"""Evidence: every claim the brief makes points to the source sentences that support it.

Quotes are trustworthy because the model never writes them; this module brings
the same discipline to the analysis. The map stage sees each excerpt as numbered
sentences and writes *notes* (facts, stakes, risks) that cite sentence numbers,
which become `Evidence` (a source id and the sentence's offsets, text copied by
us; notes.py). The synthesis sees the notes numbered in turn and cites note
numbers, so every key point, summary, stake and risk it writes resolves to the
sentences of its notes. A claim is shown only when:

- every number it cites exists (a made-up number means the model lost track);
- every amount, percentage and date it states is in the sentences it cites;
- for a stake, its holder is named in the excerpt it came from and is an actor
  found in that document: a holder echoed from the prompt's example is not;
- it is written in the brief's language (a small model drifts into the source's);
- every person or organisation it names is named in a sentence it cites: a
  summary that moves a deal from one actor to another cites nothing that says so.

What fails is dropped and counted, never repaired. Stakes and risks the chunks
stated outright are kept even when the synthesis leaves them out, so a small
model that writes a thin synthesis still yields them. Evidence is checked again
at render time (spans.recheck), like quotes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..replies import BriefDraft, Synthesis
from ..schema import Actor, Claim, Evidence, Risk, Stake, Story
from ..text import names
from .grounding import mention_in_text
from .key_points import retells, unlabelled
from .merge import find_actor
from .notes import Note, numbers_in, numbers_kept

MAX_STAKES = 8
MAX_RISKS = 6


@dataclass
class Claims:
    """The analysis of a brief, each part with its evidence, and what was dropped."""

    key_points: list[Claim] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    stakes: list[Stake] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    dropped: int = 0


def _evidence_of(numbers: Sequence[int], index: dict[int, Note]) -> list[Evidence]:
    """The sentences behind the cited notes; empty when nothing is cited or any number does not exist."""
    if not numbers or any(n not in index for n in numbers):
        return []
    seen: dict[tuple[str, int, int], Evidence] = {}
    for n in numbers:
        for item in index[n].evidence:
            seen.setdefault((item.source_id, item.start, item.end), item)
    return sorted(seen.values(), key=lambda e: (e.source_id, e.start))


def actors_supported(claim: str, evidence: Sequence[Evidence], actors: Sequence[Actor]) -> bool:
    """Every person and organisation the claim names is named in a sentence it cites."""
    folded = claim.casefold()
    cited = " ".join(e.text for e in evidence)
    for actor in actors:
        if actor.kind not in ("person", "organization"):
            continue  # countries go by many names ("Washington", "США"): too loose to hold a claim to
        words = [w for w in names.words(actor.name) if len(w) > 3]
        if not any(w.casefold() in folded for w in words) or not mention_in_text(actor.name, claim):
            continue
        if not any(mention_in_text(spelling, cited) for spelling in (actor.name, *actor.aliases)):
            return False
    return True


# "…, according to Bloomberg." The outlet is often named in the sentence after the one cited ("…, пишет
# Bloomberg"): the claim is shown without the attribution its sentences do not hold, rather than withheld for it.
_TRAILING_SOURCE = re.compile(
    r"[,;]?\s+(?:according to|as reported by|reported by|reports|writes|wrote)\s+"
    r"(?P<source>[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*){0,3})\s*\.?\s*$"
)


def without_unsourced_attribution(text: str, evidence: Sequence[Evidence]) -> str:
    """The claim without a closing "according to X" that none of its sentences names X in."""
    found = _TRAILING_SOURCE.search(text)
    if found is None or any(mention_in_text(found["source"], e.text) for e in evidence):
        return text
    return text[: found.start()].rstrip(" ,;") + "."


def _claim(text: str, numbers: Sequence[int], index: dict[int, Note], actors: Sequence[Actor]) -> Claim | None:
    evidence = _evidence_of(numbers, index)
    text = without_unsourced_attribution(unlabelled(text), evidence)
    if not evidence or not text.strip() or not numbers_kept(text, evidence):
        return None
    if not actors_supported(text, evidence, actors):
        return None
    return Claim(text=text.strip(), evidence=evidence)


def build_claims(
    synthesis: BriefDraft,
    numbered: list[list[tuple[int, Note]]],
    story_groups: Sequence[Sequence[str]],
    titles: dict[str, str],
    actors: list[Actor],
) -> Claims:
    """Key points, stories, stakes and risks of the brief, each with valid evidence."""
    index = {number: note for story in numbered for number, note in story}
    claims = Claims()

    def kept(claim: Claim | None) -> Claim | None:
        if claim is None:
            claims.dropped += 1
        return claim

    for draft in synthesis.stakes:
        stake = _ranked(draft.notes, index, "stake")
        holder = _holder(stake[0], actors) if stake else None
        if stake and holder:
            # A 1.5B model groups a holder's different stakes as one ("partnership" and "a $4.2 billion
            # contract"): only notes stating no other figure are the same stake; the rest stand on their own.
            same = [n for n in draft.notes if numbers_in(index[n].text) <= numbers_in(stake[0].text)]
            evidence = _evidence_of(same, index)
            first = stake[0]
            claims.stakes.append(
                Stake(holder=holder, stake=first.text, direction=first.direction, evidence=evidence,
                      untranslated=first.untranslated)
            )  # fmt: skip
        else:
            claims.dropped += 1
    for draft in synthesis.risks:
        risk = _ranked(draft.notes, index, "risk")
        if risk:
            first = risk[0]
            claims.risks.append(
                Risk(
                    description=first.text,
                    likelihood=first.likelihood,
                    impact=first.impact,
                    indicators=draft.indicators,
                    evidence=_evidence_of(draft.notes, index),
                    untranslated=first.untranslated,
                )
            )
        else:
            claims.dropped += 1

    notes = [note for story in numbered for _, note in story]
    claims.dropped += _add_uncited_stakes(claims.stakes, [n for n in notes if n.kind == "stake"], actors)
    _add_uncited_risks(claims.risks, [n for n in notes if n.kind == "risk"])

    # Key points after the stakes and risks: a key point that only retells one of them is left out.
    told = [*(f"{s.holder} {s.stake}" for s in claims.stakes), *(r.description for r in claims.risks)]
    holders = [s.holder for s in claims.stakes]
    points = [p for p in synthesis.key_points
              if not retells(p.text, [index[n] for n in p.notes if n in index], told, holders)]  # fmt: skip
    claims.key_points = [c for p in points if (c := kept(_claim(p.text, p.notes, index, actors)))]
    if not claims.key_points:
        # A synthesis whose key points all failed or retold stakes: the first fact of each story still tells the news.
        firsts = [next((n for _, n in story if n.kind == "fact"), None) for story in numbered]
        claims.key_points = [
            Claim(text=without_unsourced_attribution(n.text, n.evidence), evidence=list(n.evidence))
            for n in firsts
            if n
        ][:6]
    if isinstance(synthesis, Synthesis):
        claims.stories = _stories(synthesis.stories, numbered, story_groups, titles, index, kept, actors)
    elif story_groups:  # one story: the brief's own title and key points tell it, the story only lists its sources
        claims.stories = [Story(id="story-1", headline=synthesis.title, summary="", source_ids=list(story_groups[0]))]
    return claims


def _ranked(numbers: Sequence[int], index: dict[int, Note], kind: str) -> list[Note]:
    """The notes a ranked stake or risk cites; empty unless all exist and are of that kind."""
    notes = [index.get(n) for n in numbers]
    return [n for n in notes if n] if numbers and all(n is not None and n.kind == kind for n in notes) else []


def _stories(drafts, numbered, story_groups, titles, index, kept, actors) -> list[Story]:
    """Stories cite the sources our grouping put in them, never ones the model picked.

    A story the model left out still appears, from its notes, so no source is lost.
    """
    stories: dict[int, Story] = {}
    for draft in drafts:
        if not 1 <= draft.story <= len(story_groups) or draft.story in stories:
            continue
        summary = kept(_claim(draft.summary, draft.summary_notes, index, actors)) if draft.summary.strip() else None
        points = [c for p in draft.key_points if (c := kept(_claim(p.text, p.notes, index, actors)))]
        stories[draft.story] = Story(
            id=f"story-{draft.story}",
            headline=draft.headline,
            summary=summary.text if summary else "",
            summary_evidence=summary.evidence if summary else [],
            key_points=points,
            source_ids=list(story_groups[draft.story - 1]),
        )
    for number, ids in enumerate(story_groups, start=1):
        if number not in stories:
            facts = [n for _, n in numbered[number - 1] if n.kind == "fact"][:5]
            stories[number] = Story(
                id=f"story-{number}",
                headline=titles[ids[0]],
                summary="",
                key_points=[Claim(text=n.text, evidence=list(n.evidence)) for n in facts],
                source_ids=list(ids),
            )
    return [stories[number] for number in sorted(stories)]


def _holder(note: Note, actors: list[Actor]) -> str | None:
    """The stake's holder as the actors table names it: an actor found in the document that states the stake."""
    actor = find_actor(note.holder or "", actors)
    return actor.name if actor is not None and note.source_id in actor.source_ids else None


def _covered(evidence: Sequence[Evidence], shown: Iterable[Sequence[Evidence]]) -> bool:
    spans = {(e.source_id, e.start) for items in shown for e in items}
    return any((e.source_id, e.start) in spans for e in evidence)


def _add_uncited_stakes(stakes: list[Stake], notes: Sequence[Note], actors: list[Actor]) -> int:
    """Stakes the chunks stated that no shown stake covers, after the synthesis' own; returns how many failed."""
    dropped = 0
    for note in notes:
        if len(stakes) >= MAX_STAKES:
            break
        holder = _holder(note, actors)
        if holder is None:
            dropped += 1
            continue
        # One sentence can state two stakes ("X ordered jets for $8 billion, and Y signed a $4.2 billion
        # contract"): a stake is already shown when one of the same holder cites its sentence.
        if _covered(note.evidence, (s.evidence for s in stakes if s.holder == holder)):
            continue
        stakes.append(
            Stake(
                holder=holder,
                stake=note.text,
                direction=note.direction or "uncertain",  # type: ignore[arg-type]
                evidence=list(note.evidence),
                untranslated=note.untranslated,
            )
        )
    return dropped


def _add_uncited_risks(risks: list[Risk], notes: Sequence[Note]) -> None:
    for note in notes:
        if len(risks) >= MAX_RISKS:
            return
        if _covered(note.evidence, (r.evidence for r in risks)):
            continue
        risks.append(
            Risk(
                description=note.text,
                likelihood=note.likelihood or "medium",  # type: ignore[arg-type]
                impact=note.impact or "medium",  # type: ignore[arg-type]
                evidence=list(note.evidence),
                untranslated=note.untranslated,
            )
        )


# -- render time ---------------------------------------------------------------------
