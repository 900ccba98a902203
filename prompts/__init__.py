"""Prompt templates, kept as text files beside this module and loaded by name.

Each file is a template with `{placeholders}` filled by the chain. Reviewing a prompt change is
reviewing a text file.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def load_prompt(name: str) -> str:
    """The text of `prompts/<name>.txt`; raises FileNotFoundError for an unknown name."""
    path = resources.files(__name__).joinpath(f"{name}.txt")
    if not path.is_file():
        raise FileNotFoundError(f"No prompt named {name!r} in the prompts package")
    return path.read_text(encoding="utf-8")
