"""Follow-up questions without an LLM: does a question continue the previous one?

"And when was that?" means nothing on its own; "Why did Russia and Armenia talk?" means
everything, although it starts with "why" and a careless rule would glue the previous
question to it. The decision rests on evidence, cheapest first:

1. Ellipsis: a question with no topic words of its own ("Why?", "And when was that?",
   "ومتى؟") continues the conversation; so does "what about X" / "ماذا عن X".
2. Pointers, as whole words: "they", "it", "that" used as a pronoun, "ذلك", "هناك"..., an
   opening "and", or a waw/fa fused with a question word or pronoun ("وماذا", "ومتى"; never a
   bare و, which also starts وزير and وصل). A question with pointers *and* topic words of its
   own is ambiguous.
3. Only then, retrieval: if the articles answer the question well on its own, it is a new
   question; if not, it continues the previous one.

Greetings, thanks and "ok" are small talk: answered politely, never a follow-up, and never
the topic a later follow-up borrows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from index.arabic import keyword_tokens, normalize

Turn = tuple[str, str]  # (question, answer text)


def _folded(words: str) -> frozenset[str]:
    return frozenset(normalize(w) for w in words.split())


WORD = re.compile(r"[^\W_]+", re.UNICODE)
EN_POINTERS = _folded(
    "it its they them their theirs he him his she her this these those then also else more "
    "afterwards thereafter"
)
AR_POINTERS = _folded(
    "ذلك ذاك هذا هذه هذان هاتان هؤلاء تلك أولئك هناك هنالك حينها حينذاك آنذاك وقتها عندئذ "
    "بعدها قبلها أيضا كذلك"
)
# "هو/هي" after a question word is a copula ("ما هي مجموعة مينسك؟"), elsewhere a pronoun.
AR_PRONOUNS = _folded("هو هي هم هما هن")
# A preposition with a pronoun points back, unless a relative clause needs it ("ما الذي
# اتفق عليه الوزيران؟": "what the ministers agreed on").
AR_PREPOSITION_PRONOUNS = _folded(
    "عنه عنها عنهم عنهما منه منها منهم فيه فيها فيهم له لها لهم لهما به بها بهم معه معها معهم "
    "إليه إليها عليه عليها"
)
AR_RELATIVES = _folded("الذي التي الذين اللذين اللتين اللواتي اللاتي")
QUESTION_WORDS = _folded(
    "what when where why how who whom whose which ما ماذا متى أين لماذا لم كيف من كم هل أي"
)
FUNCTION_WORDS = AR_POINTERS | AR_PRONOUNS | AR_PREPOSITION_PRONOUNS | QUESTION_WORDS
# "that" points back after these ("was that", "after that", "why did that"); after a noun it
# opens a clause ("the news that ...") and points nowhere.
BEFORE_POINTING_THAT = _folded(
    "is was were are be been do does did about after before of for in on with like to from "
    "since at by and but so happen happened mean means meant what when where why how who said"
)
# Words that ask for something without saying about what: no topic of their own.
GENERIC = frozenset(
    keyword_tokens(
        "happen happened happening say said says tell told mean meant exactly detail details "
        "date day year time place anything something thing things else more really exact "
        "many much number count total "
        "حدث يحدث جرى قال قالوا قيل المزيد تفاصيل التاريخ اليوم سنة عام وقت مكان شيء أخرى آخر "
        "بالضبط تحديدا عدد رقم"
    )
)
CONJUNCTIONS = ("و", "ف")
OPENING_WORDS = _folded("and but so also then ثم و ف")
WHAT_ABOUT = tuple(
    normalize(p)
    for p in ("what about", "how about", "and what about", "ماذا عن", "وماذا عن", "ما عن")
)

_AR_PREFIX = r"(?<![^\W\d_])[وفب]?(?:ال)?"
ASKS = {
    "date": re.compile(
        r"\b(?:when|what date|which date|what day|which day|what year)\b"
        rf"|{_AR_PREFIX}(?:متي|تاريخ|اي يوم|اي سنه|اي عام)(?![^\W\d_])"
    ),
    "number": re.compile(
        r"\b(?:how many|how much|what number|which number)\b"
        rf"|{_AR_PREFIX}(?:كم|عدد|اي رقم)(?![^\W\d_])"
    ),
}

SMALL_TALK = {
    "thanks": _folded("thanks thank thx ty cheers merci شكرا مشكور مشكورة تسلم يعطيك"),
    "greeting": _folded(
        "hi hello hey hiya salam salaam greetings morning evening afternoon مرحبا أهلا اهلا "
        "هلا السلام سلام صباح مساء"
    ),
    "ack": _folded(
        "ok okay k cool nice great fine good right sure yes alright got understood perfect "
        "تمام حسنا طيب ممتاز جميل نعم أوكي اوكي فهمت واضح"
    ),
}
SMALL_TALK_FILLERS = _folded(
    "you there all again bot so much very a lot it good الخير النور عليكم لك جزيلا كثيرا جدا"
)
SMALL_TALK_PHRASES = frozenset(normalize(p) for p in ("how are you", "كيف حالك", "كيف الحال"))
SMALL_TALK_MAX_WORDS = 5


@dataclass(frozen=True)
class FollowUp:
    """A question that continues the conversation: what to search, and what it asks for."""

    search: str  # the earlier topic and the question, searched together
    asks: str | None  # "date", "number" or None


def _words(text: str) -> list[str]:
    return [normalize(w) for w in WORD.findall(text)]


def _bare(word: str) -> str:
    """An Arabic word without a fused و/ف, when what is left is a pronoun or question word."""
    for conjunction in CONJUNCTIONS:
        rest = word[len(conjunction) :]
        if word.startswith(conjunction) and rest in FUNCTION_WORDS:
            return rest
    return word


def _next_to_be(words: list[str], i: int) -> bool:
    """ "is there", "there was": the "there" that points nowhere."""
    be = {"is", "was", "are", "were", "be"}
    return (i > 0 and words[i - 1] in be) or (i + 1 < len(words) and words[i + 1] in be)


def points_back(question: str) -> bool:
    """Whole-word pronouns and demonstratives for an earlier turn, or a continuing opening."""
    words = _words(question)
    if words and (words[0] in OPENING_WORDS or words[0] != _bare(words[0])):
        return True
    relative = any(w in AR_RELATIVES for w in words)
    for i, word in enumerate(words):
        bare = _bare(word)
        if word in EN_POINTERS or bare in AR_POINTERS:
            return True
        if bare in AR_PRONOUNS and not (i > 0 and _bare(words[i - 1]) in QUESTION_WORDS):
            return True
        if bare in AR_PREPOSITION_PRONOUNS and not relative:
            return True
        if word == "there" and not _next_to_be(words, i):
            return True
        last = i == len(words) - 1
        if word == "that" and (i == 0 or last or words[i - 1] in BEFORE_POINTING_THAT):
            return True
    return False


def own_words(question: str) -> list[str]:
    """The question's topic words: keywords other than pointers, question and generic words."""
    kept = [w for w in _words(question) if w not in EN_POINTERS and _bare(w) not in FUNCTION_WORDS]
    return [t for t in keyword_tokens(" ".join(kept)) if t not in GENERIC]


