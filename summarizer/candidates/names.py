"""Names the article uses: capitalised spans, grouped into one candidate per referent.

No statistical tagger is available offline, so names are found by their shape: runs of
capitalised words, joined by the small words names contain ("Bank of America", "Abu Bakr
al-Baghdadi") and by the joins of ``compound_names`` ("Procter & Gamble", "U.S. Attorney's
Office", "Food and Drug Administration"), with titles moved out ("President Donald Trump"
gives "Donald Trump", and the title is kept as a hint of the role; "Apple CEO Tim Cook" is a
company and a person). A word that opens a sentence counts only if the
article also capitalises it elsewhere, or never writes it in lower case. Forms of one
referent ("Kevin Mayer", "Mayer"; "Syrian Democratic Forces", "SDF") become one candidate
with aliases. Whether a candidate is a person, an organisation or a place is the model's
call; the finder only promises that every name is offered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from summarizer.candidates.compound_names import (
    credit_line,
    joins_on,
    names_two_things,
    office_possessor,
    post_holder_split,
)
from summarizer.candidates.countries import is_country
from summarizer.candidates.sentences import Sentence, title_case_line
from summarizer.candidates.states import is_state, state_named

# Capitalised words that are not names on their own.
_NOT_NAMES = {
    "a",
    "an",
    "the",
    "and",
    "or",
    "but",
    "if",
    "in",
    "on",
    "at",
    "to",
    "of",
    "for",
    "by",
    "with",
    "from",
    "as",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "their",
    "our",
    "my",
    "this",
    "that",
    "these",
    "those",
    "there",
    "here",
    "what",
    "when",
    "where",
    "who",
    "why",
    "how",
    "which",
    "while",
    "after",
    "before",
    "since",
    "though",
    "although",
    "because",
    "so",
    "yet",
    "also",
    "still",
    "now",
    "then",
    "not",
    "no",
    "yes",
    "all",
    "some",
    "many",
    "most",
    "more",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "first",
    "second",
    "third",
    "last",
    "next",
    "new",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "today",
    "yesterday",
    "tomorrow",
    "read",
    "photo",
    "video",
    "image",
    "getty",
    "images",
    "file",
    "advertisement",
    "related",
    "click",
    "share",
    "follow",
    "subscribe",
    "update",
    "updated",
    "breaking",
    "news",
    "according",
    "meanwhile",
    "however",
    "despite",
    "during",
    "under",
    "over",
    "about",
    "roughly",
    "nearly",
    "approximately",
    "almost",
    "only",
    "just",
    "even",
    "another",
    "other",
    "each",
    "every",
    "both",
    "such",
    "several",
    "few",
    "former",
    "earlier",
    "later",
    "instead",
    "neither",
    "either",
    "whether",
    "unlike",
    "like",
    "amid",
    "indeed",
    "please",
    "thanks",
    "sign",
    "watch",
    "listen",
    "am",
    "pm",
    "gmt",
    "utc",
    "est",
    "pst",
    "tv",
    "ok",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "st",
    "jr",
    "sr",
    "inc",
    "ltd",
    "co",
    "corp",
    "llc",
    "plc",
}
# Titles and ranks that precede a name: moved out of the name, kept as a role hint.
TITLES = {
    "president",
    "vice",
    "prime",
    "minister",
    "secretary",
    "chancellor",
    "governor",
    "gov",
    "senator",
    "sen",
    "representative",
    "rep",
    "congressman",
    "congresswoman",
    "mayor",
    "judge",
    "justice",
    "attorney",
    "general",
    "gen",
    "lt",
    "col",
    "colonel",
    "maj",
    "major",
    "capt",
    "captain",
    "sgt",
    "sergeant",
    "adm",
    "admiral",
    "commander",
    "chief",
    "officer",
    "director",
    "deputy",
    "ambassador",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "chairman",
    "chairwoman",
    "chair",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "sheikh",
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "lord",
    "lady",
    "coach",
    "executive",
    "analyst",
    "reporter",
    "detective",
    "sheriff",
    "police",
    "u.s",
    "us",
    "former",
    "acting",
    "interim",
    "late",
    "gubernatorial",
    "presidential",
    "democratic",
    "republican",
    "candidate",
    "founder",
    "head",
    "leader",
    "commissioner",
    "inspector",
    "superintendent",
    "trooper",
    "agent",
    "pastor",
    "rev",
    "father",
    "bishop",
    "cardinal",
    "rabbi",
    "imam",
    "emir",
    "sultan",
    "defense",
    "defence",
    "foreign",
    "interior",
    "finance",
    "health",
    "state",
    "house",
    "senate",
    "speaker",
    "sens",
    "reps",
    "cmdr",
    "lt.",
    "spc",
    "pfc",
    "cpl",
    "supt",
    "majority",
    "minority",
    "whip",
    "ceo",
    "cfo",
    "coo",
    "cto",
    "manager",
    "economist",
    "strategist",
    "u.n",
    "un",
}
# Small words allowed inside a name when capitalised words stand on both sides.
_JOINERS = {
    "of",
    "for",
    "de",
    "del",
    "da",
    "di",
    "du",
    "la",
    "le",
    "van",
    "von",
    "der",
    "den",
    "bin",
    "ibn",
    "am",
    "al",
    "el",
    "&",
}
# Lower-case nouns that make a capitalised adjective a body that acts: "Afghan government".
_BODIES = {
    "government",
    "military",
    "army",
    "navy",
    "police",
    "forces",
    "troops",
    "authorities",
    "officials",
    "ministry",
    "administration",
    "parliament",
    "court",
    "embassy",
    "regime",
    "coalition",
    "team",
    "rebels",
    "militants",
    "protesters",
    "prosecutors",
    "lawmakers",
    "regulators",
    "investigators",
    "guard",
    "office",
    "department",
    "agency",
    "council",
    "committee",
    "members",
    "party",
}
# Between a name and its body stand at most two describing words ("US service members",
# "China's commerce ministry"), never a function word or a verb: "Kristi Noem launched the
# campaign" is no body.
_NOT_DESCRIBING = ("the|a|an|its|his|her|their|our|this|that|to|and|or|of|in|on|at|for|by|"
                   "with|as|is|was|are|were|has|had|have|will|would|said|says|says|told")
_BODY_AFTER = re.compile(r"\s+(?:(?!(?:" + _NOT_DESCRIBING + r")\b)[a-z]+(?<!ed)\s+){0,2}(?:"
                         + "|".join(sorted(_BODIES)) + r")\b")

_WORD = re.compile(r"[A-Za-z0-9][\w'’.&]*(?:-[\w'’.&]+)*")
_NAME_PREFIX = re.compile(r"^(?:al|el|bin|ibn|de|van|von|d’|d')-?[A-Z]")


# The only words not capitalised that a name may run across ("Bank of the West", "Food and
# Drug Administration", "Council on Foreign Relations"). Any other such word ends a name
# wherever it stands, and so does a gap with a word in it, so _tokens leaves those words
# out: most of an article's words, and a token for each was most of find_names's time. It
# keeps the word after one of these ("of", then "the" or not, is read word by word), and a
# word right after a character other than a space ("Trade--energy" may sit in a portfolio
# list, which _portfolio_list_end reads by token). After a word left out, one of these is
# no joiner either (no name reaches it), nor is the word after it: the rest of a stretch of
# words in lower case is left out with it.
_INSIDE_A_NAME = _JOINERS | {"on", "and", "the"}
# A stretch of _WORD's words in lower case (or digits) without a hyphen, each after a space,
# matched at once; its first word in group 1.
_LOWER = r"[a-z0-9][\w'’.&]*+(?!-[\w'’.&])"  # possessive: _WORD's whole word, never less
_WORD_OR_SKIP = re.compile(rf"(?<=\s)({_LOWER})(?:\s+{_LOWER})*|{_WORD.pattern}")


class _Token(NamedTuple):  # a tuple: made for every word, twice as fast as a dataclass
    start: int
    end: int
    text: str
    possessive: bool  # "Japan's": the name ends here, whatever follows


def _tokens(text: str, start: int, end: int, standalone: set[str]) -> list[_Token]:
    """Words with hyphenated compounds split where a part is a name of its own: "US-China"
    gives "US" and "China", "U.S.-backed" gives "U.S.", but "Liu-Shiu-Cheong" stays whole.
    Leaves out the words no name runs across (see _INSIDE_A_NAME)."""
    tokens: list[_Token] = []
    after_small = False  # the word before was one of _INSIDE_A_NAME
    for stretch in _WORD_OR_SKIP.finditer(text, start, end):
        if stretch.lastindex is None:
            matches: Iterable[re.Match[str]] = (stretch,)
        elif after_small or stretch.group(1).lower() in _INSIDE_A_NAME:
            matches = _WORD.finditer(text, stretch.start(), stretch.end())
        else:
            continue
        for match in matches:
            word = match.group()
            offset = match.start()
            stop = offset + len(word)
            if "-" in word:
                parts = word.split("-")
                # A lower-case word ("backed", "based") or prefix ("pro-", "ex-") is not part
                # of a name; a short lower-case syllable is ("Moon Jae-in", "Cheuk Hau-yip").
                if any(p[:1].islower() and not _NAME_PREFIX.match(p + "-A")
                       and (len(p) >= 4 or i == 0) for i, p in enumerate(parts)) \
                        or parts[0] in standalone or (parts[0].isupper() and len(parts[0]) > 1):
                    cursor = offset
                    for part in parts:
                        if part[:1].isupper():
                            tokens.append(_token(text, cursor, cursor + len(part)))
                            after_small = part.lower() in _INSIDE_A_NAME
                        cursor += len(part) + 1
                    continue
            elif not word[0].isupper() and not after_small and text[offset - 1].isspace() \
                    and word.lower() not in _INSIDE_A_NAME:
                break  # and the rest of its stretch: see _INSIDE_A_NAME
            # Only a word with a digit, or with "=" or "." before it, may be a quote code.
            if (not word.isalpha() or (offset and text[offset - 1] in "=.")
                    or text.startswith("=", stop)) and _quote_code(text, offset, stop):
                continue
            # Only a word ending in "s" or an apostrophe can be possessive: no cache lookup
            # for the others.
            tokens.append(_new_token(_Token, (offset, stop, word, word[-1] in _POSSESSIVE_ENDS
                                              and _possessive(word))))
            after_small = word.lower() in _INSIDE_A_NAME
    return tokens


# A token made without the named tuple's own __new__, a Python function: 0.1 µs a token
# against 0.2 (timeit), for every word of every sentence.
_new_token = tuple.__new__


def _quote_code(text: str, start: int, end: int) -> bool:
    """A market quote code, not a word: glued to "=" ("GBP=", "US10YT=RR"), opened by a
    lone dot (".DXY"), or capitals then digits ("CMCU3")."""
    if text[end:end + 1] == "=" or text[start - 1:start] == "=":
        return True
    if _TICKER.match(text, start, end) and _AFTER_A_NAME.search(text, max(0, start - 40), start):
        return True  # "London Metal Exchange CMAL3", "Nikkei N225": the code after the name
    return text[start - 1:start] == "." and (start < 2 or text[start - 2].isspace())


def _token(text: str, start: int, end: int) -> _Token:
    word = text[start:end]
    return _Token(start, end, word, _possessive(word))


_POSSESSIVE_ENDS = "s'’"


@lru_cache(maxsize=8192)  # pure, and called for every word again and again
def _possessive(word: str) -> bool:
    return re.search(r"['’]s?$", word) is not None and not _is_initialism(word)


@dataclass
class NameCandidate:
    """One referent: its fullest form, other forms, and every span where a form occurs."""

    name: str
    forms: list[str]
    spans: list[tuple[int, int]]
    titles: list[str] = field(default_factory=list)

    @property
    def aliases(self) -> list[str]:
        return [f for f in self.forms if f != self.name]


@lru_cache(maxsize=8192)  # pure, and called for every word again and again
def _clean(word: str) -> str:
    return re.sub(r"(?:['’]s|['’])$", "", word).rstrip(".,") if not _is_initialism(word) else word


@lru_cache(maxsize=8192)  # pure, and called for every word again and again
def _is_initialism(word: str) -> bool:
    return bool(re.fullmatch(r"(?:[A-Z]\.){2,}", word))


@lru_cache(maxsize=8192)  # pure, and called for every word again and again
def _capitalised(word: str) -> bool:
    return word[:1].isupper() or bool(re.match(r"(?:al|el|bin|ibn|de|van|von)-[A-Z]", word))


def _lowercase_words(text: str) -> set[str]:
    return set(_LOWERCASE_WORD.findall(text))  # no Match object a word


# r"\b[a-z][a-z'’-]*\b": before a letter, "\b" is "no word character"; the letter written
# first, the engine looks for it directly (a third faster).
_LOWERCASE_WORD = re.compile(r"[a-z](?<!\w[a-z])[a-z'’-]*\b")


def _capitalised_inside(text: str, sentences: list[Sentence]) -> set[str]:
    """Capitalised words the article uses inside sentences, where a capital means a name."""
    capitalised: set[str] = set()
    for sentence in sentences:
        capitalised.update(_CAPITALISED_AFTER_THE_FIRST.findall(sentence.text))
    capitalised.discard("")  # the end of a sentence
    return set(map(_clean, capitalised))


# The capitalised ones of r"[A-Za-z][\w'’.-]*"'s words but the first ("iPhone" is a word
# in lower case). A match skips the sentence's first word (at its start), then words in
# lower case and what is no word at once, and ends on a capitalised word or the sentence's
# end (""): a match for each capitalised word, not one for every word (0.10 -> 0.09 ms an
# article; tests/test_names_scan.py compares it with the words one by one).
_CAPITALISED_AFTER_THE_FIRST = re.compile(
    r"(?:^[^A-Za-z]*+[A-Za-z][\w'’.-]*+)?(?:[a-z][\w'’.-]*+|[^A-Za-z]++)*+"
    r"(?:([A-Z][\w'’.-]*)|\Z)")


def _written_lower(word: str, lowercase: set[str]) -> bool:
    """Whether the article writes this word (or its plural or singular) in lower case."""
    return word in lowercase or word + "s" in lowercase or word.rstrip("s") in lowercase


class _Span(NamedTuple):  # a tuple: a frozen dataclass is slow to make
    start: int
    end: int
    text: str
    title: str


def _spans_in(
    text: str, sentence: Sentence, lowercase: set[str], standalone: set[str], inside: set[str]
) -> list[_Span]:
    words = _tokens(text, sentence.start, sentence.end, standalone)
    opening = _opening(text, sentence)
    spans: list[_Span] = []
    index = 0
    while index < len(words):
        if not _capitalised(words[index].text):
            index += 1
            continue
        first = last = index
        probe = index + 1
        while probe < len(words) and _runs_on(words[last]):
            gap = text[words[probe - 1].end : words[probe].start].strip()
            nxt = words[probe].text
            if gap == "&" and _capitalised(nxt):
                last = probe  # "Procter & Gamble"
                probe += 1
                continue
            if gap:
                break  # punctuation between words ends a name
            if _capitalised(nxt):
                last = probe
                probe += 1
                continue
            joiner = _joiner_length(words, probe)
            if joiner:
                probe += joiner
                continue
            agency_end = _agency_end(text, words, first, last, probe)
            if agency_end:
                last = agency_end
                probe = agency_end + 1
                continue
            break
        if last > first:  # one word heads no portfolio list
            last = _portfolio_list_end(text, words, first, last)
        for group in _readings(text, words[first : last + 1], standalone):
            spans.extend(_trim(text, group, opening, lowercase, inside))
        index = last + 1
    return spans


def _opening(text: str, sentence: Sentence) -> int:
    """The offset of the sentence's first character that is no space, quote mark or
    bracket: a word starting at or before it opens the sentence."""
    at = sentence.start
    while at < sentence.end and text[at] in " \"'“‘(":
        at += 1
    return at


def _runs_on(word: _Token) -> bool:
    """Whether a name may go on after this word: not after an owner's possessive."""
    return not word.possessive or office_possessor(word.text)


