"""The parser alone: real-world MIME in, sender, body, files and automatic-mail signals out."""

from __future__ import annotations

import pytest

from tests.mail import messages as m
from tickets.channels.email_charsets import decode_bytes
from tickets.channels.email_noise import automatic_reason
from tickets.channels.email_parse import UnreadableEmail, normalize_message_id, parse_email
from tickets.channels.email_quotes import split_reply, split_reply_html

RUSSIAN = "Здравствуйте! Принтер не печатает, горит красная лампочка."


@pytest.mark.parametrize("charset", ["koi8-r", "windows-1251", "utf-8", "iso-8859-5"])
@pytest.mark.parametrize("encoding", ["8bit", "base64", "quoted-printable"])
def test_russian_mail_in_each_charset_and_transfer_encoding(charset, encoding):
    raw = m.build(
        body=m.text_part(RUSSIAN, charset=charset, encoding=encoding),
        subject="Принтер сломался",
        sender=m.address("Иван Петров", "Ivan@Example.RU", charset),
        charset=charset,
    )

    parsed = parse_email(raw)

    assert parsed.subject == "Принтер сломался"
    assert parsed.from_name == "Иван Петров"
    assert parsed.from_address == "ivan@example.ru"
    assert parsed.text.strip() == RUSSIAN
    assert parsed.language == "ru"


@pytest.mark.parametrize("charset", ["windows-1251", "koi8-r"])
def test_undeclared_8bit_russian_is_detected(charset):
    raw = m.build(body=m.text_part(RUSSIAN, charset=charset, declared=False))
    assert parse_email(raw).text.strip() == RUSSIAN


def test_wrongly_declared_charset_falls_back_to_detection():
    part = m.text_part(RUSSIAN, charset="windows-1251").replace(b"windows-1251", b"utf-8")
    assert parse_email(m.build(body=part)).text.strip() == RUSSIAN


def test_unknown_charset_name_falls_back_to_detection():
    part = m.text_part("Grüße aus Köln", charset="utf-8").replace(b"utf-8", b"x-no-such")
    assert parse_email(m.build(body=part)).text.strip() == "Grüße aus Köln"


def test_iso_8859_1_declared():
    raw = m.build(body=m.text_part("Café à côté, s'il vous plaît", charset="iso-8859-1"))
    assert parse_email(raw).text.strip() == "Café à côté, s'il vous plaît"


def test_raw_8bit_headers_are_decoded():
    raw = (
        b"From: "
        + "Иван Петров".encode("cp1251")
        + b" <ivan@example.ru>\r\nSubject: "
        + "Тема письма".encode("cp1251")
        + b"\r\nMessage-ID: <x1@example.ru>\r\n\r\nhello\r\n"
    )
    parsed = parse_email(raw)
    assert (parsed.from_name, parsed.subject) == ("Иван Петров", "Тема письма")


def test_multipart_alternative_prefers_plain_text_and_keeps_related_images():
    html = m.multipart(
        "related",
        [
            m.html_part('<p>Hello <img src="cid:logo"></p>'),
            m.file_part(
                "logo.png",
                b"\x89PNG fake",
                content_type="image/png",
                disposition="inline",
                content_id="logo",
            ),
        ],
    )
    raw = m.build(body=m.multipart("alternative", [m.text_part("Hello in plain text"), html]))

    parsed = parse_email(raw)

    assert (parsed.text.strip(), parsed.body_format) == ("Hello in plain text", "text")
    assert [(a.filename, a.content_type) for a in parsed.attachments] == [("logo.png", "image/png")]


def test_html_only_mail_keeps_html_format():
    raw = m.build(
        body=m.html_part('<p>Only <b>HTML</b><img src="http://tracker.example/x.gif"></p>')
    )
    parsed = parse_email(raw)
    assert parsed.body_format == "html"
    assert "<b>HTML</b>" in parsed.text


