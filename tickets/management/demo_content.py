"""What the demo data of ``manage.py seed_demo`` says: people, categories and the conversations
of the demo tickets, in English and Russian. Pure data; the command decides who says what when.

Russian texts speak in the plural ("we", "our team") or impersonally, so that they read right
whatever the gender of the customer or agent who sends them."""

from __future__ import annotations

from typing import NamedTuple

GENERAL = "general"
BILLING = "billing"

# The first team reuses the default team created by migration 0002.
TEAM_NAMES = {GENERAL: "General support", BILLING: "Billing"}

# key: (name_en, name_ru, team)
CATEGORIES = {
    "access": ("Account access", "Доступ к аккаунту", GENERAL),
    "bug": ("Bug report", "Сообщение об ошибке", GENERAL),
    "howto": ("Question about the service", "Вопрос по работе сервиса", GENERAL),
    "invoices": ("Invoices and payments", "Счета и платежи", BILLING),
    "refunds": ("Refunds", "Возврат средств", BILLING),
}


class Person(NamedTuple):
    username: str
    first_name: str
    last_name: str
    language: str
    teams: tuple[str, ...]


AGENTS = (
    Person("agent1", "Emily", "Carter", "en", (GENERAL,)),
    Person("agent2", "Анна", "Смирнова", "ru", (GENERAL,)),
    Person("agent3", "Daniel", "Brooks", "en", (BILLING,)),
    Person("agent4", "Дмитрий", "Соколов", "ru", (BILLING,)),
)
MANAGER = Person("manager", "Марина", "Кузнецова", "ru", (GENERAL, BILLING))
ADMIN = Person("admin", "Michael", "Grant", "en", (GENERAL, BILLING))
STAFF_EMAIL_DOMAIN = "support.example.com"

# (name, e-mail); the first English customer is the one with a login.
CUSTOMERS_EN = (
    ("Sarah Mitchell", "sarah.mitchell@example.com"),
    ("James Walker", "james.walker@example.com"),
    ("Emma Thompson", "emma.thompson@example.com"),
    ("Oliver Hayes", "oliver.hayes@example.com"),
    ("Sophie Turner", "sophie.turner@example.com"),
    ("Liam Foster", "liam.foster@example.com"),
    ("Charlotte Reed", "c.reed@example.com"),
    ("Noah Patel", "noah.patel@example.com"),
    ("Amelia Clarke", "amelia.clarke@example.com"),
    ("Ethan Price", "ethan.price@example.com"),
    ("Grace Morgan", "grace.morgan@example.com"),
    ("Lucas Ward", "lucas.ward@example.com"),
    ("Chloe Bailey", "chloe.bailey@example.com"),
    ("Henry Collins", "henry.collins@example.com"),
    ("Isabella Murphy", "isabella.murphy@example.com"),
    ("Jack Robinson", "jrobinson@example.com"),
    ("Mia Cooper", "mia.cooper@example.com"),
    ("Samuel Green", "sam.green@example.com"),
    ("Lily Parker", "lily.parker@example.com"),
    ("Benjamin Scott", "ben.scott@example.com"),
    ("Ava Richardson", "ava.richardson@example.com"),
    ("William Evans", "will.evans@example.com"),
    ("Hannah Lewis", "hannah.lewis@example.com"),
    ("George Wright", "george.wright@example.com"),
    ("Zoe Campbell", "zoe.campbell@example.com"),
)
CUSTOMERS_RU = (
    ("Иван Петров", "ivan.petrov@example.ru"),
    ("Мария Иванова", "maria.ivanova@example.ru"),
    ("Алексей Волков", "alexey.volkov@example.ru"),
    ("Екатерина Морозова", "ekaterina.morozova@example.ru"),
    ("Сергей Новиков", "sergey.novikov@example.ru"),
    ("Ольга Лебедева", "olga.lebedeva@example.ru"),
    ("Андрей Козлов", "andrey.kozlov@example.ru"),
    ("Татьяна Павлова", "tatiana.pavlova@example.ru"),
    ("Николай Фёдоров", "nikolay.fedorov@example.ru"),
    ("Наталья Егорова", "natalia.egorova@example.ru"),
    ("Михаил Орлов", "m.orlov@example.ru"),
    ("Юлия Соловьёва", "yulia.solovyova@example.ru"),
    ("Павел Васильев", "pavel.vasiliev@example.ru"),
    ("Ирина Зайцева", "irina.zaitseva@example.ru"),
    ("Артём Семёнов", "artem.semenov@example.ru"),
    ("Светлана Голубева", "s.golubeva@example.ru"),
    ("Роман Виноградов", "roman.vinogradov@example.ru"),
    ("Анастасия Богданова", "anastasia.bogdanova@example.ru"),
    ("Владимир Крылов", "v.krylov@example.ru"),
    ("Елена Макарова", "elena.makarova@example.ru"),
    ("Денис Никитин", "denis.nikitin@example.ru"),
    ("Ксения Андреева", "ksenia.andreeva@example.ru"),
    ("Игорь Захаров", "igor.zakharov@example.ru"),
    ("Дарья Белова", "daria.belova@example.ru"),
    ("Максим Тихонов", "maxim.tikhonov@example.ru"),
)


