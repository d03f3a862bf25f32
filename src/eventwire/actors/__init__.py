"""Actor stage: knowledge base tables, the noun-phrase resolver and the per-article memory."""

from .kb import KnowledgeBase, load_kb
from .memory import ArticleActors
from .resolver import Resolver

__all__ = ["ArticleActors", "KnowledgeBase", "Resolver", "load_kb"]
