"""The skill vocabulary: canonical names and the spellings postings use for them.

`golang` → Go, `Postgres` → PostgreSQL, `k8s` → Kubernetes. Matching is on token boundaries,
so `Java` never matches inside `JavaScript` and `SQL` never inside `MySQL`. A few names are
also English words (`Go`, `Node`, `Rust`, `Swift`, `REST`) and match only as written with a
capital letter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# canonical name -> (case-insensitive spellings, case-sensitive spellings)
_VOCABULARY: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # languages
    "Python": (("python", "python3"), ()),
    "Java": (("java",), ()),
    "JavaScript": (("javascript", "ecmascript", "js"), ()),
    "TypeScript": (("typescript", "ts"), ()),
    "Go": (("golang",), ("Go",)),
    "Rust": ((), ("Rust",)),
    "Ruby": (("ruby",), ()),
    "PHP": (("php",), ()),
    "C#": (("c#", "csharp", "c sharp"), ()),
    "C++": (("c++", "cpp"), ()),
    "Scala": (("scala",), ()),
    "Kotlin": (("kotlin",), ()),
    "Swift": ((), ("Swift",)),
    "Elixir": (("elixir",), ()),
    "Erlang": (("erlang",), ()),
    "Haskell": (("haskell",), ()),
    "Clojure": (("clojure",), ()),
    "Perl": (("perl",), ()),
    "SQL": ((), ("SQL",)),
    "Bash": ((), ("Bash",)),
    # runtimes and frameworks
    "Node.js": (("node.js", "nodejs", "node js"), ("Node",)),
    ".NET": ((".net", "dotnet", "asp.net"), ()),
    "Django": (("django",), ()),
    "Flask": (("flask",), ()),
    "FastAPI": (("fastapi",), ()),
    "Spring Boot": (("spring boot", "springboot", "spring framework"), ()),
    "Ruby on Rails": (("ruby on rails",), ("Rails",)),
    "Laravel": (("laravel",), ()),
    "Express.js": (("express.js", "expressjs"), ()),
    "NestJS": (("nestjs", "nest.js"), ()),
    "React": (("react.js", "reactjs"), ("React",)),
    "Vue.js": (("vue", "vue.js", "vuejs"), ()),
    "Angular": (("angular",), ()),
    "Next.js": (("next.js", "nextjs"), ()),
    "GraphQL": (("graphql",), ()),
    "gRPC": (("grpc",), ()),
    "REST": (("restful", "rest api", "rest apis"), ("REST",)),
    # data stores
    "PostgreSQL": (("postgresql", "postgres", "psql"), ()),
    "MySQL": (("mysql",), ()),
    "MariaDB": (("mariadb",), ()),
    "SQLite": (("sqlite",), ()),
    "MongoDB": (("mongodb", "mongo"), ()),
    "Redis": (("redis",), ()),
    "Memcached": (("memcached",), ()),
    "Cassandra": (("cassandra",), ()),
    "DynamoDB": (("dynamodb",), ()),
    "Elasticsearch": (("elasticsearch", "elastic search", "opensearch"), ()),
    "NoSQL": (("nosql",), ()),
    "Oracle Database": (("oracle database", "oracle db"), ()),
    "SQL Server": (("sql server", "mssql"), ()),
    "Snowflake": (("snowflake",), ()),
    "BigQuery": (("bigquery",), ()),
    # messaging and data processing
    "Kafka": (("kafka",), ()),
    "RabbitMQ": (("rabbitmq",), ()),
    "SQS": (("sqs",), ()),
    "Spark": (("apache spark", "pyspark"), ("Spark",)),
    "Airflow": (("airflow",), ()),
    "Celery": (("celery",), ()),
    # clouds
    "AWS": (("aws", "amazon web services"), ()),
    "Azure": (("azure", "microsoft azure"), ()),
    "GCP": (("gcp", "google cloud", "google cloud platform"), ()),
    "AWS Lambda": (("aws lambda",), ()),
    # infrastructure and tools
    "Docker": (("docker",), ()),
    "Kubernetes": (("kubernetes", "k8s"), ()),
    "Helm": ((), ("Helm",)),
    "Terraform": (("terraform",), ()),
    "Ansible": (("ansible",), ()),
    "Jenkins": (("jenkins",), ()),
    "GitHub Actions": (("github actions",), ()),
    "GitLab CI": (("gitlab ci", "gitlab-ci"), ()),
    "CI/CD": (("ci/cd", "ci cd", "continuous integration"), ()),
    "Git": (("git",), ()),
    "Linux": (("linux",), ()),
    "Nginx": (("nginx",), ()),
    "Prometheus": (("prometheus",), ()),
    "Grafana": (("grafana",), ()),
    "Datadog": (("datadog",), ()),
    "OpenTelemetry": (("opentelemetry",), ()),
}

# One pass over the text: words are runs of letters, digits and the symbols that extend a name
# (C#, C++, Node.js, .NET); a trailing full stop ends a sentence, not a name, so `... and Go.`
# names Go. Between the words of a spelling, any run of spaces or hyphens will do (`Spring
# Boot`, `spring-boot`); a slash splits names (`Django/Flask`) except in spellings that hold
# one (`CI/CD`).
_SPLIT = re.compile(r"(\.?[\w#+]+(?:\.[\w#+]+)*\.*)")
_LONGEST = 4  # words in the longest spelling
# `Go` as a verb: "Go to", "Go ahead", "Go-to" are not the language.
# `TS/SCI` is a US security clearance, not TypeScript.
_NOT_BEFORE_WORDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "Go": (("to",), ("ahead",), ("beyond",), ("for", "it"), ("live",), ("back",), ("through",)),
}
_NOT_BEFORE_SLASH: dict[str, str] = {"ts": "sci"}


def _spelling_key(spelling: str) -> str:
    """A spelling as the scanner sees it: words joined by one space, `-` or `/`.

    A space in a spelling stands for any run of spaces and hyphens (`spring boot` is also
    `spring-boot`); a hyphen or slash in a spelling (`gitlab-ci`, `ci/cd`) only for itself."""
    out = []
    for part in re.split(r"(\s+|-|/)", spelling):
        if part in {"-", "/"}:
            out.append(part)
        elif part.isspace():
            out.append(" ")
        elif part:
            out.append(part)
    return "".join(out)


_Table = dict[str, tuple[str, int]]


def _compile() -> tuple[_Table, _Table]:
    """(case-insensitive key → (canonical, spellings), case-sensitive key → the same).

    Two spellings with one key (`gitlab ci`, `gitlab-ci`) both count a mention, as two
    patterns would."""
    insensitive: _Table = {}
    sensitive: _Table = {}
    for canonical, (lower, exact) in _VOCABULARY.items():
        for table, spellings, case in ((insensitive, lower, str.lower), (sensitive, exact, str)):
            for spelling in spellings:
                key = case(_spelling_key(spelling))
                name, times = table.get(key, (canonical, 0))
                table[key] = (name, times + 1)
    return insensitive, sensitive


_INSENSITIVE, _SENSITIVE = _compile()
_FIRST_WORDS = {re.split(r"[ /-]", key)[0].lower() for key in (*_INSENSITIVE, *_SENSITIVE)}
# Keys that a longer spelling starts with (`aws` of `aws lambda`): only these are extended.
_PREFIXES = {
    key.lower()[: match.start()]
    for key in (*_INSENSITIVE, *_SENSITIVE)
    for match in re.finditer(r"[ /-]", key)
}
_EXCLUDABLE = {key.lower() for key in _NOT_BEFORE_WORDS} | set(_NOT_BEFORE_SLASH)
_BY_LOWER = {name.lower(): name for name in _VOCABULARY}
for _name, (_insensitive, _sensitive) in _VOCABULARY.items():
    for _spelling in (*_insensitive, *_sensitive):
        _BY_LOWER.setdefault(_spelling.lower(), _name)


def canonical_skill(name: str) -> str:
    """The vocabulary's name for a skill; an unknown skill keeps the author's spelling."""
    cleaned = " ".join(name.split()).strip(" ,;").rstrip(".")
    return _BY_LOWER.get(cleaned.lower(), cleaned)


def find_skills(text: str) -> list[str]:
    """Skills named in `text`, canonical: the most mentioned first, ties by first mention.

    A posting that names Python five times and microservices once leads with Python. One
    regular-expression pass splits the text into words; spellings are looked up in a table,
    so the cost does not grow with the size of the vocabulary.
    """
    parts = _SPLIT.split(text)  # gap, word, gap, word, ..., gap: split in C, not per word
    gaps, tokens = parts[0::2], parts[1::2]
    lowered = _SPLIT.split(text.lower())[1::2]
    if len(lowered) != len(tokens):  # lower-casing changed a word's shape (rare): go slowly
        lowered = [token.lower() for token in tokens]
    first_words = _FIRST_WORDS
    candidates = [
        i
        for i, low in enumerate(lowered)
        if low in first_words or (low[-1] == "." and low.rstrip(".") in first_words)
    ]
    first: dict[str, int] = {}
    count: dict[str, int] = {}
    for i in candidates:
        if _glued(i, gaps, tokens):
            continue  # "...Python", "v2.Python": glued to punctuation, not a name
        keys = [tokens[i].rstrip(".")]
        for n in range(1, _LONGEST + 1):
            if n > 1:
                if not any(key.lower() in _PREFIXES for key in keys):
                    break
                join = _join(i + n - 2, gaps, tokens)
                if not join:
                    break
                # A lone hyphen joins like the hyphen of `gitlab-ci` and like a space.
                variants = ("-", " ") if join == "-" else (join,)
                word = tokens[i + n - 1].rstrip(".")
                keys = [f"{key}{j}{word}" for key in keys for j in variants]
            if keys[0].lower() in _EXCLUDABLE and _excluded(keys[0], i + n - 1, gaps, tokens):
                continue
            for key in keys:
                for hit in (_SENSITIVE.get(key), _INSENSITIVE.get(key.lower())):
                    if hit:
                        canonical, times = hit
                        count[canonical] = count.get(canonical, 0) + times
                        first.setdefault(canonical, i)
    return sorted(first, key=lambda name: (-count[name], first[name]))


def _glued(i: int, gaps: list[str], tokens: list[str]) -> bool:
    """Word `i` follows `#`, `+` or `.` directly (or the previous word's full stops)."""
    gap = gaps[i]
    if gap:
        return gap[-1] in "#+."
    return i > 0 and tokens[i - 1].endswith(".")


def _join(i: int, gaps: list[str], tokens: list[str]) -> str:
    """How word `i` joins word `i + 1` in a spelling: " " (spaces or hyphens), "-" (one
    hyphen), "/" (one slash), or "" (not joined: other punctuation, or a full stop)."""
    if i + 1 >= len(tokens) or tokens[i].endswith("."):
        return ""
    gap = gaps[i + 1]
    if gap in {"/", "-"}:
        return gap
    if gap and not gap.replace("-", "").strip():
        return " "
    return ""


def _excluded(key: str, last: int, gaps: list[str], tokens: list[str]) -> bool:
    """A spelling that the next words show is something else (`Go to`, `TS/SCI`)."""
    slash = _join(last, gaps, tokens) == "/"
    if slash and _NOT_BEFORE_SLASH.get(key.lower()) == tokens[last + 1].rstrip(".").lower():
        return True
    for phrase in _NOT_BEFORE_WORDS.get(key, ()):
        at = last
        for word in phrase:
            if _join(at, gaps, tokens) not in {" ", "-"}:
                break
            at += 1
            # `Go to.Python`: the word ends where a dot glues on the next one
            if tokens[at].lower().split(".", 1)[0] != word:
                break
        else:
            return True
    return False


def merge_skills(*groups: Iterable[str]) -> list[str]:
    """Concatenate skill lists, keeping the first occurrence of each canonical name."""
    seen: dict[str, str] = {}
    for group in groups:
        for skill in group:
            canonical = canonical_skill(skill)
            if canonical and canonical.lower() not in seen:
                seen[canonical.lower()] = canonical
    return list(seen.values())
