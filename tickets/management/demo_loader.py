"""The demo data set of ``manage.py seed_demo``: its people and its stories, and how they play.

Users, teams, categories and groups are configuration and are written with the ORM. Everything
about tickets goes through ``tickets.services`` with the clock frozen at the moment each step
happens, so tickets, messages and events are exactly what real use would have produced, and the
metrics worker derives its facts from them like from any other events.

Each ticket is first planned as a story (who writes what, when, how it ends); then the steps of
all stories are played in time order, so ticket numbers follow creation time."""

from __future__ import annotations

import dataclasses
import math
import random
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from itertools import count
from operator import attrgetter

from django.contrib.auth.models import Group

from tickets import services
from tickets.management import demo_content as content
from tickets.management.demo_metrics import play_with_beat, service_levels_configure
from tickets.models import Category, Customer, Team, Ticket, User
from tickets.roles import ADMINS, AGENTS, MANAGERS, roles_sync

SEED = 2026
TICKET_COUNT = 300
DAYS = 60
URL = "http://127.0.0.1:8000/"
CUSTOMER = "customer"  # the username of the demo customer's login
PASSWORDS = {
    ADMINS: "demo-admin-pass",
    MANAGERS: "demo-manager-pass",
    AGENTS: "demo-agent-pass",
    CUSTOMER: "demo-customer-pass",
}

S, C, P = Ticket.Status, Ticket.Channel, Ticket.Priority
CHANNEL_WEIGHTS = {C.WEB: 30, C.EMAIL: 28, C.CHAT: 16, C.PHONE: 10, C.SOCIAL: 8, C.API: 8}
LOGGED_BY_AGENT = {C.PHONE, C.CHAT, C.SOCIAL}
INFORMAL = {C.CHAT, C.SOCIAL}  # no greeting, no signature
PRIORITY_CHANGES = (P.LOW, P.HIGH, P.HIGH, P.URGENT)
# Customers write around the clock, mostly in office hours; agents work 07:00-20:00 UTC.
HOUR_WEIGHTS = (1, 1, 1, 1, 1, 2, 3, 5, 8, 9, 9, 9, 8, 9, 9, 8, 7, 5, 4, 3, 3, 2, 2, 1)
SHIFT_START, SHIFT_END = 7, 20
# How tickets younger than N days have ended up: recent ones are mostly still being worked.
OUTCOME_WEIGHTS = (
    (1, {S.NEW: 35, S.OPEN: 30, S.PENDING: 20, S.ON_HOLD: 5, S.SOLVED: 10, S.CLOSED: 0}),
    (4, {S.NEW: 5, S.OPEN: 20, S.PENDING: 25, S.ON_HOLD: 10, S.SOLVED: 35, S.CLOSED: 5}),
    (10, {S.NEW: 0, S.OPEN: 5, S.PENDING: 10, S.ON_HOLD: 8, S.SOLVED: 27, S.CLOSED: 50}),
    (DAYS + 1, {S.NEW: 0, S.OPEN: 1, S.PENDING: 2, S.ON_HOLD: 3, S.SOLVED: 2, S.CLOSED: 92}),
)
MINUTE, HOUR, DAY = 60, 3600, 86400


# The service calls a story is made of; each takes the ticket it acts on first.
def _create(_no_ticket_yet, **fields) -> Ticket:
    return services.ticket_create(**fields)


def _agent_writes(ticket, **fields) -> None:
    services.message_add_from_agent(ticket=ticket, **fields)


def _customer_writes(ticket, **fields) -> Ticket:
    return services.message_add_from_customer(ticket=ticket, **fields).ticket  # maybe a follow-up


def _update(ticket, **changes) -> None:
    services.ticket_update(ticket=ticket, **changes)


@dataclasses.dataclass
class Step:
    """``run(ticket)`` at ``at``; the ticket it returns is remembered as ``creates``."""

    at: datetime
    key: int
    run: Callable
    creates: int | None = None


