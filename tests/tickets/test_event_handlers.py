"""Event handlers are isolated: one that fails on an event neither rolls back the others' work
nor holds up the events behind it; it is retried on that event alone with a growing backoff,
parked after the last attempt, and an admin can re-drive it."""

from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from metrics.models import TicketFacts
from metrics.services import FACT_FIELDS
from tests.factories import UserFactory, make_ticket
from tickets import services
from tickets.models import EventHandlerFailure, Tag, TicketEvent
from tickets.services.events import event_handler_failures_redrive, event_handler_failures_retry
from tickets.tasks import process_pending_events, retry_event_handler_failures

pytestmark = pytest.mark.django_db

FACTS = "metrics.handlers.refresh_ticket_facts"
TAGGING = f"{__name__}.tag_every_event"
FAILING = f"{__name__}.always_failing"


def tag_every_event(*, events):
    """A test handler with a visible, transactional effect: one tag per event handled. It writes
    the tags of the whole batch first, then raises if a ticket's subject is poisoned, so a
    savepoint that was not rolled back would show tags for the batch."""
    for event in events:
        Tag.objects.get_or_create(name=f"seen-{event.pk}")
    poison = getattr(django_settings, "TEST_POISON_SUBJECT", None)
    for event in events:
        if poison and event.ticket.subject == poison:
            raise RuntimeError(f"cannot digest event {event.pk}")


def always_failing(*, events):
    Tag.objects.create(name=f"never-{events[0].pk}")
    raise ValueError("the metrics store is read-only")


def tagged(event_ids):
    return set(
        Tag.objects.filter(name__in=[f"seen-{pk}" for pk in event_ids]).values_list(
            "name", flat=True
        )
    )


@pytest.fixture
def poison(settings):
    settings.TEST_POISON_SUBJECT = "Poisoned"
    settings.HELPDESK_EVENT_HANDLERS = [TAGGING, FACTS]
    settings.HELPDESK_EVENT_HANDLER_RETRY_SECONDS = 30
    settings.HELPDESK_EVENT_HANDLER_RETRY_MAX_SECONDS = 3600
    settings.HELPDESK_EVENT_HANDLER_ATTEMPTS = 4
    return settings


def test_a_handler_failing_on_one_event_holds_up_neither_other_events_nor_other_handlers(
    poison, customer, team, at, t0, caplog
):
    # Given three tickets, the middle one poisonous to the tagging handler
    with at():
        good = make_ticket(customer=customer, team=team, subject="Fine")
        bad = make_ticket(customer=customer, team=team, subject="Poisoned")
        late = make_ticket(customer=customer, team=team, subject="Also fine")

        # When the worker processes the batch
        assert process_pending_events() == 3

    # Then every event is processed, the good ones are tagged, the bad one is not...
    assert not TicketEvent.objects.filter(processed_at__isnull=True).exists()
    good_ids = [good.events.get().pk, late.events.get().pk]
    bad_event = bad.events.get()
    assert tagged(good_ids) == {f"seen-{pk}" for pk in good_ids}
    assert not tagged([bad_event.pk])
    # ...the other handler ran on all three, the poisoned one included
    assert TicketFacts.objects.filter(ticket__in=[good, bad, late]).count() == 3
    # ...and the failure is recorded for that handler and event only, with its error, and logged
    failure = EventHandlerFailure.objects.get()
    assert (failure.event_id, failure.handler, failure.attempts) == (bad_event.pk, TAGGING, 1)
    assert failure.error.startswith(f"builtins.RuntimeError: cannot digest event {bad_event.pk}")
    assert failure.next_attempt_at == t0 + timedelta(seconds=30)
    assert failure.parked_at is None
    assert f"{TAGGING} failed on event {bad_event.pk}" in caplog.text

    # And later events flow as usual
    with at(seconds=5):
        after = make_ticket(customer=customer, team=team, subject="After")
        assert process_pending_events() == 1
    assert tagged([after.events.get().pk])
    assert EventHandlerFailure.objects.count() == 1


def test_a_handler_failing_on_the_whole_batch_records_every_event_and_undoes_its_work(
    settings, customer, team, at
):
    settings.HELPDESK_EVENT_HANDLERS = [FAILING, FACTS]
    with at():
        tickets = [make_ticket(customer=customer, team=team) for _ in range(3)]
        assert process_pending_events() == 3

    event_ids = set(TicketEvent.objects.values_list("pk", flat=True))
    failures = EventHandlerFailure.objects.all()
    assert {f.event_id for f in failures} == event_ids
    assert {f.handler for f in failures} == {FAILING}
    assert all("ValueError: the metrics store is read-only" in f.error for f in failures)
    assert not Tag.objects.filter(name__startswith="never-").exists()  # each savepoint undone
    assert not TicketEvent.objects.filter(processed_at__isnull=True).exists()
    assert TicketFacts.objects.filter(ticket__in=tickets).count() == 3


def test_the_backoff_grows_and_the_failure_parks_after_the_last_attempt(poison, customer, at, t0):
    with at():
        bad = make_ticket(customer=customer, subject="Poisoned")
        process_pending_events()
    failure = EventHandlerFailure.objects.get()
    assert failure.attempts == 1

    # Not due yet: nothing is retried
    with at(seconds=29):
        assert event_handler_failures_retry() == 0
    failure.refresh_from_db()
    assert failure.attempts == 1

    delays = []
    while failure.parked_at is None:
        due = failure.next_attempt_at
        with clock_at(due):
            assert retry_event_handler_failures() == 0
        failure.refresh_from_db()
        if failure.next_attempt_at is not None:
            delays.append((failure.next_attempt_at - due).total_seconds())
        assert failure.attempts <= poison.HELPDESK_EVENT_HANDLER_ATTEMPTS

    assert delays == [60, 120]  # after attempts 2 and 3; 30 s came after the first
    assert failure.attempts == poison.HELPDESK_EVENT_HANDLER_ATTEMPTS
    assert failure.next_attempt_at is None
    assert not tagged([bad.events.get().pk])
    # A parked failure waits for an admin, however late it is
    with at(days=30):
        assert event_handler_failures_retry() == 0
    failure.refresh_from_db()
    assert failure.attempts == poison.HELPDESK_EVENT_HANDLER_ATTEMPTS


