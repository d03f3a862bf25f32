"""Place mentions in the parse and the text, and the place each one names.

Mentions: GPE/LOC/FAC entities of the parse (and place names the small model labels NORP, PERSON or ORG
when a locative preposition governs them). Countries and capitals are places only where the text uses them
as places ("in Moscow", "northern Syria", "Baghuz, eastern Syria"), not where they stand for a government
("Moscow condemned"). Candidates are ranked by an explicit container ("Kilis, Turkey", "the Syrian town
of Douma"), the countries of the event's actors, the countries of the article, population and feature.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from ..actors.kb import KnowledgeBase, load_kb
from ..models import Event
from ..nlp import dateline
from ..vocab import words
from .gazetteer import Gazetteer, Place, place_key, without_article

PLACE_LABELS = words("geo_place_labels")
NOT_PLACE_LABELS = words("geo_not_place_labels")
MISLABELS = words("geo_mislabels")  # the small model's labels for some place names
LOCATIVE = words("geo_locative")
PLACE_NOUNS = words("geo_place_nouns")
REGION_WORDS = words("geo_region_words")
DIRECTIONS = words("geo_directions")
MOVEMENT_PREPOSITIONS = words("geo_movement_prepositions")
MOVEMENT_WORDS = words("geo_movement_words")
PEOPLE = words("geo_people")
GOVERNMENT_NOUNS = words("geo_government_nouns")
NOT_PLACES = words("geo_not_places")  # capitalised words after "in" that name no place ("in March")
TRAILING_FEATURES = {
    **dict.fromkeys(REGION_WORDS, "region"),
    **dict.fromkeys(words("geo_city_features"), "city"),
}
# ranking of candidates: log10 population, primary name, feature, seat of government, explicit container,
# countries of the event's actors, share of the article's place mentions in the candidate's country
WEIGHTS = dict(
    population=0.6,
    name=1.0,
    country=4.0,
    region=3.0,
    capital=2.0,
    container=4.0,
    container_admin1=2.0,
    actor=1.5,
    article=2.5,
)
SMALL_PLACE = 15000  # a mention outside a place context must name a town at least this big


@dataclass
class Mention:
    """A place name in the text, its candidates, and whether the text uses it as a place."""

    span: object | None  # spaCy Span; None for a mention found by the text scan of an unparsed sentence
    text: str
    candidates: list[Place]
    container: Place | None = None  # "Kilis, Turkey": the place that holds this one
    locative: bool = False  # governed by a locative preposition, a place noun or a direction
    feature: str = ""  # "region" for "Idlib province"
    place: Place | None = None  # best candidate in the article's context
    as_place: bool = False
    dateline: bool = False  # the place the article was filed from ("KYIV (Reuters) - ")


@dataclass
class Context:
    """What ranks candidates: countries of the article's places and of the event's actors."""

    article: Counter = field(default_factory=Counter)
    actors: set[str] = field(default_factory=set)

    def share(self, country: str) -> float:
        total = sum(self.article.values())
        return self.article[country] / total if total else 0.0


def score(place: Place, mention: Mention, context: Context) -> float:
    weight = WEIGHTS
    key = place_key(mention.text)
    value = weight["population"] * math.log10(place.population + 10)
    if place.key in (key, without_article(key)):
        value += weight["name"]
    if place.feature == "country":
        value += weight["country"]
    elif place.feature == "region":
        value += weight["region"]
    if key in place.capital_names:
        value += weight["capital"]
    if mention.container is not None and place.feature != "country":
        if place.country == mention.container.country:
            value += weight["container"]
        if mention.container.admin1 and place.admin1 == mention.container.admin1:
            value += weight["container_admin1"]
    if place.country in context.actors:
        value += weight["actor"]
    return value + weight["article"] * context.share(place.country)


def best_place(mention: Mention, context: Context) -> Place | None:
    if not mention.candidates:
        return mention.container if mention.locative else None
    return max(mention.candidates, key=lambda place: score(place, mention, context))


def doc_mentions(doc, gazetteer: Gazetteer, kb: KnowledgeBase | None = None) -> list[Mention]:
    """Place mentions of one parsed text, with candidates and container, in text order (kb: the knowledge
    base that tells demonyms and role nouns; None: the shipped one)."""
    kb = kb if kb is not None else load_kb()
    mentions: list[Mention] = []
    taken: set[int] = set()
    for span in _place_spans(doc, kb, gazetteer):
        if span.start in taken:
            continue
        mention = _mention(span, gazetteer, kb)
        if mention is not None:
            taken.update(range(span.start, span.end))
            mentions.append(mention)
    return mentions


def _place_spans(doc, kb: KnowledgeBase, gazetteer: Gazetteer):
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS:
            yield ent
        elif (
            ent.label_ in MISLABELS
            and not _is_demonym(ent, kb)
            and (_governed_locatively(ent.root, kb) or ent.label_ == "NORP" and _big_place(ent.text, gazetteer))
        ):
            yield ent
    for token in doc:  # a proper noun the model left unlabelled: only right after a locative preposition
        if (
            token.dep_ == "pobj"
            and token.pos_ == "PROPN"
            and not token.ent_type_
            and token.head.lower_ in LOCATIVE
        ):
            yield _proper_run(token)


def _big_place(text: str, gazetteer: Gazetteer) -> bool:
    """A town the small model called a nationality ("the Sochi conference", "like Aleppo")."""
    return any(p.population >= SMALL_PLACE for p in gazetteer.candidates(text))


def _is_demonym(span, kb: KnowledgeBase) -> bool:
    entry = kb.lookup(span.text)
    return entry is not None and entry.kind in ("adjective", "org", "dictionary")


def _proper_run(token):
    """The run of proper nouns that ends at `token` ("Tal Abyad")."""
    start = token.i
    while start > 0 and token.doc[start - 1].pos_ == "PROPN" and not token.doc[start - 1].ent_type_:
        start -= 1
    return token.doc[start : token.i + 1]


def _governed_locatively(token, kb: KnowledgeBase, depth: int = 0) -> bool:
    """`in X`, `the town of X`, `X province`, `northern X`, `X's north-east`, `X-based`, `travelled to X`,
    `a pharmacist from X`; through apposition and coordination ("in the capital Amman", "in A and B")."""
    head = token.head
    if token.dep_ == "pobj" and (head.lower_ in LOCATIVE or _movement(head) or _origin(head, kb)):
        return True
    if (
        token.dep_ == "pobj"
        and head.lower_ == "of"
        and (
            head.head.lemma_.lower() in PLACE_NOUNS
            or head.head.lower_ == "out"
            or _inside_locative_phrase(head.head)
        )
    ):
        return True
    if token.dep_ in ("compound", "nmod", "npadvmod") and (
        head.lemma_.lower() in PLACE_NOUNS or head.lower_ == "based"
    ):
        return True
    if token.dep_ == "poss" and (head.lower_ in DIRECTIONS or head.lemma_.lower() in PLACE_NOUNS):
        return True
    if token.dep_ in ("appos", "conj", "compound") and head is not token and depth < 4:
        return _governed_locatively(head, kb, depth + 1)
    return any(child.lower_ in DIRECTIONS and child.i < token.i for child in token.children)


def _movement(preposition) -> bool:
    """ "travel to X", "fled from X", "bound for X", "a visit to X"."""
    return preposition.lower_ in MOVEMENT_PREPOSITIONS and preposition.head.lemma_.lower() in MOVEMENT_WORDS


def _origin(preposition, kb: KnowledgeBase) -> bool:
    """ "a pharmacist from X", "families from X": where people come from."""
    if preposition.lower_ != "from" or preposition.head.pos_ not in ("NOUN", "PROPN"):
        return False
    return (
        preposition.head.ent_type_ == "PERSON"
        or kb.role(preposition.head.lemma_) is not None
        or preposition.head.lemma_.lower() in PEOPLE
    )


def _inside_locative_phrase(noun, depth: int = 3) -> bool:
    """ "at the Ministry of Foreign Affairs of Kazakhstan": a chain of `of` phrases under a locative one."""
    for _ in range(depth):
        if noun.dep_ == "pobj" and noun.head.lower_ in LOCATIVE:
            return True
        if not (noun.dep_ == "pobj" and noun.head.lower_ == "of"):
            return False
        noun = noun.head.head
    return False


def _mention(span, gazetteer: Gazetteer, kb: KnowledgeBase) -> Mention | None:
    """The place a span names: the first of its surface forms the gazetteer knows; a locative span the
    gazetteer does not know is kept (its container or a spelling variant may still place it)."""
    words = [t for t in span if t.lower_ not in ("'s", "\u2019s", "'", "\u2019")]
    while words and words[0].lower_ in ("the", "-"):
        words = words[1:]
    if not words:
        return None
    text, candidates, feature, trimmed = _surface(span.doc, words[0].i, words[-1].i + 1, gazetteer)
    locative = _governed_locatively(span.root, kb) or trimmed
    is_country = any(p.feature == "country" for p in candidates)
    container = None if is_country else _container(span, gazetteer, kb)
    if not candidates and not (
        locative or span.root.dep_ == "pobj" and span.root.head.lower_ in ("to", "from")
    ):
        return None
    return Mention(span, text, list(candidates), container, locative or container is not None, feature)


def _surface(doc, start: int, end: int, gazetteer: Gazetteer) -> tuple[str, list[Place], str, bool]:
    """(text, candidates, feature, directions dropped) of the first form the gazetteer knows: with the
    adjective before it ("Syrian Kurdistan"), as written ("East Sussex"), without directions or a feature
    word ("west London", "Raqqa city", "Manchester airport")."""
    core_start = start
    while core_start < end - 1 and (doc[core_start].lower_ in DIRECTIONS or doc[core_start].text == "-"):
        core_start += 1
    core_end, feature = end, ""
    if core_end - core_start > 1 and doc[core_end - 1].lower_ in TRAILING_FEATURES:
        feature = TRAILING_FEATURES[doc[core_end - 1].lower_]
        core_end -= 1
    options = [(start, end, "")]
    if start > 0 and doc[start - 1].pos_ in ("ADJ", "PROPN") and doc[start - 1].text[:1].isupper():
        options.insert(0, (start - 1, end, ""))
    options.append((core_start, core_end, feature))
    for first, last, kind in options:
        found = gazetteer.candidates(doc[first:last].text)
        if found:
            return doc[first:last].text, found, kind, first > start
    return doc[core_start:core_end].text, [], feature, core_start > start


_SCAN = re.compile(
    r"\b(?:[Ii]n|[Aa]t|[Nn]ear|[Aa]round|[Oo]utside|[Ii]nside|[Aa]cross|[Tt]hroughout|[Ww]ithin|[Ii]nto)\s+"
    r"(?:the\s+)?(?:(?:north|south|east|west)(?:ern)?\s+|(?:north|south)-?(?:east|west)(?:ern)?\s+)?"
    r"([A-Z][\w\u2019'-]+(?:\s+[A-Z][\w\u2019'-]+){0,3})"
)


def text_mentions(text: str, skip: list[tuple[int, int]], gazetteer: Gazetteer) -> list[Mention]:
    """Places after a locative preposition in the sentences the parser never saw (`skip`: parsed ranges)."""
    mentions = []
    for match in _SCAN.finditer(text):
        if any(start <= match.start() < end for start, end in skip):
            continue
        words = match.group(1).replace("\u2019s", "").replace("'s", "").split()
        while words and not gazetteer.candidates(" ".join(words)):
            words.pop()
        name = " ".join(words)
        if words and place_key(name) not in NOT_PLACES:
            mentions.append(Mention(None, name, list(gazetteer.candidates(name)), locative=True))
    return mentions


def dateline_mention(text: str, gazetteer: Gazetteer) -> Mention | None:
    """The article's dateline as a place mention; its region ("NIAMEY, Niger") as the container."""
    found = dateline(text)
    if found is None:
        return None
    place, region = found
    name = place.title()
    candidates = list(gazetteer.candidates(name))
    container = _larger_place(region, gazetteer) if region else None
    return Mention(None, name, candidates, container=container, locative=True, dateline=True)


