"""A coding run end to end: read, skip what is stored, code (in a pool), store, report.

Everything moves in batches, so memory stays flat however many articles come in, and each batch is
stored in one transaction, so an interrupted run never leaves half an article behind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from .coding.coder import CodingOptions
from .models import Article
from .pool import CodingPool
from .records import event_record, nest
from .store import Store

BATCH_SIZE = 16


@dataclass
class RunStats:
    articles: int = 0
    unchanged: int = 0
    events: int = 0


def batched(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def local_pool(options: CodingOptions, workers: int = 1) -> CodingPool:
    return CodingPool(workers, options)


@dataclass
class Run:
    """One coding run over a store: the articles not already stored with the same text are coded in a
    pool and stored one transaction per batch; those skipped have their stored events replayed.

    `make_pool(options)` opens the pool (a CodingPool, or distributed.ParquetPool) once the options
    carry the run's frozen actor registry. `write` gets the record of every event of every input
    article (stored or new), `progress` the number of articles of each stored batch."""

    store: Store
    options: CodingOptions
    make_pool: Callable[[CodingOptions], object] = local_pool
    write: Callable[[dict], None] | None = None
    progress: Callable[[int], None] = lambda count: None
    stats: RunStats = field(default_factory=RunStats)

    def code(self, articles: Iterable[Article]) -> RunStats:
        # a killed run's registry, so that resuming it codes alike
        self.options.registry = tuple(self.store.begin_run())
        with self.make_pool(self.options) as pool:
            for coded in pool.code(self.new_batches(articles)):
                self.store.write_batch(coded)
                self._written(coded)
        self.store.finish_run()
        return self.stats

    def _written(self, coded) -> None:
        for _, events in coded:
            self.stats.events += len(events)
            if self.write:
                for event in events:
                    self.write(event_record(event))
        self.progress(len(coded))

    def new_batches(self, articles: Iterable[Article]) -> Iterator[list[Article]]:
        """Batches of articles not already stored with the same text (the run's idempotency)."""
        for batch in batched(articles, BATCH_SIZE):
            unique = list({a.id: a for a in batch}.values())
            done = self.store.unchanged(unique)
            self.stats.unchanged += len(done)
            if done and self.write:
                for row in self.store.event_rows_for(sorted(done)):
                    self.write(nest(row))
            todo = [a for a in unique if a.id not in done]
            self.stats.articles += len(todo)
            if todo:
                yield todo