def _agency_end(text: str, words: list[_Token], first: int, last: int, at: int) -> int:
    """The index of the last word of an agency named for two things when "and" at ``at``
    continues the one or two words before it ("Food and Drug Administration"); 0 when it
    does not."""
    if words[at].text != "and":
        return 0
    if _portfolio_heads(words, first, last):
        return 0  # "Department of Health and Human Services": a portfolio list, read later
    # The words since the name's last small word: "Customs" in "Officers of Customs".
    first = max([first] + [i + 1 for i in range(first, last) if not _capitalised(words[i].text)])
    if last - first > 1 or any(w.possessive for w in words[first:last + 1]):
        return 0
    end = at
    while end + 1 < len(words) and end - at < 3 and _capitalised(words[end + 1].text) \
            and not text[words[end].end:words[end + 1].start].strip():
        end += 1
        if words[end].possessive:
            return 0
    left = text[words[first].start:words[last].end]
    right = text[words[at + 1].start:words[end].end].rstrip(".,;:") if end > at else ""
    return end if names_two_things(text, left, right) else 0


# Posts that, written between a body's name and a person's, split the two: "Disney Chief
# Executive Bob Iger", "Fort Worth Police Chief Ed Kraus".
_POSTS = {"ceo", "cfo", "coo", "cto", "chief", "chairman", "chairwoman", "chair", "president",
          "director", "spokesman", "spokeswoman", "spokesperson", "minister", "secretary",
          "governor", "mayor", "commissioner", "ambassador", "leader", "coach", "manager",
          "founder", "analyst", "economist", "strategist", "head", "sheriff", "superintendent",
          "commander", "judge", "prosecutor", "inspector", "detective"}
