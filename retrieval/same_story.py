"""Whether another retrieved article tells the story the answer's article tells.

A second source that scores nearly as well is often a sibling from another country or
another year: for "What did the Central Bank of Kenya decide in 2023?", Tunisia's central
bank in 2023 scores close to Kenya's 2024 decision. It may stay listed beside the answer
(the see-also list is chosen by score, `retrieval.extractive`), but it must not speak for
the answer: it does not tell Kenya's story, so it does not say the articles cover Kenya in
2023 (`retrieval.period_coverage`).

The test is lexical and asks little: the other article must hold the question's names that
the answer's article holds — those it could show in its own language, a name in the other
script by its consonant key (`retrieval.keyword_evidence`). A name is a question word
written with a capital, in the question or in either article's English text ("Kenya",
"Bank"): Arabic has no capitals, and its words that the glossary does not translate are
not names for that alone. Measured on the evaluation set, requiring all the question's
words instead, or using the test to choose the second source itself, dropped right and
wrong second articles in the same proportion (README, "Measured, not adopted").
"""

from __future__ import annotations

from index.arabic import keyword_tokens
from retrieval.evidence import Retrieved
from retrieval.keyword_evidence import QuestionTerms, key_in, latin_names
from retrieval.language_merge import passage_language, searchable_text
from retrieval.names import name_key


def same_story(retrieved: Retrieved, first: str, other: str) -> bool:
    """Whether the article at path `other` holds the question's names that the article at
    path `first` holds (see the module doc); False when either was not retrieved."""
    told, telling = _article_text(retrieved, first), _article_text(retrieved, other)
    if told is None or telling is None:
        return False
    terms = retrieved.terms
    language, text = telling
    english = [t for lang, t in (told, telling) if lang == "en"]
    names = written_names(terms, [terms.question, *english])
    wanted = {t for t in terms.held_in(told[1], told[0]) & names if terms.matchable(t, language)}
    return wanted <= terms.held_in(text, language)


def written_names(terms: QuestionTerms, texts: list[str]) -> set[str]:
    """The question tokens that `texts` write as names: capitalised, or with a capitalised
    word's consonant key."""
    capitals: set[str] = set()
    keys: set[str] = set()
    for word in (w for text in texts for w in latin_names(text)):
        capitals.update(keyword_tokens(word))
        keys.add(name_key(word))
    return {
        token
        for token, forms in terms.forms.items()
        if forms & capitals or (token in terms.names and key_in(terms.names[token], keys))
    }


def _article_text(retrieved: Retrieved, path: str) -> tuple[str, str] | None:
    """The language and the retrieved text (titles included) of the article at `path`."""
    passages = [p for p in retrieved.pool or retrieved.passages if p.metadata.get("source") == path]
    if not passages:
        return None
    return passage_language(passages[0]), " ".join(map(searchable_text, passages))
