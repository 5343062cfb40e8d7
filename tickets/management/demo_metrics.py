"""The metrics side of ``manage.py seed_demo``: business calendars, SLA policies and team leads
(configuration, written before the stories play), and beat's work while they play.

``play_with_beat`` plays the stories' steps in time order with the clock frozen at each one and,
every ``TICK`` of simulated time in between, runs what beat would have run then: the SLA
warnings and breaches, the automations (auto-close, pending tickets solved) and the due CSAT and
NPS surveys. Customers answer some of the surveys that went out, hours or days later, with a
score that follows how fast their ticket was answered and solved (a breached target costs
more), so the dashboard's satisfaction-against-speed view tells a story; a few change their
answer, and the bad ratings mostly come with a comment in the customer's language.

Every write goes through the services, so due times, alerts, surveys and their events are what
real use would have produced. The one liberty: NPS may ask a customer again after
``NPS_INTERVAL_DAYS`` (not the live 90 days), so that the 60 days carry NPS answers throughout
instead of only in their first weeks."""

from __future__ import annotations

import heapq
import math
import random
from collections import Counter
from collections.abc import Callable
from datetime import datetime, time, timedelta
from itertools import count

from django.test.utils import override_settings

from helpdesk import clock
from helpdesk.errors import ValidationError
from metrics.rollups import SPEED_BUCKETS
from tickets.management import demo_content as content
from tickets.models import (
    BusinessCalendar,
    CsatSurvey,
    NpsSurvey,
    SlaAlert,
    SlaPolicy,
    Team,
    Ticket,
    TicketEvent,
    User,
    WorkingHours,
)
from tickets.services.automations import tickets_auto_close, tickets_pending_solve
from tickets.services.calendars import calendar_import_holidays
from tickets.services.sla import sla_alerts_check
from tickets.services.surveys import (
    csat_answer,
    csat_surveys_send_due,
    nps_answer,
    nps_surveys_send_due,
)

TICK = timedelta(minutes=30)
SURVEY_EVERY, AUTOMATIONS_EVERY = 2, 12  # ticks
NPS_INTERVAL_DAYS = 20
CSAT_ANSWER_RATE, NPS_ANSWER_RATE, CSAT_CHANGE_RATE = 0.6, 0.45, 0.1
MINUTE, HOUR, DAY = 60, 3600, 86400
P = Ticket.Priority
K = TicketEvent.Kind
WEEKDAYS = range(5)

# name: (time zone, holidays of country, shifts Mon-Fri as (start, end) local times, team key)
CALENDARS = {
    "Moscow office": ("Europe/Moscow", "RU", ((time(9), time(18)),), content.GENERAL),
    "London office": (
        "Europe/London",
        "GB",
        ((time(8), time(12)), (time(13), time(17))),
        content.BILLING,
    ),
}
DEFAULT_CALENDAR = "Moscow office"
# Team key -> the username of its lead (hears about breaches and bad ratings).
LEADS = {content.GENERAL: "agent2", content.BILLING: "agent3"}

# (name, priority, first response, next response, resolution), each (minutes, business time?)
# or None. Low priority counts in calendar time, the others in business hours.
POLICIES = (
    ("Urgent", P.URGENT, (60, True), (120, True), (8 * 60, True)),
    ("High", P.HIGH, (2 * 60, True), (4 * 60, True), (16 * 60, True)),
    ("Normal", P.NORMAL, (4 * 60, True), (8 * 60, True), (24 * 60, True)),
    ("Low", P.LOW, (24 * 60, False), None, (7 * 24 * 60, False)),
)


def service_levels_configure(*, teams: dict[str, Team], now: datetime) -> list[BusinessCalendar]:
    """The calendars (with the holidays of the demo's years and the next one), each team's
    calendar and lead, and the SLA policies per priority."""
    years = range((now - timedelta(days=90)).year, now.year + 2)
    calendars = []
    for name, (time_zone, country, shifts, team_key) in CALENDARS.items():
        calendar = BusinessCalendar.objects.create(
            name=name,
            time_zone=time_zone,
            holiday_country=country,
            is_default=name == DEFAULT_CALENDAR,
        )
        WorkingHours.objects.bulk_create(
            WorkingHours(calendar=calendar, weekday=day, start=start, end=end)
            for day in WEEKDAYS
            for start, end in shifts
        )
        calendar_import_holidays(calendar=calendar, years=years)
        team = teams[team_key]
        team.calendar = calendar
        team.lead = User.objects.get(username=LEADS[team_key])
        team.save(update_fields=["calendar", "lead"])
        calendars.append(calendar)
    for name, priority, first, following, resolution in POLICIES:
        fields = {}
        for prefix, target in (
            ("first_response", first),
            ("next_response", following),
            ("resolution", resolution),
        ):
            if target is not None:
                fields[f"{prefix}_minutes"], fields[f"{prefix}_business"] = target
        SlaPolicy.objects.create(name=name, priority=priority, **fields)
    return calendars


