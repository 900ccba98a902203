"""Deterministic generator of hard near-duplicate distractor articles for the newsqa eval.

Why: retrieval over a few dozen hand-written articles is too easy. Real collections hold
hundreds of near-duplicates - the same ministers in other calls, the same central-bank
template with other dates and numbers - and newsqa must still find the one article that
answers a question. These articles reuse the people and templates of the answer-bearing
articles but report other events; the rules in distractor_templates.json (date windows,
forbidden pairs, banks, places, phrases) keep them from answering any eval question.

    python tests/data/distractors.py OUT_DIR --count 300 --seed 0
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

from distractor_text import (
    COUNTERPART,
    DATA,
    LANGS,
    RULES,
    SPECIAL,
    WINDOW,
    Ctx,
    _bi,
    _both,
    _cap,
    _date,
    _fig,
    _month,
    _nth,
    _num,
    _numbers,
    _person,
    _start,
    fill,
)


def _fits(item: dict, cs: set[str], d: date) -> bool:
    """Topic/venue filters: any/all/not are country codes, from a date, months the months."""
    return bool((not item.get("any") or cs & set(item["any"])) and cs <= set(item.get("all", cs))
                and not cs & set(item.get("not", [])) and item.get("from", "") <= str(d)
                and d.month in item.get("months", [d.month]))


def _pairs() -> list[tuple[dict, dict, date, date]]:
    """Every allowed minister pair with the dates both held office inside the allowed window."""
    out, mins = [], DATA["ministers"]
    banned = RULES["forbidden_pairs"] + RULES["forbidden_country_pairs"]
    for i, a in enumerate(mins):
        for b in mins[i + 1 :]:
            ids, cs = {a["id"], b["id"]}, {a["c"], b["c"]}
            lo, hi = RULES["special_window" if ids & SPECIAL else "window"]
            lo, hi = max(lo, a["from"], b["from"]), min(hi, a["to"], b["to"])
            hi = min([hi] + [u for c1, c2, u in RULES["country_pair_until"] if {c1, c2} == cs])
            ok = len(cs) == 2 and not any(set(p) in (ids, cs) for p in banned)
            if ok and date.fromisoformat(hi) - date.fromisoformat(lo) > timedelta(days=30):
                out.append((a, b, date.fromisoformat(lo), date.fromisoformat(hi)))
    return out


PAIRS = _pairs()


def _minister(rng: random.Random, ctx: Ctx, role: str, m: dict, other: dict) -> None:
    """Name, title and 'his Armenian counterpart ...' slots for one side of a call."""
    c, f = DATA["countries"][m["c"]], m["g"] == "f"
    ar, ar_s = m["alt"] if "alt" in m and rng.random() < 0.3 else (m["ar"], m["ar_s"])
    nis = c["ar_f"] if f else c["ar_m"]
    title = m.get("ar_title") or f"{'وزيرة' if f else 'وزير'} الخارجية {nis}"
    his, ctx["_g"][role] = "his" if other["g"] == "m" else "her", m["g"]
    ctx[f"cp_{role}"] = _bi(f"{his} {c['adj']} counterpart {m['en']}",
                            f"{COUNTERPART[other['g'] + m['g']]} {nis} {ar}")
    for key, en, ar_text in [
        ("full", f"{c['adj']} Foreign Minister {m['en']}", f"{title} {ar}"),
        ("short", m["en_s"], ar_s), ("country", c["en"], c["ar"]),
        ("cap", c["cap_en"], c["cap_ar"]),
        ("adj", c["adj"], c["ar_m"].removeprefix("ال")),
        ("ministry", f"the {c['adj']} Foreign Ministry", f"وزارة الخارجية {c['ar_f']}")]:
        ctx[f"{role}_{key}"] = _bi(en, ar_text)
    ctx[f"{role}_agency"] = {"ar": c["agency_ar"]}  # Arabic copy only: "المصدر: تاس"


def _call(rng: random.Random) -> tuple[Ctx, str]:
    """A foreign ministers' call or meeting; Lavrov and Mirzoyan get many other partners."""
    u, bias = rng.random(), RULES["bias"]
    who = "lavrov" if u < bias["lavrov"] else "mirzoyan" if u < sum(bias.values()) else None
    a, b, lo, hi = rng.choice([p for p in PAIRS if {p[0]["id"], p[1]["id"]} & SPECIAL == (
        {who} if who else set())])
    a, b = (b, a) if rng.random() < 0.5 else (a, b)
    ctx = _start(rng, "call", lo, hi)
    d, ms, cs = ctx["_d"], ctx["_ms"], {a["c"], b["c"]}
    if who and str(d)[:7] in RULES["special_forbidden_months"]:
        return _call(rng)
    _minister(rng, ctx, "a", a, b)
    _minister(rng, ctx, "b", b, a)
    mode = ctx["_v"] = "call" if rng.random() < 0.65 else "meeting"
    banned = [city for c1, c2, city in RULES["forbidden_venues"] if {c1, c2} == cs]
    venues = [_bi(f"in {x['en']}", f"في {x['ar']}") for x in (ctx["a_cap"], ctx["b_cap"])]
    venues = [v for v in venues if v["en"][3:] not in banned] + [_bi(
        f"on the sidelines of {e['en']}", f"على هامش {e['ar']}") for e in DATA["events"] if _fits(
            e, cs, d)]
    topics = rng.sample([t for t in DATA["topics"] if _fits(t, cs, d)], 4)
    s, o = rng.sample(["a", "b"], 2)
    for k in ("short", "country", "cap"):
        ctx[f"s_{k}"], ctx[f"o_{k}"] = ctx[f"{s}_{k}"], ctx[f"{o}_{k}"]
    ctx["_g"].update(s=ctx["_g"][s], o=ctx["_g"][o])
    src = rng.choice("ab")  # whose foreign ministry put out the statement
    ctx.update(zip(("t1", "t2", "t3", "t4"), topics, strict=True), event=DATA["event"][mode],
               venue=rng.choice(venues), ministry=ctx[f"{src}_ministry"],
               agency=ctx[f"{src}_agency"], nth=_nth(ctx["_n"])["en"], year2=d.year + ctx["_y2"],
               city=rng.choice([ctx["a_cap"], ctx["b_cap"]]), vmonth=_month(d.month + 2, ms),
               month=_month(d.month + ctx["_m_ahead"], ms), trade_target=_fig(
                   max(3, round(ctx["_trade"] * rng.uniform(1.5, 3))), "billion"))
    ctx["when"] = _both(rng.choice(DATA["when"]), ctx)
    for key, agr in zip(("agr", "agr2"), rng.sample(DATA["agreements"], 2), strict=True):
        ctx[key] = _both(agr, ctx)
    return ctx, f"{a['id']}-{b['id']}-{mode}"


