"""Answer quality on the bilingual question set, with floors that fail CI on regression.

The set (tests/data) holds Arabic and English articles and questions in both directions plus
unanswerable ones; the index also holds 300 generated near-duplicates (the same ministers in
other calls, other central-bank meetings, ...; `tests/data/distractors.py`), as a real
collection would. Floors sit a little under what the default extractive answerer measured
when they were set (see the README's evaluation table), for the whole set and for its
held-out part, which no method was tuned on, and for the fresh questions written afterwards
without sight of any method.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from index_fixtures import REPO

from index import sync
from index.embedder_factory import load_embedder
from index.settings import IndexSettings
from retrieval.dictionary import load_dictionary
from retrieval.evaluation import evaluate, load_questions
from retrieval.service import QAService
from retrieval.settings import RetrievalSettings

pytestmark = pytest.mark.slow

DATA = REPO / "tests" / "data"
QUESTIONS = DATA / "questions.jsonl"
FRESH = DATA / "questions_fresh.jsonl"  # written blind to the methods (test_eval_set)
NEW_TOPICS = DATA / "questions_newtopics.jsonl"  # new articles, written blind too
NEW_ARTICLES = DATA / "newtopics" / "articles"
ARTICLES = DATA / "articles"
DISTRACTORS = 300

# measured 2026-12-02 (int8 encoder, 300 distractors), after the cross-language scale: right
# article first 0.93 overall, 0.91 English about Arabic, 0.88 Arabic about English, 1.00
# same language (0.89 / 0.85 / 0.85 / 1.00 before it); in the top 3 0.94; evidence 0.72
# overall, 0.70 and 0.70 cross-lingual, 0.78 same language; held out 0.87 / 0.93 / 1.00
# first, evidence 0.77. Since answers from another period say so: unanswerable questions
# abstained 0.08 (4 of 50; 0 before), answerable ones answered 0.997 (one, whose first article
# was the wrong one, says its month is not covered); since Arabic names keep their ending in
# their cross-script key, held-out same-language evidence 0.80. Since sentences are also
# scored for the question without its article's topic words (2026-12-03): evidence 0.76
# overall, 0.71 English about Arabic, 0.73 Arabic about English, 0.84 same language, 0.78 held out;
# with hyphenated names, numbers outside dates and the period preference for relevant articles:
# right article first 0.94 overall, 0.93 English about Arabic (held out 0.91), 0.89 Arabic about
# English; top 3 0.96; evidence 0.77 overall, 0.72 / 0.75 cross-lingual, 0.79 held out.
# On a CPU without VNNI (2026-12-04) the signed int8 export fell under two floors (evidence
# 0.745 overall, 0.694 Arabic about English); with unsigned weights: first 0.94 overall,
# 0.94 / 0.89 cross-lingual (held out 0.89 English about Arabic); evidence 0.76 overall,
# 0.72 / 0.73 cross-lingual, 0.84 same language, 0.78 held out. Floors unchanged.
# Since a sentence's keyword share is of the whole question, not only of the words that can
# cross scripts (2026-12-04): evidence 0.77 overall, 0.78 English about Arabic (from 0.72),
# 0.70 Arabic about English (from 0.73: three questions, answered by the lead), 0.84 same
# language, 0.80 held out. The Arabic-about-English floor moves down with that trade.
# With the count bonus and the freed conjunction (2026-12-06, measured on that day's machine):
# evidence 0.78 overall, 0.80 English about Arabic, 0.69 Arabic about English, 0.85 same
# language, 0.81 held out; right first 0.94 overall, 0.94 / 0.88 cross-lingual.
# With the unit of a measure question, the who-question's person and the wider vector search
# (2026-12-06, later): evidence 0.80 overall, 0.82 English about Arabic, 0.73 Arabic about
# English, 0.85 same language, 0.82 held out; right first unchanged. With the lead's words
# weighed as the story's, like the title's: evidence 0.81 overall, 0.82 / 0.73 cross-lingual,
# 0.89 same language, 0.84 held out. With small counts spelled out ("Four people died"):
# 0.82 overall, 0.81 / 0.74 cross-lingual, 0.93 same language, 0.86 held out.
# With each text embedded alone (the int8 encoder's vectors no longer depend on their batch,
# so a folder synced in one go or in several gives the same answers): right first 0.92
# overall, 0.90 English about Arabic (held out 0.87), 0.88 Arabic about English, 0.99 same
# language; top 3 0.96; evidence 0.81 overall, 0.80 / 0.74 cross-lingual, 0.85 held out.
# With the other language's scale refitted to 1.35 and a second source speaking for the
# asked period only in the first one's story (2026-12-06, evening): right first 0.94 overall,
# 0.95 English about Arabic (held out 0.91), 0.91 Arabic about English (held out 0.93), 0.98
# same language; top 3 0.96; evidence 0.82 overall, 0.81 / 0.75 cross-lingual, 0.86 held out.
# With city names from the GeoNames gazetteer (2026-12-06, late): right first 0.95 overall,
# 0.96 English about Arabic (held out 0.93), 0.92 Arabic about English (held out 0.95), 0.98
# same language; top 3 0.97; evidence 0.82 overall, 0.81 / 0.77 cross-lingual, 0.88 held out.
# With FreeDict glossing the rare words the hand glossary lacks (2026-12-07): right first 0.96
# overall, 0.97 English about Arabic (held out 0.96), 0.93 Arabic about English (held out
# 0.97), 0.98 same language; top 3 0.97; evidence 0.83 overall, 0.82 / 0.78 cross-lingual,
# 0.89 held out. With no name in the accusative ("يوماً" is no Yuma): right first 0.96 overall,
# 0.94 Arabic about English. With quotes matched by the senses too: evidence 0.84 overall,
# 0.83 / 0.78 cross-lingual, 0.91 held out. With more question forms read for the quote
# (لكم, "ما اسم" + a role, a name before the counted noun, the dictionary's sense of Arabic
# words) and quarters and halves of a year as periods (2026-12-07, morning): right first 0.96
# overall, 0.96 / 0.96 cross-lingual; top 3 0.98; evidence 0.84 overall, 0.82 / 0.81
# cross-lingual, 0.90 held out. These floors assume the dictionary is installed (`.ci/run`
# installs it).
FLOORS = {
    ("all", "unanswerable", "abstention"): 0.06,
    ("all", "ar-about-en", "abstention"): 0.96,
    ("all", "en-about-ar", "abstention"): 0.97,
    ("all", "same-language", "abstention"): 0.97,
    ("all", "overall", "hit_at_1"): 0.96,
    ("all", "en-about-ar", "hit_at_1"): 0.96,
    ("all", "ar-about-en", "hit_at_1"): 0.96,
    ("all", "same-language", "hit_at_1"): 0.95,
    ("all", "overall", "hit_at_3"): 0.97,
    ("all", "overall", "evidence"): 0.84,
    ("all", "en-about-ar", "evidence"): 0.82,
    ("all", "ar-about-en", "evidence"): 0.81,
    ("all", "same-language", "evidence"): 0.88,
    ("heldout", "overall", "evidence"): 0.90,
    ("heldout", "en-about-ar", "hit_at_1"): 0.95,
    ("heldout", "ar-about-en", "hit_at_1"): 0.97,
    ("heldout", "same-language", "hit_at_1"): 0.95,
}


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory, model_cache_dir):
    """Scored with the default encoder users run (int8 onnxruntime), not the fp32 fixture."""
    sys.path.insert(0, str(DATA))
    from distractors import generate

    assert load_dictionary(RetrievalSettings().dictionary_dir), (
        "the floors are measured with FreeDict's dictionaries: "
        "apt-get install dict-freedict-eng-ara dict-freedict-ara-eng"
    )
    folder = tmp_path_factory.mktemp("eval-articles")
    shutil.copytree(ARTICLES, folder, dirs_exist_ok=True)
    generate(folder / "generated", count=DISTRACTORS, seed=0)
    settings = IndexSettings(
        data_dir=tmp_path_factory.mktemp("eval-index"),
        model_cache_dir=model_cache_dir,
        embedding_backend="onnx-int8",
    )
    embedder = load_embedder(settings)
    summary = sync(folder, settings, embedder=embedder)
    assert summary.skipped == []
    with QAService(settings, RetrievalSettings(), embedder=embedder) as service:
        report = evaluate(service, load_questions(QUESTIONS))
        fresh = evaluate(service, load_questions(FRESH))
        # what the search itself puts next to the seed, for the distractor test below
        search = service.retriever()
        nearby = {
            q: [Path(d.metadata["source"]).name for d in search.invoke(q)] for q in SEED_QUESTIONS
        }
    # the new-topic articles join the same collection (as distractors for nothing above:
    # they are added after it was scored), and their questions are asked over all of it
    shutil.copytree(NEW_ARTICLES, folder / "newtopics")
    summary = sync(folder, settings, embedder=embedder)
    assert len(summary.added) == len(list(NEW_ARTICLES.iterdir())) and summary.skipped == []
    with QAService(settings, RetrievalSettings(), embedder=embedder) as service:
        new_topics = evaluate(service, load_questions(NEW_TOPICS))
    return report, nearby, fresh, new_topics


@pytest.fixture(scope="module")
def report(evaluated):
    return evaluated[0]


SEED_QUESTIONS = ("What did Lavrov and Mirzoyan agree on?", "ما الذي اتفق عليه لافروف وميرزويان؟")


# the fresh questions (2026-12-04, 207, on the same articles and index), measured when they
# were written: right article first 0.91 English about Arabic, 0.87 Arabic about English,
# 0.97 same language; the quote holds the evidence for 0.73 / 0.74 / 0.70 (0.72 overall).
# With the count bonus, units and who-questions (2026-12-06): 0.76 / 0.72 / 0.74 (0.74);
# with the lead's words weighed as the story's: 0.81 / 0.74 / 0.87 (0.81). With each text
# embedded alone: right first 0.89 / 0.85 / 0.96, evidence 0.80 / 0.76 / 0.88 (0.82). With
# the scale at 1.35: right first 0.94 / 0.88 / 0.93 (same language two questions down),
# evidence 0.81 / 0.81 / 0.88 (0.84). With city names from the gazetteer (2026-12-06, late):
# right first 0.96 / 0.87 / 0.94, evidence 0.84 / 0.79 / 0.90 (0.85); the Arabic-about-English
# floors move down with that trade (one question, whose minister Salem is also a town).
# With FreeDict (2026-12-07): right first 0.96 / 0.87 / 0.94, evidence 0.87 / 0.81 / 0.90
# (0.86). With "اليوم" read as "the day" before an adjective or after من: 0.96 / 0.90 / 0.94,
# evidence 0.87 / 0.84 / 0.90 (0.87). With no name in the accusative ("يوماً" is no Yuma):
# 0.96 / 0.91 / 0.94, evidence 0.87 / 0.85 / 0.90 (0.87). With quotes matched by the
# dictionary's senses too: evidence 0.90 / 0.85 / 0.90 (0.88).
FRESH_FLOORS = {
    ("en-about-ar", "hit_at_1"): 0.95,
    ("ar-about-en", "hit_at_1"): 0.91,
    ("same-language", "hit_at_1"): 0.90,
    ("overall", "evidence"): 0.88,
    ("en-about-ar", "evidence"): 0.89,
    ("ar-about-en", "evidence"): 0.85,
    ("same-language", "evidence"): 0.86,
}


# the new-topic questions (2026-12-06, 112 on 32 new articles, asked over the 402-file
# collection), measured when they were added: right article first 1.00 English about
# Arabic, 0.97 Arabic about English, 1.00 same language; the quote holds the evidence for
# 0.66 / 0.72 / 0.75; unanswerable questions abstained 0 of 16. With the measure's unit and
# the who-question's person (later that day): evidence 0.69 / 0.72 / 0.78 (0.73 overall);
# with the lead's words weighed as the story's: 0.72 / 0.78 / 0.84 (0.78); with each text
# embedded alone (and small counts in words): 0.75 / 0.75 / 0.84 (0.78). With city names from
# the gazetteer: unchanged (right first 1.00 / 0.97 / 1.00). With FreeDict (2026-12-07):
# evidence 0.78 / 0.78 / 0.84 (0.80). With the question forms above (2026-12-07, morning):
# 0.78 / 0.81 / 0.84 (0.81).
NEW_TOPIC_FLOORS = {
    ("en-about-ar", "hit_at_1"): 0.93,
    ("ar-about-en", "hit_at_1"): 0.93,
    ("same-language", "hit_at_1"): 0.93,
    ("overall", "evidence"): 0.81,
    ("en-about-ar", "evidence"): 0.78,
    ("ar-about-en", "evidence"): 0.81,
    ("same-language", "evidence"): 0.78,
}


# the question sets written blind to the methods: where in `evaluated` and their floors
BLIND_SETS = {"fresh": (2, FRESH_FLOORS), "new topics": (3, NEW_TOPIC_FLOORS)}


@pytest.mark.parametrize(
    ("name", "group", "metric"),
    sorted((name, *key) for name, (_, floors) in BLIND_SETS.items() for key in floors),
)
def test_quality_floor_on_questions_written_blind(evaluated, name, group, metric):
    where, floors = BLIND_SETS[name]
    report = evaluated[where]
    scores = report.overall if group == "overall" else report.by_kind[group]
    assert scores["errors"] == 0
    assert scores[metric] >= floors[(group, metric)], (name, group, metric, scores)


@pytest.mark.parametrize(("split", "group", "metric"), sorted(FLOORS))
def test_quality_floor(report, split, group, metric):
    summaries = report.by_split.get(split, {}) if split != "all" else None
    if summaries is None:
        scores = report.overall if group == "overall" else report.by_kind[group]
    else:
        scores = summaries[group]
    assert scores["errors"] == 0
    assert scores[metric] >= FLOORS[(split, group, metric)], (split, group, metric, scores)


def test_the_seed_question_finds_the_agreement_among_near_duplicate_calls(evaluated):
    """ "What did Lavrov and Mirzoyan agree on?" in English and Arabic, with Lavrov's and
    Mirzoyan's calls with other ministers in the index, in both languages."""
    report, nearby, _, _ = evaluated
    by_id = {r.question.id: r for r in report.results}
    for question in SEED_QUESTIONS:  # the near-duplicates do compete: they are retrieved
        rivals = [name for name in nearby[question] if name.startswith("gen-")]
        assert any("lavrov" in name or "mirzoyan" in name for name in rivals), nearby
    for qid in ("q01", "q34"):
        assert by_id[qid].rank == 1, (qid, by_id[qid].sources)


def test_the_seed_question_quotes_the_agreement_among_near_duplicate_calls(report):
    """Both forms quote "تم الاتفاق على زيادة العلاقات…". The Arabic one did not while the
    key of "وميرزويان" came from its keyword token ميرزوي (MRZ): it missed the title's
    "Mirzoyan" (MRZN), so the name weighed as a detail, not as the topic, and the sentence
    naming both ministers outscored the one with the agreement."""
    by_id = {r.question.id: r for r in report.results}
    assert all(by_id[qid].evidence_found for qid in ("q01", "q34"))
