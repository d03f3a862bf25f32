"""Lists of names the parser hangs on the last name as modifiers ("Kenya and the evil awful Sudan")."""

from spacy.tokens import Doc

from eventwire.actors import ArticleActors

WORDS = ["Kenya", ",", "Chad", "and", "the", "evil", "awful", "Sudan", "condemned", "it"]
HEADS = [7, 0, 0, 6, 6, 6, 0, 8, 8, 8]  # the small model's misparse: Kenya a modifier of Sudan
DEPS = ["nmod", "punct", "conj", "cc", "det", "amod", "conj", "nsubj", "ROOT", "dobj"]
POS = ["PROPN", "PUNCT", "PROPN", "CCONJ", "DET", "ADJ", "NOUN", "PROPN", "VERB", "PRON"]


def parse(coder, words=WORDS, pos=POS):
    return Doc(coder.nlp.vocab, words=words, heads=HEADS, deps=DEPS, pos=pos)


def test_names_listed_as_modifiers_of_the_last_name_are_actors_of_their_own(coder):
    doc = parse(coder)
    actors = coder.resolver.resolve_all(doc[7], ArticleActors())
    assert {a.country for a in actors} == {"KEN", "TCD", "SDN"}
    assert next(a.text for a in actors if a.country == "SDN") == "Sudan"  # not the whole list


def test_modifiers_of_a_common_noun_stay_modifiers(coder):
    words = WORDS[:7] + ["troops"] + WORDS[8:]  # "Kenya, Chad and the evil awful troops": their troops
    pos = POS[:7] + ["NOUN"] + POS[8:]
    actors = coder.resolver.resolve_all(parse(coder, words, pos)[7], ArticleActors())
    assert {a.country for a in actors} == {"KEN", "TCD"}
    assert all(a.text.endswith("troops") for a in actors)
