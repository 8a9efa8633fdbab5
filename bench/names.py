"""How many foreign-script names come out as an English newspaper writes them.

    python bench/names.py                                  # the embedded model; well under a minute a batch
    python bench/names.py --replay cassettes/names.yaml    # offline, from the recording
    python bench/names.py --record /tmp/names.yaml         # record the model's calls into a cassette

tests/data/names/names.yaml holds names as a Russian (or German) report writes them, in their
basic form, with the forms English newspapers use. They are asked through the pipeline's own
names call (Pipeline.ask_names), in batches the size of a day's cast, with the cache off so every
call is made. Printed, per group and overall: how many answers are an English form ("model"),
and how many names the brief would show in an English form after naming.py's acceptance rule
and fallback ("shown"), with what it shows for each miss.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing import Settings  # noqa: E402
from briefing.analysis.naming import conventional_names, names_china  # noqa: E402
from briefing.models.cassettes import cassette  # noqa: E402
from briefing.models.providers import open_model  # noqa: E402
from briefing.pipeline import Pipeline  # noqa: E402
from briefing.schema import RunMetadata  # noqa: E402

NAMES = ROOT / "tests" / "data" / "names" / "names.yaml"
BATCH = 8  # about the number of foreign-script actors one day's brief asks about in its one call


@dataclass(frozen=True)
class Labelled:
    written: str
    kind: str
    group: str
    english: tuple[str, ...]
    context: str = ""


@dataclass(frozen=True)
class Outcome:
    name: Labelled
    answer: str
    shown: str


def load_set(path: Path = NAMES) -> list[Labelled]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Labelled(n["written"], n["kind"], n["group"], tuple(n["english"]), n.get("context", "")) for n in data["names"]
    ]


def ask_all(settings: Settings, labelled: list[Labelled], replay: Path | None, record: Path | None) -> list[Outcome]:
    settings = settings.model_copy(update={"use_cache": False})
    outcomes: list[Outcome] = []
    documents = [hashlib.sha256(NAMES.read_bytes()).hexdigest()]  # the labelled set is what is asked about
    with cassette(replay=replay, record=record, documents=documents) as tape:
        settings = tape.settings(settings)
        with open_model(settings, replaying=bool(replay)) as model:
            pipeline = Pipeline(model, settings)
            for start in range(0, len(labelled), BATCH):
                batch = labelled[start : start + BATCH]
                answers = pipeline.ask_names([n.written for n in batch])
                wanted = [(n.written, n.kind) for n in batch]
                chinese = {n.written for n in batch if names_china(n.context)}
                shown = conventional_names(wanted, "en", lambda _, a=answers: a, chinese)
                outcomes += [Outcome(n, answers.get(i, ""), shown[n.written]) for i, n in enumerate(batch, start=1)]
            run = RunMetadata(
                **pipeline.calls.recorded(), prompts={pipeline.names_prompt.name: pipeline.names_prompt.sha256}
            )
            tape.finish(model, settings, run, documents)
    return outcomes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    tape = parser.add_mutually_exclusive_group()
    tape.add_argument("--replay", type=Path)
    tape.add_argument("--record", type=Path)
    parser.add_argument("--provider", default="local", choices=["auto", "openai", "local"])
    args = parser.parse_args(argv)

    settings = Settings.from_env(provider=args.provider, language="en")
    outcomes = ask_all(settings, load_set(), args.replay, args.record)
    right: Counter[str] = Counter()
    shown_right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for o in outcomes:
        total[o.name.group] += 1
        right[o.name.group] += o.answer in o.name.english
        shown_right[o.name.group] += o.shown in o.name.english
    print("| group | names | model's answer right | shown right |")
    print("|---|---|---|---|")
    for group in total:
        print(f"| {group} | {total[group]} | {right[group]} | {shown_right[group]} |")
    print(f"| all | {sum(total.values())} | {sum(right.values())} | {sum(shown_right.values())} |")
    for o in outcomes:
        if o.shown not in o.name.english:
            print(f"  {o.name.written!r}: model {o.answer!r}, shown {o.shown!r}, wanted {o.name.english[0]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
