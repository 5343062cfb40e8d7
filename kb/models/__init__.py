"""The knowledge base: categories and sections, articles in English and Russian (a translation
group links the versions of one article), every revision, the files articles show, and the
visitors' "Was this helpful?" votes."""

from kb.models.content import (
    Article,
    ArticleFile,
    ArticleRevision,
    Category,
    SearchWord,
    Section,
)
from kb.models.feedback import ArticleVote, DeflectionVisit, Suggestion

__all__ = [
    "Article",
    "ArticleFile",
    "ArticleRevision",
    "ArticleVote",
    "Category",
    "DeflectionVisit",
    "SearchWord",
    "Section",
    "Suggestion",
]