def _rate(rng: random.Random) -> tuple[Ctx, str]:
    """A central-bank rate decision with inflation, growth and (if the currency floats) FX."""
    bank = rng.choice(DATA["banks"])
    ctx = _start(rng, "rate", *WINDOW)
    _numbers(rng, bank["numbers"], ctx)
    d, ms, (lo, hi) = ctx["_d"], ctx["_ms"], bank["rate"]
    old = lo + 0.25 * rng.randint(0, int((hi - lo) / 0.25))
    step = rng.choice(bank.get("bps", [25, 50, 75, 100]))
    v = rng.choices(["hold", "raise", "cut"], [4, 3, 3])[0]
    new = old + {"raise": 1, "cut": -1, "hold": 0}[v] * step / 100
    v, new = (v, new) if lo <= new <= hi else ("hold", old)
    inow = ctx["_inow"]
    iprev = round(max(0.1, inow + rng.choice([-1, 1]) * rng.uniform(0.1, 1.5)), 1)
    ctx["_g"].update(k=bank["k"], g=bank["g"], u=bank["u"])
    ctx.update(bank["slots"], _v=v, old=_num(old), new=_num(new), bp=step, iprev=_num(iprev),
               iverb=_bi("eased", "تراجع") if inow < iprev else _bi("rose", "ارتفع"),
               m1=_month(d.month - 1, ms), m0=_month(d.month - 2, ms),
               gyear=d.year + (d.month > 9), next=_date(d + timedelta(weeks=ctx["_next_in"]), ms))
    if "target" in bank:
        tlo, thi = bank["target"]
        pos = [("below", "دون"), ("within", "ضمن"), ("above", "فوق")][(inow >= tlo) + (inow > thi)]
        ctx.update(tlo=tlo, thi=thi, pos=_bi(*pos))
    return ctx, f"{bank['id']}-central-bank-rate"