_NAME_PARTICLES = {"de", "del", "da", "di", "du", "la", "le", "van", "von", "der", "den", "bin",
                   "ibn", "al", "el"}


def _title_inside(words: list[_Token]) -> int:
    """Where a post begins inside a run that names a body, then the post, then a person
    ("Apple CEO Tim Cook" gives 1); 0 when the run is not of that shape."""
    for at in range(1, len(words) - 1):
        if _clean(words[at].text).lower() not in _POSTS or words[at - 1].possessive:
            continue
        rest = at + 1
        while rest < len(words) and _clean(words[rest].text).lower() in TITLES:
            rest += 1
        person = [_clean(w.text) for w in words[rest:]]
        if 1 <= len(person) <= 4 and all(
                w.lower() in _NAME_PARTICLES or (w[:1].isupper() and w.lower() not in
                                                 _NO_PERSON_WORDS)
                for w in person):
            # The post's own first words go with it: "British Prime Minister Boris Johnson".
            while at > 0 and _clean(words[at - 1].text).lower() in TITLES:
                at -= 1
            return at  # 0 when titles alone come before: "Vice President Joe Biden"
        return 0
    return 0


def _readings(text: str, words: list[_Token], standalone: set[str]) -> list[list[_Token]]:
    """The name as written, and the names it may contain: "Owen Dempsey of the Aberdeen
    Royal Infirmary" is a person and a hospital; "Japan's Nikkei" is two names; "ambassador
    to Britain Liu Xiaoming" names a country and a person."""
    if len(words) == 1:
        return [words]  # most names: no reading but itself
    country = post_holder_split(text, words[0].start, [_clean(w.text) for w in words])
    if country:
        return [words[:country], words[country:]]
    title = _title_inside(words)
    if title:
        return [words[:title], words[title:]]  # "Apple CEO Tim Cook": a company and a person
    readings = [words]
    for at, word in enumerate(words[:-1]):
        if word.possessive and office_possessor(word.text):
            continue  # "U.S. Attorney's Office", "People's Liberation Army": one name
        if word.possessive:
            readings = [words[: at + 1], words[at + 1 :]]
            if _clean(word.text) not in standalone:
                readings.append(words)  # "People's Liberation Army" is one name
            return readings
    for at, word in enumerate(words):
        if word.text.lower() == "of" and at >= 2:
            after = (
                at + 2 if at + 1 < len(words) and words[at + 1].text.lower() == "the" else at + 1
            )
            if any(_clean(w.text).lower() in _INSTITUTION_WORDS for w in words[:at]):
                break  # "Joint Chiefs of Staff", "Bank of America": one name
            # "Owen Dempsey of the Aberdeen Royal Infirmary": a person and a place of work,
            # not one name.
            return [words[:at], words[after:]]
    return readings


