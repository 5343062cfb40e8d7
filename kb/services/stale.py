"""Stale articles: a published article whose last review is older than
HELPDESK_KB_REVIEW_AFTER_DAYS is due for review; its owner hears once per stale period."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime, timedelta
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from helpdesk import clock
from kb.models import Article

logger = logging.getLogger(__name__)


def stale_cutoff(now: datetime | None = None) -> datetime:
    return (now or clock.now()) - timedelta(days=settings.HELPDESK_KB_REVIEW_AFTER_DAYS)


def stale_articles(now: datetime | None = None):
    """Published articles last reviewed before the cutoff (never reviewed: since publishing)."""
    cutoff = stale_cutoff(now)
    return Article.objects.filter(status=Article.Status.PUBLISHED).filter(
        Q(last_reviewed_at__lt=cutoff) | Q(last_reviewed_at__isnull=True, published_at__lt=cutoff)
    )


def stale_articles_remind(*, now: datetime | None = None) -> int:
    """One e-mail per owner listing their stale articles not yet reminded about in this
    stale period; returns the number of e-mails sent. Each owner's articles are marked in the
    transaction that sends their e-mail, so a failed send is tried again on the next run."""
    now = now or clock.now()
    cutoff = stale_cutoff(now)
    due = (
        stale_articles(now)
        .filter(owner__isnull=False, owner__is_active=True)
        .exclude(owner__email="")
        .filter(Q(review_reminded_at__isnull=True) | Q(review_reminded_at__lt=cutoff))
    )
    by_owner: dict[int, list[int]] = defaultdict(list)
    for article_id, owner_id in due.values_list("pk", "owner_id"):
        by_owner[owner_id].append(article_id)
    sent = 0
    for ids in by_owner.values():
        try:
            sent += _remind_owner(ids, cutoff=cutoff, now=now)
        except (OSError, SMTPException):
            # This owner's articles stay unmarked and are tried again on the next run;
            # the other owners still hear.
            logger.exception("stale article reminder failed for articles %s", ids)
    return sent


def _remind_owner(ids: list[int], *, cutoff: datetime, now: datetime) -> int:
    with transaction.atomic():
        articles = list(
            Article.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk__in=ids)
            .filter(Q(review_reminded_at__isnull=True) | Q(review_reminded_at__lt=cutoff))
            .select_related("owner")
            .order_by("title")
        )
        if not articles:
            return 0
        _send_reminder(articles[0].owner, articles)
        Article.objects.filter(pk__in=[a.pk for a in articles]).update(review_reminded_at=now)
        return 1


def _send_reminder(owner, articles: list[Article]) -> None:
    base = settings.HELPDESK_BASE_URL
    with translation.override(owner.language or "en"):
        context = {
            "owner": owner,
            "days": settings.HELPDESK_KB_REVIEW_AFTER_DAYS,
            "articles": [
                (a.title, base + reverse("kb-article", args=[a.language, a.slug])) for a in articles
            ],
        }
        subject = render_to_string("emails/kb_stale_subject.txt", context).strip()
        body = render_to_string("emails/kb_stale_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [owner.email])
