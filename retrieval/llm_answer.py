"""The LLM answer step: numbered passages in, an answer citing them by number out.

The sources list is built here from the citation numbers, never from the model's text, so an
article that tells the model to change its format cannot change which sources are shown.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from prompts import load_prompt
from retrieval.answer import NOT_ANSWERED, Answer, Source
from retrieval.evidence import Retrieved, SentenceScorer
from retrieval.extractive import to_source

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from retrieval.passage import Passage

log = logging.getLogger(__name__)
LANGUAGE_NAMES = {"ar": "Arabic", "en": "English"}
NOT_FOUND = "NOT_FOUND"
CITATION = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")


def render_passages(passages: Sequence[Passage]) -> str:
    """Passages as tagged, escaped data, so article text cannot close its tag."""
    blocks = []
    for n, p in enumerate(passages, start=1):
        title = html.escape(str(p.metadata.get("title", "")), quote=True)
        date = html.escape(str(p.metadata.get("date", "")), quote=True)
        blocks.append(
            f'<passage id="{n}" title="{title}" date="{date}">\n'
            f"{html.escape(p.text, quote=False)}\n</passage>"
        )
    return "\n\n".join(blocks)


def answer_messages(question: str, language: str, passages: Sequence[Passage]) -> list[BaseMessage]:
    system = load_prompt("answer_system").format(
        language_name=LANGUAGE_NAMES.get(language, "the language of the question")
    )
    user = load_prompt("answer_user").format(passages=render_passages(passages), question=question)
    return [SystemMessage(system), HumanMessage(user)]


def cited_numbers(text: str, n_passages: int) -> list[int]:
    """Passage numbers cited as [n] or [n, m], in order of first citation, valid ones only."""
    seen: list[int] = []
    for group in CITATION.findall(text):
        for part in group.split(","):
            n = int(part)
            if 1 <= n <= n_passages and n not in seen:
                seen.append(n)
    return seen


def finish(text: str, retrieved: Retrieved, scorer: SentenceScorer) -> Answer:
    """Turn the model's reply into an Answer whose sources are the cited passages
    (`NOT_ANSWERED` when the model says the passages do not answer)."""
    text, passages = text.strip(), retrieved.passages
    if not text or text.startswith(NOT_FOUND) or not passages:
        return NOT_ANSWERED
    sources: list[Source] = []
    for n in cited_numbers(text, len(passages)) or [1]:
        best = scorer.candidates(retrieved, [passages[n - 1]])
        if best:
            sources.append(to_source(best[0]))
    return Answer(text, True, sources)


def llm_answer(
    model: BaseChatModel,
    question: str,
    language: str,
    retrieved: Retrieved,
    scorer: SentenceScorer,
) -> Answer:
    if not retrieved.passages:
        return NOT_ANSWERED
    reply = model.invoke(answer_messages(question, language, retrieved.passages))
    return finish(str(reply.content), retrieved, scorer)


def llm_answer_stream(
    model: BaseChatModel,
    question: str,
    language: str,
    retrieved: Retrieved,
    scorer: SentenceScorer,
) -> Iterator[str | Answer]:
    """Yield the growing reply text, then the final Answer."""
    if not retrieved.passages:
        yield NOT_ANSWERED
        return
    text = ""
    for piece in model.stream(answer_messages(question, language, retrieved.passages)):
        text += str(piece.content)
        if not NOT_FOUND.startswith(text.strip()[: len(NOT_FOUND)]):
            yield text
    yield finish(text, retrieved, scorer)


def condense_question(
    model: BaseChatModel, question: str, history: Sequence[tuple[str, str]]
) -> str:
    """Rewrite a follow-up into a standalone question with the model."""
    convo = "\n".join(f"User: {q}\nAssistant: {a}" for q, a in history)
    reply = model.invoke(
        [HumanMessage(load_prompt("condense_question").format(history=convo, question=question))]
    )
    rewritten = str(reply.content).strip().splitlines()
    return rewritten[0].strip() if rewritten and rewritten[0].strip() else question


def translate_question(model: BaseChatModel, question: str, language: str) -> str | None:
    """The question in `language` ("ar" or "en"), for searching that language's articles.

    A model's translation links generic words ("agree", "ministers") across languages far
    better than the glossary or the embedding model does. None when the model fails or
    replies with something that is not a question-sized text: retrieval then falls back to
    the glossed question.
    """
    prompt = load_prompt("translate_question").format(
        language_name=LANGUAGE_NAMES[language], question=question
    )
    try:
        reply = str(model.invoke([HumanMessage(prompt)]).content).strip()
    except Exception:  # a translation is a bonus: a failing model must not fail the question
        log.warning("The chat model could not translate the question; using the glossary")
        return None
    line = reply.splitlines()[0].strip() if reply else ""
    if not line or line.startswith(NOT_FOUND) or len(line) > 4 * len(question) + 40:
        return None
    return line
