"""Two revisions of an article side by side: difflib's table (it escapes the text), the
changed lines marked, three lines of context around each change."""

from __future__ import annotations

import difflib

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from kb.models import Article, ArticleRevision


def revisions_pair(
    article: Article, old: str | None, new: str | None
) -> tuple[list[ArticleRevision], ArticleRevision | None, ArticleRevision | None]:
    """All revisions (newest first) and the two picked by number (None when not found)."""
    revisions = list(article.revisions.select_related("author").order_by("-number"))
    by_number = {str(revision.number): revision for revision in revisions}
    return revisions, by_number.get(old or ""), by_number.get(new or "")


def revisions_compared(old: ArticleRevision, new: ArticleRevision) -> SafeString:
    table = difflib.HtmlDiff(wrapcolumn=70).make_table(
        f"{old.title}\n\n{old.body}".splitlines(),
        f"{new.title}\n\n{new.body}".splitlines(),
        _("Revision %(number)d") % {"number": old.number},
        _("Revision %(number)d") % {"number": new.number},
        context=True,
        numlines=3,
    )
    return mark_safe(table)  # noqa: S308 - difflib escapes every line it shows