@dataclasses.dataclass
class Story:
    key: int
    customer: Customer
    category: str
    topic: content.Topic
    channel: str
    created_at: datetime
    outcome: str = S.NEW
    team: str = content.GENERAL
    agent: User | None = None
    steps: list[Step] = dataclasses.field(default_factory=list)

    @property
    def lang(self) -> str:
        return self.customer.language

    @property
    def reply_channel(self) -> str:
        return C.EMAIL if self.channel in (C.PHONE, C.API) else self.channel


class DemoLoader:
    def __init__(self, *, rng: random.Random, now: datetime):
        self.rng, self.now, self.keys = rng, now, count()

    # --- configuration -----------------------------------------------------------------------

    def configure(self) -> None:
        roles_sync()  # migrate has made the groups already; this only makes sure
        general = Team.objects.filter(is_default=True).first() or Team(is_default=True)
        general.name = content.TEAM_NAMES[content.GENERAL]
        general.save()
        billing, _ = Team.objects.get_or_create(name=content.TEAM_NAMES[content.BILLING])
        self.teams = {content.GENERAL: general, content.BILLING: billing}
        self.categories = {
            key: Category.objects.create(name_en=en, name_ru=ru, team=self.teams[team])
            for key, (en, ru, team) in content.CATEGORIES.items()
        }
        self.agents = {team: [] for team in self.teams}
        for person in content.AGENTS:
            self.agents[person.teams[0]].append(self._staff(person, AGENTS))
        self.manager = self._staff(content.MANAGER, MANAGERS)
        self._staff(content.ADMIN, ADMINS, is_staff=True, is_superuser=True)
        self.customers = [
            services.customer_get_or_create(email=email, name=name, language=language)
            for people, language in ((content.CUSTOMERS_EN, "en"), (content.CUSTOMERS_RU, "ru"))
            for name, email in people
        ]
        first_name, last_name = self.customers[0].name.split(" ", 1)
        self.customers[0].user = User.objects.create_user(
            username=CUSTOMER,
            email=self.customers[0].email,
            password=PASSWORDS[CUSTOMER],
            first_name=first_name,
            last_name=last_name,
        )
        self.customers[0].save(update_fields=["user"])
        # Calendars, leads and SLA policies before any ticket: due times come from the services.
        service_levels_configure(teams=self.teams, now=self.now)

    def _staff(self, person: content.Person, role: str, **flags) -> User:
        user = User.objects.create_user(
            username=person.username,
            email=f"{person.username}@{content.STAFF_EMAIL_DOMAIN}",
            password=PASSWORDS[role],
            first_name=person.first_name,
            last_name=person.last_name,
            language=person.language,
            **flags,
        )
        user.groups.add(Group.objects.get(name=role))
        user.teams.set([self.teams[team] for team in person.teams])
        return user

    # --- planning ----------------------------------------------------------------------------

    def plan(self) -> list[Step]:
        # A few regulars write more often; the customer with a login is one of them.
        weights = [
            4 if i in (0, 25) else 2 if i % 7 == 3 else 1 for i, _ in enumerate(self.customers)
        ]
        pick = partial(self.rng.choices, self.customers, weights)
        stories = [self._story(pick()[0]) for _ in range(TICKET_COUNT)]
        self._ensure_every_status(stories)
        for story in stories:
            self._plan_story(story)
        # Stable: steps of one moment keep their planned order.
        return sorted((step for story in stories for step in story.steps), key=attrgetter("at"))

    def _story(self, customer: Customer) -> Story:
        category = self.rng.choice(list(content.TOPICS))
        channel = self.rng.choices(list(CHANNEL_WEIGHTS), list(CHANNEL_WEIGHTS.values()))[0]
        topic = self.rng.choice(content.TOPICS[category])
        created_at = self._created_at()
        return Story(
            next(self.keys),
            customer,
            category,
            topic,
            channel,
            created_at,
            outcome=self._outcome(created_at),
            team=content.CATEGORIES[category][2],
        )

    def _created_at(self) -> datetime:
        today = self.now.replace(hour=0, minute=0, second=0, microsecond=0)
        # Fewer tickets at weekends; a growing customer base sends more tickets lately.
        weights = [
            (0.45 if (today - timedelta(days=day)).weekday() >= 5 else 1) * (2 - day / DAYS)
            for day in range(DAYS)
        ]
        day = self.rng.choices(range(DAYS), weights)[0]
        hour = self.rng.choices(range(24), HOUR_WEIGHTS)[0]
        moment = today - timedelta(days=day, hours=-hour, seconds=-self.rng.randrange(HOUR))
        return moment - timedelta(days=1) if moment > self.now - timedelta(minutes=5) else moment

    def _outcome(self, created_at: datetime) -> str:
        age = (self.now - created_at) / timedelta(days=1)
        weights = next(weights for days, weights in OUTCOME_WEIGHTS if age < days)
        return self.rng.choices(list(weights), list(weights.values()))[0]

    @staticmethod
    def _ensure_every_status(stories: list[Story]) -> None:
        """A demo shows every status: one that chance left out goes to the youngest story (the
        oldest for closed) whose status other stories share."""
        for status in S.values:
            counts = Counter(story.outcome for story in stories)
            if not counts[status]:
                candidates = [story for story in stories if counts[story.outcome] > 1]
                pick = max if status != S.CLOSED else min
                pick(candidates, key=attrgetter("created_at")).outcome = status

    def _add(self, story: Story, at: datetime, run: Callable, creates: int | None = None):
        if story.steps:  # one step at a time, even where a delay was cut short
            at = max(at, story.steps[-1].at + timedelta(seconds=1))
        story.steps.append(Step(at, story.key, run, creates))
        return at

    def _fit_before_now(self, story: Story, start: datetime) -> None:
        """Squeeze the steps after ``start`` into the past: the planned delays of a recent ticket
        may reach beyond now. The order of the steps stays as planned."""
        limit, last = self.now - timedelta(minutes=1), story.steps[-1].at
        if last > limit:
            ratio = (limit - start) / (last - start)
            for step in story.steps:
                step.at = start + (step.at - start) * ratio

    def _plan_story(self, story: Story) -> None:
        rng, logged_by_agent = self.rng, story.channel in LOGGED_BY_AGENT
        # The web form and the API come with a category; e-mail lands in the default team,
        # where an agent moves billing questions on (unless nobody has looked yet).
        category = None if story.channel == C.EMAIL else self.categories[story.category]
        moving = category is None and story.team != content.GENERAL
        if moving and story.outcome == S.NEW and rng.random() < 0.5:
            story.team, moving = content.GENERAL, False
        story.agent = self._pick_agent(story.team, story.lang)
        subject, text = getattr(story.topic, story.lang)
        fillers = {key: rng.choice(values) for key, values in content.FILLERS[story.lang].items()}
        create = partial(
            _create,
            customer=story.customer,
            subject=subject,
            channel=story.channel,
            body=self._customer_text(story, text.format(**fillers), first=True),
            category=category,
            created_by=story.agent if logged_by_agent else None,
        )
        self._add(story, story.created_at, create, creates=story.key)
        if moving:
            triager = self._pick_agent(content.GENERAL, story.lang)
            at = self._shift(story.created_at + self._delay(20 * MINUTE, 2 * MINUTE, 4 * HOUR))
            self._add(story, at, partial(_update, actor=triager, team=self.teams[story.team]))
        self._plan_work(story, story.created_at, logged_by_agent=logged_by_agent)
        self._fit_before_now(story, story.created_at)
        if story.outcome == S.CLOSED and rng.random() < 0.08:
            self._plan_follow_up(story)

    def _plan_work(self, story: Story, start: datetime, *, logged_by_agent: bool) -> None:
        """Pick-up, the conversation and how it ends, from ``start`` on."""
        rng, agent, lang = self.rng, story.agent, story.lang
        if story.outcome == S.NEW:
            if rng.random() < 0.3:  # taken, not answered yet
                at = start + self._delay(30 * MINUTE, MINUTE, 3 * HOUR)
                self._add(story, at, partial(_update, actor=agent, assignee=agent))
            return
        first = self._shift(start + self._first_response_delay(story.channel))
        before_first = min(20 * MINUTE, (first - start).total_seconds() / 2)
        picked_up = first - timedelta(seconds=rng.uniform(MINUTE, max(MINUTE, before_first)))
        if logged_by_agent:
            picked_up = start + timedelta(minutes=2)
        self._add(story, picked_up, partial(_update, actor=agent, **self._triage(story)))
        rounds = rng.choices((0, 1, 2, 3), (35, 35, 20, 10))[0]
        quick = story.outcome in (S.SOLVED, S.CLOSED) and rounds == 0 and rng.random() < 0.35
        if quick:  # answered and solved in one go
            at = self._add(story, first, self._agent_call(story, self._solution(story), S.SOLVED))
        else:
            text = rng.choice(content.FIRST_REPLIES[story.category][lang])
            at = self._add(story, first, self._agent_call(story, text, S.PENDING))
            if rng.random() < 0.05:
                at = self._manager_steps_in(story, at)
        if rng.random() < 0.25:
            at = self._note(story, at)
        for _round in range(rounds):
            at = self._customer_says(story, at, rng.choice(content.CUSTOMER_FOLLOW_UPS[lang]))
            status = S.PENDING if rng.random() < 0.7 else None
            at = self._agent_says(story, at, rng.choice(content.AGENT_FOLLOW_UPS[lang]), status)
        if not quick:
            at = self._customer_says(story, at, rng.choice(content.CUSTOMER_FOLLOW_UPS[lang]))
        self._plan_ending(story, at, quick=quick)

    def _plan_ending(self, story: Story, at: datetime, *, quick: bool) -> None:
        rng, lang = self.rng, story.lang
        if story.outcome == S.PENDING:
            self._agent_says(story, at, rng.choice(content.AGENT_FOLLOW_UPS[lang]), S.PENDING)
        elif story.outcome == S.ON_HOLD:
            at = self._agent_says(story, at, content.ESCALATIONS[story.team][lang])
            note = content.ON_HOLD_NOTES[story.team][story.agent.language]
            hold = partial(_agent_writes, agent=story.agent, body=note, is_internal=True)
            self._add(
                story, at + timedelta(minutes=rng.randint(2, 30)), partial(hold, status=S.ON_HOLD)
            )
        elif story.outcome in (S.SOLVED, S.CLOSED):
            if not quick:
                at = self._agent_says(story, at, self._solution(story), S.SOLVED)
            if rng.random() < 0.07:  # solved too early: the customer's reply reopens it
                at = self._customer_says(story, at, rng.choice(content.REOPENINGS[lang]))
                at = self._agent_says(story, at, self._solution(story), S.SOLVED)
            if story.outcome == S.CLOSED:
                at = self._shift(at + timedelta(seconds=rng.uniform(2 * DAY, 5 * DAY)))
                self._add(story, at, partial(_update, actor=story.agent, status=S.CLOSED))

    def _plan_follow_up(self, story: Story) -> None:
        """The customer writes on the closed ticket again; the service opens a follow-up."""
        at = story.steps[-1].at + self._delay(3 * DAY, 6 * HOUR, 14 * DAY)
        if at > self.now - timedelta(hours=1):
            return
        follow_up = dataclasses.replace(
            story, key=next(self.keys), created_at=at, outcome=self._outcome(at), steps=[]
        )
        body = self.rng.choice(content.RETURNS_AFTER_CLOSE[story.lang])
        write = partial(_customer_writes, customer=story.customer, channel=story.reply_channel)
        self._add(story, at, partial(write, body=body), creates=follow_up.key)
        self._plan_work(follow_up, at, logged_by_agent=False)
        if follow_up.steps:
            self._fit_before_now(follow_up, at)
        story.steps.extend(follow_up.steps)

    # --- who says what, when -----------------------------------------------------------------

    def _pick_agent(self, team: str, lang: str) -> User:
        """Mostly an agent who speaks the customer's language."""
        native = [agent for agent in self.agents[team] if agent.language == lang]
        return (
            native[0] if native and self.rng.random() < 0.75 else self.rng.choice(self.agents[team])
        )

    def _triage(self, story: Story) -> dict:
        changes = {"assignee": story.agent, "tags": list(story.topic.tags)}
        if self.rng.random() < 0.08:
            changes["tags"].append("vip")
        if self.rng.random() < 0.15:
            changes["priority"] = self.rng.choice(PRIORITY_CHANGES)
        return changes

    def _customer_text(self, story: Story, text: str, *, first: bool = False) -> str:
        if story.channel in INFORMAL:
            return text
        if first and story.channel == C.PHONE:
            return content.PHONE_NOTE[story.lang].format(text=text)
        signoff = self.rng.choice(content.CUSTOMER_SIGNOFFS[story.lang])
        name = story.customer.name.split(" ")[0]
        return content.CUSTOMER_LETTER[story.lang].format(text=text, signoff=signoff, name=name)

    def _agent_call(self, story: Story, text: str, status: str | None = None) -> partial:
        if story.channel not in INFORMAL:
            text = content.AGENT_LETTER[story.lang].format(
                text=text, name=story.customer.name.split(" ")[0], agent=story.agent.first_name
            )
        return partial(
            _agent_writes, agent=story.agent, body=text, status=status, channel=story.reply_channel
        )

    def _solution(self, story: Story) -> str:
        return self.rng.choice(content.SOLUTIONS[story.category][story.lang])

    def _agent_says(self, story: Story, after: datetime, text: str, status: str | None = None):
        if story.channel == C.CHAT:
            at = after + self._delay(2 * MINUTE, 20, 10 * MINUTE)
        else:
            at = self._shift(after + self._delay(90 * MINUTE, 3 * MINUTE, DAY))
        return self._add(story, at, self._agent_call(story, text, status))

    def _customer_says(self, story: Story, after: datetime, text: str) -> datetime:
        if story.channel == C.CHAT:
            at = after + self._delay(3 * MINUTE, 30, 20 * MINUTE)
        else:
            at = after + self._delay(3 * HOUR, 4 * MINUTE, 3 * DAY)
        body = self._customer_text(story, text)
        write = partial(_customer_writes, customer=story.customer, channel=story.reply_channel)
        return self._add(story, at, partial(write, body=body))

    def _note(self, story: Story, after: datetime) -> datetime:
        author = self.rng.choice(self.agents[story.team])
        body = self.rng.choice(content.INTERNAL_NOTES[author.language])
        at = self._shift(after + self._delay(40 * MINUTE, 5 * MINUTE, 6 * HOUR))
        return self._add(
            story, at, partial(_agent_writes, agent=author, body=body, is_internal=True)
        )

    def _manager_steps_in(self, story: Story, after: datetime) -> datetime:
        at = self._shift(after + self._delay(2 * HOUR, 10 * MINUTE, DAY))
        at = self._add(story, at, partial(_update, actor=self.manager, priority=P.URGENT))
        body = content.MANAGER_NOTES[self.manager.language]
        note = partial(_agent_writes, agent=self.manager, body=body, is_internal=True)
        return self._add(story, at + timedelta(seconds=30), note)

    def _first_response_delay(self, channel: str) -> timedelta:
        if channel == C.CHAT:
            return self._delay(4 * MINUTE, MINUTE, 30 * MINUTE)
        if channel == C.PHONE:
            return self._delay(30 * MINUTE, 5 * MINUTE, 4 * HOUR)
        return self._delay(2 * HOUR, 10 * MINUTE, DAY)

    def _delay(self, median: float, low: float, high: float) -> timedelta:
        """Log-normally spread around ``median`` seconds: mostly short, sometimes long."""
        seconds = self.rng.lognormvariate(math.log(median), 1.0)
        return timedelta(seconds=min(max(seconds, low), high))

    @staticmethod
    def _shift(moment: datetime) -> datetime:
        """The moment, or the same minute of the next shift start when agents are off."""
        if moment.hour < SHIFT_START:
            return moment.replace(hour=SHIFT_START)
        if moment.hour >= SHIFT_END:
            return (moment + timedelta(days=1)).replace(hour=SHIFT_START)
        return moment

    # --- playing -----------------------------------------------------------------------------

    def play(self, steps: list[Step]) -> Counter:
        """The steps in time order, with beat's work and the survey answers in between
        (tickets.management.demo_metrics); returns what beat and the customers did."""
        rng = random.Random(SEED + 1)  # noqa: S311 - demo data, reproducible on purpose
        return play_with_beat(steps, rng=rng, now=self.now)
