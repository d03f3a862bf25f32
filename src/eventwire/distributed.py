"""Coding on a Dask cluster, with results as Parquet parts that the client loads into DuckDB.

`eventwire code INPUT... --cluster local:N` starts a LocalCluster of N worker processes (one thread each);
`--cluster tcp://HOST:PORT` connects to a running scheduler. The client reads the inputs in batches and
skips stored articles exactly as a local run does (pipeline.Run); each batch is one partition, coded
on a worker that loads the model once (a per-process cache keyed by the coding options), and written by
the worker as one Parquet part. The client reads the parts back in input order and hands them to the same
run as a local one (pipeline.Run, Store.write_batch: one transaction per part, old events of the same articles
replaced). At most two partitions per worker thread are in flight, so memory stays bounded.

`--out-parquet DIR` keeps the parts (one file per batch, `part-<run>-<n>.parquet`, the events table's
columns plus the actors' role and resolution); without it they go to a temporary directory. Without
`--cluster` it codes locally (CodingPool) and writes the same parts.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import socket
import tempfile
import time
import uuid
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .coding.coder import CodingOptions
from .errors import UsageError
from .models import Actor, Article, Event, Evidence, Location
from .pool import Coded, CodingPool, code_batch, options_token, worker_coder
from .records import ACTOR_FIELDS, EVIDENCE_FIELDS, SCALAR_FIELDS, nest
from .store import events_table

CONNECT_TIMEOUT = "10s"
IN_FLIGHT_PER_THREAD = 2
ACTOR_ROLES = ("source", "target", "reported_by")
ACTOR_EXTRAS = ("role", "resolved_by")  # kept in the parts so the client stores the same actor registry


class ClusterError(UsageError):
    """A cluster that cannot be used: bad address, no scheduler there, parts the client cannot see."""


def parse_cluster(spec: str) -> tuple[str, int | str]:
    """`local:N` -> ("local", N); `tcp://HOST:PORT` -> ("tcp", the address)."""
    if match := re.fullmatch(r"local:(\d+)", spec):
        workers = int(match[1])
        if workers < 1:
            raise ClusterError(f"--cluster {spec!r}: a local cluster needs one worker or more")
        return "local", workers
    if re.fullmatch(r"tcp://[^\s:/]+:\d{1,5}", spec):
        return "tcp", spec
    raise ClusterError(f"--cluster {spec!r} is not local:N or tcp://HOST:PORT")


class ParquetPool:
    """Codes batches on a Dask cluster (or locally, without one) and writes each as a Parquet part.

    `code` takes batches of articles and yields coded batches in input order, as CodingPool does."""

    def __init__(self, cluster: str | None, options: CodingOptions, out_dir: str | None = None, workers: int = 1):
        self.options = options
        where = parse_cluster(cluster) if cluster else None
        self.parts = PartDirectory(out_dir)
        self._cluster = self._client = self._local = None
        try:
            if where:
                self._client, self._cluster = _connect(*where)
            else:
                self._local = CodingPool(workers, options)
        except BaseException:
            self.close()
            raise

    def code(self, batches: Iterable[list[Article]]) -> Iterator[Coded]:
        if self._local is not None:
            for coded in self._local.code(batches):
                write_part(coded, self.parts.next_path())
                yield coded
            return
        yield from self._code_on_cluster(batches)

    def _code_on_cluster(self, batches: Iterable[list[Article]]) -> Iterator[Coded]:
        client = self._client
        options = client.scatter(self.options, broadcast=True)
        token = options_token(self.options)
        threads = sum(client.nthreads().values())
        limit = IN_FLIGHT_PER_THREAD * max(1, threads)
        in_flight: deque = deque()
        for batch in batches:
            path = self.parts.next_path()
            future = client.submit(code_partition, batch, options, token, path, pure=False)
            in_flight.append((batch, future))
            if len(in_flight) >= limit:
                yield self._collect(*in_flight.popleft())
        while in_flight:
            yield self._collect(*in_flight.popleft())

    def _collect(self, batch: list[Article], future) -> Coded:
        from distributed import KilledWorker

        try:
            path = future.result()
        except KilledWorker:
            raise ClusterError(f"workers kept dying on a batch of {len(batch)} articles (first id "
                               f"{batch[0].id}); see the workers' logs") from None
        future.release()
        if not Path(path).is_file():
            raise ClusterError(f"cannot see {path}, written by a worker: give --out-parquet a directory "
                               "that the client and every worker share")
        return read_part(path, batch)

    def close(self) -> None:
        if self._local is not None:
            self._local.close()
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self.parts.close()

    def __enter__(self) -> ParquetPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _connect(kind: str, where: int | str):
    """A Dask client and, for `local:N`, the LocalCluster it owns."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ClusterError("--cluster needs Dask: pip install 'eventwire[dask]'") from None

    if kind == "local":
        cluster = LocalCluster(n_workers=where, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        return Client(cluster), cluster
    try:
        return Client(where, timeout=CONNECT_TIMEOUT), None
    except (OSError, ValueError):
        raise ClusterError(f"no Dask scheduler answers at {where} (waited {CONNECT_TIMEOUT})") from None


class PartDirectory:
    """Where the parts go: DIR (kept) or a temporary directory removed at the end."""

    def __init__(self, out_dir: str | None):
        self.temporary = out_dir is None
        self.path = Path(tempfile.mkdtemp(prefix="eventwire-parts-") if out_dir is None else out_dir)
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UsageError(f"cannot create --out-parquet {out_dir}: {error.strerror or error}") from None
        if not self.path.is_dir():
            raise UsageError(f"--out-parquet {out_dir} is not a directory")
        self.run = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
        self.count = 0

    def next_path(self) -> str:
        self.count += 1
        return str(self.path.resolve() / f"part-{self.run}-{self.count:06d}.parquet")

    def close(self) -> None:
        if self.temporary:
            shutil.rmtree(self.path, ignore_errors=True)


def code_partition(articles: list[Article], options: CodingOptions, token: str, path: str) -> str:
    """Runs on a worker: code one partition with the process's coder and write it as a Parquet part."""
    coded = code_batch(worker_coder(options, token), articles)
    try:
        write_part(coded, path)
    except OSError as error:
        raise ClusterError(f"a worker on {socket.gethostname()} cannot write {path}: {error.strerror or error}"
                           ) from None
    return path


def write_part(coded: Coded, path: str) -> None:
    """One part: the events of a batch as the events table stores them, plus the actors' role and resolution.

    Written under a temporary name and renamed, so the directory never holds half a part."""
    events = [event for _, article_events in coded for event in article_events]
    table = events_table(events)
    for role in ACTOR_ROLES:
        actors = [getattr(event, role) for event in events]
        for extra in ACTOR_EXTRAS:
            values = [getattr(actor, extra) if actor is not None else None for actor in actors]
            table = table.append_column(f"{role}_{extra}", pa.array(values, pa.string()))
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    pending = f"{path}.{uuid.uuid4().hex[:8]}.tmp"
    pq.write_table(table, pending)
    os.replace(pending, path)


def read_part(path: str, articles: list[Article]) -> Coded:
    """The coded batch a part holds, paired with its articles (those with no event get an empty list)."""
    events_by_article: dict[str, list[Event]] = defaultdict(list)
    for row in pq.read_table(path).to_pylist():
        events_by_article[row["article_id"]].append(event_from_row(row))
    return [(article, events_by_article.get(article.id, [])) for article in articles]


def event_from_row(row: dict) -> Event:
    record = nest(row)
    return Event(
        **{field: record[field] for field in SCALAR_FIELDS},
        source=_actor(row, "source"),
        target=_actor(row, "target"),
        reported_by=_actor(row, "reported_by"),
        evidence=Evidence(**{field: row[f"evidence_{field}"] for field in EVIDENCE_FIELDS}),
        location=Location(**record["location"]) if record["location"] else None,
    )


def _actor(row: dict, role: str) -> Actor | None:
    if row.get(f"{role}_text") is None:
        return None
    fields = {field: row[f"{role}_{field}"] for field in ACTOR_FIELDS}
    return Actor(**fields, **{extra: row.get(f"{role}_{extra}") or "" for extra in ACTOR_EXTRAS})
