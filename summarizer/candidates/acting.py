"""Whether a country acts in an article or is only where things happen. "China accused
Vietnam", "the United States firmly opposes", "talks with Beijing": a party to the story.
"stocks in Japan", "U.S. troops", "born in Austria": a place, or a word describing something
else. A small model asked for a country's role answers with whatever the sentence says
near the name ("declined 0.3%", "won trophies"), so the test is made on the article's
words: a mention followed by a verb, joined to another party that is followed by one, or
after a verb or phrase that takes a party ("accused", "talks with")."""

from __future__ import annotations

import re

_AUXILIARIES = (
    r"has|have|had|is|was|are|were|will|would|could|can|may|might|must|should|did|does|do"
    r"|won['’]t|wouldn['’]t|hasn['’]t|hadn['’]t|isn['’]t|wasn['’]t|didn['’]t|doesn['’]t")
_VERBS = (
    r"says|said|wants|wanted|plans|planned|claims|claimed|accuses|accused|insists|insisted"
    r"|denies|denied|demands|demanded|agrees|agreed|refuses|refused|opposes|opposed|rejects"
    r"|rejected|announces|announced|warns|warned|threatens|threatened|urges|urged|calls"
    r"|called|seeks|sought|signs|signed|sends|sent|imposes|imposed|launches|launched"
    r"|responds|responded|retaliates|retaliated|hopes|hoped|expects|expected|promises"
    r"|promised|pledges|pledged|offers|offered|asks|asked|tells|told|vows|vowed|argues"
    r"|argued|sees|saw|needs|needed|blames|blamed|condemns|condemned|supports|supported"
    r"|backs|backed|leads|led|holds|held|takes|took|gives|gave|makes|made|keeps|kept"
    r"|continues|continued|pushes|pushed|struck|strikes|attacks|attacked|invaded|invades"
    r"|annexed|annexes|won|wins|lost|loses|buys|bought|sells|sold"
    # base forms after "will", "to" or "see China ...": none of them reads as a noun
    r"|agree|sign|accept|reject|refuse|demand|impose|retaliate|promise|pledge|put|pay|buy"
    r"|sell|remove|lift|cut|raise|reach|meet|insist|deny|oppose|warn|threaten|respond")
_ADVERB = r"(?:\w+ly\s+|also\s+|not\s+|never\s+|already\s+)?"
_ACTS_AFTER = re.compile(
    r"^\s*[\"“]?(?:,[^,.]{1,60},\s*)?" + _ADVERB + r"(?:" + _AUXILIARIES + "|" + _VERBS
    + r")\b", re.I)
_PARTNER = re.compile(r"^\s+and\s+(?:the\s+)?[A-Z][\w.’']*(?:\s+[A-Z][\w.’']*)?")
_ACTS_BEFORE = re.compile(
    r"\b(?:accused|accuses|accusing|urged|urges|warned|warns|pressed|presses|called\s+on"
    r"|sanctioned|criticized|criticised|condemned|talks\s+with|deal\s+with|negotiations\s+with"
    r"|war\s+with|dispute\s+with|tensions\s+with|relations\s+with|pressure\s+on|between"
    r"|against|by)\s+(?:the\s+)?$", re.I)

_PLACE_OF = re.compile(r"\b(?:in|at|from|of|near|inside|outside|across|around|throughout)"
                       r"\s+(?:the\s+)?$", re.I)


def acts(text: str, spans: list[tuple[int, int]]) -> bool:
    """Whether any mention of a name (its offsets in ``text``) is written as a party
    acting."""
    for start, end in spans:
        after = text[end:end + 100]
        partner = _PARTNER.match(after)
        if partner:
            after = after[partner.end():]
        before = text[max(0, start - 40):start]
        if _ACTS_AFTER.match(after) and not _PLACE_OF.search(before):
            return True  # "Dock workers in Port Vell said": the workers said it
        if _ACTS_BEFORE.search(before):
            return True
    return False


# "The Nasdaq (IXIC) added 0.2%", "S&P 500 SPX lost 1.85 points", "the STOXX 600 index
# lost 0.12%": an index, share or
# price that moves, written right before how far. "Storm Ciaran closed 30 schools" is no move:
# the amount must be a share, points or money.
_MOVES = re.compile(
    r"^(?:\s+\d{2,4})?(?:\s+index)?(?:\s*\([^)]{1,12}\))?(?:\s+[A-Z0-9.=]{2,10})?"
    r"\s+(?:(?:was|is|were|had)\s+)?(?:(?:last|also|early|later)\s+)?"
    r"(?:(?:rose|rises|fell|falls|gained|gains|lost|loses|declined|declines|slipped|slumped|"
    r"climbed|added|adds|dropped|jumped|edged|eased|advanced|retreated|surged|tumbled|"
    r"plunged|sank|firmed|closed|ended|finished|trading)\s+)?"
    r"(?:(?:up|down|higher|lower|at|by|to|about|nearly|almost|some)\s+)*"
    r"(?:[$€£¥]\s?\d|\d[\d,.]*\s*(?:%|percent\b|per\s+cent\b|points?\b|basis\s+points\b"
    r"|cents?\b))")


def only_moves(text: str, spans: list[tuple[int, int]]) -> bool:
    """Whether every mention of a name is a market measure moving ("the Dow fell 102
    points"): a thing that is measured, not a party that acts."""
    return bool(spans) and all(_MOVES.match(text[end:end + 60]) for _, end in spans)


# Words for a people or a faith ("Austrians", "Muslims", "Nazis"): unnamed groups, which the
# brief does not list as actors.
_PEOPLES = re.compile(r"^(?:[A-Z][a-z]+(?:ians|ans|eans)|(?:Muslim|Christian|Jew|Catholic|"
                      r"Protestant|Sunni|Shiite|Hindu|Buddhist|Sikh|Nazi)s?|Shia)$")


def a_people(name: str) -> bool:
    """Whether a one-word name is a word for a people or a faith, not a party."""
    return _PEOPLES.match(name) is not None