# A body named for several portfolios lists them: "Ministry of Trade, Industry and Energy",
# "Department of Health and Human Services". Each item is one or two capitalised words, and
# the list ends on "and" and an item that no capitalised word follows.
_PORTFOLIO_HEADS = {"ministry", "department", "bureau", "office", "secretary", "committee",
                    "commission", "council", "institute", "school", "college", "agency", "board",
                    "center", "centers", "centre", "centres", "organization", "organisation"}
_ITEM = r"[A-Z][\w’'-]*(?:\s[A-Z][\w’'-]*)?"
_PORTFOLIO_LIST = re.compile(rf"(?:,\s{_ITEM})*,?\sand\s{_ITEM}(?![\w’'-]|\s[A-Z])")


def _portfolio_heads(words: list[_Token], first: int, last: int) -> bool:
    """Whether the name opens a portfolio list: a head word then "of" or "for"."""
    return any(_clean(words[i].text).lower() in _PORTFOLIO_HEADS
               and words[i + 1].text.lower() in ("of", "for") for i in range(first, last))


def _portfolio_list_end(text: str, words: list[_Token], first: int, last: int) -> int:
    """The index of the last word of a portfolio list that continues the name ending at
    ``words[last]``; ``last`` itself when none does."""
    if not _portfolio_heads(words, first, last) or words[last].possessive:
        return last
    match = _PORTFOLIO_LIST.match(text, words[last].end)
    if match is None:
        return last
    while last + 1 < len(words) and words[last + 1].end <= match.end():
        last += 1
    return last


