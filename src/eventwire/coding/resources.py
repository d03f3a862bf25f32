"""What the coder's stages read, built once from the run's options and handed to every stage.

- the knowledge base: the shipped one, extended with the run's PETRARCH actor and agent dictionaries
  and the registry of people learned from earlier articles (actors/kb.py `extended`);
- the lexicon: the shipped one, extended with the run's verb dictionaries (verb_dictionary.py `extended`);
- the gazetteer (geo.py), when events are geolocated;
- the learned classifier (classifier.py), when it is on.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..actors import KnowledgeBase, load_kb
from ..actors.kb import extended as with_dictionaries
from ..geo import Gazetteer, load_gazetteer
from .classifier import SentenceClassifier, default_classifier
from .lexicon import Lexicon, load_lexicon
from .verb_dictionary import extended as with_verb_dictionaries


@dataclass(frozen=True)
class Resources:
    kb: KnowledgeBase
    lexicon: Lexicon
    gazetteer: Gazetteer | None = None  # None: no geolocation
    classifier: SentenceClassifier | None = None  # None: the lexicon alone


def build_resources(options, lexicon: Lexicon | None = None, kb: KnowledgeBase | None = None) -> Resources:
    """The resources of these CodingOptions; a lexicon or knowledge base given is used as it is."""
    if lexicon is None:
        lexicon = with_verb_dictionaries(load_lexicon(), options.verbs_files, options.verbs_override)
    if kb is None:
        kb = with_dictionaries(load_kb(), options.actors_files, options.agents_files, options.registry)
    return Resources(
        kb=kb,
        lexicon=lexicon,
        gazetteer=load_gazetteer() if options.geolocate else None,
        classifier=default_classifier() if options.classifier else None,
    )
