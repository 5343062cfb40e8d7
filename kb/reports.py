"""The knowledge base for managers: how many request-form visits the suggestions deflected,
and which articles deflect most (definitions in docs/metrics.md, "Deflection")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from helpdesk import clock
from kb.models import Article, DeflectionVisit, Suggestion

TOP_ARTICLES = 10


@dataclass(frozen=True)
class ArticleDeflection:
    article: Article
    shown: int  # visits it was suggested in
    opened: int  # visits that opened it
    deflected: int  # visits that opened it and filed no request


@dataclass(frozen=True)
class DeflectionReport:
    visits: int  # settled visits that were shown suggestions
    filed: int  # of them, those that still filed a request
    opened: int  # of them, those that opened at least one suggestion
    top: list[ArticleDeflection]

    @property
    def deflected(self) -> int:
        return self.visits - self.filed

    @property
    def rate(self) -> float | None:
        return self.deflected / self.visits if self.visits else None

    @property
    def rate_percent(self) -> float | None:
        return None if self.rate is None else 100 * self.rate


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    zone = timezone.get_default_timezone()
    begin = datetime.combine(start, time.min, tzinfo=zone)
    finish = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone)
    # A visit of the last hour may still end in a request: counted once it has settled.
    settled = clock.now() - timedelta(minutes=settings.HELPDESK_KB_VISIT_SETTLE_MINUTES)
    return begin, min(finish, settled)


def deflection_report(*, start: date, end: date) -> DeflectionReport:
    """Visits that started on the local days ``start``..``end`` (inclusive)."""
    begin, finish = _bounds(start, end)
    visits = DeflectionVisit.objects.filter(started_at__gte=begin, started_at__lt=finish)
    opened = Suggestion.objects.filter(visit=OuterRef("pk"), opened_at__isnull=False)
    totals = visits.aggregate(
        visits=Count("pk"),
        filed=Count("pk", filter=Q(filed_at__isnull=False)),
        opened=Count("pk", filter=Exists(opened)),
    )
    rows = (
        Suggestion.objects.filter(visit__in=visits)
        .values("article")
        .annotate(
            shown=Count("pk"),
            opened=Count("pk", filter=Q(opened_at__isnull=False)),
            deflected=Count("pk", filter=Q(opened_at__isnull=False, visit__filed_at__isnull=True)),
        )
        .filter(opened__gt=0)
        .order_by("-deflected", "-opened", "article")[:TOP_ARTICLES]
    )
    articles = Article.objects.in_bulk([row["article"] for row in rows])
    top = [
        ArticleDeflection(
            article=articles[row["article"]],
            shown=row["shown"],
            opened=row["opened"],
            deflected=row["deflected"],
        )
        for row in rows
    ]
    return DeflectionReport(
        visits=totals["visits"], filed=totals["filed"], opened=totals["opened"], top=top
    )