def _joiner_length(words: list[_Token], at: int) -> int:
    """How many small words at ``at`` sit inside a name ("Bank of the West", "Abu Bakr
    al Baghdadi"), 0 when none do. "and" and a bare "the" never join: "Booker and Harris",
    "told Reuters the Army" are two names each."""
    low = words[at].text.lower()
    if low == "on" and 0 < at < len(words) - 1 and joins_on(words[at - 1].text,
                                                            words[at + 1].text):
        return 1 if _capitalised(words[at + 1].text) else 0
    if low not in _JOINERS:
        return 0
    length = (
        2
        if low in ("of", "for") and at + 1 < len(words) and words[at + 1].text.lower() == "the"
        else 1
    )
    following = at + length
    if following < len(words) and _capitalised(words[following].text):
        return length
    return 0


def _trim(
    text: str, words: list[_Token], opening: int, lowercase: set[str], inside: set[str]
) -> list[_Span]:
    """Drop sentence-initial common words and leading titles; split off the title. A word
    that starts at or before ``opening`` (see _opening) opens its sentence."""
    kept = list(words)
    title_words: list[str] = []
    while kept:
        token = _clean(kept[0].text)
        low = token.lower()
        opens_sentence = kept[0].start <= opening
        opens_name = low in _NAME_OPENERS and len(kept) > 1
        calls = low in _CALLS and (opens_sentence or _opens_quote(text, kept[0].start))
        # "Bank of America said", "University of Michigan researchers": a body's name opens
        # the sentence ("Residents of Baghuz" does not: residents are no body).
        body_of = (low in _BODY_WORDS and len(kept) > 2
                   and kept[1].text.lower() in ("of", "for"))
        if (low in _NOT_NAMES and not opens_name) or calls or (
            opens_sentence and not body_of and (_common_opener(token, lowercase) or (
                (len(kept) == 1 or kept[1].text.lower() in _JOINERS) and not kept[0].possessive
                and token not in inside and not is_country([token])
                and not _acronym(token, text[kept[0].end:kept[0].end + 1], lowercase)))
            and not _written_inside(text, kept)
        ):
            kept.pop(0)
            title_words = []
            continue
        if low.rstrip(".") in TITLES and len(kept) > 1 and not kept[0].possessive \
                and not _names_a_body(kept[1]):
            title_words.append(token)
            kept.pop(0)
            continue
        break
    while kept and _clean(kept[-1].text).lower() in _NO_LAST_WORD:
        kept.pop()
    if not kept:
        return []
    start = kept[0].start
    raw_end = kept[-1].end
    name = _clean(text[start:raw_end])
    end = start + len(name)
    if len(name) < 2 or not any(map(str.isalpha, name)) or (name.isupper() and len(name) > 8):
        return []
    spans = [_Span(start, end, name, " ".join(title_words))]
    if len(kept) <= 2 and (body := _BODY_AFTER.match(text, raw_end, raw_end + 40)):
        full_end = body.end()
        spans.append(_Span(start, full_end, text[start:full_end], ""))
    return spans


def _acronym(word: str, following: str, lowercase: set[str]) -> bool:
    """Capitals only ("VOA", "NATO"): a name even where only a sentence opens with it; not
    a word shouted ("Get. It. OUT,") or a label ("DOI: 10.1007/..."), which no word
    follows."""
    return (len(word) >= 2 and word.isalpha() and word.isupper() and following == " "
            and not _written_lower(word.lower(), lowercase))


def _names_a_body(word: _Token) -> bool:
    """Whether a word after a title-like word makes it part of a body's name: "Foreign
    Ministry", "Senate Committee", "U.S. Attorney's Office" (but "Foreign Minister Wang Yi"
    is a title and a name)."""
    if word.possessive:
        return office_possessor(word.text)
    return _clean(word.text).lower() in _BODY_WORDS


