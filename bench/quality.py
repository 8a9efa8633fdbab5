"""How good is a brief? Scores brief.json files against hand-written gold files and prints one table.

    python bench/quality.py BRIEF.json GOLD.yaml [BRIEF.json GOLD.yaml ...] [--json]

One row per pair. The brief is read as plain JSON, not through the pydantic models, so a brief
of any schema version scores: schema 3 (key points as strings, no evidence) shows "-" for the
evidence figures and 0 for claims with evidence; schema 4 carries `evidence` lists of
{source_id, start, end, text} on key points, story key points and summaries, stakes and risks,
and `also_in` on quotes.

Gold file format (YAML). Documents are named by file name or file stem ("wire-c5-summit.html",
"wire-c5-summit"), or by source id; a brief's sources answer to all of these.

    documents: [a.html, b.txt]          # the documents the brief is made from (a warning if one is missing)
    actors:                             # recall: a gold actor is found when any brief actor's name or alias
      - name: Kassym-Jomart Tokayev     #   is one of its spellings (compared by phonetic word keys, so a
        spellings: [Tokayev, Токаев]    #   transliteration or an inflected ending of a listed spelling counts)
        key: true                       # optional: counted apart too ("7/7 key")
    quotes:
      - text: "тонким балансом"         # a fragment of the quotation (contained in the brief's quote text)
        sources: [seed.txt]             # every document carrying these words; all must be cited by ONE quote
        speaker: [Bloomberg]            # accepted speakers (and their spellings under actors); null = unattributed
    stakes:                             # recall: a brief stake whose holder is one of `holder` and whose
      - holder: [Cove Capital]          #   stake text contains a keyword; `keywords` is a list (any of them)
        keywords: [tungsten, вольфрам]  #   or a list of lists (one of each inner list)
    risks:
      - keywords: [[Russia], [balance, limit]]   # matched in description + indicators
    stories:                            # the events: lists of documents told together
      - [a.html, b.txt]
    copies: {copy.txt: original.txt}    # reports that reproduce another's text
    disagreements:                      # figures the sources of one story give differently
      - positions:                      #   each position: the numbers its value gives, or words of it,
          - {numbers: ["37"], sources: [a.html]}      # and the documents that give it
          - {words: [may], sources: [b.txt]}
    facts:                              # figures (numbers, or words) and the independent sources that state them
      - {numbers: ["1.1"], sources: [a.html, b.txt]}

Figures (column: what it counts):
- actors: gold actors found / gold actors (key ones in brackets); dup: gold actors listed more than once
  (extra brief actors matching one gold actor, e.g. "US" and "United States" apart).
- quotes: gold quotes found / gold quotes; verbatim: brief quote spans (also_in spans too) whose text is
  source.text[start:end]; speakers: gold quotes found with an accepted speaker / gold quotes; shared once:
  gold quotes in 2+ documents shown as one quote citing all of them.
- stakes, risks: gold stakes/risks matched / gold.
- evidence: Evidence spans that lie in their source at their offsets / all spans ("-" without any);
  claims w/ ev.: claims (key points, story summaries and key points, stakes, risks) with at least one
  valid span / claims.
- stories: the brief's stories / gold events; P/R: pairwise precision and recall of "same story" over the
  gold documents.
- numbers: numbers (amounts, dates, percentages) in stakes and key points found in their own evidence / all.
- copies: gold copies the brief lists with their original / gold copies; false copies: brief copies not in the gold.
- disputes: gold disagreements found (one brief disagreement with a position for each gold one: its value,
  every gold source among its sources, and a valid sentence of each) / gold; false disp.: brief disagreements
  matching no gold one.
- sources right: claims stating a gold fact's numbers whose independent sources are exactly the documents
  stating all the facts it states / such claims (a claim whose facts no one document states all of is left out).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing.text import names  # noqa: E402

_SUFFIXES = {"llc", "inc", "ltd", "corp", "corporation", "co", "plc", "gmbh", "ag", "sa", "jsc", "the"}
_POSSESSIVE = re.compile(r"['’]s\b")
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*")
_QUOTE_MARKS = str.maketrans({c: '"' for c in "«»“”„‟\"'’‘‚"})


class GoldError(ValueError):
    """A gold or brief file that cannot be scored."""


# --- names -------------------------------------------------------------------------------


def _name_key(name: str) -> tuple[str, ...]:
    folded = [w.casefold() for w in names.words(_POSSESSIVE.sub("", name))]
    return tuple(names.sound(w) for w in ([w for w in folded if w not in _SUFFIXES] or folded))


def _word_match(a: str, b: str) -> bool:
    return names.close(a, b) or (min(len(a), len(b)) >= 5 and names.stem(a) == names.stem(b))


def same_name(a: str, b: str) -> bool:
    """One spelling of one name: same number of words, each a close spelling or the same stem."""
    ka, kb = _name_key(a), _name_key(b)
    return bool(ka) and len(ka) == len(kb) and all(_word_match(x, y) for x, y in zip(ka, kb, strict=True))


def _any_name(candidates: list[str], spellings: list[str]) -> bool:
    return any(same_name(c, s) for c in candidates for s in spellings)


# --- reading -----------------------------------------------------------------------------


def load_gold(path: str | Path) -> dict[str, Any]:
    try:
        gold = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise GoldError(f"{path}: {exc}".splitlines()[0]) from exc
    if not isinstance(gold, dict):
        raise GoldError(f"{path}: a gold file is a YAML mapping")
    return gold


def load_brief(path: str | Path) -> dict[str, Any]:
    try:
        brief = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GoldError(f"{path}: {exc}".splitlines()[0]) from exc
    if not isinstance(brief, dict) or "sources" not in brief:
        raise GoldError(f"{path}: not a brief.json (no sources)")
    return brief


def _source_names(source: dict[str, Any]) -> set[str]:
    """Every way a gold file may name a source: id, id without its hash, file name, file stem."""
    location = str(source.get("location", "")).rstrip("/")
    base = location.rsplit("/", 1)[-1]
    found = {source["id"], source["id"].rsplit("-", 1)[0], base, base.split(".", 1)[0]}
    if base.count(".") > 1:
        found.add(base.rsplit(".", 1)[0])
    return {n for n in found if n}


def _as_list(value: Any) -> list:
    if value is None:
        return [None]
    return value if isinstance(value, list) else [value]


def _keyword_groups(keywords: Any) -> list[list[str]]:
    """`[a, b]` -> one group (any of them); `[[a, b], [c]]` -> every group must match."""
    items = _as_list(keywords)
    if items and all(isinstance(k, list) for k in items):
        return [[str(k).casefold() for k in group] for group in items]
    return [[str(k).casefold() for k in items if k is not None]]


def _has_keywords(text: str, keywords: Any) -> bool:
    folded = text.casefold()
    return all(any(k in folded for k in group) for group in _keyword_groups(keywords))


def _norm_quote(text: str) -> str:
    return " ".join(text.translate(_QUOTE_MARKS).casefold().split()).strip(' .,;:!?"—-…')


def _claim_text(item: Any) -> str:
    return item if isinstance(item, str) else str(item.get("text", ""))


def _numbers(text: str) -> set[str]:
    """Numbers, normalised: "4,2" and "4.2" meet; "8,000" and "8000" meet."""
    found = set()
    for raw in _NUMBER.findall(text):
        parts = re.split(r"[.,]", raw)
        whole, rest = parts[0], parts[1:]
        while rest and len(rest[0]) == 3:  # thousands separators
            whole += rest.pop(0)
        found.add(whole + ("." + "".join(rest) if rest else ""))
    return found


# --- scoring -----------------------------------------------------------------------------


@dataclass
class Score:
    """One brief against one gold file. Each figure is (hits, total); total 0 prints "-"."""

    name: str
    actors: tuple[int, int] = (0, 0)
    key_actors: tuple[int, int] = (0, 0)
    duplicates: int = 0
    quotes: tuple[int, int] = (0, 0)
    verbatim: tuple[int, int] = (0, 0)
    speakers: tuple[int, int] = (0, 0)
    shared_once: tuple[int, int] = (0, 0)
    stakes: tuple[int, int] = (0, 0)
    risks: tuple[int, int] = (0, 0)
    evidence: tuple[int, int] = (0, 0)
    claims: tuple[int, int] = (0, 0)
    stories: tuple[int, int] = (0, 0)
    pair_precision: tuple[int, int] = (0, 0)
    pair_recall: tuple[int, int] = (0, 0)
    numbers: tuple[int, int] = (0, 0)
    copies: tuple[int, int] = (0, 0)
    false_copies: int = 0
    disagreements: tuple[int, int] = (0, 0)
    false_disagreements: int = 0
    independent: tuple[int, int] = (0, 0)
    missing_documents: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)


class _Brief:
    def __init__(self, brief: dict[str, Any]) -> None:
        self.raw = brief
        self.sources = {s["id"]: s for s in brief.get("sources", [])}
        self.by_name: dict[str, str] = {}
        for sid, source in self.sources.items():
            for n in _source_names(source):
                self.by_name.setdefault(n, sid)

    def source_id(self, gold_name: str) -> str | None:
        return self.by_name.get(gold_name) or self.by_name.get(gold_name.split(".", 1)[0])

    def valid(self, ev: dict[str, Any]) -> bool:
        source = self.sources.get(ev.get("source_id"))
        if source is None:
            return False
        start, end, text = ev.get("start"), ev.get("end"), source["text"]
        return (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)) and text[
            start:end
        ] == ev.get("text")

    def claims(self) -> list[tuple[str, str, list[dict]]]:
        """(kind, text, evidence) of every claim the brief makes."""
        b = self.raw
        out = [("key point", _claim_text(k), _evidence(k)) for k in b.get("key_points", [])]
        for story in b.get("stories", []):
            if story.get("summary"):
                out.append(("summary", story["summary"], story.get("summary_evidence", [])))
            out += [("key point", _claim_text(k), _evidence(k)) for k in story.get("key_points", [])]
        out += [("stake", f"{s.get('holder')}: {s.get('stake')}", s.get("evidence", [])) for s in b.get("stakes", [])]
        out += [("risk", r.get("description", ""), r.get("evidence", [])) for r in b.get("risks", [])]
        return out

    def corroborated(self) -> list[tuple[str, dict[str, Any]]]:
        """(text, corroboration) of every claim that carries one."""
        b = self.raw
        out = [(k.get("text", ""), k.get("corroboration")) for k in b.get("key_points", []) if isinstance(k, dict)]
        for story in b.get("stories", []):
            if story.get("summary"):
                out.append((story["summary"], story.get("summary_corroboration")))
            out += [(k.get("text", ""), k.get("corroboration")) for k in story.get("key_points", [])]
        out += [(s.get("stake", ""), s.get("corroboration")) for s in b.get("stakes", [])]
        out += [(r.get("description", ""), r.get("corroboration")) for r in b.get("risks", [])]
        return [(text, c) for text, c in out if c]

    def spans(self) -> list[dict[str, Any]]:
        spans = [ev for _, _, evidence in self.claims() for ev in evidence]
        return spans + [ev for q in self.raw.get("quotes", []) for ev in q.get("also_in", [])]


def _evidence(item: Any) -> list[dict]:
    return [] if isinstance(item, str) else list(item.get("evidence", []))


def _quote_places(quote: dict[str, Any]) -> list[dict[str, Any]]:
    return [quote, *quote.get("also_in", [])]


def _with_spellings(accepted: list, actors: list[dict[str, Any]]) -> list:
    """Accepted speakers plus the spellings the gold gives their actors ("Kate Mallinson" -> "Keyt Mallinson")."""
    more = [
        spelling
        for actor in actors
        if _any_name([actor["name"]], [str(a) for a in accepted if a is not None])
        for spelling in actor.get("spellings", [])
    ]
    return accepted + more


def _speaker_ok(speaker: Any, accepted: list) -> bool:
    if speaker is None or str(speaker).strip().casefold() in {"", "null", "none", "unknown"}:
        return None in accepted
    return _any_name([str(speaker)], [str(a) for a in accepted if a is not None])


def _fragment_in(gold_text: str, quote_text: str) -> bool:
    g, q = _norm_quote(gold_text), _norm_quote(quote_text)
    return bool(g and q) and (g in q or (len(q) >= 20 and q in g))


def score(brief: dict[str, Any], gold: dict[str, Any], name: str = "") -> Score:
    """Score one brief (a brief.json as a dict) against one gold file (as a dict)."""
    b = _Brief(brief)
    s = Score(name=name)
    documents = [str(d) for d in gold.get("documents", [])]
    s.missing_documents = [d for d in documents if b.source_id(d) is None]

    # Actors.
    found = key_found = key_total = 0
    for actor in gold.get("actors", []):
        spellings = [actor["name"], *actor.get("spellings", [])]
        matches = [a for a in brief.get("actors", []) if _any_name([a["name"], *a.get("aliases", [])], spellings)]
        found += bool(matches)
        s.duplicates += max(0, len(matches) - 1)
        if len(matches) > 1:
            s.details.append(f"actor listed {len(matches)} times: {[a['name'] for a in matches]}")
        if actor.get("key"):
            key_total += 1
            key_found += bool(matches)
        if not matches:
            s.details.append(f"actor not found: {actor['name']}")
    s.actors = (found, len(gold.get("actors", [])))
    s.key_actors = (key_found, key_total)

    # Quotes.
    quotes = brief.get("quotes", [])
    places = [p for q in quotes for p in _quote_places(q)]
    s.verbatim = (sum(b.valid(p) for p in places), len(places))
    q_found = q_speaker = shared = shared_ok = 0
    for gq in gold.get("quotes", []):
        ids = [b.source_id(str(d)) for d in _as_list(gq.get("sources") or gq.get("source"))]
        ids = [i for i in ids if i]
        carriers = [
            q
            for q in quotes
            if any(p.get("source_id") in ids and _fragment_in(gq["text"], p["text"]) for p in _quote_places(q))
        ]
        if not carriers:
            s.details.append(f"quote not found: {gq['text'][:40]}")
        q_found += bool(carriers)
        accepted = _with_spellings(_as_list(gq.get("speaker")), gold.get("actors", []))
        spoken = [c.get("speaker") for c in carriers]
        right = bool(spoken) and all(_speaker_ok(sp, accepted) for sp in spoken)
        if carriers and not right:
            s.details.append(f"speaker of {gq['text'][:30]!r}: {spoken}, expected {accepted}")
        q_speaker += right
        if len(ids) > 1:
            shared += 1
            cited = {p.get("source_id") for p in _quote_places(carriers[0])} if len(carriers) == 1 else set()
            shared_ok += set(ids) <= cited
            if not set(ids) <= cited:
                s.details.append(f"shared quote in {len(carriers)} entries, not one citing all: {gq['text'][:30]!r}")
    n_quotes = len(gold.get("quotes", []))
    s.quotes, s.speakers, s.shared_once = (q_found, n_quotes), (q_speaker, n_quotes), (shared_ok, shared)

    # Stakes and risks.
    stakes_hit = 0
    for gs in gold.get("stakes", []):
        holders = [str(h) for h in _as_list(gs.get("holder")) if h]
        hit = any(
            _any_name([str(st.get("holder", ""))], holders) and _has_keywords(str(st.get("stake", "")), gs["keywords"])
            for st in brief.get("stakes", [])
        )
        stakes_hit += hit
        if not hit:
            s.details.append(f"stake not found: {holders[0]} / {_keyword_groups(gs['keywords'])[0][:3]}")
    s.stakes = (stakes_hit, len(gold.get("stakes", [])))
    risks_hit = 0
    for gr in gold.get("risks", []):
        texts = [" ".join([r.get("description", ""), *r.get("indicators", [])]) for r in brief.get("risks", [])]
        hit = any(_has_keywords(t, gr["keywords"]) for t in texts)
        risks_hit += hit
        if not hit:
            s.details.append(f"risk not found: {_keyword_groups(gr['keywords'])}")
    s.risks = (risks_hit, len(gold.get("risks", [])))

    # Evidence and numbers.
    spans = b.spans()
    s.evidence = (sum(b.valid(e) for e in spans), len(spans))
    claims = b.claims()
    s.claims = (sum(any(b.valid(e) for e in ev) for _, _, ev in claims), len(claims))
    kept = total = 0
    for kind, text, evidence in claims:
        if kind not in ("stake", "key point"):
            continue
        cited = set().union(*(_numbers(e.get("text", "")) for e in evidence if b.valid(e))) if evidence else set()
        for number in _numbers(text):
            total += 1
            kept += number in cited
    s.numbers = (kept, total)

    # Stories: pairs of gold documents told together or apart.
    gold_story = {}
    for n, group in enumerate(gold.get("stories", [])):
        for d in group:
            sid = b.source_id(str(d))
            if sid:
                gold_story[sid] = n
    brief_story = {}
    for n, story in enumerate(brief.get("stories", [])):
        for sid in story.get("source_ids", []):
            brief_story.setdefault(sid, n)
    together_gold = together_brief = both = 0
    for x, y in combinations(sorted(gold_story), 2):
        g = gold_story[x] == gold_story[y]
        br = x in brief_story and brief_story.get(x) == brief_story.get(y)
        together_gold += g
        together_brief += br
        both += g and br
    s.pair_precision, s.pair_recall = (both, together_brief), (both, together_gold)
    s.stories = (len(brief.get("stories", [])), len(gold.get("stories", [])))
    _score_corroboration(b, gold, s)
    return s


def _ids(b: _Brief, documents: Any) -> set[str]:
    return {sid for d in _as_list(documents) if d is not None and (sid := b.source_id(str(d)))}


def _position_matches(b: _Brief, position: dict[str, Any], gold: dict[str, Any]) -> bool:
    value = str(position.get("value", ""))
    numbers, words = [str(n) for n in gold.get("numbers", [])], [str(w).casefold() for w in gold.get("words", [])]
    if not (set(numbers) <= _numbers(value) if numbers else any(w in value.casefold() for w in words)):
        return False
    wanted = _ids(b, gold.get("sources"))
    holders = {*position.get("sources", []), *position.get("copies", [])}
    shown = {e.get("source_id") for e in position.get("evidence", []) if b.valid(e)}
    return wanted <= holders and wanted <= shown


def _score_corroboration(b: _Brief, gold: dict[str, Any], s: Score) -> None:
    """Copies recognised, disagreements found and false ones, independent-source counts right."""
    listed = {(c.get("source_id"), c.get("original_id")) for c in b.raw.get("copies", [])}
    gold_copies = {(b.source_id(str(c)), b.source_id(str(o))) for c, o in (gold.get("copies") or {}).items()}
    s.copies = (len(gold_copies & listed), len(gold_copies))
    s.false_copies = len(listed - gold_copies) if "copies" in gold else 0
    for missed in gold_copies - listed:
        s.details.append(f"copy not recognised: {missed[0]} of {missed[1]}")
    brief_disputes = b.raw.get("disagreements", [])
    matched: set[int] = set()
    found = 0
    for gd in gold.get("disagreements", []):
        hit = next(
            (
                i
                for i, d in enumerate(brief_disputes)
                if all(any(_position_matches(b, p, gp) for p in d.get("positions", [])) for gp in gd["positions"])
            ),
            None,
        )
        found += hit is not None
        if hit is None:
            s.details.append(f"disagreement not found: {gd.get('about', gd['positions'])}")
        else:
            matched.add(hit)
    s.disagreements = (found, len(gold.get("disagreements", [])))
    if "disagreements" in gold:
        s.false_disagreements = len(brief_disputes) - len(matched)
        for i, d in enumerate(brief_disputes):
            if i not in matched:
                s.details.append(f"false disagreement: {d.get('about')}: {[p.get('value') for p in d['positions']]}")
    right = total = 0
    facts = [
        ({str(n) for n in f.get("numbers", [])}, [str(w).casefold() for w in f.get("words", [])], _ids(b, f["sources"]))
        for f in gold.get("facts", [])
    ]

    def gives(gold_position: dict[str, Any], stated: set[str], folded: str) -> bool:
        numbers = {str(n) for n in gold_position.get("numbers", [])}
        return (
            numbers <= stated if numbers else any(str(w).casefold() in folded for w in gold_position.get("words", []))
        )

    for text, corroboration in b.corroborated():
        stated, folded = _numbers(text), text.casefold()
        # A claim giving two sides of a disagreement ("Almaty or Astana (sources differ)") is no one fact's.
        if any(sum(gives(p, stated, folded) for p in gd["positions"]) > 1 for gd in gold.get("disagreements", [])):
            continue
        expected = [
            sources
            for numbers, words, sources in facts
            if (numbers or words) and numbers <= stated and (not words or any(w in folded for w in words))
        ]
        want = set.intersection(*expected) if expected else set()
        if not want:  # no gold fact, or both sides of a disagreement in one claim: nothing to score
            continue
        total += 1
        got = set(corroboration.get("independent_sources", []))
        right += got == want
        if got != want:
            s.details.append(f"sources of {text[:50]!r}: {sorted(got)}, expected {sorted(want)}")
    s.independent = (right, total)


# --- printing ----------------------------------------------------------------------------


def _frac(pair: tuple[int, int], percent: bool = False) -> str:
    hits, total = pair
    if not total:
        return "-"
    return f"{100 * hits / total:.0f}%" if percent else f"{hits}/{total}"


COLUMNS = [
    ("brief", lambda s: s.name),
    ("actors", lambda s: f"{_frac(s.actors)} ({_frac(s.key_actors)} key)" if s.key_actors[1] else _frac(s.actors)),
    ("dup", lambda s: str(s.duplicates)),
    ("quotes", lambda s: _frac(s.quotes)),
    ("verbatim", lambda s: _frac(s.verbatim, True)),
    ("speakers", lambda s: _frac(s.speakers)),
    ("shared once", lambda s: _frac(s.shared_once)),
    ("stakes", lambda s: _frac(s.stakes)),
    ("risks", lambda s: _frac(s.risks)),
    ("evidence valid", lambda s: _frac(s.evidence, True)),
    ("claims w/ ev.", lambda s: _frac(s.claims)),
    ("stories", lambda s: f"{s.stories[0]} for {s.stories[1]}" if s.stories[1] else "-"),
    ("pairs P/R", lambda s: f"{_frac(s.pair_precision, True)}/{_frac(s.pair_recall, True)}"),
    ("numbers kept", lambda s: _frac(s.numbers)),
    ("copies", lambda s: _frac(s.copies)),
    ("false copies", lambda s: str(s.false_copies)),
    ("disputes", lambda s: _frac(s.disagreements)),
    ("false disp.", lambda s: str(s.false_disagreements)),
    ("sources right", lambda s: _frac(s.independent)),
]


def table(scores: list[Score]) -> str:
    """The scores as one Markdown table."""
    rows = [[label for label, _ in COLUMNS]] + [[cell(s) for _, cell in COLUMNS] for s in scores]
    widths = [max(len(r[i]) for r in rows) for i in range(len(COLUMNS))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pairs", nargs="+", metavar="BRIEF.json GOLD.yaml")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON lines instead")
    parser.add_argument("-v", "--verbose", action="store_true", help="also list what was missed")
    args = parser.parse_args(argv)
    if len(args.pairs) % 2:
        print("quality: error: give BRIEF.json GOLD.yaml in pairs", file=sys.stderr)
        return 2
    scores = []
    try:
        for brief_path, gold_path in zip(args.pairs[::2], args.pairs[1::2], strict=True):
            label = f"{Path(brief_path).parent.name}/{Path(brief_path).name} vs {Path(gold_path).stem}"
            scores.append(score(load_brief(brief_path), load_gold(gold_path), label))
    except (GoldError, KeyError, TypeError) as exc:
        print(f"quality: error: {exc}", file=sys.stderr)
        return 2
    for s in scores:
        if s.missing_documents:
            print(f"quality: warning: {s.name}: documents not in the brief: {s.missing_documents}", file=sys.stderr)
    if args.json:
        for s in scores:
            print(json.dumps(s.__dict__, ensure_ascii=False))
    else:
        print(table(scores))
    if args.verbose:
        for s in scores:
            print(f"\n{s.name}:", *(f"  - {d}" for d in s.details), sep="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
