"""Whether a name is written as a place: after a preposition of place ("at Hoa Lo", "in the
Pangram area") or before a noun for a place ("the Hoa Lo prison"). A small model calls
helicopters, scanners and newspapers "sites" ("a Chinook helicopter", "a CT scan", "told
The Hill"); none of those is ever written so."""

from __future__ import annotations

import re

_PLACE_BEFORE = re.compile(
    r"\b(?:in|at|near|inside|outside|from|to|into|toward|towards|around|across|through|of|on|"
    r"between|behind|by|within|beyond|past|opposite)\s+(?:the\s+)?$", re.I)
_PLACE_AFTER = re.compile(
    r"^\s+(?:prison|jail|hotel|camp|base|hospital|airport|stadium|arena|building|plant|factory"
    r"|facility|school|university|campus|church|mosque|temple|station|port|bridge|square|park"
    r"|center|centre|mall|store|house|palace|court|courthouse|embassy|museum|street|road"
    r"|avenue|highway|border|river|lake|mountain|area|district|neighbou?rhood|village|field"
    r"|site|zone|compound|complex|headquarters|office|offices)\b", re.I)


def written_as_place(text: str, spans: list[tuple[int, int]]) -> bool:
    return any(_PLACE_BEFORE.search(text[max(0, start - 16):start])
               or _PLACE_AFTER.match(text[end:end + 24]) for start, end in spans)
