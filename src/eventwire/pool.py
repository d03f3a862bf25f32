"""Where coding runs: the one per-process coder cache, and the local pool of worker processes.

A worker process (a local pool's or a Dask worker's) loads the model once per set of coding options
(`worker_coder`); the parent codes in its own process when it runs one worker.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from .coding.coder import Coder, CodingOptions
from .models import Article, Event

Coded = list[tuple[Article, list[Event]]]

_coders: dict[str, Coder] = {}
_coders_lock = threading.Lock()
coder_loads = 0  # models loaded in this process: one per worker process and coding options
_load_error: Exception | None = None
_pool_options: tuple[CodingOptions, str] | None = None  # in a local pool's worker: its options and their token


def options_token(options: CodingOptions) -> str:
    return hashlib.sha1(pickle.dumps(options)).hexdigest()


def worker_coder(options: CodingOptions, token: str | None = None) -> Coder:
    """The coder of this process for these options, loaded on first use (one model per process)."""
    global coder_loads
    token = token or options_token(options)
    with _coders_lock:
        coder = _coders.get(token)
        if coder is None:
            _coders.clear()
            coder = _coders[token] = Coder(options=options)
            coder_loads += 1
    return coder


def code_batch(coder: Coder, articles: list[Article]) -> Coded:
    return list(coder.code_articles(articles, batch_size=len(articles)))


def _init_worker(options: CodingOptions, parent: int) -> None:
    global _load_error, _pool_options
    _pool_options = options, options_token(options)
    _exit_with_parent(parent)
    _limit_threads()
    try:
        worker_coder(*_pool_options)
    except Exception as error:  # reported with the first batch, as the parent's one-line message
        _load_error = error


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


def _code_in_worker(articles: list[Article]) -> Coded:
    if _load_error is not None:
        raise _load_error
    assert _pool_options is not None
    return code_batch(worker_coder(*_pool_options), articles)


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

    def code(self, batches: Iterable[list[Article]]) -> Iterator[Coded]:
        """Coded batches in input order; at most two batches per worker are in flight."""
        if self._coder is not None:
            for batch in batches:
                yield code_batch(self._coder, batch)
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
