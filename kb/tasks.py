from celery import shared_task

from kb.services import stale_articles_remind


@shared_task(name="kb.remind_stale_articles")
def remind_stale_articles() -> int:
    """Beat's: owners hear about their stale articles (each article once per stale period)."""
    return stale_articles_remind()
