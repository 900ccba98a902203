"""The bilingual question set itself (tests/data): the mix the evaluation needs, and every
evidence and answer string really in the article it names."""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from core.language import detect_language
from retrieval.evaluation import load_questions

DATA = Path(__file__).resolve().parent / "data"
ARTICLES = DATA / "articles"
EXAMPLES = DATA.parents[1] / "examples" / "articles"
QUESTIONS = DATA / "questions.jsonl"
# written on 2026-12-04 in separate sessions that saw the articles and the questions above,
# not the answers or the methods: questions nobody tuned anything to (README, Evaluation)
FRESH = DATA / "questions_fresh.jsonl"
# written on 2026-12-06 in separate sessions that saw neither the methods nor the other
# questions: 32 new articles on topics the set above lacks (courts, farming, elections,
# energy, transport, heritage, schools, telecom), in sibling pairs across the languages
NEW_TOPICS = DATA / "questions_newtopics.jsonl"
NEW_ARTICLES = DATA / "newtopics" / "articles"
SEED = "lavrov-mirzoyan-call-2021-10-01.ar.txt"
SEED_EVIDENCE = "تم الاتفاق على زيادة العلاقات بين الإدارات"


def article_texts(name: str) -> list[str]:
    """The article text(s) a loader would index from a file: tags off HTML, JSONL records."""
    path = ARTICLES / name if (ARTICLES / name).exists() else NEW_ARTICLES / name
    raw = path.read_text(encoding="utf-8")
    if name.endswith(".jsonl"):
        return [json.loads(line)["text"] for line in raw.splitlines() if line.strip()]
    if name.endswith(".html"):
        return [html.unescape(re.sub(r"<[^>]+>", " ", raw))]
    return [raw]


def test_eval_set_has_the_required_mix() -> None:
    questions = load_questions(QUESTIONS)
    kinds = Counter(question.kind for question in questions)
    # issue #9: at least 300 questions, 100 in each cross-lingual direction, a held-out part
    assert len(questions) >= 300
    assert kinds["en-about-ar"] >= 100 and kinds["ar-about-en"] >= 100
    assert kinds["same-language"] >= 60 and kinds["unanswerable"] >= 40
    splits = Counter((q.kind, q.split) for q in questions)
    assert all(splits[(kind, "heldout")] >= 15 for kind in kinds), splits
    # a held-out article is held out with all its questions, so nothing about it was tuned
    split_of = {q.source: q.split for q in questions if q.source}
    assert all(split_of[q.source] == q.split for q in questions if q.source)
    asked = {(x.question, x.source, x.evidence) for x in questions}
    # among many ministers' calls the seed question has to say which ministers
    assert ("What did Lavrov and Mirzoyan agree on?", SEED, SEED_EVIDENCE) in asked
    assert ("ما الذي اتفق عليه لافروف وميرزويان؟", SEED, SEED_EVIDENCE) in asked
    assert (ARTICLES / SEED).read_bytes() == (EXAMPLES / SEED).read_bytes()
    articles = [p for p in ARTICLES.iterdir() if not p.name.startswith(".")]
    assert len(articles) >= 12
    assert all(re.search(r"\d{4}-\d{2}-\d{2}", p.name) for p in articles)


def test_fresh_questions_are_new_cross_lingual_questions_on_the_same_articles() -> None:
    fresh, old = load_questions(FRESH), load_questions(QUESTIONS)
    kinds = Counter(question.kind for question in fresh)
    assert kinds["en-about-ar"] >= 60 and kinds["ar-about-en"] >= 60, kinds
    assert kinds["same-language"] >= 60 and kinds["unanswerable"] == 0, kinds
    assert all(question.split == "heldout" for question in fresh)
    assert not {q.id for q in fresh} & {q.id for q in old}
    assert not {q.question for q in fresh} & {q.question for q in old}
    assert {q.source for q in fresh} <= {p.name for p in ARTICLES.iterdir()}


def test_new_topic_questions_are_about_new_articles_only() -> None:
    new, old = load_questions(NEW_TOPICS), load_questions(QUESTIONS) + load_questions(FRESH)
    kinds = Counter(question.kind for question in new)
    assert kinds["en-about-ar"] >= 30 and kinds["ar-about-en"] >= 30, kinds
    assert kinds["same-language"] >= 30 and kinds["unanswerable"] >= 12, kinds
    assert all(question.split == "heldout" for question in new)
    assert not {q.id for q in new} & {q.id for q in old}
    articles = {p.name for p in NEW_ARTICLES.iterdir()}
    assert {q.source for q in new if q.source} == articles  # every new article is asked about
    assert not articles & {p.name for p in ARTICLES.iterdir()}
    assert all(re.search(r"\d{4}-\d{2}-\d{2}\.(ar|en)\.txt$", name) for name in articles)


@pytest.mark.parametrize("path", [QUESTIONS, FRESH, NEW_TOPICS], ids=lambda p: p.stem)
def test_eval_set_evidence_and_answers_are_in_the_named_article(path: Path) -> None:
    for question in load_questions(path):
        where = f"{question.id} ({question.source})"
        assert question.language == detect_language(question.question), where
        if question.source is None:
            assert question.kind == "unanswerable", where
            assert question.evidence is None and not question.answers, where
            continue
        assert question.kind != "unanswerable" and question.evidence and question.answers, where
        assert "\n" not in question.evidence and len(question.evidence.split()) <= 12, where
        texts = [t for t in article_texts(question.source) if question.evidence in t]
        assert texts, f"{where}: evidence {question.evidence!r} is not in the article"
        (text,) = texts  # exactly one record of a multi-article file
        for accepted in question.answers:
            assert accepted in text, f"{where}: answer {accepted!r} is not in the article"
        article_language = detect_language(text)
        if question.language == article_language:
            assert question.kind == "same-language", where
        else:
            assert question.kind == f"{question.language}-about-{article_language}", where