@pytest.mark.parametrize("style", ["2231", "2047"])
def test_encoded_file_names(style):
    raw = m.build(
        body=m.multipart(
            "mixed",
            [
                m.text_part("see attached"),
                m.file_part("Счёт №5 (март).pdf", b"%PDF-1.4", name_style=style),
                m.file_part("program.exe", b"MZ\x90\x00"),
            ],
        )
    )
    names = [a.filename for a in parse_email(raw).attachments]
    assert names == ["Счёт №5 (март).pdf", "program.exe"]


def test_forwarded_message_part_is_kept_as_eml():
    inner = m.build(subject="Original question", text="the first mail")
    raw = m.build(body=m.multipart("mixed", [m.text_part("FYI"), m.rfc822_part(inner)]))

    parsed = parse_email(raw)

    assert parsed.text.strip() == "FYI"
    (attachment,) = parsed.attachments
    assert attachment.filename == "Original question.eml"
    assert attachment.content_type == "message/rfc822"
    assert b"the first mail" in attachment.content


def test_tnef_winmail_dat_is_kept_and_its_files_unpacked():
    winmail = m.tnef([("report.txt", b"the report"), ("photo.jpg", b"\xff\xd8 jpeg")])
    raw = m.build(
        body=m.multipart(
            "mixed",
            [
                m.text_part("Outlook mail"),
                m.file_part("winmail.dat", winmail, content_type="application/ms-tnef"),
            ],
        )
    )
    parsed = parse_email(raw)
    assert [(a.filename, a.content) for a in parsed.attachments] == [
        ("winmail.dat", winmail),
        ("report.txt", b"the report"),
        ("photo.jpg", b"\xff\xd8 jpeg"),
    ]


def test_tnef_winmail_dat_is_kept_even_when_it_cannot_be_unpacked():
    raw = m.build(
        body=m.multipart(
            "mixed",
            [
                m.text_part("Outlook mail"),
                m.file_part("winmail.dat", b"not really tnef", content_type="application/ms-tnef"),
            ],
        )
    )
    parsed = parse_email(raw)
    assert [a.filename for a in parsed.attachments] == ["winmail.dat"]


def test_missing_headers_and_empty_body():
    parsed = parse_email(m.build(subject=None, message_id=None, date=None, text=""))
    assert (parsed.subject, parsed.message_id, parsed.text) == ("", "", "")


def test_very_long_lines_survive():
    line = "word " * 50_000
    assert parse_email(m.build(text=line)).text.strip() == line.strip()


@pytest.mark.parametrize("raw", [b"", b"   \r\n", b"\x00\x01\x02"])
def test_nothing_to_read_raises(raw):
    with pytest.raises(UnreadableEmail):
        parse_email(raw)


def test_nul_bytes_never_reach_the_text():
    parsed = parse_email(m.build(text="a\x00b", subject="x"))
    assert "\x00" not in parsed.text


def test_message_ids_are_normalized():
    assert normalize_message_id("  <ABC.1@Mail.Example.org> ") == "<abc.1@mail.example.org>"
    assert normalize_message_id("no-brackets@example.org") == "<no-brackets@example.org>"
    assert normalize_message_id("") == ""
    parsed = parse_email(m.build(headers={"In-Reply-To": "<A@x>", "References": "<first@x> <A@x>"}))
    assert parsed.thread_ids == ["<a@x>", "<first@x>"]


def test_decode_bytes_never_fails():
    assert decode_bytes(b"\xff\xfe\xfa", "utf-8")
    assert decode_bytes(b"plain", None) == "plain"