def _health(rng: random.Random) -> tuple[Ctx, str]:
    """A national vaccination campaign; polio, measles and cholera each bring their own facts."""
    h = DATA["health"]
    c = rng.choice(h["countries"])
    did = rng.choice(c["diseases"])
    dis, off, title = h["diseases"][did], rng.choice(c["officials"]), rng.choice(h["titles"])
    ctx = _start(rng, "health", *WINDOW)
    d, days = ctx["_d"], rng.randint(*dis["days"])
    ctx["_g"]["o"] = off["g"]
    ctx.update({**c["slots"], **dis["slots"], **off}, days=_fig(days, "day"), ndays=days,
               _v=f"polio_{c['polio']}" if dis["kind"] == "polio" else dis["kind"],
               off_title=_bi(title["en"], title[f"ar_{off['g']}"]), last_year=d.year - ctx["_ago"],
               children=_fig(rng.randint(*c["kids"]) * 1000, dis["target"], big=True),
               pmonth=_month(d.month - ctx["_back"], ctx["_ms"]))
    ctx["goal"] = _both(dis.get("goal") or dis[f"goal_{c.get('polio')}"], ctx)
    return ctx, f"{c['id']}-{did}-campaign"


def _storm(rng: random.Random) -> tuple[Ctx, str]:
    """A winter rainstorm in a Mediterranean or Gulf city (never Alexandria, Kuwait or Dhofar)."""
    city = rng.choice(DATA["weather"]["cities"])
    ctx = _start(rng, "storm", *WINDOW, months=DATA["weather"]["months"])
    ctx.update(city["slots"])
    if not city["coastal"]:
        del ctx["waves"]
    return ctx, f"{city['id']}-storm"


def _flights(rng: random.Random) -> tuple[Ctx, str]:
    """Fog, sand or thunderstorms suspending flights at a regional airport."""
    w = DATA["weather"]
    ap = rng.choice(w["airports"])
    cause = rng.choice(ap["causes"])
    ctx = _start(rng, "flights", *WINDOW, months=w["cause_months"][cause])
    alt = rng.sample([x["slots"]["city"] for x in w["airports"] if x["c"] != ap["c"]], 2)
    end = ctx["_start"] + ctx["_hours"]
    period = ["صباحاً", "ظهراً", "عصراً", "مساءً"][(end >= 12) + (end > 14) + (end > 17)]
    h12 = end - 12 if end > 12 else end
    ctx.update(ap["slots"], _v=cause, alt1=alt[0], alt2=alt[1], resume=_bi(
        f"{h12} {'am' if end < 12 else 'pm'}", f"الساعة {h12} {period}"))
    return ctx, f"{ap['slots']['city']['en'].lower().replace(' ', '-')}-{cause}-flights"


