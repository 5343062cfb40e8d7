"""Word lists for the workspace benchmark's synthetic text (bench.workspace_data), English and
Russian, from which subjects, customers' messages, agents' replies and internal notes are built.

Earlier entries are drawn more often (Zipf-like weights), so some terms are common ("printer",
"принтер": in a large share of tickets) and most are middling. The RARE words appear nowhere in
these lists: the generator puts each into about ten tickets, so a search for one must find a
needle without reading the haystack. Russian nouns come in several cases ("принтер",
"принтера", "принтеру") so stemming matters.
"""

from __future__ import annotations

import random

COMMON = {"en": "printer", "ru": "принтер"}

# word -> the sentence that carries it into a ticket (the Russian ones inflect it)
RARE = {
    "en": {
        "zeppelin": "By the way, there is a zeppelin sticker on the device.",
        "kumquat": "The kumquat theme makes the screen unreadable.",
        "xylophone": "It plays a xylophone sound before it fails.",
    },
    "ru": {
        "дирижабль": "Кстати, на корпусе наклейка с дирижаблем.",
        "кумкват": "Тема «кумкват» делает экран нечитаемым.",
        "ксилофон": "Перед сбоем звучит мелодия ксилофона.",
    },
}

# fmt: off
WORDS = {
    "en": {
        "thing": [
            "the printer", "my account", "the invoice", "the mobile app", "the router",
            "the password reset", "the payment", "the delivery", "the monthly report",
            "the dashboard", "the export", "the VPN", "the scanner", "my subscription",
            "the refund", "my order", "the mail client", "the login page", "the network printer",
            "the laptop", "the calendar sync", "the web shop", "the barcode reader",
            "the shared drive", "the phone line", "the license key", "the backup", "the camera",
            "the second monitor", "the docking station",
        ],
        "problem": [
            "does not work", "keeps crashing", "shows an error", "is very slow",
            "stopped syncing", "charged me twice", "cannot be opened", "prints blank pages",
            "rejects my password", "freezes on startup", "lost all my settings",
            "will not connect", "sends duplicate emails", "has the wrong address",
            "is missing items", "logs me out", "shows the wrong totals", "is stuck in a loop",
            "drops the connection", "was never delivered",
        ],
        "when": [
            "since yesterday", "after the last update", "every morning",
            "when I try to sign in", "on Windows", "on my phone", "for everyone in our office",
            "again", "since Monday", "after the move", "at random times", "during checkout",
        ],
        "detail": [
            "Please help as soon as possible.", "I have restarted it twice.",
            "The error code is {n}.", "Our order number is {n}.", "Thank you for your help.",
            "This is urgent for our team.", "Screenshots are attached.",
            "I already tried reinstalling it.", "It worked fine last week.",
            "We have {n} users affected.", "Could you call me back?",
            "Is there a known outage?",
        ],
        "reply": [
            "Thanks for reaching out.", "Sorry for the trouble.",
            "Please try restarting {thing}.", "Could you send us a screenshot of the error?",
            "We have reset {thing} for you.", "Our engineers are looking into {thing}.",
            "The refund has been issued and will arrive in {n} days.",
            "Please update to version {n} and try again.",
            "I have escalated this to the second line.", "Does the problem still happen?",
            "We could not reproduce it on our side.", "A fix is planned for the next release.",
        ],
        "note": [
            "Customer called again, sounded annoyed.", "Checked the logs: timeout on {thing}.",
            "Same issue as ticket {n}.", "Waiting for the vendor to answer.",
            "Asked billing to double-check the charge.", "Probably a driver problem.",
            "VIP customer, handle with care.", "Do not close before the patch ships.",
        ],
    },
    "ru": {
        "thing": [
            "принтер", "личный кабинет", "счёт", "мобильное приложение", "роутер",
            "сброс пароля", "оплата", "доставка", "ежемесячный отчёт", "панель управления",
            "выгрузка", "VPN", "сканер", "подписка", "возврат денег", "мой заказ",
            "почтовый клиент", "страница входа", "сетевой принтер", "ноутбук",
            "синхронизация календаря", "интернет-магазин", "сканер штрихкодов", "общий диск",
            "телефонная линия", "лицензионный ключ", "резервная копия", "камера",
            "второй монитор", "док-станция",
        ],
        "problem": [
            "не работает", "постоянно падает", "выдаёт ошибку", "очень медленно работает",
            "перестал синхронизироваться", "списал деньги дважды", "не открывается",
            "печатает пустые страницы", "не принимает пароль", "зависает при запуске",
            "потерял все настройки", "не подключается", "отправляет письма дважды",
            "показывает неверный адрес", "пришёл не полностью", "выкидывает из системы",
            "показывает неверные суммы", "зациклился", "обрывает соединение",
            "так и не доставлен",
        ],
        "when": [
            "со вчерашнего дня", "после последнего обновления", "каждое утро",
            "при попытке входа", "на Windows", "на телефоне", "у всех в нашем офисе", "снова",
            "с понедельника", "после переезда", "в случайное время", "при оформлении заказа",
        ],
        "detail": [
            "Помогите, пожалуйста, как можно скорее.", "Я уже дважды перезагружал.",
            "Код ошибки {n}.", "Номер нашего заказа {n}.", "Спасибо за помощь.",
            "Для нашей команды это срочно.", "Скриншоты во вложении.",
            "Переустановка не помогла.", "На прошлой неделе всё работало.",
            "Затронуто {n} пользователей.", "Перезвоните мне, пожалуйста.",
            "Это известный сбой?",
        ],
        "reply": [
            "Спасибо за обращение.", "Извините за неудобства.",
            "Попробуйте перезагрузить принтер и роутер.",
            "Пришлите, пожалуйста, скриншот ошибки.", "Мы сбросили настройки принтера.",
            "Наши инженеры проверяют ваш заказ.",
            "Деньги вернутся на карту в течение {n} дней.",
            "Обновите приложение до версии {n} и попробуйте снова.",
            "Я передал обращение на вторую линию.", "Проблема всё ещё повторяется?",
            "Нам не удалось воспроизвести ошибку.", "Исправление выйдет в следующем релизе.",
        ],
        "note": [
            "Клиент звонил снова, недоволен.", "Посмотрел логи: таймаут у принтера.",
            "Та же проблема, что в обращении {n}.", "Ждём ответа поставщика.",
            "Попросил бухгалтерию проверить списание.", "Похоже, проблема с драйвером принтера.",
            "VIP-клиент, аккуратно.", "Не закрывать до выхода исправления.",
        ],
    },
}

