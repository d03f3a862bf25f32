"""The coder: articles in, Events out, through an ordered list of named stages (`STAGES`, below).

    split -> prefilter -> parse -> clauses -> rules -> revise -> rank -> geolocate -> place_actors

Each stage is a Coder method listed once in `STAGES` with its scope: an article before it is parsed,
the whole batch (the parser), one parsed sentence, or one coded article's events. `_code_batch` is the
runner that applies them in that order. The resources every stage reads (knowledge base, lexicon,
gazetteer, classifier) are built once from the options (resources.py); what a stage knows of the
article and sentence it codes is a frozen context (context.py); every event is assembled by the one
builder (builder.py); an event announced rather than done, a state that "protests" and police acting
at home are recoded by the rows of one table (recodings.py, data/recodings.csv); every stage returns
new events (models.py: they are frozen).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import groupby
from operator import itemgetter

from ..actors import ArticleActors, Resolver
from ..geo import locate_events
from ..models import UNKNOWN_ACTOR_ID, Actor, Article, Event
from ..nlp import Sentence, SentenceFilter, load_model, split_sentences
from ..vocab import words
from .builder import EventBuilder
from .classifier import ClassifierHook, HookParts
from .clauses import OBLIGATION_WORDS, SPEECH_VERBS, Predicate, find_predicates
from .context import ArticleContext, SentenceContext
from .lexicon import Lexicon, word_forms
from .placed import VENUE_TYPES, place_actors
from .recodings import recode, recode_target, recoded
from .resources import Resources, build_resources

MAX_PAIRS = 8
MUTUAL_TYPES = words("coding_mutual_types")  # co-subjects of talks, agreements and ties: with each other
STATE_SECTORS = words("state_sectors")
AGENTLESS_TYPES = words("coding_agentless_types")  # done to someone by someone
UNATTRIBUTED_TYPES = words("coding_unattributed_types")  # violence is reported even when nobody is named as its author
UNKNOWN_ACTOR = Actor(text="", name="unknown", id=UNKNOWN_ACTOR_ID, country="", sector="")
TYPE_FOR_SELF = words("coding_self_types")  # may have no target
SPEAKER_PRONOUNS = words("coding_speaker_pronouns")  # "it"/"we" in a reported clause: the speaker


ON_ERROR = ("raise", "skip")


@dataclass
class CodingOptions:
    include_negated: bool = False
    include_hypothetical: bool = False
    actors_files: tuple[str, ...] = ()  # PETRARCH-format dictionaries added to the knowledge base
    agents_files: tuple[str, ...] = ()
    verbs_files: tuple[str, ...] = ()  # PETRARCH-format verb dictionaries added to the lexicon (verb_dictionary.extended)
    verbs_override: bool = True  # their verbs lose the shipped rows; False: their rows are only added
    parse_all: bool = False  # parse every sentence, not only those with a trigger word (the slow path)
    registry: tuple[dict, ...] = ()  # people learned from earlier articles (Store.registry_people)
    geolocate: bool = True  # set Event.location (geo.py)
    place_actors: bool = True  # actors with no country take the event's place (placed.py)
    unresolved_sources: bool = True  # keep events whose doer the tables cannot place, with its words only
    classifier: bool = True  # the learned sentence classifier beside the lexicon (classifier.py)
    story_prior: bool = False  # the article-level head ranks events and adds its likeliest types (opt-in)
    on_error: str = "raise"  # a sentence or geolocation that crashes: "raise", or "skip" it with one stderr line

    def __post_init__(self) -> None:
        if self.on_error not in ON_ERROR:
            raise ValueError(f"on_error must be one of {', '.join(ON_ERROR)}, not {self.on_error!r}")


@dataclass(frozen=True)
class Stage:
    """One named step of the coder. Scopes: "article" (an article before parsing: context -> context),
    "batch" (every article of a batch at once: the parser), "sentence" (one parsed sentence: the value
    the previous sentence stage returned -> a new one; the first gets None, the last returns its
    events) and "coded" (a coded article: events -> events)."""

    name: str
    scope: str
    method: str  # the Coder method that runs it
    when: Callable[[CodingOptions], bool] = lambda options: True  # noqa: E731
    skipped: str = ""  # "coded" stages: under on_error="skip" a crash keeps the events as they were, saying so


STAGES: tuple[Stage, ...] = (
    Stage("split", "article", "_split"),  # sentences, cut by rule without parsing (nlp.split_sentences)
    Stage("prefilter", "article", "_prefilter"),  # those worth parsing: a trigger word, or the classifier's vote
    Stage("parse", "batch", "_parse"),  # spaCy over the kept sentences of the whole batch
    Stage("clauses", "sentence", "_clauses"),  # actors learned; predicates (clauses.py), intents recoded
    Stage("rules", "sentence", "_rules"),  # events: actors resolved, pairs, recodings (the rules)
    Stage("revise", "sentence", "_revise"),  # ... then the classifier's say: confirm, correct, add
    Stage("rank", "coded", "_rank"),  # the classifier's story prior ranks the events (opt-in)
    Stage("geolocate", "coded", "_geolocate", lambda o: o.geolocate, skipped="no locations for"),
    Stage("place_actors", "coded", "_place_actors", lambda o: o.geolocate and o.place_actors),
)


@dataclass(frozen=True)
class RuleEvents:
    """What the rules found in a sentence, for the classifier's revision."""

    found: list[Event]
    ruled: dict[tuple, Event]  # events a rule recoded ("prepared to resume shelling"): kept as coded
    held_back: bool  # a negated or conditional predicate: not for the classifier to add back


