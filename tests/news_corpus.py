"""The dated corpus for date, "latest" and timeline tests: the 70 eval articles plus 300
generated near-duplicates (the same ministers on many dates), and who each article is about.

The labels come from the distractor generator's own rules (a generated article about
Lavrov has "lavrov" in its file name: it is one side of the call) and, for the hand-written
articles, from reading them: only the two listed per minister name him at all (checked with
grep over both scripts, and the generated leads read by hand for a sample of 20).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
ARTICLES = DATA / "articles"
DISTRACTORS = 300

HAND_LABELLED = {
    "lavrov": {
        "dip-lavrov-kazakhstan-call-2021-11-19.ar.txt",
        "lavrov-mirzoyan-call-2021-10-01.ar.txt",
    },
    "mirzoyan": {
        "dip-mirzoyan-greece-call-2022-11-03.en.txt",
        "lavrov-mirzoyan-call-2021-10-01.ar.txt",
    },
}


def build_corpus(folder: Path) -> Path:
    """Copy the articles and generate the distractors (seed 0) into `folder`."""
    sys.path.insert(0, str(DATA))
    from distractors import generate

    shutil.copytree(ARTICLES, folder, dirs_exist_ok=True)
    generate(folder / "generated", count=DISTRACTORS, seed=0)
    return folder


def about(folder: Path, person: str) -> set[str]:
    """The paths (relative to `folder`) of every article about `person`."""
    generated = {
        f"generated/{p.name}" for p in (folder / "generated").iterdir() if person in p.name
    }
    return generated | HAND_LABELLED[person]


def date_of(path: str) -> str:
    """The date in a corpus file name (every eval and generated article has one)."""
    stem = Path(path).name.split(".")[0]
    return stem[-10:]