def _opens_quote(text: str, start: int) -> bool:
    return re.search(r"[“\"‘]$", text[max(0, start - 1):start]) is not None


def _written_inside(text: str, kept: list[_Token]) -> bool:
    """Whether the article also writes a sentence's first two words together inside a
    sentence: "New York man pleads guilty" opens with a name the article writes "of New
    York" elsewhere."""
    if len(kept) < 2:
        return False
    pair = re.escape(kept[0].text) + r"\s+" + re.escape(_clean(kept[1].text))
    return re.search(r"[a-z,;:] +" + pair + r"\b", text) is not None


def _common_opener(word: str, lowercase: set[str]) -> bool:
    """A sentence's first word that is not a name: written in lower case elsewhere, a
    participle ("Launching"), or a contraction ("Don't")."""
    low = word.lower()
    return _written_lower(low, lowercase) or low.endswith("ing") or "’" in word or "'" in word


_DEMONYM = re.compile(r"(?:an|ian|ese|ish|ern|ic|i|ch)s?$")
_VERBS = {"said", "says", "has", "have", "had", "is", "are", "was", "were", "will", "would",
          "could", "can", "announced", "told", "did", "does", "plans", "wants", "added"}


def _only_adjective(candidate: NameCandidate, text: str) -> bool:
    """A nationality or adjective ("Afghan", "Western", "Americans") rather than a name: one
    word of that shape that never acts (is never followed by a verb such as "said") and is
    never a place ("in Iran"). Forms with a body ("Afghan government") are kept apart."""
    if len(candidate.forms) > 1 or " " in candidate.name or not _DEMONYM.search(candidate.name):
        return False
    for start, end in candidate.spans:
        following = re.match(r"\s+([A-Za-z']+)", text[end:end + 30])
        preceding = text[max(0, start - 6):start].strip().lower()
        if preceding.endswith(("in", "to", "from", "of")):
            return False
        if following is None or following.group(1).lower() in _VERBS:
            return False
        if following.group(1)[0].isupper():
            return False
    return True


# Nouns that make a capitalised run an institution's name, and that alone are no name at
# all ("the Department", "the Agency" stand for a name given elsewhere).
_INSTITUTION_WORDS = {
    "agency", "academy", "administration", "army", "association", "authority", "bank", "board",
    "bureau", "center", "centre", "chiefs", "church", "college", "commission", "committee",
    "company", "corporation", "council", "court", "department", "division", "federation",
    "force", "forces", "foundation", "fund", "guard", "hospital", "institute", "league",
    "ministry", "office", "organization", "organisation", "party", "school", "service",
    "society", "union", "university", "federal", "attorney", "people", "national", "general",
    "state", "government", "district", "county",
}
# Institution words that also continue a title: "Attorney General William Barr".
_TITLE_PARTS = {"general", "attorney", "people", "national", "federal", "state", "district",
                "county", "chiefs"}
_BODY_WORDS = _INSTITUTION_WORDS - _TITLE_PARTS  # institution words that continue no title
_NO_PERSON_WORDS = _INSTITUTION_WORDS | _NOT_NAMES
# Interjections and imperatives that open a sentence before a name: "Hey Twitter",
# "Remember New Jersey's slogan", "Welcome Jose", "Let's".
_CALLS = {"hey", "hi", "hello", "dear", "remember", "meet", "welcome", "imagine", "enter",
          "thank", "thanks", "congratulations", "congrats", "let", "join", "ask", "tell"}
# Words of that list that may open a name ("New York", "St. Louis") or close one ("Fox
# News").
_NAME_OPENERS = {"new", "st"}
_NAME_CLOSERS = {"news"}
# Small words a name does not end on; built once (_trim built it for every name it trimmed).
_NO_LAST_WORD = _JOINERS | _NOT_NAMES - _NAME_CLOSERS
# Titles that stand alone for a person named elsewhere ("the President said").
_LONE_TITLES = {
    "president", "minister", "secretary", "chancellor", "governor", "senator", "mayor",
    "judge", "justice", "commander", "chief", "director", "ambassador", "spokesman",
    "spokeswoman", "chairman", "king", "queen", "prince", "pope", "coach", "sheriff",
    "detective", "officer", "captain", "sergeant", "professor", "ceo", "cfo", "coo", "cto",
}
# Codes that name no one: tickers ("N225", "US10YT"), party and state tags ("R-Neb.").
_CODE = re.compile(r"^(?=.*\d)[A-Z0-9.]+$|^[RDI]-[A-Z][A-Za-z.]*$")


_TICKER = re.compile(r"[A-Z]+[0-9][A-Z0-9]*(?![\w-])")
_AFTER_A_NAME = re.compile(r"(?<![\w’'.&-])(?!(?:The|A|An|This|That|These|Its|Their|Our|His|Her) )"
                           r"[A-Z][\w’'.&-]* $")
# A contraction ("I'm", "Don't", "We're") opens no name.
_CONTRACTION = re.compile(r"^(?:\w+(?:n['’]t|['’](?:m|re|ve|ll|d))|let['’]s?)\b", re.IGNORECASE)


