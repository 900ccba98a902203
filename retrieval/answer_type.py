"""What kind of answer a question asks for, and whether a sentence holds one.

"How many…", "كم…" ask for a number, "When…", "متى…" for a date and "Who…", "من…" for a
person (`retrieval.person_roles`); a sentence that holds none cannot answer them, so the
answer step gives the sentences that do a bonus (`retrieval.evidence`). A number question
may also say what it counts ("how many votes") or measures ("ما طول الحدود", how long is the
border: kilometres), and a number standing next to that noun or unit earns more. Matched
on normalized text (`index.arabic.normalize`), so the Arabic patterns are written without
hamzas and with ي for ى.
"""

from __future__ import annotations

import re
from itertools import takewhile

from index.arabic import keyword_tokens, normalize
from retrieval.person_roles import asks_person, holds_person

_NUMBER_QUESTION = re.compile(
    r"\b(how (many|much|long|far|big|high|large|old)|what (percentage|share|rate|proportion"
    r"|level|size|amount|value|price|number))\b|(^|\s)(كم|بكم|لكم(?=\s+(?!ال))|ما نسبه"
    r"|ما قيمه|ما عدد|ما حجم|ما مقدار|ما سعر|ما مستوي|الي اي مستوي|ما معدل)(\s|$)"
)
_DATE_QUESTION = re.compile(
    r"\b(when|what date|which day|what day|what year|which year|which month)\b"
    r"|(^|\s)(متي|في اي يوم|في اي عام|في اي تاريخ|في اي شهر|اي يوم)(\s|$)"
)
_DATE_WORDS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|"
    "يناير|فبراير|مارس|أبريل|ابريل|مايو|يونيو|يوليو|أغسطس|اغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر|"
    "كانون|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين|"
    "الاثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت|الأحد|أمس"
)
_MONTHS = re.compile("|".join(normalize(w) for w in _DATE_WORDS.split("|")))
_YEAR = re.compile(r"\b(19|20)\d\d\b")
_DIGIT = re.compile(r"\d")
# the numbers of a date: a day before a month name, and a year
_DATE_NUMBERS = re.compile(rf"\b\d{{1,2}}\s+(?:{_MONTHS.pattern})|\b(?:19|20)\d\d\b")


# "how many beds", "كم سريراً", "ما عدد الأسرة": the noun a count question counts
_HOW_MANY = re.compile(r"\b[Hh]ow many\b")
_EN_WORD = re.compile(r"[A-Za-z-]+")
# كم, بكم, and لكم ("for how many") before an indefinite noun: "لكم سنة", not "قال لكم الوزير"
_COUNTED_AR = re.compile(r"(?:^|\s)(?:(?:كم|ما) عدد|كم|بكم|لكم(?=\s+(?!ال)))\s+(\S+)")
# "Kuwaiti", "Egyptian", "Chinese", "Turkish", "Dutch": a nationality before the noun
_DEMONYM = re.compile(r"(?:i|an|ese|ish|ch)$")
_NUMBER_TOKEN = re.compile(r"^\d+(?:[.,]\d+)*$")
# news spells out small counts ("Four people died", "ثلاث مرات"): the words for two to
# twelve count as numbers (not "one", which is mostly "one of", nor a vague "dozens")
_NUMBER_WORDS = frozenset(
    keyword_tokens(
        normalize(
            "two three four five six seven eight nine ten eleven twelve اثنان اثنين اثنتين "
            "اثنتان ثلاث ثلاثة أربع أربعة خمس خمسة ست ستة سبع سبعة ثماني ثمانية تسع تسعة "
            "عشر عشرة"
        )
    )
)


def _is_number(token: str) -> bool:
    return bool(_NUMBER_TOKEN.match(token)) or token in _NUMBER_WORDS


NEAR = 3  # a count and its noun stand within this many keyword tokens of each other