class Topic(NamedTuple):
    """One kind of request: (subject, body) per language and the tags an agent gives it.
    Bodies may use the placeholders of ``FILLERS``."""

    tags: tuple[str, ...]
    en: tuple[str, str]
    ru: tuple[str, str]


TOPICS: dict[str, tuple[Topic, ...]] = {
    "access": (
        Topic(
            ("password-reset",),
            (
                "Password reset e-mail never arrives",
                "I've requested a password reset link three times this morning, but nothing "
                "arrives in my inbox, and it isn't in spam either. I need to get into my account "
                "before a client meeting this afternoon. Could you help?",
            ),
            (
                "Не приходит письмо для сброса пароля",
                "Ссылку для сброса пароля запрашиваю уже третий раз за утро, но письмо так и не "
                "пришло — ни во «Входящих», ни в спаме. Очень нужно зайти в аккаунт до встречи "
                "с клиентом. Помогите, пожалуйста.",
            ),
        ),
        Topic(
            ("2fa", "locked-out"),
            (
                "Lost my phone, can't pass two-factor authentication",
                "My phone was stolen over the weekend and the authenticator app with it. I know "
                "my password, but the login page keeps asking for the 6-digit code and I don't "
                "have the backup codes. What do I need to do to get back in?",
            ),
            (
                "Потерян телефон, не получается пройти двухфакторную аутентификацию",
                "На выходных украли телефон, а вместе с ним и приложение-аутентификатор. Пароль "
                "известен, но при входе система требует шестизначный код, а резервных кодов нет. "
                "Что нужно сделать, чтобы восстановить доступ?",
            ),
        ),
        Topic(
            ("locked-out",),
            (
                "Account locked after too many login attempts",
                'I mistyped my password a few times and now I see "Your account is temporarily '
                "locked\". It's been over an hour and it is still locked. Can you unlock it?",
            ),
            (
                "Аккаунт заблокирован после нескольких попыток входа",
                "После нескольких неудачных попыток входа появилось сообщение «Аккаунт временно "
                "заблокирован». Прошло больше часа, а войти по-прежнему нельзя. Можно ли снять "
                "блокировку?",
            ),
        ),
        Topic(
            ("email-change",),
            (
                "How do I change the e-mail address of my account?",
                "My old company address will stop working soon and I need to move my login to a "
                "new e-mail. On the profile page the e-mail field is greyed out. How can I change "
                "it without losing my data?",
            ),
            (
                "Как сменить адрес электронной почты в аккаунте?",
                "Старый рабочий адрес скоро перестанет работать, и нужно перенести вход на новую "
                "почту. В профиле поле e-mail недоступно для редактирования. Как сменить адрес, "
                "не потеряв данные?",
            ),
        ),
        Topic(
            ("sso",),
            (
                "Can't sign in with Google any more",
                'Since yesterday the "Sign in with Google" button takes me back to the login '
                'page with the error "account not linked". Nothing changed on our side and my '
                "colleagues can still sign in.",
            ),
            (
                "Не получается войти через Google",
                "Со вчерашнего дня кнопка «Войти через Google» возвращает на страницу входа с "
                "ошибкой «Аккаунт не привязан». С нашей стороны ничего не менялось, у коллег "
                "вход работает.",
            ),
        ),
        Topic(
            ("permissions",),
            (
                "New colleague can't see our projects",
                "We invited a new colleague to our workspace yesterday. She accepted the "
                "invitation and can sign in, but her project list is empty. What permission are "
                "we missing?",
            ),
            (
                "Новый сотрудник не видит проекты компании",
                "Вчера пригласили нового сотрудника в рабочее пространство. Приглашение принято, "
                "вход работает, но список проектов у него пустой. Каких прав не хватает?",
            ),
        ),
    ),
    "bug": (
        Topic(
            ("export", "bug"),
            (
                "CSV export is empty",
                "When I export the monthly report to CSV, the file downloads but contains only "
                "the header row. The same report shows 240 rows on screen. It worked fine last "
                "week. I'm using {browser}.",
            ),
            (
                "Выгрузка в CSV приходит пустой",
                "При выгрузке месячного отчёта в CSV файл скачивается, но в нём только строка "
                "заголовков. На экране в том же отчёте 240 строк. На прошлой неделе всё "
                "работало. Браузер — {browser}.",
            ),
        ),
        Topic(
            ("mobile-app", "crash"),
            (
                "Mobile app crashes on start",
                "After updating the app on my {device} this morning, it closes right after the "
                "splash screen. I've restarted the phone and reinstalled the app: same result.",
            ),
            (
                "Мобильное приложение вылетает при запуске",
                "После сегодняшнего обновления приложение на {device} закрывается сразу после "
                "заставки. Телефон перезагружали, приложение переустанавливали — результат тот "
                "же.",
            ),
        ),
        Topic(
            ("notifications",),
            (
                "Not receiving e-mail notifications",
                "For about a week I haven't received any notifications about new comments or "
                "assigned tasks, although they are switched on in my settings. Other e-mails "
                "from you, like the newsletter, do arrive.",
            ),
            (
                "Не приходят уведомления на почту",
                "Уже около недели не приходят уведомления о новых комментариях и назначенных "
                "задачах, хотя в настройках они включены. При этом другие письма от вас, "
                "например рассылка, доходят.",
            ),
        ),
        Topic(
            ("performance",),
            (
                "Dashboard takes a minute to load",
                "The main dashboard has become extremely slow: it takes 40 to 60 seconds to "
                "load and sometimes times out. Other pages are fine. This started two days ago.",
            ),
            (
                "Дашборд загружается больше минуты",
                "Главный дашборд стал открываться очень медленно: 40–60 секунд, а иногда и вовсе "
                "выдаёт ошибку по таймауту. Остальные страницы работают нормально. Началось это "
                "два дня назад.",
            ),
        ),
        Topic(
            ("calendar", "bug"),
            (
                "Wrong times in the calendar",
                "All events in the calendar are shown three hours earlier than they should be. "
                "The time zone in my profile is set correctly, so it looks like the calendar "
                "ignores it.",
            ),
            (
                "В календаре неправильное время",
                "Все события в календаре отображаются на три часа раньше, чем должны. Часовой "
                "пояс в профиле указан верно — похоже, календарь его не учитывает.",
            ),
        ),
        Topic(
            ("attachments", "bug"),
            (
                "Error 500 when uploading a file",
                'Every time I try to attach a PDF of about 4 MB to a project I get "Something '
                'went wrong (500)". Small images upload fine. Browser: {browser}.',
            ),
            (
                "Ошибка 500 при загрузке файла",
                "При попытке прикрепить к проекту PDF размером около 4 МБ каждый раз появляется "
                "«Что-то пошло не так (500)». Небольшие картинки загружаются без проблем. "
                "Браузер — {browser}.",
            ),
        ),
    ),
    "howto": (
        Topic(
            ("integrations", "calendar"),
            (
                "How do I connect the calendar to Outlook?",
                "We use Outlook for all our meetings. Is there a way to see our project "
                "deadlines in Outlook, ideally synced both ways?",
            ),
            (
                "Как подключить календарь к Outlook?",
                "Все встречи у нас в Outlook. Можно ли видеть там сроки по проектам, в идеале с "
                "двусторонней синхронизацией?",
            ),
        ),
        Topic(
            ("reports",),
            (
                "Can I get a weekly report by e-mail?",
                "Our director would like to receive the project status report every Monday "
                "morning by e-mail, without logging in. Is that possible?",
            ),
            (
                "Можно ли получать отчёт на почту раз в неделю?",
                "Руководитель хочет каждый понедельник утром получать на почту отчёт о статусе "
                "проектов, не заходя в систему. Это можно настроить?",
            ),
        ),
        Topic(
            ("users",),
            (
                "Removing a former employee from the workspace",
                "One of our employees has left the company. How do we remove him from the "
                "workspace, and what happens to the tasks assigned to him?",
            ),
            (
                "Как удалить уволившегося сотрудника",
                "Один из сотрудников уволился. Как удалить его из рабочего пространства и что "
                "будет с задачами, которые на него назначены?",
            ),
        ),
        Topic(
            ("api",),
            (
                "Where do I find my API key?",
                "Our developer wants to connect our internal system to your API. Where can we "
                "create an API key, and is there a rate limit we should know about?",
            ),
            (
                "Где взять ключ API?",
                "Наш разработчик хочет подключить внутреннюю систему к вашему API. Где создать "
                "ключ API и есть ли ограничения на число запросов?",
            ),
        ),
        Topic(
            ("import",),
            (
                "Importing contacts from Excel",
                "We have about 3,000 client contacts in an Excel file. Can we import them in one "
                "go? Which columns does the import expect?",
            ),
            (
                "Импорт контактов из Excel",
                "Около 3000 контактов клиентов хранятся в Excel. Можно ли загрузить их разом? "
                "Какие столбцы нужны для импорта?",
            ),
        ),
        Topic(
            ("data-export",),
            (
                "How do we export all our data?",
                "For our annual audit we need a full copy of our workspace data: projects, tasks "
                "and comments. Is there a complete export?",
            ),
            (
                "Как выгрузить все наши данные?",
                "Для ежегодного аудита нужна полная копия данных рабочего пространства: проекты, "
                "задачи и комментарии. Есть ли полная выгрузка?",
            ),
        ),
    ),
    "invoices": (
        Topic(
            ("invoice",),
            (
                "Need a corrected invoice with our VAT number",
                "Invoice {invoice} was issued without our company's VAT number, so our "
                "accounting department can't accept it. Could you reissue it? VAT number: "
                "GB 123 4567 89.",
            ),
            (
                "Нужен исправленный счёт с нашими реквизитами",
                "В счёте {invoice} не указаны ИНН и КПП нашей организации, бухгалтерия не может "
                "его принять. Пожалуйста, перевыставьте счёт. ИНН 7701234567, КПП 770101001.",
            ),
        ),
        Topic(
            ("payment-failed",),
            (
                "Card payment declined",
                "I'm trying to pay for the annual plan, but the card ending in {card} is declined "
                "every time. The bank says there are no restrictions on their side.",
            ),
            (
                "Не проходит оплата картой",
                "Пытаюсь оплатить годовой тариф, но карта, оканчивающаяся на {card}, каждый раз "
                "отклоняется. В банке говорят, что с их стороны ограничений нет.",
            ),
        ),
        Topic(
            ("invoice", "bank-transfer"),
            (
                "Can we pay by bank transfer?",
                "Our company policy doesn't allow card payments. Can you send us an invoice for "
                "the annual plan that we can pay by bank transfer?",
            ),
            (
                "Можно ли оплатить по безналичному расчёту?",
                "Политика компании не позволяет платить картой. Можно ли выставить счёт на "
                "годовой тариф для оплаты по безналичному расчёту?",
            ),
        ),
        Topic(
            ("invoice",),
            (
                "Where can I download past invoices?",
                "Our accountant needs the invoices for the last quarter. I can only see the "
                "latest one, {invoice}, in the billing section. Where are the older ones?",
            ),
            (
                "Где скачать закрывающие документы за прошлые месяцы?",
                "Бухгалтерии нужны акты и счета за прошлый квартал. В разделе оплаты виден "
                "только последний счёт {invoice}. Где найти остальные?",
            ),
        ),
        Topic(
            ("plan-change",),
            (
                "Upgrading to the Business plan mid-month",
                "We'd like to upgrade from Team to Business today. Will we be charged the full "
                "price or only for the rest of the month? And will the next invoice change?",
            ),
            (
                "Переход на тариф «Бизнес» в середине месяца",
                "Хотим сегодня перейти с тарифа «Команда» на «Бизнес». Спишут полную стоимость "
                "или только за оставшиеся дни месяца? И изменится ли следующий счёт?",
            ),
        ),
    ),
    "refunds": (
        Topic(
            ("double-charge", "refund"),
            (
                "Charged twice this month",
                "My bank statement shows two charges of {amount} on the same day for the monthly "
                "subscription. Please check and refund the duplicate.",
            ),
            (
                "Деньги списаны дважды",
                "В выписке по карте два списания по {amount} в один день за ежемесячную "
                "подписку. Проверьте, пожалуйста, и верните лишнее.",
            ),
        ),
        Topic(
            ("refund", "cancellation"),
            (
                "Refund after cancelling the subscription",
                "I cancelled our subscription two days after it renewed, but {amount} was still "
                "charged. We no longer use the service. Could we get a refund?",
            ),
            (
                "Возврат денег после отмены подписки",
                "Подписку отменили через два дня после автопродления, но {amount} всё равно "
                "списали. Сервисом больше не пользуемся. Можно вернуть деньги?",
            ),
        ),
        Topic(
            ("refund",),
            (
                "Refund hasn't arrived yet",
                "Your colleague confirmed a refund of {amount} ten days ago, but nothing has "
                "reached my card ending in {card} yet. Can you check the status?",
            ),
            (
                "Возврат так и не поступил",
                "Десять дней назад ваш коллега подтвердил возврат {amount}, но на карту, "
                "оканчивающуюся на {card}, деньги так и не пришли. Проверьте, пожалуйста, статус.",
            ),
        ),
        Topic(
            ("refund", "seats"),
            (
                "Charged for users we removed",
                "We removed five users from our workspace last month, but invoice {invoice} still "
                "charges for 25 seats instead of 20. Please refund the difference.",
            ),
            (
                "Списали оплату за удалённых пользователей",
                "В прошлом месяце удалили пятерых пользователей, но в счёте {invoice} по-прежнему "
                "25 мест вместо 20. Верните, пожалуйста, разницу.",
            ),
        ),
        Topic(
            ("refund", "trial"),
            (
                "Charged after the free trial without warning",
                "I signed up for the free trial to test the app and forgot to cancel. Today "
                "{amount} was charged without any reminder e-mail. I haven't used the paid plan "
                "and would like a refund.",
            ),
            (
                "Списание после пробного периода без предупреждения",
                "Оформляли пробный период, чтобы протестировать сервис, и забыли его отменить. "
                "Сегодня списали {amount}, хотя письма-напоминания не было. Платным тарифом не "
                "пользовались — верните, пожалуйста, деньги.",
            ),
        ),
    ),
}

