"""Actor resolution as a user meets it: `eventwire actor`, dated roles, user dictionaries, the registry."""

import json
import subprocess
import sys
from datetime import date

import pytest

from eventwire.actors import ArticleActors
from eventwire.actors.dictionaries import Role
from eventwire.actors.kb import Entry, KnowledgeBase, surname_key
from eventwire.actors.lookup import resolve_text
from eventwire.store import Store

VRUBLEVSKIY = "Ukraine's ambassador to Kazakhstan, Petro Vrublevskiy, was dismissed on Monday."


def actor_cli(*args):
    run = subprocess.run([sys.executable, "-m", "eventwire.cli", "actor", *args], capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


@pytest.fixture(scope="module")
def resolve(coder):
    def run(text, context="", when=None):
        return resolve_text(text, coder.nlp, coder.resolver, when=when, context=context)
    return run


def test_coordinated_nationalities_give_one_actor_each(coder):
    doc = coder.nlp("French and German troops entered the town.")
    troops = next(t for t in doc if t.text == "troops")
    actors = coder.resolver.resolve_all(troops, ArticleActors())
    assert [(a.country, a.sector) for a in actors] == [("FRA", "MIL"), ("DEU", "MIL")]
    doc = coder.nlp("The ambassadors of France, Italy and Spain presented their credentials.")
    envoys = next(t for t in doc if t.text == "ambassadors")
    actors = coder.resolver.resolve_all(envoys, ArticleActors())
    assert [(a.country, a.sector) for a in actors] == [("FRA", "GOV"), ("ITA", "GOV"), ("ESP", "GOV")]


@pytest.mark.parametrize("text,country,sector", [
    ("Ukraine's ambassador to Kazakhstan", "UKR", "GOV"),
    ("The Kazakhstan Embassy in Russia", "KAZ", "GOV"),
    ("Chile's Ministry of Mines", "CHL", "GOV"),
    ("four Saudi men", "SAU", ""),
    ("an American destroyer", "USA", "MIL"),
    ("the Kremlin", "RUS", "GOV"),
    ("Astana", "KAZ", "GOV"),
    ("Vietnamese-led forces", "VNM", "MIL"),
    ("US-backed rebels", "", "REB"),  # backed by, not of, the US
    ("ethnic Albanian guerrillas", "", "REB"),  # a people, not the state of Albania
    ("leaders of the opposition coalition", "", "OPP"),  # a leader takes the sector of what he leads
    ("a member of the Syrian parliament", "SYR", "LEG"),
    ("soldiers from Ghana", "GHA", "MIL"),  # where a force comes from is whose it is
    ("White House security officials", "USA", "GOV"),  # a multi-word seat of government as modifier
    ("Putin's government", "RUS", "GOV"),  # a listed person's country
    ("the ambassador in Moscow", "", "GOV"),  # where an envoy serves is not
])
def test_composition_gives_the_sending_state_and_the_role_sector(resolve, text, country, sector):
    actor = resolve(text)
    assert (actor.country, actor.sector) == (country, sector)


def test_a_role_without_a_country_takes_the_country_of_its_context(resolve):
    actor = resolve("Defense Minister", context="German")
    assert (actor.country, actor.sector) == ("DEU", "GOV")


@pytest.mark.parametrize("mention", ["Vrublevsky", "Vrublevskyi", "Petr Vrublevsky", "the envoy", "he"])
def test_later_mentions_resolve_to_the_person_the_article_introduced(resolve, mention):
    actor = resolve(mention, context=VRUBLEVSKIY)
    assert actor.name == "Petro Vrublevskiy"
    assert (actor.country, actor.sector, actor.resolved_by) == ("UKR", "GOV", "text")


def test_unknown_text_is_not_guessed(resolve):
    for text in ("the weather", "Zyx Qorbanov"):
        actor = resolve(text)
        assert (actor.country, actor.sector, actor.resolved_by) == ("", "", "")


def test_an_office_holder_is_gov_in_term_and_eli_after():
    holder = Entry("Ana Example", "CHL", "GOV", "person",
                   (Role("CHL", "GOV", date(2010, 3, 11), date(2014, 3, 11), "head of state"),))
    assert holder.on(date(2012, 1, 1)).sector == "GOV"
    assert holder.on(date(2020, 1, 1)).sector == "ELI"
    assert holder.on(date(2020, 1, 1)).title == "former head of state"
    assert holder.on(date(2000, 1, 1)).sector == ""


def test_a_bare_surname_is_the_holder_on_the_date_else_the_namesake_whose_term_lies_nearest():
    kb = KnowledgeBase()
    older = Entry("George Example", "USA", "GOV", "person", (Role("USA", "GOV", date(1989, 1, 20), date(1993, 1, 20)),))
    younger = Entry("George W. Example", "USA", "GOV", "person",
                    (Role("USA", "GOV", date(2001, 1, 20), date(2009, 1, 20)),))
    kb.add_person(older)
    kb.add_person(younger)
    assert kb.person("Example", date(2005, 1, 1)).name == "George W. Example"
    assert kb.person("Example", date(2015, 1, 1)).name == "George W. Example"  # both former: the later
    assert kb.person("Example", date(2000, 6, 1)).name == "George W. Example"  # about to take office
    assert kb.person("Example", date(1995, 1, 1)).name == "George Example"
    assert kb.person("Example", date(1997, 1, 20)) is None  # as near to both: no guess
    assert kb.person("Example", None) is None


def test_namesakes_of_different_countries_out_of_office_stay_unresolved():
    kb = KnowledgeBase()
    kb.add_person(Entry("Ana Sample", "CHL", "GOV", "person", (Role("CHL", "GOV", date(1990, 1, 1), date(1994, 1, 1)),)))
    kb.add_person(Entry("Jon Sample", "PER", "GOV", "person", (Role("PER", "GOV", date(2010, 1, 1), date(2014, 1, 1)),)))
    assert kb.person("Sample", date(2020, 1, 1)) is None
    assert kb.person("Sample", date(2012, 1, 1)).name == "Jon Sample"


@pytest.mark.parametrize("a,b", [("Vrublevskiy", "Vrublevskyi"), ("Zelenskyy", "Zelensky"), ("Qaddafi", "Gaddafi"),
                                 ("Tokayev", "Tokaev")])
def test_transliteration_variants_share_a_surname_key(a, b):
    assert surname_key(a) == surname_key(b)


def test_known_leaders_resolve_by_date_from_the_shipped_tables(resolve):
    in_term = resolve("Angela Merkel", when=date(2010, 6, 1))
    if in_term.resolved_by != "kb":
        pytest.skip("office tables do not list Angela Merkel")
    assert (in_term.country, in_term.sector) == ("DEU", "GOV")
    assert resolve("Merkel", when=date(2023, 6, 1)).sector == "ELI"


def test_actor_command_prints_one_json_object_with_role_and_provenance():
    actor = actor_cli("the envoy", "--context", VRUBLEVSKIY, "--date", "2022-10-03")
    assert set(actor) == {"text", "name", "id", "code", "country", "sector", "role", "source_of_resolution"}
    assert (actor["country"], actor["sector"], actor["source_of_resolution"]) == ("UKR", "GOV", "text")


def test_csv_dictionary_roles_follow_the_date(tmp_path):
    table = tmp_path / "people.csv"
    table.write_text("name,aliases,country,sector,role,start,end\n"
                     "Mira Qolash,Mira Kolash,XYZ,REB,commander,2001-01-01,2009-12-31\n"
                     "Mira Qolash,Mira Kolash,XYZ,GOV,president,2010-01-01,\n", encoding="utf-8")
    early = actor_cli("Mira Kolash", "--actors", str(table), "--date", "2005-05-05")
    late = actor_cli("Mira Qolash", "--actors", str(table), "--date", "2015-05-05")
    assert (early["sector"], early["source_of_resolution"]) == ("REB", "dictionary")
    assert (late["sector"], late["role"]) == ("GOV", "president")


def test_the_registry_carries_what_one_article_taught_to_the_next(tmp_path):
    from eventwire.ingest import Article

    db = tmp_path / "registry.duckdb"
    first = Article("a1", "Ukraine's ambassador to Kazakhstan, Petro Vrublevskiy, condemned the Russian embassy.",
                    date(2022, 9, 1))
    subprocess_code([first], db)
    with Store(db) as store:
        people = store.registry_people()
    assert any(p["name"] == "Petro Vrublevskiy" and p["country"] == "UKR" and p["sector"] == "GOV" for p in people)
    second = Article("a2", "Vrublevsky criticised Russian officials on Tuesday.", date(2022, 10, 1))
    events = subprocess_code([second], db)
    assert events and events[0]["source"]["country"] == "UKR"
    assert events[0]["source"]["name"] == "Petro Vrublevskiy"


def subprocess_code(articles, db):
    lines = "".join(json.dumps({"id": a.id, "date": a.published.isoformat(), "text": a.text}) + "\n" for a in articles)
    run = subprocess.run([sys.executable, "-m", "eventwire.cli", "code", "-", "--db", str(db), "--out", "-",
                          "--quiet"], input=lines, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return [json.loads(line) for line in run.stdout.splitlines()]


@pytest.mark.parametrize("text,country,sector", [
    ("Zarovian police", "ZRV", "COP"),  # a dictionary adjective before a role noun
    ("the Zarova government", "ZRV", "GOV"),
    ("lawmakers in Zarova", "ZRV", "LEG"),  # a legislature belongs to the place it sits in
    ("Russian police", "RUS", "COP"),  # a dictionary entry for a real state keeps composing
    ("Zar Palace security officials", "ZRV", "GOV"),  # a dictionary seat of government
])
def test_states_from_a_user_dictionary_compose_with_role_nouns(tmp_path, text, country, sector):
    states = tmp_path / "states.actors"
    states.write_text("ZAROVA [ZRV]\n+ZAROVIAN\nRUSSIA [RUS]\n+RUSSIAN\nMIRA_QOLASH [ZRVREB]\n"
                      "ZAR_PALACE [ZRVGOV]\n", encoding="utf-8")
    actor = actor_cli(text, "--actors", str(states))
    assert (actor["country"], actor["sector"]) == (country, sector)


@pytest.mark.parametrize(("names", "when"), [
    (("Chancellor Merkel", "Angela Merkel", "Merkel’s", "Merkel's"), date(2015, 6, 1)),
    (("President Erdogan", "Recep Tayyip Erdoğan", "Erdogan’s"), date(2022, 3, 1)),
    (("President Xi", "Xi Jinping", "Xi’s"), date(2020, 6, 1)),  # the family name first
    (("President Moon", "Moon Jae-in"), date(2019, 6, 1)),
])
def test_a_title_and_surname_and_possessives_are_the_person_of_the_full_name(resolve, names, when):
    actors = [resolve(name, when=when) for name in names]
    assert len({a.id for a in actors}) == 1 and actors[0].country and "-" in actors[0].id, actors


def test_relatives_keep_ids_of_their_own(resolve):
    ids = {resolve(name, when=date(2011, 6, 1)).id for name in ("Kim Jong Il", "Kim Jong Un")}
    assert len(ids) == 2


def test_other_spellings_of_first_names_agree_and_middle_initials_keep_relatives_apart(resolve):
    when = date(2020, 6, 1)
    assert resolve("Binyamin Netanyahu", when=when).id == resolve("Benjamin Netanyahu", when=when).id
    assert resolve("George H. W. Bush", when=when).id != resolve("George W. Bush", when=when).id


def test_the_lookup_echoes_the_phrase_it_was_asked(resolve):
    assert resolve("Bashar al-Assad", when=date(2020, 6, 1)).text == "Bashar al-Assad"


ORGANISATIONS_SHARING_A_SECTOR = [
    ("NATO", "the North Atlantic Treaty Organization", "Nato's"),
    ("the European Union", "EU", "the E.U.’s"),
    ("the United Nations", "UN", "U.N."),
    ("UNICEF", "Unicef"),
    ("Amnesty International", "Amnesty"),
    ("Human Rights Watch", "HRW"),
    ("the Islamic State", "ISIL", "ISIS"),
    ("the Syrian Democratic Forces", "SDF"),
    ("Hayat Tahrir al-Sham", "HTS"),
]


def test_named_organisations_each_have_an_id_of_their_own_and_a_shared_code(resolve):
    """NATO, the EU and the UN are all IGOs, Amnesty and HRW both NGOs: one code, never one id."""
    when = date(2022, 3, 1)
    ids = [{resolve(name, when=when).id for name in names} for names in ORGANISATIONS_SHARING_A_SECTOR]
    assert all(len(group) == 1 for group in ids), ids
    assert len(set.union(*ids)) == len(ids)
    assert resolve("NATO", when=when).code.startswith("IGO")
    assert resolve("Amnesty International", when=when).code.startswith("NGO")


def test_states_and_state_organs_are_their_own_codes(resolve):
    when = date(2022, 3, 1)
    assert [(a.id, a.code) for a in (resolve(t, when=when) for t in ("Russia", "the Kremlin", "the Russian military"))] \
        == [("RUS", "RUS"), ("RUSGOV", "RUSGOV"), ("RUSMIL", "RUSMIL")]


def test_a_person_keeps_a_name_id_and_takes_the_code_of_the_role(resolve):
    actor = resolve("President Erdogan", when=date(2022, 3, 1))
    assert (actor.id, actor.code) == ("TUR-RECEP_TAYYIP_ERDOGAN", "TURGOV")


def test_an_organisation_placed_in_another_country_keeps_its_id():
    from eventwire.models import Actor

    wagner = Actor.make("Wagner", "Wagner Group", "RUS", "UAF", identity="WAGNER_GROUP")
    moved = wagner.of_country("MLI")
    assert (moved.id, moved.code) == ("WAGNER_GROUP", "MLIUAF")
    assert Actor.make("troops", "Russia troops", "RUS", "MIL").of_country("MLI").id == "MLIMIL"


def _dyads(coder, text, when=date(2022, 3, 1)):
    from eventwire.models import Article

    events = coder.code_article(Article(id="t", text=text, published=when))
    return [(e.event_type, e.source.id, e.target.id if e.target else None) for e in events]


def test_both_countries_are_the_two_states_just_named(coder):
    dyads = _dyads(coder, "Greece and Turkey held talks on Monday. Both countries agreed to reopen the border.")
    assert [d for d in dyads if d[0] == "AGREE"] == [("AGREE", "GRC", "TUR"), ("AGREE", "TUR", "GRC")]


def test_the_two_sides_are_the_two_states_just_named(coder):
    dyads = _dyads(coder, "Russia and Ukraine exchanged prisoners. The two sides accused each other of shelling.")
    assert [d for d in dyads if d[0] == "ACCUSE"] == [("ACCUSE", "RUS", "UKR"), ("ACCUSE", "UKR", "RUS")]


@pytest.mark.parametrize("text", [
    "Three teenage boys who had been made to fight attacked the village.",
    "Bombs destroyed the police station in Mosul.",
    "20,000 foreigners protested against the government of Greece.",
])
def test_phrases_with_no_actor_in_them_make_no_actor(coder, text):
    """A common noun the tables do not know is no actor: no id is ever made of a phrase's words."""
    ids = {actor for _, source, target in _dyads(coder, text) for actor in (source, target) if actor}
    assert not [i for i in ids if i.startswith("X-") or "-" in i and not i.split("-", 1)[1].isupper()], ids
    assert not [i for i in ids if any(word in i for word in ("BOYS", "BOMBS", "FOREIGNERS"))], ids


def test_a_named_actor_the_tables_do_not_know_keeps_its_name_not_its_articles(coder):
    dyads = _dyads(coder, "Yusufzai Mohmand attacked the police station in Peshawar.")
    assert dyads and all(not source.startswith("X-THE_") for _, source, _ in dyads), dyads


def test_an_igo_head_is_a_person_of_no_country_apart_from_the_organisation(resolve):
    when = date(2020, 6, 1)
    chief, body = resolve("UN Secretary-General Antonio Guterres", when=when), resolve("the United Nations", when=when)
    assert chief.id == resolve("António Guterres", when=when).id != body.id
    assert (chief.country, chief.sector) == ("", "IGO") and chief.individual


def test_a_title_opening_the_name_is_not_part_of_the_person(resolve):
    when = date(2003, 3, 1)
    assert resolve("Foreign Secretary Jack Straw", when=when).id == resolve("Jack Straw", when=when).id == "GBR-JACK_STRAW"


def test_a_named_organisation_takes_no_country_from_the_person_who_leads_it(resolve):
    actor = resolve("Osama bin Laden's al-Qaeda", when=date(2001, 10, 1))
    assert (actor.id, actor.country) == ("AL_QAEDA", "")


def test_she_is_the_spokeswoman_just_named_not_the_last_country(coder):
    text = ("India and China held border talks on Monday. Chinese foreign ministry spokeswoman Mao Ning "
            "said on Tuesday the talks were useful. She accused India of provoking the clashes.")
    assert ("ACCUSE", "CHN-MAO_NING", "IND") in _dyads(coder, text, when=date(2023, 5, 1))


def test_the_junta_is_the_government_of_the_state_the_article_is_about(coder):
    text = ("Mali's army seized power in Bamako in May. Paris condemned the coup on Tuesday. "
            "The junta accused France of meddling.")
    assert ("ACCUSE", "MLIGOV", "FRA") in _dyads(coder, text, when=date(2021, 6, 1))


def test_a_role_noun_with_nothing_named_before_is_of_the_datelines_country(coder):
    assert _dyads(coder, "NIAMEY (AP) - The junta accused France of meddling.") == [("ACCUSE", "NERGOV", "FRA")]


def test_its_spokesman_is_of_the_group_last_met_as_a_subject(coder):
    text = ("Mali's army seized power in Bamako in May. The junta accused France of meddling. "
            "Its spokesman accused Paris of lying.")
    assert ("ACCUSE", "MLIGOV", "FRAGOV") in _dyads(coder, text, when=date(2021, 6, 1))


def test_namesakes_in_office_at_once_are_told_apart_by_the_sector_and_office_the_text_gives():
    kb = KnowledgeBase()
    kb.add_person(Entry("Omar Example", "SDN", "GOV", "person",
                        (Role("SDN", "GOV", date(1989, 1, 1), date(2019, 1, 1), "head of state"),)))
    kb.add_person(Entry("Abu Example", "IDN", "REB", "person", (Role("IDN", "REB", date(1993, 1, 1), None, "cleric"),)))
    kb.add_person(Entry("Maryam Example", "PAK", "GOV", "person",
                        (Role("PAK", "GOV", date(2009, 1, 1), None, "chief minister"),)))
    kb.add_person(Entry("Shehbaz Example", "PAK", "GOV", "person",
                        (Role("PAK", "GOV", date(2009, 1, 1), None, "head of government"),)))
    when = date(2010, 1, 1)
    assert kb.person("Example", when) is None
    assert kb.person("Example", when, sector="REB").name == "Abu Example"
    assert kb.person("Example", when, sector="GOV", role="prime minister").name == "Shehbaz Example"
    assert kb.person("Example", when, sector="GOV", role="president").name == "Omar Example"


def test_hyphens_and_spaces_in_capitalised_names_are_one_name():
    kb = KnowledgeBase()
    kb.add("Directorate General for Example Intelligence", Entry("Example Intelligence", "PAK", "SPY", "org"))
    assert kb.lookup("Directorate-General for Example Intelligence").name == "Example Intelligence"


@pytest.mark.parametrize(("text", "expected"), [
    ("Save the Children's", ("SAVE_THE_CHILDREN", "")),  # a verb in the name: the whole phrase is the name
    ("the East African bloc IGAD", ("IGAD", "")),  # the name the head belongs to, not a longer one beside it
    ("the Islamic State-linked Allied Democratic Forces", ("ALLIED_DEMOCRATIC_FORCES", "COD")),
    ("the Norwegian Refugee Council", ("NORWEGIAN_REFUGEE_COUNCIL", "")),  # a word of the name is no country
])
def test_listed_organisations_are_found_whole(resolve, text, expected):
    actor = resolve(text, when=date(2021, 6, 1))
    assert (actor.id, actor.country) == expected


@pytest.mark.parametrize(("text", "when", "expected"), [
    ("Scholz's", date(2022, 5, 1), "DEU-OLAF_SCHOLZ"),  # a surname the small model calls a place
    ("Prime Minister Abiy", date(2020, 1, 1), "ETH-ABIY_AHMED"),  # Ethiopians are named by the first name
    ("Abiy", date(2020, 1, 1), "ETH-ABIY_AHMED"),
])
def test_listed_people_the_model_mislabels_or_names_by_the_first_name(resolve, text, when, expected):
    assert resolve(text, when=when).id == expected


@pytest.mark.parametrize(("text", "when", "expected"), [
    ("Hamas leader Yahya Sinwar", date(2023, 11, 1), ("PSE-YAHYA_SINWAR", "PSE", "REB")),
    ("NATO chief Jens Stoltenberg", date(2022, 3, 1), ("NOR-JENS_STOLTENBERG", "", "IGO")),
    ("Pentagon spokesman John Kirby", date(2022, 3, 1), ("USA-JOHN_KIRBY", "USA", "MIL")),
])
def test_a_person_titled_by_an_organisation_acts_in_its_sector(resolve, text, when, expected):
    actor = resolve(text, when=when)
    assert (actor.id, actor.country, actor.sector) == expected


@pytest.mark.parametrize(("names", "when"), [
    (("Andrés Manuel López Obrador", "López Obrador", "President López Obrador"), date(2020, 6, 1)),  # two-word surname
    (("Ilham Aliyev", "İlham Əliyev", "President Aliyev"), date(2023, 6, 1)),  # Azerbaijani letters
    (("Christine Lagarde", "IMF Managing Director Christine Lagarde", "French Finance Minister Christine Lagarde"),
     date(2015, 6, 1)),  # a listed person keeps her id whatever title and country the text gives
])
def test_one_person_whatever_the_surname_letters_or_title(resolve, names, when):
    ids = {resolve(name, when=when).id for name in names}
    assert len(ids) == 1 and "" not in ids, ids


def test_a_text_country_keeps_a_listed_namesake_of_another_country_apart(resolve):
    assert resolve("Kenyan Prime Minister Kaja Kallas", when=date(2022, 6, 1)).id != \
        resolve("Kaja Kallas", when=date(2022, 6, 1)).id