def _machine_token(candidate: NameCandidate, text: str) -> bool:
    """Link paths, handles and hashtags ("pic.twitter.com/Nc0nKoXGBP", "@SpursOfficial",
    "#MethWeAreOnIt"): written after "/", "@" or "#", or with digits among lower-case
    letters."""
    if all(text[max(0, s - 1):s] in ("/", "@", "#") for s, _ in candidate.spans):
        return True
    return any(not word.isalpha() and any(c.isdigit() for c in word)
               and any(c.islower() for c in word) for word in candidate.name.split())


def _no_name(candidate: NameCandidate, text: str) -> bool:
    """A candidate that is not a name: a generic institution word alone, a code, a
    contraction, a link or handle, or a capitalised token written only in brackets right
    after a name (a ticker, "(KOSPI)")."""
    if len(candidate.forms) == 1 and (candidate.name.lower() in _INSTITUTION_WORDS
                                      or candidate.name.lower() in _LONE_TITLES):
        return True  # "the Department", "President": a word that stands for a name
    if _CODE.match(candidate.name) or _CONTRACTION.match(candidate.name):
        return True
    if _machine_token(candidate, text):
        return True
    return candidate.name.isupper() and all(
        text[max(0, s - 2):s].endswith(("(", "(.")) and text[e:e + 1] == ")"
        for s, e in candidate.spans)


# Capitalised words that stand alone, not in a hyphenated compound: r"(?<![\w-])[A-Z]...",
# with the capital first so that the engine looks for it directly.
_STANDALONE = re.compile(r"[A-Z](?<![\w-][A-Z])[\w.]*(?![\w-])")


def find_names(
    text: str, sentences: list[Sentence], excluded: list[tuple[int, int]] | None = None,
    dateline: tuple[int, int] | None = None,
) -> list[NameCandidate]:
    """Every name the article uses, one candidate per referent, in order of first use. The
    dateline's place, when given, is one name as written ("NEW YORK", not "YORK")."""
    lowercase = _lowercase_words(text)
    standalone = set(_STANDALONE.findall(text))
    standalone |= {w.rstrip(".") for w in standalone}
    inside = _capitalised_inside(text, sentences)
    spans: list[_Span] = []
    for sentence in sentences:
        if title_case_line(sentence.text) or credit_line(sentence.text):
            continue
        if excluded and any(s <= sentence.start < e for s, e in excluded):
            continue
        spans.extend(_spans_in(text, sentence, lowercase, standalone, inside))
    if dateline is not None:
        start, end = dateline
        spans = [_Span(start, end, text[start:end], "")] + [
            s for s in spans if s.end <= start or s.start >= end]
    found = [c for c in _group(spans) if not _only_adjective(c, text) and not _no_name(c, text)]
    return _without_openers(found, text, sentences)


def _without_openers(found: list[NameCandidate], text: str,
                     sentences: list[Sentence]) -> list[NameCandidate]:
    """Drop "Remember New Jersey" and "Enter South Dakota": a sentence's first word glued
    to a name the article also writes alone, seen only at the start of a sentence."""
    names = {form for c in found for form in c.forms}
    openings = {s.start + len(s.text) - len(s.text.lstrip(" \"'“‘(")) for s in sentences}
    kept = []
    for candidate in found:
        first, _, rest = candidate.name.partition(" ")
        if rest in names and first.isalpha() and len(candidate.forms) == 1 and \
                all(start in openings for start, _ in candidate.spans):
            continue
        kept.append(candidate)
    return kept


# Forms of one place or body that share no letters to match on: "U.S." and "United
# States", "Britain" and "UK". A form starting with one is keyed as if written in full, so
# "US troops" and "United States troops" are one referent.
_STANDARD_FORMS = {
    "us": "united states", "u s": "united states", "usa": "united states",
    "u s a": "united states", "united states of america": "united states",
    "uk": "united kingdom", "u k": "united kingdom", "britain": "united kingdom",
    "great britain": "united kingdom", "un": "united nations", "u n": "united nations",
    "eu": "european union", "e u": "european union", "uae": "united arab emirates",
    "u a e": "united arab emirates",
}
_STANDARD_START = re.compile(
    r"^(" + "|".join(sorted(map(re.escape, _STANDARD_FORMS), key=len, reverse=True)) + r")\b")


@lru_cache(maxsize=8192)  # pure, and asked of every span and again as forms merge
def _key(form: str) -> str:
    key = re.sub(r"[^\w]+", " ", form.casefold()).strip()
    return _STANDARD_START.sub(lambda m: _STANDARD_FORMS[m.group(1)], key)


@lru_cache(maxsize=8192)  # pure, and asked of every longer name for every acronym
def _initials(form: str) -> tuple[str, str]:
    """A name's initials without its small words ("SDF"), and with them ("VOA" for "Voice
    of America")."""
    words = [w for w in re.split(r"[\s-]+", form) if w and w[0].isalpha()]
    bare = "".join(w[0] for w in words if w.lower() not in _JOINERS | {"and", "on", "the"})
    joined = "".join(w[0] for w in words if w.lower() != "the")
    return bare.upper(), joined.upper()


