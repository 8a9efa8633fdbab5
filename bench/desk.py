"""A desk's days at scale: is the work of a day proportional to what is new?

    python bench/desk.py [--entries 200] [--new 10] [--days 4] [--latency 0.05]

Serves a newsroom on 127.0.0.1 (tests/features/newsroom.py: a feed and one page
per article) and the fake endpoint (tests/fake_endpoint.py, `--latency` seconds
a call), makes a desk reading the feed, and runs its days in this process:
day 1 with `--entries` articles in the feed, then `--new` more each day, then
the last day again (a re-run) and a day with nothing new. Prints, per day, the
items new and seen, the model calls (extraction and in all), the pages
fetched, the wall and CPU seconds of `run_day`, and the size of state.json.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing import init_desk, run_day  # noqa: E402
from tests.fake_endpoint import FakeEndpoint  # noqa: E402
from tests.features.newsroom import start_newsroom  # noqa: E402


def _extraction_calls(requests: list[dict]) -> int:
    def is_extraction(request: dict) -> bool:
        system = request["messages"][0]["content"]
        return "morning brief" not in system and "condensing the notes" not in system

    return sum(1 for r in requests if is_extraction(r))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=200, help="articles in the feed on day 1")
    parser.add_argument("--new", type=int, default=10, help="articles published each later day")
    parser.add_argument("--days", type=int, default=4)
    parser.add_argument("--latency", type=float, default=0.05, help="seconds the endpoint takes a call")
    args = parser.parse_args()

    endpoint = FakeEndpoint(latency=args.latency).start()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        newsroom = start_newsroom(root / "site")
        for i in range(args.entries):
            newsroom.publish(f"item-{i:04d}", f"Dispatch {i} from the region", day=1)
        desk = root / "desk"
        init_desk(desk, [newsroom.feed_url])
        toml = desk / "desk.toml"
        model = f'[model]\nprovider = "openai"\nbase_url = "{endpoint.base_url}"\nmodel = "test-model"\n'
        toml.write_text(toml.read_text().replace("[model]\n", model + f'cache_dir = "{root / "cache"}"\n'))

        print(f"{'day':<17}{'feed':>6}{'new':>6}{'seen':>6}{'over':>6}{'extract':>9}{'calls':>7}{'fetched':>9}"
              f"{'wall s':>9}{'cpu s':>8}{'state KB':>10}")  # fmt: skip
        published = args.entries
        plan = [(f"2025-11-{d:02d}", d) for d in range(1, args.days + 1)]
        plan += [(plan[-1][0], 0), (f"2025-11-{args.days + 1:02d}", -1)]  # a re-run, then a day with nothing new
        for date, day in plan:
            if day > 1:
                for i in range(published, published + args.new):
                    newsroom.publish(f"item-{i:04d}", f"Dispatch {i} from the region", day=day)
                published += args.new
            calls, fetches = len(endpoint.requests), len(newsroom.site.requests)
            wall, cpu = time.perf_counter(), time.process_time()
            result = run_day(desk, date)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            label = date + (" again" if day == 0 else "")
            print(
                f"{label:<17}{published:>6}{result.new + result.updated:>6}{result.seen:>6}{result.passed_over:>6}"
                f"{_extraction_calls(endpoint.requests[calls:]):>9}{len(endpoint.requests) - calls:>7}"
                f"{len(newsroom.pages_fetched(fetches)):>9}{wall:>9.2f}{cpu:>8.2f}"
                f"{(desk / 'state.json').stat().st_size / 1024:>10.1f}"
            )
        newsroom.site.stop()
    endpoint.stop()


if __name__ == "__main__":
    main()
