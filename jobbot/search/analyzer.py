"""One analyzer for postings, FAQ and queries: text in, index terms out.

Both sides of a match must be analyzed the same way, so every tokenizing rule (keep
`node.js`, `c#`, `c++`), every synonym (`golang` → `go`, `k8s` → `kubernetes`) and the
stemmer live here and nowhere else.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

# Letters/digits, joined by inner dots or hyphens (`node.js`, `full-stack`), with an optional
# `#`/`++` tail (`c#`, `c++`), or a leading-dot name such as `.net`.
TOKEN_RE = re.compile(r"\.net\b|[^\W_]+(?:[.\-][^\W_]+)*(?:\+\+|#)?")

# Canonical spellings: a token (or hyphenated token) on the left is read as the words on the
# right, in documents and queries alike.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "golang": ("go",),
    "k8s": ("kubernetes",),
    "js": ("javascript",),
    "ecmascript": ("javascript",),
    "ts": ("typescript",),
    "postgres": ("postgresql",),
    "psql": ("postgresql",),
    "mongo": ("mongodb",),
    "nodejs": ("node.js",),
    "node": ("node.js",),
    "reactjs": ("react",),
    "react.js": ("react",),
    "vuejs": ("vue",),
    "vue.js": ("vue",),
    "csharp": ("c#",),
    "cpp": ("c++",),
    "full-stack": ("fullstack",),
    "front-end": ("frontend",),
    "back-end": ("backend",),
    "dev-ops": ("devops",),
    "sre": ("site", "reliability"),
    "sres": ("site", "reliability"),
    "swes": ("software", "engineers"),
    "ml": ("machine", "learning"),
    "ai": ("artificial", "intelligence"),
    "wfh": ("remote",),
    "dev": ("developer",),
    "devs": ("developers",),
    "swe": ("software", "engineer"),
    "sde": ("software", "engineer"),
    "gcp": ("google", "cloud"),
    "aws": ("aws",),
    "amazon-web-services": ("aws",),
    "on-site": ("onsite",),
    "in-office": ("onsite",),
    "full-time": ("fulltime",),
    "part-time": ("parttime",),
    "server-side": ("backend",),
    "serverside": ("backend",),
    "client-side": ("frontend",),
    "clientside": ("frontend",),
    "micro-services": ("microservices",),
    "micro-service": ("microservice",),
    "db": ("database",),
    "dbs": ("databases",),
    "infra": ("infrastructure",),
    "non-relational": ("nosql",),
    "cs": ("computer", "science"),
    "compsci": ("computer", "science"),
}

# Two-word spellings merged into one token before anything else.
PHRASES: dict[tuple[str, str], str] = {
    ("full", "stack"): "fullstack",
    ("front", "end"): "frontend",
    ("back", "end"): "backend",
    ("dev", "ops"): "devops",
    ("node", "js"): "node.js",
    ("on", "site"): "onsite",
    ("full", "time"): "fulltime",
    ("part", "time"): "parttime",
    ("amazon", "web"): "aws",
    ("server", "side"): "backend",
    ("client", "side"): "frontend",
    ("micro", "services"): "microservices",
    ("micro", "service"): "microservice",
    ("non", "relational"): "nosql",
    ("long", "term"): "longterm",
}


def word_set(text: str) -> frozenset[str]:
    """A set of whitespace-separated words, for readable word lists in source."""
    return frozenset(text.split())


STOPWORDS: frozenset[str] = word_set(
    """
    a about above after again against all am an and any are aren as at be because been before
    being below between both but by can cannot could couldn did didn do does doesn doing don
    down during each few for from further had hadn has hasn have haven having he her here hers
    herself him himself his how i if in into is isn it its itself just let ll me more most my
    myself no nor not now of off on once only or other ought our ours ourselves out over own re
    same shan she should shouldn so some such than that the their theirs them themselves then
    there these they this those through to too under until up ve very was wasn we were weren
    what when where which while who whom why will with won would wouldn you your yours
    yourself yourselves s t d m o y e g eg ie etc also whats hows whos wheres whens whys im
    ive youre dont doesnt cant isnt arent wont wanna gonna gotta pls plz
    """
)

# Words that ask for a search rather than say what to search for ("find me python jobs").
# Dropped from job-search keywords only: in a question they carry meaning ("first job").
SEARCH_NOISE: frozenset[str] = word_set(
    """
    want wants need like please tell show find give list search searching looking look any
    anything something thanks thank hi hello hey jobbot job jobs role roles position positions
    opening openings vacancy vacancies opportunity opportunities posting postings work career
    careers hiring available open get me gig gigs listing listings anyone someone hire hires
    posted published listed stuff using must
    """
)

# Tokens that are meaningful despite being short.
SHORT_KEEP: frozenset[str] = frozenset({"c", "r", "go", "c#", "f#", "c++", "ui", "ux", "qa", "ci"})

MAX_QUERY_CHARS = 2000
MAX_QUERY_TOKENS = 64

_stemmer = Stemmer.Stemmer("english")


# Control characters, and format characters such as RTL marks and zero-width spaces.
_INVISIBLE_RE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]"
)


def normalize(text: str) -> str:
    """Lowercase; for non-ASCII also NFKC and control/format characters (RTL marks,
    zero-width spaces) as spaces. ASCII control characters already split tokens."""
    if text.isascii():  # ASCII control characters already separate tokens
        return text.lower()
    return _INVISIBLE_RE.sub(" ", unicodedata.normalize("NFKC", text).casefold())


_PHRASE_RE = re.compile(
    r"\b("
    + "|".join(sorted({a for a, _ in PHRASES}))
    + r")\s+("
    + "|".join(sorted({b for _, b in PHRASES}))
    + r")\b"
)


def _merge_phrase(match: re.Match[str]) -> str:
    return PHRASES.get((match.group(1), match.group(2)), match.group(0))


def raw_tokens(text: str) -> list[str]:
    """Normalized surface tokens, phrases merged, before synonyms and stopwords."""
    return TOKEN_RE.findall(_PHRASE_RE.sub(_merge_phrase, normalize(text)))


def canonical(token: str) -> tuple[str, ...]:
    """A surface token as canonical words: synonyms applied, stray hyphens split."""
    if token in SYNONYMS:
        return SYNONYMS[token]
    if "-" in token:
        parts: list[str] = []
        for part in token.split("-"):
            parts.extend(SYNONYMS.get(part, (part,)))
        return tuple(parts)
    return (token,)


def keep(word: str) -> bool:
    """Stopwords and one-letter noise are dropped; `c`, `r`, `go`, `c#` are kept."""
    if word in SHORT_KEEP:
        return True
    return len(word) > 1 and word not in STOPWORDS


@lru_cache(maxsize=200_000)
def _kept(token: str) -> tuple[str, ...]:
    return tuple(word for word in canonical(token) if keep(word))


def canonical_tokens(text: str) -> list[str]:
    """Canonical, stopword-free words of a text (what a user would recognise as keywords)."""
    return [word for token in raw_tokens(text) for word in _kept(token)]


# Names the English stemmer would mangle (`aws` → `aw`).
UNSTEMMED: frozenset[str] = frozenset({"aws", "ios", "kubernetes", "pandas", "rails", "jenkins"})


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Stem plain words; tech names (`c#`, `node.js`, `aws`) stay as written."""
    if not word.isalpha() or word in UNSTEMMED:
        return word
    return _stemmer.stemWord(word)


@lru_cache(maxsize=200_000)
def _terms(token: str) -> tuple[str, ...]:
    return tuple(stem(word) for word in _kept(token))


def terms_of(words: list[str]) -> list[str]:
    """Index terms for already-canonical words."""
    return [stem(word) for word in words]


def analyze(text: str) -> list[str]:
    """Index terms of a document or query text."""
    return [term for token in raw_tokens(text) for term in _terms(token)]
