"""What a stage knows of the article and the sentence it codes, in one frozen value each.

`ArticleContext` is made by the split and prefilter stages (coder.py) and read by every later stage:
the article, its sentences as split once, which of them are parsed, and the article's actor memory
(the resolver's per-article state, the one mutable part: it learns as the sentences are coded).
`SentenceContext` is one parsed sentence of it: the spaCy span and the split sentence it came from.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..actors import ArticleActors
from ..models import Article
from ..nlp import Sentence


@dataclass(frozen=True)
class ArticleContext:
    article: Article
    sentences: tuple[Sentence, ...] = ()  # the article's sentences, split once (nlp.split_sentences)
    parsed: frozenset[int] = frozenset()  # indices of the sentences worth parsing (the prefilter's choice)
    memory: ArticleActors | None = None  # actors met so far in the article (resolver.py)


@dataclass(frozen=True)
class SentenceContext:
    story: ArticleContext
    sentence: Sentence  # the split sentence: its text, index and offset in the article
    sent: object  # the spaCy span of one sentence of the sentence's parse

    @property
    def article(self) -> Article:
        return self.story.article

    @property
    def memory(self) -> ArticleActors:
        return self.story.memory

    @property
    def index(self) -> int:
        """The sentence's position among the article's sentences (Event.sentence)."""
        return self.sentence.index

    @property
    def offset(self) -> int:
        """Where the parsed sentence starts in the article: span offsets plus this are article offsets."""
        return self.sentence.start
