"""The words of bench.kb: the planted common and rare terms, the queries of each case, the
helpdesk vocabulary the texts are drawn from, and the categories."""

from __future__ import annotations

TARGET_MS = 30.0  # search p95
SUGGEST_RATE = "100000/h"  # the per-IP limits of the suggestions and searches, for the run
VISIT_POSTS = 5  # suggestion requests per visit (the form posts again as the customer types)

# term -> the forms planted (Russian: cases with the same stem, as to_tsvector('russian')
# makes them). The first word of each kind is the one the issue names.
PLANTED_COMMON = {
    "en": {
        "account": ["account", "accounts"],
        "password": ["password", "passwords"],
        "invoice": ["invoice", "invoices"],
        "delivery": ["delivery", "deliveries"],
    },
    "ru": {
        "аккаунт": ["аккаунт", "аккаунта", "аккаунтом", "аккаунту"],
        "пароль": ["пароль", "пароля", "паролем"],
        "подписка": ["подписка", "подписки", "подписку", "подпиской"],
        "доставка": ["доставка", "доставки", "доставку", "доставкой"],
    },
}
PLANTED_RARE = {
    "en": {
        "zeppelin": ["zeppelin", "zeppelins"],
        "kumquat": ["kumquat", "kumquats"],
        "xylophone": ["xylophone"],
        "marzipan": ["marzipan"],
    },
    "ru": {
        "дирижабль": ["дирижабль", "дирижабля", "дирижаблем"],
        "кумкват": ["кумкват", "кумквата", "кумкватом"],
        "ксилофон": ["ксилофон", "ксилофона", "ксилофоном"],
        # "марципаном" stems differently (марципан, not марципа): left out
        "марципан": ["марципан", "марципана"],
    },
}
# What the cases search for, in turn (Russian in other cases than the plain form: stemming).
QUERIES = {
    ("en", "common"): ("account", "password", "invoice", "delivery"),
    ("en", "rare"): ("zeppelin", "kumquat", "xylophone", "marzipan"),
    ("ru", "common"): ("аккаунтом", "пароля", "подписки", "доставкой"),
    ("ru", "rare"): ("дирижабль", "кумквата", "ксилофоном", "марципана"),
}
TYPOS = ("zepelin", "kumqat", "xylofone", "marzipn")

# A customer's request as the form's suggestions see it (subject, body).
REQUESTS = {
    "en": [
        (
            "Cannot sign in to my account",
            "Since yesterday the login page says my password is wrong. I reset it twice but "
            "the email with the link never arrives.",
        ),
        (
            "Invoice shows the wrong total",
            "The invoice for last month has the wrong tax and my card was charged twice. How "
            "do I get a refund?",
        ),
        (
            "Delivery has not arrived",
            "My order was shipped a week ago but the delivery status has not changed. Can you "
            "check where it is?",
        ),
        (
            "Printer prints blank pages",
            "After the last update the network printer prints blank pages from the app. I "
            "restarted it and installed the driver again.",
        ),
    ],
    "ru": [
        (
            "Не могу войти в аккаунт",
            "Со вчерашнего дня страница входа пишет, что пароль неверный. Я дважды сбрасывал "
            "его, но письмо со ссылкой не приходит.",
        ),
        (
            "Неверная сумма в счете",
            "В счете за прошлый месяц неверный налог, и деньги списали с карты дважды. Как "
            "вернуть оплату?",
        ),
        (
            "Доставка не пришла",
            "Заказ отправили неделю назад, но статус доставки не меняется. Проверьте, "
            "пожалуйста, где он.",
        ),
        (
            "Подписка не продлевается",
            "После обновления приложения подписка перестала продлеваться, хотя оплата по карте "
            "прошла.",
        ),
    ],
}

