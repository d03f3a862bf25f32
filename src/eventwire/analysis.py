"""Analysis over the stored events: event filters, dyad time series and the actor network.

Plain functions over a DuckDB connection (or a Store's), shared by the REST API, the dashboard and the
`eventwire dyads` command. Every value that comes from a user is passed as an SQL parameter; the only
text put into SQL is chosen from fixed tables here (column names, interval units).

Dates: an event's date is as precise as its text ("2022-10-21", "2022-10", "2022"). Filters treat it
as the period it names (an event dated "2022-10" is within a range that overlaps October 2022); time
series put it on the first day of that period. Negated and hypothetical events are stored only on
request and are never counted in series or networks: they did not happen.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date

import duckdb

from .errors import StoreError
from .schema import EVENT_DAY_SQL

INTERVALS = ("day", "week", "month")
QUADS = {1: "verbal_cooperation", 2: "material_cooperation", 3: "verbal_conflict", 4: "material_conflict"}
HAPPENED = "coalesce(negated, false) = false AND coalesce(hypothetical, false) = false"


def clean_text(value: str) -> str:
    """The string with lone surrogates replaced, so that it can be encoded (and passed to DuckDB)."""
    return value.encode("utf-8", "replace").decode("utf-8")


def event_columns(con: duckdb.DuckDBPyConnection) -> frozenset[str]:
    """The columns of the events table (other work adds some, e.g. the location columns)."""
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ?", ["events"]
    ).fetchall()
    return frozenset(row[0] for row in rows)


def has_locations(columns: frozenset[str]) -> bool:
    return {"location_lat", "location_lon"} <= columns


def actor_condition(role: str, value: str) -> tuple[str, list]:
    """An actor in one role ("source" or "target"), given by its id, its country code or its name."""
    if role not in ("source", "target"):
        raise ValueError(f"unknown role {role!r}")
    value = clean_text(value)
    sql = f"({role}_id = ? OR {role}_country = upper(?) OR lower({role}_name) = lower(?))"
    return sql, [value, value, value]


@dataclass
class EventFilter:
    """The filters of the events list, the network and the map, turned into one parameterised WHERE."""

    actor: str | None = None
    source: str | None = None
    target: str | None = None
    event_type: str | None = None
    start: date | None = None
    end: date | None = None
    text: str | None = None
    country: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # min lon, min lat, max lon, max lat
    happened_only: bool = False

    def where(self, columns: frozenset[str]) -> tuple[str, list]:
        clauses: list[str] = []
        params: list = []
        for sql, values in self._conditions(columns):
            clauses.append(sql)
            params.extend(values)
        return (" AND ".join(clauses) or "TRUE"), params

    def _conditions(self, columns: frozenset[str]):
        if self.actor:
            source_sql, source_params = actor_condition("source", self.actor)
            target_sql, target_params = actor_condition("target", self.actor)
            yield f"({source_sql} OR {target_sql})", source_params + target_params
        if self.source:
            yield actor_condition("source", self.source)
        if self.target:
            yield actor_condition("target", self.target)
        if self.event_type:
            yield "event_type = upper(?)", [clean_text(self.event_type)]
        if self.start:  # the event's period ends on or after the start
            yield "coalesce(date, published) >= substr(?, 1, length(coalesce(date, published)))", [
                self.start.isoformat()]
        if self.end:  # the event's period begins on or before the end
            yield "coalesce(date, published) <= ?", [self.end.isoformat()]
        if self.text:
            yield "contains(lower(evidence_text), lower(?))", [clean_text(self.text)]
        if self.happened_only:
            yield HAPPENED, []
        yield from self._location_conditions(columns)

    def _location_conditions(self, columns: frozenset[str]):
        if (self.country or self.bbox) and not has_locations(columns):
            yield "FALSE", []  # no event of this database has a location
            return
        if self.country:
            yield "location_country = upper(?)", [clean_text(self.country)]
        if self.bbox:
            min_lon, min_lat, max_lon, max_lat = self.bbox
            yield ("TRY_CAST(location_lon AS DOUBLE) BETWEEN ? AND ? AND TRY_CAST(location_lat AS DOUBLE) BETWEEN ? AND ?",
                   [min_lon, max_lon, min_lat, max_lat])


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    """"minlon,minlat,maxlon,maxlat" as four floats; ValueError with the reason when it is not one."""
    parts = value.split(",")
    if len(parts) != 4:
        raise ValueError("bbox needs four numbers: minlon,minlat,maxlon,maxlat")
    try:
        min_lon, min_lat, max_lon, max_lat = (float(part) for part in parts)
    except ValueError:
        raise ValueError("bbox values must be numbers: minlon,minlat,maxlon,maxlat") from None
    if not all(math.isfinite(v) for v in (min_lon, min_lat, max_lon, max_lat)):
        raise ValueError("bbox values must be finite numbers")
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise ValueError("bbox must satisfy -180 <= minlon <= maxlon <= 180 and -90 <= minlat <= maxlat <= 90")
    return min_lon, min_lat, max_lon, max_lat


# ---------------------------------------------------------------------------------------------------
# Dyad time series


def period_expression(interval: str) -> str:
    if interval not in INTERVALS:
        raise ValueError(f"interval must be one of {', '.join(INTERVALS)}")
    return f"CAST(date_trunc('{interval}', {EVENT_DAY_SQL}) AS DATE)"


def dyad_series(con: duckdb.DuckDBPyConnection, source: str, target: str, interval: str = "week",
                start: date | None = None, end: date | None = None,
                columns: frozenset[str] | None = None) -> list[dict]:
    """Events from SOURCE to TARGET per period: counts by type and quad class, summed Goldstein score.

    Only periods with events are listed, oldest first."""
    period = period_expression(interval)
    where, params = EventFilter(source=source, target=target, start=start, end=end,
                                happened_only=True).where(columns or event_columns(con))
    rows = con.execute(
        f"SELECT {period} AS period, event_type, quad_class, count(*), sum(goldstein) "
        f"FROM events WHERE {where} GROUP BY ALL ORDER BY period, event_type, quad_class",
        params,
    ).fetchall()
    return _fold_periods(rows)


def _fold_periods(rows) -> list[dict]:
    periods: dict[date, dict] = {}
    for period, event_type, quad_class, count, goldstein in rows:
        if period is None:
            continue
        entry = periods.setdefault(period, _empty_period(period))
        entry["events"] += count
        entry["goldstein"] = round(entry["goldstein"] + (goldstein or 0.0), 3)
        entry["by_type"][event_type] = entry["by_type"].get(event_type, 0) + count
        quad = QUADS.get(quad_class)
        if quad:
            entry["by_quad"][quad] += count
            entry["cooperation" if quad_class in (1, 2) else "conflict"] += count
    return list(periods.values())


def _empty_period(period: date) -> dict:
    return {"period": period.isoformat(), "events": 0, "goldstein": 0.0, "cooperation": 0, "conflict": 0,
            "by_type": {}, "by_quad": dict.fromkeys(QUADS.values(), 0)}


def series_table(series: list[dict]) -> str:
    """The series as a tab-separated table with a header line."""
    header = ["period", "events", "goldstein", *QUADS.values(), "types"]
    lines = ["\t".join(header)]
    for entry in series:
        types = " ".join(f"{name}:{count}" for name, count in sorted(entry["by_type"].items()))
        values = [entry["period"], entry["events"], f"{entry['goldstein']:g}",
                  *(entry["by_quad"][quad] for quad in QUADS.values()), types]
        lines.append("\t".join(str(value) for value in values))
    return "\n".join(lines)


def plot_series(series: list[dict], path: str, title: str) -> None:
    """Cooperation up, conflict down, per period, and the summed Goldstein score, as a PNG (matplotlib)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    periods = [date.fromisoformat(entry["period"]) for entry in series]
    figure, (counts, goldstein) = plt.subplots(2, 1, sharex=True, figsize=(10, 6), height_ratios=(2, 1))
    width = _bar_width(periods)
    counts.bar(periods, [e["cooperation"] for e in series], width=width, color="#2a9d8f", label="cooperation")
    counts.bar(periods, [-e["conflict"] for e in series], width=width, color="#e76f51", label="conflict")
    counts.axhline(0, color="#555", linewidth=0.8)
    counts.set_ylabel("events (conflict below 0)")
    counts.yaxis.set_major_locator(MaxNLocator(integer=True))
    counts.legend(loc="upper left")
    counts.set_title(title)
    goldstein.plot(periods, [e["goldstein"] for e in series], marker="o", color="#264653")
    goldstein.axhline(0, color="#555", linewidth=0.8)
    goldstein.set_ylabel("summed Goldstein")
    figure.autofmt_xdate()
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)


