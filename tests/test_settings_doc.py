"""Every setting is documented in the README's one table, under the name users type."""

from __future__ import annotations

import re

from index_fixtures import REPO

from bot.settings import BotSettings
from index.settings import IndexSettings
from retrieval.settings import RetrievalSettings


def env_names(settings_class) -> set[str]:
    names = set()
    for field, info in settings_class.model_fields.items():
        alias = info.validation_alias
        if alias is not None and hasattr(alias, "choices"):
            names.add(str(alias.choices[0]))
        else:
            names.add(f"NEWSQA_{field.upper()}")
    return names


def test_every_setting_is_in_the_readme_table():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Settings") :]
    for cls in (IndexSettings, RetrievalSettings, BotSettings):
        for name in env_names(cls):
            assert f"`{name}`" in table, f"{name} ({cls.__name__}) is missing from the README"


def test_the_table_and_env_example_name_exactly_the_settings_there_are():
    """A setting removed from the code leaves the README table and `.env.example` too."""
    settings = set().union(*(env_names(c) for c in (IndexSettings, RetrievalSettings, BotSettings)))
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Settings") : readme.index("## The Telegram bot")]
    documented = set()
    for row in table.splitlines():
        if row.startswith("| `"):  # the first column; "(or `OPENAI_API_KEY`)" is an alias
            documented |= set(re.findall(r"`([A-Z_]+)`", row.split("|")[1].split("(or")[0]))
    example = (REPO / ".env.example").read_text(encoding="utf-8")
    assert documented == settings
    assert set(re.findall(r"^# ([A-Z_]+)=", example, re.M)) == settings


def test_defaults_work_without_any_environment(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no .env here
    for key in list(__import__("os").environ):
        if key.startswith("NEWSQA_"):
            monkeypatch.delenv(key)
    index, retrieval = IndexSettings(), RetrievalSettings()
    assert index.chroma_url is None and index.embedding_model == "multilingual-e5-small"
    assert retrieval.llm == "extractive"