# fmt: off
# Most frequent first (the Zipf-like weights follow the order); no planted term among them.
VOCABULARY = {
    "en": [
        "the", "to", "and", "a", "you", "your", "of", "in", "is", "for", "on", "it", "that",
        "this", "if", "with", "or", "be", "can", "are", "from", "as", "not", "by", "at", "an",
        "will", "then", "when", "have", "we", "our", "do", "all", "any", "more", "there",
        "which", "so", "after",
        "click", "select", "open", "settings", "page", "email", "button", "menu", "app",
        "option", "new", "change", "check", "sure", "file", "list", "name", "user", "users",
        "data", "order", "orders", "payment", "card", "update", "version", "device", "phone",
        "browser", "window", "screen", "tab", "field", "enter", "save", "message", "error",
        "sign", "help", "support", "team", "admin", "access", "link", "address", "report",
        "export", "import", "download", "upload", "connect", "connection", "network",
        "printer", "driver", "install", "restart", "reset", "code", "number", "date", "time",
        "day", "days", "week", "month", "plan", "billing", "refund", "price", "tax",
        "customer", "customers", "profile", "language", "notification", "notifications",
        "calendar", "sync", "contact", "request", "ticket", "status", "problem", "issue",
        "steps", "step", "first", "next", "last", "right", "left", "top", "bottom", "section",
        "article", "search", "filter", "view", "show", "hide", "edit", "delete", "remove",
        "add", "create", "copy", "paste", "share", "folder", "drive", "backup", "storage",
        "limit", "size", "security", "permission", "permissions", "role", "group", "key",
        "license", "mobile", "desktop", "windows", "mac", "android", "iphone", "wifi",
        "router", "vpn", "server", "cloud", "web", "site", "online", "offline", "form",
        "template", "document", "pdf", "image", "photo", "camera", "video", "audio", "sound",
        "microphone", "keyboard", "mouse", "monitor", "battery", "power", "cable", "port",
        "usb", "bluetooth", "shipping", "tracking", "parcel", "address", "company", "office",
        "manager", "agent", "chat", "call", "schedule", "holiday", "discount", "coupon",
        "receipt", "bank", "transfer", "currency", "balance", "history", "dashboard",
        "widget", "integration", "token", "webhook", "scanner", "barcode", "label", "stock",
        "warehouse", "supplier", "contract", "renewal", "trial", "cancel", "upgrade",
        "downgrade", "migrate", "restore", "archive", "attachment", "signature", "spam",
        "quarantine", "forwarding", "alias", "domain", "certificate", "firewall", "proxy",
    ],
    "ru": [
        "и", "в", "на", "не", "что", "с", "по", "для", "если", "или", "это", "к", "как", "а",
        "из", "вы", "вам", "ваш", "о", "у", "то", "же", "при", "все", "так", "но", "можно",
        "нужно", "только", "уже", "затем", "после", "чтобы", "там", "также",
        "нажмите", "выберите", "откройте", "настройки", "настроек", "настройках", "страницу",
        "страница", "страницы", "кнопку", "кнопка", "меню", "приложение", "приложения",
        "приложении", "почта", "почты", "письмо", "письма", "адрес", "адреса", "оплата",
        "оплаты", "заказ", "заказа", "заказы", "карту", "карта", "карты", "обновление",
        "обновления", "версию", "версия", "устройство", "устройства", "телефон", "телефона",
        "браузер", "браузере", "окно", "окне", "экран", "экране", "вкладку", "поле", "поля",
        "введите", "сохраните", "сообщение", "ошибка", "ошибку", "ошибки", "вход", "входа",
        "помощь", "поддержка", "поддержки", "команда", "администратор", "доступ", "доступа",
        "ссылку", "ссылка", "отчет", "отчета", "выгрузка", "загрузите", "скачайте",
        "подключение", "подключения", "сеть", "сети", "принтер", "принтера", "драйвер",
        "установите", "перезагрузите", "сбросьте", "код", "номер", "дата", "время", "день",
        "дней", "неделю", "месяц", "тариф", "тарифа", "возврат", "цена", "налог", "клиент",
        "клиента", "клиенты", "профиль", "профиля", "язык", "уведомления", "уведомление",
        "календарь", "календаря", "синхронизация", "синхронизации", "контакт", "заявка",
        "заявку", "обращение", "статус", "проблема", "проблему", "шаги", "шаг", "первый",
        "следующий", "последний", "справа", "слева", "вверху", "внизу", "раздел", "раздела",
        "статья", "статью", "поиск", "фильтр", "показать", "скрыть", "изменить", "удалить",
        "добавить", "создать", "скопируйте", "папку", "папка", "диск", "резервная", "копия",
        "хранилище", "лимит", "размер", "безопасность", "права", "роль", "группа", "ключ",
        "лицензия", "лицензии", "мобильное", "компьютер", "windows", "mac", "android",
        "iphone", "роутер", "роутера", "vpn", "сервер", "облако", "сайт", "сайте", "онлайн",
        "форма", "форму", "шаблон", "документ", "документа", "файл", "файла", "файлы",
        "изображение", "фото", "камера", "камеру", "видео", "звук", "микрофон", "клавиатура",
        "мышь", "монитор", "батарея", "питание", "кабель", "порт", "usb", "bluetooth",
        "посылка", "посылки", "трек", "компания", "офис", "менеджер", "оператор", "чат",
        "звонок", "расписание", "скидка", "купон", "чек", "банк", "перевод", "валюта",
        "баланс", "история", "панель", "виджет", "интеграция", "токен", "сканер",
        "штрихкод", "склад", "поставщик", "договор", "продление", "отмена", "архив",
        "вложение", "подпись", "спам", "домен", "сертификат",
    ],
}
TITLE_STARTS = {
    "en": ["How to", "Why does", "What to do if", "Troubleshooting", "Set up", "Change",
           "Fix", "Can I"],
    "ru": ["Как", "Почему", "Что делать, если", "Настройка", "Как изменить", "Не работает",
           "Можно ли"],
}
# Made-up product and feature names: no z, q, x or k, so none is one edit from a rare term.
SYLLABLES = {"en": ("bdfglmnprstv", "aeiou", "nrslt"), "ru": ("бвглмнпрстд", "аеиоу", "нрслт")}
CATEGORIES = [
    ("sign-in", "Sign-in and security", "Вход и безопасность",
     [("Signing in", "Вход"), ("Two-step verification", "Двухэтапная проверка"),
      ("Users and roles", "Пользователи и роли")]),
    ("billing", "Billing and payments", "Счета и оплата",
     [("Payment methods", "Способы оплаты"), ("Refunds", "Возвраты"),
      ("Plans and prices", "Тарифы и цены")]),
    ("orders", "Orders and shipping", "Заказы и отправка",
     [("Placing an order", "Оформление заказа"), ("Tracking", "Отслеживание"),
      ("Returns", "Возвраты товара")]),
    ("devices", "Devices and apps", "Устройства и приложения",
     [("Mobile app", "Мобильное приложение"), ("Printers and scanners", "Принтеры и сканеры"),
      ("Network and VPN", "Сеть и VPN")]),
    ("mail", "Email and calendar", "Почта и календарь",
     [("Mail clients", "Почтовые клиенты"), ("Calendar sync", "Синхронизация календаря"),
      ("Spam and filters", "Спам и фильтры")]),
]
# fmt: on