def _bar_width(periods: list[date]) -> float:
    if len(periods) < 2:
        return 5.0
    gaps = [(b - a).days for a, b in zip(periods, periods[1:])]
    return max(0.8, 0.8 * min(gaps))


# ---------------------------------------------------------------------------------------------------
# Actor network


@dataclass
class Network:
    nodes: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"nodes": self.nodes, "edges": self.edges}


def actor_network(con: duckdb.DuckDBPyConnection, event_filter: EventFilter | None = None,
                  max_nodes: int = 40, columns: frozenset[str] | None = None) -> Network:
    """Actors as nodes (sized by their events), dyads as undirected edges with event counts and the
    cooperation/conflict balance ((cooperative - conflictual) / events, from -1 to 1)."""
    event_filter = replace(event_filter or EventFilter(), happened_only=True)
    where, params = event_filter.where(columns or event_columns(con))
    pairs = con.execute(
        "SELECT least(source_id, target_id), greatest(source_id, target_id), count(*), "
        "count(*) FILTER (WHERE quad_class IN (1, 2)), count(*) FILTER (WHERE quad_class IN (3, 4)), "
        f"sum(goldstein) FROM events WHERE {where} AND target_id IS NOT NULL AND source_id <> target_id "
        "GROUP BY ALL",
        params,
    ).fetchall()
    labels = _actor_labels(con, where, params)
    totals = Counter()
    for a, b, count, *_ in pairs:
        totals[a] += count
        totals[b] += count
    kept = sorted(totals, key=lambda actor: (-totals[actor], actor))[:max_nodes]
    edges = [_edge(row) for row in pairs if row[0] in kept and row[1] in kept]
    positions = force_layout(kept, [(e["source"], e["target"], e["events"]) for e in edges])
    nodes = [{"id": actor, "events": totals[actor], **labels.get(actor, {"label": actor}),
              "x": positions[actor][0], "y": positions[actor][1]} for actor in kept]
    edges.sort(key=lambda e: (-e["events"], e["source"], e["target"]))
    return Network(nodes, edges)