# Values for the placeholders in topic bodies, per language.
FILLERS = {
    "en": {
        "amount": ("$19.00", "$29.00", "$49.00", "$99.00", "$149.00", "$290.00"),
        "invoice": ("INV-10452", "INV-10977", "INV-11318", "INV-11846", "INV-12203"),
        "card": ("4417", "0921", "7735", "5502", "3189"),
        "browser": ("Chrome 131", "Firefox 133", "Safari 18", "Edge 131"),
        "device": ("iPhone 13", "Pixel 8", "Samsung Galaxy S23", "iPad Air"),
    },
    "ru": {
        "amount": ("1 490 ₽", "2 990 ₽", "4 900 ₽", "9 900 ₽", "14 900 ₽"),
        "invoice": ("№ 10452", "№ 10977", "№ 11318", "№ 11846", "№ 12203"),
        "card": ("4417", "0921", "7735", "5502", "3189"),
        "browser": ("Яндекс Браузер 24", "Chrome 131", "Firefox 133", "Safari 18"),
        "device": ("iPhone 13", "Xiaomi Redmi Note 12", "Samsung Galaxy A54", "Honor X8"),
    },
}

# How messages are framed; chat and social media messages go out as they are.
CUSTOMER_LETTER = {
    "en": "Hello,\n\n{text}\n\n{signoff},\n{name}",
    "ru": "Здравствуйте!\n\n{text}\n\n{signoff},\n{name}",
}
CUSTOMER_SIGNOFFS = {
    "en": ("Thanks", "Best regards", "Kind regards"),
    "ru": ("Спасибо", "С уважением"),
}
PHONE_NOTE = {
    "en": "(Logged during a phone call with the customer.)\n\n{text}",
    "ru": "(Записано со слов клиента во время телефонного звонка.)\n\n{text}",
}
AGENT_LETTER = {
    "en": "Hi {name},\n\n{text}\n\nBest regards,\n{agent}\nCustomer support",
    "ru": "Здравствуйте, {name}!\n\n{text}\n\nС уважением,\n{agent}\nСлужба поддержки",
}

