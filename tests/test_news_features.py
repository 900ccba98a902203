"""Dates, "latest" and timelines over the 370-article dated corpus, in the fast tier.

Timelines, "latest" and the coverage answer need no embedding model (the keyword index,
chunk metadata and Chroma's date filters decide them), so a real Chroma index built with the
deterministic fake embedder tests them for real; dated ranking with the real model is in
tests/test_dated_eval.py.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from news_corpus import DATA, about, build_corpus, date_of

from bot.formatting import MAX_MESSAGE_LENGTH, tg_len
from bot.news_handlers import pages, split_arguments
from core.language import detect_language
from index import sync
from index.dated_rows import ids_where, metadata_where, period_where
from index.fake_embedder import FakeEmbedder
from index.loaders.question_dates import question_dates
from index.settings import IndexSettings
from newsqa.cli import main
from retrieval.service import QAService
from retrieval.settings import RetrievalSettings
from retrieval.timeline import TimelineError

TODAY = date(2026, 12, 2)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_corpus(tmp_path_factory.mktemp("dated-corpus"))


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> IndexSettings:
    settings = IndexSettings(
        data_dir=tmp_path_factory.mktemp("dated-index"), embedding_backend="fake"
    )
    assert sync(corpus, settings, embedder=FakeEmbedder()).skipped == []
    return settings


@pytest.fixture(scope="module")
def service(settings: IndexSettings):
    with QAService(settings, RetrievalSettings(today=TODAY), embedder=FakeEmbedder()) as qa:
        yield qa


def test_chunks_carry_a_numeric_date_that_chroma_filters_on(service: QAService) -> None:
    reader = service.reader()
    reader.refresh()
    where = period_where([(date(2021, 10, 1), date(2021, 11, 30))])
    rows = metadata_where(reader.store, where)
    assert rows and all("2021-10-01" <= meta["date"] <= "2021-11-30" for _, meta in rows)
    assert all(meta["date_num"] == int(meta["date"].replace("-", "")) for _, meta in rows)
    assert {meta["source"] for _, meta in rows} >= {
        "lavrov-mirzoyan-call-2021-10-01.ar.txt",
        "dip-lavrov-kazakhstan-call-2021-11-19.ar.txt",
    }
    assert len(ids_where(reader.store, where)) == len(rows)


def test_day_lists_and_ranges_select_the_same_chunks(service: QAService) -> None:
    service.reader().refresh()
    store = service.reader().store
    month = [(date(2021, 10, 1), date(2021, 10, 31))]
    listed, ranged = period_where(month), period_where([(date(2021, 10, 1), date(2023, 1, 1))])
    assert "$in" in listed["date_num"] and "$and" in ranged  # short periods day by day
    expected = {cid for cid, meta in metadata_where(store, ranged) if meta["date"] <= "2021-10-31"}
    assert expected and set(ids_where(store, listed)) == expected


def test_the_keyword_index_filters_a_period_itself(service: QAService) -> None:
    reader = service.reader()
    reader.refresh()
    october = [(20211001, 20211031)]
    hits = reader.keywords.search(["lavrov", "لافروف"], 50, periods=october)
    everywhere = reader.keywords.search(["lavrov", "لافروف"], 500)
    dated = reader.get([cid for cid, _ in everywhere], vectors=False)
    in_october = {cid for cid, row in dated.items() if row.metadata["date"].startswith("2021-10")}
    assert hits and {cid for cid, _ in hits} == in_october
    assert reader.keywords.search(["lavrov"], 50, periods=[(20300101, 20301231)]) == []
    assert reader.keywords.search(["lavrov"], 50, periods=[]) == []  # an empty window


@pytest.mark.parametrize(("person", "topic"), [("lavrov", "Lavrov"), ("mirzoyan", "ميرزويان")])
def test_a_timeline_lists_every_article_about_the_person_oldest_first(
    service: QAService, corpus: Path, person: str, topic: str
) -> None:
    timeline = service.timeline(topic)
    paths = [e.path for e in timeline.events]
    labelled = about(corpus, person)
    assert len(labelled) >= 30
    assert set(paths) == labelled  # recall and precision 1.0 on this corpus
    assert [e.date for e in timeline.events] == sorted(e.date for e in timeline.events)
    assert {e.language for e in timeline.events} == {"ar", "en"}  # one name, both scripts
    for event in timeline.events:
        assert event.date == date_of(event.path) and event.title and len(event.quote.split()) >= 6
        assert event.quote in (corpus / event.path).read_text(encoding="utf-8")


def test_a_timeline_window_keeps_only_its_dates(service: QAService, corpus: Path) -> None:
    timeline = service.timeline("Lavrov", "2021-01-01", "2021-12-31")
    wanted = {p for p in about(corpus, "lavrov") if "2021-01-01" <= date_of(p) <= "2021-12-31"}
    assert {e.path for e in timeline.events} == wanted and len(wanted) >= 5
    assert timeline.to_dict()["from"] == "2021-01-01" and timeline.to_dict()["to"] == "2021-12-31"
    assert set(timeline.to_dict()["events"][0]) == {"date", "title", "path", "quote", "language"}


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("Lavrov", "2021-13-01", None), "--from takes a date as YYYY-MM-DD"),
        (("Lavrov", None, "soon"), "--to takes a date as YYYY-MM-DD"),
        (("Lavrov", "2022-01-01", "2021-01-01"), "ends (2021-01-01) before it starts"),
        (("Zzyzxqvw", None, None), "No article is about 'Zzyzxqvw'"),
        (("the of and", None, None), "No article is about"),
    ],
)
def test_bad_timeline_input_is_one_clear_error(service: QAService, args: tuple, says: str) -> None:
    with pytest.raises(TimelineError) as error:
        service.timeline(*args)
    assert says in str(error.value) and "\n" not in str(error.value)


def test_latest_lists_the_newest_articles(service: QAService, corpus: Path) -> None:
    files = sorted(
        (p for p in corpus.rglob("*") if p.is_file() and not p.name.endswith(".jsonl")),
        key=lambda p: date_of(p.name),
        reverse=True,
    )
    newest = [a.date for a in service.latest(4)]
    assert newest == [date_of(p.name) for p in files[:4]]
    assert service.latest(1)[0].path == "sci-uae-waha2-satellite-launch-2024-11-20.en.txt"


@pytest.mark.parametrize(
    ("question", "person"),
    [("What was the latest news about Lavrov?", "lavrov"), ("ما آخر أخبار ميرزويان؟", "mirzoyan")],
)
def test_latest_news_cites_the_newest_article_about_the_person(
    service: QAService, corpus: Path, question: str, person: str
) -> None:
    answer = service.ask(question)
    newest = max(about(corpus, person), key=date_of)
    assert answer.found and answer.sources[0].path == newest
    assert answer.sources[0].quote in answer.answer


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("What happened last week?", "The articles have nothing from 2026-11-23 to 2026-11-29."),
        ("ماذا حدث الأسبوع الماضي؟", "لا تحوي المقالات شيئاً من 2026-11-23 إلى 2026-11-29."),
        ("What happened yesterday?", "The articles have nothing from 2026-12-01."),
        ("What did the central bank decide in June 2030?", "nothing from 2030-06-01 to 2030-06-30"),
    ],
)
def test_an_empty_period_abstains_and_states_the_coverage(
    service: QAService, question: str, says: str
) -> None:
    answer = service.ask(question)
    assert not answer.found and answer.sources == []
    assert says in answer.answer
    coverage = (
        "تغطي المقالات الفترة من 2015-01-03 إلى 2024-11-20."
        if "ا" in question
        else "The articles cover 2015-01-03 to 2024-11-20."
    )
    assert coverage in answer.answer


def test_an_impossible_date_is_answered_as_an_undated_question(service: QAService) -> None:
    answer = service.ask("What did Lavrov discuss on 31 February 2021?")
    assert "nothing from" not in answer.answer and "cover" not in answer.answer


def test_the_cli_prints_timelines_and_latest_and_refuses_bad_input(
    settings: IndexSettings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("NEWSQA_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("NEWSQA_EMBEDDING_BACKEND", "fake")
    assert main(["timeline", "Lavrov", "--from", "2021-01-01", "--to", "2021-12-31", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert set(printed) == {"topic", "from", "to", "events"} and printed["events"]
    assert main(["latest", "3"]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 3
    for argv in (
        ["timeline", "Lavrov", "--from", "2021-13-01"],
        ["timeline", "Lavrov", "--from", "2022-01-01", "--to", "2021-01-01"],
        ["timeline", "Zzyzxqvw"],
        ["latest", "0"],
        ["latest", "many"],
    ):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert err.startswith("newsqa: ") and err.count("\n") == 1 and "Traceback" not in err


def test_pages_keep_events_whole_and_say_what_was_left_out() -> None:
    blocks = [f"<b>2021-01-{n:02d}</b> " + "word " * 300 for n in range(1, 40)]
    got = pages("<b>head</b>", blocks, "… and {count} more")
    assert all(tg_len(p) < MAX_MESSAGE_LENGTH for p in got)
    assert len(got) == 5 and got[-1].endswith("more") and got[0].startswith("<b>head</b>")
    shown_blocks = sum(p.count("<b>2021") for p in got)
    assert f"… and {len(blocks) - shown_blocks} more" in got[-1]
    assert split_arguments(["Lavrov", "Sergei", "2021-01-01"]) == (
        "Lavrov Sergei",
        "2021-01-01",
        None,
    )


def test_the_dated_question_set_is_sound(corpus: Path) -> None:
    """The rules of tests/test_eval_set.py for the dated and "latest" questions: evidence and
    answers verbatim in the named article, kinds by language, held out by sha1(source) % 3.
    latest_generated.jsonl holds the "latest" questions whose newest article is a generated
    one (so it cannot sit under the distractors' questions*.jsonl rule)."""
    rows = [
        json.loads(line)
        for name in ("questions_dated.jsonl", "latest_generated.jsonl")
        for line in (DATA / name).read_text(encoding="utf-8").splitlines()
    ]
    asks = Counter(r["asks"] for r in rows)
    assert asks["dated"] + asks["latest"] >= 30 and asks["latest"] >= 10
    assert {(r["kind"], r["asks"]) for r in rows} >= {
        (kind, asks) for kind in ("en-about-ar", "ar-about-en") for asks in ("dated", "latest")
    }
    for r in rows:
        text = (corpus / r["source"]).read_text(encoding="utf-8")
        assert r["evidence"] in text and len(r["evidence"].split()) <= 12, r["id"]
        assert all(a in text for a in r["answers"]), r["id"]
        assert r["language"] == detect_language(r["question"]), r["id"]
        article = detect_language(text)
        kind = "same-language" if article == r["language"] else f"{r['language']}-about-{article}"
        assert r["kind"] == kind, r["id"]
        held = int(hashlib.sha1(r["source"].encode()).hexdigest(), 16) % 3 == 0
        assert r["split"] == ("heldout" if held else "tune"), r["id"]
        if r["asks"] == "dated":
            assert question_dates(r["question"], TODAY).periods, r["id"]
        else:
            assert question_dates(r["question"], TODAY).latest, r["id"]
