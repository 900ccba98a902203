"""The general English–Arabic dictionary (`retrieval.dictionary`): reading FreeDict's dictd
files, which senses are kept, which question words are glossed, and the files Debian installs."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from retrieval.dictionary import (
    GeneralGlossary,
    dictionary_gloss,
    first_senses,
    load_dictionary,
    read_dictd,
)
from retrieval.glossary import default_glossary
from retrieval.hybrid_retriever import glossed_question
from retrieval.keyword_evidence import QuestionTerms

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

ENG_ARA = [
    ("Gazelle /ɡəzˈɛl/", ["الغزالة"]),
    ("Gazelles /ɡəzˈɛlz/", ["الغزال"]),  # same keyword token as Gazelle: the first one wins
    ("Ransom /ɹˈænsəm/", ["1. حرف يسبق الكلمة ويعني الفدية", "2. الفدية، الفداء"]),
    ("Ballots /bˈælɒts/", ["الاقتراع"]),
    ("Many /mˈɛni/", ["الكثير"]),
    ("Turki /tˈɜːki/", ["تركي"]),
    ("Hot air /hɒt ˈɛə/", ["كلام فارغ"]),  # a phrase, not a word: left out
]


def _number(value: int) -> str:
    digits = ""
    while True:
        digits = _B64[value % 64] + digits
        value //= 64
        if not value:
            return digits


def write_dictd(folder: Path, name: str, entries: list[tuple[str, list[str]]]) -> None:
    """A dictd dictionary as dictfmt writes it: the entries' text and an index of offsets."""
    data, index = b"", ["00-database-short\tA\tA"]
    for headword, senses in entries:
        text = "\n".join([headword, *senses]).encode("utf-8") + b"\n"
        index.append(f"{headword.split(' /')[0]}\t{_number(len(data))}\t{_number(len(text))}")
        data += text
    (folder / f"{name}.dict.dz").write_bytes(gzip.compress(data))
    (folder / f"{name}.index").write_text("\n".join(index) + "\n", encoding="utf-8")


def test_dictd_entries_are_read_with_their_senses(tmp_path: Path) -> None:
    write_dictd(tmp_path, "freedict-eng-ara", ENG_ARA)
    entries = list(read_dictd(tmp_path / "freedict-eng-ara"))
    assert entries[0] == ("Gazelle", ["الغزالة"])
    assert entries[2] == ("Ransom", ["حرف يسبق الكلمة ويعني الفدية", "الفدية، الفداء"])
    assert len(entries) == len(ENG_ARA)  # the database's own 00- entry is skipped


def test_the_first_short_sense_of_each_one_word_headword_is_kept(tmp_path: Path) -> None:
    write_dictd(tmp_path, "freedict-eng-ara", ENG_ARA)
    heads = first_senses(read_dictd(tmp_path / "freedict-eng-ara"))
    assert heads["gazelle"] == "الغزالة"  # "Gazelles" came second with the same token
    assert heads["ransom"] == "الفدية"  # the definition is skipped, the sense cut at "،"
    assert not any("فارغ" in sense for sense in heads.values())


def test_a_missing_dictionary_adds_nothing(tmp_path: Path) -> None:
    assert load_dictionary(str(tmp_path / "nowhere")) == {}
    question = "How big a ransom did the hackers ask for?"
    assert dictionary_gloss(question, default_glossary(), lambda forms: {}, {}) == []


