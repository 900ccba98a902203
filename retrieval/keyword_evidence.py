"""Keyword evidence that counts where it can match: a question's words, per candidate language.

BM25 rewards an English question's English near-misses for every shared word, while an Arabic
article can only ever match the few words the glossary translates: a raw keyword score is a
same-language bonus. Here each candidate is credited with the share of the question's
keyword weight it contains *among the words that have a form in its language* — the
question's own words and glossary translations, numbers in any script, and names, which
cross scripts through their consonant keys (`retrieval.names`). Weights are rarity (IDF), so
"Mirzoyan" outweighs "minister".
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from core.language import is_arabic_letter
from index.arabic import keyword_tokens, normalize
from retrieval.glossary import Glossary
from retrieval.names import MIN_KEY, keys_match, name_key

# A capitalised word in English text: the only sign of a name the Latin script gives; and an
# Arabic name with its article, which English writes in lower case ("Haidar al-Jubouri").
_CAPITALISED = re.compile(r"\b(?:[A-Z][A-Za-z'\-]+|[ae]l-[A-Za-z'\-]+)")
_NAME_PARTS = re.compile(r"['’]s\b|[-'’]")  # "Al-Maghrib's" is "Al" and "Maghrib"
_WORD = re.compile(r"\w+")


def latin_names(text: str) -> list[str]:
    """The name words of English text, hyphenated names split into their parts.

    "Bank Al-Maghrib's" gives "Bank", "Al", "Maghrib": keyed whole, "Al-Maghrib's" (LMGRBS)
    would never meet the Arabic "المغرب" (MGRB), whose article the key drops.
    """
    return [part for word in _CAPITALISED.findall(text) for part in _NAME_PARTS.split(word) if part]


def name_tokens(question: str, tokens: Iterable[str], glossary: Glossary) -> set[str]:
    """The question's keyword tokens that may be names: those of its capitalized English
    words, and Arabic tokens the glossary does not translate (Arabic has no capitals), but
    for a word written with the accusative ending ـاً ("كم يوماً", how many days): a name
    never takes it, and "يوما" is also the town of Yuma."""
    capitalised = {t for word in latin_names(question) for t in keyword_tokens(word)}
    accusative = {t for word in _ACCUSATIVE.findall(question) for t in keyword_tokens(word)}
    arabic = {t for t in tokens if script_of(t) == "ar" and not glossary.translations(t)}
    return capitalised | (arabic - accusative)


_ACCUSATIVE = re.compile(r"([^\W\d_]+)\u064b")  # a word and its tanween fath (ـاً, ـةً)


def script_of(token: str) -> str:
    """ "num", "ar" or "en": which candidates a question token can match as written."""
    if token[:1].isdigit():
        return "num"
    return "ar" if is_arabic_letter(token[0]) else "en"


@lru_cache(maxsize=50_000)
def text_tokens(text: str) -> frozenset[str]:
    """A text's keyword tokens, remembered: the same chunks come up question after question."""
    return frozenset(keyword_tokens(text))


@lru_cache(maxsize=50_000)
def name_keys(text: str, language: str) -> frozenset[str]:
    """Consonant keys of the words in `text` that may be names.

    English text marks names with capitals; Arabic text does not, so every Arabic word
    gives a key (a false key only matters if a question name shares it).
    """
    words = latin_names(text) if language != "ar" else _WORD.findall(text)
    return frozenset(key for key in map(name_key, words) if len(key) >= MIN_KEY)


