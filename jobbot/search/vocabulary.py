"""The career vocabulary: words people use for the same thing, and the shapes of questions.

A person asks "how much do backend devs make"; the FAQ says "What salary can a backend
engineer expect". Matching needs to know that dev, developer and engineer are one role, that
make, earn, pay and salary are one topic here, and that "what does X do" asks about duties.
Each group below becomes one concept term (`~pay`), applied to FAQ text and questions alike,
so both sides of a match read the same way. Frames are found in the raw word sequence,
before stopwords are dropped, because they are made of stopwords ("what does … do").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise
from typing import Final

from jobbot.search.analyzer import raw_tokens, stem, word_set

# concept → the words (already through the analyzer's synonyms) that mean it.
GROUPS: Final[dict[str, frozenset[str]]] = {
    "~engineer": word_set(
        """engineer engineers engineering developer developers development dev devs programmer
        programmers coder coders swe"""
    ),
    "~backend": word_set("backend backends serverside"),
    "~frontend": word_set("frontend frontends clientside ui"),
    "~fullstack": word_set("fullstack"),
    "~pay": word_set(
        """salary salaries pay paid paying pays payed earn earns earning earnings compensation
        comp wage wages income money paycheck tc unpaid rate rates charge charges"""
    ),
    "~job": word_set(
        """job jobs role roles position positions opening openings gig gigs vacancy vacancies
        posting postings ad ads advert adverts listing listings"""
    ),
    "~database": word_set("database databases db dbs datastore datastores"),
    "~remote": word_set("remote remotely wfh telework teleworking"),
    "~compare": word_set("vs versus difference differences compare compared comparison differ"),
    "~become": word_set("become becoming became roadmap roadmaps"),
    "~degree": word_set(
        "degree degrees diploma bachelor bachelors bsc college university uni masters msc phd mba"
    ),
    "~interview": word_set(
        "interview interviews interviewing interviewer interviewers leetcode round rounds screening"
    ),
    "~contract": word_set(
        """contract contracts contractor contractors contracting freelance freelancer
        freelancers freelancing"""
    ),
    "~microservice": word_set("microservice microservices"),
    "~language": word_set("language languages lang langs"),
    "~skill": word_set(
        "skill skills skillset skillsets knowledge expertise familiarity proficiency know-how"
    ),
    "~learn": word_set(
        "learn learning learned learnt study studying course courses tutorial tutorials"
    ),
    "~tip": word_set("tip tips advice hacks"),
    "~growth": word_set(
        """progression progress ladder promotion promotions promoted advance advancement
        grow growth ceiling plateau stagnate stagnating higher rank ranks ranking hierarchy
        longterm future"""
    ),
    "~duties": word_set(
        "responsibilities responsibility duties duty tasks involve involves entail entails"
    ),
    "~prepare": word_set("prepare preparing preparation prep practice practise practicing"),
    "~qualification": word_set(
        "qualification qualifications requirement requirements prerequisites required require"
    ),
    "~intern": word_set("intern interns internship internships"),
    "~senior": word_set("senior seniors sr"),
    "~junior": word_set("junior juniors jr entry-level graduate graduates grad"),
    "~international": word_set("international foreign overseas visa"),
    "~beginner": word_set("beginner beginners newbie newbies novice noob noobs fresher freshers"),
    "~offer": word_set("offer offers hired"),
    "~tradeoff": word_set(
        """pros cons advantages disadvantages benefits drawbacks tradeoffs trade-offs
        downsides upsides"""
    ),
    "~specialise": word_set(
        """specialise specialize specialised specialized specialising specializing specialist
        specialists specialisation specialization specialisations specializations generalist
        generalists"""
    ),
    "~difficulty": word_set(
        "hard harder hardest easy easier easiest difficult difficulty tough tougher"
    ),
}

# Chat around a question: feelings, hedges, time words, people in the story, reactions and
# the usual abbreviations for them. None of it says which entry is meant, and a long message
# full of it must not read as a question the FAQ does not cover.
CHAT: Final[frozenset[str]] = word_set(
    """feel feels feeling felt think thinks thinking thought guess suppose assume honestly
    literally seriously totally truly currently recently lately nowadays today tonight
    tomorrow yesterday morning evening night week weeks weekend month months monday tuesday
    wednesday thursday friday saturday sunday ago soon later already yet since point
    stuck lost confused worried nervous scared freaking freak freaked panicking stressed
    excited happy sad tired bored annoyed frustrated overwhelmed decent okay fine nice cool
    awesome weird crazy insane random honest anyways anyway btw tbh imo imho idk iirc ngl fr
    rn atm asap afaik fyi irl tho cuz bc lmao lmk smh wtf omg haha hahaha hmm umm uh sorry sry
    everyone everybody yall
    friend friends cousin brother sister mom dad wife husband partner family kid kids
    son sons daughter daughters parent parents uncle aunt niece nephew boyfriend girlfriend
    roommate flatmate neighbour neighbor
    folks peeps ppl keep keeps kept seeing see saw seen hear heard told said saying wonder
    wondering possible normal alright right okay currently someday somehow whatever chance
    advance appreciated appreciate cheers deal dealing life answer answers answering next
    fastest fast faster quickest quick quickly quicker grind grinding hustle
    always forever constantly lurking lurker lurked"""
)

# Words that carry no topic in a chat question: greetings, hedges, "tell me about".
FILLER: Final[frozenset[str]] = (
    word_set(
        """please pls plz thanks thank thx ty hey hi hello yo guys folks anyone someone somebody
    really actually basically kinda sorta like just quick question wondering wonder curious
    know tell explain idea ideas thoughts anything something stuff thing things lol im u ur
    gonna wanna gotta ok okay bro dude also maybe probably pretty exactly generally usually
    typically bit lot lots mean means way ways jobbot bot help need want wants needed
    describe say info information details detail kind kinds sort sorts type types one ones
    good best better great even still ever every much many well yes yeah make makes get gets
    got getting whats hows whos wheres whens whys im ive id youre dont doesnt cant isnt arent
    wont shouldnt wouldnt couldnt didnt wat wut wht hw r plss main key important usual common
    typical actual real real-world overall general steps process guide necessary must enough
    worth tech industry field options choices afterwards afterward bad worse worst true
    false deep deeply concretely fully besides apart"""
    )
    | CHAT
)


# Words that help a match but should not decide it: common verbs and time words.
WEAK: Final[frozenset[str]] = frozenset(
    stem(w)
    for w in word_set(
        """first start started starting work works working use used using know knowing
        new old time times year years day days people person look looking find finding try
        trying take takes taking long choose choosing chose pick picking decide deciding
        select show shows showing appear appears appearing"""
    )
) | {"~learn", "~qualification"}
WEAK_WEIGHT: Final = 0.5


def _concepts() -> dict[str, str]:
    table: dict[str, str] = {}
    for concept, words in GROUPS.items():
        for word in words:
            table[stem(word)] = concept
    return table


CONCEPT_OF_STEM: Final[dict[str, str]] = _concepts()

# Job search: a role noun finds the others ("frontend developer" finds "Frontend Engineer").
SEARCH_ALTERNATIVES: Final[dict[str, tuple[str, ...]]] = {
    stem(w): tuple(sorted({stem(x) for x in ("engineer", "developer", "programmer")}))
    for w in ("engineer", "developer", "programmer", "coder")
}


# Industries people name that postings describe in plain words ("fintech jobs" finds the
# payments company and the bank). Only words a posting uses of its own business: "health"
# or "learning" would find every benefits list and every learning-to-rank model.
_INDUSTRIES: Final[dict[str, tuple[str, ...]]] = {
    "fintech": ("fintech", "payments", "banking", "bank", "finance", "financial"),
}
SEARCH_ALTERNATIVES.update(
    {stem(w): tuple(sorted({stem(x) for x in alts})) for w, alts in _INDUSTRIES.items()}
)


def concept(term: str) -> str:
    """The concept a stemmed term belongs to, else the term itself."""
    return CONCEPT_OF_STEM.get(term, term)


# -- chat shorthand ----------------------------------------------------------------------

# Career-chat abbreviations, read as the words they stand for (in FAQ text and questions
# alike; searches have the analyzer's own synonyms).
SHORTHAND: Final[dict[str, tuple[str, ...]]] = {
    "fe": ("frontend",),
    "fs": ("fullstack",),
    "ics": ("ic",),
    "em": ("engineering", "manager"),
    "ems": ("engineering", "managers"),
    "pm": ("product", "manager"),
    "pms": ("product", "managers"),
    "tl": ("tech", "lead"),
    "mgr": ("manager",),
    "mgmt": ("management",),
    "eng": ("engineer",),
    "engs": ("engineers",),
    "yoe": ("years",),
    "yrs": ("years",),
    "exp": ("experience",),
    "dsa": ("data", "structures", "algorithms"),
    "algo": ("algorithm",),
    "algos": ("algorithms",),
    "lc": ("leetcode",),
    "faang": ("big", "tech"),
    "maang": ("big", "tech"),
    "fang": ("big", "tech"),
    "cert": ("certification",),
    "certs": ("certifications",),
    "cv": ("resume",),
    "slos": ("slo",),
    "on-call": ("oncall",),
    "self-taught": ("selftaught",),
    "take-home": ("takehome",),
    "prod": ("production",),
    "ops": ("operations",),
    "midlevel": ("mid", "level"),
    "py": ("python",),
    "postgre": ("postgresql",),
    "sysdesign": ("system", "design"),
    "diff": ("difference",),
    "diffs": ("differences",),
}
# "be" is backend beside a role or a comparison ("be dev", "fe vs be"), else the verb.
_BE_NEXT = frozenset(
    {"dev", "devs", "developer", "developers", "engineer", "engineers", "engineering",
     "development", "role", "roles", "job", "jobs", "position", "positions", "side", "stuff",
     "work", "team", "teams", "swe", "swes", "eng", "engs", "stack", "language", "languages"}
)  # fmt: skip
_BE_VERB_BEFORE = frozenset(
    {"to", "will", "would", "can", "could", "should", "shall", "might", "may", "must", "not",
     "never", "i", "you", "it", "that", "this", "gonna", "wanna", "cannot", "cant", "wont",
     "always", "also", "just", "ever", "even", "really", "we", "they", "he", "she", "there"}
)  # fmt: skip
_SIDES = frozenset({"fe", "fs", "frontend", "fullstack", "backend", "devops", "mobile"})
_JOINS = frozenset({"vs", "versus", "or", "and", "v"})
# After "go" these make it the verb ("go about", "go into backend", "go deeper", "go for
# it"); before "or", "vs", "developer", "jobs" or at the end of a clause it is the language.
_GO_VERB_NEXT = frozenset(
    {"about", "into", "through", "ahead", "back", "for", "with", "from", "up", "down", "deeper",
     "deep", "further", "far", "beyond", "over", "the", "a", "an", "to", "full", "fullstack",
     "backend", "frontend", "devops", "freelance", "remote", "independent", "solo", "as",
     "abroad", "there", "here", "wrong", "well", "back-end", "front-end", "full-stack", "on"}
)  # fmt: skip
_GO_VERB = frozenset({"goes", "going", "went", "gone"})  # never the language
# Question words as they get typed in a hurry.
QUESTION_TYPOS: Final[dict[str, str]] = {
    "waht": "what", "whta": "what", "wht": "what", "wat": "what", "wut": "what", "hwo": "how",
    "hw": "how", "shoud": "should", "shuold": "should", "shld": "should", "wich": "which",
    "whcih": "which", "cna": "can", "dose": "does", "doe": "does", "si": "is",
}  # fmt: skip
# A sum of money ("80k", "120k", "$90/h" reads as 90): in a question it is about pay.
AMOUNT = re.compile(r"^\d+(?:[.,]\d+)?k$")
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?(?:k|m|s|yrs?|yoe|y|yo|h|hr|hrs|pm|am|th|st|nd|rd)?$")


# Spelled-out forms read as one word, so that the shorthand and the long form meet.
MERGES: Final[dict[tuple[str, ...], tuple[str, ...]]] = {
    ("individual", "contributor"): ("ic",),
    ("individual", "contributors"): ("ic",),
    ("technical", "track"): ("ic", "track"),
    ("service", "level", "objective"): ("slo",),
    ("service", "level", "objectives"): ("slo",),
    ("take", "home"): ("takehome",),
    ("live", "coding"): ("coding", "interview"),
    ("on", "call"): ("oncall",),
    ("self", "taught"): ("selftaught",),
    ("rate", "limiter"): ("ratelimiter",),
    ("rate", "limiters"): ("ratelimiter",),
    ("rate", "limiting"): ("ratelimiter",),
    # someone making a career change
    ("career", "changer"): ("career", "change"),
    ("career", "changers"): ("career", "change"),
    ("career", "switcher"): ("career", "change"),
    ("career", "switchers"): ("career", "change"),
    # "front or back end": both sides, the first half said once
    # (the analyzer has already joined "back end" into "backend")
    ("front", "or", "backend"): ("frontend", "or", "backend"),
    ("front", "and", "backend"): ("frontend", "and", "backend"),
    ("front", "vs", "backend"): ("frontend", "vs", "backend"),
    ("front", "or", "back-end"): ("frontend", "or", "backend"),
    ("front", "and", "back-end"): ("frontend", "and", "backend"),
    ("front", "vs", "back-end"): ("frontend", "vs", "backend"),
    # a position, not the frontend
    ("in", "front", "of"): (),
}
_MERGE_HEADS: Final = frozenset(key[0] for key in MERGES)


def expand(tokens: Sequence[str]) -> list[str]:
    """Chat shorthand spelled out ("be dev", "fe vs be", "ic", "em", "yoe", "dsa"), and
    numbers (years, ages, amounts) left out: an FAQ answer never turns on them."""
    out: list[str] = []
    n = len(tokens)
    skip = 0
    for i, token in enumerate(tokens):
        if skip:
            skip -= 1
            continue
        if token in _MERGE_HEADS:
            merged = next((key for key in MERGES if tuple(tokens[i : i + len(key)]) == key), None)
            if merged is not None:
                out.extend(MERGES[merged])
                skip = len(merged) - 1
                continue
        if AMOUNT.match(token) and token != "401k":  # a 401(k) is a pension plan
            out.append("salary")
            continue
        if _NUMBER.match(token):
            continue
        token = QUESTION_TYPOS.get(token, token)
        before = tokens[i - 1] if i else ""
        after = tokens[i + 1] if i + 1 < n else ""
        if (token == "go" and after in _GO_VERB_NEXT) or token in _GO_VERB:
            continue  # "how would I go about", "goes deeper": the verb, not the Go language
        if token == "be":
            beside = set(tokens[max(0, i - 3) : i]) | set(tokens[i + 1 : i + 4])
            if before not in _BE_VERB_BEFORE and (
                after in _BE_NEXT
                or ((before in _JOINS or after in _JOINS) and bool(_SIDES & beside))
            ):
                out.append("backend")
                continue
        elif token == "master" and after in {"s", "degree", "degrees"}:
            out.append("masters")
            continue
        elif token in {"pm", "am"} and before and _NUMBER.match(before):
            continue  # "5 pm" is a time
        elif token == "comp" and after in {"sci", "science"}:
            out.extend(("computer",))
            continue
        elif token == "sci" and before == "comp":
            out.append("science")
            continue
        out.extend(SHORTHAND.get(token, (token,)))
    return out


_CLAUSE_END = re.compile(r"[.!?;:]+(?:\s|$)|,\s|\s[-–—]+\s|\(|\)")
_ASKING = frozenset(
    {"what", "whats", "wat", "how", "hows", "why", "which", "who", "when", "where", "should",
     "is", "are", "do", "does", "can", "could", "would", "will", "any", "anyone", "tips",
     "advice", "thoughts", "recommendations", "ideas", "help"}
)  # fmt: skip


def clauses(text: str) -> list[list[str]]:
    """The message cut at sentence and clause punctuation, each part as shorthand-expanded
    tokens (for telling the question from the story around it)."""
    parts = [expand(raw_tokens(part)) for part in _CLAUSE_END.split(text)]
    return [part for part in parts if part]


def asks(tokens: Sequence[str]) -> bool:
    """Whether a clause is the question itself: it starts with a question word, or says
    "how do/to/can/would" or "should I"."""
    if not tokens:
        return False
    if tokens[0] in _ASKING:
        return True
    if len(tokens) <= 5 and any(w in _JOINS - {"and"} for w in tokens[1:-1]):
        return True  # "backend or full-stack - which path?": the choice is the question
    pairs = set(pairwise(tokens))
    return bool(
        pairs & {("how", "do"), ("how", "to"), ("how", "can"), ("how", "would"),
                 ("how", "should"), ("should", "i"), ("is", "it"), ("do", "i"), ("can", "i")}
    )  # fmt: skip


# -- frames ------------------------------------------------------------------------------

_WH = frozenset({"what", "whats", "what's", "wat", "wut", "wht", "whta"})
_DO = frozenset({"do", "does", "did"})
_HOW_MUCH_VERBS = frozenset({"make", "makes", "making", "get", "gets", "earn", "earns", "pay"})
_INTO = frozenset({"into", "in", "to"})
_ENTER = frozenset(
    {"get", "getting", "break", "breaking", "switch", "switching", "transition", "move",
     "moving", "start", "starting", "go", "land", "landing", "pivot", "pivoting"}
)  # fmt: skip
_HOME = ("from", "home")
_ASKERS = frozenset({"i", "we", "you", "u", "to"})
# Words that may follow "what X does" at the end of a question.
_TRAILING = frozenset(
    {"pls", "plz", "please", "exactly", "actually", "really", "all", "day", "for", "a",
     "living", "there", "here", "then", "now", "anyway", "tho", "though", "lol", "thanks", "thx"}
)  # fmt: skip
_ROLE_NOUNS = frozenset(
    {"engineer", "engineers", "developer", "developers", "dev", "devs", "programmer",
     "programmers", "coder", "coders", "swe", "swes", "sre", "sres"}
)  # fmt: skip
_PATH_WORDS = frozenset({"path", "paths", "road", "roadmap", "route", "way", "ways", "steps"})
_BECOMING = frozenset({"become", "becoming", "be"})
_STUDY = frozenset({"learn", "learning", "study", "studying", "start", "starting"})
_AREAS = frozenset({"backend", "frontend", "fullstack", "devops", "web", "software"})
_CRAFT = frozenset({"development", "engineering", "programming", "developer", "engineer"})
_PRONOUNS = frozenset({"i", "you", "u", "we", "they", "me"})
_LAND = frozenset({"get", "getting", "land", "landing", "find", "finding", "score"})
_JOB = frozenset({"job", "role", "position", "gig"})
# Before "developer job": the job is being sought, not described.
_SEEK = _LAND | frozenset({"first", "new", "apply", "applying", "hired", "for", "want", "need"})
_AFTER = frozenset({"after", "beyond", "past", "above"})
_LEVELS = frozenset({"junior", "mid", "mid-level", "senior", "staff", "lead", "principal"})
_CLIMB = frozenset({"get", "go", "move", "jump", "grow", "step", "promoted", "progress"})
# After "than", these make it a quantity (a sum reads as "salary"), not a comparison.
_QUANTITIES = frozenset({"salary", "years", "year", "months", "month", "hours", "hour", "people"})
_REACH = frozenset({"reach", "reaching", "hit", "hitting", "make", "making"})
WINDOW: Final = 8
"""How far apart (in words) the parts of one frame may be."""


def frames(tokens: Sequence[str]) -> list[str]:
    """Concept terms the word order implies: "what does a backend dev do" asks `~duties`,
    "how much do seniors make" asks `~pay`, "x or y" compares, "get into" is `~become`,
    "work from home" is `~remote`. Linear: each word looks at most `WINDOW` words ahead."""
    found: list[str] = []
    n = len(tokens)
    for i, word in enumerate(tokens):
        ahead = tokens[i + 1 : i + 1 + WINDOW]
        if word in _WH and _DO & set(ahead[:4]):
            at = next(j for j, w in enumerate(ahead) if w in _DO)
            rest = ahead[at + 1 :]
            if rest[:1] and rest[0] in _PRONOUNS:
                if rest[1:2] == ["do"] and "as" in rest[2:4]:
                    found.append("~duties")  # "what do you do as a backend engineer"
                # else "what do I need to do": about the asker, not a role's duties
            elif "do" in rest or "doing" in rest or _works_on(rest):
                found.append("~duties")  # "what does a dev do", "what do devs work on"
            elif at > 0 and ahead[0] not in _ASKERS and all(w in _TRAILING for w in rest):
                found.append("~duties")  # "explain what a backend engineer does"
            elif {"make", "earn"} & set(rest):
                found.append("~pay")
        elif (
            word in _WH
            and ahead[:1]
            and ahead[0] in {"will", "would"}
            and ({"do", "doing"} & set(ahead[1:6]) or _works_on(ahead[1:6]))
        ):
            found.append("~duties")  # "what will I be doing there"
        elif (
            word in {"does", "do"}
            and (i == 0 or tokens[i - 1] not in _WH)
            and _ROLE_NOUNS & set(ahead[:4])
            and ({"do", "doing"} & set(ahead[1:]) or _works_on(ahead[1:]))
        ):
            found.append("~duties")  # "wtf does a backend engineer even do"
        elif (
            word == "how"
            and _modal_next(ahead)
            and {"start", "begin"} & set(ahead[1:5])
            and not set(ahead[1:7]) & {"day", "week", "job", "interview", "project"}
        ):
            found.append("~become")  # "how would I even start": starting out in the field
        elif word in {"typical", "average", "normal", "usual"} and ahead[:1] and ahead[0] in {
            "day", "days", "week", "workday", "weekday"
        }:  # fmt: skip
            found.append("~duties")
        elif word == "how" and ahead[:1] == ["much"]:
            if _HOW_MUCH_VERBS & set(ahead[1:]) or "paid" in ahead:
                found.append("~pay")
        elif word == "expected" and ahead[:1] and ahead[0] in {"of", "from"}:
            found.append("~duties")  # "what is expected of a junior dev"
        elif word == "day" and tuple(tokens[i + 1 : i + 3]) == ("to", "day"):
            found.append("~duties")
        elif word in _ENTER and ahead[:1] and ahead[0] in _INTO and i + 2 < n:
            if _LEVELS & set(ahead[1:3]):
                found.append("~growth")  # "get to senior", "move into a lead role"
            elif word not in {"go", "start", "starting"} or ahead[0] == "into":
                found.append("~become")
        elif word in {"work", "working", "job"} and tuple(tokens[i + 1 : i + 3]) == _HOME:
            found.append("~remote")
        elif word in {"no", "without", "zero", "little"} and ahead[:1] == ["experience"]:
            found.append("~beginner")
        elif (word in {"job", "role", "work"} and ahead[:1] == ["of"] and i > 0) or (
            word in _ROLE_NOUNS and _their_job(ahead, tokens[max(0, i - 4) : i])
        ):
            found.append("~duties")
        elif (
            word == "be"
            and {"how", "wanna", "want", "wants", "to"} & set(tokens[max(0, i - 3) : i])
            and ahead[:1] in (["a"], ["an"])
        ):
            found.append("~become")
        elif word in {"level", "move", "step"} and ahead[:1] == ["up"]:
            found.append("~growth")
        elif word in _STUDY and _AREAS & set(ahead[:2]) and _CRAFT & set(ahead[1:4]):
            found.append("~become")  # "learn backend development": becoming a backend dev
        elif word in _LAND and _JOB & set(ahead[:3]) and not {"offer", "offers"} & set(ahead[:4]):
            found.append("~become")
        elif ahead[:1] == ["than"] and not (ahead[1:2] and ahead[1] in _QUANTITIES):
            found.append("~compare")  # "harder than"; "more than 150k" is a sum, not a choice
        elif (
            (word in _AFTER and _LEVELS & set(ahead[:2]))
            or (word in _CLIMB and ahead[:1] == ["to"] and _LEVELS & set(ahead[1:3]))
            or (word == "next" and ahead[:1] and ahead[0] in {"step", "steps", "level", "move"})
            or (word in _LEVELS and "to" in ahead[:2] and _LEVELS & set(ahead[1:3]) - {word})
            or (word in _REACH and _reaches_level(ahead))
        ):
            found.append("~growth")
        elif (word in {"or", "v", "vs."} and 0 < i < n - 1) or (
            word in {"which", "should"} and {"choose", "pick", "better"} & set(ahead)
        ):
            found.append("~compare")
    return found


def _modal_next(ahead: Sequence[str]) -> bool:
    """ "how do/would/can/to …", and the order many learners use, "how I can …"."""
    if not ahead:
        return False
    if ahead[0] in {"do", "would", "can", "could", "should", "to"}:
        return True
    return ahead[0] in _PRONOUNS and ahead[1:2] in (["can"], ["could"], ["should"], ["would"])


def _reaches_level(ahead: Sequence[str]) -> bool:
    """ "reach senior", "make it to staff", "hit a senior level": a level comes next."""
    rest = list(ahead[:4])
    while rest and rest[0] in {"a", "the", "it", "to"}:
        rest.pop(0)
    return bool(rest) and rest[0] in _LEVELS


def _works_on(words: Sequence[str]) -> bool:
    """ "… work on", "… working on": what someone spends their days on."""
    return any(a in {"work", "working", "works"} and b == "on" for a, b in pairwise(words))


def _their_job(ahead: Sequence[str], before: Sequence[str]) -> bool:
    """ "an engineer's job", "backend engineer role": what the job is; "get a developer job",
    "my first developer role" is being hired as one."""
    if _next_word(ahead) not in {"job", "role"}:
        return False
    return ahead[:1] == ["s"] or not set(before) & _SEEK


def _next_word(ahead: Sequence[str]) -> str:
    """The next word, skipping a possessive `s` ("engineer's job")."""
    if ahead[:1] == ["s"]:
        return ahead[1] if len(ahead) > 1 else ""
    return ahead[0] if ahead else ""


# -- who a question is about ---------------------------------------------------------------

# Nouns for a kind of worker: the word before one says which kind ("data engineer",
# "product manager", "frontend dev").
WORKER_NOUNS: Final = frozenset(
    {"engineer", "engineers", "developer", "developers", "dev", "devs", "programmer",
     "programmers", "coder", "coders", "manager", "managers", "scientist", "scientists",
     "designer", "designers", "analyst", "analysts", "architect", "architects", "master",
     "masters", "tester", "testers", "admin", "admins", "administrator", "administrators",
     "specialist", "specialists", "consultant", "consultants"}
)  # fmt: skip
# Words before a worker noun that say how good or senior, not which kind.
ANY_KIND: Final = frozenset(
    {"a", "an", "the", "my", "our", "your", "as", "software", "tech", "it", "professional",
     "experienced", "aspiring", "new", "good", "great", "better", "best", "successful",
     "selftaught", "remote", "junior", "jr", "senior", "sr", "mid", "level", "mid-level",
     "lead", "staff", "principal", "entry", "entry-level", "career", "first", "young",
     "older", "average", "typical", "regular", "normal", "real", "fulltime", "parttime",
     "engineering", "development", "other", "one", "fellow", "solo", "freelance", "contract",
     "hiring", "some", "many", "most", "all", "few", "every", "each", "any", "those", "these",
     "this", "that", "s"}
)  # fmt: skip
# The specialties an entry can be about; an entry naming one does not answer for another.
AREAS: Final = frozenset({"~backend", "~frontend", "~fullstack", "devop", "platform", "site"})


# Fields of work that, before "roles" or "jobs", say which kind of worker is meant ("ml
# roles", "frontend jobs"); a skill before them ("python jobs") does not.
SPECIALTIES: Final = frozenset(
    {"data", "ml", "ai", "machine", "mobile", "ios", "android", "frontend", "qa", "test",
     "testing", "security", "game", "games", "embedded", "product", "design", "ux", "ui",
     "sales", "marketing", "support", "research", "analytics", "hardware", "network",
     "networking", "it", "helpdesk", "management", "scrum"}
)  # fmt: skip
_JOB_NOUNS = frozenset({"role", "roles", "job", "jobs", "position", "positions"})


def subjects(tokens: Sequence[str]) -> list[str]:
    """The kinds of worker a question names, as the words before a worker noun ("data" in
    "what does a data engineer do"), or a field of work before "roles" or "jobs" ("ml
    roles"); generic words ("senior", "software") name no kind."""
    found: list[str] = []
    for before, word in pairwise(tokens):
        worker = word in WORKER_NOUNS and before not in ANY_KIND | WORKER_NOUNS
        if worker or (word in _JOB_NOUNS and before in SPECIALTIES):
            found.append(before)
    return found


_TAKEHOME_NOUNS = frozenset(
    {"assignment", "assignments", "task", "tasks", "test", "tests", "challenge", "challenges",
     "exercise", "exercises", "project", "projects"}
)  # fmt: skip


def rewrite(tokens: Sequence[str]) -> list[str]:
    """Words that only lead up to another drop out: in "path to becoming a dev" the
    question is about becoming one, not about a career path."""
    out: list[str] = []
    for i, word in enumerate(tokens):
        if (
            word in _PATH_WORDS
            and tokens[i + 1 : i + 2] in (["to"], ["for"], ["of"])
            and tokens[i + 2 : i + 3]
            and tokens[i + 2] in _BECOMING
        ):
            continue
        if word in {"level", "move", "step"} and tokens[i + 1 : i + 2] == ["up"]:
            continue  # "level up": the frame (`~growth`) says it all
        if word in _ENTER and tokens[i + 1 : i + 2] == ["into"]:
            continue  # "break into backend": `~become`
        if word in _TAKEHOME_NOUNS and i and tokens[i - 1] == "takehome":
            continue  # a "take-home assignment" is the take-home
        if word in {"job", "jobs"} and tokens[i + 1 : i + 2] in (["offer"], ["offers"]):
            continue  # a "job offer" is an offer
        if word in {"zero", "little", "limited"} and tokens[i + 1 : i + 2] == ["experience"]:
            continue  # "zero experience": the frame (`~beginner`) says it
        out.append(word)
    return out