def _container(span, gazetteer: Gazetteer, kb: KnowledgeBase) -> Place | None:
    """The country or region that holds the place: "X, (eastern) Syria", "X in Syria", "the Syrian town of X",
    "Syria's X"."""
    doc = span.doc
    after = span.end
    if after < len(doc) and doc[after].lower_ in (",", "in"):
        after += 1
        while after < len(doc) and (doc[after].lower_ in DIRECTIONS or doc[after].lower_ in ("the", "-")):
            after += 1
        if after < len(doc) and doc[after].ent_type_ == "GPE":
            larger = doc[after : _entity_end(doc, after)]
            found = _larger_place(larger.text, gazetteer) if _attached(larger.root, span) else None
            if found is not None:
                return found
    return _container_before(span, gazetteer, kb)


def _attached(token, span) -> bool:
    """The parse hangs `token` on the span, directly or through "in"."""
    head = token.head.head if token.head.lower_ == "in" else token.head
    return span.start <= head.i < span.end


def _container_before(span, gazetteer: Gazetteer, kb: KnowledgeBase) -> Place | None:
    doc, start = span.doc, span.start
    if start >= 3 and doc[start - 1].lower_ == "of" and doc[start - 2].lemma_.lower() in PLACE_NOUNS:
        entry = kb.lookup(doc[start - 3].text)
        if (
            entry is not None
            and entry.kind in ("adjective", "country")
            and entry.country in gazetteer.countries
        ):
            return gazetteer.countries[entry.country]
    if start >= 2 and doc[start - 1].lower_ in ("'s", "\u2019s") and doc[start - 2].ent_type_ == "GPE":
        return _larger_place(doc[start - 2 : start - 1].text, gazetteer)
    return None