@dataclass(frozen=True)
class QuestionTerms:
    """A question's keyword tokens with their forms, weights and, for names, their keys."""

    forms: Mapping[str, frozenset[str]]  # token → itself and its glossary translations
    weights: Mapping[str, float]  # token → rarity in the collection
    names: Mapping[str, str]  # token → consonant key, for tokens that may be names
    question: str = ""  # the text the terms were taken from
    _owners: Mapping[str, frozenset[str]] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        """Map every form back to the question tokens it stands for."""
        owners: dict[str, set[str]] = {}
        for token, forms in self.forms.items():
            for form in forms:
                owners.setdefault(form, set()).add(token)
        object.__setattr__(self, "_owners", {f: frozenset(t) for f, t in owners.items()})

    def found_in(self, text: str) -> set[str]:
        """The question tokens some form of which is a keyword token of `text`."""
        found: set[str] = set()
        for token in text_tokens(text) & self._owners.keys():
            found |= self._owners[token]
        return found

    @classmethod
    def build(
        cls,
        question: str,
        glossary: Glossary,
        document_frequency: Mapping[str, int],
        expanded: Mapping[str, set[str]] | None = None,
    ) -> QuestionTerms:
        """`document_frequency` maps forms to chunk counts, with the total under "";
        `expanded` gives each token its forms (default: itself and its translations)."""
        tokens = list(dict.fromkeys(keyword_tokens(question)))
        expanded = glossary.expand(tokens) if expanded is None else expanded
        maybe_names = name_tokens(question, tokens, glossary)
        written = _written_forms(question)
        forms: dict[str, frozenset[str]] = {}
        names: dict[str, str] = {}
        for token in tokens:
            forms[token] = frozenset(expanded.get(token, {token}))
            if token in maybe_names:
                arabic_name = script_of(token) == "ar"
                key = name_key(written.get(token, token) if arabic_name else token)
                if len(key) >= MIN_KEY:
                    names[token] = key
        return cls(forms, idf_weights(forms, document_frequency), names, question)

    def held_in(self, text: str, language: str) -> set[str]:
        """The question tokens `text` (in `language`) shows: by a form, or by a name's key."""
        keys = name_keys(text, language)
        named = {token for token, key in self.names.items() if key_in(key, keys)}
        return self.found_in(text) | named

    def matchable(self, token: str, language: str) -> bool:
        """Whether a text in `language` could show `token` at all: a name (by its key), or a
        form in that script or a number."""
        forms = self.forms.get(token, ())
        return token in self.names or any(script_of(f) in (language, "num") for f in forms)

    def all_forms(self) -> set[str]:
        return set().union(*self.forms.values()) if self.forms else set()

    def coverage(
        self,
        language: str,
        found: set[str],
        keys: frozenset[str] | set[str],
        weights: Mapping[str, float] | None = None,
        *,
        matchable_only: bool = True,
    ) -> float:
        """Share of the matchable question weight found in a text of `language` (0–1).

        `found` are the question tokens the text shows (`found_in`) and `keys` its name
        keys; `weights` replaces the collection rarity (the answer step uses rarity within
        one article). With `matchable_only=False` the share is of the whole question's
        weight, the tokens no text in `language` could show included.
        """
        weights = self.weights if weights is None else weights
        total = got = 0.0
        for token in self.forms:
            key = self.names.get(token)
            weight = weights.get(token, 0.0)
            if not self.matchable(token, language):
                total += 0.0 if matchable_only else weight
                continue  # nothing a text in this language could show for it
            total += weight
            if token in found or (key and key_in(key, keys)):
                got += weight
        return got / total if total else 0.0


def _written_forms(question: str) -> dict[str, str]:
    """Each Arabic keyword token of the question with the word as written.

    A name's key is taken from the written word: the keyword tokenizer strips endings
    such as ـان, so "ميرزويان" becomes the token "ميرزوي", whose key MRZ no longer meets
    the English "Mirzoyan" (MRZN)."""
    out: dict[str, str] = {}
    for word in _WORD.findall(normalize(question)):
        if is_arabic_letter(word[0]):
            for token in keyword_tokens(word):
                out.setdefault(token, word)
    return out


def key_in(key: str, keys: frozenset[str] | set[str]) -> bool:
    """Whether a name's consonant key meets one of `keys` (`retrieval.names.keys_match`)."""
    return key in keys or any(keys_match(key, other) for other in keys)


def idf_weights(
    forms: Mapping[str, Iterable[str]], document_frequency: Mapping[str, int]
) -> dict[str, float]:
    """Rarity of each question token; a token is as common as its most common form."""
    n = max(document_frequency.get("", 0), 1)
    return {
        token: math.log(1 + n / (1 + max(document_frequency.get(f, 0) for f in fs)))
        for token, fs in forms.items()
    }