AUTOMATIC = [
    ({"Auto-Submitted": "auto-replied"}, "Auto-Submitted"),
    ({"Auto-Submitted": "auto-generated; type=ooo"}, "Auto-Submitted"),
    ({"X-Autoreply": "yes"}, "X-Autoreply"),
    ({"X-Autorespond": "yes"}, "X-Autoreply"),
    ({"Precedence": "bulk"}, "Precedence"),
    ({"Precedence": "list"}, "Precedence"),
    ({"Precedence": "junk"}, "Precedence"),
    ({"Precedence": "auto_reply"}, "Precedence"),
    ({"List-Id": "<news.example.org>"}, "List-Id"),
    ({"List-Unsubscribe": "<mailto:leave@example.org>"}, "List-Id"),
    ({"Return-Path": "<>"}, "Return-Path"),
]


@pytest.mark.parametrize(("headers", "word"), AUTOMATIC)
def test_automatic_mail_is_recognised(headers, word):
    parsed = parse_email(m.build(headers=headers))
    assert word in automatic_reason(parsed, own_addresses=set())


@pytest.mark.parametrize(
    "subject", ["Out of Office: Printer problem", "Автоответ: Принтер", "Automatic reply: hi"]
)
def test_out_of_office_subjects(subject):
    parsed = parse_email(m.build(subject=subject))
    assert "out-of-office" in automatic_reason(parsed, own_addresses=set()).lower()


def test_bounces_and_our_own_mail():
    bounce = parse_email(m.bounce(original=m.build()))
    assert automatic_reason(bounce, own_addresses=set())
    daemon = parse_email(m.build(sender="MAILER-DAEMON@mx.example.org"))
    assert "delivery report" in automatic_reason(daemon, own_addresses=set()).lower()
    report = parse_email(m.build(body=m.multipart("report", [m.text_part("failed")])))
    assert "multipart/report" in automatic_reason(report, own_addresses=set())
    ours = parse_email(m.build(sender="Help <Support@Helpdesk.example>"))
    assert "own address" in automatic_reason(ours, own_addresses={"support@helpdesk.example"})


def test_a_person_writing_is_not_automatic():
    parsed = parse_email(m.build(headers={"Auto-Submitted": "no"}))
    assert automatic_reason(parsed, own_addresses=set()) == ""


QUOTED = [
    (
        "Спасибо, работает.\n\n-----Исходное сообщение-----\nОт: Support\nТема: x\n\nстарое",
        "Спасибо, работает.",
    ),
    (
        "Спасибо.\n\n2 марта 2026 г., в 10:00, Support <help@example.org> написал(а):\n> старое",
        "Спасибо.",
    ),
    ("Спасибо.\n\nПн, 2 мар. 2026 г. в 10:00, Support <help@example.org>:\n> старое", "Спасибо."),
    ("Добрый день\n\n02.03.2026 10:00, Support пишет:\n> старое", "Добрый день"),
    (
        "Добрый день\n\nОт: Support <help@example.org>\nОтправлено: 2 марта\nКому: я\n"
        "Тема: x\n\nold",
        "Добрый день",
    ),
    ("Thanks!\n\nOn Mon, Mar 2, 2026 at 10:00 AM Support <h@example.org> wrote:\n> old", "Thanks!"),
    (
        "Thanks!\n\nFrom: Support <h@example.org>\nSent: Monday\nTo: me\nSubject: Re: x\n\nold",
        "Thanks!",
    ),
    ("Thanks!\n\n-----Original Message-----\nFrom: x\n\nold", "Thanks!"),
    ("It works.\n\n-- \nAnn Smith\nACME Corp", "It works."),
    ("It works.\n\nС уважением,\nИван", "It works."),
    ("Works now\n\nSent from my iPhone", "Works now"),
]


@pytest.mark.parametrize(("text", "expected"), QUOTED)
def test_quoted_history_and_signature_are_cut(text, expected):
    assert split_reply(text) == expected


def test_inline_answers_between_quotes_are_kept():
    text = "See below.\n> question one\nanswer one\n> question two\nanswer two"
    assert split_reply(text) == text


def test_a_mail_that_is_all_quote_keeps_its_text():
    assert split_reply("> only a quote") == "> only a quote"


