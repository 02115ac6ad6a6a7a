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
_WORD = re.compile(r"\.?[\w#+]+(?:\.[\w#+]+)*\.*")
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
    words: list[str] = []
    starts: list[int] = []
    joins: list[str] = []  # how word i is joined to word i+1: " ", "/" or "" (not joined)
    previous_end = -1
    for match in _WORD.finditer(text):
        word = match.group(0)
        start = match.start()
        if start and (text[start - 1] in "#+." or text[start - 1].isalnum()):
            previous_end = -1  # "...Python": glued to punctuation, as before a boundary
            continue
        stripped = word.rstrip(".")
        if previous_end >= 0:
            gap = text[previous_end:start]
            if gap in {"/", "-"}:
                joins[-1] = gap
            elif not gap.replace("-", "").strip():
                joins[-1] = " "
        words.append(stripped)
        starts.append(start)
        joins.append("")
        previous_end = match.end() if stripped == word else -1  # a full stop ends a phrase
    first: dict[str, int] = {}
    count: dict[str, int] = {}
    for i, word in enumerate(words):
        if word.lower() not in _FIRST_WORDS:
            continue
        keys = [word]
        for n in range(1, _LONGEST + 1):
            if n > 1:
                join = joins[i + n - 2]
                if i + n - 1 >= len(words) or not join:
                    break
                # A lone hyphen joins like the hyphen of `gitlab-ci` and like a space.
                variants = ("-", " ") if join == "-" else (join,)
                keys = [f"{key}{j}{words[i + n - 1]}" for key in keys for j in variants]
            if _excluded(keys[0], i + n, words, joins):
                continue
            for key in keys:
                for hit in (_SENSITIVE.get(key), _INSENSITIVE.get(key.lower())):
                    if hit:
                        canonical, times = hit
                        count[canonical] = count.get(canonical, 0) + times
                        first.setdefault(canonical, starts[i])
    return sorted(first, key=lambda name: (-count[name], first[name]))


def _excluded(key: str, after: int, words: list[str], joins: list[str]) -> bool:
    """A spelling that the next words show is something else (`Go to`, `TS/SCI`)."""
    slash = after - 1 < len(joins) and joins[after - 1] == "/" and after < len(words)
    if slash and _NOT_BEFORE_SLASH.get(key.lower()) == words[after].lower():
        return True
    for phrase in _NOT_BEFORE_WORDS.get(key, ()):
        if after + len(phrase) - 1 < len(words) and all(
            joins[after + k - 1] in {" ", "-"} and words[after + k].lower() == phrase[k]
            for k in range(len(phrase))
        ):
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
