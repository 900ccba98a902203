"""A general English–Arabic dictionary for the question words the hand glossary lacks.

The hand glossary (`glossary_en_ar.tsv`) knows the words its writers' articles used; a question
about oryx, ransoms or ballots cast abroad gets no Arabic words in its glossed query, and
e5's cross-language cosines for such words run low. FreeDict's English–Arabic and
Arabic–English dictionaries (the Arabeyes word list, 87,000 and 53,000 headwords) fill in the
first sense of each such word. They are GPL-2+, so newsqa ships none of them: it reads the
files Debian's packages `dict-freedict-eng-ara` and `dict-freedict-ara-eng` install under
`NEWSQA_DICTIONARY_DIR` (default `/usr/share/dictd`), and adds nothing where they are absent.

A dictionary's first sense is often not the news sense ("السند", Sindh, reads as "debt"), so a
word is glossed only when both hold (`dictionary_gloss`): the word is rare in the index (a
common word's translation would only blur the query), and every token of its translation
occurs in the index (a sense no article uses cannot help find one). Measured in the README:
on the keyword side too, the extra forms cost more than they found, so they stay out of it.
"""

from __future__ import annotations

import gzip
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from index.arabic import keyword_tokens, keyword_tokens_once
from retrieval.glossary import Glossary
from retrieval.keyword_evidence import QuestionTerms, name_tokens, script_of

log = logging.getLogger(__name__)

DICTIONARIES = ("freedict-eng-ara", "freedict-ara-eng")  # English first: its headwords lead
RARE_SHARE = 0.01  # a question word in more of the chunks than this is not glossed
MAX_SENSE_WORDS = 2  # a longer sense is a definition, not a translation

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_PRONUNCIATION = re.compile(r"\s*/[^/]*/\s*$")
_SENSE_NUMBER = re.compile(r"^\s*\d+\.\s*")
_SENSE_PARTS = re.compile(r"[،,;]")
# the word after "how" asks for the answer's kind ("how many": a count); its sense
# ("many" → الكثير) is in no article that gives the count
_HOW = re.compile(r"\bhow\s+(\w+)", re.IGNORECASE)


def _number(text: str) -> int:
    """A dictd index offset or length: base 64, most significant digit first."""
    value = 0
    for char in text:
        value = value * 64 + _B64.index(char)
    return value


def read_dictd(base: Path) -> Iterator[tuple[str, list[str]]]:
    """Each entry of a dictd dictionary (`base`.index and `base`.dict.dz) as its headword
    and its senses, in the index's order; the database's own `00-…` entries are skipped."""
    with gzip.open(base.with_name(base.name + ".dict.dz")) as packed:
        data = packed.read()
    with base.with_name(base.name + ".index").open(encoding="utf-8") as index:
        for line in index:
            fields = line.rstrip("\n").split("\t")
            if len(fields) != 3 or fields[0].startswith("00"):
                continue
            start, length = _number(fields[1]), _number(fields[2])
            lines = data[start : start + length].decode("utf-8", "replace").splitlines()
            if lines:
                senses = [_SENSE_NUMBER.sub("", s).strip() for s in lines[1:] if s.strip()]
                yield _PRONUNCIATION.sub("", lines[0]).strip(), senses


def first_senses(entries: Iterable[tuple[str, list[str]]]) -> dict[str, str]:
    """Keyword token of each one-word headword → its first short sense, as written; the first
    entry of a token wins ("Gazelle" before "Gazelles")."""
    heads: dict[str, str] = {}
    for headword, senses in entries:
        tokens = keyword_tokens_once(headword) if len(headword.split()) == 1 else []
        if len(tokens) != 1 or tokens[0] in heads:
            continue
        for sense in senses:
            part = _SENSE_PARTS.split(sense)[0].strip()
            if part and len(part.split()) <= MAX_SENSE_WORDS:
                heads[tokens[0]] = part
                break
    return heads


@cache
def load_dictionary(directory: str) -> Mapping[str, str]:
    """The first senses of both dictionaries in `directory`, read once per process (about
    1.5 s); empty, with a log line, where they are not installed."""
    heads: dict[str, str] = {}
    for name in DICTIONARIES:
        base = Path(directory) / name
        if not base.with_name(name + ".index").is_file():
            log.info("No %s in %s (Debian: apt-get install dict-%s)", name, directory, name)
            continue
        for token, sense in first_senses(read_dictd(base)).items():
            heads.setdefault(token, sense)
    return heads


@dataclass(frozen=True)
class GeneralGlossary:
    """The dictionary's first senses with the index they must be used in: what the glossed
    question (`retrieval.hybrid_retriever.glossed_question`) adds for the rare words the
    hand glossary lacks. `HybridSearch.general_glossary` makes one from its settings."""

    senses: Mapping[str, str]
    document_frequency: Callable[[list[str]], dict[str, int]]

    def gloss(self, question: str, glossary: Glossary) -> list[str]:
        return dictionary_gloss(question, glossary, self.document_frequency, self.senses)

    def quote_terms(self, terms: QuestionTerms, glossary: Glossary) -> QuestionTerms:
        """`terms` with each word the hand glossary does not translate also shown by its
        first sense, for choosing the quote within an article: an Arabic sentence with
        "النيابة" shows the question's "prosecution", an English one with "colonies" the
        question's "مستعمرة". Capitalized English words are left to their name keys; an
        Arabic word keeps its key and gains the sense (Arabic has no capitals to tell a
        name, and most words the glossary lacks are not names). Not for ranking: there a
        word made matchable in the other language marks down every article that uses
        another form than the dictionary's (measured in the README)."""
        forms = dict(terms.forms)
        for token, held in terms.forms.items():
            english_name = token in terms.names and script_of(token) == "en"
            if english_name or glossary.translations(token) or token not in self.senses:
                continue
            forms[token] = held | frozenset(keyword_tokens(self.senses[token]))
        return replace(terms, forms=forms)


def dictionary_gloss(
    question: str,
    glossary: Glossary,
    document_frequency: Callable[[list[str]], dict[str, int]],
    dictionary: Mapping[str, str],
) -> list[str]:
    """The first senses, as written, of the question's words that the hand glossary does not
    translate.

    Capitalized English words are left to the name keys and the gazetteer ("Turki" is no
    "Turkish"), and the word after "how" to the answer type. A word is glossed only when it
    is in at most RARE_SHARE of the index's chunks and every token of its sense is in at
    least one.
    """
    tokens = list(dict.fromkeys(keyword_tokens(question)))
    names = {t for t in name_tokens(question, tokens, glossary) if script_of(t) == "en"}
    names |= {t for word in _HOW.findall(question) for t in keyword_tokens(word)}
    wanted = [
        t for t in tokens if t in dictionary and t not in names and not glossary.translations(t)
    ]
    if not wanted:
        return []
    senses = {t: keyword_tokens(dictionary[t]) for t in wanted}
    df = document_frequency(sorted(set(wanted).union(*senses.values())))
    limit = RARE_SHARE * max(df.get("", 0), 1)
    return [
        dictionary[t]
        for t in wanted
        if df.get(t, 0) <= limit and senses[t] and all(df.get(f, 0) > 0 for f in senses[t])
    ]
