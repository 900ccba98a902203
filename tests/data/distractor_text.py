"""The wording of one distractor article: slots, figures, dates and names in both languages.

Split from distractors.py (which plans the articles and writes them) so each stays short;
every random draw happens in the same order as before, so the output is unchanged.
"""

from __future__ import annotations

import json
import random
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

DATA: dict[str, Any] = json.loads(
    Path(__file__).with_name("distractor_templates.json").read_text(encoding="utf-8")
)
RULES, CAL, LANGS = DATA["rules"], DATA["calendar"], ("ar", "en")
WINDOW = tuple(date.fromisoformat(s) for s in RULES["window"])
SPECIAL = set(RULES["special_ministers"])
GENDER = re.compile(r"\{(\w+)\|([^{}|]*)\|([^{}|]*)\}")
# Arabic "counterpart" agrees twice: with whose counterpart it is, and with the counterpart.
COUNTERPART = {"mm": "نظيره", "mf": "نظيرته", "fm": "نظيرها", "ff": "نظيرتها"}
Ctx = dict[str, Any]


def fill(text: str, ctx: Ctx, lang: str) -> str:
    """Resolve {role|masc|fem} by gender, then {slots}; a slot missing in `lang` -> KeyError."""
    text = GENDER.sub(lambda m: m[2] if ctx["_g"].get(m[1], "m") == "m" else m[3], text)
    view = {k: v[lang] if isinstance(v, dict) else v for k, v in ctx.items()
            if not isinstance(v, dict) or lang in v}  # drops _g and English-only slots
    return re.sub(r" {2,}", " ", text.format(**view)).strip()


def _cap(text: str) -> str:
    """Sentence-initial capital for English copy (slots like 'the bank' start lower-case)."""
    i = next((i for i, ch in enumerate(text) if ch.isalpha()), 0)
    return text[:i] + text[i : i + 1].upper() + text[i + 1 :]


def _both(text: dict[str, str], ctx: Ctx) -> dict[str, str]:
    return {la: fill(text[la], ctx, la) for la in LANGS}


def _bi(en: Any, ar: Any) -> dict[str, str]:
    return {"en": str(en), "ar": str(ar)}


def _num(x: float) -> str:
    """Figures as wire copy prints them, Western digits in both languages: 13.25, 9.5, 3,450."""
    return f"{int(x):,}" if float(x).is_integer() else f"{x:.2f}".rstrip("0").rstrip(".")


def _nth(n: int) -> dict[str, str]:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return _bi(f"{n}{suffix}", n)


def _fig(n: int, noun: str, big: bool = False) -> dict[str, str]:
    """A counted noun. Arabic takes the plural after 3-10 and the accusative singular after
    11-99; big round figures read '5.6 million children' / '5.6 مليون طفل', '850 ألف طفل'."""
    (en_sg, en_pl), (sg, pl, acc) = DATA["nouns"][noun]["en"], DATA["nouns"][noun]["ar"]
    if big and n >= 1_000_000:
        m = round(n / 1e6, 1) + (0.1 if n < 2_050_000 else 0)  # no Arabic dual 'مليونا'
        word = "ملايين" if m in range(3, 11) else "مليون"
        return _bi(f"{_num(m)} million {en_pl}", f"{_num(m)} {word} {sg}")
    if big:
        k = max(3, round(n / 1000))
        return _bi(f"{k * 1000:,} {en_pl}", f"{k} {'آلاف' if 3 <= k % 100 <= 10 else 'ألف'} {sg}")
    ar = pl if 3 <= n % 100 <= 10 else acc if n % 100 >= 11 else sg
    return _bi(f"{_num(n)} {en_sg if n == 1 else en_pl}", f"{n} {ar}")  # Arabic: no comma


def _person(rng: random.Random, g: str = "m") -> dict[str, str]:
    first = rng.choice(DATA["people"]["male" if g == "m" else "female"])
    last = rng.choice(DATA["people"]["last"])
    return _bi(f"{first[0]} {last[0]}", f"{first[1]} {last[1]}")


def _numbers(rng: random.Random, specs: dict[str, list], ctx: Ctx) -> None:
    """Draw figures from the JSON ranges (raw value kept in '_slot' for the code)."""
    for slot, (kind, *args) in specs.items():
        if kind == "person":
            ctx["_g"][slot] = g = rng.choice(args[0])
            ctx[slot] = _person(rng, g)
            continue
        if kind == "float":
            x = round(rng.uniform(args[0], args[1]), args[2])
            ctx["_" + slot] = x = x + 0.1 if args[2] and x.is_integer() else x  # not '8 مليار'
            ctx[slot] = _num(x)
            continue
        n = rng.choice(args[0]) if kind == "pick" else rng.randint(args[0], args[1])
        n += 2 if kind in ("count", "big") and n % 100 in (1, 2) else 0  # no dual, no 101
        ctx["_" + slot] = n
        ctx[slot] = _bi(f"{n:,}", n) if kind == "num" else _fig(n, args[-1], kind == "big")


def _month(m: int, ms: int) -> dict[str, str]:
    """Month name; the Arabic style (Levantine/Gregorian pair or Gregorian) is fixed per article."""
    greg, lev = CAL["ar_months"][(m - 1) % 12], CAL["ar_levant"][(m - 1) % 12]
    return _bi(CAL["en_months"][(m - 1) % 12], [f"{lev}/{greg}", f"{greg}/{lev}", greg][ms])


def _date(d: date, ms: int) -> dict[str, str]:
    mon, wd = _month(d.month, ms), d.weekday()
    return _bi(f"{CAL['en_days'][wd]}, {d.day} {mon['en']} {d.year}",
               f"{CAL['ar_days'][wd]} {d.day} {mon['ar']} {d.year}")


def _start(rng: random.Random, fam: str, lo: date, hi: date, months: Any = None) -> Ctx:
    """A day in [lo, hi] (in season, never a real article's day) and the shared slots."""
    weekdays = DATA["weekdays"].get(fam, range(7))  # no Sunday rate decisions
    d = lo + timedelta(days=rng.randint(0, (hi - lo).days))
    while str(d) in RULES["forbidden_dates"] or d.month not in (months or [d.month]) or (
            d.weekday() not in weekdays):
        d = lo + timedelta(days=rng.randint(0, (hi - lo).days))
    ms, wd = rng.randrange(3), d.weekday()
    ctx: Ctx = {"_g": {}, "_d": d, "_ms": ms, "date": _date(d, ms), "year": d.year}
    ctx.update(prev_year=d.year - 1, next_year=d.year + 1, weekday=_bi(
        CAL["en_days"][wd], CAL["ar_days"][wd]), next_wd=_bi(CAL["en_days"][(wd + 1) % 7],
                                                             CAL["ar_days"][(wd + 1) % 7]))
    ctx["date_lead"] = _both({la: rng.choice(DATA["date_lead"][la]) for la in LANGS}, ctx)
    _numbers(rng, DATA["numbers"][fam], ctx)
    return ctx
