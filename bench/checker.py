"""The claim checker on its labelled set: what it catches, what it withholds wrongly, what it costs.

    python bench/checker.py                                  # the embedded model; a few minutes on 2 cores
    python bench/checker.py --replay cassettes/checks.yaml   # offline, from the recording
    python bench/checker.py --record cassettes/checks.yaml   # record the model's calls into a cassette
    python bench/checker.py --set holdout --replay cassettes/checks-holdout.yaml   # the held-out claims

tests/data/checks/claims.yaml holds English claims about Russian, German and English
sentences, half supported, half misstating their sentence, labelled by kind. They are
made into one brief (each sentence a source, each claim a key point citing its
sentences) and checked by `briefing.check`, the library call behind `briefing check`,
with the check's cache off so every call is made. Printed: the catch rate (unsupported
claims withheld), the false-alarm rate (supported claims withheld), both per kind and
per check (the free checks, the model), with "partly" withheld and shown, and the cost:
model calls, prompt tokens (and those the server evaluated), completion tokens, seconds.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing import Settings  # noqa: E402
from briefing.pipeline import check  # noqa: E402
from briefing.schema import Briefing, CheckReport, Claim, Evidence, RunMetadata, Source, Stake  # noqa: E402

CLAIMS = ROOT / "tests" / "data" / "checks" / "claims.yaml"
HOLDOUT = ROOT / "tests" / "data" / "checks" / "holdout.yaml"  # written after the free checks, not tuned on
SETS = {"claims": CLAIMS, "holdout": HOLDOUT}


@dataclass(frozen=True)
class Labelled:
    id: str
    claim: str
    label: str  # "supported" or "unsupported"
    kind: str
    cites: tuple[str, ...]
    holder: str = ""  # a stake's, with its direction: the claim is what is at stake
    direction: str = ""


def load_set(path: Path = CLAIMS) -> tuple[dict[str, dict], list[Labelled]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    claims = [Labelled(c["id"], c["claim"], c["label"], c["kind"], tuple(c["cites"]), c.get("holder", ""),
                       c.get("direction", "")) for c in data["claims"]]  # fmt: skip
    return data["sentences"], claims


def as_brief(sentences: dict[str, dict], claims: list[Labelled]) -> Briefing:
    """The set as one brief: each sentence a source of its own, each claim a key point citing its sentences."""
    texts = {key: s["text"] for key, s in sentences.items()}
    sources = [
        Source(
            id=key,
            title=key,
            location=s["source"],
            language=Path(s["source"]).suffixes[-2].lstrip(".") if len(Path(s["source"]).suffixes) > 1 else None,
            sha256=hashlib.sha256(s["text"].encode()).hexdigest(),
            text=s["text"],
        )
        for key, s in sentences.items()
    ]

    def cited(keys: tuple[str, ...]) -> list[Evidence]:
        return [Evidence(source_id=k, start=0, end=len(texts[k]), text=texts[k]) for k in keys]

    points = [Claim(text=c.claim, evidence=cited(c.cites)) for c in claims if not c.holder]
    stakes = [Stake(holder=c.holder, stake=c.claim, direction=c.direction, evidence=cited(c.cites))
              for c in claims if c.holder]  # fmt: skip
    run = RunMetadata(model="labelled set", endpoint="none", structured_output="none", prompts={})
    return Briefing(title="The checker's labelled set", date="", language="en", bluf="", key_points=points,
                    stories=[], actors=[], stakes=stakes, risks=[], quotes=[], sources=sources, run=run)  # fmt: skip


def places(claims: list[Labelled]) -> list[str]:
    """Where each labelled claim stands in the brief `as_brief` makes: a key point, or a stake."""
    seen: Counter[str] = Counter()
    found = []
    for claim in claims:
        section = "stakes" if claim.holder else "key_points"
        found.append(f"{section}[{seen[section]}]")
        seen[section] += 1
    return found


def run_check(
    settings: Settings, replay: Path | None = None, record: Path | None = None, path: Path = CLAIMS
) -> CheckReport:
    sentences, claims = load_set(path)
    return check(as_brief(sentences, claims), settings.model_copy(update={"use_cache": False}), replay=replay,
                 record=record)  # fmt: skip


def by_free_check(why: str) -> bool:
    return not why.startswith(("the model", "the check gave", "not checked"))


def figures(report: CheckReport, claims: list[Labelled], withheld: frozenset[str]) -> dict:
    """Catch and false-alarm rates, overall, per kind and per check, with `withheld` verdicts not shown."""
    verdicts = {c.where: c for c in report.claims}
    caught: Counter[str] = Counter()
    total: Counter[str] = Counter()
    free = model = false_alarms = 0
    for claim, where in zip(claims, places(claims), strict=True):
        checked = verdicts[where]
        out = checked.verdict in withheld
        total[claim.kind] += 1
        if claim.label == "unsupported":
            caught[claim.kind] += out
            if out:
                free += by_free_check(checked.why)
                model += not by_free_check(checked.why)
        else:
            caught[claim.kind] += out  # for paraphrases, a "catch" is a false alarm
            false_alarms += out
    unsupported = sum(c.label == "unsupported" for c in claims)
    supported = len(claims) - unsupported
    kinds = {kind: (caught[kind], total[kind]) for kind in total}
    return {
        "caught": sum(n for kind, (n, _) in kinds.items() if kind != "paraphrase"),
        "unsupported": unsupported,
        "false_alarms": false_alarms,
        "supported": supported,
        "catch_rate": round(sum(n for k, (n, _) in kinds.items() if k != "paraphrase") / unsupported, 3),
        "false_alarm_rate": round(false_alarms / supported, 3),
        "by_free_checks": free,
        "by_model": model,
        "kinds": kinds,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    tape = parser.add_mutually_exclusive_group()
    tape.add_argument("--replay", type=Path)
    tape.add_argument("--record", type=Path)
    parser.add_argument("--provider", default="local", choices=["auto", "openai", "local"])
    parser.add_argument("--json", type=Path, help="write the report and the figures here")
    parser.add_argument("--set", choices=sorted(SETS), default="claims", help="the labelled set, or the held-out one")
    args = parser.parse_args(argv)

    _, claims = load_set(SETS[args.set])
    settings = Settings.from_env(provider=args.provider, language="en")
    report = run_check(settings, args.replay, args.record, SETS[args.set])
    results = {}
    for name, withheld in (("partly withheld", frozenset({"unsupported", "partly"})),
                           ("partly shown", frozenset({"unsupported"}))):  # fmt: skip
        f = figures(report, claims, withheld)
        results[name] = f
        print(f"## {name}")
        print(f"caught      {f['caught']}/{f['unsupported']} unsupported = {f['catch_rate']:.0%} "
              f"(free checks {f['by_free_checks']}, model {f['by_model']})")  # fmt: skip
        print(f"false alarm {f['false_alarms']}/{f['supported']} supported = {f['false_alarm_rate']:.0%}")
        print("| kind | withheld |")
        print("|---|---|")
        for kind, (n, total) in sorted(f["kinds"].items()):
            print(f"| {kind} | {n}/{total} |")
        print()
    run = report.run
    assert run is not None
    evaluated = f"{run.prompt_tokens_evaluated:,}" if run.prompt_tokens_evaluated is not None else "?"
    print(f"cost: {run.calls} calls, {run.prompt_tokens:,} prompt tokens ({evaluated} evaluated), "
          f"{run.completion_tokens:,} completion tokens, {run.seconds:.1f} s")  # fmt: skip
    if run.calls:
        print(f"a call: {run.prompt_tokens / run.calls:,.0f} prompt tokens, {run.seconds / run.calls:.1f} s; "
              f"a claim: {run.completion_tokens / len(claims):.1f} completion tokens")  # fmt: skip
    print(f"model: {run.model} via {run.endpoint}")
    print(f"verdicts: {dict(Counter(c.verdict for c in report.claims))}")
    by_place = {c.where: c for c in report.claims}
    for claim, where in zip(claims, places(claims), strict=True):
        checked = by_place[where]
        if (checked.verdict != "supported") != (claim.label == "unsupported"):
            print(f"  miss {claim.id} {claim.kind}: {checked.verdict} — {checked.why[:100]}", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps({"figures": results, "report": report.model_dump(mode="json")},
                                        ensure_ascii=False, indent=1) + "\n", encoding="utf-8")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
