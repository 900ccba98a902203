"""The answer step as a Runnable: `invoke` and `stream` give the same Answer, and every
answerer's "not answered" becomes the one abstention."""

from __future__ import annotations

from collections.abc import Iterator

from langchain_core.runnables import RunnableLambda

from retrieval.answer import NOT_ANSWERED, Answer, Source
from retrieval.chain import AnswerStep
from retrieval.qa_state import Draft, QAState

SOURCE = Source("a.txt", "Talks", "2021-10-01", "The ministers agreed.", 4.2)
FOUND = Answer("The ministers agreed [1].", True, [SOURCE])


class Scripted:
    """An answerer that writes `answer` in three drafts, as a streaming chat model does."""

    def __init__(self, answer: Answer) -> None:
        self.result = answer
        self.calls = 0

    def answer(self, state: QAState) -> Answer:
        self.calls += 1
        return self.result

    def stream(self, state: QAState) -> Iterator[Draft | Answer]:
        self.calls += 1
        text = self.result.answer
        for end in (len(text) // 3, 2 * len(text) // 3, len(text)):
            yield Draft(text[:end])
        yield self.result


def abstention(state: QAState, answer: Answer) -> Answer:
    """A `settle` that abstains in the question's language when nothing was answered."""
    return answer if answer.found else Answer(f"abstained in {state.language}", False, [])


def test_invoke_and_stream_give_the_same_answer() -> None:
    step = AnswerStep(Scripted(FOUND), abstention)
    state = QAState("What did the ministers agree on?", "en")
    streamed = list(step.stream(state))
    assert step.invoke(state) == streamed[-1] == FOUND
    drafts = [item.text for item in streamed[:-1]]
    assert all(isinstance(item, Draft) for item in streamed[:-1]) and len(drafts) == 3
    assert drafts[-1] == FOUND.answer
    assert all(b.startswith(a) for a, b in zip(drafts, drafts[1:], strict=False))


def test_not_answered_becomes_the_chains_abstention_either_way() -> None:
    step = AnswerStep(Scripted(NOT_ANSWERED), abstention)
    state = QAState("ما هي عاصمة أستراليا؟", "ar")
    expected = Answer("abstained in ar", False, [])
    assert step.invoke(state) == expected
    assert list(step.stream(state))[-1] == expected


def test_drafts_pass_through_a_sequence_of_runnables() -> None:
    answerer = Scripted(FOUND)
    standalone = RunnableLambda(lambda state: state.with_standalone(state.question))
    chain = standalone | AnswerStep(answerer, abstention)
    state = QAState("What did the ministers agree on?", "en")
    assert chain.invoke(state) == FOUND
    streamed = list(chain.stream(state))
    assert [type(item) for item in streamed] == [Draft, Draft, Draft, Answer]
    assert streamed[-1] == FOUND and answerer.calls == 2