FIRST_NAMES = {
    "en": ["John", "Mary", "James", "Linda", "Robert", "Susan", "David", "Karen", "Paul", "Emma"],
    "ru": ["Анна", "Иван", "Мария", "Сергей", "Ольга", "Дмитрий", "Елена", "Алексей", "Наталья"],
}
LAST_NAMES = {
    "en": ["Smith", "Johnson", "Brown", "Taylor", "Wilson", "Clark", "Lewis", "Walker"],
    "ru": ["Иванова", "Смирнов", "Кузнецова", "Попов", "Соколова", "Лебедев", "Козлова"],
}
# fmt: on


def _pick(rng: random.Random, items: list[str]) -> str:
    # Zipf-like: the k-th entry is drawn with weight 1 / (k + 1).
    return rng.choices(items, weights=[1 / (k + 1) for k in range(len(items))])[0]


def _fill(rng: random.Random, text: str, words: dict) -> str:
    return text.format(n=rng.randint(2, 99_999), thing=_pick(rng, words["thing"]))


def subject(rng: random.Random, lang: str) -> str:
    words = WORDS[lang]
    text = f"{_pick(rng, words['thing'])} {_pick(rng, words['problem'])}"
    if rng.random() < 0.5:
        text += f" {_pick(rng, words['when'])}"
    return text[0].upper() + text[1:]


def body(rng: random.Random, lang: str, role: str) -> str:
    """A message: role "customer" (a problem report), "agent" (a reply) or "note"."""
    words = WORDS[lang]
    sentences = []
    for _ in range(1 + min(11, int(rng.expovariate(1 / 3)))):
        if role == "customer":
            sentence = subject(rng, lang) + "."
            if rng.random() < 0.6:
                sentence += " " + _fill(rng, _pick(rng, words["detail"]), words)
        else:
            sentence = _fill(rng, _pick(rng, words["reply" if role == "agent" else "note"]), words)
        if sentence not in sentences:  # the weights would repeat the commonest ones
            sentences.append(sentence)
    return " ".join(sentences)


def person(rng: random.Random, lang: str) -> str:
    return f"{rng.choice(FIRST_NAMES[lang])} {rng.choice(LAST_NAMES[lang])}"