def _group(spans: list[_Span]) -> list[NameCandidate]:
    by_key: dict[str, NameCandidate] = {}
    order: list[NameCandidate] = []
    for span in spans:
        key = _key(span.text)
        if not key:
            continue
        candidate = by_key.get(key)
        if candidate is None:
            candidate = NameCandidate(span.text, [span.text], [])
            by_key[key] = candidate
            order.append(candidate)
        candidate.spans.append((span.start, span.end))
        if candidate.name.isupper() and len(candidate.name) > 3 and not span.text.isupper():
            # "HANOI" from a dateline: show the article's own "Hanoi" where it has one
            candidate.forms[candidate.forms.index(candidate.name)] = span.text
            candidate.name = span.text
        if span.title and span.title not in candidate.titles:
            candidate.titles.append(span.title)
    return _merge_forms(order)


def _merge_forms(candidates: list[NameCandidate]) -> list[NameCandidate]:
    """Fold short forms into the referent they stand for: a surname into the one full name
    ending in it, an acronym into the one name whose initials it spells."""
    merged: list[NameCandidate] = []
    owners = _Owners()
    for candidate in sorted(candidates, key=lambda c: -len(c.name.split())):
        target = _owner(candidate, owners)
        if target is None:
            merged.append(candidate)
            owners.add(candidate)
            continue
        target.forms.append(candidate.name)
        target.spans.extend(candidate.spans)
        target.titles.extend(t for t in candidate.titles if t not in target.titles)
    for candidate in merged:
        candidate.spans.sort()
    merged.sort(key=lambda c: c.spans[0][0])
    return merged


class _Owners:
    """The names a shorter form may stand for, longest first, with their words; and the
    first and last words among them, so that a one-word form that is neither (most of
    them) is settled without going through the names."""

    def __init__(self) -> None:
        self.names: list[tuple[NameCandidate, tuple[str, ...]]] = []
        self.first_words: set[str] = set()
        self.last_words: set[str] = set()

    def add(self, candidate: NameCandidate) -> None:
        words = tuple(candidate.name.split())
        self.names.append((candidate, words))
        if words:
            self.first_words.add(words[0])
            self.last_words.add(words[-1])


@lru_cache(maxsize=8192)  # pure; _owner asks it of each longer name for each short one
def _person_shaped(words: tuple[str, ...]) -> bool:
    """Whether a name could end in a surname: no small joining word and no institution
    word ("Diplomatic Academy of Vietnam" does not shorten to "Vietnam", nor "Office for the
    Western District of New York" to "York")."""
    return not any(w.lower() in _JOINERS or _clean(w).lower() in _INSTITUTION_WORDS
                   for w in words)


# Small words after which a name's first word stands for all of it ("Braunau am Inn").
_NAME_TAIL_JOINERS = {"am", "an", "upon", "de", "del", "da", "do", "dos", "das"}
# First words of a place that holds another: "East Los Angeles", "Upstate New York".
_PLACE_QUALIFIERS = {"north", "south", "east", "west", "northern", "southern", "eastern",
                     "western", "central", "upper", "lower", "greater", "upstate", "downtown",
                     "new", "old", "inner", "outer"}


def _two_word_surname(short: str, full: tuple[str, ...]) -> bool:
    """Whether a two-word form is the surname of a three-word person's name, not a place
    inside a larger place."""
    return (_person_shaped(full) and all(w.isalpha() and w[0].isupper() for w in full)
            and full[0].lower() not in _PLACE_QUALIFIERS
            and not any(w.lower() in _PLACE_QUALIFIERS for w in full[1:])
            and not is_country([short]) and not is_state(short))


def _owner(short: NameCandidate, longer: _Owners) -> NameCandidate | None:
    """The one name, of those with more words than ``short``, that ``short`` stands for;
    ``longer`` holds names with their words, in order of fewest words last."""
    words = tuple(short.name.split())
    count = len(words)
    if count > 2:
        return None  # every form below is of one or two words
    one = count == 1
    state = state_named(short.name) if one else None
    letters = re.sub(r"[^A-Za-z]", "", short.name) if one and short.name.isupper() else ""
    acronym = 2 <= len(letters) <= 6
    if one and state is None and not acronym and words[0] not in longer.last_words \
            and words[0] not in longer.first_words:
        return None  # no name below ends or starts with it
    owners: list[NameCandidate] = []
    for candidate, full in longer.names:
        if len(full) <= count:
            break  # as have all after it: longer comes longest first
        if state == candidate.name:
            return candidate  # "S.D." for "South Dakota", though "South Dakotans" is SD too
        if one and full[-1] == words[0] and len(words[0]) >= 3:
            if _person_shaped(full):
                owners.append(candidate)  # "Mayer" for "Kevin Mayer"
        elif one and len(full) >= 3 and full[0] == words[0] and full[1] in _NAME_TAIL_JOINERS:
            owners.append(candidate)  # "Braunau" for "Braunau am Inn", "Rio" for "Rio de Janeiro"
        elif len(words) == 2 and full[1:] == words and _two_word_surname(short.name, full):
            owners.append(candidate)  # "Hawk Sawyer" for "Kathleen Hawk Sawyer"
        elif acronym and letters.upper() in _initials(candidate.name):
            owners.append(candidate)  # "SDF" for "Syrian Democratic Forces"
        # No other owner: "Afghan" and "Afghan government" are different referents.
    return owners[0] if len(owners) == 1 else None
