"""How alike two names are: normalisation, aliases, acronyms, spelling variants.

The one name matcher: the eval matches predicted items to gold with it, and the story
brief merges actors and places across articles with it, so the two never drift apart.
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz

HONORIFICS = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "gen", "general", "col",
    "colonel", "lt", "maj", "major", "capt", "captain", "sgt", "rev", "president", "pres",
    "prime minister", "minister", "sen", "senator", "rep", "gov", "governor", "king",
    "queen", "prince", "sheikh", "st",
}
SMALL_WORDS = {"of", "the", "and", "for", "in", "on", "a", "an", "de", "la", "al", "&"}
SPELLING_MIN = 85.0
# The least similarity at which two names are taken for one entity (eval and story).
SAME_ENTITY_MIN = 0.7
# Leading words that say nothing about which entity is meant: "the doctor", "his doctor".
DETERMINERS = {"the", "a", "an", "his", "her", "their", "its", "our"}


def normalise(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"['’]s\b", "", text)
    text = re.sub(r"[^\w\s-]", " ", text).replace("-", " ")
    words = text.split()
    while len(words) > 1 and words[0] in DETERMINERS:
        words = words[1:]
    while len(words) > 1 and words[0] in HONORIFICS:
        words = words[1:]
    return " ".join(words)


# Countries whose everyday names share no letters worth matching; each set is one entity.
SAME_PLACE = [
    {"uk", "u k", "britain", "great britain", "united kingdom"},
    {"us", "u s", "usa", "u s a", "united states", "united states of america", "america"},
    {"uae", "u a e", "united arab emirates", "emirates"},
    {"netherlands", "holland"},
]
_CANONICAL = {form: min(group, key=len) for group in SAME_PLACE for form in group}


def _acronym_of(short: str, long: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", short)
    if len(letters) < 2 or len(letters) > 8 or " " in short.strip():
        return False
    every = [w for w in re.split(r"[\s-]+", long) if w]
    words = [w for w in every if w.casefold() not in SMALL_WORDS]
    initials = "".join(w[0] for w in words if w[0].isalpha())
    # Some acronyms keep a joining word's letter: "VOA" for "Voice of America", "DOJ".
    with_joiners = "".join(w[0] for w in every if w[0].isalpha()
                           and w.casefold() not in DETERMINERS)
    return len(words) >= 2 and letters.casefold() in (initials.casefold(),
                                                      with_joiners.casefold())


def _skeleton(word: str) -> str:
    return re.sub(r"[aeiouy]", "", word)


def _token_similarity(x: str, y: str) -> float:
    """Edit similarity of two words, 0-100; transliterations that differ only in vowels
    ("Mostefa", "Mustafa") count as close variants."""
    if x != y and (x + "s" == y or y + "s" == x or x + "es" == y or y + "es" == x):
        # "doctor" and "doctors": one person against a group, not a spelling variant.
        return 0.0
    score = fuzz.ratio(x, y)
    if min(len(x), len(y)) >= 4 and len(_skeleton(x)) >= 3 and _skeleton(x) == _skeleton(y):
        score = max(score, 90.0)
    return score


def pair_similarity(a: str, b: str) -> float:
    """1.0 same name; 0.95 acronym; spelling variants by edit similarity; 0.0 otherwise."""
    na, nb = normalise(a), normalise(b)
    if not na or not nb:
        return 0.0
    if na == nb or (na in _CANONICAL and _CANONICAL.get(nb) == _CANONICAL[na]):
        return 1.0
    if _acronym_of(a.strip(), b) or _acronym_of(b.strip(), a):
        return 0.95
    ta, tb = na.split(), nb.split()
    if len(ta) == len(tb):
        # Token by token, so "John Smith" and "Jane Smith" stay apart.
        scores = [_token_similarity(x, y) for x, y in zip(ta, tb, strict=True)]
        if min(scores) >= SPELLING_MIN and all(len(x) >= 4 or x == y for x, y in
                                               zip(ta, tb, strict=True)):
            return sum(scores) / len(scores) / 100.0
        return 0.0
    # "Deir az Zor" and "Deir Ezzor": the same letters, split differently.
    joined_a, joined_b = "".join(ta), "".join(tb)
    if min(len(joined_a), len(joined_b)) >= 6 and ta[0][:3] == tb[0][:3]:
        joined = fuzz.ratio(joined_a, joined_b)
        if joined >= SPELLING_MIN:
            return joined / 100.0
    shorter, longer = (ta, tb) if len(ta) < len(tb) else (tb, ta)
    # "Bali" for "Mustafa Bali": a surname alone matches, but weakly, so a full-name match
    # always wins and one surname never pairs with two people (matching is one-to-one).
    if len(shorter) == 1 and shorter[0] == longer[-1] and len(shorter[0]) >= 3:
        return 0.75
    # "Islamic State group" vs "Islamic State": the longer adds only generic words.
    if longer[: len(shorter)] == shorter and set(longer[len(shorter):]) <= GENERIC_TAIL:
        return 0.9
    return 0.0


GENERIC_TAIL = {"group", "militants", "forces", "force", "government", "army", "organization",
                "organisation", "party", "movement", "city", "village", "town", "province",
                "region", "governorate", "district"}


_PARENTHESIS = re.compile(r"^(.*?)\s*\(([^)]+)\)\s*$")
_DESCRIPTOR = re.compile(r"^(?:[\w.]+-(?:backed|based|led|allied|funded|run|held)\s+)+",
                         re.IGNORECASE)


def variants(name: str) -> list[str]:
    """A name and the forms it contains: "US-backed Syrian Democratic Forces (SDF)" gives
    the whole, "Syrian Democratic Forces" and "SDF"."""
    found = [name]
    match = _PARENTHESIS.match(name)
    if match:
        found += [match.group(1), match.group(2)]
    found += [_DESCRIPTOR.sub("", n) for n in list(found)]
    return [n for n in dict.fromkeys(found) if n.strip()]


def name_similarity(pred_names: list[str], gold_names: list[str]) -> float:
    """Best similarity between any name or alias on one side and any on the other."""
    best = 0.0
    pred_all = [v for n in pred_names for v in variants(n)]
    gold_all = [v for n in gold_names for v in variants(n)]
    for a in pred_all:
        for b in gold_all:
            best = max(best, pair_similarity(a, b))
            if best == 1.0:
                return best
    return best
