"""Run the stages over a stream of articles: read, skip what is stored, code (in N processes), store, write.

Everything moves in batches, so memory stays flat however many articles come in, and each batch is
stored in one transaction, so an interrupted run never leaves half an article behind.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice

from .coding.coder import Coder, CodingOptions
from .models import Article, Event

BATCH_SIZE = 16

_worker_coder: Coder | None = None


@dataclass
class RunStats:
    articles: int = 0
    unchanged: int = 0
    events: int = 0


def batched(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


_worker_error: Exception | None = None


def _init_worker(options: CodingOptions, parent: int) -> None:
    global _worker_coder, _worker_error
    _exit_with_parent(parent)
    _limit_threads()
    try:
        _worker_coder = Coder(options=options)
    except Exception as error:  # reported with the first batch, as the parent's one-line message
        _worker_error = error


def _limit_threads() -> None:
    """One BLAS thread per worker process: N processes on N cores must not each spawn N threads."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return
    threadpool_limits(1)


def _exit_with_parent(parent: int) -> None:
    """A worker whose parent is killed (kill -9 gives it no chance to stop its pool) exits as well,
    instead of living on as an orphan holding a loaded model."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _code_in_worker(articles: list[Article]) -> list[tuple[Article, list[Event]]]:
    if _worker_error is not None:
        raise _worker_error
    assert _worker_coder is not None
    return list(_worker_coder.code_articles(articles, batch_size=len(articles)))


class CodingPool:
    """Codes batches in this process (workers=1) or in worker processes that each load the model once."""

    def __init__(self, workers: int = 1, options: CodingOptions | None = None):
        self.options = options or CodingOptions()
        self.workers = max(1, workers)
        self._executor: ProcessPoolExecutor | None = None
        self._coder: Coder | None = None
        if self.workers > 1:
            context = multiprocessing.get_context("fork")
            self._executor = ProcessPoolExecutor(
                self.workers, mp_context=context, initializer=_init_worker, initargs=(self.options, os.getpid())
            )
        else:
            self._coder = Coder(options=self.options)

    def code(self, batches: Iterable[list[Article]]) -> Iterator[list[tuple[Article, list[Event]]]]:
        """Coded batches in input order; at most two batches per worker are in flight."""
        if self._coder is not None:
            for batch in batches:
                yield list(self._coder.code_articles(batch, batch_size=len(batch)))
            return
        assert self._executor is not None
        in_flight: deque[Future] = deque()
        for batch in batches:
            in_flight.append(self._executor.submit(_code_in_worker, batch))
            if len(in_flight) >= 2 * self.workers:
                yield in_flight.popleft().result()
        while in_flight:
            yield in_flight.popleft().result()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(cancel_futures=True)

    def __enter__(self) -> CodingPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