def clock_at(moment):
    from helpdesk import clock

    return clock.frozen_at(moment)


def test_the_backoff_is_capped(poison):
    from tickets.services.events import retry_delay

    poison.HELPDESK_EVENT_HANDLER_RETRY_MAX_SECONDS = 100
    assert [retry_delay(n).total_seconds() for n in range(1, 6)] == [30, 60, 100, 100, 100]


def test_a_retry_that_succeeds_does_the_work_and_deletes_the_failure(poison, customer, at):
    with at():
        bad = make_ticket(customer=customer, subject="Poisoned")
        process_pending_events()
    assert EventHandlerFailure.objects.count() == 1

    # The bug is fixed; beat's next run after the backoff retries only that handler, only
    # that event
    poison.TEST_POISON_SUBJECT = None
    with mock.patch("metrics.handlers.ticket_facts_refresh") as facts_refresh, at(seconds=30):
        assert event_handler_failures_retry() == 1

    facts_refresh.assert_not_called()
    assert tagged([bad.events.get().pk])
    assert not EventHandlerFailure.objects.exists()


def test_an_admin_redrives_a_parked_failure(
    poison, customer, at, t0, client, django_capture_on_commit_callbacks
):
    poison.HELPDESK_EVENT_HANDLER_ATTEMPTS = 1
    with at():
        bad = make_ticket(customer=customer, subject="Poisoned")
        process_pending_events()
    failure = EventHandlerFailure.objects.get()
    assert failure.parked_at is not None

    # The admin list shows it with its error
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    changelist = reverse("admin:tickets_eventhandlerfailure_changelist")
    page = client.get(changelist)
    assert page.status_code == 200
    assert f"RuntimeError: cannot digest event {bad.events.get().pk}" in page.content.decode()

    # When the admin fixes the cause and re-drives it
    poison.TEST_POISON_SUBJECT = None
    with (
        mock.patch.object(retry_event_handler_failures, "apply_async") as enqueue,
        django_capture_on_commit_callbacks(execute=True),
        at(hours=5),
    ):
        response = client.post(
            changelist, {"action": "redrive", "_selected_action": [failure.pk]}, follow=True
        )
    assert response.status_code == 200
    failure.refresh_from_db()
    assert failure.parked_at is None
    assert failure.next_attempt_at == t0 + timedelta(hours=5)
    enqueue.assert_called_once_with(retry=False)

    # Then the worker's retry succeeds
    with at(hours=5):
        assert retry_event_handler_failures() == 1
    assert not EventHandlerFailure.objects.exists()
    assert tagged([bad.events.get().pk])


def test_a_redriven_failure_that_fails_again_parks_again(poison, customer, at):
    poison.HELPDESK_EVENT_HANDLER_ATTEMPTS = 2
    with at():
        make_ticket(customer=customer, subject="Poisoned")
        process_pending_events()
    with at(seconds=30):
        event_handler_failures_retry()
    failure = EventHandlerFailure.objects.get()
    assert failure.parked_at is not None

    with at(hours=1):
        assert event_handler_failures_redrive(failure_ids=[failure.pk]) == 1
        assert event_handler_failures_retry() == 0
    failure.refresh_from_db()
    assert failure.attempts == 3
    assert failure.parked_at is not None


def test_the_admin_cannot_edit_failures(poison, customer, client):
    make_ticket(customer=customer, subject="Poisoned")
    process_pending_events()
    failure = EventHandlerFailure.objects.get()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    change_url = reverse("admin:tickets_eventhandlerfailure_change", args=[failure.pk])
    client.post(change_url, {"attempts": 0, "error": "hidden"})

    failure.refresh_from_db()
    assert failure.attempts == 1
    assert "RuntimeError" in failure.error


def facts_of(tickets):
    return list(
        TicketFacts.objects.filter(ticket__in=tickets).order_by("ticket").values(*FACT_FIELDS)
    )


def test_facts_are_the_same_with_a_failing_handler_beside_them(settings, customer, team, agent, at):
    # Given a ticket history processed by the facts handler alone
    settings.HELPDESK_EVENT_HANDLERS = [FACTS]
    with at():
        ticket = make_ticket(customer=customer, team=team)
    with at(minutes=10):
        services.message_add_from_agent(ticket=ticket, agent=agent, body="Try a restart")
    with at(minutes=20):
        services.message_add_from_customer(ticket=ticket, customer=customer, body="Done")
    with at(minutes=30):
        process_pending_events()
    alone = facts_of([ticket])
    assert alone[0]["first_response_seconds"] == 600

    # When every event is replayed with a failing handler listed before it
    settings.HELPDESK_EVENT_HANDLERS = [FAILING, FACTS]
    TicketEvent.objects.update(processed_at=None)
    with at(minutes=40):
        assert process_pending_events() == ticket.events.count()

    # Then the facts are identical, and replaying again changes nothing
    assert facts_of([ticket]) == alone
    assert EventHandlerFailure.objects.count() == ticket.events.count()
    with at(minutes=50):
        assert event_handler_failures_retry() == 0
    assert facts_of([ticket]) == alone


def test_beat_retries_failures(settings):
    entries = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert retry_event_handler_failures.name in entries
    assert entries[retry_event_handler_failures.name] <= 60
