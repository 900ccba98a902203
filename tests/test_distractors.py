"""The distractor generator (tests/data/distractors.py) is fast and needs no model.

The eval relies on its output being reproducible, balanced between Arabic and English, well
formed, and unable to answer any eval question (no Lavrov-Mirzoyan call, no article inside
the eval articles' dates, none of their phrases), so those properties are pinned here.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

DATA = Path(__file__).resolve().parent / "data"
NAME = re.compile(r"^gen-([a-z0-9-]+)-(\d{4}-\d{2}-\d{2})\.(ar|en)\.txt$")
LAVROV, MIRZOYAN = ("Lavrov", "لافروف"), ("Mirzoyan", "ميرزويان")


def _load() -> ModuleType:
    if str(DATA) not in sys.path:  # for its sibling module, distractor_text
        sys.path.insert(0, str(DATA))
    spec = importlib.util.spec_from_file_location("distractors", DATA / "distractors.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("distractors", module)
    spec.loader.exec_module(module)
    return module


distractors = _load()


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    paths = distractors.generate(tmp_path_factory.mktemp("distractors"), count=300, seed=0)
    return {p.name: p.read_bytes().decode("utf-8") for p in paths}


def test_same_seed_gives_identical_bytes(sample: dict[str, str], tmp_path: Path) -> None:
    again = distractors.generate(tmp_path / "again", count=300, seed=0)
    assert [p.name for p in again] == list(sample)
    assert all(p.read_text(encoding="utf-8") == sample[p.name] for p in again)
    other = distractors.generate(tmp_path / "other", count=20, seed=1)
    assert [p.name for p in other] != list(sample)[:20]


def test_count_names_and_language_balance(sample: dict[str, str]) -> None:
    assert len(sample) == 300
    assert all(NAME.match(name) for name in sample)
    langs = Counter(NAME.match(name)[3] for name in sample)
    assert abs(langs["ar"] - langs["en"]) <= 2


def test_families_follow_the_weights(sample: dict[str, str]) -> None:
    calls = sum("-call-" in name or "-meeting-" in name for name in sample)
    rates = sum("-central-bank-rate-" in name for name in sample)
    health = sum("-campaign-" in name for name in sample)
    assert (calls, rates, health) == (120, 75, 45)


def test_no_lavrov_mirzoyan_pair_and_dates_in_range(sample: dict[str, str]) -> None:
    for name, text in sample.items():
        day = date.fromisoformat(NAME.match(name)[2])
        lavrov = any(s in text for s in LAVROV)
        mirzoyan = any(s in text for s in MIRZOYAN)
        assert not (lavrov and mirzoyan), name
        assert not ("lavrov" in name and "mirzoyan" in name), name
        if lavrov or mirzoyan:
            assert date(2019, 1, 1) <= day <= date(2023, 12, 31) and day != date(2021, 10, 1)
            assert "-call-" in name or "-meeting-" in name, name
        else:
            assert date(2015, 1, 1) <= day <= date(2020, 12, 31), name
        assert str(day.year) in text.split("\n\n")[1], f"{name}: undated lead"


def test_lavrov_and_mirzoyan_meet_many_others(sample: dict[str, str]) -> None:
    partners: dict[str, set[str]] = {"lavrov": set(), "mirzoyan": set()}
    for name in sample:
        slug = NAME.match(name)[1].rsplit("-", 1)[0].split("-")
        for who, others in partners.items():
            if who in slug:
                others.update(set(slug) - {who})
    assert len(partners["lavrov"]) >= 10 and len(partners["mirzoyan"]) >= 10


def test_articles_are_well_formed(sample: dict[str, str]) -> None:
    for name, text in sample.items():
        headline, blank, *rest = text.split("\n", 2)
        paragraphs = [p for p in "".join(rest).split("\n\n") if p.strip()]
        assert headline.strip() and blank == "", name
        assert 4 <= len(paragraphs) <= 7 and not text.endswith("\n\n"), name
        assert not re.search(r"[{}|]", text) and "  " not in text, name
        letters = [ch for ch in text if ch.isalpha()]
        arabic = sum("\u0600" <= ch <= "\u06ff" for ch in letters) / len(letters)
        if name.endswith(".ar.txt"):
            assert arabic > 0.85, f"{name}: {arabic:.2f} Arabic"
        else:
            assert arabic == 0, name


def test_nothing_answers_an_eval_question(sample: dict[str, str]) -> None:
    evidence = [
        json.loads(line)["evidence"]
        for path in DATA.glob("questions*.jsonl")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and json.loads(line)["evidence"]
    ]
    assert evidence
    for name, text in sample.items():
        flat = " ".join(text.split())
        assert distractors.is_safe(text), name
        assert not any(" ".join(e.split()) in flat for e in evidence), name
        assert "Central Bank of Kenya" not in text and "بنك المغرب" not in text, name
