"""Resolve a noun phrase in a spaCy parse to an Actor with a country and a sector.

The phrase is the head noun with its modifiers (determiners, adjectives, compounds, possessors and
"of" complements). Host-country complements ("ambassador to Kazakhstan", "embassy in Russia") are left
out on purpose: the sending state is the actor's country. Names, pronouns and bare role nouns
("the envoy") are looked up in the per-article memory.
"""

from __future__ import annotations

from dataclasses import replace

from ..models import Actor
from ..nlp import dateline
from ..vocab import words
from .kb import MAX_NAME_TOKENS, Entry, KnowledgeBase, normalise
from .memory import ArticleActors
from .phrases import (
    adjacent_runs,
    is_definite,
    is_former,
    listed_appositions,
    name_run,
    name_spans,
    names_listed_before,
    person_name,
    phrase_tokens,
    span_text,
)

PERSON_KINDS = ("person", "dictionary", "registry")
NOT_PERSON_ENTITIES = words("actor_not_person_entities")
MISTAKEN_ENTITIES = words("actor_mistaken_person_entities")  # labels the model gives listed surnames too
SPEAKERS_FOR = words("actor_speakers_for")
LOCAL_SECTORS = words("local_sectors")
PROVENANCE = {"person": "kb", "dictionary": "dictionary", "registry": "registry"}
PERSON_PRONOUNS = words("actor_person_pronouns")
GROUP_PRONOUNS = words("actor_group_pronouns")
FIRST_PERSON = words("actor_first_person")
RELATIVE_PRONOUNS = words("actor_relative_pronouns")
GENERIC_HEADS = words("actor_generic_heads")  # take what they lead
CROWD_NOUNS = words("actor_crowd_nouns")
NAMED_DOERS = words("actor_named_doers")
LED_WORDS = words("actor_led_words")  # "Vietnamese-led forces" are Vietnam's; "US-backed rebels" are not the US's
ETHNIC_WORDS = words("actor_ethnic_words")
INDIVIDUAL_ROLES = words("actor_individual_roles")
DEFINITE_REACH = 400  # characters: "the government" names the one of the last sentence or two, not any before
RULING_NOUNS = words("actor_ruling_nouns")  # "the junta": of the state the article is about, not the last named
PAIR_NOUNS = words("actor_pair_nouns")  # "both countries", "the two sides"
PAIR_WORDS = words("actor_pair_words")