@pytest.mark.parametrize(
    "quote",
    [
        '<div class="gmail_quote">On Mon Support wrote:<blockquote>old</blockquote></div>',
        '<blockquote type="cite">old</blockquote>',
        '<div id="divRplyFwdMsg"><b>From:</b> Support</div><div>old</div>',
        '<div class="yandex_quote">old</div>',
    ],
)
def test_html_quotes_are_cut(quote):
    assert split_reply_html(f"<p>New answer</p>{quote}") == "<p>New answer</p>"


def test_html_that_is_all_quote_is_kept():
    html = '<blockquote type="cite">only old</blockquote>'
    assert split_reply_html(html) == html


BROKEN = [
    # a boundary that never comes, a part without headers, bad base64, a bad encoded word
    b'From: a@example.org\r\nContent-Type: multipart/mixed; boundary="nope"\r\n\r\nbody only',
    b"From: a@example.org\r\nContent-Type: multipart/mixed\r\n\r\n--\r\n\r\n--",
    b"From: a@example.org\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64***",
    b"From: =?utf-8?B?broken?= <a@example.org>\r\nSubject: =?x-unknown?Q?=FF?=\r\n\r\nhi",
    b"From: a@example.org\r\nContent-Type: text/plain; charset=\r\n\r\n\xff\xfe\xfd",
    b"From: <<<>>>\r\nTo: ,,,\r\nMessage-ID: <>\r\nReferences: <<a@b>\r\n\r\nx",
    b"From: a@example.org\r\nContent-Type: text/plain; charset=utf-8\r\n"
    b"Content-Disposition: attachment; filename*=utf-8''%FF%FE.txt\r\n\r\ndata",
    b"From: a@example.org\r\nContent-Type: message/rfc822\r\n\r\nnot a message at all",
    b"From: a@example.org\r\n" + b"X-Long: " + b"a" * 100_000 + b"\r\n\r\nbody",
]


@pytest.mark.parametrize("raw", BROKEN)
def test_broken_mail_never_raises_anything_but_unreadable(raw):
    try:
        parse_email(raw)
    except UnreadableEmail:
        pass


def test_random_damage_never_raises_anything_but_unreadable():
    import random

    rng = random.Random(7)
    seeds = [
        m.build(
            body=m.multipart(
                "mixed",
                [m.text_part(RUSSIAN, charset="koi8-r"), m.file_part("Файл.pdf", b"%PDF" * 50)],
            ),
            subject="Тема",
        ),
        m.build(body=m.multipart("alternative", [m.text_part("a"), m.html_part("<p>b</p>")])),
    ]
    for _ in range(300):
        raw = bytearray(rng.choice(seeds))
        for _flip in range(rng.randrange(1, 20)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        if rng.random() < 0.3:
            raw = raw[: rng.randrange(len(raw))]
        try:
            parse_email(bytes(raw))
        except UnreadableEmail:
            pass


def test_signed_mail_keeps_its_text_and_the_signature_as_a_file():
    signed = m.multipart(
        'signed; protocol="application/pkcs7-signature"; micalg=sha-256',
        [
            m.text_part("Signed hello"),
            m.file_part("smime.p7s", b"0\x82 sig", content_type="application/pkcs7-signature"),
        ],
    )
    parsed = parse_email(m.build(body=signed))
    assert parsed.text.strip() == "Signed hello"
    assert [a.filename for a in parsed.attachments] == ["smime.p7s"]


def test_an_unnamed_calendar_invite_is_kept_as_a_file():
    invite = b"Content-Type: text/calendar; method=REQUEST\r\n\r\nBEGIN:VCALENDAR\r\nEND:VCALENDAR"
    parsed = parse_email(m.build(body=m.multipart("mixed", [m.text_part("Meet?"), invite])))
    assert parsed.text.strip() == "Meet?"
    assert [a.filename for a in parsed.attachments] == ["attachment-1.ics"]
