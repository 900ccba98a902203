"""Who-questions, and the sentences that name someone by role or title.

"Who refereed the match?" is answered by "وأدار اللقاء الحكم وائل فرحات" and "من ترأس المرصد؟" by
"Dr. Hela Ben Romdhane, the observatory's director": news introduces a person by a role
(referee, director, minister, coach) or a title (Dr., الدكتورة) next to the name. Names
themselves cannot be recognized across scripts without a tagger, but the short list of
roles can, so a sentence with one is the kind of sentence a who-question asks for
(`retrieval.answer_type`, `retrieval.evidence`).
"""

from __future__ import annotations

import re

from index.arabic import normalize


def _words(text: str) -> frozenset[str]:
    return frozenset(normalize(word) for word in text.split())


# "who", "whom", "whose"; Arabic من at the start, but not "من أي" (from which), "من أين"
_PERSON_QUESTION = re.compile(r"\bwho(m|se)?\b|^\s*و?من\s+(?!اي\b|اين\b)")
# "ما اسم الرئيسة التنفيذية…", "what is the name of the judge…": a name asked by role
_NAME_OF = re.compile(
    r"(?:^|\s)ما (?:هو |هي )?اسم (\S+)|\bwhat(?: is|'s|was) the name of (?:the )?(\w+)"
)
_ROLES_EN = _words(
    """minister president premier chair chairs chaired chairman chairwoman chairperson head
    heads headed director chief executive ceo governor spokesman spokeswoman spokesperson
    coach striker midfielder defender goalkeeper substitute referee author researcher
    professor dr mr mrs ms mayor ambassador leader candidate rival actress actor judge
    secretary commissioner manager founder deputy envoy king prince emir sheikh captain
    scientist archaeologist lawyer prosecutor"""
)
_ROLES_AR = _words(
    """وزير وزيرة رئيس رئيسة مدير مديرة متحدث متحدثة ناطق سفير مدرب لاعب مهاجم بديل حارس
    حكم مخرج مخرجة ممثل ممثلة دكتور دكتورة د باحث باحثة أستاذ أستاذة محافظ نائب أمين شيخ ملك
    أمير قائد مرشح منافس منافسة كاتب كاتبة روائي روائية مهندس قاضي محامي عمدة مؤلف خبير"""
)
# the article and the prefixed conjunctions and prepositions: "والمخرجة" → "مخرجه"
_PREFIX = re.compile(r"^(?:[وفبل]?ال|[وف])")
_WORD = re.compile(r"[A-Za-z]+|[^\W\d_A-Za-z]+")


def asks_person(normalized_question: str) -> bool:
    """Whether a question (normalized, `index.arabic.normalize`) asks who."""
    if _PERSON_QUESTION.search(normalized_question):
        return True
    name_of = _NAME_OF.search(normalized_question)
    role = name_of and (name_of.group(1) or name_of.group(2) or "")
    return bool(role) and (_PREFIX.sub("", role) in _ROLES_AR or role.casefold() in _ROLES_EN)


def holds_person(text: str) -> bool:
    """Whether a sentence names someone by role or title: an English role word before a
    capitalized word ("ECZ chairperson Justice Esther Mwaba", "Dr. Hela", "rival, Mwila
    Banda"), or an Arabic role word ("الحكم وائل فرحات", "البديل يوسف المودن")."""
    words = _WORD.findall(text)
    for i, word in enumerate(words):
        if word.isascii():
            following = words[i + 1] if i + 1 < len(words) else ""
            if word.casefold() in _ROLES_EN and following[:1].isupper():
                return True
        elif _PREFIX.sub("", normalize(word)) in _ROLES_AR or normalize(word) in _ROLES_AR:
            return True
    return False
