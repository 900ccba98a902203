"""Deterministic generator of realistic Arabic and English news articles for the benchmarks.

Why generate: the benchmarks need hundreds to tens of thousands of articles that look like
what newsqa indexes (a headline, a dated lead, paragraphs of varied news sentences in both
languages), and the same folder every time so runs compare. The text comes from sentence
templates in ``corpus_templates.json`` (nine topics, a lead and seven body sentences each,
plus shared boilerplate, per language) whose slots are filled with names, places, numbers,
dates and organisations. One article keeps its people, places and date throughout; numbers
are drawn per sentence. Everything comes from ``random.Random(seed)``, so a seed always
gives byte-identical files.

    python benchmarks/corpus.py OUT_DIR --articles N --seed 0
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

TEMPLATES: dict[str, Any] = json.loads(
    (Path(__file__).with_name("corpus_templates.json")).read_text(encoding="utf-8")
)

# (English, Arabic, country key, population in millions)
CITIES = [
    ("Cairo", "القاهرة", "eg", 22.6), ("Alexandria", "الإسكندرية", "eg", 5.5),
    ("Amman", "عمّان", "jo", 4.6), ("Irbid", "إربد", "jo", 2.1),
    ("Rabat", "الرباط", "ma", 1.9), ("Casablanca", "الدار البيضاء", "ma", 3.8),
    ("Tunis", "تونس العاصمة", "tn", 2.7), ("Sfax", "صفاقس", "tn", 1.0),
    ("Algiers", "الجزائر العاصمة", "dz", 3.9), ("Oran", "وهران", "dz", 1.6),
    ("Beirut", "بيروت", "lb", 2.4), ("Doha", "الدوحة", "qa", 2.4),
    ("Dubai", "دبي", "ae", 3.6), ("Abu Dhabi", "أبوظبي", "ae", 1.5),
    ("Riyadh", "الرياض", "sa", 7.7), ("Jeddah", "جدة", "sa", 3.8),
    ("Muscat", "مسقط", "om", 1.7), ("Kuwait City", "مدينة الكويت", "kw", 3.1),
    ("Baghdad", "بغداد", "iq", 7.9), ("Basra", "البصرة", "iq", 3.0),
    ("Manama", "المنامة", "bh", 0.7), ("Nairobi", "نيروبي", "ke", 5.3),
    ("Istanbul", "إسطنبول", "tr", 15.7), ("Nouakchott", "نواكشوط", "mr", 1.4),
]  # fmt: skip
# key: (English, adjective, currency plural, Arabic, adj. masc., adj. fem., Arabic currency
# in the accusative after 11-99, whether Arabic treats the name as feminine)
COUNTRIES = {
    "eg": ("Egypt", "Egyptian", "pounds", "مصر", "المصري", "المصرية", "جنيهاً", True),
    "jo": ("Jordan", "Jordanian", "dinars", "الأردن", "الأردني", "الأردنية", "ديناراً", False),
    "ma": ("Morocco", "Moroccan", "dirhams", "المغرب", "المغربي", "المغربية", "درهماً", False),
    "tn": ("Tunisia", "Tunisian", "dinars", "تونس", "التونسي", "التونسية", "ديناراً", True),
    "dz": ("Algeria", "Algerian", "dinars", "الجزائر", "الجزائري", "الجزائرية", "ديناراً", True),
    "lb": ("Lebanon", "Lebanese", "pounds", "لبنان", "اللبناني", "اللبنانية", "ألف ليرة", False),
    "qa": ("Qatar", "Qatari", "riyals", "قطر", "القطري", "القطرية", "ريالاً", True),
    "ae": ("the UAE", "Emirati", "dirhams", "الإمارات", "الإماراتي", "الإماراتية", "درهماً", True),
    "sa": ("Saudi Arabia", "Saudi", "riyals", "السعودية", "السعودي", "السعودية", "ريالاً", True),
    "om": ("Oman", "Omani", "rials", "سلطنة عُمان", "العُماني", "العُمانية", "ريالاً", True),
    "kw": ("Kuwait", "Kuwaiti", "dinars", "الكويت", "الكويتي", "الكويتية", "ديناراً", True),
    "iq": ("Iraq", "Iraqi", "dinars", "العراق", "العراقي", "العراقية", "ألف دينار", False),
    "bh": ("Bahrain", "Bahraini", "dinars", "البحرين", "البحريني", "البحرينية", "ديناراً", True),
    "ke": ("Kenya", "Kenyan", "shillings", "كينيا", "الكيني", "الكينية", "شلناً", True),
    "tr": ("Turkey", "Turkish", "lira", "تركيا", "التركي", "التركية", "ليرة", True),
    "mr": ("Mauritania", "Mauritanian", "ouguiyas", "موريتانيا", "الموريتاني", "الموريتانية",
           "أوقية", True),
}  # fmt: skip
FIRST = [
    ("Omar", "عمر", "m"), ("Leila", "ليلى", "f"), ("Karim", "كريم", "m"), ("Sara", "سارة", "f"),
    ("Youssef", "يوسف", "m"), ("Hanaa", "هناء", "f"), ("Khaled", "خالد", "m"), ("Mona", "منى", "f"),
    ("Tarek", "طارق", "m"), ("Rania", "رانيا", "f"), ("Samir", "سمير", "m"),
    ("Nadia", "نادية", "f"), ("Hassan", "حسن", "m"), ("Dina", "دينا", "f"), ("Walid", "وليد", "m"),
    ("Amal", "أمل", "f"), ("Ibrahim", "إبراهيم", "m"), ("Salma", "سلمى", "f"),
    ("Ziad", "زياد", "m"), ("Reem", "ريم", "f"),
]  # fmt: skip
LAST = [
    ("Haddad", "الحداد"), ("Mansour", "منصور"), ("Nasser", "ناصر"), ("Khatib", "الخطيب"),
    ("Saleh", "صالح"), ("Bennani", "بناني"), ("Obeidi", "العبيدي"), ("Zoubi", "الزعبي"),
    ("Hamdan", "حمدان"), ("Sharif", "الشريف"), ("Qasim", "قاسم"), ("Rahmouni", "الرحموني"),
    ("Tamimi", "التميمي"), ("Azzam", "عزام"), ("Jaber", "جابر"), ("Farouk", "فاروق"),
]  # fmt: skip
COMPANIES = [
    ("Nour Energy", "نور للطاقة"), ("Sahara Logistics", "صحارى للخدمات اللوجستية"),
    ("Atlas Telecom", "أطلس للاتصالات"), ("Lisan Labs", "لسان لابس"),
    ("Delta Engineering", "دلتا للهندسة"), ("Crescent Capital", "الهلال كابيتال"),
    ("Oasis Analytics", "الواحة للتحليلات"), ("Gulf Rail", "سكك الخليج"),
]  # fmt: skip
FUNDS = [("Gulf Ventures", "خليج فنتشرز"), ("Atlas Partners", "أطلس بارتنرز"),
         ("Nile Capital", "نايل كابيتال")]  # fmt: skip
TEAMS = [
    ("Al Ahly", "الأهلي"), ("Zamalek", "الزمالك"), ("Wydad", "الوداد"), ("Raja", "الرجاء"),
    ("Esperance", "الترجي"), ("Al-Faisaly", "الفيصلي"), ("Al Hilal", "الهلال"),
    ("Al Nassr", "النصر"), ("Al Sadd", "السد"), ("Al Rayyan", "الريان"), ("Al Shorta", "الشرطة"),
    ("Al Ain", "العين"),
]  # fmt: skip
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]  # fmt: skip
MONTHS_AR = ["يناير/كانون الثاني", "فبراير/شباط", "مارس/آذار", "أبريل/نيسان", "مايو/أيار",
             "يونيو/حزيران", "يوليو/تموز", "أغسطس/آب", "سبتمبر/أيلول", "أكتوبر/تشرين الأول",
             "نوفمبر/تشرين الثاني", "ديسمبر/كانون الأول"]  # fmt: skip
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WEEKDAYS_AR = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]

# Numbers drawn afresh for every sentence: slot -> rng -> value.
NUMBERS = {
    "rate": lambda r: r.randrange(9, 52) / 4, "pct": lambda r: r.randint(10, 199) / 10,
    "pct2": lambda r: r.randint(10, 199) / 10, "pct_small": lambda r: r.randint(5, 69) / 10,
    "pct_cov": lambda r: r.randint(50, 85), "pct_done": lambda r: r.randint(20, 95),
    "pct_target": lambda r: r.randint(20, 50), "pct_debt": lambda r: r.randint(40, 120),
    "money": lambda r: r.randint(50, 950), "money_b": lambda r: r.randint(50, 600) / 10,
    "money_small": lambda r: r.randint(3, 9), "money_k": lambda r: r.randint(11, 99),
    "n_cover": lambda r: r.randint(3, 10), "n_days": lambda r: r.randint(3, 10),
    "lines": lambda r: r.randint(3, 9), "gap": lambda r: r.randint(3, 9),
    "games": lambda r: r.randint(3, 8), "n_dialects": lambda r: r.randint(3, 9),
    "n_agreements": lambda r: r.randint(3, 9), "n_waves": lambda r: r.randint(3, 9),
    "temp_low": lambda r: r.randint(3, 10), "fare": lambda r: r.randint(11, 30),
    "n_mid": lambda r: r.randint(120, 900), "n_mid2": lambda r: r.randint(120, 900),
    "n_centres": lambda r: r.randint(120, 900), "n_trucks": lambda r: r.randint(120, 900),
    "n_teams": lambda r: r.randint(11, 99), "n_flights": lambda r: r.randint(11, 40),
    "n_countries": lambda r: r.randint(11, 60), "n_months": lambda r: r.randint(11, 30),
    "km": lambda r: r.randint(11, 60), "mw": lambda r: r.randint(5, 90) * 10,
    "mw2": lambda r: r.randint(5, 60) * 10, "minute": lambda r: r.randint(2, 44),
    "minute2": lambda r: r.randint(51, 89), "points": lambda r: r.randint(20, 70),
    "n_big": lambda r: r.randint(12, 900) * 100, "n_big2": lambda r: r.randint(12, 900) * 100,
    "n_millions": lambda r: r.randint(12, 99) / 10, "kmh": lambda r: r.randint(40, 120),
    "mm": lambda r: r.randint(11, 120), "year_past": lambda r: r.randint(1990, 2015),
    "brent": lambda r: r.randint(60, 95),
    "score": lambda r: f"{(h := r.randint(1, 4))}-{r.randint(0, h - 1)}",
}  # fmt: skip


class Slots(dict):
    """An article's slots; a number slot is drawn on first use and then kept for the article,
    so the headline, the lead and the body agree on the facts."""

    def __init__(self, fixed: dict[str, Any], rng: random.Random, language: str) -> None:
        super().__init__(fixed)
        self.rng, self.language = rng, language

    def __missing__(self, key: str) -> str:
        if key == "money_small2":
            value: Any = int(self["money_small"]) + self.rng.randint(11, 40)
        else:
            value = NUMBERS[key](self.rng)
        if isinstance(value, int) and value >= 10000 and self.language == "en":
            text = f"{value:,}"
        else:
            text = f"{value:g}" if isinstance(value, float) else str(value)
        self[key] = text
        return text


def _population(millions: float, en: bool) -> str:
    """'5.5 million' / '700,000'; in Arabic '5.5 مليون' / '700 ألف' / 'مليون'."""
    if millions < 1:
        return f"{round(millions * 1000)},000" if en else f"{round(millions * 1000)} ألف"
    if en:
        return f"{millions:g} million"
    return "مليون" if millions == 1 else f"{millions:g} مليون"


def _person(rng: random.Random, language: str, gender: str | None = None) -> tuple[str, str]:
    firsts = [f for f in FIRST if gender is None or f[2] == gender]
    first, last = rng.choice(firsts), rng.choice(LAST)
    name = f"{first[0]} {last[0]}" if language == "en" else f"{first[1]} {last[1]}"
    return name, first[2]


def _fixed(rng: random.Random, language: str, topic: str, day: date) -> dict[str, Any]:
    """The slots that stay the same throughout one article."""
    en = language == "en"
    city, city2 = rng.sample(CITIES, 2)
    country = COUNTRIES[city[2]]
    country2 = COUNTRIES[rng.choice([k for k in COUNTRIES if k != city[2]])]
    person, gender = _person(rng, language, "m" if topic == "sports" else None)
    person2, gender2 = _person(rng, language)
    teams = rng.sample(TEAMS, 4)
    later = MONTHS_EN if en else [m.split("/")[0] for m in MONTHS_AR]
    slots: dict[str, Any] = {
        "city": city[0 if en else 1], "city2": city2[0 if en else 1],
        "country": country[0 if en else 3], "country2": country2[0 if en else 3],
        "adj": country[1], "adj_m": country[4], "adj_f": country[5],
        "currency": country[2 if en else 6], "population": _population(city[3], en),
        "person": person, "person2": person2,
        "a": "ة" if gender == "f" else "", "t": "ت" if gender == "f" else "",
        "a2": "ة" if gender2 == "f" else "", "t2": "ت" if gender2 == "f" else "",
        "cv": "ت" if country[7] else "ي", "c2v": "ت" if country2[7] else "ي",
        "company": rng.choice(COMPANIES)[0 if en else 1],
        "fund": rng.choice(FUNDS)[0 if en else 1],
        "month": later[(day.month - 2) % 12], "month_later": later[(day.month + 1) % 12],
        "year_future": str(day.year + rng.randint(2, 8)),
        "date": f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}",
        "weekday": WEEKDAYS_EN[day.weekday()] if en else WEEKDAYS_AR[day.weekday()],
        "weekday2": (WEEKDAYS_EN if en else WEEKDAYS_AR)[(day.weekday() + 2) % 7],
        "dayphrase": f"يوم {WEEKDAYS_AR[day.weekday()]} {day.day} "
        f"{MONTHS_AR[day.month - 1]} {day.year}",
    }  # fmt: skip
    for i, team in enumerate(teams, start=1):
        slots[f"team{i}"] = team[0 if en else 1]
    return slots


def make_article(rng: random.Random, language: str) -> tuple[str, date, str]:
    """One article: (topic, date, text = title line + blank line + paragraphs)."""
    pool = TEMPLATES[language]
    topic = rng.choice(sorted(pool["topics"]))
    templates = pool["topics"][topic]
    day = date(2021, 1, 1) + timedelta(days=rng.randrange(4 * 365))
    fixed = _fixed(rng, language, topic, day)

    slots = Slots(fixed, rng, language)
    title = rng.choice(templates["titles"]).format_map(slots)
    # Most of the topic's sentences in their written order, boilerplate slipped in between.
    keep = sorted(rng.sample(range(len(templates["body"])), rng.randint(5, 7)))
    body = [templates["body"][i] for i in keep]
    for generic in rng.sample(pool["generic"], rng.randint(3, 6)):
        body.insert(rng.randint(1, len(body)), generic)
    sentences = [t.format_map(slots) for t in [rng.choice(templates["lead"]), *body]]
    # 4-10 paragraphs of one or more sentences; the lead opens the first.
    n_paragraphs = min(rng.randint(4, 10), len(sentences))
    cuts = sorted(rng.sample(range(1, len(sentences)), n_paragraphs - 1))
    bounds = [0, *cuts, len(sentences)]
    paragraphs = [" ".join(sentences[a:b]) for a, b in pairwise(bounds)]
    return topic, day, title + "\n\n" + "\n\n".join(paragraphs) + "\n"


def write_corpus(folder: str | Path, n: int, seed: int = 0) -> list[Path]:
    """Write `n` articles (alternately English and Arabic) into `folder`; return their paths.

    File names carry the topic, the date and a language tag, as in tests/data/articles:
    ``00042-economy-2023-05-14.ar.txt``. The same (n, seed) always writes the same bytes.
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for i in range(n):
        language = "en" if i % 2 == 0 else "ar"
        topic, day, text = make_article(rng, language)
        path = out / f"{i:05d}-{topic}-{day.isoformat()}.{language}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    paths = write_corpus(args.out_dir, args.articles, args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"Wrote {len(paths)} articles ({size / 1e6:.1f} MB) to {args.out_dir}")


if __name__ == "__main__":
    main()