class Resolver:
    def __init__(self, kb: KnowledgeBase):
        self.kb = kb

    def resolve_all(self, head, memory: ArticleActors) -> list[Actor]:
        """The actor of a head token and of the heads coordinated with it ("Russia and Belarus")."""
        heads = [head] + [t for t in head.conjuncts if t.pos_ in ("NOUN", "PROPN", "PRON")]
        heads += [t for h in list(heads) for t in names_listed_before(h) + listed_appositions(h)]
        actors = []
        for token in heads:
            if pair := self._pair(token, memory):
                actors.extend(a for a in pair if a.id not in {b.id for b in actors})
                continue
            actor = self.resolve(token, memory) or self._inner_actor(token, memory)
            if actor and token is not head and token in head.conjuncts:
                actor = self._shared_state(head, token, actor)
            found = [actor, *self._coordinated_states(token, actor), *self._joint(token, actor, memory)] if actor else []
            actors.extend(a for a in found if a.id not in {b.id for b in actors})
        return actors

    def _pair(self, head, memory: ArticleActors) -> list[Actor]:
        """ "both countries", "the two governments": the two states the article has named most, each as
        its own actor of the sector the noun gives; none where the article has not named two."""
        if head.lemma_.lower() not in PAIR_NOUNS or not any(c.lower_ in PAIR_WORDS for c in head.children):
            return []
        countries = memory.main_countries(2, before=head)
        _, sector = self._role([head], head)
        text = span_text(phrase_tokens(head))
        return [Actor.make(text, self.kb.country_names.get(country, country), country, sector, resolved_by="text")
                for country in countries]

    def _shared_state(self, first, token, actor: Actor) -> Actor:
        """ "Danish media and government": a bare noun coordinated after a state's adjective shares it."""
        if actor.country or not actor.sector or any(c.dep_ in ("det", "amod", "compound", "poss") for c in token.children):
            return actor
        for modifier in (m for m in first.children if m.dep_ in ("amod", "compound") and m.i < first.i):
            entry = self.kb.lookup(modifier.text)
            if entry and entry.country and entry.names_state:
                return actor.of_country(entry.country)
        return actor

    def _joint(self, head, actor: Actor, memory: ArticleActors) -> list[Actor]:
        """The further actors a dictionary name stands for (`THE_SHIRE [FRO/BIL/SAM]`), each as its own."""
        if actor.resolved_by != "dictionary":
            return []
        entry = self._name_entry(phrase_tokens(head), head)
        if entry is None or not entry.roles:
            return []
        return [actor.of_country(country, sector=sector or actor.sector) for country, sector in entry.on(memory.when).joint]

    def _coordinated_states(self, head, actor: Actor) -> list[Actor]:
        """ "French and German troops": the same kind of actor for each further coordinated state."""
        if not actor.country or actor.individual:
            return []
        listed = names_listed_before(head)  # actors of their own
        others = [c for m in head.children if m.dep_ in ("amod", "compound", "nmod") and m.i < head.i
                  and m not in listed for c in m.conjuncts if c.i < head.i]
        others += [c for p in head.children if p.dep_ == "prep" and p.lower_ == "of"  # "envoys of A, B and C"
                   for g in p.children if g.dep_ == "pobj" for c in g.conjuncts]
        found = []
        for other in others:
            entry = self.kb.lookup(other.text)
            if entry and entry.country and entry.country != actor.country and entry.names_state:
                found.append(actor.of_country(entry.country))
        return found

    def unnamed(self, head) -> Actor | None:
        """A named actor the tables cannot place ("the Umma party", "Yusuf", "Ibo traditional elders"): its
        name only, so the event is kept with a source a reader can check; pronouns, clauses and common
        nouns with no name in front give none."""
        if head.pos_ not in ("NOUN", "PROPN") or head.lower_ in RELATIVE_PRONOUNS:
            return None
        name = name_run(head)
        if not any(t.pos_ == "PROPN" or t.ent_type_ in NAMED_DOERS for t in name):
            return None  # common nouns the tables do not know ("the move", "bombs", "20,000 foreigners")
        return Actor.make(span_text(phrase_tokens(head)), span_text(name), resolved_by="unresolved")

    def _inner_actor(self, head, memory: ArticleActors) -> Actor | None:
        """For a head that is no actor ("Vrublevskyi's calls", "the killing of Russians"): its owner."""
        inner = [c for c in head.children if c.dep_ == "poss"]
        inner += [g for c in head.children if c.dep_ == "prep" and c.lower_ in ("of", "by") for g in c.children
                  if g.dep_ == "pobj"]
        return next((actor for actor in (self.resolve(t, memory) for t in inner) if actor), None)

    def dateline_country(self, text: str) -> str:
        """The country an article's wire dateline names: its region's ("MOSUL, Iraq"), else the
        capital's ("NIAMEY"); "" where there is none or the tables know neither."""
        found = dateline(text)
        for name in (found[1], found[0].title()) if found else ():
            entry = self.kb.lookup(name) if name else None
            if entry is not None and entry.kind in ("country", "capital"):
                return entry.country
        return ""

    def learn(self, sent, memory: ArticleActors) -> None:
        """Read a sentence for what it teaches about actors: appositions and clause subjects."""
        for token in sent:
            if token.dep_ == "appos" or (token.dep_ in ("nsubj", "nsubjpass") and token.pos_ == "PROPN"):
                self.resolve(token.head if token.dep_ == "appos" else token, memory)

    def resolve(self, head, memory: ArticleActors) -> Actor | None:
        if (head.pos_ == "PRON" or head.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS) and not head.text.isupper():
            return _as_mentioned(self._pronoun(head, memory), head.text)
        tokens = phrase_tokens(head)
        if any(t.dep_ == "poss" and t.lower_ in FIRST_PERSON for t in tokens):
            return None  # "our children": the speaker's side, unknown without the speaker
        if named := self._named_apposition(head, memory):
            return _as_mentioned(named, span_text(tokens))
        text = span_text(tokens)
        entry = self._name_entry(tokens, head)
        if entry and entry.roles:
            entry = entry.on(memory.when)
        listed_thing = entry is not None and entry.kind not in PERSON_KINDS  # "Burma", "Boko Haram"
        person = None if listed_thing else person_name(head) or self._known_name(head, entry, memory)
        if person or (entry and entry.kind in ("person", "registry")):
            return self._person(person or entry.name, text, tokens, head, memory)
        country = self._country(tokens, head, entry) or self._possessive_pronoun_country(tokens, memory)
        role, role_sector = self._role(tokens, head)
        sector = self._sector(tokens, entry, role_sector) or _people_sector(head, entry)
        if not country and sector:
            country = self._place_country(head, ("in", "from") if sector in LOCAL_SECTORS else ("from",))
        if not country and head.lemma_.lower() in SPEAKERS_FOR:
            country, sector = self._represented(head, memory) or (country, sector)
        if entry and entry.kind in ("org", "dictionary"):
            actor = listed_actor(text, entry, country, sector, role)
        elif country or sector:
            if sector and not country and is_definite(head):
                if known := _antecedent(head, sector, memory):
                    return _as_mentioned(known, span_text(tokens))
                country = memory.main_country(before=head)  # "the junta": of the state the article is about
            actor = Actor.make(text, self._collective_name(country, tokens, head), country, sector,
                               role=role, resolved_by="kb")
        else:
            return None
        memory.remember(actor, individual=_one_person(head), token=head)
        person = self._learn_appositions(head, actor, memory)
        return replace(person, text=text) if person else actor

    def _pronoun(self, head, memory: ArticleActors) -> Actor | None:
        if head.lower_ in FIRST_PERSON:
            return None  # "we", "I": the speaker, which the coder supplies when it knows it
        if head.lower_ in RELATIVE_PRONOUNS and head.head.dep_ == "relcl":
            return self.resolve(head.head.head, memory)
        if head.lower_ in PERSON_PRONOUNS:
            return memory.latest(individual=True, before=head) or memory.latest(before=head)
        return memory.group_before(head) or memory.latest(before=head)

    def _person(self, full_name, text, tokens, head, memory: ArticleActors) -> Actor:
        """A named person: the role the text gives them, else what the article, the knowledge base,
        the user's dictionaries or the registry know of the name."""
        country, sector, role = self._text_role(tokens, head)
        if country or sector:
            name, provenance = full_name, "text"
            listed = self.kb.person(full_name, memory.when, sector=sector, role=role)
            if listed is not None and country and not _served(listed, country):
                listed = None  # a namesake of another country
            if listed is not None and not country:  # "President Bush": the title from the text; who, the tables
                country, name, provenance = listed.country, listed.name, PROVENANCE.get(listed.kind, "kb")
            found = Actor.make(text, name, country, sector, individual=True, role=role, resolved_by=provenance,
                               identity=listed.person_id if listed is not None else "")
            actor = memory.add_person(full_name, found)
        else:
            actor = memory.find_person(full_name) or self._listed_person(full_name, text, memory)
        result = replace(actor, text=text)
        memory.remember(result, individual=True, token=head)
        return result

    def _text_role(self, tokens, head) -> tuple[str, str, str]:
        """Country, sector and role noun that the phrase itself or an apposition gives a person
        ("Petro Vrublevskiy, Ukraine's ambassador", "former President Nazarbayev")."""
        related = [c for c in head.children if c.dep_ == "appos"] + ([head.head] if head.dep_ == "appos" else [])
        country = self._country(tokens, head, None)
        role, sector = self._role(tokens, head)
        for token in related:
            phrase = phrase_tokens(token)
            entry = self._name_entry(phrase, token)
            if entry and entry.kind in PERSON_KINDS:
                continue
            apposed_role, apposed_sector = self._role(phrase, token)
            country = country or self._country(phrase, token, entry)
            sector = sector or self._sector(phrase, entry, apposed_sector)
            role = role or apposed_role
        if (organisation := self._title_organisation(tokens, head)) is not None:  # "Hamas leader Yahya Sinwar"
            country, sector = country or organisation.country, organisation.sector or sector
        if (is_former(tokens) or any(is_former(phrase_tokens(t)) for t in related)) and sector:
            sector = "ELI"
        return country, sector, role

    def _title_organisation(self, tokens, head) -> Entry | None:
        """A listed organisation named in the title before a person's name ("UN Secretary-General",
        "European Parliament President"): the person acts for it, in its sector."""
        entity = next((e for e in head.doc.ents if e.start <= head.i < e.end and e.label_ == "PERSON"), None)
        before = [t for t in tokens if t.i < (entity.start if entity is not None else head.i)]
        return next((entry for _, entry in self._lookups(before) if entry.kind == "org"), None)

    def _listed_person(self, full_name, text, memory: ArticleActors) -> Actor:
        entry = self.kb.person(full_name, memory.when)
        if entry is None:
            return memory.add_person(full_name, Actor.make(text, full_name, individual=True))
        found = Actor.make(text, entry.name, entry.country, entry.sector, individual=True, role=entry.title,
                           resolved_by=PROVENANCE.get(entry.kind, "kb"), identity=entry.person_id)
        return memory.add_person(full_name, found)

    def _known_name(self, head, entry: Entry | None, memory: ArticleActors) -> str | None:
        """A proper noun the parser did not tag as a person, but that the article has named before or
        that the knowledge base, the dictionaries or the registry list as a person."""
        if entry is not None or not head.text[:1].isupper():
            return None
        if head.ent_type_ in NOT_PERSON_ENTITIES:  # the small model calls many surnames places: "Scholz"
            listed = head.ent_type_ in MISTAKEN_ENTITIES and head.pos_ in ("PROPN", "NOUN")
            return head.text if listed and self.kb.person(head.text, memory.when) else None
        known = memory.find_person(head.text) if memory.people else None
        if known:
            return known.name
        if head.pos_ not in ("PROPN", "NOUN") or head.ent_type_ not in ("PERSON", "ORG", ""):
            return None  # a capitalised NOUN too: the small model tags "Sinwar", "Baghdadi" so
        return head.text if self.kb.person(head.text, memory.when) else None

    def _possessive_pronoun_country(self, tokens, memory: ArticleActors) -> str:
        """ "its citizens", "their embassy": the country of the group the pronoun refers to."""
        for token in tokens:
            if token.dep_ == "poss" and token.lower_ in ("its", "their"):
                known = memory.group_before(token)
                return known.country if known else ""
        return ""

    def _learn_appositions(self, head, actor: Actor, memory: ArticleActors) -> Actor | None:
        """ "Ukraine's ambassador, Petro Vrublevskiy": the named person, who takes the role."""
        person = None
        for appos in head.children:
            if appos.dep_ == "appos" and person_name(appos):
                found = replace(actor, resolved_by="text")
                person = memory.add_person(person_name(appos), found)
                memory.remember(person, individual=True, token=appos)
        return person

    def _name_entry(self, tokens, head) -> Entry | None:
        """The longest knowledge-base name in the phrase that contains the head, else the longest org name
        ("the Islamic State-linked Allied Democratic Forces": the one the head belongs to)."""
        best = None
        person = next((e for e in head.doc.ents if e.start <= head.i < e.end and e.label_ == "PERSON"), None)
        for start in range(len(tokens)):
            for end in range(min(len(tokens), start + MAX_NAME_TOKENS), start, -1):
                entry = self.kb.lookup(span_text(tokens[start:end]))
                if entry and entry.kind not in ("org", *PERSON_KINDS) and _inside(tokens[start:end], person):
                    continue  # "Lima" in "Marcos Lima": part of a person's name, not the capital
                covers_head = tokens[start].i <= head.i <= tokens[end - 1].i
                if entry and (best is None or (covers_head, end - start) > best[:2]):
                    if covers_head or (entry.kind == "org" and person is None):  # "UN chief Guterres": him
                        best = (covers_head, end - start, entry)
        if best is None or best[2].kind != "org":
            wider = next((e for e in map(self.kb.lookup, name_spans(head)) if e and e.kind == "org"), None)
            if wider is not None and (best is None or len(wider.name.split()) > best[1]):
                return wider
        return best[2] if best else None

    def _named_apposition(self, head, memory: ArticleActors) -> Actor | None:
        """ "the Somali militant group al-Shabaab", "the West African bloc ECOWAS": a listed organisation
        named right after the noun that describes it is the actor."""
        for appos in head.children:
            if appos.dep_ == "appos" and appos.pos_ == "PROPN" and appos.left_edge.i == head.i + 1:
                entry = self._name_entry(phrase_tokens(appos), appos)
                if entry is not None and entry.kind == "org":
                    return self.resolve(appos, memory)
        return None

    def _country(self, tokens, head, entry: Entry | None) -> str:
        """Possessor first ("Ukraine's ambassador"), then modifiers, then the head itself, then "of" X."""
        possessors = [t for t in tokens if t.dep_ == "poss"]
        modifiers = [t for t in tokens if t.i < head.i and (
            t.head.i == head.i or t.head.dep_ in ("compound", "nmod") or t.head.lower_ in LED_WORDS)]
        ethnic = any(t.lower_ in ETHNIC_WORDS for t in modifiers)
        if ethnic:
            modifiers, entry = [], None  # "ethnic Albanians in Serbia": a people, not the state of that name
        owners = [t for p in possessors for t in p.subtree]  # "Putin's government": a person's country too
        named_org = entry is not None and entry.kind == "org"  # "bin Laden's al-Qaeda" is of no country still
        if named_org:  # "the Norwegian Refugee Council": a word of the name says nothing of whose it is
            modifiers = [t for t in modifiers if t.lower_ not in normalise(entry.name).lower().split()]
        for token, found in self._lookups(owners) + self._lookups(modifiers):
            if found.country and (found.kind not in ("org", "person", "registry") or (token in owners and not named_org)):
                return found.country
        for possessor in [] if named_org else possessors:  # "Putin's government": a listed person's country
            person = self.kb.person(span_text([t for t in possessor.subtree if t.tag_ != "POS"]))
            if person is not None and person.country:
                return person.country
        if entry and (entry.country or entry.kind == "org"):
            return entry.country  # "the Islamic State of Iraq and the Levant" is of no country
        after = [t for t in tokens if t.i > head.i]
        for token in reversed(after):  # "Association of Russian ... Organizations of Kazakhstan": the last
            found = self.kb.lookup(token.text) or self._multiword(token)
            if found and found.country:
                return found.country
        return ""

    def _lookups(self, tokens) -> list[tuple]:
        """(token, entry) for each name among the tokens: runs of adjacent words, longest first
        ("White House security officials", "Caras Galadhon's mayor"), then single words."""
        found = []
        for run in adjacent_runs(tokens):
            for width in range(min(len(run), MAX_NAME_TOKENS), 1, -1):
                for start in range(len(run) - width + 1):
                    entry = self.kb.lookup(span_text(run[start:start + width]))
                    if entry:
                        found.append((run[start], entry))
        for token in tokens:
            entry = self.kb.lookup(token.text) or self._multiword(token)
            if entry:
                found.append((token, entry))
        return found

    def _represented(self, head, memory: ArticleActors) -> tuple[str, str] | None:
        """ "a spokesman for the Chinese foreign ministry": the country and sector of who is spoken for."""
        for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "for"):
            for principal in (g for g in prep.children if g.dep_ == "pobj"):
                actor = self.resolve(principal, memory)
                if actor and actor.country:
                    return actor.country, actor.sector or "GOV"
        return None

    def _place_country(self, head, preps=("in", "from")) -> str:
        """ "rebels in the Ivory Coast", "soldiers from Ghana": a group belongs to the country it is
        from, and a non-state group to the one it is in (a diplomat's host country is not his)."""
        for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in preps):
            for place in (g for g in prep.children if g.dep_ == "pobj"):
                found = self.kb.lookup(span_text(phrase_tokens(place))) or self.kb.lookup(place.text)
                found = found or self._multiword(place)
                if found and found.country and found.kind != "adjective" and found.names_state:
                    return found.country
        return ""

    def _multiword(self, token) -> Entry | None:
        if token.ent_iob_ in ("B", "I") and token.ent_type_ in ("GPE", "NORP", "ORG", "LOC"):
            ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
            if ent is not None:
                return self.kb.lookup(ent.text)
        return None

    def _sector(self, tokens, entry: Entry | None, role_sector: str) -> str:
        """A listed capital, organisation or person's sector, else the role noun's (ELI if former)."""
        if entry and entry.kind == "capital":
            return "GOV"
        if entry and entry.kind in ("org", *PERSON_KINDS) and entry.sector:
            return entry.sector
        return "ELI" if role_sector and is_former(tokens) else role_sector

    def _role(self, tokens, head) -> tuple[str, str]:
        """The role noun of the phrase and its sector ("foreign ministry", "GOV"), else ("", "").
        A user's agents file is searched first, as its own coder would ("the official news agency":
        its OFFICIAL, GOV, before the shipped "news agency", MED)."""
        if self.kb.dictionary_roles:
            found = self._role_in(tokens, head, self.kb.dictionary_role)
            if found[1]:
                return found
        return self._role_in(tokens, head, self.kb.role)

    def _role_in(self, tokens, head, role_of) -> tuple[str, str]:
        """The head with its left modifiers first, widest first ("riot police" before "police"); then a
        title in front of a name ("opposition leader Raila Odinga", "Secretary of State Warren Christopher")."""
        if head.lemma_.lower() in GENERIC_HEADS:  # "leaders of the opposition coalition": OPP
            led = [g for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                   if g.dep_ == "pobj"]
            for organisation in led:
                title, sector = self._role(phrase_tokens(organisation), organisation)
                if sector:
                    return f"{head.lemma_.lower()} of {title}", sector
        left = [t for t in tokens if t.i <= head.i]
        for width in range(min(4, len(left)), 0, -1):
            words = left[-width:]
            title = " ".join(t.lemma_.lower() for t in words)
            if sector := role_of(" ".join(t.lower_ for t in words)) or role_of(title):
                return title, sector
        titles = [t for t in tokens if t.i != head.i]
        for end in range(len(titles), 0, -1):
            for width in (3, 2, 1):
                words = titles[max(0, end - width):end]
                if sector := role_of(" ".join(t.lower_ for t in words)):
                    return " ".join(t.lemma_.lower() for t in words), sector
        return "", ""

    def _collective_name(self, country: str, tokens, head) -> str:
        country_name = self.kb.country_names.get(country, "")
        role = head.lemma_.lower() if self.kb.role(head.lemma_.lower()) or self.kb.role(head.lower_) else ""
        return " ".join(part for part in (country_name, role) if part) or head.text