def _edge(row) -> dict:
    a, b, count, cooperation, conflict, goldstein = row
    return {"source": a, "target": b, "events": count, "cooperation": cooperation, "conflict": conflict,
            "goldstein": round(goldstein or 0.0, 3), "balance": round((cooperation - conflict) / count, 3)}


def _actor_labels(con, where: str, params: list) -> dict[str, dict]:
    """The most frequent name of each actor in the filtered events, with its country and sector."""
    rows = con.execute(
        f"SELECT id, name, country, sector, count(*) FROM ("
        f"SELECT source_id AS id, source_name AS name, source_country AS country, source_sector AS sector "
        f"FROM events WHERE {where} UNION ALL "
        f"SELECT target_id, target_name, target_country, target_sector FROM events WHERE {where} "
        f"AND target_id IS NOT NULL) GROUP BY ALL",
        params + params,
    ).fetchall()
    best: dict[str, tuple] = {}
    for actor, name, country, sector, count in rows:
        key = (count, name or "")
        if actor not in best or key > best[actor][0]:
            best[actor] = (key, {"label": name or actor, "country": country or "", "sector": sector or ""})
    return {actor: info for actor, (_, info) in best.items()}


def force_layout(ids: list[str], edges: list[tuple[str, str, int]]) -> dict[str, tuple[float, float]]:
    """A deterministic layout in [-1, 1]²: each connected group of actors laid out by a spring model
    (Fruchterman-Reingold, started from a circle), the groups packed in rows, largest first."""
    groups = _components(ids, edges)
    placed: dict[str, tuple[float, float]] = {}
    row_width = max(math.sqrt(len(groups[0])) if groups else 1.0, 1.3 * math.sqrt(len(ids)))
    x = y = row_height = 0.0
    for group in groups:
        side = math.sqrt(len(group))
        if x > 0 and x + side > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for actor, (px, py) in zip(group, _spring(group, edges)):
            placed[actor] = (x + side * (0.5 + 0.4 * px), -(y + side * (0.5 + 0.4 * py)))
        x += side
        row_height = max(row_height, side)
    return _fill_square(placed)


