"""/timeline and /latest end to end: the real Application over real HTTP against the local
Bot API server, answering from a real Chroma index of the 370-article dated corpus.

The service runs with the fake embedder: timelines and /latest never use the model, and the
bot's start-up warm-up then costs nothing.
"""

from __future__ import annotations

import time
from datetime import date

import pytest
from bot_harness import ARABIC_USER, SENT, USER, fixture_api, running_bot, shown  # noqa: F401
from news_corpus import about, build_corpus, date_of

from bot.formatting import MAX_MESSAGE_LENGTH, tg_len
from index import sync
from index.fake_embedder import FakeEmbedder
from index.settings import IndexSettings
from retrieval.service import QAService
from retrieval.settings import RetrievalSettings

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory):
    return build_corpus(tmp_path_factory.mktemp("bot-corpus"))


@pytest.fixture(scope="module")
def news_service(tmp_path_factory: pytest.TempPathFactory, corpus):
    settings = IndexSettings(
        data_dir=tmp_path_factory.mktemp("bot-index"), embedding_backend="fake"
    )
    sync(corpus, settings, embedder=FakeEmbedder())
    retrieval = RetrievalSettings(today=date(2026, 12, 2))
    with QAService(settings, retrieval, embedder=FakeEmbedder()) as service:
        yield service


def replies_settled(api, chat_id: int, at_least: int, timeout: float = 60) -> list[str]:
    """The bot's messages to `chat_id` once at least `at_least` arrived and none followed
    for half a second."""
    deadline = time.monotonic() + timeout
    seen, quiet_since = -1, time.monotonic()
    while time.monotonic() < deadline:
        texts = [shown(c) for c in api.find(SENT, chat_id)]
        if len(texts) != seen:
            seen, quiet_since = len(texts), time.monotonic()
        elif len(texts) >= at_least and time.monotonic() - quiet_since > 0.5:
            return texts
        time.sleep(0.05)
    raise AssertionError(f"only {seen} replies to {chat_id}")


def test_timeline_is_paged_under_the_limit_in_order_with_every_event(api, news_service, corpus):
    expected = news_service.timeline("Lavrov")
    with running_bot(api, news_service):
        api.push_message(USER, USER, "/timeline Lavrov")
        texts = replies_settled(api, USER, at_least=2)
    assert len(texts) >= 2  # 30 events with quotes do not fit one message
    assert all(tg_len(t) < MAX_MESSAGE_LENGTH for t in texts)
    assert all(
        len(str(c.params.get("text", ""))) < MAX_MESSAGE_LENGTH for c in api.find(SENT, USER)
    )
    joined = "\n".join(texts)
    assert "Timeline: Lavrov (30 articles)" in texts[0]
    positions = [joined.index(e.path) for e in expected.events]
    assert positions == sorted(positions) and len(positions) == len(about(corpus, "lavrov"))


def test_timeline_in_arabic_with_a_window_and_bad_input(api, news_service):
    with running_bot(api, news_service):
        api.push_message(ARABIC_USER, ARABIC_USER, "/timeline لافروف 2021-01-01 2021-12-31", "ar")
        texts = replies_settled(api, ARABIC_USER, at_least=1)
        assert "التسلسل الزمني: لافروف" in texts[0]
        dates = [line.split()[0] for t in texts for line in t.splitlines() if line[:2] == "20"]
        assert dates and all("2021-01-01" <= d <= "2021-12-31" for d in dates)
        api.push_message(USER, USER, "/timeline Lavrov 2022-01-01 2021-01-01")
        api.push_message(USER, USER, "/timeline Lavrov 2021-13-01")
        api.push_message(USER, USER, "/timeline Zzyzxqvw")
        api.push_message(USER, USER, "/timeline")
        errors = replies_settled(api, USER, at_least=4)
    assert len(errors) == 4  # one line each (updates run concurrently: any order)
    for says in (
        "The window ends (2021-01-01) before it starts (2022-01-01).",
        "--from takes a date as YYYY-MM-DD, not '2021-13-01'.",
        "No article is about 'Zzyzxqvw'. Try a name or a word the articles use.",
        "Say what the timeline is about, e.g. /timeline Lavrov",
    ):
        assert says in errors


def test_latest_lists_the_newest_articles_with_dates(api, news_service):
    newest = news_service.latest(3)
    with running_bot(api, news_service):
        api.push_message(USER, USER, "/latest 3")
        api.push_message(ARABIC_USER, ARABIC_USER, "/latest", language_code="ar")
        api.push_message(USER, USER, "/latest lots")
        english = replies_settled(api, USER, at_least=2)
        arabic = replies_settled(api, ARABIC_USER, at_least=1)
    (listing,) = [t for t in english if t.startswith("The 3 newest articles:")]
    assert listing.splitlines()[1:] == [f"{a.date} — {a.title}" for a in newest]
    assert any("from 1 to 100, not 'lots'" in t for t in english)
    assert arabic[0].startswith("أحدث 5 مقالات:")


def test_dated_and_latest_questions_in_both_languages(api, news_service, corpus):
    newest = max(about(corpus, "lavrov"), key=date_of)
    newest_date = date_of(newest)
    assert news_service.ask("What was the latest news about Lavrov?").sources[0].path == newest
    with running_bot(api, news_service):
        api.push_message(USER, USER, "What happened last week?")
        api.push_message(ARABIC_USER, ARABIC_USER, "ماذا حدث الأسبوع الماضي؟", "ar")
        english = replies_settled(api, USER, at_least=1)
        arabic = replies_settled(api, ARABIC_USER, at_least=1)
        api.push_message(USER, USER, "What was the latest news about Lavrov?")
        api.push_message(ARABIC_USER, ARABIC_USER, "ما آخر أخبار لافروف؟", "ar")
        english += replies_settled(api, USER, at_least=2)[1:]
        arabic += replies_settled(api, ARABIC_USER, at_least=2)[1:]
    assert "The articles cover 2015-01-03 to 2024-11-20." in english[0]
    assert "تغطي المقالات الفترة من 2015-01-03 إلى 2024-11-20." in arabic[0]
    assert newest_date in english[1] and newest_date in arabic[1]
