"""Arabic-aware text helpers for keyword search: normalisation and BM25 tokens.

Arabic is written with optional diacritics, several spellings of the same letter (أ/إ/آ/ا,
ى/ي, ة/ه) and two digit sets, so the same word typed by a user and printed in an article
often differ byte for byte. :func:`normalize` folds those differences away. It is meant
only for matching: it changes lengths, so never use its output to cut quotes out of
``Article.text``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from core.language import is_arabic_letter

__all__ = ["normalize", "keyword_tokens"]

# Harakat, tanween, shadda, sukun, superscript alef, Quranic marks and combining hamza.
_TASHKEEL = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]")
_TATWEEL = "\u0640"
_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        # Hamza seats vary between writers (مسؤول/مسئول, شؤون/شئون): keep only the hamza.
        "ؤ": "ء",
        "ئ": "ء",
        # Persian-keyboard look-alikes that turn up in Arabic text.
        "ی": "ي",
        "ک": "ك",
        _TATWEEL: None,
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Extended (Persian) digits
    }
)


def normalize(text: str) -> str:
    """Fold spelling variants so a query matches an article however either was typed.

    NFKC first turns presentation forms (common in PDF text) and full-width Latin into
    plain letters; then diacritics and tatweel go, letter variants are unified, digits
    become ASCII and Latin is casefolded.
    """
    text = unicodedata.normalize("NFKC", text)
    text = _TASHKEEL.sub("", text)
    return text.translate(_FOLD).casefold()


def _normalized_set(words: str) -> frozenset[str]:
    return frozenset(normalize(w) for w in words.split())


# Function words that carry no topic: BM25 would otherwise reward long articles for them.
_STOPWORDS = _normalized_set(
    """
    في من على إلى الى عن مع أن إن ان أو او ثم قد لقد كان كانت يكون تكون هذا هذه ذلك تلك
    هذان هؤلاء الذي التي الذين اللذين اللتين ما ماذا لا لم لن هل بل حتى إذا اذا كما كل
    بعض غير بين عند عندما منذ لدى أي أيضا ايضا قبل بعد حيث هو هي هم هما نحن أنا انت
    وهو وهي وقد وفي ومن وعلى وأن وان وكان ولا ولم به بها له لها لهم فيه فيها منه منها
    عليه عليها إليه اليه التى الذى وذلك لذلك كذلك فقط إلا لكن لأن بأن فإن أما وأما
    a an the and or but if of to in on at by for with from as is are was were be been
    being it its this that these those he she they we you i his her their our your not
    no so than then there here also into over about after before such can could will
    would shall should may might do does did has have had which who whom what when
    where why how all any each both more most other some only own same very just
    """
)

# Article-based prefixes, longest first. Single letters (و ب ل ف ك) are left alone on
# purpose: they are root letters far too often (وزير، بيان، لقاء، فتح، كتب).
_PREFIXES = tuple(
    normalize(p)
    for p in ("وبال", "وكال", "فبال", "فلل", "ولل", "وال", "بال", "كال", "فال", "لل", "ال")
)
_MIN_STEM = 3
# Dotted acronyms first ("U.S." -> "us"), then numbers with decimals, then words.
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|\d+(?:[.,]\d+)*|[^\W\d_]+(?:\d+[^\W\d_]*)*")


def _strip_prefix(token: str) -> str:
    if not is_arabic_letter(token[0]):
        return token
    for prefix in _PREFIXES:
        if token.startswith(prefix) and len(token) - len(prefix) >= _MIN_STEM:
            return token[len(prefix) :]
    return token


# Dual and plural endings and attached pronouns, longest first; only stripped when 3 letters
# remain, so "الوزيران", "الوزيرين" and "وزير" meet. The construct dual ("وزيرا الخارجية")
# loses its final alef when 4 letters remain. Feminine plurals (ات) are kept: the glossary
# lists them, and "الاتفاقات" (agreements) is not "الاتفاق" (the agreeing).
_SUFFIXES = tuple(normalize(s) for s in ("ان", "ين", "ون", "ها", "هم"))


def _strip_suffix(token: str) -> str:
    if is_arabic_letter(token[-1]):
        for suffix in _SUFFIXES:
            if token.endswith(suffix) and len(token) - len(suffix) >= _MIN_STEM:
                return token[: -len(suffix)]
        if token.endswith("ا") and len(token) >= 5:
            return token[:-1]
        return token
    # English plurals: "ministers" meets "minister"; "ss" words and short words stay.
    if len(token) > 4 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def keyword_tokens(text: str) -> list[str]:
    """Normalised word tokens for BM25: stopwords and one-letter words dropped.

    The definite article and the particles fused with it (وال، بال، لل ...) are stripped
    when at least three letters remain, so "الوزير" and "للوزير" both match "وزير".
    Numbers keep their decimal point ("1.5") so figures can be searched; dotted acronyms
    lose their dots ("U.S." -> "us").
    """
    tokens: list[str] = []
    for match in _TOKEN.finditer(normalize(text)):
        token = _keyword(match.group())
        if token is not None:
            tokens.append(token)
    return tokens


def keyword_tokens_once(text: str) -> list[str]:
    """`keyword_tokens` without remembering the words: for a one-off vocabulary (a
    dictionary's 140,000 headwords) that would crowd the news words out of the cache."""
    tokens: list[str] = []
    for match in _TOKEN.finditer(normalize(text)):
        token = _keyword.__wrapped__(match.group())
        if token is not None:
            tokens.append(token)
    return tokens


@lru_cache(maxsize=200_000)
def _keyword(word: str) -> str | None:
    """One normalized word as a keyword token, or None for a stopword (cached: news
    vocabulary repeats, and retrieval tokenizes every candidate it scores)."""
    token = word.replace(".", "") if word.endswith(".") else word
    if token in _STOPWORDS or (len(token) == 1 and not token.isdigit()):
        return None
    token = _strip_suffix(_strip_prefix(token))
    return None if token in _STOPWORDS else token
