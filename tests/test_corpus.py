"""The annotated corpus: sentences named by offsets into the shared articles, a fixed dev split,
and annotation records checked against the sentence they describe."""

import json
from collections import defaultdict
from pathlib import Path

from conftest import shared_file

from eventwire.corpus import annotations, article_refs, problems, sentence_refs, sentence_text

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = {"id": "x-1", "date": "2020-01-02", "title": "Army attacks rebels",
           "text": "The army shelled the town on Monday. Rebels fled.\n\nKYIV (Reuters) - Talks failed."}


def test_an_article_gives_its_title_and_its_sentences_by_offset():
    refs = article_refs("news.jsonl", ARTICLE)
    assert [sentence_text(ref, ARTICLE) for ref in refs] == [
        "Army attacks rebels", "The army shelled the town on Monday.", "Rebels fled.", "Talks failed."]
    assert {ref.split for ref in refs} == {refs[0].split} and refs[1].id == "x-1:0-36"


def test_problems_name_what_is_wrong_with_a_record():
    good = {"type": "ASSAULT", "trigger": "shelled", "source": {"text": "The army", "country": "", "sector": "MIL"},
            "target": None, "negated": False, "hypothetical": False, "announced": False}
    bad = {**good, "type": "ATTACK", "trigger": "bombed", "source": {"country": "UKRA"}, "negated": "no"}
    text = "The army shelled the town on Monday."
    assert problems({"sentence": "s", "events": [good]}, text) == []
    assert problems({"sentence": "s", "events": [bad]}, text) == [
        "s event 1: type 'ATTACK' is no PLOVER type", "s event 1: trigger 'bombed' is not in the sentence",
        "s event 1: source country 'UKRA' is not ISO alpha-3", "s event 1: negated is not true or false"]


def test_the_corpus_is_fixed_and_its_dev_split_holds_whole_articles():
    news = shared_file("news/wikinews_politics.jsonl").parent
    refs = sentence_refs(news)
    assert refs == sentence_refs(news) and len(refs) >= 5000
    splits = defaultdict(set)
    for ref in refs:
        splits[ref.article].add(ref.split)
    assert all(len(found) == 1 for found in splits.values())
    assert 0.15 < sum(ref.split == "dev" for ref in refs) / len(refs) < 0.35


def test_batches_and_annotations_name_train_sentences_of_the_corpus():
    refs = {ref.id: ref for ref in sentence_refs(shared_file("news/wikinews_politics.jsonl").parent)}
    batched = [line.strip() for path in (ROOT / "corpus" / "batches").glob("*.txt") for line in path.open()
               if line.strip()]
    assert batched and all(refs[sentence].split == "train" for sentence in batched)
    rows = {}
    for sentence, records in annotations(ROOT / "corpus" / "annotations").items():
        ref = refs[sentence]
        if ref.file not in rows:
            path = shared_file(f"news/{ref.file}")
            rows[ref.file] = {row["id"]: row for row in map(json.loads, path.open(encoding="utf-8"))}
        text = sentence_text(ref, rows[ref.file][ref.article])
        assert [p for record in records for p in problems(record, text)] == []
