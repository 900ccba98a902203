"""multilingual-e5's prompts: the prefix that marks a text as a question or as a passage.

e5 was trained with them and ranks worse without; every encoder, the converted model folder
and the tests take them from here so they cannot drift apart.
"""

from __future__ import annotations

QUERY_PROMPT, PASSAGE_PROMPT = "query", "passage"  # the prompts' names in a model folder
QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "
PROMPTS: dict[str, str] = {QUERY_PROMPT: QUERY_PREFIX, PASSAGE_PROMPT: PASSAGE_PREFIX}