class Coder:
    def __init__(self, nlp=None, lexicon: Lexicon | None = None, resolver: Resolver | None = None,
                 options: CodingOptions | None = None, resources: Resources | None = None):
        self.options = options or CodingOptions()
        self.nlp = nlp or load_model()
        self.resources = resources or build_resources(self.options, lexicon, resolver.kb if resolver else None)
        self.lexicon = self.resources.lexicon
        self.resolver = resolver or Resolver(self.resources.kb)
        role_words = {term.split()[-1] for term in self.resolver.kb.roles}
        self.sentence_filter = SentenceFilter(_with_obligations(self.lexicon.trigger_forms()), role_words)
        self.builder = EventBuilder(self.lexicon, TYPE_FOR_SELF)
        self.parts = HookParts(self.options, self.lexicon, self.resolver, self.builder, self._events)
        self.classifier = (ClassifierHook(self.parts, self.resources.classifier)
                           if self.options.classifier else None)
        self.stages = tuple(stage for stage in STAGES if stage.when(self.options))

    def code_articles(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[tuple[Article, list[Event]]]:
        """Parse articles in batches and yield each with its events, in input order."""
        pending: list[Article] = []
        for article in articles:
            pending.append(article)
            if len(pending) >= batch_size:
                yield from self._code_batch(pending)
                pending = []
        if pending:
            yield from self._code_batch(pending)

    def code_article(self, article: Article) -> list[Event]:
        return next(iter(self._code_batch([article])))[1]

    # --- the runner ---------------------------------------------------------------------------------

    def _code_batch(self, articles: list[Article]):
        """The stages over a batch: each article split and prefiltered, the kept sentences of all parsed
        at once, each parsed sentence coded, each article's events finished as soon as its last
        sentence is coded (its parses then let go: memory stays flat)."""
        stories = [ArticleContext(article, memory=ArticleActors(when=article.published,
                                                                home=self.resolver.dateline_country(article.text)))
                   for article in articles]
        for stage in self._scoped("article"):
            stories = [getattr(self, stage.method)(story) for story in stories]
        [parse] = self._scoped("batch")
        coded: dict[int, list[Event]] = {}
        for story, parses in groupby(getattr(self, parse.method)(stories), key=itemgetter(0)):  # article by article
            docs, events = [], []
            for _, sentence, doc in parses:
                docs.append((doc, sentence.start))
                story.memory.offset = sentence.start
                for sent in doc.sents:
                    events.extend(self._code_sentence(SentenceContext(story, sentence, sent)))
            coded[id(story)] = self._finish(story, docs, events)
        for story in stories:
            yield story.article, coded.get(id(story), [])

    def _code_sentence(self, ctx: SentenceContext) -> list[Event]:
        """The sentence stages; under on_error="skip" a crash costs this sentence only."""
        try:
            return self.code_sentence(ctx)
        except Exception as error:
            if self.options.on_error != "skip":
                raise
            print(f"eventwire: skipped sentence {ctx.index} of {ctx.article.id}: {type(error).__name__}: {error}",
                  file=sys.stderr)
            return []

    def _finish(self, story: ArticleContext, docs: list, events: list[Event]) -> list[Event]:
        """The "coded" stages over one article's events."""
        for stage in self._scoped("coded"):
            try:
                events = getattr(self, stage.method)(story, docs, events)
            except Exception as error:
                if not stage.skipped or self.options.on_error != "skip":
                    raise
                print(f"eventwire: {stage.skipped} {story.article.id}: {type(error).__name__}: {error}",
                      file=sys.stderr)
        return events

    def _scoped(self, scope: str) -> list[Stage]:
        return [stage for stage in self.stages if stage.scope == scope]

    # --- the stages, in order -------------------------------------------------------------------------

    def _split(self, story: ArticleContext) -> ArticleContext:
        return replace(story, sentences=tuple(split_sentences(story.article.text)))

    def _prefilter(self, story: ArticleContext) -> ArticleContext:
        parse_all = self.options.parse_all
        return replace(story, parsed=frozenset(s.index for s in story.sentences
                                               if parse_all or self.worth_parsing(s.text)))

    def _parse(self, stories: list[ArticleContext]) -> Iterator[tuple[ArticleContext, Sentence, object]]:
        jobs = [(story, sentence) for story in stories for sentence in story.sentences
                if sentence.index in story.parsed]
        docs = self.nlp.pipe((sentence.text for _, sentence in jobs), batch_size=256)
        for (story, sentence), doc in zip(jobs, docs):
            yield story, sentence, doc

    def _clauses(self, ctx: SentenceContext, _=None) -> list[tuple[str, Predicate]]:
        """The sentence's predicates, each with the type the lexicon coded before an intent recoding."""
        self.resolver.learn(ctx.sent, ctx.memory)
        clauses = []
        for predicate in find_predicates(ctx.sent, self.lexicon):
            coded_type = predicate.entry.event_type
            if predicate.intent and not predicate.entry.as_written:
                predicate = recode("intent", predicate, self.lexicon)  # AGREE, THREATEN, REQUEST ...
            clauses.append((coded_type, predicate))
        return clauses

    def _rules(self, ctx: SentenceContext, clauses: list[tuple[str, Predicate]]) -> RuleEvents:
        events: dict[tuple, Event] = {}
        held_back = False  # a negated or conditional event: not for the classifier to add back
        ruled: dict[tuple, Event] = {}  # events a rule recoded ("prepared to resume shelling"): kept as coded
        for coded_type, predicate in clauses:
            if (predicate.negated and not self.options.include_negated) or (
                    predicate.hypothetical and not self.options.include_hypothetical):
                held_back = True
                continue
            for event in self._events(predicate, ctx):
                key = (event.event_type, event.source.id, event.target.id if event.target else "")
                if key not in events or events[key].confidence < event.confidence:
                    events[key] = event
                if event.event_type != coded_type:
                    ruled[_dyad(event)] = event
        return RuleEvents(list(events.values()), ruled, held_back)

    def _revise(self, ctx: SentenceContext, rules: RuleEvents) -> list[Event]:
        if self.classifier is None or (rules.held_back and not rules.found):
            return rules.found
        revised = self.classifier.revise(ctx, rules.found)
        return [rules.ruled.get(_dyad(e), e) for e in revised]

    def _rank(self, story: ArticleContext, docs, events: list[Event]) -> list[Event]:
        return self.classifier.finish(story.article, events) if self.classifier is not None else events

    def _geolocate(self, story: ArticleContext, docs, events: list[Event]) -> list[Event]:
        # The shipped knowledge base, not the run's: PETRARCH country dictionaries list cities as their
        # states, which then stop being places (docs/design.md, "Resources").
        return locate_events(events, docs, story.article.text, self.resources.gazetteer)

    def _place_actors(self, story: ArticleContext, docs, events: list[Event]) -> list[Event]:
        return place_actors(events, self.resources.kb)

    # --- the rules' parts -----------------------------------------------------------------------------

    def code_sentence(self, ctx: SentenceContext) -> list[Event]:
        """One parsed sentence through the sentence stages (errors raise)."""
        value = None
        for stage in self._scoped("sentence"):
            value = getattr(self, stage.method)(ctx, value)
        return value

    def worth_parsing(self, text: str) -> bool:
        return self.sentence_filter.keep(text) or (self.classifier is not None and self.classifier.worth_parsing(text))

    def _events(self, predicate: Predicate, ctx: SentenceContext) -> list[Event]:
        """The events of a predicate in a sentence: its actors resolved, paired and recoded."""
        sent, memory = ctx.sent, ctx.memory
        speaker = self._speaker(predicate, memory)
        sources = self._actors(predicate.subjects, memory, speaker)
        targets = self._actors(predicate.targets, memory, speaker)
        if not sources and (predicate.entry.event_type in UNATTRIBUTED_TYPES or _agentless(predicate)):
            if not targets and predicate.fallback_targets:  # "sanctions were imposed on Russia"
                targets = self._first_other_party(predicate.fallback_targets, UNKNOWN_ACTOR, memory)
            sources = [UNKNOWN_ACTOR] if targets else []  # "soldiers were killed by a roadside bomb": by someone
        if not sources and speaker is not None and speaker.country and _agreed_by_someone(predicate):
            sources, targets = [speaker], targets or self._first_other_party(_named_heads(sent), speaker, memory)
        if not sources and self.options.unresolved_sources:
            doers = [h for h in predicate.subjects[:1] if h.lemma_.lower() not in self.lexicon.nouns]
            sources = [a for a in map(self.resolver.unnamed, doers) if a]  # not "a rally" (to protest)
        if not sources:
            return []
        if predicate.fallback_targets:
            targets = self._fallback(predicate, targets, sources, memory)
        if not _other_parties(targets, sources[0]) and predicate.entry.phrase_target:
            targets = self._first_other_party(predicate.phrase_nouns, sources[0], memory) or targets
        if _only_stateless_organs(targets) and predicate.entry.event_type not in VENUE_TYPES:
            targets = self._state_where(predicate.anchor, sources[0], memory) or targets
        targets = [recode_target(predicate, sources[0], t) for t in targets]  # police detain at home
        predicate = _compound(predicate, sources, targets)
        if len(sources) > 1 and not _other_parties_of_all(targets, sources) and (
                _mutual(predicate) or _theirs(predicate.targets)):
            pairs = [(s, t) for s in sources for t in sources if not s.same_party(t)]  # "Iran and Iraq held talks"
            return [self.builder.build(predicate, s, t, ctx, speaker) for s, t in pairs[:MAX_PAIRS]]
        pairs, seen = [], set()
        for source in sources:
            for target in [t for t in targets if not t.same_party(source)] or [None]:
                dyad = frozenset((source.id, target.id if target else ""))
                if dyad not in seen:
                    seen.add(dyad)
                    pairs.append((source, target))
        events = [self.builder.build(recode("source", predicate, self.lexicon, s), s, t, ctx, speaker)
                  for s, t in pairs[:MAX_PAIRS]]
        reply = _reply(predicate, self.lexicon)
        if reply is not None:  # `LEFT [032:033]`: the visit, and the host receiving the visitor
            events += [self.builder.build(reply, t, s, ctx, speaker) for s, t in pairs[:MAX_PAIRS] if t is not None]
        return events

    def _fallback(self, predicate: Predicate, targets: list[Actor], sources: list[Actor], memory) -> list[Actor]:
        """The prepositional objects' actors where the direct object is no other party ("withdrew its
        troops from Lebanon"), or only a state organ of no state, likely a thing the tables took for
        an actor ("fired two artillery shells at Seoul": shells are no military) where a state is named.
        Stateless non-state groups stay ("captured a guerrilla stronghold on the Thai border"). With
        co-subjects, "their" object is no other party ("A and B welcomed their resumption of ties with C")."""
        source = sources[0]
        named = [] if len(sources) > 1 and _theirs(predicate.targets) else targets
        if not _no_state_named(named, source):
            return targets
        found = self._first_other_party(predicate.fallback_targets, source, memory)
        if _other_parties(named, source):
            found = [a for a in found if a.country]
        return found or targets

    def _state_where(self, verb, source: Actor, memory: ArticleActors) -> list[Actor]:
        """ "appealed for peace in Syria": a state named as where the event happens is its target, as
        placed.py does with gazetteer places; a state, not a capital (there a place, not a government)."""
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        objects += [g for c in verb.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        places = [g for t in [verb, *objects] for c in t.children if c.dep_ == "prep" and c.lower_ == "in"
                  for g in c.children if g.dep_ == "pobj"]
        for place in places:
            found = [a for a in self.resolver.resolve_all(place, memory) if a.country and not a.sector]
            found = [a for a in found if not _same_side(a, source)]
            if found:
                return [replace(a, resolved_by="location") for a in found]
        return []

    def _first_other_party(self, heads, source: Actor, memory: ArticleActors) -> list[Actor]:
        """The actors of the first candidate head (with its conjuncts) that are not the source's side."""
        for head in heads:
            found = _other_parties(self.resolver.resolve_all(head, memory), source)
            if found:
                return found
        return []

    def _speaker(self, predicate: Predicate, memory: ArticleActors) -> Actor | None:
        if predicate.speaker is None:
            return None
        return self.resolver.resolve(predicate.speaker, memory)

    def _actors(self, heads, memory: ArticleActors, speaker: Actor | None) -> list[Actor]:
        actors: list[Actor] = []
        for head in heads:
            if speaker and head.pos_ == "PRON" and head.lower_ in SPEAKER_PRONOUNS:
                found = [speaker]
            else:
                found = self.resolver.resolve_all(head, memory)
            actors.extend(a for a in found if a.id not in {b.id for b in actors})
        return actors


def _dyad(event: Event) -> tuple:
    return event.trigger_start, event.source.id, event.target.id if event.target else ""


def _compound(predicate: Predicate, sources: list[Actor], targets: list[Actor]) -> Predicate:
    """A verb dictionary's code for a compound source or target (`% * [030:030]`: "A and B agree")."""
    side = predicate.entry.compound_side
    if len(sources if side == "source" else targets if side == "target" else []) < 2:
        return predicate
    return replace(predicate, entry=predicate.entry.compound)


def _mutual(predicate: Predicate) -> bool:
    """Co-subjects do it with each other: talks, or a row coded both ways (`[064:064]`)."""
    return predicate.entry.event_type in MUTUAL_TYPES or bool(predicate.entry.reply)


def _theirs(heads) -> bool:
    """ "Iran and Iraq postponed their meeting", "... criticised each other": co-subjects acting on
    what they share act on each other."""
    return bool(heads) and all(any(c.dep_ == "poss" and c.lower_ == "their" for c in h.children)
                               or (h.lower_ == "other" and any(c.lower_ == "each" for c in h.children))
                               for h in heads)


def _other_parties_of_all(targets: list[Actor], sources: list[Actor]) -> list[Actor]:
    """Targets that are none of the sources' side ("Iran and Iraq postponed their meeting": theirs)."""
    return [t for t in targets if all(_other_parties([t], s) for s in sources)]


def _reply(predicate: Predicate, lexicon: Lexicon) -> Predicate | None:
    """The event back from target to source that a verb dictionary row codes with it (`[032:033]`)."""
    code = predicate.entry.reply
    info = lexicon.code_info(code) if code else None
    if info is None or not info.plover_type:
        return None
    return recoded(predicate, lexicon, info.plover_type, code, specificity=predicate.specificity)


def _agentless(predicate: Predicate) -> bool:
    """ "Sanctions were imposed on Russia", "he was sentenced": a passive that does not say by whom."""
    # not "an agreement was reached": that is by the parties (_agreed_by_someone)
    return predicate.entry.event_type in AGENTLESS_TYPES and _passive_without_agent(predicate.anchor)


def _agreed_by_someone(predicate: Predicate) -> bool:
    """ "X said an agreement had been reached": a passive agreement or talks that do not say between whom;
    the speaker is a party to it, the other is the first other party the sentence names."""
    return predicate.entry.event_type in MUTUAL_TYPES and _passive_without_agent(predicate.anchor)


def _passive_without_agent(verb) -> bool:
    return any(c.dep_ == "nsubjpass" for c in verb.children) and not any(c.dep_ == "agent" for c in verb.children)


def _named_heads(sent) -> list:
    return [t for t in sent if t.pos_ == "PROPN" and t.dep_ not in ("compound", "flat")]


def _with_obligations(trigger_forms):
    """The prefilter's word forms, and "must"/"should" with a speech verb ("said Libya must ..."): a
    demand whatever the verb (clauses._obligation)."""
    alone, paired = trigger_forms
    speech = word_forms(SPEECH_VERBS)
    for word in OBLIGATION_WORDS:
        paired.setdefault(word, set()).update(speech)
    return alone, paired


def _only_stateless_organs(targets: list[Actor]) -> bool:
    """No target, or only state organs of no state ("two artillery shells": a role word in a thing's
    name); the source's own people ("banned its citizens in Russia") are a target of their own."""
    return all(not t.country and t.sector in STATE_SECTORS for t in targets)


def _no_state_named(targets: list[Actor], source: Actor) -> bool:
    """No other party among the targets, or only state organs of no state: "an official visit", "two
    artillery shells" (a role word in a thing's name) rather than someone."""
    return _only_stateless_organs(_other_parties(targets, source))


def _other_parties(targets: list[Actor], source: Actor) -> list[Actor]:
    """Targets that are not the source's own side ("withdrew its troops": the troops are Syria's)."""
    return [t for t in targets if not t.same_party(source) and not _same_side(t, source)]


def _same_side(target: Actor, source: Actor) -> bool:
    """Same country and no sector telling them apart (Syria and its troops; not rebels and government)."""
    if not target.country or target.country != source.country:
        return False
    return not (source.sector and target.sector) or source.sector == target.sector