def small_talk(question: str) -> str | None:
    """ "thanks", "greeting", "ack" or "not_understood" for a message that asks nothing."""
    text = question.strip()
    if not text:
        return None
    if not any(ch.isalpha() for ch in text):
        return "not_understood"
    words = _words(text)
    if " ".join(words) in SMALL_TALK_PHRASES:
        return "greeting"
    if len(words) > SMALL_TALK_MAX_WORDS:
        return None
    kinds = [kind for kind, known in SMALL_TALK.items() if any(w in known for w in words)]
    talk = set().union(*SMALL_TALK.values()) | SMALL_TALK_FILLERS
    if kinds and all(w in talk for w in words):
        return kinds[0]
    return None


def looks_like_junk(question: str, document_frequency: Mapping[str, int]) -> bool:
    """A short non-question none of whose words occur in any article ("asdfgh")."""
    words = _words(question)
    if len(words) > 3 or "?" in question or "؟" in question:
        return False
    if any(_bare(w) in QUESTION_WORDS for w in words):
        return False
    tokens = keyword_tokens(question)
    return bool(tokens) and all(document_frequency.get(t, 0) == 0 for t in tokens)


def asks_for(question: str) -> str | None:
    """ "date" for when-questions, "number" for how-many questions, else None."""
    folded = normalize(question)
    return next((kind for kind, pattern in ASKS.items() if pattern.search(folded)), None)


def topic(history: Sequence[Turn]) -> str | None:
    """The latest earlier question with topic words of its own: what follow-ups are about."""
    for question, _ in reversed(history):
        if small_talk(question) is None and own_words(question):
            return question
    return None


def continues(
    question: str,
    history: Sequence[Turn],
    strength: Callable[[str], float] | None = None,
    bar: float = 0.0,
) -> FollowUp | None:
    """The follow-up reading of `question`, or None when it is a question of its own.

    Args:
        question: the new question.
        history: earlier (question, answer) turns, oldest first.
        strength: how well the articles answer a question on its own, in background
            deviations; called only when the words leave the decision open.
        bar: the strength from which a question counts as answered on its own.
    """
    earlier = topic(history)
    if earlier is None or small_talk(question) is not None:
        return None
    follow = FollowUp(f"{earlier} {question}", asks_for(question))
    if " ".join(_words(question)).startswith(WHAT_ABOUT) or not own_words(question):
        return follow
    if not points_back(question):
        return None
    if strength is not None and strength(question) >= bar:
        return None
    return follow


def standalone_without_llm(
    question: str,
    history: Sequence[Turn],
    strength: Callable[[str], float] | None = None,
    bar: float = 0.0,
) -> str:
    """What to search for: the question, with the earlier topic when it is a follow-up."""
    follow = continues(question, history, strength, bar)
    return follow.search if follow else question