def test_only_rare_words_the_hand_glossary_lacks_are_glossed() -> None:
    """...and only with a sense that some chunk of the index holds."""
    heads = {"ransom": "الفدية", "ballot": "الاقتراع", "many": "الكثير", "turki": "تركي"}
    heads |= {"hacker": "المتسللين"}
    chunks = {"": 1000, "ransom": 3, "فديه": 4, "ballot": 2, "many": 40, "كثير": 90}
    chunks |= {"turki": 2, "تركي": 5, "hacker": 1}

    def document_frequency(forms: list[str]) -> dict[str, int]:
        return {f: chunks[f] for f in ["", *forms] if f in chunks}

    question = "How big a ransom did the hackers who took Turki's ballots ask for, and how many?"
    glossed = dictionary_gloss(question, default_glossary(), document_frequency, heads)
    assert "الفدية" in glossed  # rare, and its sense is in the index
    assert "الاقتراع" not in glossed  # no chunk holds the sense
    assert "الكثير" not in glossed  # in 4% of the chunks: too common to help
    assert "تركي" not in glossed  # a capitalized word is left to the name keys
    assert "المتسللين" not in glossed  # no chunk holds the sense
    chunks["many"] = 2  # rare in the articles, but "how many" asks for a count
    assert dictionary_gloss(question, default_glossary(), document_frequency, heads) == glossed
    assert dictionary_gloss(
        "Were many ransoms paid?", default_glossary(), document_frequency, heads
    ) == [
        "الكثير",
        "الفدية",
    ]


def test_the_glossed_question_takes_dictionary_words_only_with_the_index(tmp_path: Path) -> None:
    write_dictd(tmp_path, "freedict-eng-ara", ENG_ARA)
    question = "How big a ransom did the hackers ask for?"
    assert not default_glossary().translations("ransom")
    hand, language = glossed_question(question) or ("", "")  # the hand glossary's words
    assert language == "ar" and "الفدية" not in hand

    def document_frequency(forms: list[str]) -> dict[str, int]:
        return {"": 1000} | {f: 1 for f in forms}

    general = GeneralGlossary(load_dictionary(str(tmp_path)), document_frequency)
    assert glossed_question(question, general) == (f"{hand} الفدية", "ar")


def test_quotes_are_matched_with_the_senses_of_words_the_glossary_lacks() -> None:
    senses = {"ransom": "الفدية", "case": "الملف", "kisumu": "كيسومو"}
    general = GeneralGlossary(senses, lambda forms: {})
    terms = QuestionTerms.build(
        "How big a ransom did Kisumu ask in the case?", default_glossary(), {"": 100}
    )
    quoted = general.quote_terms(terms, default_glossary())
    sentence = "وطلب المتسللون فدية قدرها مليون دولار، ثم أغلقت كيسومو الملف."
    assert "ransom" in quoted.found_in(sentence) and "ransom" not in terms.found_in(sentence)
    assert quoted.forms["case"] == terms.forms["case"]  # the hand glossary's own word
    assert quoted.forms["kisumu"] == terms.forms["kisumu"]  # a name keeps its key alone
    assert quoted.weights == terms.weights


def test_an_arabic_question_word_the_glossary_lacks_is_quoted_by_its_sense() -> None:
    """Arabic has no capitals, so ranking keeps every word the hand glossary lacks as a
    possible name; a quote may still show its sense: "كم مستعمرة" and "coral colonies"."""
    senses = {"مستعمره": "Colony"}
    general = GeneralGlossary(senses, lambda forms: {})
    terms = QuestionTerms.build("كم مستعمرة اختبرها العلماء؟", default_glossary(), {"": 100})
    assert "مستعمره" in terms.names
    quoted = general.quote_terms(terms, default_glossary())
    assert quoted.forms["مستعمره"] == {"مستعمره", "colony"}
    assert quoted.names == terms.names  # its name key stays for the quote too


def test_the_installed_freedict_dictionaries_read() -> None:
    """The files `.ci/run` installs from Debian; outside CI they may be absent."""
    heads = load_dictionary("/usr/share/dictd")
    if not heads and not os.environ.get("CI"):
        pytest.skip("dict-freedict-eng-ara and dict-freedict-ara-eng are not installed")
    assert len(heads) > 80_000
    assert heads["ransom"] and heads["gazelle"] == "الغزالة"
    assert heads["حصبه"].lower() == "measles"  # الحصبة, from the Arabic–English side
