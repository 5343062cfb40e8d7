"""The data of bench.kb: articles in both languages with planted common and rare words,
written as kb.services writes them (see bench.kb's docstring, step 1)."""

from __future__ import annotations

import csv
import io
import json
import random
import time
import uuid
from datetime import timedelta

from bench.kb_text import (
    Words,
    make_text,
)
from bench.kb_words import (
    CATEGORIES,
    PLANTED_COMMON,
    PLANTED_RARE,
)

DATABASE = "helpdesk_bench_kb"
QUEUE = "helpdesk-bench-kb"
BATCH = 10_000
DAYS = 1000  # the articles' ages: up to about three years
PAIRED = 0.8  # share of the articles that are one version of a translation pair
COMMON_SHARE = 0.5  # of a language's articles, for each common term
RARE_ARTICLES = 20  # articles per rare term
COLUMNS = (
    '"group", language, section_id, title, slug, body, body_html, body_text, status, '
    "is_internal, owner_id, published_at, last_reviewed_at, created_at, updated_at, "
    "helpful_yes, helpful_no"
)


def _kb_tables() -> list[str]:
    from kb.models import (
        Article,
        ArticleFile,
        ArticleRevision,
        ArticleVote,
        Category,
        DeflectionVisit,
        Section,
        Suggestion,
    )

    models = [Suggestion, DeflectionVisit, ArticleVote, ArticleFile, ArticleRevision]
    models += [Article.related.through, Article, Section, Category]
    return [model._meta.db_table for model in models]


def _sections(rng: random.Random) -> tuple[list[int], list[float]]:
    """The categories and sections; their ids with the weights articles are spread by."""
    from kb.models import Category, Section

    ids = []
    for position, (slug, name_en, name_ru, sections) in enumerate(CATEGORIES):
        category = Category.objects.create(
            slug=slug, name_en=name_en, name_ru=name_ru, position=position
        )
        for n, (section_en, section_ru) in enumerate(sections):
            ids.append(
                Section.objects.create(
                    category=category, name_en=section_en, name_ru=section_ru, position=n
                ).pk
            )
    weights = [1 / (k + 1) ** 0.7 for k in range(len(ids))]
    rng.shuffle(weights)
    return ids, weights


def _pk_ticket() -> int:
    """The ticket of the SELECT-by-pk baseline (bench/urls.py), made once, by the service."""
    from bench.data import bench_world
    from tickets.models import Ticket
    from tickets.services.customers import customer_get_or_create
    from tickets.services.tickets import ticket_create

    existing = Ticket.objects.order_by("-id").values_list("pk", flat=True).first()
    if existing:
        return existing
    bench_world()
    customer = customer_get_or_create(email="bench-kb@example.com", name="Bench Reader")
    ticket = ticket_create(
        customer=customer,
        subject="The printer prints blank pages",
        body="Since the last update the network printer prints blank pages. Please help.",
        channel="web",
    )
    return ticket.pk


