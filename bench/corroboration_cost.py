"""What corroboration (copies, disagreements, each claim's sources) costs on the bench's day at scale.

    python bench/corroboration_cost.py [--docs 500] [--repeat 3]

Writes bench/corpus.py's news-length day, reads and groups it as the pipeline does (story
grouping without the model's actors), splits the sentences as the chunks do, then times
`compare` and `corroborate` alone, in process CPU, `--repeat` times. The figure to hold against is the
run's own CPU on the same day (bench/run.py's 500-document row): the comparison must add
under 5 % of it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import NEWS_LENGTHS, write_corpus  # noqa: E402
from briefing.analysis.corroboration import compare  # noqa: E402
from briefing.analysis.evidence import Claims  # noqa: E402
from briefing.analysis.stories import find_duplicates, group_stories  # noqa: E402
from briefing.ingest.fetching import load_sources  # noqa: E402
from briefing.text.sentences import split_sentences  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        write_corpus(Path(work), args.docs, lengths=NEWS_LENGTHS)
        docs = load_sources([work])
    duplicates = find_duplicates(docs)
    kept = [d for d in docs if d.id not in duplicates]
    groups = group_stories(kept, {})
    for group in groups:
        group.extend(dup for dup, original in duplicates.items() if original in group)
    offered = {d.id: split_sentences(d.text) for d in kept}  # as the pipeline's chunks offer them
    times = []
    for _ in range(args.repeat):
        started = time.process_time()
        found = compare(groups, docs, duplicates, (), offered)
        found.corroborate(Claims())
        times.append(time.process_time() - started)
    sizes = sorted((len(g) for g in groups), reverse=True)
    print(f"{len(docs)} documents, {len(groups)} stories (largest {sizes[:3]}), {len(found.copies)} copies, "
          f"{len(found.disagreements)} disagreements")  # fmt: skip
    print("comparison CPU s: " + ", ".join(f"{t:.3f}" for t in times))
    return 0


if __name__ == "__main__":
    sys.exit(main())