# The first agent reply, per category: it acknowledges and asks for what the agent needs.
FIRST_REPLIES = {
    "access": {
        "en": (
            "Thanks for reaching out. For security reasons I need to confirm that you own the "
            "account: could you reply from the e-mail address registered on it and tell me the "
            "name of your workspace?",
            "Sorry for the trouble signing in. I can see your recent login attempts on our side. "
            "Which browser do you use, and what exactly does the error message say?",
        ),
        "ru": (
            "Спасибо за обращение. В целях безопасности нужно убедиться, что аккаунт "
            "принадлежит вам: ответьте, пожалуйста, с адреса, на который он зарегистрирован, и "
            "укажите название рабочего пространства.",
            "Сожалеем о проблемах со входом. Мы видим последние попытки входа в ваш аккаунт. "
            "Подскажите, пожалуйста, каким браузером вы пользуетесь и какой текст у ошибки?",
        ),
    },
    "bug": {
        "en": (
            "Thank you for the detailed report. I'm trying to reproduce it on our side. Could "
            "you send a screenshot and the approximate time it last happened?",
            "Thanks for letting us know. Could you clear the browser cache (or reinstall the "
            "app) and tell me whether the problem is still there? If it is, a screenshot would "
            "help a lot.",
        ),
        "ru": (
            "Спасибо за подробное описание. Пытаемся воспроизвести проблему у себя. Пришлите, "
            "пожалуйста, скриншот и примерное время, когда это случилось в последний раз.",
            "Спасибо, что сообщили. Попробуйте, пожалуйста, очистить кэш браузера (или "
            "переустановить приложение) и напишите, сохранилась ли проблема. Если да — очень "
            "поможет скриншот.",
        ),
    },
    "howto": {
        "en": (
            "Good question. This is set up under Settings → Workspace. Which plan are you on? "
            "Some of these options are only available on the Business plan, and I'd like to give "
            "you the right steps.",
            "Thanks for your question. I'll check how this works for your workspace and come "
            "back with step-by-step instructions. Just to confirm: are you an administrator of "
            "the workspace?",
        ),
        "ru": (
            "Хороший вопрос. Это настраивается в разделе «Настройки → Рабочее пространство». "
            "Подскажите, пожалуйста, какой у вас тариф? Часть функций доступна только на "
            "тарифе «Бизнес», и хочется дать точную инструкцию.",
            "Спасибо за вопрос. Уточним, как это работает в вашем рабочем пространстве, и "
            "пришлём пошаговую инструкцию. Подтвердите, пожалуйста: у вас права администратора?",
        ),
    },
    "invoices": {
        "en": (
            "Thanks for contacting billing. I've found your account. Could you confirm the "
            "company name and the invoice number (or the date of the payment)?",
            "Thank you for your message. I'm checking this with our payment provider now. "
            "Could you tell me the date and time of the attempt and the error you saw?",
        ),
        "ru": (
            "Спасибо за обращение в отдел биллинга. Аккаунт нашли. Подтвердите, пожалуйста, "
            "название организации и номер счёта (или дату оплаты).",
            "Спасибо за сообщение. Уже проверяем ситуацию вместе с платёжным провайдером. "
            "Подскажите, пожалуйста, дату и время попытки оплаты и текст ошибки.",
        ),
    },
    "refunds": {
        "en": (
            "Thanks for reaching out, and sorry about this. I can see the charge on our side. "
            "To process a refund I need the last four digits of the card and the date of the "
            "charge as it appears on your statement.",
            "Thank you for your message. I'm going through the payment history of your account. "
            "Could you confirm which charge you'd like refunded (date and amount)?",
        ),
        "ru": (
            "Спасибо за обращение, приносим извинения за неудобства. Мы видим это списание. "
            "Для оформления возврата нужны последние четыре цифры карты и дата списания, как в "
            "выписке.",
            "Спасибо за сообщение. Проверяем историю платежей вашего аккаунта. Уточните, "
            "пожалуйста, какое списание нужно вернуть (дата и сумма)?",
        ),
    },
}

