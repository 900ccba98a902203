"""Answers on the seed article with the default, offline extractive answerer."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from index_fixtures import AGREEMENT, SEED_FILE

from retrieval.service import QAService
from retrieval.settings import RetrievalSettings

pytestmark = pytest.mark.slow  # the real model over the seed index


@pytest.mark.parametrize(
    "question", ["What did the ministers agree on?", "ما الذي اتفق عليه الوزيران؟"]
)
def test_the_agreement_is_quoted_with_its_article(qa_service, question):
    answer = qa_service.ask(question)
    assert answer.found
    top = answer.sources[0]
    assert AGREEMENT in top.quote
    assert top.path == SEED_FILE
    assert top.date == "2021-10-01"
    assert top.quote in answer.answer  # the answer quotes verbatim
    assert top.title and top.title in answer.answer


def test_dates_and_names_are_found(qa_service):
    answer = qa_service.ask("When did Lavrov and Mirzoyan talk on the phone?")
    assert answer.found
    assert "1 تشرين الأول/ أكتوبر 2021" in answer.sources[0].quote


@pytest.mark.parametrize(
    ("question", "reply"),
    [
        ("Who won the football World Cup in 2018?", "The articles don't say."),
        ("ما هي عاصمة أستراليا؟", "لا تذكر المقالات ذلك."),
    ],
)
def test_unanswerable_questions_abstain_in_the_askers_language(qa_service, question, reply):
    answer = qa_service.ask(question)
    assert not answer.found
    assert answer.answer == reply
    assert answer.sources == []


@pytest.mark.parametrize("question", ["", "   ", "🙂🙂🙂", "???"])
def test_empty_questions_get_a_polite_answer(qa_service, question):
    answer = qa_service.ask(question)
    assert not answer.found
    assert "ask a question" in answer.answer


def test_a_huge_question_is_answered_not_crashed(qa_service):
    answer = qa_service.ask("What did the ministers agree on? " + "x" * 10_000)
    assert isinstance(answer.answer, str) and answer.answer


def test_follow_up_reuses_the_previous_question(qa_service):
    chat = qa_service.conversation()
    first = chat.ask("What did Lavrov and Mirzoyan discuss about Nagorno-Karabakh?")
    assert first.found
    follow = chat.ask("And when?")
    assert follow.found
    assert any("2021" in s.quote for s in follow.sources)
    chat.reset()
    assert chat.turns == []


def test_no_index_yet_is_a_polite_answer(tmp_path, model_cache_dir, embedder):
    from index.settings import IndexSettings

    empty = IndexSettings(data_dir=tmp_path / "none", model_cache_dir=model_cache_dir)
    with QAService(empty, RetrievalSettings(), embedder=embedder) as service:
        answer = service.ask("What did the ministers agree on?")
        assert not answer.found and "newsqa index" in answer.answer
        assert service.stats().articles == 0


def test_stats_describe_the_seed_index(qa_service):
    stats = qa_service.stats()
    assert (stats.articles, stats.files) == (1, 1)
    assert stats.newest_date == stats.oldest_date == "2021-10-01"
    assert stats.languages == {"ar": 1}
    assert stats.chunks >= 3


def _cli(args, seed_settings, tmp_path):
    env = {
        **os.environ,
        "NEWSQA_DATA_DIR": str(seed_settings.data_dir),
        "NEWSQA_MODEL_CACHE_DIR": str(seed_settings.model_cache_dir),
    }
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        cwd=tmp_path,
    )


def test_cli_ask_json_has_exactly_the_documented_shape(seed_settings, tmp_path):
    done = _cli(
        ["-m", "newsqa", "ask", "What did the ministers agree on?", "--json"],
        seed_settings,
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert set(data) == {"answer", "found", "sources"}
    assert data["found"] is True
    src = data["sources"][0]
    assert set(src) == {"path", "title", "date", "quote", "score", "see_also"}
    assert src["see_also"] is False  # the quoted article; "see also" ones come after it
    assert isinstance(src["score"], float) and AGREEMENT in src["quote"]


def test_python_shell_ask_on_the_default_index(seed_settings, tmp_path):
    code = (
        "from retrieval import ask\n"
        "a = ask('ما الذي اتفق عليه الوزيران؟')\n"
        "print(a.found, a.sources[0].path)\n"
    )
    done = _cli(["-c", code], seed_settings, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", SEED_FILE]


def test_the_retriever_works_in_a_users_own_langchain_chain(qa_service):
    """`service.retriever()` is a LangChain retriever: piped into a chain of the user's own
    (here: the README's example), an English question gets the Arabic seed passage."""
    from langchain_core.runnables import RunnableLambda, RunnableParallel, RunnablePassthrough

    def cite(inputs: dict) -> str:
        top = inputs["context"][0]
        return f"{inputs['question']} -> {top.metadata['source']} ({top.metadata['date']})"

    chain = (
        RunnableParallel(context=qa_service.retriever(), question=RunnablePassthrough())
        | RunnableLambda(cite)
    )
    reply = chain.invoke("What did the ministers agree on?")
    assert reply == f"What did the ministers agree on? -> {SEED_FILE} (2021-10-01)"
    documents = qa_service.retriever().invoke("ما الذي اتفق عليه الوزيران؟")
    assert documents and any(AGREEMENT in d.page_content for d in documents)
    assert all("s_vectors" not in d.metadata for d in documents)  # no storage encoding leaks


@pytest.mark.parametrize(
    "question",
    [
        "What did the ministers agree on?",
        "ما الذي اتفق عليه الوزيران؟",
        "Who won the football World Cup in 2018?",  # an abstention
        "asdfgh",  # not a question at all
        "",  # answered before the chain
    ],
)
def test_ask_and_ask_stream_give_the_same_answer(qa_service, question):
    streamed = list(qa_service.ask_stream(question))
    assert streamed == [qa_service.ask(question)]  # extractive answers come whole


def test_a_follow_up_streams_the_same_answer_too(qa_service):
    first = qa_service.ask("What did Lavrov and Mirzoyan discuss about Nagorno-Karabakh?")
    history = [("What did Lavrov and Mirzoyan discuss about Nagorno-Karabakh?", first.answer)]
    asked = qa_service.ask("And when?", history, first)
    assert asked.found
    assert list(qa_service.ask_stream("And when?", history, first)) == [asked]
