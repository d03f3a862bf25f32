"""Gold scoring: both gold formats, every metric on hand-checked cases, and `eventwire evaluate` as run."""

import json
import subprocess
import sys
from dataclasses import replace
from datetime import date

import pytest

from eventwire.evaluate import actor_matches, format_table, load_gold, score_petrarch, score_plover
from eventwire.models import Actor, Event, Evidence

PLOVER_GOLD = [
    {"id": "a", "date": "2020-01-02", "text": "Russia accused Ukraine of shelling.", "event": "ACCUSE", "mode": "",
     "source": [{"actorText": "Russia", "code": "RUS", "sector": ""}],
     "target": [{"actorText": "Ukraine", "code": "UKR", "sector": ""}]},
    {"id": "b", "date": "2020-01-02", "text": "France demanded that Germany pay.", "event": "DEMAND", "mode": "",
     "source": [{"actorText": "France", "code": "FRA", "sector": ""}],
     "target": [{"actorText": "Germany", "code": "DEU", "sector": ""}]},
    {"id": "c", "date": "2020-01-02", "text": "Japan met China.", "event": "CONSULT", "mode": "",
     "source": [{"actorText": "Japan", "code": "JAP", "sector": ""}], "target": []},
    {"id": "skip", "date": "2020-01-02", "text": "A document.", "event": "DOCUMENT"},
]

PETRARCH_GOLD = """<Validation>
<Sentences>
<Sentence date="20150101" id="p1"><EventCoding sourcecode="ARN" targetcode="BRA" eventcode="041"/>
<Text>Arnor discussed the matter with Bree by telephone.</Text></Sentence>
<Sentence date="20150101" id="p2"><EventCoding sourcecode="ARNGOV" targetcode="GON" eventcode="1121"/>
<EventCoding sourcecode="GON" targetcode="ARN" eventcode="1121"/>
<Text>The Arnor government and Gondor accused each other.</Text></Sentence>
<Sentence date="20150101" id="p3"><Text>Nothing happened in Gondor.</Text></Sentence>
<Sentence date="20150101" id="p4"><EventCoding sourcecode="" targetcode="" eventcode=""/>
<Text>Nothing happened in Arnor either.</Text></Sentence>
<Sentence date="20150101" id="p4"><EventCoding sourcecode="---GOV" targetcode="IGOEEU" eventcode="043"/>
<Text>An official hosted the European Union.</Text></Sentence>
</Sentences>
</Validation>
"""


def event(article_id, event_type, source, target=None, cameo="", confidence=0.5):
    return Event(article_id=article_id, sentence=0, date="2020-01-02", date_text="", published="2020-01-02",
                 event_type=event_type, mode=None, cameo=cameo, goldstein=0.0, quad_class=0,
                 source=Actor.make(source, source, *source.split()),
                 target=Actor.make(target, target, *target.split()) if target else None,
                 evidence=Evidence("", 0, 0), confidence=confidence)


@pytest.fixture
def plover_file(tmp_path):
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(PLOVER_GOLD), encoding="utf-8")
    return path


@pytest.fixture
def petrarch_file(tmp_path):
    path = tmp_path / "gold.xml"
    path.write_text(PETRARCH_GOLD, encoding="utf-8")
    return path


def test_plover_gold_maps_old_labels_and_codes_and_drops_documents(plover_file):
    kind, records = load_gold(plover_file)
    assert kind == "plover"
    assert [(r.id, r.event_type) for r in records] == [("a", "ACCUSE"), ("b", "REQUEST"), ("c", "CONSULT")]
    assert records[2].sources == ["JPN"] and records[0].targets == ["UKR"]
    assert records[0].published == date(2020, 1, 2)