# The reply that solves the ticket, per category.
SOLUTIONS = {
    "access": {
        "en": (
            "Thanks for confirming. I've reset the sign-in settings of your account: you can log "
            "in with your password now and set up two-factor authentication again under "
            "Settings → Security. Please keep the new backup codes somewhere safe.",
            "Your account is unlocked and the permissions are fixed. Please try signing in "
            "again; it should work now. If it doesn't, just reply to this message.",
        ),
        "ru": (
            "Спасибо за подтверждение. Настройки входа сброшены: теперь можно войти по паролю "
            "и заново подключить двухфакторную аутентификацию в разделе «Настройки → "
            "Безопасность». Сохраните, пожалуйста, новые резервные коды в надёжном месте.",
            "Блокировка снята, права доступа исправлены. Попробуйте, пожалуйста, войти ещё раз — "
            "всё должно работать. Если нет, просто ответьте на это письмо.",
        ),
    },
    "bug": {
        "en": (
            "Good news: our developers found the cause and released a fix this morning. Please "
            "refresh the page (or update the app) and check again. Thanks for your patience and "
            "the detailed report!",
            "Thanks for the details. The problem came from a setting in your workspace, which "
            "I've corrected. Everything should work as expected now; let me know if you see it "
            "again.",
        ),
        "ru": (
            "Хорошие новости: разработчики нашли причину и сегодня утром выпустили исправление. "
            "Обновите, пожалуйста, страницу (или приложение) и проверьте ещё раз. Спасибо за "
            "терпение и подробное описание!",
            "Спасибо за подробности. Проблема была в одной из настроек вашего рабочего "
            "пространства — мы её исправили. Теперь всё должно работать, а если ошибка "
            "повторится, напишите нам.",
        ),
    },
    "howto": {
        "en": (
            "Here are the steps: 1) open Settings → Workspace; 2) choose the section you need; "
            "3) save. The change applies to all members right away. I've also sent you the help "
            "center article with screenshots.",
            "I've checked: this is available on your plan. You'll find it under Settings → "
            "Integrations; after you connect, the first sync takes about 15 minutes. Let me know "
            "if you need anything else!",
        ),
        "ru": (
            "Порядок действий такой: 1) откройте «Настройки → Рабочее пространство»; "
            "2) выберите нужный раздел; 3) сохраните изменения. Настройка сразу применится ко "
            "всем участникам. Также отправили ссылку на статью справочного центра со "
            "скриншотами.",
            "Проверили: на вашем тарифе эта функция доступна. Она находится в разделе "
            "«Настройки → Интеграции»; после подключения первая синхронизация занимает около "
            "15 минут. Если понадобится что-то ещё — пишите!",
        ),
    },
    "invoices": {
        "en": (
            "I've reissued the invoice with the corrected details. You'll find it under "
            "Settings → Billing → Invoices, and a copy is on its way to your billing e-mail.",
            "The payment has gone through and your plan is active. The receipt is under "
            "Settings → Billing. Thank you!",
        ),
        "ru": (
            "Счёт перевыставлен с исправленными реквизитами: он доступен в разделе «Настройки → "
            "Оплата → Счета», копия также отправлена на ваш адрес для счетов.",
            "Оплата прошла, тариф активен. Чек и закрывающие документы доступны в разделе "
            "«Настройки → Оплата». Спасибо!",
        ),
    },
    "refunds": {
        "en": (
            "I've refunded the charge. Depending on your bank it takes 5 to 10 business days to "
            "show on your statement. Sorry again for the inconvenience.",
            "The refund was processed today. Our payment provider will send you a confirmation, "
            "and the money should be back on your card within a week.",
        ),
        "ru": (
            "Возврат оформлен. В зависимости от банка деньги поступят в течение 5–10 рабочих "
            "дней. Ещё раз приносим извинения за неудобства.",
            "Возврат проведён сегодня. Платёжный провайдер пришлёт письмо-подтверждение, деньги "
            "вернутся на карту в течение недели.",
        ),
    },
}

