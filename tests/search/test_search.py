"""Full-text search through its public interface: tickets.search and the services that keep
the index (ticket_create, message_add_*, search_subject_changed)."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from tests.factories import CustomerFactory, make_ticket
from tickets import services
from tickets.search import search_jump, ticket_search
from tickets.services.search_index import (
    BUDGET_CHARS,
    search_documents_rebuild,
    search_subject_changed,
)

pytestmark = pytest.mark.django_db


def found(user, query) -> list[str]:
    return [result.ticket.reference for result in ticket_search(user=user, query=query)]


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("Принтер не печатает", "принтеры"),
        ("Не приходят уведомления", "уведомление"),
        ("The printers are jammed", "printer"),
        ("Printing stopped yesterday", "printed"),
    ],
)
def test_russian_and_english_words_match_their_other_forms(agent, team, written, typed):
    ticket = make_ticket(team=team, subject="Help", body=written)

    assert found(agent, typed) == [ticket.reference]


def test_a_word_only_in_an_internal_note_is_found_by_agents(agent, team, customer):
    ticket = make_ticket(team=team, customer=customer, subject="Help", body="Hello")
    services.message_add_from_agent(
        ticket=ticket, agent=agent, body="Escalated to vendor Kyocera", is_internal=True
    )

    assert found(agent, "kyocera") == [ticket.reference]
    # The index holds notes: customers never search it.
    assert ticket_search(user=customer.user, query="kyocera") == []


def test_the_snippet_comes_from_the_latest_message_that_matches(agent, team, customer):
    ticket = make_ticket(
        team=team,
        customer=customer,
        subject="Help",
        body="Toner leaks: toner on the desk, toner on the floor",
    )
    services.message_add_from_agent(ticket=ticket, agent=agent, body="Replace the toner drum")
    services.message_add_from_customer(ticket=ticket, customer=customer, body="Thanks, done")

    [result] = ticket_search(user=agent, query="toner")

    assert "drum" in result.snippet_html and "leaks" not in result.snippet_html
    assert "<mark>toner</mark>" in result.snippet_html


def test_a_subject_hit_ranks_above_a_body_hit(agent, team):
    in_body = make_ticket(team=team, subject="Question", body="My scanner makes noise")
    in_subject = make_ticket(team=team, subject="Scanner broken", body="It makes noise")

    results = ticket_search(user=agent, query="scanner")

    assert [r.ticket.reference for r in results] == [in_subject.reference, in_body.reference]
    assert results[0].rank > results[1].rank


def test_highlights_are_escaped_and_only_marks_are_tags(agent, team):
    make_ticket(
        team=team,
        subject="<b>Invoice</b> wrong",
        body="<script>alert(1)</script> the invoice total is wrong & late",
    )

    (result,) = ticket_search(user=agent, query="invoice")

    assert "<mark>Invoice</mark>" in result.subject_html
    assert "&lt;b&gt;" in result.subject_html and "<b>" not in result.subject_html
    assert "<mark>invoice</mark>" in result.snippet_html
    assert "<script" not in result.snippet_html
    assert "&amp; late" in result.snippet_html


def test_html_bodies_are_searched_and_shown_as_text(agent, team, customer):
    ticket = make_ticket(team=team, customer=customer, subject="Mail", body="First")
    services.message_add_from_customer(
        ticket=ticket,
        customer=customer,
        body='<p>The <a href="https://x.example" onclick="evil()">router</a> &amp; modem</p>',
        body_format="html",
    )

    (result,) = ticket_search(user=agent, query="router")

    assert "<mark>router</mark> &amp; modem" in result.snippet_html
    assert "onclick" not in result.snippet_html and "<a" not in result.snippet_html


def test_other_teams_tickets_are_not_found(agent, other_agent, manager, team):
    ticket = make_ticket(team=team, subject="Keyboard missing keys")

    assert found(other_agent, "keyboard") == []
    assert found(manager, "keyboard") == [ticket.reference]


def test_quoted_phrases_and_exclusions(agent, team):
    both = make_ticket(team=team, subject="Paper jam in tray two")
    other = make_ticket(team=team, subject="Jam the paper tray")

    assert found(agent, '"paper jam"') == [both.reference]
    assert found(agent, "paper -two") == [other.reference]
    assert found(agent, "the") == []  # a stop word alone matches nothing, no error
    assert found(agent, "   ") == []


def test_a_new_message_is_searchable_in_its_own_transaction(agent, team):
    ticket = make_ticket(team=team, subject="Help", body="Hello")

    with transaction.atomic():
        services.message_add_from_agent(ticket=ticket, agent=agent, body="Reset the firmware")
        assert found(agent, "firmware") == [ticket.reference]
        transaction.set_rollback(True)

    assert found(agent, "firmware") == []


def test_a_subject_change_swaps_the_subject_and_keeps_the_thread(agent, team):
    ticket = make_ticket(team=team, subject="Old title", body="Thread words here")

    with transaction.atomic():
        ticket.subject = "Fresh heading"
        ticket.save(update_fields=["subject"])
        search_subject_changed(ticket=ticket)

        assert found(agent, "fresh") == [ticket.reference]
        assert found(agent, "old title") == []
        assert found(agent, "thread") == [ticket.reference]
        (result,) = ticket_search(user=agent, query="heading")
        assert result.rank > ticket_search(user=agent, query="thread")[0].rank  # still weight A


def test_rebuild_gives_the_same_matches_as_the_incremental_index(agent, team, customer):
    ticket = make_ticket(team=team, customer=customer, subject="Laptop", body="Battery drains")
    services.message_add_from_customer(ticket=ticket, customer=customer, body="Screen flickers")

    assert search_documents_rebuild(ticket_ids=[ticket.pk]) == 1

    for word in ("laptop", "battery", "flicker"):
        assert found(agent, word) == [ticket.reference]


def test_a_huge_thread_stops_growing_the_index_instead_of_failing(agent, team):
    ticket = make_ticket(team=team, subject="Logs", body="start " + "x" * 90_000)
    for n in range(3):
        services.message_add_from_agent(
            ticket=ticket, agent=agent, body=f"word{n} " * 15_000, is_internal=True
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexed_chars FROM tickets_ticketsearch WHERE ticket_id = %s", [ticket.pk]
        )
        assert cursor.fetchone()[0] <= BUDGET_CHARS
    assert found(agent, "word0") == [ticket.reference]


def test_common_words_rank_a_bounded_set(agent, team, monkeypatch):
    import tickets.search

    monkeypatch.setattr(tickets.search, "CANDIDATES", 2)
    older, newer, newest = (make_ticket(team=team, subject=f"Modem {n}") for n in range(3))

    assert set(found(agent, "modem")) == {newer.reference, newest.reference}


@pytest.mark.parametrize("typed", ["{ref}", "{ref_lower}", "{number}"])
def test_a_reference_jumps_to_its_ticket(agent, team, typed):
    ticket = make_ticket(team=team)
    text = typed.format(ref=ticket.reference, ref_lower=f"hd-{ticket.number}", number=ticket.number)

    assert search_jump(user=agent, query=text) == f"/agent/tickets/{ticket.reference}/"


def test_no_jump_to_another_teams_ticket_or_a_quoted_number(agent, other_agent, team):
    ticket = make_ticket(team=team)

    assert search_jump(user=other_agent, query=ticket.reference) is None
    assert search_jump(user=agent, query=f'"{ticket.number}"') is None
    assert search_jump(user=agent, query="printer") is None


def test_an_email_address_jumps_to_the_customers_tickets(agent, other_agent, team):
    customer = CustomerFactory(email="olga@example.com")
    make_ticket(team=team, customer=customer)

    expected = f"/agent/?customer={customer.pk}"
    assert search_jump(user=agent, query="Olga@Example.com") == expected
    assert search_jump(user=other_agent, query="olga@example.com") is None
    assert search_jump(user=agent, query="nobody@example.com") is None


def test_search_reindex_command_rebuilds_every_document(agent, team):
    from io import StringIO

    from django.core.management import call_command

    tickets = [make_ticket(team=team, subject=f"Projector {n}") for n in range(3)]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE tickets_ticketsearch SET document = '', indexed_chars = 0")
    assert found(agent, "projector") == []

    out = StringIO()
    call_command("search_reindex", "--batch", "2", stdout=out, stderr=StringIO())

    assert "Rebuilt 3 search documents." in out.getvalue()
    assert set(found(agent, "projectors")) == {ticket.reference for ticket in tickets}


def test_migration_fill_indexes_tickets_that_predate_the_index(agent, team):
    import importlib

    fill_sql = importlib.import_module("tickets.migrations.0008_search").FILL_SQL
    ticket = make_ticket(team=team, subject="Old", body="Ancient webcam driver")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM tickets_ticketsearch")
        cursor.execute(fill_sql)

    assert found(agent, "webcams") == [ticket.reference]
