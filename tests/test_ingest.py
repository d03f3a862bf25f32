"""How eventwire reads its input: formats, folders, stdin, and what happens to bad input."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import date
from pathlib import Path

import pytest

from eventwire.ingest import Report, iter_articles, parse_date

SHARED = Path(__file__).parents[1].parent / "shared" / "data"
SEED_ARTICLE = SHARED / "examples" / "seed_article.txt"
GUARDIAN_SAMPLE = SHARED / "ngec" / "guardian_sample.csv"
DEFAULT = date(2020, 1, 1)


def read(*inputs: Path | str, default: date | None = None, stdin: io.StringIO | None = None):
    """All articles from `inputs`, and the quiet Report of the run."""
    report = Report(quiet=True)
    articles = list(iter_articles([str(name) for name in inputs], default, report, stdin=stdin))
    return articles, report


def write_jsonl(path: Path, *records: dict | str) -> Path:
    lines = [record if isinstance(record, str) else json.dumps(record) for record in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def only_message(report: Report) -> str:
    assert len(report.messages) == 1, report.messages
    return report.messages[0]


# --- dates -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["2022-10-20", "2022-10-20T12:00:00Z", "2022-10-20 12:00", "2022-10-20T23:59:59.5-05:00", "20221020",
     "20221020123000", " 2022-10-20\n"],
)
def test_parse_date_accepts_iso_and_gdelt_forms(value):
    assert parse_date(value) == date(2022, 10, 20)


@pytest.mark.parametrize(
    "value", ["", "10/20/2022", "20/10/2022", "2022-02-30", "2022-13-01", "20221320", "yesterday", "2022-10"]
)
def test_parse_date_refuses_ambiguous_impossible_or_partial_dates(value):
    assert parse_date(value) is None


# --- .txt ------------------------------------------------------------------------------------------


def test_txt_header_line_gives_the_date_and_the_stem_gives_the_id(tmp_path):
    path = tmp_path / "kyiv.txt"
    path.write_text("date 2022-10-20\n\nUkraine recalled its ambassador.\n", encoding="utf-8")
    [article], report = read(path)
    assert (article.id, article.published, article.text) == ("kyiv", date(2022, 10, 20),
                                                             "Ukraine recalled its ambassador.")
    assert article.origin == str(path)
    assert (report.read, report.skipped, report.messages) == (1, 0, [])


def test_txt_header_may_be_indented_and_share_its_line_with_the_text(tmp_path):
    path = tmp_path / "inline.txt"
    path.write_text(" date 2022-10-20 In a major development, Kyiv acted.\n\nMore.\n", encoding="utf-8")
    [article], _ = read(path)
    assert article.published == date(2022, 10, 20)
    assert article.text == "In a major development, Kyiv acted.\n\nMore."


def test_txt_without_header_uses_the_default_date(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text("date night was cancelled in Paris.\n", encoding="utf-8")
    [article], _ = read(path, default=DEFAULT)
    assert article.published == DEFAULT
    assert article.text == "date night was cancelled in Paris."  # not a header: no date follows 'date'


def test_txt_without_any_date_is_skipped_with_a_hint(tmp_path):
    path = tmp_path / "undated.txt"
    path.write_text("Protesters gathered in Tehran.\n", encoding="utf-8")
    articles, report = read(path)
    assert articles == []
    assert only_message(report) == (
        f"eventwire: skipped {path}: no date (add a 'date YYYY-MM-DD' first line or pass --date)"
    )
    assert report.skipped == 1


def test_txt_with_only_a_header_is_empty_text(tmp_path):
    path = tmp_path / "header_only.txt"
    path.write_text("date 2022-10-20\n\n", encoding="utf-8")
    articles, report = read(path)
    assert articles == []
    assert only_message(report) == f"eventwire: skipped {path}: empty text"


def test_seed_example_article():
    if not SEED_ARTICLE.exists():
        pytest.skip(f"shared example data not present at {SEED_ARTICLE}")
    [article], report = read(SEED_ARTICLE)
    assert article.id == "seed_article"
    assert article.published == date(2022, 10, 20)
    assert article.text.startswith("In a major development")
    assert report.messages == []


# --- .jsonl ----------------------------------------------------------------------------------------


def test_jsonl_one_article_per_line_with_optional_fields(tmp_path):
    path = write_jsonl(
        tmp_path / "news.jsonl",
        {"id": "a1", "date": "2022-10-20", "text": "Kyiv recalled its envoy.", "title": "Recall",
         "url": "https://example.org/a1", "source": "Example"},
        "",
        {"date": "20221021", "text": "Moscow protested."},
    )
    first, second = read(path)[0]
    assert (first.id, first.title, first.url, first.source) == ("a1", "Recall", "https://example.org/a1",
                                                                "Example")
    assert first.origin == f"{path}:1"
    # No id: a stable one from the text, so re-reading the same input gives the same ids.
    assert second.id == hashlib.sha1(b"Moscow protested.").hexdigest()[:16]
    assert (second.published, second.origin) == (date(2022, 10, 21), f"{path}:3")


def test_jsonl_malformed_line_is_skipped_and_the_rest_still_read(tmp_path):
    path = write_jsonl(
        tmp_path / "news.jsonl",
        {"id": "a", "date": "2022-10-20", "text": "One."},
        '{"id": "b", "date": "2022-10-20" "text": "Two."}',
        {"id": "c", "date": "2022-10-20", "text": "Three."},
    )
    articles, report = read(path)
    assert [article.id for article in articles] == ["a", "c"]
    assert only_message(report).startswith(f"eventwire: skipped {path}:2: malformed JSON (Expecting ','")
    assert (report.read, report.skipped) == (2, 1)


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"id": "x", "date": "2022-10-20", "text": "   \n"}, "empty text"),
        ({"id": "x", "date": "2022-10-20"}, "no 'text' field"),
        ({"id": "x", "text": "Undated."}, "no date (add a 'date' field or pass --date)"),
        ({"id": "x", "date": "2022-02-30", "text": "Impossible."}, "unusable date '2022-02-30'"),
        ({"id": "x", "date": "10/20/2022", "text": "Ambiguous."}, "unusable date '10/20/2022'"),
        (["not", "an", "object"], "expected a JSON object, got list"),
    ],
)
def test_jsonl_unusable_records_are_skipped_by_line(tmp_path, record, reason):
    good = {"id": "good", "date": "2022-10-20", "text": "Fine."}
    path = write_jsonl(tmp_path / "news.jsonl", good, json.dumps(record))
    articles, report = read(path)
    assert [article.id for article in articles] == ["good"]
    assert only_message(report).startswith(f"eventwire: skipped {path}:2: {reason}")
    assert (report.read, report.skipped, report.warnings) == (1, 1, 0)


def test_jsonl_bad_date_falls_back_to_the_default_with_a_warning(tmp_path):
    path = write_jsonl(tmp_path / "news.jsonl", {"id": "x", "date": "2022-02-30", "text": "Text."})
    [article], report = read(path, default=DEFAULT)
    assert article.published == DEFAULT
    assert only_message(report) == f"eventwire: warning {path}:1: unusable date '2022-02-30', using 2020-01-01"
    assert (report.read, report.skipped, report.warnings) == (1, 0, 1)


def test_jsonl_missing_date_uses_the_default_silently(tmp_path):
    path = write_jsonl(tmp_path / "news.jsonl", {"id": "x", "text": "Text."})
    [article], report = read(path, default=DEFAULT)
    assert article.published == DEFAULT
    assert report.messages == []


def test_reading_streams_one_record_at_a_time(tmp_path):
    path = write_jsonl(tmp_path / "news.jsonl", {"id": "a", "date": "2022-10-20", "text": "One."}, "{broken")
    report = Report(quiet=True)
    articles = iter_articles([str(path)], None, report)
    assert next(articles).id == "a"
    assert report.messages == []  # line 2 has not been read yet
    assert list(articles) == []
    assert report.skipped == 1


# --- .csv ------------------------------------------------------------------------------------------


def test_csv_rows_with_header_and_quoted_newlines(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text(
        'id,date,text,source\n'
        'a,2022-10-20,"Kyiv recalled\nits envoy, again.",Example\n'
        'b,2022-10-21,Moscow protested.,\n',
        encoding="utf-8",
    )
    first, second = read(path)[0]
    assert (first.id, first.text, first.source, first.origin) == (
        "a", "Kyiv recalled\nits envoy, again.", "Example", f"{path}:2")
    assert (second.id, second.published, second.origin) == ("b", date(2022, 10, 21), f"{path}:4")


def test_csv_long_fields_are_read(tmp_path):
    path = tmp_path / "long.csv"
    text = "word " * 100_000  # beyond the csv module's 128 KB default field limit
    path.write_text(f'date,text\n2022-10-20,"{text}"\n', encoding="utf-8")
    [article], _ = read(path)
    assert len(article.text) == len(text)


def test_csv_without_a_text_column_is_skipped_once(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text("date,body\n2022-10-20,One.\n2022-10-21,Two.\n", encoding="utf-8")
    articles, report = read(path)
    assert articles == []
    assert only_message(report) == f"eventwire: skipped {path}: no 'text' column (columns: date, body)"
    assert report.skipped == 1


def test_csv_without_a_date_column_needs_the_default(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text("text\nOne.\nTwo.\n", encoding="utf-8")
    articles, report = read(path)
    assert articles == []
    assert only_message(report) == f"eventwire: skipped {path}: no 'date' column (add one or pass --date)"
    assert [article.published for article in read(path, default=DEFAULT)[0]] == [DEFAULT, DEFAULT]


def test_csv_row_with_wrong_field_count_is_skipped_by_line(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text("date,text\n2022-10-20,One.\n2022-10-20,Two,extra\n2022-10-20,Three.\n", encoding="utf-8")
    articles, report = read(path)
    assert [article.text for article in articles] == ["One.", "Three."]
    assert only_message(report) == f"eventwire: skipped {path}:3: 3 fields, header has 2"


def test_guardian_sample_is_read_completely():
    if not GUARDIAN_SAMPLE.exists():
        pytest.skip(f"shared sample data not present at {GUARDIAN_SAMPLE}")
    articles, report = read(GUARDIAN_SAMPLE)
    assert len(articles) == 249
    assert report.messages == []
    assert all(date(2017, 1, 1) <= article.published <= date(2019, 12, 31) for article in articles)
    assert len({article.id for article in articles}) == 249


# --- folders and paths -----------------------------------------------------------------------------


def test_folder_is_read_recursively_in_sorted_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text("date 2022-10-21\nTwo.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("date 2022-10-20\nOne.", encoding="utf-8")
    write_jsonl(tmp_path / "c.jsonl", {"id": "three", "date": "2022-10-22", "text": "Three."})
    (tmp_path / ".DS_Store").write_bytes(b"\0\0")  # dotfiles are ignored without a message
    (tmp_path / "notes.md").write_text("# notes", encoding="utf-8")
    articles, report = read(tmp_path)
    assert [article.id for article in articles] == ["a", "two", "three"]
    assert only_message(report) == (
        f"eventwire: skipped {tmp_path / 'notes.md'}: unsupported file type '.md' (use .txt, .jsonl or .csv)"
    )


def test_folder_without_inputs_is_reported(tmp_path):
    articles, report = read(tmp_path)
    assert articles == []
    assert only_message(report) == f"eventwire: skipped {tmp_path}: no .txt, .jsonl or .csv files in folder"


def test_missing_path_is_counted_and_the_other_inputs_still_read(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("date 2022-10-20\nFine.", encoding="utf-8")
    articles, report = read(tmp_path / "nope.jsonl", good)
    assert [article.id for article in articles] == ["good"]
    assert only_message(report) == f"eventwire: no such file or directory: {tmp_path / 'nope.jsonl'}"
    assert (report.missing, report.skipped, report.read) == (1, 0, 1)


# --- bad bytes -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.jsonl", b"", "empty file"),
        ("blank.txt", b"  \n\n", "empty file"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "binary file, not text"),
        ("image.csv", b"date,text\n\0\0", "binary file, not text"),
    ],
)
def test_empty_and_binary_files_are_skipped(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    articles, report = read(path, default=DEFAULT)
    assert articles == []
    assert only_message(report) == f"eventwire: skipped {path}: {reason}"
    assert report.skipped == 1


def test_invalid_utf8_is_replaced_with_a_warning(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_bytes(
        b'{"id": "a", "date": "2022-10-20", "text": "Caf\xe9 bombed."}\n'
        b'{"id": "b", "date": "2022-10-20", "text": "Caf\xe9 rebuilt."}\n'
    )
    articles, report = read(path)
    assert [article.text for article in articles] == ["Caf\ufffd bombed.", "Caf\ufffd rebuilt."]
    assert only_message(report) == f"eventwire: warning {path}:1: invalid UTF-8 bytes replaced"
    assert (report.read, report.warnings) == (2, 1)


def test_utf8_byte_order_mark_is_accepted(tmp_path):
    csv_path = tmp_path / "excel.csv"
    csv_path.write_bytes("date,text\n2022-10-20,Café opened.\n".encode("utf-8-sig"))
    txt_path = tmp_path / "notepad.txt"
    txt_path.write_bytes("date 2022-10-20\nCafé opened.".encode("utf-8-sig"))
    articles, report = read(csv_path, txt_path)
    assert [(article.published, article.text) for article in articles] == [(date(2022, 10, 20), "Café opened.")] * 2
    assert report.messages == []


def test_unreadable_file_is_skipped(tmp_path, monkeypatch):
    # Simulated, because chmod does not stop root (as in CI containers) from reading.
    path = tmp_path / "locked.txt"
    path.write_text("date 2022-10-20\nSecret.", encoding="utf-8")
    real_open = Path.open

    def locked_open(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", locked_open)
    articles, report = read(path)
    assert articles == []
    assert only_message(report) == f"eventwire: skipped {path}: cannot read (Permission denied)"


# --- stdin -----------------------------------------------------------------------------------------


def test_stdin_starting_with_a_brace_is_jsonl():
    stdin = io.StringIO('\n{"id": "a", "date": "2022-10-20", "text": "One."}\n{oops\n')
    articles, report = read("-", stdin=stdin)
    assert [(article.id, article.origin) for article in articles] == [("a", "stdin:2")]
    assert only_message(report).startswith("eventwire: skipped stdin:3: malformed JSON")


def test_stdin_otherwise_is_one_text_article():
    stdin = io.StringIO("\ufeffdate 2022-10-20\nKyiv recalled its envoy.\n")
    [article], report = read("-", stdin=stdin)
    assert (article.id, article.published, article.text, article.origin) == (
        "stdin", date(2022, 10, 20), "Kyiv recalled its envoy.", "stdin")
    assert report.messages == []


def test_empty_stdin_is_reported():
    articles, report = read("-", stdin=io.StringIO("\n  \n"))
    assert articles == []
    assert only_message(report) == "eventwire: skipped stdin: empty input"


# --- the report ------------------------------------------------------------------------------------


def test_messages_go_to_stderr_unless_quiet(tmp_path, capsys):
    missing = str(tmp_path / "nope.txt")
    Report().missing_input(missing)
    Report(quiet=True).missing_input(missing)
    assert capsys.readouterr().err == f"eventwire: no such file or directory: {missing}\n"
