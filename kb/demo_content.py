"""The demo knowledge base of ``manage.py seed_demo``: categories, sections and articles in
English and Russian. Pure data; the command decides how to load it.

The product is the online service of the demo tickets (``tickets.management.demo_content``):
user accounts, a shared calendar, data export, notifications, paid plans with invoices. Most
articles exist in both languages and share a translation ``group``; some exist in one language
only, so that the language fallback can be shown, and a few are internal (agents only).

Bodies are Markdown. Links between articles are relative (``/kb/<language>/<slug>/``) and point
only to slugs of the same language in this file; ``related`` lists group keys. Russian texts
speak impersonally or in the plural, as in the demo tickets."""

from __future__ import annotations

from typing import NamedTuple


class Category(NamedTuple):
    key: str  # "sign-in", "billing", "calendar", "export", "notifications"
    name_en: str
    name_ru: str
    description_en: str  # one sentence
    description_ru: str


class Section(NamedTuple):
    key: str  # unique, e.g. "sign-in-passwords"
    category: str  # Category.key
    name_en: str
    name_ru: str


class Article(NamedTuple):
    group: str  # translation group: the English and Russian versions of one article share it
    section: str  # Section.key
    language: str  # "en" or "ru"
    title: str
    slug: str  # unique per language; Cyrillic words in Russian
    body: str  # Markdown
    internal: bool = False  # agents only
    related: tuple[str, ...] = ()  # group keys of related articles


CATEGORIES: tuple[Category, ...] = (
    Category(
        "sign-in",
        "Sign-in and account",
        "Вход и аккаунт",
        "Passwords, two-factor authentication, sign-in problems and the people in your workspace.",
        "Пароли, двухфакторная аутентификация, проблемы со входом и сотрудники компании.",
    ),
    Category(
        "billing",
        "Billing and invoices",
        "Оплата и счета",
        "Invoices, company details, payments, refunds and changes to your plan.",
        "Счета, реквизиты, платежи, возвраты и смена тарифа.",
    ),
    Category(
        "calendar",
        "Calendar",
        "Календарь",
        "Shared calendars, recurring events, time zones and sync with Outlook and Google.",
        "Общие календари, повторяющиеся события, часовые пояса и синхронизация с Outlook и Google.",
    ),
    Category(
        "export",
        "Data export",
        "Экспорт данных",
        "Getting your data out as CSV, Excel or iCal files, once or on a schedule.",
        "Выгрузка данных в файлы CSV, Excel и iCal — разово или по расписанию.",
    ),
    Category(
        "notifications",
        "Notifications",
        "Уведомления",
        "E-mail, push and digest notifications, and how to get fewer of them.",
        "Уведомления по почте, push-уведомления и ежедневная сводка — и как получать их меньше.",
    ),
)

SECTIONS: tuple[Section, ...] = (
    Section("sign-in-passwords", "sign-in", "Passwords and signing in", "Пароли и вход"),
    Section(
        "sign-in-security",
        "sign-in",
        "Two-factor authentication and security",
        "Двухфакторная аутентификация и безопасность",
    ),
    Section("sign-in-team", "sign-in", "Your account and team members", "Аккаунт и сотрудники"),
    Section("billing-invoices", "billing", "Invoices and company details", "Счета и реквизиты"),
    Section("billing-payments", "billing", "Payments and refunds", "Платежи и возвраты"),
    Section("billing-plans", "billing", "Plans and subscription", "Тарифы и подписка"),
    Section("calendar-basics", "calendar", "Events and sharing", "События и совместный доступ"),
    Section(
        "calendar-sync",
        "calendar",
        "Sync with Outlook, Google and Apple",
        "Синхронизация с Outlook, Google и Apple",
    ),
    Section(
        "calendar-troubleshooting",
        "calendar",
        "Calendar troubleshooting",
        "Решение проблем с календарём",
    ),
    Section("export-files", "export", "CSV, Excel and iCal files", "Файлы CSV, Excel и iCal"),
    Section(
        "export-advanced", "export", "Scheduled and large exports", "Регулярные и большие выгрузки"
    ),
    Section("notifications-email", "notifications", "E-mail notifications", "Уведомления по почте"),
    Section(
        "notifications-push",
        "notifications",
        "Push notifications and muting",
        "Push-уведомления и отключение уведомлений",
    ),
)