def counted_words(question: str) -> list[str]:
    """The words naming what a count question counts.

    "How many electronic gates…" gives its next two words, the noun among them (a verb
    after it, "people died", tells as much); after a nationality ("How many Kuwaiti MPs":
    capitalised, ending -i, -an, -ese, -ish or -ch) only the noun that follows, and after
    a name ("How many Throne Cup titles", capitalised words) the two words after it. In
    Arabic the counted noun after كم is accusative and indefinite: "كم سريراً" gives
    "سرير" (its alif dropped, so it meets "سرير"), a feminine noun keeps its form ("كم
    حاوية"), and a verb ("كم تبلغ…") counts nothing. After "كم عدد" or "ما عدد" the next
    word is the noun as it stands. "لكم" (for how many) counts like كم when an indefinite
    noun follows: "لكم سنة".
    """
    english = _HOW_MANY.search(question)
    if english:
        words = _EN_WORD.findall(question[english.end() :])[:6]
        if len(words) > 1 and words[0][:1].isupper() and _DEMONYM.search(words[0]):
            return [words[1]]
        named = len(list(takewhile(str.istitle, words)))
        if 0 < named <= 3 and named < len(words):
            return words[named : named + 2]  # "Throne Cup titles", "West Nile fever cases"
        return words[:2]  # "new jobs", "people died"
    arabic = _COUNTED_AR.search(normalize(question))
    if not arabic:
        return []
    word = arabic.group(1)
    if "عدد" in arabic.group(0):
        return [word]
    if word.endswith("ا") and len(word) > 3:
        return [word[:-1]]  # the tanween of the counted noun: يوماً، صوتاً، شخصاً
    return [word] if word.endswith("ه") else []  # حاوية، مرة، وظيفة


def holds_count_of(text: str, forms: set[str]) -> bool:
    """Whether a number stands within NEAR keyword tokens of one of `forms` (the counted
    noun in both languages): "118,402 votes" answers "how many votes", a "46-year-old" in
    the same sentence does not, nor does the day of a date ("15 March 2022")."""
    tokens = keyword_tokens(_DATE_NUMBERS.sub(" ", normalize(text)))
    numbers = [i for i, t in enumerate(tokens) if _is_number(t)]
    nouns = [i for i, t in enumerate(tokens) if t in forms]
    return any(abs(i - j) <= NEAR for i in numbers for j in nouns)


def _unit_forms(units: str) -> frozenset[str]:
    return frozenset(keyword_tokens(normalize(units)))