def _entity_end(doc, index: int) -> int:
    end = index + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return end


def _larger_place(name: str, gazetteer: Gazetteer) -> Place | None:
    larger = [p for p in gazetteer.candidates(name) if p.feature in ("country", "region")]
    return max(larger, key=lambda p: p.feature == "country") if larger else None

def article_mentions(
    docs: list[tuple[object, int]],
    text: str,
    gazetteer: Gazetteer,
    events: list[Event],
    kb: KnowledgeBase | None = None,
) -> tuple[list[Mention], Counter]:
    """Every place mention of an article (parsed sentences, then a scan of the rest) resolved in the
    article's context, with `as_place` set; and the countries the article names (kb None: the shipped one)."""
    kb = kb if kb is not None else load_kb()
    mentions = [m for doc, _ in docs for m in doc_mentions(doc, gazetteer, kb)]
    parsed = [(offset, offset + parsed_length(doc)) for doc, offset in docs]
    mentions += text_mentions(text, parsed, gazetteer)
    mentions += [found] if (found := dateline_mention(text, gazetteer)) else []
    countries = _article_countries(mentions)
    context = Context(article=countries, actors=_actor_countries(events))
    likely = [country for country, _ in countries.most_common(2)]
    for mention in mentions:
        if not mention.candidates:
            mention.candidates = gazetteer.similar(mention.text, likely)
        mention.place = best_place(mention, context)
        mention.as_place = _used_as_place(mention, kb)
    return mentions, countries


