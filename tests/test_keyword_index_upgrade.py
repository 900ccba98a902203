"""A keyword index left by an older newsqa (other columns) is rebuilt, not misread."""

from __future__ import annotations

import sqlite3

from index_fixtures import SEED_DIR

from index import sync
from index.fake_embedder import FakeEmbedder
from index.keyword_index import KeywordIndex
from index.settings import IndexSettings
from index.store import ChunkStore

OLD_SCHEMA = """
CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT);
CREATE VIRTUAL TABLE chunks USING fts5(chunk_id UNINDEXED, article UNINDEXED, tokens);
INSERT INTO state (key, value) VALUES ('seen', '2/old');
INSERT INTO chunks (chunk_id, article, tokens) VALUES ('gone:0', 'gone', 'لافروف');
"""


def test_an_older_keyword_index_is_rebuilt_with_dates(tmp_path):
    settings = IndexSettings(data_dir=tmp_path / "data", embedding_backend="fake")
    sync(SEED_DIR, settings, embedder=FakeEmbedder())
    store = ChunkStore.open(settings, create=False)
    path = tmp_path / "keywords.sqlite"
    with sqlite3.connect(path) as old:
        old.executescript(OLD_SCHEMA)

    keywords = KeywordIndex(path)
    assert keywords.refresh(store, store.generation()) == store.count()
    hits = keywords.search(["لافروف"], 5)
    assert hits and "gone:0" not in {cid for cid, _ in hits}
    assert keywords.search(["لافروف"], 5, periods=[(20211001, 20211001)]) == hits
    assert keywords.search(["لافروف"], 5, periods=[(20211002, 20211231)]) == []
    keywords.close()
