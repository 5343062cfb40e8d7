"""The texts of bench.kb's articles: titles and Markdown bodies drawn Zipf-like from the
helpdesk vocabulary, with a long tail of made-up product names and the planted words."""

from __future__ import annotations

import html
import random
import re
from dataclasses import dataclass

from bench.kb_words import (
    PLANTED_COMMON,
    PLANTED_RARE,
    SYLLABLES,
    TITLE_STARTS,
    VOCABULARY,
)

LONG_TAIL = 20_000  # made-up product names per language
LONG_TAIL_SHARE = 0.04  # of the words drawn
_TAGS = re.compile(r"<[^>]+>")


class Words:
    """A language's word distribution: the vocabulary Zipf-like (weight 1/(k+1)), the long
    tail of made-up names uniform, LONG_TAIL_SHARE of the draws."""

    def __init__(self, rng: random.Random, language: str):
        self.language = language
        vocabulary = list(dict.fromkeys(VOCABULARY[language]))
        tail = _made_up_names(rng, language, exclude=set(vocabulary))
        self.all = vocabulary + tail
        self.cum = _cumulative(
            [1 / (k + 1) for k in range(len(vocabulary))], (len(tail), LONG_TAIL_SHARE)
        )
        content = vocabulary[vocabulary.index("click" if language == "en" else "нажмите") :]
        self.content = content + tail  # titles: no stop words drawn
        self.content_cum = _cumulative(
            [1 / (k + 1) for k in range(len(content))], (len(tail), LONG_TAIL_SHARE * 2)
        )

    def draw(self, rng: random.Random, count: int, *, title: bool = False) -> list[str]:
        if title:
            return rng.choices(self.content, cum_weights=self.content_cum, k=count)
        return rng.choices(self.all, cum_weights=self.cum, k=count)


def _cumulative(weights: list[float], tail: tuple[int, float]) -> list[float]:
    size, share = tail
    head = sum(weights)
    scaled = [w / head * (1 - share) for w in weights] + [share / size] * size
    total, cum = 0.0, []
    for weight in scaled:
        total += weight
        cum.append(total)
    return cum


def _made_up_names(rng: random.Random, language: str, *, exclude: set[str]) -> list[str]:
    consonants, vowels, endings = SYLLABLES[language]
    planted = {
        form
        for terms in (PLANTED_COMMON[language], PLANTED_RARE[language])
        for forms in terms.values()
        for form in forms
    }
    names: set[str] = set()
    while len(names) < LONG_TAIL:
        word = "".join(
            rng.choice(consonants) + rng.choice(vowels) for _ in range(rng.randint(2, 4))
        )
        if rng.random() < 0.5:
            word += rng.choice(endings)
        if word not in exclude and word not in planted:
            names.add(word.capitalize())
    return sorted(names)


def _sentence(tokens: list[str]) -> str:
    text = " ".join(tokens)
    return text[0].upper() + text[1:]


@dataclass
class Text:
    title: str
    body: str
    body_html: str
    body_text: str
    words: int


def make_text(rng: random.Random, words: Words, plants: list[tuple[str, bool]]) -> Text:
    """A title of 4-9 words and a body of 80-300; ``plants``: (form, also in the title)."""
    language = words.language
    length = rng.randint(4, 9)
    title = []
    if rng.random() < 0.5:
        opening = rng.choice(TITLE_STARTS[language]).split()
        if len(opening) <= length - 2:
            title = opening
    start = len(title)  # the words of the start stay
    title += words.draw(rng, length - start, title=True)
    for form, in_title in plants:
        if in_title:
            title[rng.randrange(start, len(title))] = form
    # 80-300 words in all (a short last sentence may add two)
    budget = 80 + int((298 - 80 - len(plants)) * rng.random() ** 1.6)
    heading = words.draw(rng, rng.randint(2, 4), title=True) if rng.random() < 0.4 else None
    items = (
        [words.draw(rng, rng.randint(3, 7)) for _ in range(rng.randint(3, 5))]
        if rng.random() < 0.3
        else []
    )
    budget -= (len(heading) if heading else 0) + sum(len(item) for item in items)
    sentences, count = [], 0
    while count < budget:
        size = min(rng.randint(5, 15), max(3, budget - count))
        sentences.append(words.draw(rng, size))
        count += size
    for form, _in_title in plants:
        sentence = rng.choice(sentences)
        sentence.insert(rng.randrange(len(sentence) + 1), form)
    paragraphs = []
    while sentences:
        take = rng.randint(2, 5)
        paragraphs.append(" ".join(_sentence(s) + "." for s in sentences[:take]))
        sentences = sentences[take:]
    markdown = [("p", text) for text in paragraphs]
    if heading:
        where = rng.randint(1, len(markdown) - 1) if len(markdown) > 1 else 0
        markdown.insert(where, ("h", _sentence(heading)))
    if items:
        markdown.insert(rng.randint(1, len(markdown)), ("ul", [_sentence(i) for i in items]))
    body, body_html = [], []
    for kind, content in markdown:
        if kind == "p":
            body.append(content)
            body_html.append(f"<p>{content}</p>\n")
        elif kind == "h":
            body.append(f"## {content}")
            body_html.append(f"<h3>{content}</h3>\n")  # render_markdown shifts headings down
        else:
            body.append("\n".join(f"- {item}" for item in content))
            body_html.append("<ul>\n" + "".join(f"<li>{i}</li>\n" for i in content) + "</ul>\n")
    rendered = "".join(body_html)
    body_text = html.unescape(_TAGS.sub("", rendered))
    return Text(
        title=_sentence(title),
        body="\n\n".join(body),
        body_html=rendered,
        body_text=body_text,
        words=len(body_text.split()),
    )


# --- Data ------------------------------------------------------------------------------------