def _article_countries(mentions: list[Mention]) -> Counter:
    """Countries the article names: every mention whose candidates agree on one country or are a country."""
    counts: Counter = Counter()
    for mention in mentions:
        countries = {p.country for p in mention.candidates}
        named = [p.country for p in mention.candidates if p.feature == "country"]
        if named:
            counts[named[0]] += 1
        elif len(countries) == 1:
            counts[countries.pop()] += 1
        elif mention.container is not None:
            counts[mention.container.country] += 1
    return counts


def _actor_countries(events: list[Event]) -> set[str]:
    return {
        actor.country for event in events for actor in (event.source, event.target) if actor and actor.country
    }


def _used_as_place(mention: Mention, kb: KnowledgeBase) -> bool:
    place = mention.place
    if place is None:
        return False
    if mention.locative:
        return True
    if place.stands_for_government(place_key(mention.text)):
        return place.feature != "country" and _names_an_occasion(mention.span, kb)
    if mention.span.label_ in NOT_PLACE_LABELS:  # "Pompeo" is a person, whatever town is spelt alike
        return False
    return place.feature == "region" or place.population >= SMALL_PLACE or mention.span.label_ in PLACE_LABELS


def _names_an_occasion(span, kb: KnowledgeBase) -> bool:
    """A capital naming where something happened: "the Warsaw summit", "the Astana process"."""
    if span is None or span.root.dep_ != "compound":
        return False
    head = span.root.head
    return head.lemma_.lower() not in GOVERNMENT_NOUNS and kb.role(head.lemma_) is None


def dominant_place(mentions: list[Mention]) -> Mention | None:
    """The article's most mentioned place (its first mention), among mentions used as places."""
    counts = Counter(m.place for m in mentions if m.as_place)
    if not counts:
        return None
    top = max(counts.values())
    return next(m for m in mentions if m.as_place and counts[m.place] == top)



def parsed_length(doc) -> int:
    """Characters of a parsed text (without building its text)."""
    return doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0