def _bucket_index(seconds: float | None) -> int:
    if seconds is None:
        return len(SPEED_BUCKETS) - 1
    return next(i for i, b in enumerate(SPEED_BUCKETS) if b.upper is None or seconds < b.upper)


def _speed(ticket: Ticket) -> tuple[int, int, bool]:
    """(first-response bucket, resolution bucket, a target breached) of ``ticket`` as it is
    now: what the customer felt."""
    events = list(
        TicketEvent.objects.filter(ticket=ticket, kind__in=(K.CREATED, K.AGENT_REPLIED))
        .order_by("created_at", "id")
        .values_list("kind", "created_at", "actor_user_id")
    )
    first = None
    if events and events[0][0] == K.CREATED and events[0][2] is not None:
        first = 0.0  # logged by an agent: answered while it was written
    else:
        replies = [at for kind, at, _actor in events if kind == K.AGENT_REPLIED]
        if replies:
            first = (replies[0] - ticket.created_at).total_seconds()
    solved = (ticket.solved_at - ticket.created_at).total_seconds() if ticket.solved_at else None
    breached = SlaAlert.objects.filter(ticket=ticket, kind=SlaAlert.Kind.BREACH).exists()
    return _bucket_index(first), _bucket_index(solved), breached


def _mood(score: int, *, bad: int, good: int) -> str:
    return "bad" if score <= bad else "good" if score >= good else "mixed"


class SurveyAnswers:
    """How the demo's customers answer: who, when, what."""

    def __init__(self, *, rng: random.Random, now: datetime):
        self.rng, self.now = rng, now
        self.last_csat_id = self.last_nps_id = 0
        self.counts: Counter[str] = Counter()
        self.complained: set[tuple[str, str]] = set()  # (survey kind, language) explained
        self.gave_lowest = False

    def _delay(self, median: float, low: float, high: float) -> timedelta:
        seconds = self.rng.lognormvariate(math.log(median), 1.0)
        return timedelta(seconds=min(max(seconds, low), high))

    def csat_score(self, ticket: Ticket) -> int:
        first, solved, breached = _speed(ticket)
        # The first customer whose target was breached gives a 1, so the chart's whole scale
        # is there whatever the time of day seed_demo runs at (a 1 is otherwise a rare draw).
        if breached and not self.gave_lowest:
            self.gave_lowest = True
            return 1
        mean = 5.0 - 0.35 * first - 0.25 * solved - (0.9 if breached else 0)
        return min(5, max(1, round(self.rng.gauss(mean, 0.7))))

    def nps_score(self, ticket: Ticket) -> int:
        first, solved, breached = _speed(ticket)
        mean = 10.2 - 0.8 * first - 0.5 * solved - (1.8 if breached else 0)
        return min(10, max(0, round(self.rng.gauss(mean, 1.3))))

    def _text(self, kind: str, texts: dict, mood: str, lang: str, chance: float) -> str:
        # The first unhappy customer of each language always says why, so the dashboard and
        # the ticket pages show a complaint in both languages whatever the clock did to the
        # rest of the simulation (its cut-offs follow the time of day seed_demo runs at).
        first_complaint = mood == "bad" and (kind, lang) not in self.complained
        if first_complaint or self.rng.random() < chance:
            if mood == "bad":
                self.complained.add((kind, lang))
            return self.rng.choice(texts[mood][lang])
        return ""

    def csat_comment(self, score: int, lang: str) -> str:
        mood = _mood(score, bad=2, good=4)
        chance = {"bad": 0.85, "mixed": 0.4, "good": 0.2}[mood]
        return self._text("csat", content.CSAT_COMMENTS, mood, lang, chance)

    def nps_reason(self, score: int, lang: str) -> str:
        mood = _mood(score, bad=6, good=9)
        chance = {"bad": 0.8, "mixed": 0.4, "good": 0.3}[mood]
        return self._text("nps", content.NPS_REASONS, mood, lang, chance)

    def plan_new(self, at: datetime) -> list[tuple[datetime, Callable]]:
        """The answers to the surveys sent since the last look: (when, what) pairs."""
        planned = []
        for survey in CsatSurvey.objects.filter(pk__gt=self.last_csat_id).order_by("pk"):
            self.last_csat_id = survey.pk
            if self.rng.random() < CSAT_ANSWER_RATE:
                when = at + self._delay(5 * HOUR, 10 * MINUTE, 4 * DAY)
                planned.append((when, self._csat_call(survey.pk, change=False)))
        for survey in NpsSurvey.objects.filter(pk__gt=self.last_nps_id).order_by("pk"):
            self.last_nps_id = survey.pk
            if self.rng.random() < NPS_ANSWER_RATE:
                when = at + self._delay(DAY, 30 * MINUTE, 10 * DAY)
                planned.append((when, self._nps_call(survey.pk)))
        return [(when, call) for when, call in planned if when < self.now]

    def _csat_call(self, survey_id: int, *, change: bool) -> Callable:
        def answer() -> list[tuple[datetime, Callable]]:
            survey = CsatSurvey.objects.select_related("ticket__customer").get(pk=survey_id)
            ticket = survey.ticket
            score = self.csat_score(ticket)
            if change:  # a second thought: the fix held, or it did not
                score = min(5, max(1, survey.score + self.rng.choice((-2, -1, 1, 2))))
            try:
                csat_answer(
                    survey=survey, score=score, comment=self.csat_comment(score, ticket.language)
                )
            except ValidationError:  # closed meanwhile: too late to answer
                self.counts["csat_too_late"] += 1
                return []
            self.counts["csat_changed" if change else "csat_answered"] += 1
            if not change and self.rng.random() < CSAT_CHANGE_RATE:
                when = clock.now() + self._delay(6 * HOUR, 30 * MINUTE, 2 * DAY)
                if when < self.now:
                    return [(when, self._csat_call(survey_id, change=True))]
            return []

        return answer

    def _nps_call(self, survey_id: int) -> Callable:
        def answer() -> list:
            survey = NpsSurvey.objects.select_related("customer", "ticket").get(pk=survey_id)
            score = self.nps_score(survey.ticket)
            reason = self.nps_reason(score, survey.customer.language)
            try:
                nps_answer(survey=survey, score=score, reason=reason)
            except ValidationError:
                return []
            self.counts["nps_answered"] += 1
            return []

        return answer


