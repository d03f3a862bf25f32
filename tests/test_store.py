"""The DuckDB store: batches are stored whole, and re-coding an article replaces rather than duplicates."""

from datetime import date

from eventwire.models import Actor, Article, Event, Evidence
from eventwire.records import event_record, nest
from eventwire.store import Store


def make_event(article: Article, event_type: str = "ACCUSE", trigger_start: int = 0) -> Event:
    return Event(
        article_id=article.id, sentence=0, date="2022-10-20", date_text="", published="2022-10-20",
        event_type=event_type, mode=None, cameo="111", goldstein=-2.0, quad_class=3,
        source=Actor.make("Moscow", "Government of Russia", "RUS", "GOV"),
        target=Actor.make("Kyiv", "Government of Ukraine", "UKR", "GOV"),
        evidence=Evidence(article.text, 0, len(article.text)), trigger_start=trigger_start,
    )


def article(text: str = "Moscow condemned Kyiv.", article_id: str = "a1") -> Article:
    return Article(id=article_id, text=text, published=date(2022, 10, 20))


def test_events_round_trip_through_the_database(tmp_path):
    a = article()
    event = make_event(a)
    with Store(tmp_path / "t.duckdb") as store:
        store.write_batch([(a, [event])])
        rows = list(store.iter_event_rows())
    assert [nest(row) for row in rows] == [event_record(event)]


def test_recoding_the_same_article_does_not_duplicate(tmp_path):
    a = article()
    with Store(tmp_path / "t.duckdb") as store:
        store.write_batch([(a, [make_event(a)])])
        store.write_batch([(a, [make_event(a)])])
        assert store.count("events") == 1
        assert store.count("articles") == 1
        assert store.unchanged([a]) == {"a1"}


def test_changed_text_under_the_same_id_replaces_old_events(tmp_path):
    old = article()
    new = article("Moscow praised Kyiv. Moscow condemned Kyiv.")
    with Store(tmp_path / "t.duckdb") as store:
        store.write_batch([(old, [make_event(old), make_event(old, "SANCTION", 5)])])
        assert store.unchanged([new]) == set()
        store.write_batch([(new, [make_event(new, "SUPPORT")])])
        types = [row["event_type"] for row in store.iter_event_rows()]
    assert types == ["SUPPORT"]


def test_actors_table_counts_mentions(tmp_path):
    a = article()
    with Store(tmp_path / "t.duckdb") as store:
        store.write_batch([(a, [make_event(a), make_event(a, "SANCTION", 5)])])
        mentions = dict(store.con.execute("SELECT id, mentions FROM actors").fetchall())
    assert mentions == {"RUSGOV": 2, "UKRGOV": 2}


def _as_an_older_version_wrote_it(path) -> None:
    """Drop the actor-code columns, as a database from before actors had ids of their own lacks them."""
    import duckdb

    con = duckdb.connect(str(path))
    con.execute("DROP INDEX events_article")
    for role in ("source", "target", "reported_by"):
        con.execute(f"ALTER TABLE events DROP COLUMN {role}_code")
    con.execute("ALTER TABLE actors DROP COLUMN code")
    con.close()


def test_an_older_database_is_migrated_and_its_articles_marked_for_coding_again(tmp_path):
    path = tmp_path / "old.duckdb"
    a = article()
    with Store(path) as store:
        store.write_batch([(a, [make_event(a)])])
    _as_an_older_version_wrote_it(path)
    with Store(path) as store:
        assert store.migrated_events == 1
        row = next(store.iter_event_rows())
        assert (row["source_code"], row["target_code"]) == ("RUSGOV", "UKRGOV")
        assert store.con.execute("SELECT id, code FROM actors ORDER BY id").fetchall() == [
            ("RUSGOV", "RUSGOV"), ("UKRGOV", "UKRGOV")]
        assert store.unchanged([a]) == set()  # coded again on the next run, with today's actor ids
    with Store(path) as store:
        assert store.migrated_events == 0


def test_an_older_database_opened_read_only_gets_a_message_that_says_what_to_do(tmp_path):
    import pytest

    from eventwire.errors import StoreError

    path = tmp_path / "old.duckdb"
    with Store(path) as store:
        store.write_batch([(article(), [make_event(article())])])
    _as_an_older_version_wrote_it(path)
    with pytest.raises(StoreError, match="older eventwire.*eventwire show --db"):
        Store(path, read_only=True)


def test_the_actors_table_keeps_an_organisations_code_beside_its_id(tmp_path):
    a = article("NATO condemned Moscow.")
    nato = Actor.make("NATO", "NATO", "", "IGO", identity="NATO", code="IGOWSTNAT")
    event = make_event(a)
    with Store(tmp_path / "t.duckdb") as store:
        store.write_batch([(a, [Event(**{**event.__dict__, "source": nato, "id": ""})])])
        assert store.con.execute("SELECT id, code FROM actors ORDER BY id").fetchall() == [
            ("NATO", "IGOWSTNAT"), ("UKRGOV", "UKRGOV")]
