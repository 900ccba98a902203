"""Names across scripts: a consonant key that "Lavrov" and "لافروف" share.

Names are the strongest anchor in news, and the one a keyword index cannot carry across
scripts: an English question says "Mirzoyan", the Arabic article "ميرزويان". Both spellings
keep the same consonants in the same order while the vowels come and go (Arabic writes long
vowels with ا و ي and leaves short ones out), so each word is reduced to a key of consonant
classes — sounds Arabic and English spell differently land in one class (v/f/ف, p/b/ب,
k/q/c/ق/ك/خ, g/j/غ/ج, s/ص/س, ...). Two words match when their keys agree, allowing one slip in
longer keys (Sonatrach / سوناطراك). Cheap, deterministic and offline; it never decides alone:
a match is keyword evidence next to the dense score.
"""

from __future__ import annotations

import re
from functools import lru_cache

from core.language import is_arabic_letter
from index.arabic import normalize

# Latin digraphs first, then single letters; vowels, h, w and y carry no class.
_LATIN_DIGRAPHS = (
    ("sch", "S"),
    ("sh", "S"),
    ("ch", "S"),
    ("kh", "K"),
    ("gh", "G"),
    ("th", "T"),
    ("dh", "D"),
    ("ph", "F"),
    ("ck", "K"),
    ("ts", "S"),
    ("tz", "S"),
    ("zh", "J"),
    ("dj", "J"),
    ("dzh", "J"),
)
_LATIN = {
    "b": "B", "p": "B", "f": "F", "v": "F", "t": "T", "d": "D", "s": "S", "z": "Z",
    "c": "K", "k": "K", "q": "K", "g": "G", "j": "G", "x": "KS", "l": "L", "r": "R",
    "m": "M", "n": "N",
}  # fmt: skip
_ARABIC = {
    "ب": "B", "پ": "B", "ف": "F", "ڤ": "F", "ت": "T", "ط": "T", "ث": "T", "د": "D", "ض": "D",
    "ذ": "D", "ظ": "Z", "س": "S", "ص": "S", "ش": "S", "ز": "Z", "ژ": "J", "ك": "K", "ق": "K",
    "خ": "K", "غ": "G", "ج": "G", "گ": "G", "ل": "L", "ر": "R", "م": "M", "ن": "N",
}  # fmt: skip
# J (zh) joins G: "Zhukov" is written ج or ج in Arabic as often as ژ.
_CLASS = str.maketrans({"J": "G"})
MIN_KEY = 3  # shorter keys ("Eni" → N) match far too much


@lru_cache(maxsize=65_536)
def name_key(word: str) -> str:
    """The consonant-class key of one word, in either script ("" for other scripts)."""
    word = normalize(word)
    if not word:
        return ""
    if is_arabic_letter(word[0]):
        if word.startswith("ال") and len(word) > 4:
            word = word[2:]
        key = "".join(_ARABIC.get(ch, "") for ch in word)
    else:
        word = re.sub(r"[^a-z]", "", word)
        for digraph, sound in _LATIN_DIGRAPHS:
            word = word.replace(digraph, sound.lower() + "\0")
        out = []
        for ch in word:
            if ch == "\0":
                continue
            out.append(_LATIN.get(ch, ch.upper() if ch in "sktdfgj" else ""))
        key = "".join(out)
    key = key.translate(_CLASS)
    return re.sub(r"(.)\1+", r"\1", key)  # doubled letters (Mohammed, شدّة) count once


def keys_match(a: str, b: str) -> bool:
    """Same key, or one letter apart in keys of four letters or more."""
    if len(a) < MIN_KEY or len(b) < MIN_KEY:
        return False
    if a == b:
        return True
    if min(len(a), len(b)) < 4 or abs(len(a) - len(b)) > 1:
        return False
    return _within_one_edit(a, b)


def _within_one_edit(a: str, b: str) -> bool:
    if len(a) > len(b):
        a, b = b, a
    i = j = edits = 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            i += 1
            j += 1
            continue
        edits += 1
        if edits > 1:
            return False
        if len(a) == len(b):
            i += 1
        j += 1
    return edits + (len(b) - j) + (len(a) - i) <= 1
