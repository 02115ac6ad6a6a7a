"""Places: which location names a query may filter by, and where each posting is.

The gazetteer is the places seen in postings' locations plus a small region map, so `europe`
finds a Berlin posting and `us` finds one in Austin, TX. Place keys are lowercase canonical
names (`san francisco`, `california`, `us`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from jobbot.search.analyzer import STOPWORDS, normalize

US_STATES: dict[str, str] = {
    "al": "alabama", "ak": "alaska", "az": "arizona", "ar": "arkansas", "ca": "california",
    "co": "colorado", "ct": "connecticut", "de": "delaware", "fl": "florida", "ga": "georgia",
    "hi": "hawaii", "id": "idaho", "il": "illinois", "in": "indiana", "ia": "iowa",
    "ks": "kansas", "ky": "kentucky", "la": "louisiana", "me": "maine", "md": "maryland",
    "ma": "massachusetts", "mi": "michigan", "mn": "minnesota", "ms": "mississippi",
    "mo": "missouri", "mt": "montana", "ne": "nebraska", "nv": "nevada", "nh": "new hampshire",
    "nj": "new jersey", "nm": "new mexico", "ny": "new york", "nc": "north carolina",
    "nd": "north dakota", "oh": "ohio", "ok": "oklahoma", "or": "oregon", "pa": "pennsylvania",
    "ri": "rhode island", "sc": "south carolina", "sd": "south dakota", "tn": "tennessee",
    "tx": "texas", "ut": "utah", "vt": "vermont", "va": "virginia", "wa": "washington",
    "wv": "west virginia", "wi": "wisconsin", "wy": "wyoming", "dc": "district of columbia",
}  # fmt: skip

# region → the places inside it (one level; containment is followed transitively).
REGIONS: dict[str, tuple[str, ...]] = {
    "europe": (
        "germany", "uk", "ireland", "netherlands", "france", "spain", "portugal", "italy",
        "poland", "sweden", "denmark", "norway", "finland", "switzerland", "austria",
        "belgium", "czechia", "estonia", "lithuania", "romania", "greece",
    ),
    "uk": ("england", "scotland", "wales", "london", "manchester", "edinburgh", "bristol",
           "cambridge", "oxford", "glasgow", "leeds"),
    "germany": ("berlin", "munich", "hamburg", "frankfurt", "cologne", "stuttgart"),
    "netherlands": ("amsterdam", "rotterdam", "utrecht", "eindhoven"),
    "france": ("paris", "lyon"),
    "spain": ("madrid", "barcelona"),
    "portugal": ("lisbon", "porto"),
    "ireland": ("dublin",),
    "poland": ("warsaw", "krakow"),
    "sweden": ("stockholm",),
    "denmark": ("copenhagen",),
    "switzerland": ("zurich", "geneva"),
    "austria": ("vienna",),
    "czechia": ("prague",),
    "us": tuple(US_STATES.values()),
    "california": ("san francisco", "los angeles", "san diego", "san jose", "palo alto",
                   "mountain view", "oakland", "bay area"),
    "new york": ("new york city",),
    "texas": ("austin", "dallas", "houston"),
    "washington": ("seattle",),
    "massachusetts": ("boston",),
    "illinois": ("chicago",),
    "colorado": ("denver", "boulder"),
    "georgia": ("atlanta",),
    "canada": ("toronto", "vancouver", "montreal", "ontario", "british columbia", "quebec"),
    "north america": ("us", "canada"),
}  # fmt: skip

# Other spellings of a place → its key.
ALIASES: dict[str, str] = {
    "usa": "us", "u.s": "us", "u.s.a": "us", "united states": "us",
    "united states of america": "us", "america": "us",
    "united kingdom": "uk", "great britain": "uk", "britain": "uk", "gb": "uk",
    "eu": "europe", "emea": "europe", "deutschland": "germany", "the netherlands": "netherlands",
    "holland": "netherlands", "czech republic": "czechia", "nyc": "new york",
    "new york city": "new york",
    "sf": "san francisco", "münchen": "munich",
}  # fmt: skip

# Words never taken as a place, even when a posting's location line contains them.
NOT_PLACES: frozenset[str] = frozenset(
    {"remote", "hybrid", "onsite", "on-site", "office", "anywhere", "worldwide", "global",
     "city", "state", "country", "flexible", "multiple locations", "various", "tbd", "n/a"}
)  # fmt: skip

# Two-letter codes are only places when written in capitals (`TX`), except these.
LOWERCASE_CODES: frozenset[str] = frozenset({"us", "uk", "eu", "sf", "gb"})

_SPLIT_RE = re.compile(r"[,;/|()\[\]\u2014\u2013]|\s-\s|\bor\b|\band\b")
_WORD_RE = re.compile(r"[^\W_]+(?:\.[^\W_]+)*")


def _parents() -> dict[str, set[str]]:
    parents: dict[str, set[str]] = {}
    for region, members in REGIONS.items():
        for member in members:
            parents.setdefault(member, set()).add(region)
    return parents


PARENTS = _parents()
KNOWN: frozenset[str] = frozenset(
    set(REGIONS) | {m for ms in REGIONS.values() for m in ms} | set(US_STATES.values())
)


def with_regions(keys: Iterable[str]) -> set[str]:
    """Keys plus every region that contains them (Berlin → Germany → Europe)."""
    found = set(keys)
    todo = list(found)
    while todo:
        for parent in PARENTS.get(todo.pop(), ()):
            if parent not in found:
                found.add(parent)
                todo.append(parent)
    return found


def _canon(name: str) -> str:
    return ALIASES.get(name, name)


def _ngrams(words: list[str], n_max: int = 4) -> Iterable[str]:
    for n in range(1, n_max + 1):
        for i in range(len(words) - n + 1):
            yield " ".join(words[i : i + n])


@lru_cache(maxsize=50_000)
def place_keys(location: str | None) -> frozenset[str]:
    """Every place key a posting's location line names, with enclosing regions.

    Cached: a job board repeats the same few hundred location lines many times over.
    """
    if not location:
        return frozenset()
    keys: set[str] = set()
    upper_codes = {code.lower() for code in re.findall(r"\b[A-Z]{2}\b", location)}
    text = normalize(location)
    for gram in _ngrams(_WORD_RE.findall(text)):
        name = _canon(gram)
        if name in KNOWN:
            keys.add(name)
        elif gram in US_STATES and gram in upper_codes:
            keys.add(US_STATES[gram])
    for piece in _SPLIT_RE.split(text):
        words = _WORD_RE.findall(piece)
        if not 0 < len(words) <= 3 or words[0] in STOPWORDS or words[-1] in STOPWORDS:
            continue
        name = _canon(" ".join(words))
        if name in NOT_PLACES or any(w in NOT_PLACES for w in words) or name.isdigit():
            continue
        if len(name) > 2:
            keys.add(name)
    return frozenset(with_regions(keys))


@dataclass(frozen=True)
class Gazetteer:
    """The place names a query may use, each mapped to its key."""

    names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, posting_keys: Iterable[frozenset[str]]) -> Gazetteer:
        names: dict[str, str] = {key: key for key in KNOWN}
        for keys in posting_keys:
            for key in keys:
                names[key] = key
        for alias, key in ALIASES.items():
            names[alias] = key
        for code, state in US_STATES.items():
            names.setdefault(code, state)
        return cls(names)

    def lookup(self, words: list[str], upper_codes: set[str]) -> str | None:
        """The place key for these words, or None; bare two-letter codes need capitals."""
        phrase = " ".join(words)
        key = self.names.get(phrase)
        if key is None:
            return None
        if len(phrase) == 2 and phrase not in LOWERCASE_CODES and phrase not in upper_codes:
            return None
        return key


DEFAULT_GAZETTEER = Gazetteer.build([])
