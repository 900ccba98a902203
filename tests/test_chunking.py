"""Sentence splitting and chunking: exact offsets, Arabic punctuation, token budgets."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.chunking import chunk_text, estimate_tokens, split_sentences

SEED = Path(__file__).parents[1] / "examples/articles/lavrov-mirzoyan-call-2021-10-01.ar.txt"


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def test_seed_spans_are_exact_ordered_and_trimmed() -> None:
    text = SEED.read_text(encoding="utf-8")
    spans = split_sentences(text)
    assert len(spans) >= 15
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end
        piece = text[start:end]
        assert piece == piece.strip() and piece
        previous_end = end
    # Two sentences on one line are split at ". "; the quote stays verbatim with its sentence.
    pieces = sentences(text)
    assert "تفاقم الوضع في منطقة النزاع حول ناغورني قره باغ، إذ اندلعت معارك نشطة" in pieces[9]
    assert pieces[9].endswith("المتنازع عليها.")
    assert pieces[10].startswith("بعد ذلك وفي 9 نوفمبر/ تشرين الثاني")
    assert pieces[1].endswith('11 يناير(كانون الثاني) 2021".')
    assert pieces[-1] == "المصدر: تاس"


def test_arabic_punctuation_ends_sentences() -> None:
    text = "هل انتهت المحادثات؟ نعم انتهت؛ وسيلتقي الوزيران مجدداً. شكراً! انتهى.وقال آخر"
    assert sentences(text) == [
        "هل انتهت المحادثات؟",
        "نعم انتهت؛",
        "وسيلتقي الوزيران مجدداً.",
        "شكراً!",
        "انتهى.",
        "وقال آخر",
    ]


def test_arabic_comma_does_not_split_normal_sentences() -> None:
    text = "بحث لافروف، وزير الخارجية الروسي، مع نظيره الأرمني الاتفاقات الثلاثية."
    assert sentences(text) == [text]


def test_very_long_arabic_sentence_is_cut_at_arabic_commas() -> None:
    clause = "وأكد الوزير أن الاتفاقات الثلاثية يجب أن تنفذ كاملة دون أي تأخير إضافي"  # 13 words
    text = "، ".join([clause] * 8) + "."
    pieces = sentences(text)
    assert len(pieces) > 1
    assert all(len(p.split()) <= 60 for p in pieces)
    assert all(p.endswith("،") for p in pieces[:-1])
    assert " ".join(pieces) == text


def test_no_split_on_abbreviations_decimals_and_initials() -> None:
    text = (
        "The U.S. economy grew 1.5 percent in 2021, Mr. Smith said. "
        "J. K. Rowling agreed, e.g. on approx. 3.75 points. "
        "وقال د. أحمد إن النمو بلغ 2.5 في المئة."
    )
    assert sentences(text) == [
        "The U.S. economy grew 1.5 percent in 2021, Mr. Smith said.",
        "J. K. Rowling agreed, e.g. on approx. 3.75 points.",
        "وقال د. أحمد إن النمو بلغ 2.5 في المئة.",
    ]


def test_closing_quotes_and_brackets_stay_with_their_sentence() -> None:
    text = 'He said "it is over." Then he left (quietly.) قال «انتهى الأمر.» ثم غادر.'
    assert sentences(text) == [
        'He said "it is over."',
        "Then he left (quietly.)",
        "قال «انتهى الأمر.»",
        "ثم غادر.",
    ]


def test_line_breaks_are_boundaries_and_whitespace_is_excluded() -> None:
    text = "  Headline without a stop\r\n\n\u200f  سطر ثان بلا نقطة  \n\tThird line. Fourth? "
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "Headline without a stop",
        "سطر ثان بلا نقطة",
        "Third line.",
        "Fourth?",
    ]
    assert spans[0] == (2, 25)


def test_ellipsis_mid_sentence_does_not_split() -> None:
    assert sentences("He paused... and went on. Then... Nothing.") == [
        "He paused... and went on.",
        "Then...",
        "Nothing.",
    ]


def test_empty_text_has_no_sentences_or_chunks() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\t \u200f") == []
    assert chunk_text("") == []
    assert chunk_text("   \n  ") == []


def test_seed_chunks_are_exact_overlapping_and_within_budget() -> None:
    text = SEED.read_text(encoding="utf-8")
    chunks = chunk_text(text, sentences_per_chunk=3, overlap=1, max_tokens=400)
    all_spans = split_sentences(text)
    assert len(chunks) > 3
    assert [c.number for c in chunks] == list(range(len(chunks)))
    for chunk in chunks:
        assert chunk.text == text[chunk.start : chunk.end]
        assert chunk.sentences[0][0] == chunk.start and chunk.sentences[-1][1] == chunk.end
        assert all(span in all_spans for span in chunk.sentences)
        assert 1 <= len(chunk.sentences) <= 3
        assert estimate_tokens(chunk.text) <= 400
    for first, second in zip(chunks, chunks[1:], strict=False):
        assert first.sentences[-1] == second.sentences[0]  # one sentence of overlap
    covered = {span for chunk in chunks for span in chunk.sentences}
    assert covered == set(all_spans)


def test_chunks_respect_max_tokens_with_a_real_counter() -> None:
    text = SEED.read_text(encoding="utf-8")

    def words(piece: str) -> int:
        return len(piece.split())

    chunks = chunk_text(text, sentences_per_chunk=4, overlap=1, max_tokens=30, count_tokens=words)
    assert all(words(c.text) <= 30 for c in chunks)
    assert all(c.text == text[c.start : c.end] for c in chunks)
    # Every word of the article is in some chunk.
    covered = " ".join(c.text for c in chunks).split()
    assert set(text.split()) <= set(covered)


def test_overlong_sentence_is_cut_at_commas_then_words() -> None:
    text = "Alpha beta gamma delta, epsilon zeta eta theta, " + " ".join(["word"] * 25) + "."

    def words(piece: str) -> int:
        return len(piece.split())

    chunks = chunk_text(text, sentences_per_chunk=3, overlap=1, max_tokens=8, count_tokens=words)
    pieces = [text[s:e] for c in chunks for s, e in c.sentences]
    assert pieces[0] == "Alpha beta gamma delta, epsilon zeta eta theta,"
    assert all(words(c.text) <= 8 for c in chunks)
    assert all(c.text == text[c.start : c.end] for c in chunks)
    assert chunks[-1].text.endswith("word.")


def test_counter_with_special_tokens_is_respected() -> None:
    # Tokenizers often add <s> and </s>, so even a short text costs two more.
    text = "كلمة " * 50

    def with_specials(piece: str) -> int:
        return len(piece.split()) + 2

    chunks = chunk_text(text, max_tokens=5, count_tokens=with_specials)
    assert [len(c.text.split()) for c in chunks] == [3] * 16 + [2]
    assert all(c.text == text[c.start : c.end] for c in chunks)


def test_impossible_budget_still_terminates_with_exact_spans() -> None:
    text = "Short words here. More words."
    chunks = chunk_text(text, max_tokens=1, count_tokens=lambda piece: 3)
    assert chunks and all(c.text == text[c.start : c.end] and c.text.strip() for c in chunks)


def test_estimate_tokens_counts_arabic_words_higher() -> None:
    assert estimate_tokens("") == 0
    assert estimate_tokens("one two three four five six seven eight nine ten") == 13
    assert estimate_tokens("واحد اثنان ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة عشرة") == 16
    assert estimate_tokens("x" * 200) > 10  # a URL-like blob is not one token


def test_chunk_arguments_are_validated() -> None:
    with pytest.raises(ValueError):
        chunk_text("a. b.", sentences_per_chunk=2, overlap=2)
    with pytest.raises(ValueError):
        chunk_text("a. b.", max_tokens=0)
