"""How widely Chroma's HNSW graph is searched, on every chunk collection newsqa opens.

multilingual-e5's cosines bunch up (most chunks sit at 0.80–0.86 from any question), and in
so flat a neighbourhood Chroma's default search list of 100 loses true neighbours: measured
on the evaluation index (about 700 chunks a language, 30 nearest asked for), 13 to 21 of
7,200 of the top 30 were missing, and *which* ones changed from one process to the next, so
one question's answer could change between runs of the same code on the same index. With a
list of 256, none were missing in six runs of seven, and one in the seventh.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from index.chroma_calls import is_locked, when_unlocked

if TYPE_CHECKING:
    from chromadb.api.models.Collection import Collection

log = logging.getLogger(__name__)

SEARCH_EF = 256  # HNSW's ef_search: candidates kept while walking the graph per query
WIDEN_PATIENCE_S = 5.0  # a locked database delays opening the index at most this long


def widen_search(collection: Collection, patience: float = WIDEN_PATIENCE_S) -> bool:
    """Raise the collection's `ef_search` to SEARCH_EF (an index built before it had 100);
    False when it stays narrow for now.

    Widening is a write, and an index is opened by readers too: a database still locked after
    `patience` seconds leaves the search as it was (answers come from a slightly narrower
    search) rather than failing the question. The next opening tries again.
    """
    hnsw = collection.configuration_json.get("hnsw") or {}
    if int(hnsw.get("ef_search") or 0) >= SEARCH_EF:
        return True
    try:
        when_unlocked(
            collection.modify,
            configuration={"hnsw": {"ef_search": SEARCH_EF}},
            patience=patience,
        )
    except Exception as exc:
        if not is_locked(exc):
            raise
        log.warning(
            "Could not widen the search of %s now (%s); it is tried again next time",
            collection.name,
            exc,
        )
        return False
    return True