def _final(rng: random.Random) -> tuple[Ctx, str]:
    """A domestic cup final with a goal-by-goal account; scorers are invented."""
    fb = DATA["football"]
    cup = rng.choice(fb["cups"])
    winner, loser = rng.sample(cup["teams"], 2)
    score = rng.choice(list(fb["scores"]))
    ctx = _start(rng, "final", *WINDOW, months=fb["months"])
    seq = rng.sample(["w"] * int(score[0]) + ["l"] * int(score[2]), int(score[0]) + int(score[2]))
    tally, parts = {"w": 0, "l": 0}, []
    for side, mn in zip(seq, sorted(rng.sample(range(4, 91), len(seq))), strict=True):
        mine, theirs = tally[side], tally["l" if side == "w" else "w"]
        kind = ["reduce", "equal", "open" if mine == 0 else "lead", "extend"][
            1 + (mine >= theirs) + (mine > theirs) - (mine + 1 < theirs)]
        tally[side] += 1
        role, name = rng.choice(fb["roles"]), _person(rng)
        goal = {"_g": {}, "team": winner if side == "w" else loser, "min": _nth(mn),
                "hi": max(tally.values()), "lo": min(tally.values()),
                "player": {la: f"{role[la]} {name[la]}" for la in LANGS}}
        parts.append(_both({la: rng.choice(t) for la, t in DATA["goals"][kind].items()}, goal))
    ctx.update(cup["slots"], winner=winner, loser=loser, score=fb["scores"][score],
               nth=_nth(ctx["_n"])["en"], rmin=_nth(ctx["_rmin"]),
               goals=_bi(" ".join(_cap(p["en"]) for p in parts), " ".join(p["ar"] for p in parts)))
    return ctx, f"{cup['id']}-final"


def _article(fam: str, ctx: Ctx, lang: str, rng: random.Random) -> str:
    """Headline, blank line, 4-6 paragraphs; optional sentences, paragraphs and order vary."""
    tpl = DATA["templates"][fam]
    st = tpl["structure"]

    def pick(key: str) -> str | None:
        if key.startswith("?") and rng.random() < 0.5:
            return None
        options = tpl[key.lstrip("?").replace("@", ctx.get("_v", ""))][lang]
        for text in rng.sample(options, len(options)):
            try:
                return _cap(fill(text, ctx, lang)) if lang == "en" else fill(text, ctx, lang)
            except KeyError:  # a slot this article lacks (no FX for a pegged currency...)
                continue
        return None

    body, extra = [p for p in st["body"] if p[0] != "?"], [p[1:] for p in st["body"] if p[0] == "?"]
    rng.shuffle(extra)
    chosen = body[1:] + extra[: max(0, rng.randint(4, 6) - 1 - len(body) - len(st["tail"]))]
    rng.shuffle(chosen)
    paras = [[st["lead"]], body[0], *chosen, *st["tail"]]
    text = "\n\n".join(filter(None, (" ".join(filter(None, map(pick, p))) for p in paras)))
    return f"{pick(st['headline'])}\n\n{text}\n"


def is_safe(text: str) -> bool:
    """No forbidden phrase and no forbidden combination (e.g. Lavrov with Mirzoyan)."""
    if any(s in text for s in RULES["forbidden_text"]):
        return False
    return not any(all(s in text for s in combo) for combo in RULES["forbidden_combos"])


BUILDERS = {"call": _call, "rate": _rate, "health": _health, "storm": _storm,
            "flights": _flights, "final": _final}


def generate(out_dir: Path, count: int = 300, seed: int = 0) -> list[Path]:
    """Write `count` articles, alternating Arabic and English; byte-identical for one seed."""
    rng = random.Random(seed)
    plan = [fam for fam, w in DATA["families"].items() for _ in range(round(count * w))]
    plan = rng.sample((plan + ["call"] * count)[:count], k=count)
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for i, fam in enumerate(plan):
        for _ in range(1000):
            ctx, slug = BUILDERS[fam](rng)
            path = Path(out_dir) / f"gen-{slug}-{ctx['_d']}.{LANGS[i % 2]}.txt"
            text = _article(fam, ctx, LANGS[i % 2], rng)
            if path not in paths and is_safe(text):
                break
        else:
            raise RuntimeError(f"could not build a safe {fam} article")
        path.write_text(text, encoding="utf-8", newline="\n")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write hard near-duplicate distractor articles.")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    print(f"wrote {len(generate(args.out_dir, args.count, args.seed))} articles to {args.out_dir}")


if __name__ == "__main__":
    main()
