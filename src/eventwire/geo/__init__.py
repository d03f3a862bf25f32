"""Where it happened: an offline gazetteer (gazetteer.py), the place mentions of an article and the place
each names (mentions.py), and the place of each event (locate.py)."""

from .gazetteer import (
    Gazetteer,
    Place,
    build_gazetteer,
    clear_gazetteers,
    gazetteer_tier,
    load_gazetteer,
    place_key,
)
from .locate import event_location, locate_events
from .mentions import (
    Context,
    Mention,
    article_mentions,
    best_place,
    doc_mentions,
    dominant_place,
    text_mentions,
)

__all__ = [
    "Context",
    "Gazetteer",
    "Mention",
    "Place",
    "article_mentions",
    "best_place",
    "build_gazetteer",
    "clear_gazetteers",
    "dominant_place",
    "doc_mentions",
    "event_location",
    "gazetteer_tier",
    "load_gazetteer",
    "locate_events",
    "place_key",
    "text_mentions",
]
