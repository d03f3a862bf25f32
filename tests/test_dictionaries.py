"""Importing PETRARCH/TABARI actor and agent dictionaries."""

from datetime import date

from conftest import shared_file

from eventwire.actors.dictionaries import Role, parse_role, read_actors, read_agents, split_code


def test_codes_split_into_country_and_sector():
    assert split_code("USAGOV") == ("USA", "GOV")
    assert split_code("PSEREBHMS") == ("PSE", "REB")
    assert split_code("IGOEEU") == ("", "IGO")
    assert split_code("---") == ("", "")


def test_date_restricted_roles():
    assert parse_role("HOB < 950601") == Role("HOB", "", None, date(1995, 6, 1))
    assert parse_role("HOBGOV 19950601 - 19990815") == Role("HOB", "GOV", date(1995, 6, 1), date(1999, 8, 15))
    assert parse_role("HOBREB > 990816") == Role("HOB", "REB", date(1999, 8, 16), None)


def test_a_block_with_several_codes_is_one_name_for_several_actors():
    assert parse_role("ELR/GAL") == Role("ELR", "", joint=(("GAL", ""),))
    assert parse_role("FRO/BILGOV < 950601") == Role("FRO", "", None, date(1995, 6, 1), joint=(("BIL", "GOV"),))


def test_actor_file_with_synonyms_and_dated_roles(tmp_path):
    path = tmp_path / "test.actors"
    path.write_text(
        "<!-- a comment\n spanning lines -->\n"
        "GONDOR [GON]\n+MINAS_TIRITH\n\n"
        "GOLLUM  # note\n+SMEAGOL\n\t[HOB < 950601]\n\t[HOBGOV 19950601 - 19990815]\n\t[HOBREB > 990816]\n"
    )
    gondor, gollum = read_actors(path)
    assert gondor.names == ["GONDOR", "MINAS TIRITH"]
    assert gollum.names == ["GOLLUM", "SMEAGOL"]
    assert gollum.role_on(date(1997, 1, 1)).sector == "GOV"
    assert gollum.role_on(date(2001, 1, 1)).sector == "REB"


def test_agents_with_plurals_and_macros(tmp_path):
    path = tmp_path / "test.agents"
    path.write_text(
        "!MINST! = MINISTER, MINISTRY\n"
        "AMBASSADOR [~GOV] # note\n"
        "ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]\n"
        "!MINST!_OF_WAR [~MIL]\n"
    )
    terms = read_agents(path)
    assert terms["ambassadors"] == "GOV"
    assert terms["attorneys general"] == "GOV"
    assert terms["ministry of war"] == "MIL"


def test_phoenix_dictionaries_import():
    actors = read_actors(shared_file("petrarch2/Phoenix.Countries.actors.txt"))
    assert len(actors) > 5000
    assert all(role.country or role.sector for actor in actors for role in actor.roles)
    agents = read_agents(shared_file("petrarch2/Phoenix.agents.txt"))
    assert len(agents) > 500
    assert set(agents.values()) <= {"GOV", "MIL", "COP", "JUD", "LEG", "ELI", "PTY", "OPP", "REB", "UAF", "SPY",
                                    "CRM", "CVL", "BUS", "MED", "EDU", "HLH", "REF", "HRI", "LAB", "REL", "IGO", "NGO"}
