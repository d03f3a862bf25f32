"""Clause rules: find event predicates in a parsed sentence and the heads of their source and target.

A predicate is a verb matched in the lexicon (with its particle or preposition and object nouns), a
light verb whose object is an event noun ("held talks", "imposed sanctions"), or a free-standing event
noun ("condemnation from Moscow", "talks between A and B"). Each predicate knows its subject heads,
object heads, and whether it is negated, hypothetical or reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..vocab import words
from . import confidence
from .entries import Entry
from .lexicon import LIGHT_VERBS, Lexicon

SUBJECT_DEPS = {"nsubj", "csubj"}
TARGET_PREPS = words("coding_target_preps")
PHRASE_DEPS = {"dobj", "dative", "attr", "oprd", "prep", "prt", "advmod", "acomp", "npadvmod"}
UNITS = words("coding_units")  # counted, an amount
TOPIC_PREPS = words("coding_topic_preps")  # the verb's own: a target where it has no other
NOUN_SOURCE_PREPS = words("coding_noun_source_preps")
NOUN_TARGET_PREPS = words("coding_noun_target_preps")
MODAL_WORDS = words("coding_modals")
OBLIGATION_WORDS = words("coding_obligations")
INTENT_VERBS = words("coding_intent_verbs")
SPEECH_VERBS = words("coding_speech_verbs")
NEGATION_WORDS = words("coding_negations")  # a token's own negation; dictionary patterns: coding_pattern_negations
CONDITION_MARKS = words("coding_condition_marks")
CONTROL_VERBS = words("coding_control_verbs")  # "urged Iran to talk": Iran talks
TRAVEL_PREPS = words("coding_travel_preps")  # "returned to Geneva for talks": where the talks are
TIME_ENTITIES = {"DATE", "TIME"}
DEMAND_CODE = "100"  # CAMEO: make a demand, not specified below
UNREALISED_UNDER = words("coding_unrealised_under")  # a clause under a demand reports what is demanded, not done


@dataclass
class Predicate:
    entry: Entry
    trigger: list  # tokens that carry the event meaning ("held", "talks")
    subjects: list = field(default_factory=list)
    targets: list = field(default_factory=list)
    negated: bool = False
    hypothetical: bool = False  # conditional ("if they attack"): not a reported event
    intent: str = ""  # "will", "must", ...: the event is announced, not done (coder turns it into AGREE etc.)
    speaker: object = None  # head of the reporting clause's subject, for "X said Y ..."
    own_subjects: list = field(default_factory=list)  # an event noun's own source ("condemnation from Moscow")
    fallback_targets: list = field(default_factory=list)  # "withdrew its troops from Lebanon": Lebanon
    specificity: float = confidence.VERB

    @property
    def anchor(self):
        return self.trigger[0]

    @property
    def phrase_nouns(self) -> list:
        """The nouns of the verb phrase after the verb, in order (rows with `phrase_target` or marks look there)."""
        return phrase_nouns(self.anchor, {t.i for t in self.trigger})


def find_predicates(sent, lexicon: Lexicon) -> list[Predicate]:
    predicates: list[Predicate] = []
    used_nouns: set[int] = set()
    for token in sent:
        if token.pos_ in ("VERB", "AUX") or (token.pos_ == "NOUN" and token.dep_ in ("ROOT", "conj", "xcomp")
                                             and token.tag_.startswith("VB")):
            predicate = _verb_predicate(token, lexicon, used_nouns) or _obligation(token)
            if predicate:
                predicates.append(predicate)
    for token in sent:
        if token.pos_ == "NOUN" and token.i not in used_nouns:
            predicate = _noun_predicate(token, lexicon)
            if predicate:
                predicates.append(predicate)
    kept = [p for p in predicates if not _governed_by_event(p, predicates)]
    return sorted(kept, key=lambda p: p.anchor.i)


def _verb_predicate(verb, lexicon: Lexicon, used_nouns: set[int]) -> Predicate | None:
    objects = object_heads(verb)
    measured = _measured(objects)
    kinds = [c for t in objects for c in t.children if c.dep_ == "compound"]  # "mediation efforts"
    object_lemmas = {t.lemma_.lower() for t in objects + measured + kinds} | {t.lower_ for t in objects}
    matched = _lexicon_verb(verb, lexicon, object_lemmas)
    if not (matched and matched.entry.objects):
        matched = _by_modifier(verb, lexicon, objects, object_lemmas) or matched
    if matched and (matched.entry.objects or matched.entry.as_written):  # "ended the protest": the verb with
        # its object decides; a row coded as written (a user's dictionary) comes before the light-verb nouns
        predicate = matched
    else:
        predicate = _light_verb(verb, objects, lexicon) or matched
    if predicate is None:
        return None
    used_nouns.update(t.i for t in predicate.trigger)
    trigger_ids = {t.i for t in predicate.trigger}
    arguments = [t for t in objects if t.i not in trigger_ids]
    subjects, targets = _verb_arguments(verb, arguments)
    predicate.fallback_targets = _fallback_targets(verb, arguments, targets)
    predicate.subjects = predicate.own_subjects or subjects
    marked = _marked_actor(verb, predicate)
    if predicate.entry.reversed:  # `+ * FROM $`: "Gondor received a pledge from Arnor"
        predicate.subjects, predicate.targets = marked or targets or predicate.phrase_nouns, predicate.subjects
    else:
        predicate.targets = predicate.targets or marked or targets
    predicate.negated = is_negated(verb) or any(is_negated(t) for t in predicate.trigger[1:])
    predicate.hypothetical = is_conditional(verb)
    predicate.intent = intent(verb)
    predicate.speaker = reporting_subject(verb)
    return predicate


def _lexicon_verb(verb, lexicon: Lexicon, object_lemmas: set[str]) -> Predicate | None:
    for key, extra in _verb_keys(verb, lexicon):
        entry = lexicon.verb(key, object_lemmas)
        if entry and (not extra or extra[0].head.i == verb.i or entry.target_prep == extra[0].lower_):
            specificity = confidence.VERB_WITH_OBJECTS if entry.objects else confidence.VERB
            return Predicate(entry, [verb, *extra], specificity=specificity)
    return None


def _by_modifier(verb, lexicon: Lexicon, objects, object_lemmas: set[str]) -> Predicate | None:
    """A verb dictionary row for the object's adjective ("renewed diplomatic ties": PETRARCH's
    `* DIPLOMATIC`, a pattern of words rather than of head nouns): rows with `modifier_objects` only."""
    modifiers = {c.lower_ for t in objects for c in t.children if c.dep_ == "amod"}
    matched = _lexicon_verb(verb, lexicon, object_lemmas | modifiers) if modifiers else None
    return matched if matched and matched.entry.objects & modifiers and matched.entry.modifier_objects else None


def _obligation(verb) -> Predicate | None:
    """ "X said that Y must hand over the suspects": a demand by X of Y, whatever Y must do (the coder
    turns an obligation under a speech verb into X's REQUEST of Y)."""
    obligation = intent(verb) if verb.dep_ == "ccomp" else ""
    if obligation not in OBLIGATION_WORDS:
        return None
    speaker = reporting_subject(verb)
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if speaker is None or not subjects:
        return None
    entry = Entry("verb", verb.lemma_.lower(), frozenset(), "REQUEST", None, DEMAND_CODE)
    return Predicate(entry, [verb], subjects=subjects, intent=obligation, speaker=speaker,
                     specificity=confidence.OBLIGATION)


def _fallback_targets(verb, arguments, targets) -> list:
    """Where the target may be when the direct object is no actor or the source's own: the verb's
    prepositional objects ("from Lebanon"), those of its object ("action against Russia"), and the
    objects of a verb it governs ("threatened to break relations with Congo")."""
    found = [t for t in arguments if _prepositional_target(t) and t not in targets]
    found += _object_preps(targets)
    for governed in (c for c in verb.children if c.dep_ == "xcomp"):
        governed_objects = [t for t in object_heads(governed) if t.dep_ in ("dobj", "dative", "pobj")]
        found += governed_objects + _object_preps(governed_objects)
    return found


def _object_preps(objects) -> list:
    """The objects' prepositional objects ("action against Russia"), also through an "of" complement
    ("the resumption of ties with Chad"); "ties between A and B": A (the coder takes its conjuncts)."""
    owned = [g for t in objects for c in t.children if c.dep_ == "prep" and c.lower_ == "of"
             for g in c.children if g.dep_ == "pobj"]
    return [g for t in objects + owned for c in t.children
            if c.dep_ == "prep" and (c.lower_ in TARGET_PREPS or c.lower_ == "between")
            for g in c.children if g.dep_ == "pobj"]


def _marked_actor(verb, predicate: Predicate) -> list:
    """The actor a verb dictionary pattern marks after a preposition (`* EID AT ^ WITH +`; the source of
    a reversed pattern): the noun that many phrases after the preposition ("celebrated Eid at
    Osgiliath with Gondor": Gondor)."""
    prep = predicate.entry.target_prep
    if not prep:
        return []
    nouns = predicate.phrase_nouns
    marks = [t for t in verb.subtree if t.i > verb.i and t.lower_ == prep and t.dep_ in ("prep", "dative", "agent")]
    after = [t for t in nouns if marks and t.i > marks[0].i]
    skips = predicate.entry.target_skips
    return after[skips : skips + 1]


def phrase_nouns(verb, skipped: set[int] = frozenset()) -> list:
    """The nouns after the verb in its own phrase (objects, complements, an infinitive, and their
    modifiers; not a clause of its own), in text order: where PETRARCH looks for a target, the first actor there
    ("renewed his licence in Michel Delving", "cordoned off the roads leading into Mordor")."""
    phrase = [c for c in verb.children if c.i > verb.i and (c.dep_ in PHRASE_DEPS or _infinitive(c))]
    nouns = {t for c in phrase for t in c.subtree if t.pos_ in ("NOUN", "PROPN") and t.dep_ not in ("compound", "poss")}
    return sorted((t for t in nouns if t.i not in skipped), key=lambda t: t.i)


def _infinitive(token) -> bool:
    """ "signed an accord to supply Gondor": a purpose or complement infinitive, part of the verb phrase."""
    return token.dep_ in ("advcl", "xcomp") and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def verb_lemma(verb, lexicon: Lexicon) -> str:
    """The tagger's lemma, unless it is no verb the lexicon knows while the word form inflects one."""
    lemma = verb.lemma_.lower()
    if lemma in lexicon.verbs or lemma in LIGHT_VERBS or lemma in lexicon.particle_verbs:
        return lemma
    return lexicon.lemma_of(verb.lower_) or lemma


def _measured(objects) -> list:
    """What an amount is of: "tons of food aid", "25 million euros in humanitarian funding" (aid)."""
    return [g for t in objects for c in t.children
            if c.dep_ == "prep" and (c.lower_ == "of" or (c.lower_ == "in" and _amount(t)))
            for g in c.children if g.dep_ == "pobj"]


def _amount(token) -> bool:
    """ "25 million euros", "$50 million", "two tonnes": money or a measure, never a party (counted
    people are: "50 protesters")."""
    counted = any(c.dep_ == "nummod" for c in token.children)
    return token.like_num or token.ent_type_ in ("MONEY", "QUANTITY") or (counted and token.lemma_.lower() in UNITS)


def _light_verb(verb, objects, lexicon: Lexicon) -> Predicate | None:
    if verb_lemma(verb, lexicon) not in LIGHT_VERBS:
        return None
    for obj in objects:
        if obj.dep_ not in ("dobj", "nsubjpass", "attr"):
            continue
        kinds = [c for c in obj.children if c.dep_ == "compound" and c.pos_ == "NOUN"]
        for noun in [obj] + kinds + (_measured([obj]) if _amount(obj) else []):
            entry = lexicon.noun(noun.lemma_.lower())
            if entry:
                predicate = Predicate(entry, [verb, noun], specificity=confidence.LIGHT_VERB)
                predicate.targets = noun_targets(noun)
                predicate.own_subjects = noun_sources(noun)
                between = _between(noun) or _between(verb)
                if between:
                    predicate.own_subjects, predicate.targets = [between[0]], list(between[0].conjuncts)
                return predicate
    return None


def _verb_keys(verb, lexicon: Lexicon):
    """Lexicon keys to try, most specific first: "call for", "pull out", then "call". A preposition of
    the object comes too, for a dictionary pattern that marks the target after it (`* THEIR ^ ABOUT +`)."""
    lemma = verb_lemma(verb, lexicon)
    if lemma in lexicon.particle_verbs:
        for child in verb.children:
            if child.dep_ in ("prt", "prep", "dative") and child.i > verb.i:
                yield f"{lemma} {child.lower_}", [child]
                nested = [g for g in child.children if g.dep_ == "prep"]
                for grandchild in nested:
                    yield f"{lemma} {child.lower_} {grandchild.lower_}", [child, grandchild]
        for obj in (c for c in verb.children if c.dep_ == "dobj"):  # only for rows that mark a target there
            for prep in (c for c in obj.children if c.dep_ == "prep"):  # ("warned their people about X")
                yield f"{lemma} {prep.lower_}", [prep]
    yield lemma, []


def _verb_arguments(verb, objects) -> tuple[list, list]:
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    passive_subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
    agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if passive_subjects:
        return agents, passive_subjects
    if not subjects:
        subjects = inherited_subjects(verb)
    targets = [t for t in objects if t.dep_ in ("dobj", "dative", "attr", "oprd") and not _amount(t)]
    if not targets:
        targets = [t for t in objects if _prepositional_target(t)]
    if not targets:  # "warned of the Prince", "complained about Russia": what the verb is about
        targets = [t for t in objects if t.dep_ == "pobj" and t.head.head.i == verb.i and t.head.lower_ in TOPIC_PREPS]
    if not targets:  # "demanded that the government ...": the embedded clause's subject
        targets = [g for c in _complement_clauses(verb) for g in c.children if g.dep_ in SUBJECT_DEPS]
    return subjects, targets


def _complement_clauses(verb) -> list:
    """The verb's complement clauses, but not a report a speech verb follows ("Arnor will restore ties,
    an official said"): that attribution names a source, not a party to what is reported."""
    after_only = verb.lemma_.lower() in SPEECH_VERBS
    return [c for c in verb.children if c.dep_ == "ccomp" and (c.i > verb.i or not after_only)]


def _prepositional_target(token) -> bool:
    """ "sanctions on Russia", but not "on Tuesday"."""
    return token.dep_ == "pobj" and token.head.lower_ in TARGET_PREPS and token.ent_type_ not in TIME_ENTITIES


def object_heads(verb) -> list:
    """Direct, dative and prepositional objects of a verb (and of its particle)."""
    found = []
    for child in verb.children:
        if child.dep_ in ("dobj", "dative", "attr", "oprd", "nsubjpass"):
            found.append(child)
        elif child.dep_ in ("prep", "prt", "agent"):
            found.extend(g for g in child.children if g.dep_ == "pobj")
            for grandchild in child.children:
                if grandchild.dep_ == "prep":
                    found.extend(g for g in grandchild.children if g.dep_ == "pobj")
    return found


def inherited_subjects(verb) -> list:
    """Subject of a verb with none of its own: shared with the verb it is coordinated with or controlled by."""
    current = verb
    for _ in range(4):
        head = current.head
        if head is current:
            return []
        if current.dep_ == "xcomp":
            controllers = [c for c in head.children if c.dep_ in ("dobj", "dative")]
            if controllers and head.lemma_.lower() in CONTROL_VERBS:
                return controllers
        if current.dep_ in ("conj", "xcomp", "advcl", "ccomp", "acomp"):  # acomp: "is willing to"
            subjects = [c for c in head.children if c.dep_ in SUBJECT_DEPS]
            if subjects:
                return subjects
            current = head
            continue
        if current.dep_ in ("acl", "relcl"):
            noun = head
            purpose = current.dep_ == "acl" or any(c.dep_ == "aux" and c.lower_ == "to" for c in current.children)
            if purpose and noun.dep_ in ("dobj", "attr", "pobj"):  # "came for a rally to protest": who came
                governor = noun.head.head if noun.dep_ == "pobj" else noun.head
                return [c for c in governor.children if c.dep_ in SUBJECT_DEPS] or [noun]
            return [noun]
        return []
    return []


def noun_sources(noun) -> list:
    """Who an event noun is by: "Russia's attack", "condemnation from Moscow", "a Turkish raid"."""
    subjects = [c for c in noun.children if c.dep_ == "poss"]
    subjects += [g for c in noun.children if c.dep_ == "prep" and c.lower_ in NOUN_SOURCE_PREPS
                 for g in c.children if g.dep_ == "pobj"]
    subjects += [c for c in noun.children if c.dep_ in ("amod", "compound") and c.pos_ in ("PROPN", "ADJ")
                 and c.ent_type_ in ("NORP", "GPE", "ORG")]
    return subjects


def _between(token) -> list:
    """ "talks between A and B": the first party (its conjuncts are the others)."""
    return [g for c in token.children if c.lower_ == "between" for g in c.children if g.dep_ == "pobj"]


def _noun_predicate(noun, lexicon: Lexicon) -> Predicate | None:
    entry = lexicon.noun(noun.lemma_.lower())
    if entry is None:
        return None
    subjects = noun_sources(noun)
    between = _between(noun)
    if between:
        first = between[0]
        return Predicate(entry, [noun], subjects=[first], targets=list(first.conjuncts),
                         specificity=confidence.NOUN_BETWEEN,
                         negated=is_negated(noun))
    targets = noun_targets(noun)
    if not subjects and noun.dep_ == "pobj" and noun.head.lower_ == "for" and noun.head.head.pos_ == "VERB":
        travel = noun.head.head  # "negotiators returned to Geneva for talks": the travellers talk
        subjects = [c for c in travel.children if c.dep_ in SUBJECT_DEPS] or inherited_subjects(travel)
        targets = targets or [g for c in travel.children if c.dep_ == "prep" and c.lower_ in TRAVEL_PREPS
                              for g in c.children if g.dep_ == "pobj"]
    if not subjects:
        return None
    return Predicate(entry, [noun], subjects=subjects, targets=targets, specificity=confidence.NOUN,
                     negated=is_negated(noun), hypothetical=is_conditional(noun.head), intent=intent(noun.head))


def noun_targets(noun) -> list:
    return [g for c in noun.children if c.dep_ == "prep" and c.lower_ in NOUN_TARGET_PREPS
            for g in c.children if g.dep_ == "pobj"]


def is_negated(token) -> bool:
    return any(c.dep_ == "neg" or (c.lower_ in NEGATION_WORDS and c.dep_ in ("det", "advmod")) for c in token.children)


def is_conditional(verb) -> bool:
    """ "if they attack", "unless Baghdad accepts": the event is a condition, not a report."""
    return any(child.dep_ == "mark" and child.lower_ in CONDITION_MARKS for child in verb.children)


def intent(verb) -> str:
    """The word that makes an event announced rather than done: "will", "must", "plans to", ""."""
    for child in verb.children:
        if child.dep_ == "aux" and child.lower_ in MODAL_WORDS:
            return child.lower_
        if child.lower_ == "going" and any(g.lower_ == "to" for g in child.children):
            return "going"
    current = verb
    for _ in range(3):  # "prepared to resume shelling": up the chain of infinitives
        if current.dep_ != "xcomp":
            break
        if current.head.lemma_.lower() in INTENT_VERBS or current.head.pos_ == "ADJ":
            return current.head.lemma_.lower()
        current = current.head
    return ""


def reporting_subject(verb):
    """For a clause under a speech verb ("X said that Y attacked"), the head of X."""
    current = verb
    for _ in range(3):
        if current.dep_ not in ("ccomp", "conj", "parataxis") or current.head is current:
            return None
        head = current.head
        subject = next((c for c in head.children if c.dep_ in SUBJECT_DEPS), None)
        if head.lemma_.lower() in SPEECH_VERBS:
            return subject
        if subject is not None:  # "Ethiopia indicated it would act, an official said": Ethiopia's clause
            return None
        current = head
    return None


def _governed_by_event(predicate: Predicate, predicates: list[Predicate]) -> bool:
    """An event under another event's verb is part of it: "agreed to set up", "threatened to attack"."""
    anchor = predicate.anchor
    governors = {p.anchor.i: p for p in predicates if p is not predicate}
    if _under_unrealised(anchor, governors):
        return True
    if anchor.dep_ not in ("xcomp", "ccomp", "advcl", "pcomp") and not (
        anchor.dep_ == "pobj" and anchor.head.dep_ == "prep"
    ):
        return False
    head = anchor.head if anchor.dep_ != "pobj" else anchor.head.head
    return head.i in governors and anchor.dep_ in ("xcomp", "pcomp", "pobj")


def _under_unrealised(anchor, governors: dict) -> bool:
    """ "demanded that the US cancel plans to sell arms": the sale is demanded, not done, down the
    whole clause under the demand."""
    current = anchor
    for _ in range(4):
        head = current.head
        if head is current or current.dep_ not in ("ccomp", "xcomp", "acl", "conj", "dobj", "advcl"):
            return False
        if current.dep_ in ("ccomp", "acl") and head.i in governors:  # a dictionary may code "say"
            return governors[head.i].entry.event_type in UNREALISED_UNDER and head.lemma_.lower() not in SPEECH_VERBS
        current = head
    return False