def _components(ids: list[str], edges) -> list[list[str]]:
    neighbours: dict[str, set[str]] = {actor: set() for actor in ids}
    for a, b, _ in edges:
        neighbours[a].add(b)
        neighbours[b].add(a)
    seen: set[str] = set()
    groups = []
    for actor in ids:
        if actor in seen:
            continue
        group, todo = [], [actor]
        seen.add(actor)
        while todo:
            current = todo.pop()
            group.append(current)
            for other in sorted(neighbours[current] - seen):
                seen.add(other)
                todo.append(other)
        groups.append(sorted(group, key=ids.index))
    return sorted(groups, key=lambda g: (-len(g), ids.index(g[0])))


def _spring(ids: list[str], edges, iterations: int = 200):
    """Positions of one connected group in [-1, 1]² (numpy array, one row per actor)."""
    import numpy as np

    n = len(ids)
    angles = 2 * np.pi * np.arange(n) / n
    pos = np.c_[np.cos(angles), np.sin(angles)] if n > 1 else np.zeros((1, 2))
    index = {actor: i for i, actor in enumerate(ids)}
    weight = np.zeros((n, n))
    for a, b, count in edges:
        if a in index and b in index:
            weight[index[a], index[b]] = weight[index[b], index[a]] = 1 + math.log(count)
    k = math.sqrt(4.0 / n)
    step = 0.1
    for _ in range(iterations if n > 2 else 0):
        delta = pos[:, None, :] - pos[None, :, :]
        distance = np.maximum(np.linalg.norm(delta, axis=2), 1e-3)
        force = k * k / distance - weight * distance * distance / k
        move = (delta / distance[..., None] * force[..., None]).sum(axis=1) - 0.05 * pos
        length = np.maximum(np.linalg.norm(move, axis=1), 1e-9)
        pos += move / length[:, None] * np.minimum(length, step)[:, None]
        step *= 0.98
    pos -= pos.mean(axis=0)
    return pos / (np.abs(pos).max() or 1.0)


def _fill_square(placed: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """The positions stretched to fill [-1, 1] on each axis."""
    if not placed:
        return {}
    xs = [x for x, _ in placed.values()]
    ys = [y for _, y in placed.values()]

    def scale(value: float, low: float, high: float) -> float:
        return round(2 * (value - low) / (high - low) - 1, 4) if high > low else 0.0

    return {actor: (scale(x, min(xs), max(xs)), scale(y, min(ys), max(ys))) for actor, (x, y) in placed.items()}


# ---------------------------------------------------------------------------------------------------
# The series of a database file (the `eventwire dyads` command)


def read_dyad_series(db: str, source: str, target: str, interval: str = "week") -> list[dict]:
    """`dyad_series` over the database file `db`, read-only; a StoreError when it cannot be read."""
    from pathlib import Path

    from .store import Store

    if not Path(db).is_file():
        raise StoreError(f"no such database: {db}")
    try:
        with Store(db, read_only=True) as store:
            return dyad_series(store.con, source, target, interval)
    except duckdb.Error as error:
        raise StoreError(f"cannot read {db}: {str(error).splitlines()[0]}") from None