# What a number question measures, from its wording, and the units such a number comes in:
# "ما طول الحدود" asks for kilometres, "ما قيمة العقد" for dollars or dinars, "what rate" for
# a percentage. A sentence with a number in those units answers it; the same sentence's
# other numbers (a count of refugees, a year) do not.
_MEASURES = {
    "money": (
        r"\bhow much\b|\b(value|price|cost|costs|worth|budget|fee|fund|investment|salary)\b"
        r"|(^|\s)(?:ال)?(بكم|قيمه|سعر|كلفه|تكلفه|ثمن|ميزانيه|رسوم|استثمارات)(\s|$)",
        """dollar dollars euro euros pound pounds dinar dinars dirham dirhams riyal riyals
        yuan yen rupees lira francs shillings kwacha cedis naira rand دولار دولارات يورو جنيه
        جنيهاً جنيهات دينار دنانير درهم دراهم ريال ريالات ليره روبيه فرنك""",
    ),
    "length": (
        r"\bhow (long|far|deep|high|tall)\b|\b(length|distance|depth|height)\b"
        r"|(^|\s)(?:ال)?(طول|عمق|ارتفاع|مسافه)(\s|$)",
        """kilometre kilometres kilometer kilometers km metre metres meter meters mile miles
        centimetres feet كيلومتر كيلومترات كلم متر مترا امتار ميل اميال سنتيمتر""",
    ),
    "percent": (
        r"\bwhat (percentage|share|proportion|rate)\b|\b(rate|percent|inflation|turnout)\b"
        r"|(^|\s)(?:ال)?(نسبه|معدل|فائده|تضخم)(\s|$)",
        "percent percentage المئه المائه بالمئه بالمائه",
    ),
    "temperature": (
        r"\b(temperature|degrees)\b|(^|\s)(?:ال)?(حراره|درجه الحراره)(\s|$)",
        "degree degrees celsius درجه درجات مءويه",
    ),
    "quantity": (
        r"\bhow much\b|\b(quantity|volume|capacity|output|production)\b"
        r"|(^|\s)(?:ال)?(كميه|حجم|قدره|انتاج|طاقه)(\s|$)",
        """tonne tonnes ton tons kilogram kilograms barrel barrels litre litres cubic
        megawatt megawatts gigawatt gigawatts mw gw طن اطنان كيلوغرام طناً برميل براميل لتر
        لتراً مكعب ميغاواط جيغاواط""",
    ),
    "area": (
        r"\b(area|surface)\b|(^|\s)(?:ال)?(مساحه)(\s|$)",
        """square hectare hectares acre acres km2 مربع مربعا مربعة هكتار هكتارات فدان افدنه
        دونم""",
    ),
    "duration": (
        r"\bhow long\b|(^|\s)(?:ال)?(مده|لكم|كم من الوقت)(\s|$)",
        """year years month months week weeks day days hour hours minute minutes سنه سنوات عام
        عاماً اعوام شهر شهراً اشهر اسبوع اسابيع يوم يوماً ايام ساعه ساعات دقيقه دقاءق""",
    ),
}
_MEASURE_QUESTION = {name: re.compile(pattern) for name, (pattern, _) in _MEASURES.items()}
_UNITS = {name: _unit_forms(units) for name, (_, units) in _MEASURES.items()}
_PERCENT_SIGN = re.compile(r"\d\s*%|%\s*\d")


_ASKS_WHAT = re.compile(r"^\s*(at |to |by )?(what|which)\b|^\s*(ما|كم|بكم|الي اي|عند اي)(\s|$)")
HEAD_WORDS = 6  # "What was Egypt's core inflation rate…": the measure is named early


def measured_units(question: str) -> set[str]:
    """The keyword forms of the units a number question's answer comes in (see _MEASURES),
    when its opening asks what or how much something measures; "Which fund financed…" and
    "What is the price tied to?" ask no number, but such questions are rare."""
    text = normalize(question)
    if _ASKS_WHAT.search(text):
        text = " ".join(text.split()[:HEAD_WORDS])
    elif not re.search(r"\bhow (much|long|far|deep|high|tall)\b", text):
        return set()
    found = [name for name, pattern in _MEASURE_QUESTION.items() if pattern.search(text)]
    return set().union(*(_UNITS[name] for name in found)) if found else set()


def holds_measure(text: str, units: set[str]) -> bool:
    """Whether a number in one of `units` stands in `text` ("1,222-kilometre", "7 في المئة",
    "39.1%"); the units may include a count question's noun ("118,402 votes")."""
    if not units:
        return False
    if "percent" in units and _PERCENT_SIGN.search(text):
        return True
    return holds_count_of(text, units)


def asked_type(question: str) -> str | None:
    """ "number", "date", "person" or None: what kind of answer the question asks for."""
    text = normalize(question)
    if _NUMBER_QUESTION.search(text):
        return "number"
    if _DATE_QUESTION.search(text):
        return "date"
    if measured_units(question):
        return "number"
    if asks_person(text):
        return "person"
    return None


def has_type(kind: str | None, text: str) -> bool:
    """Whether `text` holds an answer of that kind; for a number, digits that are not part
    of a date: a lead's "on Saturday 1 July 2023" is no count of anything."""
    if kind == "person":
        return holds_person(text)
    text = normalize(text)
    if kind == "number":
        undated = _DATE_NUMBERS.sub(" ", text)
        return bool(_DIGIT.search(undated)) or any(map(_is_number, keyword_tokens(undated)))
    if kind == "date":
        return bool(_MONTHS.search(text) or _YEAR.search(text))
    return False
