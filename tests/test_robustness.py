"""Hostile input through the real command line (a subprocess): each failure mode gets a one-line message
naming the file and line, a count by kind in the closing summary and the documented exit code, never a
traceback, and the good records beside it are still stored."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

LANGUAGES = Path(__file__).parent / "data" / "languages.jsonl"  # 17 non-English news texts, written for this
EVENT = "Kazakhstan's foreign ministry summoned Russia's ambassador on Monday."
# Sentences with no event word (tests/data/filler_sentences.txt): the prefilter keeps them from the parser.
FILLER = tuple(((Path(__file__).parent / "data") / "filler_sentences.txt").read_text(encoding="utf-8").splitlines())


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    peak_mb: float  # peak resident memory of the process

    @property
    def lines(self) -> list[str]:
        return self.stderr.splitlines()

    def summary(self) -> str:
        return next(line for line in reversed(self.lines) if line.startswith("eventwire: coded "))

    def kinds(self) -> dict[str, int]:
        """'3 skipped (2 malformed JSON, 1 no date)' in the summary -> {'malformed JSON': 2, 'no date': 1}."""
        found = re.search(r"\d+ skipped \(([^)]*)\)", self.summary())
        return {kind: int(count) for count, kind in re.findall(r"(\d+) ([^,]+)", found.group(1))} if found else {}


def eventwire(*args: str, folder: Path) -> Run:
    """One `eventwire` process; its output via files, so that its peak memory can be read with wait4."""
    out, err = folder / "stdout.txt", folder / "stderr.txt"
    with out.open("w") as stdout, err.open("w") as stderr:
        process = subprocess.Popen([sys.executable, "-m", "eventwire.cli", *args], stdout=stdout, stderr=stderr)
        _, status, usage = os.wait4(process.pid, 0)
    return Run(os.waitstatus_to_exitcode(status), out.read_text(), err.read_text(), usage.ru_maxrss / 1024)


def stored(db: Path) -> tuple[set[str], list[dict]]:
    """Article ids and event rows in the database."""
    with duckdb.connect(str(db), read_only=True) as con:
        articles = {row[0] for row in con.execute("SELECT id FROM articles").fetchall()}
        cursor = con.execute("SELECT * FROM events")
        columns = [d[0] for d in cursor.description]
        events = [dict(zip(columns, row)) for row in cursor.fetchall()]
    return articles, events


def jsonl(*records: dict | str) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def unreadable(path: Path) -> None:
    """A file whose reading fails: mode 000, or (as root, which ignores modes) a link to /proc/self/mem,
    which fails on read with an I/O error."""
    if os.geteuid() != 0:
        path.write_text("date 2022-10-20\nSecret.", encoding="utf-8")
        path.chmod(0)
    elif Path("/proc/self/mem").exists():
        path.symlink_to("/proc/self/mem")
    else:
        pytest.skip("no way to make an unreadable file here")


# --- one run over a folder of hostile files --------------------------------------------------------

GOOD = {"ok-1", "ok-2", "story", "latin1", "csv-1", "after-huge"}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    inputs = folder / "inputs"
    inputs.mkdir()
    (inputs / "news.jsonl").write_text(jsonl(
        {"id": "ok-1", "date": "2022-10-20", "text": EVENT},
        '{"id": "broken", "date": ',
        {"id": "nodate", "text": "Japan imposed sanctions on North Korea."},
        {"id": "feb30", "date": "2022-02-30", "text": "Moscow condemned Kyiv."},
        '["not", "an", "object"]',
        {"id": "nul", "date": "2022-10-20", "text": "Moscow\u0000 condemned Kyiv."},
        {"id": "ok-2", "date": "2022-10-21", "text": "Turkish police detained dozens of protesters in Istanbul."},
        "[" * 100_000,
    ), encoding="utf-8")
    (inputs / "story.txt").write_text(f"date 2022-10-20\n{EVENT}\n", encoding="utf-8")
    (inputs / "latin1.txt").write_bytes(b"date 2022-10-20\nMoscow condemned Kyiv at the caf\xe9 on Monday.\n")
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0")
    (inputs / "nocolumns.csv").write_text("date,body\n2022-10-20,Moscow condemned Kyiv.\n", encoding="utf-8")
    (inputs / "rows.csv").write_text(
        "id,date,text\n"
        "csv-1,2022-10-20,Russia accused Ukraine of shelling the plant.\n"
        "csv-2,2022-10-20\n"
        "csv-3,not a date,Kyiv condemned Moscow.\n", encoding="utf-8")
    (inputs / "headeronly.csv").write_text("id,date,text\n", encoding="utf-8")
    (inputs / "notes.md").write_text("# notes\n", encoding="utf-8")
    (inputs / "languages.jsonl").write_bytes(LANGUAGES.read_bytes())
    with (inputs / "huge.jsonl").open("w", encoding="utf-8") as handle:  # one line over the 8 MB limit
        handle.write(json.dumps({"id": "huge", "date": "2022-10-20", "text": "Moscow condemned Kyiv. " * 400_000}))
        handle.write("\n" + json.dumps({"id": "after-huge", "date": "2022-10-20", "text": EVENT}) + "\n")
    unreadable(inputs / "locked.txt")
    db = folder / "events.duckdb"
    return inputs, db, eventwire("code", str(inputs), "--db", str(db), "--out", "-", folder=folder)


EXPECTED_MESSAGES = [  # (file, line or None, what the message says, kind in the summary)
    ("news.jsonl", 2, "malformed JSON (Expecting value", "malformed JSON"),
    ("news.jsonl", 3, "no date (add a 'date' field or pass --date)", "no date"),
    ("news.jsonl", 4, "unusable date '2022-02-30'", "unusable date"),
    ("news.jsonl", 5, "expected a JSON object, got list", "malformed JSON"),
    ("news.jsonl", 6, "binary content (NUL characters) in 'text'", "binary"),
    ("news.jsonl", 8, "malformed JSON (nested too deeply)", "malformed JSON"),
    ("empty.txt", None, "empty file", "empty"),
    ("image.txt", None, "binary file, not text", "binary"),
    ("nocolumns.csv", None, "no 'text' column (columns: date, body)", "missing column"),
    ("rows.csv", 3, "2 fields, header has 3", "wrong field count"),
    ("rows.csv", 4, "unusable date 'not a date'", "unusable date"),
    ("headeronly.csv", None, "no rows after the header", "empty"),
    ("notes.md", None, "unsupported file type '.md'", "unsupported file type"),
    ("huge.jsonl", 1, "line over the 8 MB limit for one article", "too large"),
    ("locked.txt", None, "cannot read (", "unreadable file"),
    ("languages.jsonl", 1, "not English (looks French); the model covers English only", "not English"),
    ("languages.jsonl", 11, "not English (Cyrillic script)", "not English"),
    ("languages.jsonl", 14, "not English (CJK script)", "not English"),
]


def test_hostile_folder_exits_1_without_traceback(hostile):
    _, _, run = hostile
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(("name", "line", "says", "kind"), EXPECTED_MESSAGES)
def test_each_bad_input_gets_one_line_naming_file_and_line(hostile, name, line, says, kind):
    inputs, _, run = hostile
    where = f"{inputs / name}:{line}" if line else str(inputs / name)
    matching = [m for m in run.lines if m.startswith(f"eventwire: skipped {where}: {says}")]
    assert len(matching) == 1, run.stderr


def test_every_message_is_one_eventwire_line_and_stdout_is_only_events(hostile):
    _, _, run = hostile
    assert all(line.startswith("eventwire: ") for line in run.lines), run.stderr
    assert all(json.loads(line)["event_type"] for line in run.stdout.splitlines())


def test_summary_counts_each_kind_of_skip(hostile):
    _, _, run = hostile
    languages = sum(1 for _ in LANGUAGES.open(encoding="utf-8"))
    assert run.kinds() == {
        "not English": languages, "malformed JSON": 3, "binary": 2, "unusable date": 2, "empty": 2,
        "no date": 1, "missing column": 1, "wrong field count": 1, "unsupported file type": 1, "too large": 1,
        "unreadable file": 1,
    }
    assert f"{sum(run.kinds().values())} skipped (" in run.summary()
    assert "1 warning (1 invalid UTF-8)" in run.summary()


def test_undecodable_bytes_are_replaced_with_a_warning_and_coded(hostile):
    inputs, db, run = hostile
    assert f"eventwire: warning {inputs / 'latin1.txt'}:2: invalid UTF-8 bytes replaced" in run.lines
    with duckdb.connect(str(db), read_only=True) as con:
        [(text,)] = con.execute("SELECT text FROM articles WHERE id = 'latin1'").fetchall()
    assert text == "Moscow condemned Kyiv at the caf\ufffd on Monday."


def test_good_records_beside_the_bad_are_stored_with_their_events(hostile):
    _, db, run = hostile
    articles, events = stored(db)
    assert articles == GOOD
    assert {e["article_id"] for e in events} == GOOD  # each has one event
    assert sorted(e["id"] for e in events) == sorted(json.loads(line)["id"] for line in run.stdout.splitlines())
    assert f"coded {len(GOOD)} articles, {len(events)} events" in run.summary()


# --- exit codes --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_runs(tmp_path_factory):
    """A run with only a warning (exit 0) and one with a missing input beside a good file (exit 2)."""
    folder = tmp_path_factory.mktemp("small")
    good = folder / "good.txt"
    good.write_text(f"date 2022-10-20\n{EVENT}\n", encoding="utf-8")
    latin1 = folder / "latin1.txt"
    latin1.write_bytes(b"date 2022-10-20\nMoscow condemned Kyiv at the caf\xe9 on Monday.\n")
    warned = eventwire("code", str(good), str(latin1), "--db", str(folder / "a.duckdb"), folder=folder)
    missing = eventwire("code", str(folder / "nope.jsonl"), str(good), "--db", str(folder / "b.duckdb"),
                        folder=folder)
    return folder, warned, missing


def test_warnings_alone_exit_0(small_runs):
    _, warned, _ = small_runs
    assert warned.returncode == 0, warned.stderr
    assert warned.summary().startswith("eventwire: coded 2 articles, ")
    assert "1 warning (1 invalid UTF-8)" in warned.summary() and "skipped" not in warned.summary()


def test_missing_path_exits_2_and_the_other_inputs_are_still_stored(small_runs):
    folder, _, missing = small_runs
    assert missing.returncode == 2
    assert f"eventwire: no such file or directory: {folder / 'nope.jsonl'}" in missing.lines
    assert "1 missing input" in missing.summary() and "Traceback" not in missing.stderr
    assert stored(folder / "b.duckdb")[0] == {"good"}


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--date", "2022-02-30"], "--date '2022-02-30' is not a date (YYYY-MM-DD)"),
        (["--db", "{tmp}/no/such/folder/x.duckdb"], "cannot open database {tmp}/no/such/folder/x.duckdb: IO Error"),
        (["--db", "{tmp}/not-a-database.duckdb"], "cannot open database {tmp}/not-a-database.duckdb: "),
        (["--out", "{tmp}/no/such/folder/out.jsonl"], "cannot write --out {tmp}/no/such/folder/out.jsonl: "),
        (["--actors", "{tmp}/no-such-dictionary.txt"], "no such dictionary file: {tmp}/no-such-dictionary.txt"),
    ],
)
def test_usage_errors_exit_2_with_one_line(tmp_path, args, says):
    (tmp_path / "not-a-database.duckdb").write_text("not a database\n")
    good = tmp_path / "good.txt"
    good.write_text(f"date 2022-10-20\n{EVENT}\n", encoding="utf-8")
    args = [arg.format(tmp=tmp_path) for arg in args]
    run = eventwire("code", str(good), *(["--db", str(tmp_path / "e.duckdb")] if "--db" not in args else []), *args,
                    folder=tmp_path)
    assert run.returncode == 2
    assert len(run.lines) == 1 and run.lines[0].startswith("eventwire: " + says.format(tmp=tmp_path)), run.stderr


def test_database_locked_by_another_process_exits_2(tmp_path):
    db = tmp_path / "busy.duckdb"
    good = tmp_path / "good.txt"
    good.write_text(f"date 2022-10-20\n{EVENT}\n", encoding="utf-8")
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, sys; c = duckdb.connect({str(db)!r}); "
                               "print('open', flush=True); sys.stdin.read()"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "open\n"
        run = eventwire("code", str(good), "--db", str(db), folder=tmp_path)
    finally:
        holder.communicate("")
    assert run.returncode == 2
    assert len(run.lines) == 1 and run.lines[0].startswith(f"eventwire: cannot open database {db}: IO Error")


# --- an article of several megabytes ---------------------------------------------------------------


def long_article(megabytes: float) -> str:
    """Paragraphs of filler with an event sentence every 200 paragraphs and at the very end, and one
    300 KB line with no sentence end in the middle."""
    paragraphs, size = [], 0
    while size < megabytes * 2**20:
        number = len(paragraphs)
        paragraph = " ".join(FILLER[(number + k) % len(FILLER)] for k in range(6))
        paragraphs.append(paragraph + (" " + EVENT if number % 200 == 0 else ""))
        size += len(paragraphs[-1]) + 2
    paragraphs.insert(len(paragraphs) // 2, "word " * 60_000)
    return "\n\n".join([*paragraphs, EVENT])


def test_an_article_of_several_megabytes_is_coded_whole_in_bounded_memory(tmp_path, small_runs):
    text = long_article(3)
    (tmp_path / "long.txt").write_text(f"date 2022-10-20\n{text}\n", encoding="utf-8")
    run = eventwire("code", str(tmp_path / "long.txt"), "--db", str(tmp_path / "e.duckdb"), "--out", "-",
                    folder=tmp_path)
    assert run.returncode == 0, run.stderr
    events = [json.loads(line) for line in run.stdout.splitlines()]
    starts = sorted(e["evidence"]["start"] for e in events if e["event_type"] == "ACCUSE")
    assert starts == [m.start() for m in re.finditer(re.escape(EVENT), text)]  # every one, to the last
    assert starts[-1] == len(text) - len(EVENT)
    assert all(text[e["evidence"]["start"]:e["evidence"]["end"]] == e["evidence"]["text"] for e in events)
    baseline = small_runs[1].peak_mb  # the same command on two one-sentence articles
    assert run.peak_mb < baseline + 150, (run.peak_mb, baseline)


# --- the language check and the size limit, in process ---------------------------------------------


def test_language_check_skips_no_english_news_article():
    from conftest import shared_file

    from eventwire.ingest import language_problem

    csv.field_size_limit(sys.maxsize)
    for name in ("ngec/guardian_sample.csv", "ngec/synthetic_events.csv"):
        with shared_file(name).open(encoding="utf-8", newline="") as handle:
            texts = [row["text"] for row in csv.DictReader(handle)]
        assert len(texts) >= 249
        assert [text[:80] for text in texts if language_problem(text)] == []


def test_language_check_skips_every_non_english_sample():
    from eventwire.ingest import language_problem

    records = [json.loads(line) for line in LANGUAGES.read_text(encoding="utf-8").splitlines()]
    assert len({record["lang"] for record in records}) == len(records) >= 15
    missed = [record["lang"] for record in records if not language_problem(record["text"])]
    assert missed == []


@pytest.mark.parametrize(
    "text",
    [
        "Le président a parlé.",  # too short to judge: left to the coder, which finds nothing
        "Macron said on Tuesday that France would not back down. " * 3
        + "« Nous ne céderons rien, ni aux menaces ni aux pressions de ceux qui veulent nous diviser », a-t-il "
        "déclaré devant les ambassadeurs réunis à l'Élysée. " + "The remarks drew a sharp reply from Moscow. " * 3,
        "Brazil, Chile, Colombia, Ecuador, Peru, Uruguay, Venezuela -- (Reuters) -- São Paulo, Bogotá, "
        "Quito, Lima, Montevideo, Caracas -- (AFP) -- Buenos Aires, Santiago -- (local sources)",
    ],
)
def test_language_check_keeps_short_mixed_and_list_like_english(text):
    from eventwire.ingest import language_problem

    assert language_problem(text) is None


def test_records_over_the_size_limit_are_skipped_unread(tmp_path, monkeypatch):
    import io

    from eventwire import ingest

    monkeypatch.setattr(ingest, "MAX_RECORD_BYTES", 2000)
    (tmp_path / "big.txt").write_text("date 2022-10-20\n" + "Moscow condemned Kyiv. " * 100, encoding="utf-8")
    (tmp_path / "lines.jsonl").write_text(jsonl(
        {"id": "long", "date": "2022-10-20", "text": "Moscow condemned Kyiv. " * 100},
        {"id": "short", "date": "2022-10-20", "text": "Moscow condemned Kyiv."}), encoding="utf-8")
    report = ingest.Report(quiet=True)
    articles = list(ingest.iter_articles([str(tmp_path / "big.txt"), str(tmp_path / "lines.jsonl")], None, report))
    assert [article.id for article in articles] == ["short"]
    assert [message.split(" MB")[0] for message in report.messages] == [
        f"eventwire: skipped {tmp_path / 'big.txt'}: 0.0", f"eventwire: skipped {tmp_path / 'lines.jsonl'}:1: "
        "line over the 0.00190735"]
    assert report.skip_kinds == {"too large": 2}
    stdin = io.StringIO("date 2022-10-20\n" + "Moscow condemned Kyiv.\n" * 100)
    report = ingest.Report(quiet=True)
    assert list(ingest.iter_articles(["-"], None, report, stdin=stdin)) == []
    assert report.skip_kinds == {"too large": 1}
