"""How widely Chroma's HNSW graph is searched, on every chunk collection newsqa opens.

multilingual-e5's cosines bunch up (most chunks sit at 0.80–0.86 from any question), and in
so flat a neighbourhood Chroma's default search list of 100 loses true neighbours: measured
on the evaluation index (about 700 chunks a language, 30 nearest asked for), 13 to 21 of
7,200 of the top 30 were missing, and *which* ones changed from one process to the next, so
one question's answer could change between runs of the same code on the same index. With a
list of 256, none were missing in six runs of seven, and one in the seventh.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chromadb.api.models.Collection import Collection

SEARCH_EF = 256  # HNSW's ef_search: candidates kept while walking the graph per query


def widen_search(collection: Collection) -> None:
    """Raise the collection's `ef_search` to SEARCH_EF; an index built before it had 100."""
    hnsw = collection.configuration_json.get("hnsw") or {}
    if int(hnsw.get("ef_search") or 0) < SEARCH_EF:
        collection.modify(configuration={"hnsw": {"ef_search": SEARCH_EF}})
