"""What a reader sees as a quote: one source per article, no headline, long sentences trimmed.

Each of these was reported by a user reading the answers: the same article saved as UTF-8,
UTF-8 with a BOM and Windows-1256 showed up as three identical sources; two sentences of one
article were listed as two sources; a headline was quoted as if it answered; very long
sentences were cut mid-word.
"""

from __future__ import annotations

import codecs
import shutil

import pytest
from index_fixtures import AGREEMENT, SEED_DIR, SEED_FILE

from index import sync
from index.settings import IndexSettings
from retrieval.extractive import MAX_QUOTE_WORDS, trim
from retrieval.quotable import is_headline
from retrieval.service import QAService
from retrieval.settings import RetrievalSettings


def test_a_long_sentence_is_trimmed_around_the_question_words_with_an_ellipsis():
    words = [f"w{i}" for i in range(150)]
    words[100] = "agreement"
    sentence = " ".join(words)
    quote = trim(sentence, {"agreement"})
    assert quote.startswith("… ") and quote.endswith(" …")
    assert "agreement" in quote
    assert len(quote.split()) == MAX_QUOTE_WORDS + 2  # the two ellipses
    assert " ".join(quote.split()[1:-1]) in sentence  # whole words, verbatim


def test_a_sentence_of_ordinary_length_is_quoted_whole():
    sentence = "The ministers agreed to raise ties between their ministries by the end of 2021."
    assert trim(sentence, {"agree"}) == sentence


def test_a_headline_is_not_a_quote():
    assert is_headline("Lavrov and Mirzoyan discuss the Karabakh accords by phone", 0, "")
    assert is_headline("Lavrov mirzoyan call", 500, "Lavrov mirzoyan call")
    assert not is_headline("The ministers agreed to raise ties between ministries.", 0, "")
    assert not is_headline("They spoke on the phone on Friday and agreed on a plan", 120, "")


@pytest.mark.slow
def test_one_article_saved_in_three_encodings_is_one_source(tmp_path, model_cache_dir, embedder):
    text = (SEED_DIR / SEED_FILE).read_text(encoding="utf-8")
    folder = tmp_path / "articles"
    shutil.copytree(SEED_DIR, folder)
    (folder / "copy-bom-2021-10-01.ar.txt").write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    (folder / "copy-1256-2021-10-01.ar.txt").write_bytes(text.encode("cp1256"))
    settings = IndexSettings(data_dir=tmp_path / "index", model_cache_dir=model_cache_dir)
    summary = sync(folder, settings, embedder=embedder)
    assert summary.skipped == []
    with QAService(settings, RetrievalSettings(), embedder=embedder) as service:
        for question in ("What did the ministers agree on?", "ما الذي اتفق عليه الوزيران؟"):
            answer = service.ask(question)
            assert answer.found
            assert AGREEMENT in answer.sources[0].quote
            quotes = [" ".join(s.quote.split()) for s in answer.sources]
            assert len(quotes) == len(set(quotes)), answer.sources  # no copy listed again
            paths = [s.path for s in answer.sources]
            assert len(paths) == len(set(paths))  # one article, one source
            assert answer.answer.count("«") == 1  # and one quote in the answer
