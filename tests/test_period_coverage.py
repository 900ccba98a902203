"""Whether an answer's article is of the period its question names (no model; the last
tests read the article from a real embedded Chroma index)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from index import sync
from index.fake_embedder import FakeEmbedder
from index.loaders.dates import (
    month_pattern,
    month_words,
    months_named,
    periods_in,
    spelled_parts,
    year_parts_in,
)
from index.loaders.question_dates import month_end
from index.reader import IndexReader
from index.settings import IndexSettings
from retrieval.answer import Answer, Source
from retrieval.period_coverage import asked_periods, describe, of_period, outside_period

TODAY = date(2026, 12, 2)
MARCH_2023 = [(date(2023, 3, 1), date(2023, 3, 31))]
YEAR_2023 = [(date(2023, 1, 1), date(2023, 12, 31))]


def test_the_periods_a_question_names_with_their_year() -> None:
    assert asked_periods("What did the bank decide in March 2023?", TODAY) == MARCH_2023
    assert asked_periods("ماذا قرر البنك في آذار 2023؟", TODAY) == MARCH_2023
    assert asked_periods("How many detainees were exchanged in 2023?", TODAY) == YEAR_2023
    between = asked_periods("What did Lavrov say between June and August 2021?", TODAY)
    assert between == [(date(2021, 6, 1), date(2021, 8, 31))]
    # a quarter or half, by its months: no article is searched by it, but it is checked
    first_quarter = asked_periods("What did Al Waha report for the first quarter of 2023?", TODAY)
    assert first_quarter == [(date(2023, m, 1), month_end(2023, m)) for m in (1, 2, 3)]
    half = asked_periods("كم ربحت الشركة في النصف الأول من 2023؟", TODAY)
    assert min(a for a, _ in half) == date(2023, 1, 1) and max(b for _, b in half) == date(
        2023, 6, 30
    )


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("Q2 2023 results", {(2023, 4), (2023, 5), (2023, 6)}),
        ("second-quarter 2023 profit", {(2023, 4), (2023, 5), (2023, 6)}),
        ("الربع الثالث من عام 2023", {(2023, 7), (2023, 8), (2023, 9)}),
        ("الربع الأخير من 2023", {(2023, 10), (2023, 11), (2023, 12)}),
        ("the first half of 2023", {(2023, m) for m in range(1, 7)}),
        ("H2 2021", {(2021, m) for m in range(7, 13)}),
        ("فاز بالمركز الثاني عام 2023", set()),  # second place, no quarter
        ("a second-half goal in the 2023 final", set()),
    ],
)
def test_quarters_and_halves_of_a_year_name_their_months(text: str, months: set) -> None:
    assert year_parts_in(text) == months
    assert months <= set(periods_in(text))
    if months:
        assert (int(text[-4:]) if text[-4:].isdigit() else 0, None) not in periods_in(text)


def test_a_report_names_its_quarter_without_the_year() -> None:
    """ "its net profit for the second quarter rose": the report names April to June, and is
    of the second quarter of the year it appeared in, published in August."""
    assert month_words("Its net profit for the second quarter rose 41 percent.") == {4, 5, 6}
    assert month_words("تراجع صافي أرباحها في الربع الثالث من العام") == {7, 8, 9}
    assert month_words("Q2 results beat forecasts") == {4, 5, 6}
    assert month_words("H1N1 cases rose; second place in the half marathon") == set()
    second_quarter = asked_periods("What did Al Waha earn in Q2 2023?", TODAY)
    text = "Al Waha said its net profit for the second quarter rose 41 percent."
    assert of_period(second_quarter, "2023-08-09", text)
    assert not of_period(second_quarter, "2023-11-07", text.replace("second", "third"))


def test_q2_and_h1_are_spelled_out_for_the_keyword_search() -> None:
    """No article writes "Q2"; a question's unmatched "q2" only lowered its other words."""
    assert spelled_parts("How much did Al Waha earn in Q2 2023?") == (
        "How much did Al Waha earn in second quarter 2023?"
    )
    assert spelled_parts("H1 2023 sales") == "first half 2023 sales"
    assert spelled_parts("H1N1 and H3 cases") == "H1N1 and H3 cases"


@pytest.mark.parametrize(
    "question",
    [
        "What did Lavrov say last week?",  # relative: answered from that week or said empty
        "What happened on 1 October?",  # yearless: every year the index covers
        "What is the latest on the Central Bank of Kenya?",
        "What did the ministers agree on?",
    ],
)
def test_no_period_is_checked_without_its_year(question: str) -> None:
    assert asked_periods(question, TODAY) == []


def test_an_article_dated_inside_the_period_is_of_it() -> None:
    assert of_period(MARCH_2023, "2023-03-08", "The ministers met.")
    assert not of_period(MARCH_2023, "2023-01-24", "The bank raised its rate to 8 percent.")


def test_an_article_naming_the_month_and_year_is_of_it_whatever_its_date() -> None:
    assert of_period(MARCH_2023, "2023-05-02", "Inflation reached 10.3 percent in March 2023.")
    assert of_period(MARCH_2023, None, "ارتفع التضخم في آذار/مارس 2023 إلى 10.3 في المئة.")
    assert of_period(MARCH_2023, "2024-01-10", "The decision of March 14, 2023 stands.")


def test_a_month_named_without_its_year_counts_within_a_year_of_the_period() -> None:
    report = "Annual urban inflation rose to 38.4 percent in September."
    september = [(date(2023, 9, 1), date(2023, 9, 30))]
    assert of_period(september, "2023-10-10", report)  # the figures, a month later
    assert of_period(september, "2023-10-10", "ارتفع التضخم في سبتمبر الماضي")
    plan = "Talks are due to resume in Geneva next September."
    assert of_period(september, "2023-02-14", plan)  # announced before it
    assert not of_period(september, "2025-01-10", report)  # more than a year later
    assert not of_period(september, "2022-06-01", plan)  # more than a year before