def beat_tick(counts: Counter, *, n: int) -> bool:
    """What beat runs at the frozen moment, on tick ``n``: the SLA check every tick, the
    surveys every ``SURVEY_EVERY`` and the automations (their rules count in days) every
    ``AUTOMATIONS_EVERY`` ticks, to keep the load fast. True when surveys were sent for."""
    counts["sla_alerts"] += sla_alerts_check()
    if n % AUTOMATIONS_EVERY == 0:
        counts["auto_closed"] += tickets_auto_close()
        counts["pending_solved"] += tickets_pending_solve()
    if n % SURVEY_EVERY:
        return False
    counts["csat_sent"] += csat_surveys_send_due()
    counts["nps_sent"] += nps_surveys_send_due()
    return True


def play_with_beat(steps: list, *, rng: random.Random, now: datetime) -> Counter:
    """Play the stories' steps (sorted by ``at``; see demo_loader.Step) with beat's work every
    ``TICK`` between them and the planned survey answers; returns what beat and the customers
    did (counts by kind)."""
    answers = SurveyAnswers(rng=rng, now=now)
    tickets: dict[int, Ticket] = {}
    order, tick_numbers = count(), count()
    queue: list[tuple[datetime, int, str, object]] = [
        (step.at, next(order), "step", step) for step in steps
    ]
    if steps:
        queue.append((steps[0].at + TICK, next(order), "tick", None))
    heapq.heapify(queue)
    with override_settings(HELPDESK_NPS_INTERVAL_DAYS=NPS_INTERVAL_DAYS):
        while queue:
            at, _n, what, item = heapq.heappop(queue)
            with clock.frozen_at(at):
                if what == "step":
                    result = item.run(tickets.get(item.key))
                    if item.creates is not None:
                        tickets[item.creates] = result
                    continue
                if what == "tick":
                    ticks = next(tick_numbers)
                    later = answers.plan_new(at) if beat_tick(answers.counts, n=ticks) else []
                    if at + TICK < now:
                        heapq.heappush(queue, (at + TICK, next(order), "tick", None))
                else:
                    later = item()
            for when, call in later:
                heapq.heappush(queue, (when, next(order), "answer", call))
    return answers.counts