AGENT_FOLLOW_UPS = {
    "en": (
        "Thanks for the details, that helps. I've passed this on to the colleague who knows this "
        "area best and will update you as soon as I hear back.",
        "Thank you! One more thing: does this also happen for other members of your workspace?",
        "Got it, thanks. I've checked the logs on our side and can see what happened. I'm on it "
        "and will get back to you shortly.",
    ),
    "ru": (
        "Спасибо за подробности, это помогает. Передали вопрос коллеге, который лучше всех "
        "разбирается в этой теме, и сообщим, как только будет ответ.",
        "Спасибо! Ещё один вопрос: повторяется ли это у других участников вашего рабочего "
        "пространства?",
        "Понятно, спасибо. Проверили журналы на нашей стороне и видим, что произошло. Уже "
        "занимаемся и скоро вернёмся с ответом.",
    ),
}
CUSTOMER_FOLLOW_UPS = {
    "en": (
        "Sure, here are the details. It last happened today at around 10 am, and my colleagues "
        "have the same problem.",
        "I've tried what you suggested, but unfortunately nothing has changed.",
        "Any news on this? It's holding up our work.",
        "Yes, I'm the workspace administrator, and the account is registered to this address.",
    ),
    "ru": (
        "Да, вот подробности. Последний раз это случилось сегодня около 10 утра, у коллег та же "
        "проблема.",
        "Сделали, как вы советовали, но, к сожалению, ничего не изменилось.",
        "Есть ли новости? Это мешает нам работать.",
        "Да, у этой учётной записи права администратора, аккаунт зарегистрирован на этот адрес.",
    ),
}
ESCALATIONS = {
    GENERAL: {
        "en": "I've reproduced the problem and passed it to our engineering team. I'll keep this "
        "ticket on hold until they have a fix and will let you know right away.",
        "ru": "Проблему удалось воспроизвести, она передана разработчикам. Обращение пока "
        "приостановлено до выхода исправления — сразу сообщим, как только оно появится.",
    },
    BILLING: {
        "en": "I've forwarded this to our finance team, who need to confirm it with the bank. "
        "This usually takes a few business days; I'll update you as soon as I hear back.",
        "ru": "Вопрос передан в финансовый отдел: нужно подтверждение от банка. Обычно это "
        "занимает несколько рабочих дней — сообщим, как только получим ответ.",
    },
}
REOPENINGS = {
    "en": ("Unfortunately the problem is back this morning. Could you take another look?",),
    "ru": (
        "К сожалению, сегодня утром проблема появилась снова. Посмотрите, пожалуйста, ещё раз.",
    ),
}
RETURNS_AFTER_CLOSE = {
    "en": (
        "Hello again, the same thing happened once more today. Could you check it?",
        "Hi, a related question about this: do I need to do anything else on my side?",
    ),
    "ru": (
        "Здравствуйте ещё раз! Сегодня ситуация повторилась. Проверьте, пожалуйста.",
        "Добрый день! Вопрос по той же теме: нужно ли что-то сделать с нашей стороны?",
    ),
}