def test_a_month_written_with_another_year_says_nothing_of_this_one() -> None:
    text = "The bank's board met on 19 March 2024 and held its rate."
    assert not of_period(MARCH_2023, "2024-03-19", text)
    assert month_words("met on 19 March 2024, and again in September") == {9}


def test_a_year_named_alone_answers_only_for_that_year() -> None:
    text = "The exchange of detainees was agreed in 2023, the envoy said."
    assert of_period(YEAR_2023, "2024-02-14", text)
    assert not of_period(YEAR_2023, "2024-02-14", "The envoy met both sides in Muscat.")
    assert not of_period(MARCH_2023, "2024-02-14", text)  # the year says nothing of March


def test_the_period_as_the_user_reads_it() -> None:
    assert describe(MARCH_2023) == "2023-03"
    assert describe(YEAR_2023) == "2023"
    assert describe([(date(2023, 3, 5), date(2023, 3, 5))]) == "2023-03-05"
    assert describe([(date(2021, 6, 1), date(2021, 8, 31))]) == "2021-06-01 – 2021-08-31"


def test_dates_an_article_writes() -> None:
    named = months_named("1 تشرين الأول/ أكتوبر 2021، ثم October 5, 2022 و2019-07-03")
    assert {(2021, 10), (2022, 10), (2019, 7)} <= named
    assert month_words("خلال شهر سبتمبر الماضي وفي جانفي") == {9, 1}
    assert month_words("The Septembrist movement") == set()
    assert month_words("The bank may raise rates, and unions march today") == set()
    assert month_words("In May the bank met; in March it held") == {5, 3}


def test_the_quick_test_for_a_month_finds_every_written_form() -> None:
    january = month_pattern({1})
    for text in ("in January", "JANUARY figures", "في يناير", "كانون الثاني", "في جانفي"):
        assert january.search(text), text
    assert not january.search("Januaryish") and not january.search("in June")
    assert not month_pattern(set()).search("January")


@pytest.fixture()
def store(tmp_path: Path):
    """A real embedded Chroma index of two articles (stand-in vectors: only texts matter):
    one dated report naming the month it reports on, one undated note."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "inflation-2023-10-10.en.txt").write_text(
        "Egypt's inflation rises\n\nAnnual urban inflation rose to 38.4 percent in September, "
        "the statistics agency said on Tuesday.\n",
        encoding="utf-8",
    )
    (folder / "note.en.txt").write_text(
        "Metro tickets\n\nCairo's metro now sells tickets through a phone app.\n", encoding="utf-8"
    )
    settings = IndexSettings(data_dir=tmp_path / "data")
    sync(folder, settings, embedder=FakeEmbedder())
    reader = IndexReader(settings)
    reader.refresh()
    yield reader.store
    reader.close()


def _answer(path: str, published: str | None) -> Answer:
    source = Source(path, "Title", published, "A quote.", 4.0)
    return Answer("«A quote.»\n— According to Title", True, [source])


def test_an_answer_from_the_month_it_reports_on_stands(store) -> None:
    answer = _answer("inflation-2023-10-10.en.txt", "2023-10-10")
    question = "What was Egypt's urban inflation in September 2023?"
    assert outside_period(answer, question, "en", store, TODAY) == answer


def test_an_answer_from_another_period_says_so_and_keeps_its_quote(store) -> None:
    answer = _answer("inflation-2023-10-10.en.txt", "2023-10-10")
    said = outside_period(answer, "What was inflation in March 2023?", "en", store, TODAY)
    assert not said.found and said.sources == answer.sources
    assert said.answer == (
        "The articles don't say for 2023-03. The nearest article is from 2023-10-10:\n"
        + answer.answer
    )
    undated = _answer("note.en.txt", None)
    said = outside_period(undated, "ما ثمن التذكرة في 2021؟", "ar", store, TODAY)
    assert not said.found
    assert said.answer.startswith("لا تذكر المقالات ذلك عن 2021. أقرب مقال، بلا تاريخ:")


def test_an_answer_to_a_question_without_a_period_is_left_alone(store) -> None:
    answer = _answer("note.en.txt", None)
    assert outside_period(answer, "How do I buy a metro ticket?", "en", store, TODAY) == answer


def test_a_second_source_of_the_period_speaks_for_it_only_in_the_same_story(store) -> None:
    """The first source is undated and not of 2023; the second is of 2023. It keeps the
    answer when it tells the first one's story, not when it is another story that merely
    scored close (`retrieval.same_story`)."""
    first = Source("note.en.txt", "Metro tickets", None, "A quote.", 4.0)
    second = Source(
        "inflation-2023-10-10.en.txt", "Inflation", "2023-10-10", "Another.", 3.8, see_also=True
    )
    answer = Answer("«A quote.»\n— According to Metro tickets", True, [first, second])
    question = "What did a metro ticket cost in 2023?"
    asked: list[tuple[str, str]] = []

    def other_story(told: str, telling: str) -> bool:
        asked.append((told, telling))
        return False

    said = outside_period(answer, question, "en", store, TODAY, other_story)
    assert not said.found and said.sources == answer.sources
    assert asked == [("note.en.txt", "inflation-2023-10-10.en.txt")]
    kept = outside_period(answer, question, "en", store, TODAY, lambda told, telling: True)
    assert kept == answer
    assert outside_period(answer, question, "en", store, TODAY) == answer  # no test: any