ARTICLES: tuple[Article, ...] = (
    # sign-in-passwords
    Article(
        group="reset-password",
        section="sign-in-passwords",
        language="en",
        title="Reset a forgotten password",
        slug="reset-a-forgotten-password",
        body="""\
If you can't remember your password, you can reset it yourself in a couple of minutes. Resetting
the password doesn't affect your data, calendars or settings.

## Request a reset link

1. Open the sign-in page and click **Forgot password?**.
2. Enter the e-mail address you sign in with and click **Send reset link**.
3. Open the e-mail from us and click **Choose a new password**.
4. Enter the new password twice and click **Save**.

You're signed in automatically as soon as the new password is saved. The reset link works for 60
minutes and only once; if it has expired, simply request a new one.

## Choosing a good password

- Use at least 10 characters.
- Don't reuse a password from another service.
- A phrase of four or five unrelated words is easier to remember than a random string and just as
  hard to guess.

## What happens to your other sessions

After resetting your password, we sign you out on all other devices and in the mobile app. That
way, if someone else knew the old password, they lose access straight away. Sign in again on your
other devices with the new password.

## The e-mail doesn't arrive

Wait a few minutes and check your spam folder. If the message isn't there either, our e-mails
may be filtered on the way: see
[Notifications end up in spam](/kb/en/notifications-end-up-in-spam/). If your account uses
two-factor authentication, you'll still be asked for a code after resetting the password.""",
        related=("change-password", "reset-email-not-arriving", "account-locked"),
    ),
    Article(
        group="reset-password",
        section="sign-in-passwords",
        language="ru",
        title="Сброс забытого пароля",
        slug="сброс-забытого-пароля",
        body="""\
Если пароль забыт, его можно сбросить самостоятельно за пару минут. Сброс пароля не затрагивает
данные, календари и настройки аккаунта.

## Как получить ссылку для сброса

1. Откройте страницу входа и нажмите **Забыли пароль?**.
2. Введите адрес электронной почты, с которым входите в сервис, и нажмите **Отправить ссылку**.
3. Откройте наше письмо и нажмите **Задать новый пароль**.
4. Дважды введите новый пароль и нажмите **Сохранить**.

Сразу после сохранения вход выполняется автоматически. Ссылка для сброса действует 60 минут и
срабатывает только один раз. Если срок истёк, просто запросите новую.

## Каким должен быть новый пароль

- Не короче 10 символов.
- Не совпадает с паролем от другого сервиса.
- Фразу из четырёх-пяти не связанных между собой слов запомнить легче, чем случайный набор
  символов, а подобрать так же трудно.

## Что происходит с другими сеансами

После сброса пароля мы завершаем все сеансы на других устройствах и в мобильном приложении. Если
старый пароль был известен кому-то ещё, этот человек сразу теряет доступ. На остальных устройствах
войдите заново — уже с новым паролем.

## Письмо не приходит

Подождите несколько минут и проверьте папку «Спам». Если письма нет и там, возможно, наши
письма задерживает почтовый фильтр: см.
[Уведомления попадают в спам](/kb/ru/уведомления-попадают-в-спам/). Если в аккаунте включена
двухфакторная аутентификация, после сброса пароля по-прежнему потребуется код.""",
        related=("change-password", "account-locked"),
    ),
    Article(
        group="change-password",
        section="sign-in-passwords",
        language="en",
        title="Change your password",
        slug="change-your-password",
        body="""\
If you know your current password and want to replace it, for example because you used it
somewhere else or a colleague saw it, you can change it in your settings.

## Change the password

1. Click your avatar in the top right corner and open **Settings → Security**.
2. In the **Password** block, click **Change password**.
3. Enter your current password, then the new one twice.
4. Click **Save**.

The new password works immediately. Other devices stay signed in unless you tick **Sign out on all
other devices**. We recommend ticking it if someone else may know the old password.

## Password requirements

- At least 10 characters.
- Different from your last three passwords.
- Not your e-mail address or the name of your workspace.

## If you signed up with Google

Accounts created with **Sign in with Google** don't have a password of their own. To add one,
click **Set a password** in the same block; after that you can sign in either way.

## Forgot the current password?

You can't change the password without the current one, but you can reset it: see
[Reset a forgotten password](/kb/en/reset-a-forgotten-password/).

Workspace administrators can also require two-factor authentication for all members: see
[Set up two-factor authentication](/kb/en/set-up-two-factor-authentication/).""",
        related=("reset-password", "two-factor-setup"),
    ),
    Article(
        group="change-password",
        section="sign-in-passwords",
        language="ru",
        title="Смена пароля",
        slug="смена-пароля",
        body="""\
Если текущий пароль известен, но его нужно заменить — например, он использовался где-то ещё или
его увидел коллега, — поменять его можно в настройках.

## Как сменить пароль

1. Нажмите на аватар в правом верхнем углу и откройте **Настройки → Безопасность**.
2. В блоке **Пароль** нажмите **Сменить пароль**.
3. Введите текущий пароль, а затем дважды — новый.
4. Нажмите **Сохранить**.

Новый пароль начинает действовать сразу. Сеансы на других устройствах сохраняются, если не
отметить пункт **Выйти на всех остальных устройствах**. Советуем отметить его, если старый пароль
мог стать известен кому-то ещё.

## Требования к паролю

- Не короче 10 символов.
- Не совпадает ни с одним из трёх предыдущих паролей.
- Не совпадает с адресом почты или названием рабочего пространства.

## Если регистрация была через Google

У аккаунтов, созданных через **Войти через Google**, собственного пароля нет. Чтобы его добавить,
нажмите **Задать пароль** в том же блоке — после этого входить можно будет обоими способами.

## Текущий пароль забыт

Без текущего пароля сменить его не получится, но его можно сбросить: см.
[Сброс забытого пароля](/kb/ru/сброс-забытого-пароля/).

Администраторы рабочего пространства также могут сделать двухфакторную аутентификацию
обязательной для всех участников: см.
[Настройка двухфакторной аутентификации](/kb/ru/настройка-двухфакторной-аутентификации/).""",
        related=("reset-password", "two-factor-setup"),
    ),
    Article(
        group="sign-in-link",
        section="sign-in-passwords",
        language="en",
        title="Sign in with an e-mail link",
        slug="sign-in-with-an-email-link",
        body="""\
Instead of typing a password, you can ask us to send a one-time sign-in link to your e-mail
address. It's handy on a new computer, and when you simply don't want to remember one more
password.

## How to sign in with a link

1. On the sign-in page, enter your e-mail address.
2. Click **E-mail me a sign-in link** instead of entering the password.
3. Open the message from us and click **Sign in**.

The session opens in the browser where you click the link, so open the e-mail on the device you're
going to work on.

## Good to know

- A link is valid for 15 minutes and works only once.
- Requesting a new link cancels the previous one, so always use the latest e-mail.
- If two-factor authentication is on, you'll still be asked for a code after clicking the link.
- Administrators can turn link sign-in off for the whole workspace: in **Settings → Workspace →
  Security**, set **Sign-in methods** to `Password only`.

## "This link has expired"

Usually this means the link has already been opened, for example by a mail security scanner that
checks links before the message reaches your inbox, or that a newer link was requested after it.
Request a new link and click it right away. If it keeps happening, ask your IT team to add our
domain to the mail filter's exceptions.

If the e-mail doesn't arrive at all, go through the checks in
[Notifications end up in spam](/kb/en/notifications-end-up-in-spam/): they apply to sign-in
links too.""",
        related=("reset-password", "notifications-spam"),
    ),
    Article(
        group="sign-in-link",
        section="sign-in-passwords",
        language="ru",
        title="Вход по ссылке из письма",
        slug="вход-по-ссылке-из-письма",
        body="""\
Вместо ввода пароля можно запросить одноразовую ссылку для входа на свою почту. Это удобно на
новом компьютере — и просто когда не хочется запоминать ещё один пароль.

## Как войти по ссылке

1. На странице входа введите адрес электронной почты.
2. Вместо ввода пароля нажмите **Прислать ссылку для входа**.
3. Откройте наше письмо и нажмите **Войти**.

Сеанс откроется в том браузере, в котором нажата ссылка, поэтому открывайте письмо на том
устройстве, где собираетесь работать.

## Что важно знать

- Ссылка действует 15 минут и срабатывает только один раз.
- Новый запрос отменяет предыдущую ссылку, поэтому используйте письмо, пришедшее последним.
- Если включена двухфакторная аутентификация, после перехода по ссылке всё равно потребуется код.
- Администратор может отключить вход по ссылке для всего рабочего пространства: в разделе
  **Настройки → Рабочее пространство → Безопасность** выберите для параметра **Способы входа**
  значение `Только пароль`.

## «Срок действия ссылки истёк»

Обычно это значит, что ссылку уже открыли — например, почтовый антивирус, который проверяет ссылки
до того, как письмо попадает во «Входящие», — или что после неё была запрошена новая. Запросите
ссылку ещё раз и сразу перейдите по ней. Если ситуация повторяется, попросите ИТ-отдел добавить
наш домен в исключения почтового фильтра.

Если письмо не приходит вовсе, пройдитесь по рекомендациям из статьи
[Уведомления попадают в спам](/kb/ru/уведомления-попадают-в-спам/) — они подходят и для писем
со ссылками для входа.""",
        related=("reset-password", "notifications-spam"),
    ),
    Article(
        group="account-locked",
        section="sign-in-passwords",
        language="en",
        title="Account locked after failed sign-in attempts",
        slug="account-locked-after-failed-sign-in-attempts",
        body="""\
To protect your account from password guessing, we lock it for a while after several wrong
attempts in a row. The sign-in page then shows the message "Your account is temporarily locked".

## How the lock works

- After 5 failed attempts, sign-in is blocked for 15 minutes.
- If the wrong attempts continue after that, the next lock lasts an hour.
- The lock applies to the account, not to the device: trying from another browser or from your
  phone won't help and only makes the lock longer.
- Each time the account is locked, we send a notice to its e-mail address.

## What to do

1. Wait until the lock ends. The sign-in page shows how many minutes are left.
2. If you aren't sure about the password, don't guess again: click **Forgot password?** instead.
   Resetting the password removes the lock straight away; see
   [Reset a forgotten password](/kb/en/reset-a-forgotten-password/).
3. Sign in with the new password.

## If it wasn't you

If you get a lock notice but didn't try to sign in, someone may be trying to guess your password.
Once you're in, change the password and turn on two-factor authentication, so that a password
alone is no longer enough: see
[Set up two-factor authentication](/kb/en/set-up-two-factor-authentication/).

## Still locked after an hour?

Contact support from the e-mail address of the account. For your security, our team will first
confirm that the account is yours and only then remove the lock.""",
        related=("reset-password", "two-factor-setup"),
    ),
    Article(
        group="account-locked",
        section="sign-in-passwords",
        language="ru",
        title="Аккаунт заблокирован после неудачных попыток входа",
        slug="блокировка-после-неудачных-попыток-входа",
        body="""\
Чтобы защитить аккаунт от подбора пароля, после нескольких неверных попыток подряд мы временно
блокируем вход. На странице входа при этом появляется сообщение «Аккаунт временно заблокирован».

## Как работает блокировка

- После 5 неудачных попыток вход блокируется на 15 минут.
- Если неверные попытки продолжаются и дальше, следующая блокировка длится час.
- Блокировка действует на аккаунт, а не на устройство: попытки из другого браузера или с телефона
  не помогут, а только продлят её.
- При каждой блокировке мы отправляем уведомление на адрес почты аккаунта.

## Что делать

1. Дождитесь окончания блокировки — на странице входа видно, сколько минут осталось.
2. Если нет уверенности в пароле, не пробуйте угадать его снова: нажмите **Забыли пароль?**. Сброс
   пароля сразу снимает блокировку — см. [Сброс забытого пароля](/kb/ru/сброс-забытого-пароля/).
3. Войдите с новым паролем.

## Если попыток входа не было

Если уведомление о блокировке пришло, а попыток входа не было, возможно, кто-то пытается подобрать
пароль. После входа смените пароль и включите двухфакторную аутентификацию, чтобы одного пароля
для входа было уже недостаточно: см.
[Настройка двухфакторной аутентификации](/kb/ru/настройка-двухфакторной-аутентификации/).

## Блокировка не снялась и через час

Напишите в поддержку с адреса почты, к которому привязан аккаунт. В целях безопасности мы
сначала убедимся, что аккаунт принадлежит вам, и только потом снимем блокировку.""",
        related=("reset-password", "two-factor-setup"),
    ),
    Article(
        group="reset-email-not-arriving",
        section="sign-in-passwords",
        language="en",
        title="The password reset e-mail doesn't arrive",
        slug="password-reset-email-does-not-arrive",
        body="""\
The password reset e-mail usually arrives within a minute. If there's still nothing after five
minutes, go through these checks before asking for another link.

## Check the address

- Make sure you entered the address you actually sign in with. To protect your privacy, we show
  the same confirmation whether or not an account exists for an address, so a typo doesn't produce
  an error.
- If your company has changed its mail domain recently, your login may still be the old address.

## Check your mailbox

1. Look in the spam or junk folder and, in Gmail, on the **Promotions** and **Updates** tabs.
2. Search the whole mailbox for messages from `no-reply@example.com`.
3. Make sure the mailbox isn't full: a full mailbox rejects new messages.

## Company mail filters

Company mail servers sometimes hold automated messages in quarantine or delay them for a few
minutes. Ask your IT team to check the quarantine and to allow e-mail from `example.com`. More
tips are in [Notifications end up in spam](/kb/en/notifications-end-up-in-spam/).

## Don't request too many links

Each new request cancels the previous link, so clicking the button over and over only makes things
worse. After 5 requests within an hour, we also pause sending for a while to prevent abuse.
Request the link once and wait for that e-mail.

## Still nothing?

Contact support and tell us the address you used and roughly when you requested the link. We
can see in our logs whether the e-mail was delivered and what your mail server replied. Once
we've confirmed the account is yours, we'll help you get back in.""",
        related=("reset-password", "notifications-spam"),
    ),
    Article(
        group="google-sign-in",
        section="sign-in-passwords",
        language="ru",
        title="Вход через Google: ошибка «Аккаунт не привязан»",
        slug="вход-через-google",
        body="""\
Кнопка **Войти через Google** работает, только если аккаунт Google привязан к учётной записи в
сервисе. Если после выбора аккаунта снова открывается страница входа с ошибкой «Аккаунт не
привязан», причина обычно одна из перечисленных ниже.

## Частые причины

- Выбран не тот аккаунт Google — например, личный вместо рабочего. Google запоминает последний
  использованный аккаунт и может подставить его автоматически.
- Адрес почты для входа недавно меняли, а привязка к Google осталась на старом адресе.
- Администратор рабочего пространства отключил вход через Google в настройках безопасности.

## Что сделать

1. Выйдите из всех аккаунтов Google в браузере или откройте окно в режиме инкогнито.
2. Снова нажмите **Войти через Google** и выберите аккаунт, адрес которого совпадает с адресом в
   сервисе.
3. Если ошибка повторяется, войдите по паролю или
   [по ссылке из письма](/kb/ru/вход-по-ссылке-из-письма/). Если пароля нет, задайте его через
   [сброс пароля](/kb/ru/сброс-забытого-пароля/).
4. После входа откройте **Настройки → Безопасность → Способы входа** и нажмите **Привязать
   Google** — привязка обновится, и в следующий раз кнопка сработает.

## Если вход через Google отключён

Администратор может оставить для рабочего пространства только вход по паролю — тогда в разделе
**Настройки → Рабочее пространство → Безопасность** для параметра **Способы входа** выбрано
значение `Только пароль`, и кнопка Google не работает ни у кого из участников. Уточните у
администратора, какие способы входа разрешены в вашей компании.""",
        related=("sign-in-link", "change-login-email"),
    ),
    # sign-in-security
    Article(
        group="two-factor-setup",
        section="sign-in-security",
        language="en",
        title="Set up two-factor authentication",
        slug="set-up-two-factor-authentication",
        body="""\
Two-factor authentication (2FA) adds a second step to signing in: after your password, you enter a
6-digit code from an authenticator app on your phone. Even if someone learns your password, they
can't get in without your phone.

## What you need

Any authenticator app that supports time-based codes (TOTP), such as Google Authenticator or
Microsoft Authenticator.

## Turn it on

1. Open **Settings → Security** and click **Enable two-factor authentication**.
2. Confirm your password.
3. Scan the QR code with the authenticator app. If you can't scan it, choose to enter a key
   manually in the app and type the key shown under the code.
4. Enter the 6-digit code the app shows and click **Confirm**.
5. Download or print your backup codes and keep them somewhere safe, away from your phone.

From now on we'll ask for a code whenever you sign in on a new device. On your own computer, tick
**Trust this device for 30 days** to be asked less often.

## For administrators

To require 2FA for everyone in the workspace, open **Settings → Workspace → Security** and set
**Two-factor authentication** to `Required`. Members who haven't set it up will be asked to do so
the next time they sign in.

## Changing phones

Before you reset or give away your old phone, move the codes to the new one: turn 2FA off and
on again, or use your app's transfer feature. If the old phone is already gone, see [Lost your
phone with two-factor authentication](/kb/en/lost-phone-with-two-factor-authentication/).""",
        related=("backup-codes", "two-factor-lost-phone"),
    ),
    Article(
        group="two-factor-setup",
        section="sign-in-security",
        language="ru",
        title="Настройка двухфакторной аутентификации",
        slug="настройка-двухфакторной-аутентификации",
        body="""\
Двухфакторная аутентификация (2FA) добавляет ко входу второй шаг: после пароля нужно ввести
шестизначный код из приложения-аутентификатора на телефоне. Даже если пароль станет кому-то
известен, без телефона войти в аккаунт не получится.

## Что понадобится

Любое приложение-аутентификатор, которое поддерживает одноразовые коды по времени (TOTP), —
например, Google Authenticator, Microsoft Authenticator или «Яндекс Ключ».

## Как включить

1. Откройте **Настройки → Безопасность** и нажмите **Включить двухфакторную аутентификацию**.
2. Подтвердите пароль.
3. Отсканируйте QR-код приложением-аутентификатором. Если отсканировать не получается, выберите в
   приложении ввод ключа вручную и введите ключ, указанный под кодом.
4. Введите шестизначный код из приложения и нажмите **Подтвердить**.
5. Скачайте или распечатайте резервные коды и храните их в надёжном месте — отдельно от телефона.

Теперь код будет запрашиваться при каждом входе с нового устройства. На своём компьютере можно
отметить **Доверять этому устройству 30 дней**, чтобы код требовался реже.

## Для администраторов

Чтобы сделать 2FA обязательной для всех участников, откройте **Настройки → Рабочее пространство →
Безопасность** и выберите для параметра **Двухфакторная аутентификация** значение `Обязательна`.
Участникам, у которых она ещё не настроена, система предложит сделать это при следующем входе.

## Смена телефона

Прежде чем сбросить старый телефон или отдать его, перенесите коды на новый: отключите и снова
включите 2FA или воспользуйтесь функцией переноса в самом приложении. Если старого телефона
уже нет, см.
[Потерян телефон с приложением-аутентификатором](/kb/ru/потерян-телефон-с-аутентификатором/).""",
        related=("two-factor-lost-phone", "change-password"),
    ),
    Article(
        group="two-factor-lost-phone",
        section="sign-in-security",
        language="en",
        title="Lost your phone with two-factor authentication",
        slug="lost-phone-with-two-factor-authentication",
        body="""\
If the phone with your authenticator app has been lost, stolen or reset, you can still get back
into your account. Which way works best depends on what you have at hand.

## If you have backup codes

1. Sign in with your e-mail and password as usual.
2. On the code screen, click **Use a backup code**.
3. Enter one of your backup codes. Each code works only once.
4. Open **Settings → Security**, turn two-factor authentication off and on again to connect your
   new phone, and save the new backup codes.

## If another device still has the app

Some authenticator apps sync codes between devices or keep a cloud backup. Check your tablet or
restore the app from a backup: if the codes are there, sign in as usual and move 2FA to the new
phone.

## If you have no codes at all

Contact support from the e-mail address of your account. For your safety, we'll make sure the
account really belongs to you before we turn 2FA off, which can take up to one business day. Be
ready to tell us:

- the name of your workspace;
- roughly when you last signed in successfully;
- the last four digits of the card used for payment, if you're on a paid plan.

If your workspace has another administrator, they can reset 2FA for you under **Settings →
Members**, which is faster.

## Afterwards

As soon as you're back in, set up 2FA again: see
[Set up two-factor authentication](/kb/en/set-up-two-factor-authentication/). If the phone was
stolen, change your password as well.""",
        related=("backup-codes", "two-factor-setup"),
    ),
    Article(
        group="two-factor-lost-phone",
        section="sign-in-security",
        language="ru",
        title="Потерян телефон с приложением-аутентификатором",
        slug="потерян-телефон-с-аутентификатором",
        body="""\
Если телефон с приложением-аутентификатором потерян, украден или сброшен до заводских настроек,
доступ к аккаунту всё равно можно восстановить. Способ зависит от того, что есть под рукой.

## Если есть резервные коды

1. Войдите, как обычно, по адресу почты и паролю.
2. На экране ввода кода нажмите **Использовать резервный код**.
3. Введите один из резервных кодов. Каждый код срабатывает только один раз.
4. Откройте **Настройки → Безопасность**, отключите и снова включите двухфакторную аутентификацию,
   чтобы подключить новый телефон, и сохраните новые резервные коды.

## Если приложение осталось на другом устройстве

Некоторые аутентификаторы синхронизируют коды между устройствами или хранят резервную копию в
облаке. Проверьте планшет или восстановите приложение из копии: если коды на месте, войдите как
обычно и перенесите 2FA на новый телефон.

## Если кодов нет совсем

Напишите в поддержку с адреса почты, к которому привязан аккаунт. Прежде чем отключить 2FA, мы
убедимся, что аккаунт действительно принадлежит вам, — это может занять до одного рабочего дня.
Подготовьте:

- название рабочего пространства;
- примерную дату последнего успешного входа;
- последние четыре цифры карты, которой оплачивался тариф, если он платный.

Если в рабочем пространстве есть другой администратор, он может сбросить 2FA в разделе **Настройки
→ Участники** — так получится быстрее.

## После восстановления доступа

Сразу настройте 2FA заново: см.
[Настройка двухфакторной аутентификации](/kb/ru/настройка-двухфакторной-аутентификации/). Если
телефон украли, смените также пароль.""",
        related=("two-factor-setup",),
    ),
    Article(
        group="backup-codes",
        section="sign-in-security",
        language="en",
        title="Backup codes for two-factor authentication",
        slug="two-factor-backup-codes",
        body="""\
Backup codes are your way back into the account when you can't use your authenticator app. You get
a set of 10 codes when you turn on two-factor authentication.

## Where to keep them

- Print them or save them in a password manager.
- Don't keep them only on the phone that has the authenticator app: if you lose the phone, you
  lose both.
- Treat them like a password. Anyone who has your password and one backup code can sign in.

## Use a backup code

1. Sign in with your e-mail and password.
2. On the code screen, click **Use a backup code**.
3. Enter the code. Spaces and dashes don't matter.

Each code works only once, so cross it off your list after using it.

## Get new codes

Open **Settings → Security → Backup codes** and click **Generate new codes**. The old codes stop
working immediately, so replace your printout or saved copy straight away. When you have fewer
than three codes left, we remind you by e-mail to generate new ones.

## Lost both the phone and the codes?

You can still recover the account with our help: see [Lost your phone with two-factor
authentication](/kb/en/lost-phone-with-two-factor-authentication/).""",
        related=("two-factor-setup", "two-factor-lost-phone"),
    ),
    Article(
        group="verify-ownership",
        section="sign-in-security",
        language="en",
        title="Verifying account ownership before changing the e-mail",
        slug="verifying-account-ownership",
        body="""\
Agents only. Follow this procedure before you change the sign-in e-mail, turn off two-factor
authentication or unlock an account at a customer's request. Whoever controls the e-mail of an
account controls everything in it, so never skip a step, even for a customer you know well.

## 1. Check where the request comes from

- If it comes from the account's current e-mail address, go to step 3.
- If it comes from another address, by phone or in chat, treat the requester as unverified.

## 2. Ask for two proofs

Ask for at least two of the following and check them in **Admin → Accounts**, not against anything
the customer wrote earlier in the ticket:

- the workspace name and roughly when it was created;
- the last four digits of the payment card and the date of the last charge;
- the number of the latest invoice;
- the names of two other workspace members.

Never give away data to prompt the customer, as in "Is your card the one ending in 4417?".

## 3. Confirm with the workspace

If the account belongs to a paid workspace with other administrators, send a confirmation request
to one of them with **Admin → Accounts → Request confirmation** and wait for their approval.

## 4. Make the change and record it

1. Make the change in **Admin → Accounts**.
2. Add an internal note to the ticket: which proofs you checked and who confirmed.
3. Tag the ticket `ownership-verified`.

## When to stop

If the proofs don't match, or the customer pushes you to hurry, don't make the change. Reply
that we can't confirm ownership, and escalate the ticket to the team lead with the tag
`possible-takeover`.""",
        internal=True,
        related=("change-login-email", "two-factor-lost-phone", "account-locked"),
    ),
    Article(
        group="verify-ownership",
        section="sign-in-security",
        language="ru",
        title="Проверка владельца аккаунта перед сменой e-mail",
        slug="проверка-владельца-аккаунта",
        body="""\
Только для сотрудников поддержки. Выполняйте эту процедуру каждый раз, прежде чем по просьбе
клиента сменить адрес почты для входа, отключить двухфакторную аутентификацию или снять блокировку
аккаунта. Тот, кто получил контроль над почтой аккаунта, получает и всё, что в нём есть, поэтому
не пропускайте ни одного шага — даже если клиент хорошо знаком.

## 1. Откуда пришёл запрос

- Если запрос пришёл с текущего адреса почты аккаунта, переходите к шагу 3.
- Если с другого адреса, по телефону или в чате — считайте заявителя неподтверждённым.

## 2. Запросите два подтверждения

Попросите не менее двух сведений из списка и сверьте их в разделе **Админка → Аккаунты**, а не с
тем, что клиент писал ранее в обращении:

- название рабочего пространства и примерную дату его создания;
- последние четыре цифры карты и дату последнего списания;
- номер последнего счёта;
- имена двух других участников рабочего пространства.

Никогда не подсказывайте данные сами — например, вопросом «Ваша карта оканчивается на 4417?».

## 3. Подтверждение от рабочего пространства

Если аккаунт входит в платное рабочее пространство, где есть другие администраторы, отправьте
одному из них запрос через **Админка → Аккаунты → Запросить подтверждение** и дождитесь ответа.

## 4. Внесите изменение и зафиксируйте его

1. Внесите изменение в разделе **Админка → Аккаунты**.
2. Добавьте к обращению внутреннюю заметку: какие сведения проверены и кто подтвердил.
3. Поставьте тег `ownership-verified`.

## Когда остановиться

Если сведения не совпадают или клиент торопит и давит, изменение не вносите. Ответьте, что
подтвердить владельца аккаунта не удалось, и передайте обращение руководителю смены с тегом
`possible-takeover`.""",
        internal=True,
        related=("change-login-email", "two-factor-lost-phone", "account-locked"),
    ),
    # sign-in-team
    Article(
        group="change-login-email",
        section="sign-in-team",
        language="en",
        title="Change the e-mail address you sign in with",
        slug="change-your-sign-in-email",
        body="""\
Your e-mail address is both your login and the address we send notifications to. You can change it
yourself as long as you can still receive e-mail at the old address.

## Change the address

1. Open **Settings → Profile** and click **Change** next to your e-mail.
2. Enter the new address and your current password.
3. We send a confirmation link to the new address. Open it within 24 hours.
4. We also send a notice to the old address, so you'll know if someone else ever tries this.

The change takes effect as soon as you click the link. Your data, calendars, invoices and settings
stay exactly where they were.

## The e-mail field is greyed out

This means your workspace manages sign-in centrally, for example through Google sign-in. Only a
workspace administrator can change your address, under **Settings → Members**.

## The old address no longer works

If you've already lost access to the old mailbox, for example after your company changed its
domain, we can't send the notice there. Contact support from the new address. Our team will verify
that the account belongs to you and then change the address, usually within one business day.

## Invoices go to a separate address

Invoices are sent to the billing e-mail, which can be different from your login. You can
change it under **Settings → Billing → Company details**: see
[Add a VAT number and company details](/kb/en/add-vat-number-and-company-details/).""",
        related=("vat-company-details", "sign-in-link"),
    ),
    Article(
        group="change-login-email",
        section="sign-in-team",
        language="ru",
        title="Смена адреса почты для входа",
        slug="смена-адреса-почты-для-входа",
        body="""\
Адрес электронной почты — это одновременно логин и адрес, на который приходят уведомления. Сменить
его можно самостоятельно, если к старому ящику ещё есть доступ.

## Как сменить адрес

1. Откройте **Настройки → Профиль** и нажмите **Изменить** рядом с адресом почты.
2. Введите новый адрес и текущий пароль.
3. На новый адрес придёт письмо со ссылкой для подтверждения — перейдите по ней в течение 24
   часов.
4. На старый адрес мы тоже отправим уведомление, чтобы о попытке смены адреса посторонним
   человеком сразу стало известно.

Адрес меняется в момент перехода по ссылке. Данные, календари, счета и настройки остаются на своих
местах.

## Поле с адресом недоступно

Значит, вход в рабочем пространстве управляется централизованно — например, через Google. Сменить
адрес может только администратор рабочего пространства в разделе **Настройки → Участники**.

## Старый адрес больше не работает

Если доступа к старому ящику уже нет — например, компания сменила почтовый домен, — отправить туда
уведомление не получится. Напишите в поддержку с нового адреса: мы убедимся, что аккаунт
принадлежит вам, и сменим адрес, обычно в течение одного рабочего дня.

## Счета приходят на отдельный адрес

Счета отправляются на адрес для счетов, который может отличаться от логина. Изменить его можно
в разделе **Настройки → Оплата → Реквизиты**: см.
[Реквизиты компании в счетах](/kb/ru/реквизиты-компании-в-счетах/).""",
        related=("vat-company-details", "google-sign-in"),
    ),
    Article(
        group="remove-employee",
        section="sign-in-team",
        language="en",
        title="Remove an employee and transfer their data",
        slug="remove-an-employee-and-transfer-their-data",
        body="""\
When someone leaves your company, remove them from the workspace: they lose access straight away
and stop taking up a paid seat. Only workspace administrators can do this.

## Before you remove someone

Decide who will take over their work. When you remove a member, you choose a colleague who
receives:

- the calendars and events they own;
- the tasks and projects assigned to them;
- their scheduled exports.

Personal notification settings and private drafts aren't transferred.

## Remove the member

1. Open **Settings → Members**.
2. Find the person and click **⋯ → Remove from workspace**.
3. In **Transfer data to**, choose the colleague who takes over.
4. Click **Remove**.

The person is signed out on all devices immediately. Their name stays on past comments and events,
marked `Former member`, so the history remains easy to follow.

## Seats and billing

The seat is freed at once. On monthly plans, the next invoice is for the new number of seats; on
annual plans, the unused time is credited to your balance. See
[Change your plan](/kb/en/change-your-plan/).

## Deactivate instead of removing

If the person is only away for a while, for example on parental leave, choose **Deactivate**
instead. They can't sign in, their data stays where it is, and you can reactivate them later.
Deactivated members don't count as paid seats.""",
        related=("change-plan", "scheduled-exports"),
    ),
    Article(
        group="remove-employee",
        section="sign-in-team",
        language="ru",
        title="Удаление сотрудника и передача его данных",
        slug="удаление-сотрудника-и-передача-данных",
        body="""\
Когда сотрудник уходит из компании, удалите его из рабочего пространства: он сразу потеряет
доступ, а оплачиваемое место освободится. Удалять участников могут только администраторы.

## Перед удалением

Решите, кто продолжит работу сотрудника. При удалении выбирается коллега, которому переходят:

- календари и события, владельцем которых был сотрудник;
- назначенные на него задачи и проекты;
- его регулярные выгрузки.

Личные настройки уведомлений и черновики не передаются.

## Как удалить участника

1. Откройте **Настройки → Участники**.
2. Найдите сотрудника и нажмите **⋯ → Удалить из рабочего пространства**.
3. В поле **Передать данные** выберите коллегу, который примет дела.
4. Нажмите **Удалить**.

Сеансы сотрудника на всех устройствах сразу завершаются. Его имя остаётся в прошлых комментариях и
событиях с пометкой `Бывший участник`, поэтому история не теряется.

## Места и оплата

Место освобождается сразу. На помесячной оплате следующий счёт выставляется уже за новое
количество мест, на годовой — неиспользованное время зачисляется на баланс. См.
[Смена тарифа](/kb/ru/смена-тарифа/).

## Деактивация вместо удаления

Если сотрудник отсутствует временно — например, в декретном отпуске, — выберите
**Деактивировать**. Войти он не сможет, данные останутся на месте, а позже доступ можно
вернуть. Деактивированные участники не занимают оплачиваемых мест.""",
        related=("change-plan", "scheduled-exports", "invite-colleagues"),
    ),
    Article(
        group="invite-colleagues",
        section="sign-in-team",
        language="ru",
        title="Приглашение сотрудников и права доступа",
        slug="приглашение-сотрудников",
        body="""\
Новых сотрудников в рабочее пространство приглашают администраторы. От роли, выбранной при
приглашении, зависит, что человек увидит после входа.

## Как пригласить

1. Откройте **Настройки → Участники** и нажмите **Пригласить**.
2. Укажите один или несколько адресов почты — через запятую или каждый с новой строки.
3. Выберите роль и, если нужно, проекты и календари, к которым откроется доступ.
4. Нажмите **Отправить приглашения**.

Приглашение действует 7 дней. Если письмо потерялось, его можно отправить повторно из списка
участников.

## Роли

- **Администратор** — управляет участниками, тарифом и настройками рабочего пространства.
- **Участник** — работает с проектами и календарями, к которым ему открыт доступ.
- **Гость** — видит только то, чем с ним поделились напрямую; оплачиваемого места не занимает.

## Сотрудник вошёл, но ничего не видит

Чаще всего причина в том, что при приглашении выбрана роль «Участник», а проекты не указаны.
Откройте карточку сотрудника в разделе **Настройки → Участники** и на вкладке **Доступ** добавьте
нужные проекты и календари. Изменения применяются сразу — выходить из аккаунта и входить заново не
нужно.

## Места в тарифе

Каждый администратор и участник занимает оплачиваемое место. Если свободных мест нет, при отправке
приглашения система предложит добавить места — см. [Смена тарифа](/kb/ru/смена-тарифа/).

Если сотрудник уходит из компании, см.
[Удаление сотрудника и передача его данных](/kb/ru/удаление-сотрудника-и-передача-данных/).""",
        related=("remove-employee", "share-calendar"),
    ),
    # billing-invoices
    Article(
        group="find-invoices",
        section="billing-invoices",
        language="en",
        title="Where to find your invoices",
        slug="where-to-find-your-invoices",
        body="""\
Every payment comes with an invoice, and all of them are kept in your account for as long as the
workspace exists.

## Download invoices

1. Open **Settings → Billing → Invoices**. Only workspace administrators and members with the
   **Billing** role can see this page.
2. By default the page shows the last 12 months. Use the **Period** filter to find older invoices.
3. Click an invoice number to open it, or **Download PDF** to save it.

To send a whole quarter or year to your accountant, select several invoices and click **Download
as ZIP**.

## Send invoices to your accountant automatically

In **Settings → Billing → Company details**, add your accountant's address under **Send invoices
to**. Every new invoice is e-mailed there as a PDF as soon as it's issued. You can add up to five
addresses.

## What an invoice shows

- the invoice number, for example `INV-10452`, and the issue date;
- the plan, the number of seats and the billing period;
- your company name, address and VAT number, if you've added them;
- taxes and the total in the currency you pay in.

## Need different details?

Company details appear on invoices issued after you add them. If an invoice you already have
needs corrected details, you can request a reissue: see
[Add a VAT number and company details](/kb/en/add-vat-number-and-company-details/).""",
        related=("vat-company-details", "bank-transfer"),
    ),
    Article(
        group="find-invoices",
        section="billing-invoices",
        language="ru",
        title="Где найти счета",
        slug="где-найти-счета",
        body="""\
На каждый платёж выставляется счёт, и все счета хранятся в аккаунте, пока существует рабочее
пространство.

## Как скачать счета

1. Откройте **Настройки → Оплата → Счета**. Эта страница доступна только администраторам и
   участникам с ролью **Бухгалтерия**.
2. По умолчанию на странице показаны счета за последние 12 месяцев. Чтобы найти более ранние,
   воспользуйтесь фильтром **Период**.
3. Нажмите на номер счёта, чтобы открыть его, или на **Скачать PDF**, чтобы сохранить.

Чтобы передать бухгалтерии документы за квартал или год, отметьте несколько счетов и нажмите
**Скачать архивом ZIP**.

## Автоматическая отправка в бухгалтерию

В разделе **Настройки → Оплата → Реквизиты** добавьте адрес бухгалтерии в поле **Отправлять счета
на**. Каждый новый счёт будет приходить туда в формате PDF сразу после выставления. Можно указать
до пяти адресов.

## Что указано в счёте

- номер счёта, например `№ 10452`, и дата выставления;
- тариф, количество мест и оплачиваемый период;
- название, адрес и ИНН организации, если реквизиты заполнены;
- налоги и итоговая сумма в валюте оплаты.

## Нужны другие реквизиты

Реквизиты попадают в счета, выставленные после их заполнения. Если в уже выставленном счёте
нужно исправить реквизиты, его можно перевыставить: см.
[Реквизиты компании в счетах](/kb/ru/реквизиты-компании-в-счетах/).""",
        related=("vat-company-details", "bank-transfer", "closing-documents"),
    ),
    Article(
        group="vat-company-details",
        section="billing-invoices",
        language="en",
        title="Add a VAT number and company details",
        slug="add-vat-number-and-company-details",
        body="""\
If your company needs invoices with its legal name, address and VAT number, add these details
once, and they'll appear on every new invoice.

## Add company details

1. Open **Settings → Billing → Company details**.
2. Fill in the legal name of the company, its registered address and country.
3. Enter the VAT number with its country prefix, for example `DE123456789`. Companies outside the
   EU and the UK can enter their tax ID instead.
4. Click **Save**.

VAT numbers from EU countries are checked automatically in the VIES database. If the number is
valid and your company is registered in another EU country than ours, invoices are issued under
the reverse charge rule, without VAT.

## Correct an invoice that's already issued

New details only appear on invoices issued after you save them. To fix an existing invoice:

1. Open it in **Settings → Billing → Invoices**.
2. Click **Request correction** and describe what needs to change.

Our Billing team reissues the invoice within two business days. It keeps its number and gets a
note that it has been corrected.

## Common problems

- **"VAT number is invalid"**: check the country prefix and remove any spaces. If VIES is
  temporarily unavailable, try again in an hour.
- **The details are missing from the PDF**: the invoice was issued before you saved them, so
  request a correction.
- **Invoices go to the wrong person**: change the billing e-mail on the same page.""",
        related=("find-invoices", "bank-transfer"),
    ),
    Article(
        group="vat-company-details",
        section="billing-invoices",
        language="ru",
        title="Реквизиты компании в счетах",
        slug="реквизиты-компании-в-счетах",
        body="""\
Если в счетах должны быть полное название организации, адрес и налоговые реквизиты, заполните их
один раз — и они будут появляться во всех новых счетах.

## Как указать реквизиты

1. Откройте **Настройки → Оплата → Реквизиты**.
2. Укажите полное название организации, юридический адрес и страну.
3. Для российской организации введите ИНН и КПП, для зарубежной — номер плательщика НДС (VAT
   number) с префиксом страны, например `DE123456789`.
4. Нажмите **Сохранить**.

Номера плательщиков НДС из стран ЕС автоматически проверяются по базе VIES. Если номер
действителен, а компания зарегистрирована в другой стране ЕС, счета выставляются по механизму
обратного начисления (reverse charge) — без НДС.

## Как исправить уже выставленный счёт

Новые реквизиты попадают только в счета, выставленные после сохранения. Чтобы исправить
существующий счёт:

1. Откройте его в разделе **Настройки → Оплата → Счета**.
2. Нажмите **Запросить исправление** и опишите, что нужно изменить.

Отдел биллинга перевыставит счёт в течение двух рабочих дней. Номер счёта сохранится, а в
документе появится отметка об исправлении.

## Частые проблемы

- **«Неверный номер плательщика НДС»**: проверьте префикс страны и уберите пробелы. Если база VIES
  временно недоступна, повторите попытку через час.
- **В PDF нет реквизитов**: счёт выставлен до того, как они были сохранены, — запросите
  исправление.
- **Счета приходят не тому адресату**: измените адрес для счетов на этой же странице.""",
        related=("find-invoices", "bank-transfer", "closing-documents"),
    ),
    Article(
        group="bank-transfer",
        section="billing-invoices",
        language="en",
        title="Pay by bank transfer instead of card",
        slug="pay-by-bank-transfer",
        body="""\
Annual plans can be paid by bank transfer. This suits companies whose policy doesn't allow card
payments, or which need an invoice before they pay.

## Who can pay by transfer

- Annual plans of any size.
- Monthly plans with 20 seats or more.

Smaller monthly plans are paid by card.

## Switch to bank transfer

1. Make sure your company details are filled in: see
   [Add a VAT number and company details](/kb/en/add-vat-number-and-company-details/).
2. Open **Settings → Billing → Payment method** and choose **Bank transfer**.
3. Select the plan and the number of seats, and click **Get invoice**.
4. Download the invoice and pass it on to your finance department.

## Paying the invoice

- Pay within 14 days. Your plan stays active in the meantime.
- Always put the invoice number in the payment reference, for example `INV-10977`. Without it we
  can't match the payment automatically, and it may take several days.
- Bank fees are paid by the sender.

As soon as the payment arrives, the invoice is marked **Paid**, and a receipt appears next to it.
Transfers usually take 1–3 business days.

## Renewal

Thirty days before the plan renews, we issue the next invoice and send it to the billing
e-mail. If it isn't paid by the renewal date, you get a 14-day grace period, after which the
workspace becomes read-only until the payment arrives.""",
        related=("find-invoices", "vat-company-details"),
    ),
    Article(
        group="bank-transfer",
        section="billing-invoices",
        language="ru",
        title="Оплата по безналичному расчёту",
        slug="оплата-по-безналичному-расчёту",
        body="""\
Годовые тарифы можно оплатить банковским переводом. Это удобно организациям, которым политика
компании не позволяет платить картой или которым перед оплатой нужен счёт.

## Кому доступна оплата переводом

- Годовые тарифы с любым количеством мест.
- Помесячные тарифы от 20 мест.

Помесячные тарифы с меньшим числом мест оплачиваются картой.

## Как перейти на оплату переводом

1. Проверьте, что реквизиты организации заполнены: см.
   [Реквизиты компании в счетах](/kb/ru/реквизиты-компании-в-счетах/).
2. Откройте **Настройки → Оплата → Способ оплаты** и выберите **Банковский перевод**.
3. Выберите тариф и количество мест и нажмите **Получить счёт**.
4. Скачайте счёт и передайте его в бухгалтерию.

## Оплата счёта

- Оплатите счёт в течение 14 дней — всё это время тариф остаётся активным.
- Обязательно укажите номер счёта в назначении платежа, например `Оплата по счёту № 10977`. Без
  него платёж не удастся сопоставить автоматически, и зачисление может занять несколько дней.
- Банковские комиссии оплачивает отправитель.

Как только платёж поступит, счёт получит статус **Оплачен**, а рядом с ним появятся закрывающие
документы. Обычно перевод идёт 1–3 рабочих дня.

## Продление

За 30 дней до продления тарифа мы выставляем следующий счёт и отправляем его на адрес для
счетов. Если к дате продления счёт не оплачен, действует льготный период 14 дней, после
которого рабочее пространство переходит в режим «только чтение» до поступления оплаты.""",
        related=("find-invoices", "vat-company-details", "closing-documents"),
    ),
    Article(
        group="closing-documents",
        section="billing-invoices",
        language="ru",
        title="Закрывающие документы: акты и счета-фактуры",
        slug="закрывающие-документы",
        body="""\
Для организаций, которые платят в рублях, мы формируем полный комплект закрывающих документов. Они
нужны бухгалтерии, чтобы учесть расходы на сервис.

## Какие документы формируются

- **Счёт** — выставляется перед оплатой и при каждом продлении тарифа.
- **Акт оказанных услуг** — формируется в последний день каждого оплаченного месяца.
- **Счёт-фактура** — вместе с актом, если организация работает с НДС.

Вместо акта и счёта-фактуры можно получать один документ — УПД (универсальный передаточный
документ). Переключиться на него можно в разделе **Настройки → Оплата → Реквизиты**.

## Где их найти

1. Откройте **Настройки → Оплата → Документы**.
2. Выберите период — месяц, квартал или год.
3. Нажмите **Скачать** рядом с нужным документом или **Скачать всё**, чтобы получить ZIP-архив.

## Электронный документооборот

Если организация подключена к ЭДО, укажите идентификатор участника документооборота в разделе
**Настройки → Оплата → Реквизиты**. Документы будут приходить в систему ЭДО автоматически с
усиленной квалифицированной электронной подписью, и бумажные оригиналы не понадобятся.

## Оригиналы по почте

Бумажные оригиналы отправляем раз в квартал по запросу. Напишите в поддержку, указав почтовый
адрес и период, — отдел биллинга отправит документы в течение пяти рабочих дней.

Реквизиты в документах берутся из настроек на момент формирования: см.
[Реквизиты компании в счетах](/kb/ru/реквизиты-компании-в-счетах/). Сами счета — в статье
[Где найти счета](/kb/ru/где-найти-счета/).""",
        related=("find-invoices", "vat-company-details"),
    ),
    # billing-payments
    Article(
        group="card-declined",
        section="billing-payments",
        language="en",
        title="What to do if a card payment fails",
        slug="card-payment-failed",
        body="""\
If your card is declined, your plan doesn't stop straight away: we try the payment again and give
you time to fix the problem.

## What happens after a failed payment

- We e-mail the workspace administrators and the billing e-mail.
- We try the card again after 1, 3 and 7 days.
- The workspace stays fully usable for 14 days. After that, it becomes read-only until the invoice
  is paid. No data is deleted.

## Common reasons

- **Not enough funds**, or a limit on online payments set for the card.
- **An expired card**, or a card that the bank has reissued with a new number.
- **3-D Secure not completed**: the bank asked you to confirm the payment in its app or by text
  message, and the request timed out.
- **The bank blocked the payment** as unusual, which often happens with the first payment to a new
  company.

## How to fix it

1. Open **Settings → Billing → Payment method**.
2. Click **Update card** and enter the card details again, or add a different card.
3. Click **Pay now** next to the unpaid invoice, and confirm the payment in your bank app if
   asked.

## The bank says everything is fine

If the bank sees no restrictions but the payment still fails, contact us with the date and
time of the attempt and the error you saw. We can look up the exact decline code with our
payment provider. You can also [pay by bank transfer](/kb/en/pay-by-bank-transfer/) instead.""",
        related=("bank-transfer", "change-plan"),
    ),
    Article(
        group="card-declined",
        section="billing-payments",
        language="ru",
        title="Не проходит оплата картой",
        slug="не-проходит-оплата-картой",
        body="""\
Если карта отклонена, тариф не отключается сразу: мы повторяем попытку оплаты и даём время, чтобы
решить проблему.

## Что происходит после неудачного платежа

- Мы отправляем письмо администраторам рабочего пространства и на адрес для счетов.
- Повторяем списание через 1, 3 и 7 дней.
- В течение 14 дней рабочее пространство работает в полном объёме. После этого оно переходит в
  режим «только чтение» до оплаты счёта. Данные при этом не удаляются.

## Частые причины

- **Недостаточно средств** или на карте установлен лимит на оплату в интернете.
- **Истёк срок действия карты** или банк перевыпустил её с новым номером.
- **Не пройдена проверка 3-D Secure**: банк попросил подтвердить платёж в приложении или по СМС, и
  время ожидания истекло.
- **Банк заблокировал платёж** как подозрительный — так часто бывает при первой оплате в адрес
  новой компании.

## Как исправить

1. Откройте **Настройки → Оплата → Способ оплаты**.
2. Нажмите **Обновить карту** и введите данные карты заново или добавьте другую карту.
3. Нажмите **Оплатить сейчас** рядом с неоплаченным счётом и при необходимости подтвердите платёж
   в приложении банка.

## Банк говорит, что всё в порядке

Если банк не видит ограничений, а оплата всё равно не проходит, напишите нам и укажите дату и
время попытки и текст ошибки. Мы узнаем у платёжного провайдера точный код отказа. Кроме того,
можно [оплатить по безналичному расчёту](/kb/ru/оплата-по-безналичному-расчёту/).""",
        related=("bank-transfer", "double-charge", "change-plan"),
    ),
    Article(
        group="refund-policy",
        section="billing-payments",
        language="en",
        title="Refund policy and how to request a refund",
        slug="refund-policy",
        body="""\
We want you to pay only for what you actually use. Here's when we refund a payment and how to ask
for it.

## When you can get a refund

- **Within 14 days of the first payment** for a new subscription: in full, no questions asked.
- **Within 14 days of an annual renewal**, if the workspace hasn't been used since it renewed.
- **Duplicate or incorrect charges**: at any time.
- **Removed seats** on annual plans are credited to your balance rather than refunded, and the
  credit goes towards your next invoices.

Monthly renewals aren't refunded, but you can cancel at any time so that the next month isn't
charged: see [Cancel your subscription](/kb/en/cancel-your-subscription/).

## How to request a refund

1. Open **Settings → Billing → Invoices** and find the payment.
2. Click **⋯ → Request refund**.
3. Choose the reason and add a comment if you like.
4. Click **Send request**.

The request goes to our Billing team, who reply within two business days. You can also simply
reply to any billing e-mail from us, or contact support with the invoice number.

## When the money arrives

We refund to the card or bank account the payment came from. Card refunds usually appear on
your statement within 5–10 business days, depending on your bank; bank transfers can take a
little longer. Once the refund is issued, you'll find a credit note next to the invoice.""",
        related=("cancel-subscription", "when-will-my-refund-arrive", "find-invoices"),
    ),
    Article(
        group="refund-policy",
        section="billing-payments",
        language="ru",
        title="Правила возврата средств",
        slug="правила-возврата-средств",
        body="""\
Мы хотим, чтобы оплата шла только за то, чем действительно пользуются. Ниже — в каких случаях мы
возвращаем деньги и как оформить возврат.

## Когда возможен возврат

- **В течение 14 дней после первой оплаты** новой подписки — полностью, без объяснения причин.
- **В течение 14 дней после автопродления годового тарифа**, если после продления рабочим
  пространством не пользовались.
- **Двойные и ошибочные списания** — в любое время.
- **Удалённые места** на годовом тарифе не возвращаются деньгами, а зачисляются на баланс и идут в
  счёт следующих платежей.

Помесячные продления не возвращаются, но подписку можно отменить в любой момент, чтобы следующий
месяц не оплачивался: см. [Отмена подписки](/kb/ru/отмена-подписки/).

## Как запросить возврат

1. Откройте **Настройки → Оплата → Счета** и найдите нужный платёж.
2. Нажмите **⋯ → Запросить возврат**.
3. Выберите причину и при желании добавьте комментарий.
4. Нажмите **Отправить запрос**.

Запрос попадает в отдел биллинга, ответ приходит в течение двух рабочих дней. Можно также просто
ответить на любое наше письмо об оплате или написать в поддержку, указав номер счёта.

## Когда поступят деньги

Деньги возвращаются на ту карту или тот счёт, с которых был платёж. На карту возврат обычно
поступает за 5–10 рабочих дней — в зависимости от банка; банковский перевод может идти немного
дольше. После оформления возврата рядом со счётом появится корректировочный документ.""",
        related=("cancel-subscription", "double-charge", "find-invoices"),
    ),
    Article(
        group="when-will-my-refund-arrive",
        section="billing-payments",
        language="en",
        title="When will my refund arrive?",
        slug="when-will-my-refund-arrive",
        body="""\
Once we've confirmed a refund, the money is on its way, but how long it takes depends on how you
paid and on your bank.

## Typical timing

- **Card payments**: 5–10 business days after we confirm the refund.
- **Bank transfers**: up to 10 business days.
- **Credit to your balance**: immediately; it's applied to your next invoice.

## Check the status

1. Open **Settings → Billing → Invoices**.
2. Find the invoice. A refunded invoice has the status `Refunded` or `Partially refunded`.
3. Click it to download the credit note, which shows the date and amount of the refund.

The date on the credit note is the day we sent the money. From then on, it's in the hands of your
bank.

## The refund isn't on my statement

- Look for a credit for the original amount rather than a new payment. Some banks list it under
  the date of the original charge.
- If the card has been replaced or closed, the bank still receives the money and normally moves it
  to your new card or account.
- Ask your bank about the refund and give them the reference number (ARN) from the credit note.
  With this number, the bank can trace the refund.

If 10 business days have passed and your bank can't find it, reply to the refund e-mail, and
we'll check with our payment provider. For the rules on what we refund, see
[Refund policy and how to request a refund](/kb/en/refund-policy/).""",
        related=("refund-policy", "find-invoices"),
    ),
    Article(
        group="double-charge",
        section="billing-payments",
        language="ru",
        title="Деньги списаны дважды",
        slug="деньги-списаны-дважды",
        body="""\
Иногда в выписке по карте видны два одинаковых списания за один день. Прежде чем обращаться в
поддержку, стоит проверить, действительно ли деньги списаны дважды.

## Списание или блокировка?

Банк часто сначала резервирует сумму на карте, а затем списывает её. В мобильном банке это может
выглядеть как два платежа, хотя один из них — временная блокировка. Она снимается сама — обычно за
3–5 рабочих дней, в некоторых банках до 30 дней.

## Как проверить

1. Откройте **Настройки → Оплата → Счета**.
2. Посмотрите, сколько оплаченных счетов за этот день. Если счёт один, второе списание, скорее
   всего, — блокировка.
3. Уточните в банке статус обеих операций: «проведена» или «в обработке».

## Если списаний действительно два

Напишите нам и укажите:

- дату и сумму обоих списаний;
- последние четыре цифры карты;
- название рабочего пространства.

После проверки отдел биллинга вернёт лишнее списание в течение двух рабочих дней, а деньги
поступят на карту за 5–10 рабочих дней. Подробнее о сроках и условиях — в статье
[Правила возврата средств](/kb/ru/правила-возврата-средств/).

## Почему так бывает

Чаще всего — из-за повторного нажатия кнопки **Оплатить**, когда банк долго подтверждает
первый платёж. Если оплата «зависла», не повторяйте её: подождите несколько минут и обновите
страницу. Если платёж не прошёл вовсе, см.
[Не проходит оплата картой](/kb/ru/не-проходит-оплата-картой/).""",
        related=("refund-policy", "card-declined"),
    ),
    Article(
        group="issue-refund",
        section="billing-payments",
        language="en",
        title="Issuing a refund in the billing console",
        slug="issuing-a-refund-in-the-billing-console",
        body="""\
Agents only, Billing team. Use this procedure for every refund, including partial ones. General
support agents don't issue refunds: reassign the ticket to the Billing team instead.

## Before you start

1. Confirm that the requester is an administrator or the billing contact of the workspace.
2. Check the request against the [refund policy](/kb/en/refund-policy/). Exceptions over $300 need
   the approval of the Billing team lead.
3. Find the charge in **Billing console → Payments** by the invoice number or the last four digits
   of the card.

## Issue the refund

1. Open the payment and click **Refund**.
2. Choose **Full** or **Partial**; for a partial refund, enter the amount.
3. Select the reason code: `duplicate`, `cancellation`, `seats`, `goodwill` or `other`.
4. Leave **Cancel subscription** unticked unless the customer has asked to cancel.
5. Click **Confirm refund**.

The console creates a credit note automatically and e-mails it to the billing contact.

## Duplicate charges

If the customer was charged twice, refund the later charge, never the first one: the first payment
is the one linked to the invoice.

## After the refund

- Add an internal note with the amount, the reason code and the credit note number.
- Tell the customer how long the refund takes: 5–10 business days for cards.
- Tag the ticket `refund-issued` and set it to **Solved**.

If the console shows **Refund failed**, retry once at most. If it fails again, escalate to the
finance team with the payment ID.""",
        internal=True,
        related=("refund-policy", "find-invoices"),
    ),
    Article(
        group="issue-refund",
        section="billing-payments",
        language="ru",
        title="Оформление возврата в биллинговой консоли",
        slug="оформление-возврата-в-биллинговой-консоли",
        body="""\
Только для сотрудников отдела биллинга. Эта процедура обязательна для всех возвратов, включая
частичные. Сотрудники общей поддержки возвраты не оформляют — передайте такое обращение отделу
биллинга.

## Перед началом

1. Убедитесь, что заявитель — администратор рабочего пространства или контактное лицо по оплате.
2. Сверьте запрос с [правилами возврата средств](/kb/ru/правила-возврата-средств/). Исключения на
   сумму свыше 25 000 ₽ согласует руководитель отдела биллинга.
3. Найдите платёж в разделе **Биллинговая консоль → Платежи** по номеру счёта или последним
   четырём цифрам карты.

## Оформление возврата

1. Откройте платёж и нажмите **Вернуть**.
2. Выберите **Полный** или **Частичный** возврат; для частичного укажите сумму.
3. Выберите код причины: `duplicate`, `cancellation`, `seats`, `goodwill` или `other`.
4. Не отмечайте **Отменить подписку**, если клиент об этом не просил.
5. Нажмите **Подтвердить возврат**.

Консоль автоматически сформирует корректировочный документ и отправит его контактному лицу по
оплате.

## Двойное списание

Если деньги списаны дважды, возвращайте более позднее списание, а не первое: именно первый платёж
привязан к счёту.

## После возврата

- Добавьте внутреннюю заметку: сумма, код причины и номер корректировочного документа.
- Сообщите клиенту срок поступления денег — 5–10 рабочих дней для карт.
- Поставьте тег `refund-issued` и переведите обращение в статус **Решено**.

Если консоль показывает **Возврат не выполнен**, повторите попытку не больше одного раза. Если
ошибка повторится, передайте вопрос в финансовый отдел, указав ID платежа.""",
        internal=True,
        related=("refund-policy", "find-invoices"),
    ),
    # billing-plans
    Article(
        group="change-plan",
        section="billing-plans",
        language="en",
        title="Change your plan",
        slug="change-your-plan",
        body="""\
You can switch plans and add or remove seats at any time. Only workspace administrators can change
the plan.

## Upgrade

1. Open **Settings → Billing → Plan** and click **Change plan**.
2. Choose the new plan, for example **Business** instead of **Team**, and the number of seats.
3. Check the amount due today and click **Confirm**.

The new features are available immediately. You pay only for the rest of the current billing
period: we charge the difference between the two plans, pro-rated by day. Your renewal date stays
the same.

## Downgrade

A downgrade takes effect at the end of the current billing period, so you keep the features you've
paid for until then. Before you confirm, we show which features you'll lose. For example,
scheduled exports and two-way sync with Outlook are only available on **Business**.

## Monthly or annual billing

Switching from monthly to annual billing takes effect immediately, and the unused part of the
month is deducted from the first annual payment. Switching from annual to monthly takes effect at
the next renewal.

## Add or remove seats

- Added seats are charged pro rata straight away.
- Removed seats lower your next invoice; on annual plans, the unused time is credited to your
  balance.

To free a seat, remove or deactivate a member: see [Remove an employee and transfer their
data](/kb/en/remove-an-employee-and-transfer-their-data/).""",
        related=("cancel-subscription", "remove-employee"),
    ),
    Article(
        group="change-plan",
        section="billing-plans",
        language="ru",
        title="Смена тарифа",
        slug="смена-тарифа",
        body="""\
Сменить тариф, добавить или убрать места можно в любой момент. Менять тариф могут только
администраторы рабочего пространства.

## Переход на тариф выше

1. Откройте **Настройки → Оплата → Тариф** и нажмите **Сменить тариф**.
2. Выберите новый тариф — например, «Бизнес» вместо «Команды» — и количество мест.
3. Проверьте сумму к оплате и нажмите **Подтвердить**.

Новые возможности становятся доступны сразу. Оплачивается только остаток текущего периода: мы
списываем разницу между тарифами пропорционально оставшимся дням. Дата продления не меняется.

## Переход на тариф ниже

Переход на более простой тариф вступает в силу в конце оплаченного периода — до этого момента все
оплаченные функции сохраняются. Перед подтверждением мы показываем, какие функции станут
недоступны. Например, регулярные выгрузки и двусторонняя синхронизация с Outlook есть только на
тарифе «Бизнес».

## Помесячная или годовая оплата

Переход с помесячной оплаты на годовую происходит сразу, а неиспользованная часть месяца
вычитается из первого годового платежа. Переход с годовой на помесячную вступает в силу при
следующем продлении.

## Как добавить или убрать места

- Добавленные места оплачиваются сразу, пропорционально оставшимся дням.
- Убранные места уменьшают следующий счёт; на годовом тарифе неиспользованное время зачисляется на
  баланс.

Чтобы освободить место, удалите или деактивируйте участника: см.
[Удаление сотрудника и передача его данных](/kb/ru/удаление-сотрудника-и-передача-данных/).""",
        related=("cancel-subscription", "remove-employee"),
    ),
    Article(
        group="cancel-subscription",
        section="billing-plans",
        language="en",
        title="Cancel your subscription",
        slug="cancel-your-subscription",
        body="""\
You can cancel your subscription at any time in the billing settings. There's no cancellation fee,
and your data isn't deleted straight away.

## Cancel

1. Open **Settings → Billing → Plan**.
2. Click **Cancel subscription** at the bottom of the page.
3. Tell us why you're leaving. It's optional, but it really helps us improve.
4. Click **Confirm cancellation**.

We send you a confirmation e-mail. Automatic renewal is turned off, and no further payments are
taken.

## What happens next

- The workspace keeps working until the end of the period you've paid for.
- After that, it moves to the free **Starter** plan: up to 3 members keep access, and the paid
  features are switched off.
- Your data is kept for 12 months. If you subscribe again during that time, you pick up exactly
  where you left off.

## Before you go

Download anything you want to keep: see
[Export your data to CSV or Excel](/kb/en/export-data-to-csv-or-excel/). Your invoices stay
available under **Settings → Billing → Invoices** after you cancel.

## Cancelled just after a renewal?

If the plan renewed a few days ago and you didn't mean to continue, you may be entitled to a
refund: see [Refund policy and how to request a refund](/kb/en/refund-policy/).""",
        related=("refund-policy", "export-csv"),
    ),
    Article(
        group="cancel-subscription",
        section="billing-plans",
        language="ru",
        title="Отмена подписки",
        slug="отмена-подписки",
        body="""\
Отменить подписку можно в любой момент в настройках оплаты. Плата за отмену не взимается, а данные
не удаляются сразу.

## Как отменить

1. Откройте **Настройки → Оплата → Тариф**.
2. Внизу страницы нажмите **Отменить подписку**.
3. Расскажите, почему вы уходите. Это необязательно, но очень помогает нам стать лучше.
4. Нажмите **Подтвердить отмену**.

На почту придёт подтверждение. Автопродление отключается, и больше платежей не будет.

## Что происходит дальше

- Рабочее пространство работает до конца оплаченного периода.
- Затем оно переходит на бесплатный тариф «Старт»: доступ сохраняется у трёх участников, платные
  функции отключаются.
- Данные хранятся 12 месяцев. Если за это время снова оформить подписку, работу можно продолжить с
  того же места.

## Перед уходом

Выгрузите всё, что хотите сохранить: см.
[Экспорт данных в CSV и Excel](/kb/ru/экспорт-данных-в-csv-и-excel/). Счета после отмены остаются
доступны в разделе **Настройки → Оплата → Счета**.

## Подписка отменена сразу после продления

Если тариф продлился несколько дней назад, а продолжать работу не планировалось, возможно,
деньги удастся вернуть: см. [Правила возврата средств](/kb/ru/правила-возврата-средств/).""",
        related=("refund-policy", "export-csv"),
    ),
    Article(
        group="currency",
        section="billing-plans",
        language="en",
        title="Currencies and prices",
        slug="currencies-and-prices",
        body="""\
You can pay in US dollars, euros or British pounds. Companies in Russia pay in rubles. The
currency is tied to your workspace, not to your card.

## How the currency is chosen

- When you first subscribe, we choose the currency from the country in your billing address.
- All later invoices are issued in the same currency.
- Prices in each currency are fixed and don't follow exchange rates.

## Change the currency

The currency can only change at renewal, because the invoice for the current period has already
been issued. Contact our Billing team at least 7 days before your renewal date, and we'll issue
the next invoice in the new currency.

## Taxes

Prices on our pricing page don't include VAT. VAT is added on the invoice according to your
country, unless a valid VAT number lets us apply the reverse charge: see
[Add a VAT number and company details](/kb/en/add-vat-number-and-company-details/).

## My card was charged a different amount

If your card is in a different currency from your invoice, your bank converts the amount and
may add a fee of its own. The amount on the invoice is what we charged; any difference comes
from the bank's exchange rate. To avoid conversion fees, pay with a card in the invoice
currency, or [pay by bank transfer](/kb/en/pay-by-bank-transfer/).""",
        related=("vat-company-details", "card-declined"),
    ),
    # calendar-basics
    Article(
        group="share-calendar",
        section="calendar-basics",
        language="en",
        title="Share a calendar with your team",
        slug="share-a-calendar",
        body="""\
Shared calendars let the whole team see meetings, deadlines and time off in one place. You can
share any calendar you own with colleagues, with the whole workspace or with people outside it.

## Share with colleagues

1. In the calendar list on the left, hover over the calendar and click **⋯ → Sharing settings**.
2. Click **Add people** and start typing a name or an e-mail address.
3. Choose the access level and click **Share**.

## Access levels

- **See free/busy only**: colleagues see when you're busy, but not what the events are.
- **View all details**: they see titles, descriptions and participants.
- **Edit events**: they can create, change and delete events.
- **Manage sharing**: they can also invite other people. Give this level only to people you trust.

## Share with the whole workspace

In the same dialog, turn on **Everyone in the workspace** and choose an access level. New members
get access automatically.

## Share outside the workspace

People outside the workspace don't need an account. Turn on **Public link** to get a read-only
link for the browser, or use a subscription link in iCal format: see
[Export the calendar to iCal (.ics)](/kb/en/export-calendar-to-ical/). Anyone with the link can
see the events, so use it only for calendars without sensitive information.

## Stop sharing

Open **Sharing settings** and click the cross next to the person. Their access ends
immediately. To cut off a public link, click **Reset link**.""",
        related=("ical-export", "mute-calendar"),
    ),
    Article(
        group="share-calendar",
        section="calendar-basics",
        language="ru",
        title="Совместный доступ к календарю",
        slug="совместный-доступ-к-календарю",
        body="""\
Общие календари позволяют всей команде видеть встречи, сроки и отпуска в одном месте. Любым своим
календарём можно поделиться с коллегами, со всем рабочим пространством или с людьми извне.

## Как поделиться с коллегами

1. В списке календарей слева наведите курсор на календарь и нажмите **⋯ → Настройки доступа**.
2. Нажмите **Добавить людей** и начните вводить имя или адрес почты.
3. Выберите уровень доступа и нажмите **Открыть доступ**.

## Уровни доступа

- **Только занятость**: коллеги видят, когда вы заняты, но не видят, чем именно.
- **Просмотр всех данных**: видны названия, описания и участники событий.
- **Редактирование событий**: можно создавать, изменять и удалять события.
- **Управление доступом**: можно также приглашать других людей. Этот уровень стоит давать только
  тем, кому вы полностью доверяете.

## Доступ для всего рабочего пространства

В том же окне включите **Все в рабочем пространстве** и выберите уровень доступа. Новые участники
будут получать доступ автоматически.

## Доступ для людей извне

Людям не из рабочего пространства аккаунт не нужен. Включите **Публичная ссылка**, чтобы получить
ссылку для просмотра в браузере, или воспользуйтесь ссылкой для подписки в формате iCal: см.
[Экспорт календаря в формат iCal](/kb/ru/экспорт-календаря-в-ical/). События увидит любой, у кого
есть ссылка, поэтому используйте её только для календарей без конфиденциальных данных.

## Как закрыть доступ

Откройте **Настройки доступа** и нажмите на крестик рядом с человеком — доступ закроется
сразу. Чтобы отключить публичную ссылку, нажмите **Сбросить ссылку**.""",
        related=("ical-export", "mute-calendar"),
    ),
    Article(
        group="recurring-events",
        section="calendar-basics",
        language="en",
        title="Create recurring events",
        slug="create-recurring-events",
        body="""\
Weekly meetings, monthly reports and annual reviews don't have to be created one by one. Make the
event recurring once, and the calendar repeats it for you.

## Create a recurring event

1. Create an event as usual, or open an existing one.
2. In the **Repeat** field, choose `Daily`, `Weekly`, `Monthly` or `Yearly`.
3. For other patterns, such as every second Tuesday or the last Friday of the month, choose
   **Custom**.
4. Choose when the series ends: never, on a date, or after a number of occurrences.
5. Click **Save**.

## Edit or delete occurrences

When you change a recurring event, we ask what the change should apply to:

- **This event**: only this occurrence changes.
- **This and following events**: the series is split, and earlier events stay as they were.
- **All events**: the whole series changes, including past occurrences.

Deleting works the same way.

## Good to know

- A recurring event keeps the time zone it was created in. A 9:00 meeting stays at 9:00 local time
  when the clocks change for summer or winter time. If times look shifted, see
  [Events shown at the wrong time](/kb/en/events-shown-at-the-wrong-time/).
- Series without an end date are shown up to five years ahead.
- Reminders set on a series apply to every occurrence.
- Participants get one invitation for the whole series, not one per occurrence.""",
        related=("wrong-time-zone", "share-calendar"),
    ),
    Article(
        group="recurring-events",
        section="calendar-basics",
        language="ru",
        title="Повторяющиеся события",
        slug="повторяющиеся-события",
        body="""\
Еженедельные планёрки, ежемесячные отчёты и ежегодные встречи не нужно создавать по одной.
Достаточно один раз сделать событие повторяющимся — дальше календарь повторит его сам.

## Как создать повторяющееся событие

1. Создайте событие, как обычно, или откройте существующее.
2. В поле **Повтор** выберите `Ежедневно`, `Еженедельно`, `Ежемесячно` или `Ежегодно`.
3. Для других вариантов — например, каждый второй вторник или последняя пятница месяца — выберите
   **Настроить**.
4. Укажите, когда серия заканчивается: никогда, в определённую дату или после заданного числа
   повторений.
5. Нажмите **Сохранить**.

## Изменение и удаление повторений

При изменении повторяющегося события календарь спрашивает, к чему применить изменения:

- **Только это событие** — меняется одно повторение.
- **Это и последующие события** — серия делится на две, а прошлые события остаются прежними.
- **Все события** — меняется вся серия, включая прошедшие повторения.

Удаление работает так же.

## Полезно знать

- Повторяющееся событие сохраняет часовой пояс, в котором было создано. Встреча в 9:00 остаётся в
  9:00 по местному времени, даже если у участников из других стран переводят часы. Если время
  выглядит сдвинутым, см.
  [События сдвинуты на несколько часов](/kb/ru/события-сдвинуты-на-несколько-часов/).
- Серии без даты окончания отображаются на пять лет вперёд.
- Напоминания, заданные для серии, срабатывают для каждого повторения.
- Участники получают одно приглашение на всю серию, а не на каждое повторение.""",
        related=("wrong-time-zone", "event-reminders", "share-calendar"),
    ),
    Article(
        group="event-reminders",
        section="calendar-basics",
        language="ru",
        title="Напоминания о событиях",
        slug="напоминания-о-событиях",
        body="""\
Напоминание приходит заранее, чтобы встреча или срок не застали врасплох. Его можно настроить для
отдельного события или сразу для всего календаря.

## Напоминание для одного события

1. Откройте событие и нажмите **Добавить напоминание**.
2. Выберите, когда напомнить: за 10 минут, за час, за день или в другое время.
3. Выберите способ: push-уведомление, письмо или оба сразу.
4. Сохраните событие.

Для одного события можно задать до пяти напоминаний — например, за день и за 15 минут.

## Напоминания по умолчанию

Чтобы не настраивать каждое событие вручную, откройте **⋯ → Настройки календаря → Напоминания** и
задайте напоминания по умолчанию. Они будут добавляться ко всем новым событиям этого календаря;
уже созданные события не изменятся.

## События на весь день

Для событий на весь день напоминание по умолчанию приходит накануне в 9:00. Это время можно
изменить в тех же настройках календаря.

## Напоминание не пришло

- Проверьте, что push-уведомления разрешены на телефоне: см.
  [Push-уведомления в мобильном приложении](/kb/ru/push-уведомления-в-мобильном-приложении/).
- Убедитесь, что для календаря не отключены уведомления: см.
  [Отключение уведомлений от календаря](/kb/ru/отключение-уведомлений-календаря/).
- Напоминания приходят только тем участникам, которые приняли приглашение на событие.
- Проверьте часовой пояс в профиле: если он указан неверно, напоминание придёт в неожиданное
  время.""",
        related=("push-notifications", "mute-calendar", "recurring-events"),
    ),
    # calendar-sync
    Article(
        group="outlook-sync",
        section="calendar-sync",
        language="en",
        title="Sync the calendar with Outlook",
        slug="sync-with-outlook",
        body="""\
Connect your Outlook or Microsoft 365 calendar to see all your meetings in one place. The sync
works both ways: events you create here appear in Outlook, and changes made in Outlook appear
here.

Two-way sync with Outlook is available on the **Business** plan. On other plans, you can subscribe
to your calendar from Outlook in read-only mode with an
[iCal link](/kb/en/export-calendar-to-ical/).

## Connect Outlook

1. Open **Settings → Integrations** and click **Connect** next to **Microsoft Outlook**.
2. Sign in with your Microsoft account and allow access to your calendars.
3. Choose which Outlook calendars to sync and which of our calendars their events should go to.
4. Click **Start sync**.

The first sync takes up to 15 minutes, depending on the number of events. After that, changes
usually appear within 2–5 minutes.

## What is synced

- titles, times, locations and descriptions;
- participants and their responses;
- recurring events, including changed or cancelled occurrences.

Attachments aren't copied; the event keeps a link to them instead.

## Company accounts

If your organisation uses Microsoft 365, your IT administrator may have to approve our app before
anyone can connect. If you see "Need admin approval" after signing in, forward the request to your
IT team.

## The sync has stopped

Open **Settings → Integrations → Microsoft Outlook**. If the status is `Reconnect required`,
click **Reconnect**; this happens, for example, after you change your Microsoft password. If
events arrive shifted by a few hours, the time zones don't match: see
[Events shown at the wrong time](/kb/en/events-shown-at-the-wrong-time/).""",
        related=("google-sync", "wrong-time-zone"),
    ),
    Article(
        group="outlook-sync",
        section="calendar-sync",
        language="ru",
        title="Синхронизация с Outlook",
        slug="синхронизация-с-outlook",
        body="""\
Подключите календарь Outlook или Microsoft 365, чтобы видеть все встречи в одном месте.
Синхронизация работает в обе стороны: события, созданные у нас, появляются в Outlook, а изменения
в Outlook — у нас.

Двусторонняя синхронизация с Outlook доступна на тарифе «Бизнес». На других тарифах календарь
можно добавить в Outlook только для просмотра — по
[ссылке в формате iCal](/kb/ru/экспорт-календаря-в-ical/).

## Как подключить Outlook

1. Откройте **Настройки → Интеграции** и нажмите **Подключить** рядом с **Microsoft Outlook**.
2. Войдите в аккаунт Microsoft и разрешите доступ к календарям.
3. Выберите, какие календари Outlook синхронизировать и в какие наши календари переносить их
   события.
4. Нажмите **Начать синхронизацию**.

Первая синхронизация занимает до 15 минут — в зависимости от количества событий. Дальше изменения
обычно появляются в течение 2–5 минут.

## Что синхронизируется

- названия, время, место и описание;
- участники и их ответы на приглашения;
- повторяющиеся события, включая изменённые и отменённые повторения.

Вложения не копируются — в событии остаётся ссылка на них.

## Корпоративные аккаунты

Если в организации используется Microsoft 365, ИТ-администратору, возможно, придётся сначала
одобрить наше приложение. Если после входа появляется сообщение «Требуется разрешение
администратора», перешлите запрос в ИТ-отдел.

## Синхронизация остановилась

Откройте **Настройки → Интеграции → Microsoft Outlook**. Если указан статус `Требуется
переподключение`, нажмите **Переподключить** — так бывает, например, после смены пароля
Microsoft. Если события приходят со сдвигом на несколько часов, не совпадают часовые пояса:
см. [События сдвинуты на несколько часов](/kb/ru/события-сдвинуты-на-несколько-часов/).""",
        related=("google-sync", "wrong-time-zone", "sync-delay"),
    ),
    Article(
        group="google-sync",
        section="calendar-sync",
        language="en",
        title="Sync the calendar with Google Calendar",
        slug="sync-with-google-calendar",
        body="""\
Connect Google Calendar to keep your work and personal schedules in step. As with Outlook, the
sync runs in both directions. It's available on all paid plans.

## Connect Google Calendar

1. Open **Settings → Integrations** and click **Connect** next to **Google Calendar**.
2. Choose your Google account and allow access to your calendars. Tick every permission box Google
   shows: without them, the sync only works one way.
3. Choose which Google calendars to sync.
4. Click **Start sync**.

## How fast changes travel

- Changes made here appear in Google Calendar within about a minute.
- Changes made in Google Calendar usually appear here within 5 minutes.
- Deleting an event on one side deletes it on the other. To keep the events here after you
  disconnect Google, choose **Keep copies** when disconnecting.

## Several Google accounts

You can connect up to three Google accounts, for example a work account and a personal one. Each
appears as a separate group in the calendar list, and you can hide any of them with one click.

## Duplicate events

Duplicates appear when the same calendar is connected twice: directly, and also through an iCal
subscription added in Google. Remove the subscription in Google Calendar, and the duplicates
disappear after the next sync.

If events arrive shifted by an hour or more, compare the time zones in both services: see
[Events shown at the wrong time](/kb/en/events-shown-at-the-wrong-time/).""",
        related=("outlook-sync", "ical-export"),
    ),
    Article(
        group="google-sync",
        section="calendar-sync",
        language="ru",
        title="Синхронизация с Google Календарём",
        slug="синхронизация-с-google-календарём",
        body="""\
Подключите Google Календарь, чтобы рабочее и личное расписание не расходились. Как и в случае с
Outlook, синхронизация идёт в обе стороны. Она доступна на всех платных тарифах.

## Как подключить Google Календарь

1. Откройте **Настройки → Интеграции** и нажмите **Подключить** рядом с **Google Календарь**.
2. Выберите аккаунт Google и разрешите доступ к календарям. Отметьте все разрешения, которые
   запрашивает Google: без них синхронизация будет работать только в одну сторону.
3. Выберите, какие календари Google синхронизировать.
4. Нажмите **Начать синхронизацию**.

## Как быстро доходят изменения

- Изменения, сделанные у нас, появляются в Google Календаре примерно через минуту.
- Изменения из Google Календаря обычно появляются у нас в течение 5 минут.
- Удаление события на одной стороне удаляет его и на другой. Чтобы после отключения Google события
  у нас сохранились, при отключении выберите **Сохранить копии**.

## Несколько аккаунтов Google

Можно подключить до трёх аккаунтов Google — например, рабочий и личный. Каждый отображается
отдельной группой в списке календарей, и любой из них можно скрыть одним нажатием.

## Дубли событий

Дубли появляются, когда один и тот же календарь подключён дважды: напрямую и через подписку iCal,
добавленную в Google. Удалите подписку в Google Календаре — после следующей синхронизации дубли
исчезнут.

Если события приходят со сдвигом на час и больше, сравните часовые пояса в обоих сервисах: см.
[События сдвинуты на несколько часов](/kb/ru/события-сдвинуты-на-несколько-часов/).""",
        related=("outlook-sync", "ical-export", "sync-delay"),
    ),
    Article(
        group="apple-calendar",
        section="calendar-sync",
        language="en",
        title="Show your calendar on iPhone, iPad and Mac",
        slug="apple-calendar-on-iphone-and-mac",
        body="""\
There's no separate Apple integration, but you can add your calendar to the Calendar app on
iPhone, iPad and Mac with a subscription link. Your events then appear next to your other
calendars and update automatically.

## Get the subscription link

1. In the calendar list, click **⋯ → Export and subscribe** next to the calendar.
2. Copy the **Subscription link (iCal)**.

## Add it on iPhone or iPad

1. Open **Settings → Calendar → Accounts → Add Account → Other**.
2. Tap **Add Subscribed Calendar**, paste the link and tap **Next**.
3. Tap **Save**.

## Add it on a Mac

1. In the Calendar app, choose **File → New Calendar Subscription**.
2. Paste the link and click **Subscribe**.
3. Set **Auto-refresh** to `Every 15 minutes`.

## Limitations

- The subscription is read-only: changes made in Apple Calendar aren't sent back.
- Apple refreshes subscriptions on its own schedule, so on iPhone a new event can take from 15
  minutes to a few hours to appear.
- The link gives access to your events without a password. If it leaks, reset it on the **Export
  and subscribe** screen.

If your Apple devices already show a Google calendar, it's simpler to connect Google directly
and get two-way sync: see
[Sync the calendar with Google Calendar](/kb/en/sync-with-google-calendar/). More about
subscription links is in
[Export the calendar to iCal (.ics)](/kb/en/export-calendar-to-ical/).""",
        related=("ical-export", "google-sync"),
    ),
    Article(
        group="escalate-sync-bug",
        section="calendar-sync",
        language="en",
        title="Escalating a calendar sync bug",
        slug="escalating-a-calendar-sync-bug",
        body="""\
Agents only. Most sync complaints are solved by reconnecting the integration or fixing a time
zone. Escalate to engineering only when the checks below don't help, and include everything the
developers need, so that they don't have to go back to the customer.

## First-line checks

1. In **Admin → Accounts → Integrations**, check the sync status and the time of the last
   successful sync.
2. If the status is `Reconnect required` or `Token expired`, ask the customer to reconnect. This
   solves most cases.
3. Compare the time zone in the customer's profile with the one in Outlook or Google. A shift of
   whole hours is almost always a time zone mismatch, not a bug.
4. Ask whether the problem affects all events or only some of them, for example recurring events
   or events created on one side only.

## When to escalate

- The status is `OK`, but events have been missing or duplicated for more than an hour.
- Two or more workspaces report the same problem on the same day.
- Events are deleted on one side without anyone deleting them.

## What to include

Create an issue in the bug tracker with the `calendar-sync` label and add:

- the workspace ID and the e-mail of the affected user;
- the provider (Outlook, Microsoft 365 or Google) and the connection ID;
- the IDs and times of one or two affected events on both sides;
- what the customer expected and what happened instead;
- an excerpt of the sync log from **Admin → Integrations → Logs**.

Then put the ticket **On hold**, link the issue in an internal note and tell the customer that
it has been passed to our developers. If events are being deleted, mark the issue `P1` and
alert the on-call engineer.""",
        internal=True,
        related=("outlook-sync", "google-sync", "wrong-time-zone"),
    ),
    Article(
        group="escalate-sync-bug",
        section="calendar-sync",
        language="ru",
        title="Эскалация ошибки синхронизации календаря",
        slug="эскалация-ошибки-синхронизации-календаря",
        body="""\
Только для сотрудников поддержки. Большинство жалоб на синхронизацию решается переподключением
интеграции или исправлением часового пояса. Передавайте проблему разработчикам, только если
проверки ниже не помогли, и прикладывайте всё, что им понадобится, — чтобы не пришлось снова
обращаться к клиенту.

## Проверки первой линии

1. В разделе **Админка → Аккаунты → Интеграции** проверьте статус синхронизации и время последней
   успешной синхронизации.
2. Если статус — `Reconnect required` или `Token expired`, попросите клиента переподключить
   интеграцию. Это решает большинство случаев.
3. Сравните часовой пояс в профиле клиента с часовым поясом в Outlook или Google. Сдвиг на целое
   число часов почти всегда означает несовпадение поясов, а не ошибку.
4. Уточните, затронуты все события или только часть — например, повторяющиеся или созданные только
   на одной стороне.

## Когда передавать разработчикам

- Статус — `OK`, но события отсутствуют или дублируются дольше часа.
- Об одной и той же проблеме в один день сообщают два рабочих пространства или больше.
- События удаляются на одной из сторон, хотя никто их не удалял.

## Что указать

Создайте задачу в баг-трекере с меткой `calendar-sync` и добавьте:

- ID рабочего пространства и адрес почты пострадавшего пользователя;
- провайдера (Outlook, Microsoft 365 или Google) и ID подключения;
- ID и время одного-двух проблемных событий на обеих сторонах;
- что клиент ожидал и что произошло на самом деле;
- фрагмент журнала синхронизации из раздела **Админка → Интеграции → Журналы**.

Затем переведите обращение в статус **Ожидание**, добавьте ссылку на задачу во внутреннюю
заметку и сообщите клиенту, что вопрос передан разработчикам. Если события удаляются,
присвойте задаче приоритет `P1` и предупредите дежурного инженера.""",
        internal=True,
        related=("outlook-sync", "google-sync", "wrong-time-zone"),
    ),
    # calendar-troubleshooting
    Article(
        group="wrong-time-zone",
        section="calendar-troubleshooting",
        language="en",
        title="Events shown at the wrong time",
        slug="events-shown-at-the-wrong-time",
        body="""\
If all your events are shifted by the same number of hours, the calendar is almost certainly using
a different time zone from the one you expect. Here's how to find the mismatch and fix it.

## Check the time zone in your profile

1. Open **Settings → Profile**.
2. Look at **Time zone**. If **Use device time zone** is on, the calendar follows the settings of
   your computer or phone.
3. Choose your city explicitly, for example `Europe/London`, and click **Save**.
4. Reload the page.

## Check your device

If you use the device time zone, check the date and time settings on your computer or phone. A
laptop that still has the time zone of a recent trip shifts every event.

## Check the calendar's own time zone

Each shared calendar has a time zone under **⋯ → Calendar settings**. Regular events are still
shown in your local time, but all-day events and recurring series follow the calendar's time zone.

## Events from Outlook or Google are shifted

The time zone in Outlook or Google must match the one in your profile. After correcting it,
disconnect and reconnect the integration so that the events are imported again: see
[Sync the calendar with Outlook](/kb/en/sync-with-outlook/).

## Shifted by exactly one hour

This often happens around the change to or from summer time, when an event was created in `UTC`
rather than in a city's time zone. Open the event and set its time zone to your city.

If nothing helps, contact support with a screenshot of one event and the time you expected to
see.""",
        related=("outlook-sync", "recurring-events"),
    ),
    Article(
        group="wrong-time-zone",
        section="calendar-troubleshooting",
        language="ru",
        title="События сдвинуты на несколько часов",
        slug="события-сдвинуты-на-несколько-часов",
        body="""\
Если все события сдвинуты на одно и то же число часов, календарь почти наверняка использует не тот
часовой пояс, который ожидается. Вот как найти несовпадение и исправить его.

## Проверьте часовой пояс в профиле

1. Откройте **Настройки → Профиль**.
2. Посмотрите на поле **Часовой пояс**. Если включено **Использовать часовой пояс устройства**,
   календарь следует настройкам компьютера или телефона.
3. Выберите свой город явно, например `Europe/Moscow`, и нажмите **Сохранить**.
4. Обновите страницу.

## Проверьте устройство

Если используется часовой пояс устройства, проверьте настройки даты и времени на компьютере или
телефоне. Ноутбук, на котором остался часовой пояс из недавней поездки, сдвигает все события.

## Проверьте часовой пояс календаря

У каждого общего календаря есть свой часовой пояс — в разделе **⋯ → Настройки календаря**. Обычные
события всё равно показываются по вашему местному времени, а вот события на весь день и
повторяющиеся серии следуют поясу календаря.

## Сдвинуты события из Outlook или Google

Часовой пояс в Outlook или Google должен совпадать с поясом в профиле. После исправления отключите
и снова подключите интеграцию, чтобы события загрузились заново: см.
[Синхронизация с Outlook](/kb/ru/синхронизация-с-outlook/).

## Сдвиг ровно на час

В России часы не переводят, но в Европе и США это делают дважды в год. Если событие создано в
поясе `UTC` или в поясе другой страны, после перевода часов оно может сдвинуться на час. Откройте
событие и укажите для него пояс своего города.

Если ничего не помогло, напишите в поддержку и приложите снимок экрана с одним событием и
временем, которое ожидалось.""",
        related=("outlook-sync", "recurring-events"),
    ),
    Article(
        group="missing-events",
        section="calendar-troubleshooting",
        language="en",
        title="Events disappeared from the calendar",
        slug="events-disappeared-from-the-calendar",
        body="""\
If events you expected to see are gone, they're usually hidden rather than deleted. Go through
these checks in order.

## 1. Is the calendar hidden?

Each calendar in the list on the left has a checkbox. An unticked calendar is hidden from view,
but its events are still there. Also check the **Filters** button above the calendar: a filter by
participant or tag hides every event that doesn't match.

## 2. Has the calendar stopped being shared with you?

If a colleague removed you from a shared calendar, it disappears from your list. Ask the owner to
check **Sharing settings**.

## 3. Was an integration disconnected?

Events imported from Outlook or Google disappear when the integration is disconnected without
**Keep copies**. Reconnect it under **Settings → Integrations**, and the events come back after
the first sync.

## 4. Look in the trash

Deleted events are kept for 30 days.

1. Open the calendar and click **⋯ → Trash**.
2. Select the events and click **Restore**.

The trash shows who deleted each event and when, which helps you find out what happened.

## 5. Was a recurring series changed?

Editing **This and following events** splits a series in two. If the end date of the first part
was set too early, later events may seem to be missing. Open an earlier occurrence and check when
the series ends: see [Create recurring events](/kb/en/create-recurring-events/).

If the events aren't in the trash and none of this explains it, contact support soon: we can
restore events from backups made within the last 30 days.""",
        related=("recurring-events", "share-calendar"),
    ),
    Article(
        group="sync-delay",
        section="calendar-troubleshooting",
        language="ru",
        title="Изменения из Outlook и Google появляются с задержкой",
        slug="задержка-синхронизации-календаря",
        body="""\
Синхронизация с Outlook и Google работает не мгновенно. Обычно изменения доходят за несколько
минут, но иногда задержка бывает заметно больше.

## Обычные сроки

- Первая синхронизация после подключения — до 15 минут, а при большом числе событий — до часа.
- Изменения из Outlook и Google — 2–5 минут.
- Изменения, сделанные в нашем календаре, — около минуты.

## Когда задержка больше обычной

- **Много изменений сразу.** Импорт сотен событий или правка длинной серии повторяющихся встреч
  обрабатываются в очереди — это может занять до получаса.
- **Требуется переподключение.** После смены пароля Microsoft или Google доступ к календарю
  отзывается, и в разделе **Настройки → Интеграции** появляется статус `Требуется
  переподключение`.
- **Ограничения в компании.** Некоторые организации ограничивают доступ сторонних приложений к
  Microsoft 365 — уточните это в ИТ-отделе.

## Как ускорить

1. Откройте **Настройки → Интеграции** и выберите подключённый календарь.
2. Нажмите **Синхронизировать сейчас**.
3. Если указан статус `Требуется переподключение`, нажмите **Переподключить** и заново войдите в
   аккаунт Microsoft или Google.

## Изменения так и не появились

Если прошло больше часа, а статус — `OK`, напишите в поддержку: укажите название события, его
дату и в каком календаре его меняли. Подробнее о настройке — в статьях
[Синхронизация с Outlook](/kb/ru/синхронизация-с-outlook/) и
[Синхронизация с Google Календарём](/kb/ru/синхронизация-с-google-календарём/).""",
        related=("outlook-sync", "google-sync"),
    ),
    # export-files
    Article(
        group="export-csv",
        section="export-files",
        language="en",
        title="Export your data to CSV or Excel",
        slug="export-data-to-csv-or-excel",
        body="""\
You can export events, tasks, contacts and reports to a CSV file or an Excel workbook, for example
to build your own report or to keep a copy for an audit.

## Export a list

1. Open the list you want to export, for example **Calendar → List view** or **Reports**.
2. Set the filters and the period. The export contains exactly what the list shows.
3. Click **Export** and choose the format: `CSV` or `Excel (.xlsx)`.
4. Small exports download right away. Larger ones are prepared in the background, and we e-mail
   you a download link when the file is ready.

## CSV or Excel?

- **CSV** is a plain text file that any tool can read: spreadsheets, databases, reporting tools.
  Values are separated by commas, and the file is encoded in UTF-8.
- **Excel** keeps dates and numbers as real dates and numbers. Choose it if you're going to open
  the file in Excel anyway.

If non-Latin text, such as Cyrillic, looks garbled when you open a CSV file in Excel, export to
`Excel (.xlsx)` instead.

## What's in the file

The first row holds the column names. They're always in English, so formulas and scripts keep
working whatever your interface language: see
[What the columns in a CSV export mean](/kb/en/csv-export-columns/).

## Tips

- Dates are exported in your profile time zone.
- One export can hold up to 1,000,000 rows. For more, split the period.
- Members can only export data they have access to.
- To get the same export every week without doing it by hand, set up a
  [scheduled export](/kb/en/set-up-scheduled-exports/).""",
        related=("csv-columns", "large-exports", "scheduled-exports"),
    ),
    Article(
        group="export-csv",
        section="export-files",
        language="ru",
        title="Экспорт данных в CSV и Excel",
        slug="экспорт-данных-в-csv-и-excel",
        body="""\
События, задачи, контакты и отчёты можно выгрузить в файл CSV или в книгу Excel — например, чтобы
построить собственный отчёт или сохранить копию данных для аудита.

## Как выгрузить список

1. Откройте список, который нужно выгрузить, — например, **Календарь → Список** или **Отчёты**.
2. Задайте фильтры и период. В выгрузку попадёт ровно то, что показано в списке.
3. Нажмите **Экспорт** и выберите формат: `CSV` или `Excel (.xlsx)`.
4. Небольшая выгрузка скачивается сразу. Большие готовятся в фоновом режиме, и, когда файл будет
   готов, на почту придёт ссылка для скачивания.

## CSV или Excel?

- **CSV** — простой текстовый файл, который читают любые программы: таблицы, базы данных, системы
  отчётности. Значения разделены запятыми, кодировка — UTF-8.
- **Excel** сохраняет даты и числа именно как даты и числа. Выбирайте его, если файл всё равно
  будет открываться в Excel.

Если при открытии CSV-файла в Excel вместо кириллицы появляются непонятные символы, выберите
формат `Excel (.xlsx)` или воспользуйтесь советами из статьи
[Вместо русских букв в Excel — непонятные символы](/kb/ru/кириллица-в-excel/).

## Что в файле

В первой строке — названия столбцов. Они всегда на английском, чтобы формулы и скрипты работали
независимо от языка интерфейса: см.
[Что означают столбцы в CSV-выгрузке](/kb/ru/столбцы-csv-выгрузки/).

## Полезно знать

- Даты выгружаются в часовом поясе профиля.
- В один экспорт помещается до 1 000 000 строк. Если данных больше, разбейте период на части.
- Участники могут выгружать только те данные, к которым у них есть доступ.
- Чтобы каждую неделю получать одну и ту же выгрузку без ручной работы, настройте
  [регулярную выгрузку по расписанию](/kb/ru/регулярная-выгрузка-по-расписанию/).""",
        related=("csv-columns", "cyrillic-excel", "large-exports"),
    ),
    Article(
        group="csv-columns",
        section="export-files",
        language="en",
        title="What the columns in a CSV export mean",
        slug="csv-export-columns",
        body="""\
Every export starts with a header row. Column names are always in English, whatever your interface
language, so that formulas and scripts keep working. Here's what the columns of an events export
mean.

## Event columns

- `event_id`: the unique ID of the event. Occurrences of a recurring event share the ID and differ
  by `start`.
- `calendar`: the name of the calendar the event belongs to.
- `title`, `description`, `location`: as entered in the event.
- `start`, `end`: date and time in your profile time zone, in the format `YYYY-MM-DD HH:MM`.
- `all_day`: `true` for all-day events, whose `start` and `end` contain only a date.
- `timezone`: the event's own time zone, for example `Europe/Berlin`.
- `organizer`: the e-mail of the person who created the event.
- `attendees`: participants' e-mails, separated by semicolons.
- `status`: `confirmed`, `tentative` or `cancelled`.
- `recurrence`: the repeat rule in iCal format; empty for one-off events.
- `source`: where the event came from: `app`, `outlook`, `google` or `import`.
- `updated_at`: when the event was last changed.

## Empty cells

An empty cell means that the field wasn't filled in. Cancelled events are included only if you
tick **Include cancelled** before exporting.

## Numbers and dates in spreadsheets

Spreadsheets sometimes turn long IDs into numbers like `1.23E+15` or change the date format.
To avoid this, import the file rather than opening it with a double-click, and set the
`event_id` column to text. More about formats in
[Export your data to CSV or Excel](/kb/en/export-data-to-csv-or-excel/).""",
        related=("export-csv", "large-exports"),
    ),
    Article(
        group="csv-columns",
        section="export-files",
        language="ru",
        title="Что означают столбцы в CSV-выгрузке",
        slug="столбцы-csv-выгрузки",
        body="""\
Каждая выгрузка начинается со строки заголовков. Названия столбцов всегда на английском,
независимо от языка интерфейса, — так формулы и скрипты продолжают работать. Ниже описаны столбцы
выгрузки событий.

## Столбцы событий

- `event_id` — уникальный идентификатор события. У повторений одной серии он общий, различаются
  они значением `start`.
- `calendar` — название календаря, к которому относится событие.
- `title`, `description`, `location` — название, описание и место, как они указаны в событии.
- `start`, `end` — дата и время в часовом поясе профиля в формате `YYYY-MM-DD HH:MM`.
- `all_day` — `true` для событий на весь день; в `start` и `end` у них только дата.
- `timezone` — собственный часовой пояс события, например `Europe/Moscow`.
- `organizer` — адрес почты того, кто создал событие.
- `attendees` — адреса участников через точку с запятой.
- `status` — `confirmed` (подтверждено), `tentative` (под вопросом) или `cancelled` (отменено).
- `recurrence` — правило повторения в формате iCal; у разовых событий пусто.
- `source` — откуда пришло событие: `app`, `outlook`, `google` или `import`.
- `updated_at` — когда событие изменяли в последний раз.

## Пустые ячейки

Пустая ячейка означает, что поле не заполнено. Отменённые события попадают в выгрузку, только если
перед экспортом отметить **Включая отменённые**.

## Числа и даты в таблицах

Табличные редакторы иногда превращают длинные идентификаторы в числа вида `1,23E+15` или
меняют формат дат. Чтобы этого не случилось, импортируйте файл, а не открывайте его двойным
щелчком, и задайте для столбца `event_id` текстовый формат. Подробнее о форматах — в статье
[Экспорт данных в CSV и Excel](/kb/ru/экспорт-данных-в-csv-и-excel/).""",
        related=("export-csv", "cyrillic-excel"),
    ),
    Article(
        group="ical-export",
        section="export-files",
        language="en",
        title="Export the calendar to iCal (.ics)",
        slug="export-calendar-to-ical",
        body="""\
iCal (.ics) is the standard calendar format that Outlook, Google Calendar, Apple Calendar and most
other calendar apps understand. You can use it in two ways: as a one-off file or as a subscription
link that keeps updating.

## Download an .ics file

1. In the calendar list, click **⋯ → Export and subscribe** next to the calendar.
2. Choose the period, for example `Next 12 months` or `All events`.
3. Click **Download .ics**.

The file is a snapshot: later changes won't appear in it. Use it to move events to another app
once, or to keep an archive.

## Subscribe with a link

The **Subscription link (iCal)** on the same screen lets another app read your calendar and
refresh it regularly. Paste it into:

- **Google Calendar**: **Other calendars → From URL**;
- **Outlook**: **Add calendar → Subscribe from web**;
- **Apple Calendar**: **File → New Calendar Subscription**.

A subscription is read-only, and the other app decides how often to refresh it, usually every few
hours. For two-way sync, connect [Outlook](/kb/en/sync-with-outlook/) or
[Google Calendar](/kb/en/sync-with-google-calendar/) directly.

## Keep the link private

Anyone with the subscription link can see the titles and times of your events. If you've shared
the link by mistake, click **Reset link**: the old one stops working immediately, and you'll need
to update the subscription in your other apps.

## Private events

Events marked **Private** are exported as `Busy`, without a title or any details.""",
        related=("google-sync", "outlook-sync"),
    ),
    Article(
        group="ical-export",
        section="export-files",
        language="ru",
        title="Экспорт календаря в формат iCal",
        slug="экспорт-календаря-в-ical",
        body="""\
iCal (.ics) — стандартный формат календарей, который понимают Outlook, Google Календарь, Apple
Календарь и большинство других приложений. Использовать его можно двумя способами: как разовый
файл или как ссылку для подписки, которая обновляется сама.

## Как скачать файл .ics

1. В списке календарей нажмите **⋯ → Экспорт и подписка** рядом с нужным календарём.
2. Выберите период, например `Следующие 12 месяцев` или `Все события`.
3. Нажмите **Скачать .ics**.

Файл — это снимок на момент выгрузки: последующие изменения в него не попадут. Он подходит, чтобы
один раз перенести события в другое приложение или сохранить архив.

## Подписка по ссылке

**Ссылка для подписки (iCal)** на том же экране позволяет другому приложению читать календарь и
регулярно его обновлять. Вставьте её:

- в **Google Календаре**: **Другие календари → Добавить по URL**;
- в **Outlook**: **Добавить календарь → Подписаться из Интернета**;
- в **Apple Календаре**: **Файл → Новая подписка на календарь**.

Подписка работает только на чтение, а как часто её обновлять, решает другое приложение — обычно
раз в несколько часов. Для двусторонней синхронизации подключите
[Outlook](/kb/ru/синхронизация-с-outlook/) или
[Google Календарь](/kb/ru/синхронизация-с-google-календарём/) напрямую.

## Не передавайте ссылку посторонним

По ссылке для подписки видны названия и время событий. Если ссылка случайно попала не к тем людям,
нажмите **Сбросить ссылку**: старая сразу перестанет работать, а подписку в других приложениях
нужно будет обновить.

## Личные события

События с отметкой **Личное** выгружаются как `Занят` — без названия и подробностей.""",
        related=("google-sync", "outlook-sync"),
    ),
    Article(
        group="cyrillic-excel",
        section="export-files",
        language="ru",
        title="Вместо русских букв в Excel — непонятные символы",
        slug="кириллица-в-excel",
        body="""\
Если открыть CSV-выгрузку в Excel двойным щелчком, вместо кириллицы иногда появляются символы
вроде `РЎРѕР±С‹С‚РёРµ`. Данные при этом не повреждены: Excel просто читает файл не в той
кодировке.

## Почему так происходит

Наши CSV-файлы сохраняются в кодировке UTF-8 — это международный стандарт, который понимают все
современные программы. Excel для Windows при открытии двойным щелчком считает, что файл записан в
старой кодировке Windows-1251, и расшифровывает его неправильно.

## Способ 1. Выгрузить сразу в Excel

При экспорте выберите формат `Excel (.xlsx)` вместо `CSV`. Для файлов .xlsx кодировка не важна, и
кириллица отобразится правильно.

## Способ 2. Импортировать CSV с указанием кодировки

1. Откройте пустую книгу Excel.
2. На вкладке **Данные** выберите **Из текстового/CSV-файла** и укажите скачанный файл.
3. В поле **Источник файла** выберите `65001: Юникод (UTF-8)`.
4. В поле **Разделитель** выберите **Запятая** и нажмите **Загрузить**.

## Способ 3. Добавлять BOM в выгрузки

В разделе **Настройки → Профиль → Экспорт** включите параметр **Добавлять BOM в CSV-файлы**. По
этой служебной метке в начале файла Excel узнаёт кодировку и открывает файл правильно даже двойным
щелчком. Другим программам и скриптам метка обычно не мешает.

## Все данные в одном столбце

Это уже не кодировка, а разделитель: русская версия Excel по умолчанию ожидает точку с запятой, а
в нашей выгрузке значения разделены запятыми. Импортируйте файл способом 2 и укажите разделитель
вручную.

Подробнее о форматах — в статье
[Экспорт данных в CSV и Excel](/kb/ru/экспорт-данных-в-csv-и-excel/).""",
        related=("export-csv", "csv-columns"),
    ),
    # export-advanced
    Article(
        group="scheduled-exports",
        section="export-advanced",
        language="en",
        title="Set up scheduled exports",
        slug="set-up-scheduled-exports",
        body="""\
A scheduled export sends a fresh file every day, week or month, so your accountant or manager gets
the figures without signing in. Scheduled exports are available on the **Business** plan.

## Create a schedule

1. Open the list or report you want to export and set the filters.
2. Click **Export → Schedule**.
3. Choose the format, `CSV` or `Excel (.xlsx)`, and how often: every day, once a week on a chosen
   day, or on the first day of each month.
4. Choose the time. The export runs in your profile time zone.
5. Add the recipients. They don't need an account in the workspace.
6. Click **Save schedule**.

## How recipients get the file

Files up to 10 MB are attached to the e-mail. Larger files are sent as a download link that works
for 7 days. Recipients without an account confirm their address once, before the first file is
sent.

## Use relative periods

In the filters, choose a relative period such as `Last 7 days` or `Previous month`, so each run
covers the right dates automatically. A fixed date range would send the same data every time.

## Manage schedules

All schedules are listed under **Settings → Exports → Scheduled**. There you can pause, edit or
delete a schedule and see when it last ran. If a run fails, the owner of the schedule gets an
e-mail explaining why.

When the owner leaves the workspace, their schedules pass to the colleague who takes over
their data: see [Remove an employee and transfer their
data](/kb/en/remove-an-employee-and-transfer-their-data/).""",
        related=("export-csv", "large-exports"),
    ),
    Article(
        group="scheduled-exports",
        section="export-advanced",
        language="ru",
        title="Регулярная выгрузка по расписанию",
        slug="регулярная-выгрузка-по-расписанию",
        body="""\
Регулярная выгрузка присылает свежий файл каждый день, неделю или месяц — бухгалтерия или
руководитель получают данные, не заходя в сервис. Выгрузки по расписанию доступны на тарифе
«Бизнес».

## Как настроить расписание

1. Откройте список или отчёт, который нужно выгружать, и задайте фильтры.
2. Нажмите **Экспорт → По расписанию**.
3. Выберите формат — `CSV` или `Excel (.xlsx)` — и периодичность: каждый день, раз в неделю в
   выбранный день или в первый день каждого месяца.
4. Укажите время. Выгрузка запускается по часовому поясу профиля.
5. Добавьте получателей. Аккаунт в рабочем пространстве им не нужен.
6. Нажмите **Сохранить расписание**.

## Как получатели получают файл

Файлы до 10 МБ прикрепляются к письму. Файлы побольше приходят ссылкой для скачивания, которая
действует 7 дней. Получатели без аккаунта один раз подтверждают свой адрес перед первой отправкой.

## Используйте относительные периоды

Выбирайте в фильтрах относительный период — например, `Последние 7 дней` или `Прошлый месяц`.
Тогда каждая выгрузка будет охватывать нужные даты автоматически, а с фиксированными датами каждый
раз приходили бы одни и те же данные.

## Управление расписаниями

Все расписания собраны в разделе **Настройки → Экспорт → По расписанию**. Там можно приостановить,
изменить или удалить расписание и посмотреть, когда выгрузка запускалась в последний раз. Если
запуск не удался, владелец расписания получит письмо с причиной.

Если владелец расписания уходит из компании, его выгрузки переходят коллеге, который принимает
его данные: см.
[Удаление сотрудника и передача его данных](/kb/ru/удаление-сотрудника-и-передача-данных/).""",
        related=("export-csv", "large-exports"),
    ),
    Article(
        group="large-exports",
        section="export-advanced",
        language="en",
        title="Why a large export takes a while",
        slug="large-exports-take-time",
        body="""\
Most exports are ready in seconds, but a file with hundreds of thousands of rows or several years
of events is prepared in the background. You don't need to keep the page open while it's being
prepared.

## How it works

1. When you click **Export**, we estimate the size of the file.
2. If it's over about 50,000 rows, the export joins a queue, and you see the message "We'll e-mail
   you when your export is ready".
3. When the file is ready, we e-mail you a download link and also show it under **Settings →
   Exports → History**.
4. The link works for 7 days.

## How long it takes

- up to 100,000 rows: usually a few minutes;
- up to 1,000,000 rows: up to 30 minutes;
- a full export of a large workspace: up to several hours.

It can take longer at busy times, for example on the first working day of the month, when many
companies export their reports.

## Make it faster

- Narrow the period or add filters: export one year at a time rather than everything at once.
- Leave out the columns you don't need, especially `description` and `attendees`.
- Choose `CSV` rather than `Excel (.xlsx)`: CSV files are generated faster.

## The export is stuck

If an export in **Settings → Exports → History** has had the status `In progress` for more than
three hours, cancel it and start again. If it gets stuck a second time, contact support and tell
us when you started it.

A file that is empty or contains only the header row usually means the filters matched no
data: see [Export your data to CSV or Excel](/kb/en/export-data-to-csv-or-excel/).""",
        related=("export-csv", "scheduled-exports", "full-workspace-export"),
    ),
    Article(
        group="large-exports",
        section="export-advanced",
        language="ru",
        title="Большая выгрузка готовится долго",
        slug="большая-выгрузка-готовится-долго",
        body="""\
Большинство выгрузок готово за секунды, но файл на сотни тысяч строк или события за несколько лет
готовятся в фоновом режиме. Держать страницу открытой всё это время не нужно.

## Как это работает

1. После нажатия **Экспорт** система оценивает размер файла.
2. Если в нём больше примерно 50 000 строк, выгрузка встаёт в очередь и появляется сообщение
   «Отправим письмо, когда выгрузка будет готова».
3. Когда файл готов, на почту приходит ссылка для скачивания; она также появляется в разделе
   **Настройки → Экспорт → История**.
4. Ссылка действует 7 дней.

## Сколько это занимает

- до 100 000 строк — обычно несколько минут;
- до 1 000 000 строк — до 30 минут;
- полная выгрузка крупного рабочего пространства — до нескольких часов.

В часы пиковой нагрузки — например, в первый рабочий день месяца, когда многие компании выгружают
отчёты, — ждать придётся дольше.

## Как ускорить

- Сузьте период или добавьте фильтры: выгружайте данные по году, а не всё сразу.
- Уберите ненужные столбцы, особенно `description` и `attendees`.
- Выберите `CSV` вместо `Excel (.xlsx)`: файлы CSV формируются быстрее.

## Выгрузка зависла

Если в разделе **Настройки → Экспорт → История** выгрузка больше трёх часов находится в статусе
`Выполняется`, отмените её и запустите заново. Если она зависнет снова, напишите в поддержку и
укажите, когда выгрузка была запущена.

Пустой файл или файл с одной строкой заголовков обычно означает, что под фильтры не попали
никакие данные: см. [Экспорт данных в CSV и Excel](/kb/ru/экспорт-данных-в-csv-и-excel/).""",
        related=("export-csv", "scheduled-exports"),
    ),
    Article(
        group="full-workspace-export",
        section="export-advanced",
        language="en",
        title="Export all workspace data",
        slug="export-all-workspace-data",
        body="""\
For an audit, a migration or simply a backup, workspace administrators can export everything at
once: calendars, events, tasks, projects, comments, members and invoices.

## Start a full export

1. Open **Settings → Workspace → Export**.
2. Click **Export all data**.
3. Confirm with your password, and with a two-factor code if 2FA is on.

A full export is always prepared in the background. We e-mail all workspace administrators when
it's ready; for a large workspace, this can take a few hours. See
[Why a large export takes a while](/kb/en/large-exports-take-time/).

## What's in the archive

You get a ZIP archive with:

- one CSV file per type of data, for example `events.csv`, `tasks.csv` and `comments.csv`;
- one `.ics` file per calendar;
- attachments in their original format, in the `files` folder;
- invoices as PDF files;
- a `README.txt` file that lists the files and their columns.

The columns are the same as in regular exports: see
[What the columns in a CSV export mean](/kb/en/csv-export-columns/).

## Security

The archive contains all of your company's data. The download link works for 48 hours, and only
for workspace administrators who are signed in. Every full export is recorded under **Settings →
Workspace → Audit log**.

## Limits

You can run one full export every 24 hours. Items in the trash aren't included.""",
        related=("large-exports", "csv-columns"),
    ),
    # notifications-email
    Article(
        group="email-notification-settings",
        section="notifications-email",
        language="en",
        title="Choose which e-mail notifications you get",
        slug="email-notification-settings",
        body="""\
We send e-mail notifications about things that need your attention. You decide which of them
arrive, and you can change your mind at any time.

## Change your settings

1. Open **Settings → Notifications**.
2. In the **E-mail** column, tick the notifications you want to get:
   - invitations, and changes to events you're attending;
   - new comments and mentions;
   - tasks assigned to you;
   - reminders you've set on events.
3. Changes are saved automatically.

## Instantly or in a digest

For each type of notification, choose `Instantly` or `In daily digest`. Instant e-mails arrive
within a minute, while the digest collects everything into one message a day: see
[The daily digest](/kb/en/daily-digest/).

## E-mails you can't turn off

Some e-mails concern the security of your account or your payments, so we always send them:

- password changes and sign-in links;
- sign-ins from a new device;
- invoices and failed payments, to administrators and the billing e-mail.

## One calendar at a time

To stop e-mails from one busy calendar without changing anything else, mute it: see
[Mute a calendar](/kb/en/mute-a-calendar/).

## Notifications don't arrive

If the notifications are switched on here but still don't reach you, check the spam folder
first, then see [Notifications end up in spam](/kb/en/notifications-end-up-in-spam/).""",
        related=("daily-digest", "notifications-spam"),
    ),
    Article(
        group="email-notification-settings",
        section="notifications-email",
        language="ru",
        title="Настройка уведомлений по почте",
        slug="настройка-уведомлений-по-почте",
        body="""\
Мы присылаем письма о том, что требует внимания. Какие из них получать, решаете вы, и передумать
можно в любой момент.

## Как изменить настройки

1. Откройте **Настройки → Уведомления**.
2. В столбце **Почта** отметьте уведомления, которые хотите получать:
   - приглашения и изменения в событиях, где вы участник;
   - новые комментарии и упоминания;
   - назначенные вам задачи;
   - напоминания о событиях.
3. Изменения сохраняются автоматически.

## Сразу или в сводке

Для каждого типа уведомлений выберите `Сразу` или `В ежедневной сводке`. Обычные письма приходят в
течение минуты, а сводка собирает всё в одно письмо в день: см.
[Ежедневная сводка](/kb/ru/ежедневная-сводка/).

## Письма, которые нельзя отключить

Некоторые письма касаются безопасности аккаунта или оплаты, поэтому приходят всегда:

- о смене пароля и со ссылками для входа;
- о входе с нового устройства;
- счета и уведомления о неудачной оплате — администраторам и на адрес для счетов.

## Уведомления от отдельного календаря

Чтобы перестать получать письма от одного слишком активного календаря, не меняя остальных
настроек, отключите уведомления только для него: см.
[Отключение уведомлений от календаря](/kb/ru/отключение-уведомлений-календаря/).

## Уведомления не приходят

Если здесь уведомления включены, а письма всё равно не доходят, сначала проверьте папку
«Спам», а затем см. [Уведомления попадают в спам](/kb/ru/уведомления-попадают-в-спам/).""",
        related=("daily-digest", "notifications-spam", "notifications-not-arriving"),
    ),
    Article(
        group="notifications-spam",
        section="notifications-email",
        language="en",
        title="Notifications end up in spam",
        slug="notifications-end-up-in-spam",
        body="""\
If our e-mails land in your spam folder, you may miss invitations, reminders or a password reset
link. A couple of clicks are usually enough to fix this.

## Mark the e-mail as not spam

1. Open the spam or junk folder and find a message from us.
2. Click **Not spam** (in Outlook, **Not junk**).
3. Add `notifications@example.com` to your contacts or your list of safe senders.

Mail services learn from this, and the following e-mails should arrive in your inbox.

## Create a filter

In Gmail or Outlook, you can create a rule that messages from `@example.com` never go to spam.
This is the most reliable fix for a personal mailbox.

## Company mailboxes

If you use a company mailbox, the mail server may filter our messages before they reach you. Ask
your IT team to:

- allow e-mail from the domain `example.com`;
- check the quarantine for held messages;
- make sure the security scanner doesn't open links in our e-mails automatically, because this can
  make one-time sign-in links expire.

## Still in spam?

Tell us your address and roughly when an e-mail should have arrived. Our logs show whether it was
delivered and what your mail server replied.

Getting too many e-mails? Move some of them to the [daily digest](/kb/en/daily-digest/): fewer
messages are also less likely to be marked as spam.""",
        related=("email-notification-settings", "sign-in-link"),
    ),
    Article(
        group="notifications-spam",
        section="notifications-email",
        language="ru",
        title="Уведомления попадают в спам",
        slug="уведомления-попадают-в-спам",
        body="""\
Если наши письма попадают в спам, можно пропустить приглашение, напоминание или ссылку для сброса
пароля. Обычно, чтобы это исправить, достаточно пары нажатий.

## Отметьте письмо как «не спам»

1. Откройте папку «Спам» и найдите письмо от нас.
2. Нажмите **Не спам**.
3. Добавьте адрес `notifications@example.com` в контакты или в список надёжных отправителей.

Почтовые сервисы учатся на таких отметках, и следующие письма должны приходить во «Входящие».

## Создайте правило

В Gmail, Outlook, Яндекс Почте и Почте Mail.ru можно создать правило, по которому письма с адресов
`@example.com` никогда не попадают в спам. Для личного ящика это самый надёжный способ.

## Корпоративная почта

Если используется рабочий ящик, почтовый сервер компании может отфильтровать наши письма ещё до
того, как они попадут в ящик. Попросите ИТ-отдел:

- разрешить письма с домена `example.com`;
- проверить карантин на задержанные письма;
- убедиться, что почтовый антивирус не открывает ссылки в наших письмах автоматически: из-за этого
  одноразовые ссылки для входа могут становиться недействительными.

## Письма всё равно в спаме

Сообщите нам адрес и примерное время, когда должно было прийти письмо. По журналам видно, было ли
оно доставлено и что ответил почтовый сервер получателя.

Писем слишком много? Перенесите часть уведомлений в
[ежедневную сводку](/kb/ru/ежедневная-сводка/) — меньшее число писем реже помечается как спам.""",
        related=("email-notification-settings", "sign-in-link", "notifications-not-arriving"),
    ),
    Article(
        group="daily-digest",
        section="notifications-email",
        language="en",
        title="The daily digest",
        slug="daily-digest",
        body="""\
The daily digest collects the day's updates into a single e-mail: upcoming events, new comments,
mentions and tasks. It's a calm alternative to dozens of separate notifications.

## Turn on the digest

1. Open **Settings → Notifications**.
2. For each type you want in the digest, choose `In daily digest` instead of `Instantly`.
3. Under **Digest delivery**, choose the time, for example `08:00`, and the days: every day or
   weekdays only.

The digest follows the time zone in your profile. If nothing has happened, we don't send an empty
e-mail.

## What's in it

- your events for the day ahead, with times and locations;
- comments and mentions you haven't read yet;
- tasks assigned to you or due today;
- changes in shared calendars you follow.

Each item links straight to the event or task.

## A summary for administrators

On the **Business** plan, administrators can also get a weekly workspace summary: new members,
upcoming renewals and the busiest calendars. Turn it on under **Settings → Workspace → Reports**.

## Stop the digest

Switch the notification types back to `Instantly`, or click **Unsubscribe from digest** at the
bottom of any digest e-mail. Unsubscribing from the digest doesn't affect your other
notifications: see
[Choose which e-mail notifications you get](/kb/en/email-notification-settings/).""",
        related=("email-notification-settings", "mute-calendar"),
    ),
    Article(
        group="daily-digest",
        section="notifications-email",
        language="ru",
        title="Ежедневная сводка",
        slug="ежедневная-сводка",
        body="""\
Ежедневная сводка собирает новости за день в одно письмо: ближайшие события, новые комментарии,
упоминания и задачи. Это спокойная альтернатива десяткам отдельных уведомлений.

## Как включить сводку

1. Откройте **Настройки → Уведомления**.
2. Для каждого типа уведомлений, который должен попадать в сводку, выберите `В ежедневной сводке`
   вместо `Сразу`.
3. В блоке **Доставка сводки** укажите время, например `08:00`, и дни: каждый день или только по
   будням.

Сводка приходит по часовому поясу профиля. Если за день ничего не произошло, пустое письмо не
отправляется.

## Что в ней

- события на предстоящий день — со временем и местом;
- непрочитанные комментарии и упоминания;
- задачи, назначенные на вас или со сроком на сегодня;
- изменения в общих календарях, на которые вы подписаны.

Каждый пункт ведёт прямо к событию или задаче.

## Сводка для администраторов

На тарифе «Бизнес» администраторы могут также получать еженедельную сводку по рабочему
пространству: новые участники, ближайшие продления и самые загруженные календари. Она включается в
разделе **Настройки → Рабочее пространство → Отчёты**.

## Как отключить сводку

Верните для всех типов уведомлений значение `Сразу` или нажмите **Отписаться от сводки** внизу
любого письма со сводкой. Отписка от сводки не затрагивает остальные уведомления: см.
[Настройка уведомлений по почте](/kb/ru/настройка-уведомлений-по-почте/).""",
        related=("email-notification-settings", "mute-calendar"),
    ),
    Article(
        group="notifications-not-arriving",
        section="notifications-email",
        language="ru",
        title="Уведомления на почту перестали приходить",
        slug="не-приходят-уведомления-на-почту",
        body="""\
Если письма-уведомления перестали приходить, хотя раньше всё работало, проверьте по порядку
несколько возможных причин.

## 1. Настройки уведомлений

Откройте **Настройки → Уведомления** и проверьте столбец **Почта**. Убедитесь, что нужные
уведомления включены и для них выбрано `Сразу`, а не `В ежедневной сводке`, — иначе они придут
одним письмом в назначенное время: см.
[Настройка уведомлений по почте](/kb/ru/настройка-уведомлений-по-почте/).

## 2. Уведомления от календаря отключены

Если для календаря отключены уведомления, письма об изменениях в нём не приходят. Рядом с
названием такого календаря — перечёркнутый колокольчик: см.
[Отключение уведомлений от календаря](/kb/ru/отключение-уведомлений-календаря/).

## 3. Адрес почты

Уведомления приходят на адрес, указанный в профиле. Если его недавно меняли, письма уходят уже на
новый адрес.

## 4. Спам и правила почтового ящика

Проверьте папку «Спам» и правила сортировки писем. Подробные рекомендации — в статье
[Уведомления попадают в спам](/kb/ru/уведомления-попадают-в-спам/).

## 5. Доставка приостановлена

Если несколько писем подряд вернулись с ошибкой доставки — например, ящик был переполнен, — мы
временно перестаём отправлять письма на этот адрес, чтобы не попасть в спам-фильтры. В этом случае
в разделе **Настройки → Уведомления** появляется предупреждение «Доставка писем приостановлена».
Нажмите **Возобновить доставку** — отправка возобновится в течение нескольких минут.

Если ничего из перечисленного не помогло, напишите в поддержку и укажите, какие уведомления не
приходят и с какого числа. Мы проверим журналы отправки.""",
        related=("notifications-spam", "email-notification-settings"),
    ),
    # notifications-push
    Article(
        group="push-notifications",
        section="notifications-push",
        language="en",
        title="Push notifications in the mobile app",
        slug="push-notifications-in-the-mobile-app",
        body="""\
Push notifications appear on your phone's lock screen even when the app is closed. They're the
quickest way to hear about a meeting that's about to start or a change to your plans.

## Turn push notifications on

1. Install the app on your iPhone or Android phone and sign in.
2. When the app asks for permission to send notifications, tap **Allow**.
3. In the app, open **Profile → Notifications** and choose what should trigger a push: reminders,
   invitations, changes, comments or mentions.

## If you tapped "Don't allow"

The app can't ask again, so allow notifications in your phone's settings:

- **iPhone**: open **Settings → Notifications**, select our app and turn on **Allow
  Notifications**.
- **Android**: open **Settings → Apps**, select our app, then **Notifications**, and turn them on.

## No pushes while you're at your computer

While you're active in the web version, we don't repeat the same notifications on your phone.
Pushes start again after 5 minutes without activity on the computer. To get them anyway, set
**When I'm active on the web** to `Send anyway` in **Profile → Notifications**.

## Push notifications don't arrive

- Check that **Do Not Disturb** or a Focus mode is off, or that the app is allowed through it.
- On Android, turn off battery optimisation for the app: some phones stop background apps to save
  power.
- Sign out of the app and sign back in to renew the connection to the notification service.
- Make sure the calendar isn't muted: see [Mute a calendar](/kb/en/mute-a-calendar/).""",
        related=("mute-calendar", "quiet-hours", "email-notification-settings"),
    ),
    Article(
        group="push-notifications",
        section="notifications-push",
        language="ru",
        title="Push-уведомления в мобильном приложении",
        slug="push-уведомления-в-мобильном-приложении",
        body="""\
Push-уведомления появляются на экране блокировки телефона, даже когда приложение закрыто. Это
самый быстрый способ узнать о встрече, которая вот-вот начнётся, или об изменении планов.

## Как включить push-уведомления

1. Установите приложение на iPhone или телефон с Android и войдите в аккаунт.
2. Когда приложение запросит разрешение на уведомления, нажмите **Разрешить**.
3. В приложении откройте **Профиль → Уведомления** и выберите, о чём присылать push-уведомления:
   напоминания, приглашения, изменения, комментарии или упоминания.

## Если было нажато «Не разрешать»

Повторно приложение спросить не может, поэтому разрешите уведомления в настройках телефона:

- **iPhone**: откройте **Настройки → Уведомления**, выберите наше приложение и включите **Допуск
  уведомлений**.
- **Android**: откройте **Настройки → Приложения**, выберите наше приложение, затем
  **Уведомления** и включите их.

## Пока вы за компьютером, push-уведомлений нет

Пока вы активны в веб-версии, мы не дублируем те же уведомления на телефон. Push-уведомления снова
начинают приходить через 5 минут бездействия на компьютере. Чтобы получать их в любом случае, в
разделе **Профиль → Уведомления** выберите для параметра **Если открыта веб-версия** значение `Всё
равно присылать`.

## Push-уведомления не приходят

- Проверьте, что режим «Не беспокоить» или фокусирование выключены либо что приложению разрешено
  их обходить.
- На Android отключите для приложения оптимизацию батареи: некоторые телефоны останавливают
  фоновые приложения ради экономии заряда.
- Выйдите из приложения и войдите снова — так обновится подключение к сервису уведомлений.
- Убедитесь, что для календаря не отключены уведомления: см.
  [Отключение уведомлений от календаря](/kb/ru/отключение-уведомлений-календаря/).""",
        related=("mute-calendar", "event-reminders", "email-notification-settings"),
    ),
    Article(
        group="mute-calendar",
        section="notifications-push",
        language="en",
        title="Mute a calendar",
        slug="mute-a-calendar",
        body="""\
Some shared calendars change all the time, like a team rota or a meeting room calendar, and every
change can trigger a notification. Muting such a calendar stops its notifications without hiding
its events or removing you from it.

## Mute a calendar

1. In the calendar list, click **⋯** next to the calendar.
2. Choose **Mute notifications**.
3. Choose for how long: `1 day`, `1 week` or `Until I turn it back on`.

A muted calendar has a crossed-out bell next to its name. Its events stay visible, and you can
still edit them if you have access.

## What muting affects

- No e-mails, push or browser notifications about changes in this calendar.
- Its updates are left out of your daily digest.
- Invitations sent to you personally still arrive, so you won't miss meetings you're invited to.
- Reminders for events in a muted calendar aren't sent. If you need them, choose **Mute changes,
  keep reminders** instead.

## Unmute

Click **⋯ → Unmute notifications**, or click the bell next to the calendar's name. Notifications
skipped while the calendar was muted aren't sent afterwards.

## Mute a single series

To silence one long recurring series rather than a whole calendar, open one of its events and
click **⋯ → Mute this event**.

For all other notification settings, see
[Choose which e-mail notifications you get](/kb/en/email-notification-settings/).""",
        related=("email-notification-settings", "share-calendar"),
    ),
    Article(
        group="mute-calendar",
        section="notifications-push",
        language="ru",
        title="Отключение уведомлений от календаря",
        slug="отключение-уведомлений-календаря",
        body="""\
Некоторые общие календари меняются постоянно — например, график дежурств или календарь
переговорных, — и каждое изменение может присылать уведомление. Если отключить уведомления от
такого календаря, его события останутся на виду, а доступ к нему сохранится.

## Как отключить уведомления

1. В списке календарей нажмите **⋯** рядом с нужным календарём.
2. Выберите **Отключить уведомления**.
3. Укажите срок: `1 день`, `1 неделя` или `Пока не включу снова`.

Рядом с названием такого календаря появится перечёркнутый колокольчик. События по-прежнему видны,
и их можно редактировать, если есть права.

## На что это влияет

- Письма, push-уведомления и уведомления в браузере об изменениях в календаре не приходят.
- Изменения календаря не попадают в ежедневную сводку.
- Приглашения, отправленные лично вам, приходят как обычно — так что встречи, на которые вас
  пригласили, не потеряются.
- Напоминания о событиях такого календаря тоже не приходят. Если они нужны, выберите **Отключить
  изменения, оставить напоминания**.

## Как включить обратно

Нажмите **⋯ → Включить уведомления** или на колокольчик рядом с названием календаря. Уведомления,
пропущенные за это время, задним числом не отправляются.

## Уведомления для одной серии

Чтобы отключить уведомления не для всего календаря, а только для длинной серии повторяющихся
событий, откройте одно из них и нажмите **⋯ → Отключить уведомления для события**.

Остальные настройки — в статье
[Настройка уведомлений по почте](/kb/ru/настройка-уведомлений-по-почте/).""",
        related=("email-notification-settings", "share-calendar"),
    ),
    Article(
        group="quiet-hours",
        section="notifications-push",
        language="en",
        title="Set quiet hours for notifications",
        slug="set-quiet-hours",
        body="""\
Quiet hours pause push and browser notifications when you don't want to be disturbed, for example
in the evening and at weekends. Nothing is lost: notifications that arrive during quiet hours wait
for you in the app.

## Set quiet hours

1. Open **Settings → Notifications → Quiet hours**.
2. Turn on **Pause notifications**.
3. Choose the hours, for example from `19:00` to `08:00`, and the days they apply to.
4. Tick **Weekends** to keep the whole of Saturday and Sunday quiet.

Quiet hours follow the time zone in your profile, so if you travel and update the time zone, they
move with you.

## What still gets through

- Reminders for events you've accepted, unless you also tick **Silence reminders**.
- Security alerts, such as a sign-in from a new device.

E-mail notifications aren't paused, since an e-mail doesn't interrupt you in the same way. To get
fewer e-mails, switch to the [daily digest](/kb/en/daily-digest/).

## Out of office

Going on holiday? Use **Pause all notifications until** and choose the day you're back. Colleagues
who invite you to events during that time see a note saying that you're away.

To choose which notifications reach your phone at all, see
[Push notifications in the mobile app](/kb/en/push-notifications-in-the-mobile-app/).""",
        related=("push-notifications", "daily-digest"),
    ),
)