def _groups(count: int, rng: random.Random) -> list[tuple[str, ...]]:
    """The translation groups, oldest first: the languages of each (pairs and single ones),
    half of the articles English and half Russian."""
    pairs = int(count * PAIRED / 2)
    single = count - 2 * pairs
    groups: list[tuple[str, ...]] = [("en",)] * (single // 2) + [("ru",)] * (single - single // 2)
    groups += [("en", "ru") if rng.random() < 0.7 else ("ru", "en") for _ in range(pairs)]
    rng.shuffle(groups)
    return groups


def _status(rng: random.Random) -> str:
    r = rng.random()
    return "published" if r < 0.95 else "draft" if r < 0.99 else "archived"


def _copy(cursor, rows: list[tuple]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    buffer.seek(0)
    cursor.copy_expert(f"COPY kb_article ({COLUMNS}) FROM STDIN WITH (FORMAT csv)", buffer)


def generate(count: int, *, seed: int = 11) -> dict:
    """Replace the bench database's knowledge base with ``count`` generated articles."""
    from django.db import connection, transaction
    from django.utils.text import slugify
    from tqdm import tqdm

    from bench.data import bench_world
    from helpdesk import clock

    rng = random.Random(seed)
    began = time.perf_counter()
    with connection.cursor() as cursor:
        tables = ", ".join(_kb_tables())
        cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    ticket = _pk_ticket()
    owners = [pk for team in bench_world().agent_ids for pk in team]
    section_ids, section_weights = _sections(rng)
    words = {language: Words(rng, language) for language in ("en", "ru")}
    groups = _groups(count, rng)
    per_language = {lang: sum(lang in g for g in groups) for lang in ("en", "ru")}
    rare = {  # language -> rare term -> which of the language's articles (n-th) carry it
        lang: {term: set(rng.sample(range(per_language[lang]), RARE_ARTICLES)) for term in terms}
        for lang, terms in PLANTED_RARE.items()
    }
    seen = {"en": 0, "ru": 0}
    slugs: dict[str, set[str]] = {"en": set(), "ru": set()}
    now = clock.now()
    rows: list[tuple] = []
    lengths: list[int] = []
    with (
        connection.cursor() as cursor,
        tqdm(total=count, unit="articles", desc="generating") as bar,
    ):
        for g, languages in enumerate(groups):
            group = uuid.uuid4()
            section = rng.choices(section_ids, weights=section_weights)[0]
            owner = rng.choice(owners)
            internal = rng.random() < 0.03
            created = now - timedelta(days=DAYS * (1 - (g + rng.random()) / len(groups)))
            for v, language in enumerate(languages):
                if v:  # the translation follows within two weeks
                    created = min(now, created + timedelta(days=14 * rng.random()))
                n, seen[language] = seen[language], seen[language] + 1
                plants = []
                for forms in PLANTED_COMMON[language].values():
                    if rng.random() < COMMON_SHARE:
                        times = 1 + (rng.random() < 0.4) + (rng.random() < 0.15)
                        in_title = rng.random() < 0.15
                        plants += [(rng.choice(forms), in_title and not k) for k in range(times)]
                for term, chosen in rare[language].items():
                    if n in chosen:
                        plants.append(
                            (rng.choice(PLANTED_RARE[language][term]), rng.random() < 0.25)
                        )
                text = make_text(rng, words[language], plants)
                lengths.append(text.words)
                base = slugify(text.title, allow_unicode=True)[:180].strip("-") or "article"
                slug, suffix = base, 2
                while slug in slugs[language]:
                    slug, suffix = f"{base}-{suffix}", suffix + 1
                slugs[language].add(slug)
                status = _status(rng)
                published = (
                    min(now, created + timedelta(hours=48 * rng.random()))
                    if status != "draft"
                    else None
                )
                edited = timedelta(days=rng.expovariate(1 / 60))
                updated = min(now, (published or created) + edited)
                rows.append(
                    (
                        group,
                        language,
                        section,
                        text.title,
                        slug,
                        text.body,
                        text.body_html,
                        text.body_text,
                        status,
                        "true" if internal else "false",
                        owner,
                        published and published.isoformat(),
                        published and published.isoformat(),  # last reviewed: on publishing
                        created.isoformat(),
                        updated.isoformat(),
                        0,
                        0,
                    )
                )
            if len(rows) >= BATCH or g == len(groups) - 1:
                with transaction.atomic():
                    _copy(cursor, rows)
                bar.update(len(rows))
                rows = []
        cursor.execute(
            "INSERT INTO kb_articlerevision (article_id, number, title, body, status, author_id, "
            "created_at) SELECT id, 1, title, body, status, owner_id, created_at FROM kb_article"
        )
    generated = time.perf_counter() - began
    _check_rendering()
    began = time.perf_counter()
    fill_search_vectors(count)
    vectors = time.perf_counter() - began
    _check_search_vectors()
    # The typo vocabulary, as the services keep it on each write (counted once here).
    from kb.services.vocabulary import vocabulary_rebuild

    words = vocabulary_rebuild()
    print(f"vocabulary: {words:,} words")
    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    vacuum = time.perf_counter() - began
    print(
        f"generated {count:,} articles in {generated:.1f} s, search vectors in {vectors:.1f} s, "
        f"VACUUM ANALYZE in {vacuum:.1f} s"
    )
    meta = {
        "articles": count,
        "ticket": ticket,
        "words": {
            "min": min(lengths),
            "mean": round(sum(lengths) / len(lengths)),
            "max": max(lengths),
        },
        "seconds": {
            "generate": round(generated, 1),
            "search_vectors": round(vectors, 1),
            "vacuum": round(vacuum, 1),
        },
    }
    meta_write(meta)
    return meta


def fill_search_vectors(count: int) -> None:
    from django.db.models import Max, Min
    from tqdm import tqdm

    from kb.models import Article
    from kb.services.articles import SEARCH_CONFIGS, index_expressions

    bounds = Article.objects.aggregate(low=Min("id"), high=Max("id"))
    with tqdm(total=count, unit="articles", desc="search vectors") as bar:
        for start in range(bounds["low"], bounds["high"] + 1, BATCH):
            for language in SEARCH_CONFIGS:
                done = Article.objects.filter(
                    language=language, pk__gte=start, pk__lt=start + BATCH
                ).update(**index_expressions(language))
                bar.update(done)


def _check_rendering(sample: int = 200) -> None:
    """The generated HTML and text are what kb.services.articles._render makes of the body."""
    from kb.models import Article
    from kb.services.articles import _render

    for article in Article.objects.order_by("?")[:sample]:
        expected = Article(body=article.body)
        _render(expected)
        if (expected.body_html, expected.body_text) != (article.body_html, article.body_text):
            raise SystemExit(f"article {article.pk}: body_html/body_text differ from _render's")


def _check_search_vectors(sample: int = 50) -> None:
    """The batched UPDATEs wrote what kb.services.articles._index writes."""
    from kb.models import Article
    from kb.services.articles import _index

    columns = ("search_vector", "title_vector")
    for article in Article.objects.order_by("?").only("id", "language", *columns)[:sample]:
        _index(article)
        again = Article.objects.values_list(*columns).get(pk=article.pk)
        if again != (article.search_vector, article.title_vector):
            raise SystemExit(f"article {article.pk}: search vectors differ from _index's")


def meta_write(meta: dict) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_kb_meta (id int PRIMARY KEY, meta jsonb)")
        cursor.execute(
            "INSERT INTO bench_kb_meta VALUES (1, %s) ON CONFLICT (id) DO UPDATE "
            "SET meta = excluded.meta",
            [json.dumps(meta)],
        )


def meta_read() -> dict | None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_kb_meta')")
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute("SELECT meta FROM bench_kb_meta WHERE id = 1")
        row = cursor.fetchone()
    if row is None:
        return None
    return row[0] if isinstance(row[0], dict) else json.loads(row[0])


def describe(meta: dict) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE language = 'en'), "
            "count(*) FILTER (WHERE status = 'published'), "
            "count(*) FILTER (WHERE status = 'draft'), "
            "count(*) FILTER (WHERE status = 'archived'), count(*) FILTER (WHERE is_internal), "
            "count(DISTINCT \"group\"), pg_size_pretty(pg_total_relation_size('kb_article')) "
            "FROM kb_article"
        )
        total, english, published, drafts, archived, internal, groups, size = cursor.fetchone()
        cursor.execute(
            "SELECT (SELECT count(*) FROM kb_category), (SELECT count(*) FROM kb_section)"
        )
        categories, sections = cursor.fetchone()
    words, seconds = meta["words"], meta["seconds"]
    return (
        f"data: {total:,} articles ({english:,} English, {total - english:,} Russian; "
        f"{total - groups:,} translation pairs), {categories} categories, {sections} sections; "
        f"{published:,} published, {drafts:,} drafts, {archived:,} archived, {internal:,} "
        f"internal; bodies {words['min']}-{words['max']} words (mean {words['mean']}); "
        f"kb_article {size} with its indexes and TOAST\n"
        f"      generated in {seconds['generate']} s, search vectors "
        f"{seconds['search_vectors']} s, VACUUM ANALYZE {seconds['vacuum']} s"
    )


# --- Cases -----------------------------------------------------------------------------------
