"""Unit tests for the bot's HTML: escaping, and splitting into valid messages ≤ 4096."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from telegram_html import parse_telegram_html

from bot import i18n
from bot.formatting import (
    describe_stats,
    describe_summary,
    format_answer,
    format_sources,
    split_html_message,
    streaming_preview,
    tg_len,
)
from index.index_stats import IndexStats
from index.sync_summary import SyncSummary
from retrieval.answer import Answer, Source

SEED = Path(__file__).resolve().parents[1] / "examples" / "articles"
ARTICLE = next(SEED.glob("*.txt")).read_text(encoding="utf-8")


def visible(html_text: str) -> str:
    """What Telegram would display; raises like Telegram on invalid HTML."""
    return parse_telegram_html(html_text)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def assert_valid_parts(parts: list[str], original: str, limit: int = 4096) -> None:
    assert parts, "no parts"
    for part in parts:
        assert tg_len(part) <= limit, f"part of {tg_len(part)} > {limit}"
        assert visible(part).strip(), "empty part"
    assert squash("".join(visible(p) for p in parts)) == squash(visible(original))


def source(**changes: object) -> Source:
    fields = {
        "path": "world/a.txt",
        "title": "Lavrov & Mirzoyan <call>",
        "date": "2021-10-01",
        "quote": 'He said "5 < 6" & left.',
        "score": 0.91,
    }
    return Source(**{**fields, **changes})


def test_format_answer_escapes_everything_and_shows_title_and_date() -> None:
    answer = Answer(answer="<script>alert('x')</script> & more", found=True, sources=[source()])
    html_text = format_answer(answer)
    text = visible(html_text)
    assert "<script>" not in html_text and "&lt;script&gt;" in html_text
    assert "<script>alert('x')</script> & more" in text
    assert "<blockquote>" in html_text and 'He said "5 < 6" & left.' in text
    assert "Lavrov & Mirzoyan <call> — 2021-10-01" in text


def test_format_answer_lists_each_source_once_and_survives_missing_dates() -> None:
    sources = [source(), source(quote="Another."), source(title="B", date=None)]
    answer = Answer("Yes.", True, sources)
    text = visible(format_answer(answer))
    assert text.count("— 2021-10-01") == 1
    assert "• B" in text


def test_format_answer_does_not_repeat_a_quote_the_answer_already_holds() -> None:
    quote = 'He said "5 < 6" & left.'
    answer = Answer(f"«{quote}» — according to the ministry", True, [source(), source()])
    html_text = format_answer(answer)
    assert "<blockquote>" not in html_text and visible(html_text).count(quote) == 1


def test_format_answer_in_arabic_uses_arabic_label() -> None:
    answer = Answer("اتفق الوزيران.", True, [source(title="لافروف وميرزويان")])
    text = visible(format_answer(answer, "ar"))
    assert i18n.text("ar", "sources") in text and "لافروف وميرزويان — 2021-10-01" in text


def test_an_article_listed_only_as_see_also_is_shown_apart_with_its_sentence() -> None:
    """The answer's quote comes from the first article; a second one that merely scored as
    well is not presented as a source of it (a user had read "an unrelated second quote
    appended and listed as a source")."""
    quoted = source(quote="The ministers agreed to meet again.")
    other = source(path="wheat.txt", title="Wheat deal", quote="Egypt bought wheat.", see_also=True)
    for lang in ("en", "ar"):
        text = visible(
            format_answer(
                Answer("«The ministers agreed to meet again.»", True, [quoted, other]), lang
            )
        )
        sources_at, see_also_at = (
            text.index(i18n.text(lang, "sources")),
            text.index(i18n.text(lang, "see_also")),
        )
        assert sources_at < text.index("Lavrov & Mirzoyan <call>") < see_also_at
        assert see_also_at < text.index("• Wheat deal") < text.index("Egypt bought wheat.")
    listed = visible(format_sources(Answer("x", True, [quoted, other])))
    assert listed.count("See also") == 1 and listed.index("See also") > listed.index("wheat.txt")


def test_format_sources_is_valid_and_complete() -> None:
    answer = Answer("x", True, [source(quote=ARTICLE), source(path="b.txt", title="B")])
    parts = split_html_message(format_sources(answer))
    assert_valid_parts(parts, format_sources(answer))
    text = "".join(visible(p) for p in parts)
    assert "world/a.txt" in text and "b.txt" in text and "0.910" in text


def test_short_text_is_one_unchanged_part() -> None:
    assert split_html_message("<b>hi</b> &amp; bye") == ["<b>hi</b> &amp; bye"]
    assert split_html_message("   ") == []


def test_splits_at_paragraphs_first() -> None:
    paragraphs = [f"Paragraph {i}. " + "word " * 150 for i in range(20)]
    text = "\n\n".join(p.strip() for p in paragraphs)
    parts = split_html_message(text)
    assert_valid_parts(parts, text)
    assert all(part.rstrip().endswith("word") for part in parts)
    assert all(part.startswith("Paragraph") for part in parts)


def test_splits_at_sentences_when_there_are_no_paragraphs() -> None:
    text = " ".join(f"Sentence number {i} ends here." for i in range(400))
    parts = split_html_message(text, limit=500)
    assert_valid_parts(parts, text, 500)
    assert all(part.endswith(".") for part in parts)


def test_splits_arabic_at_sentence_ends_including_the_arabic_question_mark() -> None:
    text = " ".join(["ما الذي اتفق عليه الوزيران؟ اتفقا على زيادة العلاقات."] * 300)
    parts = split_html_message(text, limit=1000)
    assert_valid_parts(parts, text, 1000)
    assert all(part.endswith(("؟", ".")) for part in parts)


def test_arabic_article_splits_into_valid_parts() -> None:
    text = format_answer(Answer(ARTICLE * 3, True, [source(quote="مقتطف: " + ARTICLE)]), "ar")
    parts = split_html_message(text)
    assert len(parts) >= 3
    assert_valid_parts(parts, text)


def test_words_then_hard_cuts_never_inside_an_entity() -> None:
    text = "&amp;" * 3000  # 15000 raw characters, no break anywhere
    parts = split_html_message(text, limit=4096)
    assert_valid_parts(parts, text)
    assert all(p.startswith("&amp;") and p.endswith("&amp;") for p in parts)
    words = " ".join(["lorem"] * 3000)
    assert all(p.endswith("lorem") for p in split_html_message(words, 700))


def test_tags_are_closed_and_reopened_across_parts() -> None:
    text = (
        '<b>bold <a href="https://example.org/?a=1&amp;b=2">link '
        + "x " * 3000
        + "</a></b> tail <blockquote expandable>"
        + "quoted words " * 600
        + "</blockquote>"
    )
    parts = split_html_message(text)
    assert_valid_parts(parts, text)
    assert parts[1].startswith('<b><a href="https://example.org/?a=1&amp;b=2">')
    assert any(p.startswith("<blockquote expandable>") for p in parts[2:])


def test_length_counts_utf16_units_so_emoji_count_double() -> None:
    text = "😀 " * 3000  # 3 UTF-16 units each
    parts = split_html_message(text)
    assert_valid_parts(parts, text)
    assert max(tg_len(p) for p in parts) <= 4096 < max(tg_len(p) for p in parts) * 2


@pytest.mark.parametrize("seed", range(40))
def test_random_html_always_splits_into_valid_parts(seed: int) -> None:
    rng = random.Random(seed)
    pieces = ["word", "كلمة", "a &amp; b", "end.", "سؤال؟", "\n\n", "\n", "😀", "x" * 30]
    out = []
    for _ in range(rng.randint(100, 1500)):
        piece, roll = rng.choice(pieces), rng.random()
        if roll < 0.05:
            out.append(f"<b>{piece} <i>{piece}</i></b> ")
        elif roll < 0.07:
            out.append(f'<a href="https://x.example/?q=1&amp;r=2">{piece}</a> ')
        elif roll < 0.09:
            out.append(f"<blockquote>{piece} {piece}. {piece}</blockquote>")
        else:
            out.append(piece + " ")
    text, limit = "".join(out), rng.choice([64, 300, 1000, 4096])
    assert_valid_parts(split_html_message(text, limit), text, limit)


def test_streaming_preview_fits_and_is_valid() -> None:
    preview = streaming_preview("<partial> & growing " * 1000)
    assert tg_len(preview) <= 4096 and visible(preview).endswith("…")


def test_describe_summary_is_the_printed_summary_escaped() -> None:
    summary = SyncSummary(
        folder="articles",
        added=["a.txt"],
        removed=["b.txt", "c.txt"],
        unchanged=1,
        skipped=[("bad.pdf", "no text <layer>")],
        total_chunks=12,
    )
    html_text = describe_summary(summary)
    assert html_text.startswith("<pre>") and "&lt;layer&gt;" in html_text
    assert visible(html_text) == summary.format()
    assert "1 added, 0 updated, 2 removed" in visible(html_text)
    assert "the index holds 12 chunks" in visible(html_text)
    assert "skipped bad.pdf: no text <layer>" in visible(html_text)


def test_describe_stats_in_both_languages() -> None:
    stats = IndexStats(
        articles=3,
        chunks=40,
        files=2,
        newest_date="2021-10-01",
        oldest_date="2020-09-27",
        languages={"ar": 2, "en": 1},
    )
    english = visible(describe_stats(stats, "en"))
    assert "Articles: 3 (in 2 files)" in english and "Passages I can quote: 40" in english
    assert "Dates: from 27 September 2020 to 1 October 2021" in english
    assert "Languages: Arabic (2), English (1)" in english
    arabic = visible(describe_stats(stats, "ar"))
    assert "المقالات: 3" in arabic and "من 27 سبتمبر 2020 إلى 1 أكتوبر 2021" in arabic
    assert "العربية (2)، الإنجليزية (1)" in arabic
    undated = visible(describe_stats(IndexStats(0, 0, None, None, {}), "en"))
    assert "Dates: an unknown date" in undated and "Languages: —" in undated