def test_plover_metrics_on_a_hand_checked_case(plover_file):
    _, records = load_gold(plover_file)
    events = {
        # a: right type, right source, wrong target; plus a less confident spurious event
        "a": [event("a", "ACCUSE", "RUS GOV", "BLR GOV", confidence=0.9), event("a", "ASSAULT", "RUS", "UKR", confidence=0.3)],
        # b: wrong type only (most confident is ACCUSE)
        "b": [event("b", "ACCUSE", "FRA", "DEU", confidence=0.8)],
        # c: right type and source; gold has no target, so any target will do
        "c": [event("c", "CONSULT", "JPN GOV", "CHN", confidence=0.6)],
    }
    scores = score_plover(records, events)
    assert scores["records"] == 3
    assert scores["type"] == pytest.approx(2 / 3) and scores["top1"] == pytest.approx(2 / 3)
    assert scores["source"] == pytest.approx(2 / 3)
    assert scores["target"] == pytest.approx(1 / 3)  # only c (no gold target)
    assert scores["triple"] == pytest.approx(1 / 3)
    assert scores["source_accuracy"] == pytest.approx(1.0)  # both codings whose type was found
    assert scores["target_accuracy"] == pytest.approx(0.0)  # a: gold target UKR, event target BLR
    assert scores["events_per_sentence"] == pytest.approx(4 / 3)
    assert scores["spurious_per_sentence"] == pytest.approx(2 / 3)
    accuse = scores["per_type"]["ACCUSE"]
    assert (accuse["gold"], accuse["predicted"], accuse["precision"], accuse["recall"]) == (1, 2, 0.5, 1.0)
    assert accuse["f1"] == pytest.approx(2 / 3)
    assert scores["per_type"]["REQUEST"] == {"gold": 1, "predicted": 0, "precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert scores["confusion"] == {"ACCUSE": {"ACCUSE": 1}, "CONSULT": {"CONSULT": 1}, "REQUEST": {"ACCUSE": 1}}
    assert scores["macro_f1"] == pytest.approx((2 / 3 + 1.0 + 0.0) / 3)


def test_a_record_without_events_is_a_miss_counted_as_none(plover_file):
    _, records = load_gold(plover_file)
    scores = score_plover(records, {})
    assert scores["type"] == 0 and scores["events_per_sentence"] == 0
    assert scores["confusion"]["ACCUSE"] == {"NONE": 1}


def test_petrarch_gold_is_scored_on_cameo_roots_every_coding_of_a_record(petrarch_file):
    kind, records = load_gold(petrarch_file)
    assert kind == "petrarch" and [r.cameo for r in records] == [["041"], ["1121", "1121"], [], [], ["043"]]
    assert [r.id for r in records][-2:] == ["p4", "p4#2"]  # a repeated id stays two records
    events = {
        "p1": [event("p1", "CONSULT", "ARN", "BRA", cameo="042")],  # same root 04: right
        "p2": [event("p2", "ACCUSE", "ARN GOV", "GON", cameo="112")],  # only the first of two codings
        "p3": [event("p3", "ASSAULT", "GON", cameo="190")],  # a sentence with no gold event
    }
    hosted = event("p4#2", "CONSULT", "FRA GOV", "FRA", cameo="043")  # unknown state: the sector decides
    events["p4#2"] = [replace(hosted, source=Actor.make("official", "official", "", "GOV"),
                              target=Actor.make("EU", "EU", "", "IGO"))]
    scores = score_petrarch(records, events)
    assert scores["records"] == 3
    assert scores["root"] == scores["type"] == pytest.approx(1.0)  # every root is there
    assert scores["root_source_target"] == scores["triple"] == pytest.approx(2 / 3)  # p2's second coding is missed
    assert scores["source_accuracy"] == pytest.approx(3 / 4)
    assert scores["records_without_event"] == 2 and scores["events_per_sentence_without_event"] == 0.5
    assert set(scores["per_type"]) == {"04", "11"}
    assert scores["confusion"] == {"04": {"04": 2}, "11": {"11": 1}}


@pytest.mark.parametrize(("code", "country", "sector", "matches"), [
    ("---GOV", "", "GOV", True), ("---GOV", "FRA", "GOV", True), ("---GOV", "FRA", "MIL", False),
    ("IGOEEU", "", "IGO", True), ("ARNGOV", "ARN", "", True), ("ARNGOV", "ARN", "MIL", False),
    ("ARN", "GON", "", False),
])
def test_petrarch_actor_codes_match_by_state_then_sector(code, country, sector, matches):
    assert actor_matches(Actor.make("x", "x", country, sector), code) is matches


def test_a_bare_unknown_actor_code_in_petrarch_gold_names_nobody(tmp_path):
    """`targetcode="---"`: PETRARCH found no target ("a senior official said"), so none is right."""
    path = tmp_path / "gold.xml"
    path.write_text('<Validation><Sentences><Sentence date="20150101" id="s1">'
                    '<EventCoding sourcecode="---GOV" targetcode="---" eventcode="023"/>'
                    "<Text>A senior official said so.</Text></Sentence></Sentences></Validation>", encoding="utf-8")
    _, records = load_gold(path)
    said = event("s1", "REQUEST", "GOV", cameo="023")
    said = replace(said, source=Actor.make("official", "official", "", "GOV"))
    assert score_petrarch(records, {"s1": [said]})["root_source_target"] == 1.0
    assert score_petrarch(records, {"s1": [replace(said, source=Actor.make("x", "x", "FRA", "MIL"))]})[
        "root_source_target"] == 0.0  # the source's sector still counts


def test_the_table_has_every_metric_per_type_rows_and_the_confusion_matrix(plover_file):
    _, records = load_gold(plover_file)
    table = format_table(score_plover(records, {"a": [event("a", "ACCUSE", "RUS", "UKR")]}))
    for key in ("type", "top1", "source_accuracy", "target_accuracy", "triple", "events_per_sentence", "macro_f1"):
        assert key in table
    per_type, confusion = table.split("confusion")
    rows = {line.split()[0]: line.split()[1:] for line in per_type.splitlines() if line.strip()}
    assert rows["ACCUSE"] == ["1", "1", "1.00", "1.00", "1.00"] and rows["REQUEST"] == ["1", "0", "0.00", "0.00", "0.00"]
    matrix = {line.split()[0]: line.split()[1:] for line in confusion.splitlines()[2:]}
    assert matrix["REQUEST"] == [".", ".", ".", "1"]  # columns ACCUSE CONSULT REQUEST NONE: no event


@pytest.mark.parametrize("content, message", [
    ('{"id": "a"}', "expected a JSON list"),
    ("[1, 2]", "expected a JSON object per gold record"),
    ("[]", "no gold records"),
    ("<Validation><Sentence><Text>", "cannot read gold records"),
    ("not json", "cannot read gold records"),
])
def test_unreadable_gold_is_one_line_on_stderr_and_exit_2(tmp_path, content, message):
    path = tmp_path / "gold.json"
    path.write_text(content, encoding="utf-8")
    run = evaluate(str(path))
    assert run.returncode == 2 and run.stdout == ""
    assert message in run.stderr and len(run.stderr.strip().splitlines()) == 1


def test_missing_gold_file_is_a_usage_error(tmp_path):
    run = evaluate(str(tmp_path / "nope.json"))
    assert run.returncode == 2 and "no such file" in run.stderr


def evaluate(*args):
    return subprocess.run([sys.executable, "-m", "eventwire.cli", "evaluate", *args], capture_output=True,
                          text=True, timeout=300)


def test_evaluate_json_is_one_object_with_every_metric(plover_file):
    run = evaluate(str(plover_file), "--format", "json")
    assert run.returncode == 0, run.stderr
    scores = json.loads(run.stdout)  # the whole of stdout is one JSON object
    assert scores["format"] == "plover" and scores["records"] == 3
    for key in ("type", "top1", "source", "target", "triple", "source_accuracy", "target_accuracy",
                "events_per_sentence", "spurious_per_sentence", "macro_f1", "per_type", "confusion"):
        assert key in scores
    assert set(scores["confusion"]) == {"ACCUSE", "REQUEST", "CONSULT"}
    assert scores["per_type"]["ACCUSE"]["recall"] == 1.0  # "Russia accused Ukraine of shelling."


def test_evaluate_table_on_petrarch_gold_without_the_classifier(petrarch_file):
    run = evaluate(str(petrarch_file), "--no-classifier")
    assert run.returncode == 0, run.stderr
    assert "root_source_target" in run.stdout and "confusion" in run.stdout
    assert run.stdout.splitlines()[0].split() == ["format", "petrarch"]