def _people_sector(head, entry: Entry | None) -> str:
    """ "Thousands of Iraqi Kurds", "three Iranians": people of a country, civilians, not its state."""
    counted = head.lemma_.lower() in CROWD_NOUNS and any(
        c.dep_ == "prep" and c.lower_ == "of" for c in head.children)
    demonyms = entry is not None and entry.kind == "adjective" and head.tag_ in ("NNS", "NNPS")
    numbered = any(c.dep_ == "nummod" for c in head.children)
    return "CVL" if counted or (demonyms and numbered) else ""


def _as_mentioned(actor: Actor | None, text: str) -> Actor | None:
    """The same actor, with the surface text of this mention."""
    return replace(actor, text=text) if actor else None




def listed_actor(text: str, entry: Entry, country: str = "", sector: str = "", role: str = "") -> Actor:
    """A listed organisation or dictionary actor, of the country and sector the phrase gives where the
    entry has none ("Syrian Red Crescent" style compositions keep the entry's id)."""
    return Actor.make(text, entry.name, entry.country or country, entry.sector or sector, role=role,
                      resolved_by=PROVENANCE.get(entry.kind, "kb"), identity=entry.id,
                      code=entry.code if (entry.country or not country) else "")


def _served(person: Entry, country: str) -> bool:
    """Could the listed person be the one the text calls of `country`: they served it, or no state at all
    ("French Finance Minister Christine Lagarde", listed for her IMF and ECB posts only)?"""
    countries = {role.country for role in person.roles} | {person.country}
    return country in countries or countries <= {""}


def _one_person(head) -> bool:
    """ "a spokeswoman", "the envoy": one person, whom "she" and "he" may name again."""
    return head.lemma_.lower() in INDIVIDUAL_ROLES and head.tag_ in ("NN", "NNP")


def _antecedent(head, sector: str, memory: ArticleActors) -> Actor | None:
    """The actor a definite role noun names again: the last of the same role ("the ministry" after "the
    Greek foreign ministry"); for one person, the last person of the sector; else the last actor of
    the sector met just before; a ruling noun ("the junta", "the regime") where the article has a main
    country names that country's, unless the article named one of its kind before."""
    noun = head.lemma_.lower()
    individual = True if _one_person(head) else None
    if noun in RULING_NOUNS and memory.main_country(before=head):
        return memory.latest(role_noun=noun, before=head)  # else the caller takes the main country's
    return (memory.latest(individual=individual, role_noun=noun, before=head)
            or (individual and memory.latest(individual=True, sector=sector, before=head))
            or memory.latest(sector=sector, before=head, within=DEFINITE_REACH))


def _inside(tokens, entity) -> bool:
    """The tokens lie inside the entity, which is longer."""
    return entity is not None and len(entity) > len(tokens) and entity.start <= tokens[0].i and tokens[-1].i < entity.end