# Internal notes are written in the agent's own language.
ON_HOLD_NOTES = {
    GENERAL: {
        "en": "Escalated to engineering (see the bug tracker). Waiting for the fix before we "
        "reply.",
        "ru": "Передали разработчикам (см. баг-трекер). Ждём исправления, прежде чем отвечать.",
    },
    BILLING: {
        "en": "Waiting for finance to confirm with the payment provider.",
        "ru": "Ждём подтверждения от финансового отдела и платёжного провайдера.",
    },
}
INTERNAL_NOTES = {
    "en": (
        "Customer is on the Business plan and renews next month; let's handle this carefully.",
        "Checked the logs: same error as in two other tickets this week.",
        "Called the customer; they confirmed the details by phone.",
    ),
    "ru": (
        "Клиент на тарифе «Бизнес», продление в следующем месяце — стоит отнестись внимательно.",
        "Проверили логи: та же ошибка, что и в двух других обращениях на этой неделе.",
        "Созвонились с клиентом, детали подтверждены по телефону.",
    ),
}
MANAGER_NOTES = {
    "en": "Important customer: raising the priority. Please keep me posted on this one.",
    "ru": "Важный клиент — повышаем приоритет. Держите меня, пожалуйста, в курсе.",
}

# What customers write with their survey answers (tickets.management.demo_metrics), by mood:
# "bad" for CSAT 1-2 / NPS 0-6, "mixed" for CSAT 3 / NPS 7-8, "good" for the rest.
CSAT_COMMENTS = {
    "bad": {
        "en": (
            "It took days to get a real answer, and I had to explain everything twice.",
            "The problem is still not fixed, but the request was marked as solved.",
            "Nobody replied for a whole day although this was urgent for us.",
        ),
        "ru": (
            "Ответа по существу пришлось ждать несколько дней, и всё объяснять дважды.",
            "Проблема так и не решена, а обращение закрыли как решённое.",
            "Целый день никто не отвечал, хотя вопрос был срочный.",
        ),
    },
    "mixed": {
        "en": (
            "Solved in the end, but it took longer than I expected.",
            "Helpful answer, though I had to chase it.",
        ),
        "ru": (
            "В итоге решили, но дольше, чем хотелось бы.",
            "Ответ помог, но пришлось напоминать о себе.",
        ),
    },
    "good": {
        "en": (
            "Quick and clear, thank you!",
            "Fixed within the hour. Great support.",
            "Very friendly and to the point.",
        ),
        "ru": (
            "Быстро и понятно, спасибо!",
            "Всё починили в течение часа. Отличная поддержка.",
            "Очень вежливо и по делу.",
        ),
    },
}
NPS_REASONS = {
    "bad": {
        "en": (
            "Support is slow to answer, and that costs us time every week.",
            "Too many problems this month and slow replies.",
        ),
        "ru": (
            "Поддержка отвечает медленно, и это каждую неделю стоит нам времени.",
            "Слишком много проблем в этом месяце и долгие ответы.",
        ),
    },
    "mixed": {
        "en": (
            "The product is fine; support could be faster.",
            "Good overall, a few rough edges.",
        ),
        "ru": (
            "Сервис хороший, поддержка могла бы быть быстрее.",
            "В целом хорошо, есть шероховатости.",
        ),
    },
    "good": {
        "en": (
            "The support team answers fast and actually solves things.",
            "Reliable service and people who care.",
        ),
        "ru": (
            "Поддержка отвечает быстро и действительно решает вопросы.",
            "Надёжный сервис и внимательные люди.",
        ),
    },
}
