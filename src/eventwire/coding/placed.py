"""Actors the text leaves without a country take the country where the event happened.

Runs after geolocation (geo.py), with only clause- and sentence-level places: the article's dominant
place is too far from the event to say who took part.
- The unnamed doer of violence ("killed by a roadside bomb outside Basra") becomes an unidentified
  actor of that country (CAMEO's UAF, unidentified armed forces, for an attack); its id stays `UNK`, so
  deduplication still never merges it.
- A local group with no stated country ("rebels", "students", "the Umma party"): the country it acts in.
- An actor that is the place itself ("shelled Kherson"): the state it lies in.
- An event with no target: the country it happened in ("imposed a curfew in Algiers", "demonstrated in
  Kirkuk"), as PLOVER and ICEWS code domestic events; not where the source is that very state with no
  sector ("Israel ... in Israel" says nothing), nor for talks, whose place is only their venue.
- A protest with no target and no place is against the protesters' own state ("Egyptian
  demonstrators rioted"), as PLOVER codes protests; `resolved_by` is then "home".
Every placed actor says so: `resolved_by` is "location".
"""

from __future__ import annotations

from dataclasses import replace

from ..actors.kb import KnowledgeBase, load_kb
from ..models import UNKNOWN_ACTOR_ID, Actor, Event, Location
from ..vocab import words

NEAR = ("clause", "sentence")
LOCAL_SECTORS = words("local_sectors")
VENUE_TYPES = words("coding_venue_types")  # talks in Geneva are not talks with Switzerland


def place_actors(events: list[Event], kb: KnowledgeBase | None = None) -> list[Event]:
    """The events with their actors placed (new events; their ids describe the final dyads); `kb`
    (None: the shipped knowledge base) names the home states."""
    kb = kb if kb is not None else load_kb()
    return [_home_protest(_place(event), kb) for event in events]


def _home_protest(event: Event, kb: KnowledgeBase) -> Event:
    if event.target is None and event.event_type == "PROTEST" and event.source.sector and event.source.country:
        return replace(event, target=_home_state(event.source.country, kb))
    return event


def _place(event: Event) -> Event:
    location = event.location
    if location is None or location.precision not in NEAR or not location.country:
        return event
    if event.event_type in VENUE_TYPES:  # "talks between the warring parties, hosted in Jeddah": not Saudi
        return event
    source = _placed(event.source, location, event.event_type)
    if event.target is not None:
        target = _placed(event.target, location, event.event_type)
    elif source.country != location.country or source.sector:
        target = Actor.make(location.text, location.name, location.country, resolved_by="location")
    else:
        target = None
    return replace(event, source=source, target=target)


def _home_state(country: str, kb: KnowledgeBase) -> Actor:
    name = kb.country_names.get(country, country)
    return Actor.make(name, name, country, resolved_by="home")


def _placed(actor: Actor, location: Location, event_type: str) -> Actor:
    country = location.country
    if actor.country:
        return actor
    if not actor.sector and actor.name == location.text:  # "shelled Kherson": the place is its state's
        return Actor.make(actor.text, location.name, country, resolved_by="location")
    if actor.id == UNKNOWN_ACTOR_ID:
        sector = "UAF" if event_type == "ASSAULT" else actor.sector
        return replace(actor, country=country, sector=sector, resolved_by="location")
    if not actor.sector and _named(actor):
        return actor  # "Pompeo": where a named person acts says little of whose he is
    if actor.sector in LOCAL_SECTORS or not actor.sector:  # with no sector, its words keep an id of their own
        return actor.of_country(country, resolved_by="location")
    return actor


def _named(actor: Actor) -> bool:
    words = actor.text.split()
    return bool(words) and words[-1][:1].isupper()
