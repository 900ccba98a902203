"""Cross-language keywords from a bilingual news glossary (`glossary_en_ar.tsv`).

BM25 cannot match "agree" with "الاتفاق": the scripts share nothing but digits. The glossary
maps each English word form to the Arabic forms news text uses, and back, so a question's
keywords can be searched in both languages. Entries are compared as keyword tokens
(`index.arabic.keyword_tokens`), exactly as the keyword index stores them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from importlib import resources

from index.arabic import keyword_tokens


class Glossary:
    """Token → tokens of the other language."""

    def __init__(self, pairs: Iterable[tuple[list[str], list[str]]]) -> None:
        self._map: dict[str, set[str]] = defaultdict(set)
        self._head: dict[str, str] = {}  # token → the first form on the other side of its line
        for english, arabic in pairs:
            en = {t for form in english for t in keyword_tokens(form)}
            ar = {t for form in arabic for t in keyword_tokens(form)}
            for token in en:
                self._map[token] |= ar
                self._head.setdefault(token, arabic[0])
            for token in ar:
                self._map[token] |= en
                self._head.setdefault(token, english[0])

    def __len__(self) -> int:
        return len(self._map)

    def translations(self, token: str) -> set[str]:
        return set(self._map.get(token, ()))

    def gloss(self, tokens: Iterable[str]) -> list[str]:
        """Word-for-word translation of the tokens that have one, as written words."""
        return list(dict.fromkeys(self._head[t] for t in tokens if t in self._head))

    def expand(self, tokens: Iterable[str]) -> dict[str, set[str]]:
        """Each token with itself, its translations, and their translations back.

        The round trip brings in other forms of the same word in the question's own language
        ("اتفق" → "agree" → "الاتفاق"), which Arabic morphology otherwise keeps apart.
        """
        out = {}
        for token in tokens:
            forms = {token} | self.translations(token)
            for other in list(forms - {token}):
                forms |= self.translations(other)
            out[token] = forms
        return out


def parse(text: str) -> list[tuple[list[str], list[str]]]:
    pairs = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#") or "\t" not in line:
            continue
        english, arabic = line.split("\t", 1)
        pairs.append((english.split("|"), arabic.split("|")))
    return pairs


@cache
def default_glossary() -> Glossary:
    """The glossary shipped with newsqa, loaded once per process."""
    path = resources.files("retrieval").joinpath("glossary_en_ar.tsv")
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    return Glossary(parse(text))
