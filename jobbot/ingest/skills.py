"""The skill vocabulary: canonical names and the spellings postings use for them.

`golang` → Go, `Postgres` → PostgreSQL, `k8s` → Kubernetes. Matching is on token boundaries,
so `Java` never matches inside `JavaScript` and `SQL` never inside `MySQL`. A few names are
also English words (`Go`, `Node`, `Rust`, `Swift`, `REST`) and match only as written with a
capital letter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

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

# A token boundary: not glued to letters, digits or the symbols that extend a name (C#, C++,
# Node.js). A trailing full stop is allowed, so `... and Go.` still matches, and so is a
# slash or hyphen, so `Django/Flask` and `Python-based` name both.
_BEFORE = r"(?<![\w#+.])"
_AFTER = r"(?![\w#+]|\.\w)"
# `Go` as a verb: "Go to", "Go ahead", "Go-to" are not the language.
# `TS/SCI` is a US security clearance, not TypeScript.
_NOT_AFTER = {
    "Go": r"(?!\s+(?:to|ahead|beyond|for it|live|back|through)\b)",
    "ts": r"(?!/SCI)",
}


@dataclass(frozen=True)
class _Term:
    canonical: str
    pattern: re.Pattern[str]


def _compile() -> list[_Term]:
    terms: list[_Term] = []
    for canonical, (insensitive, sensitive) in _VOCABULARY.items():
        for spelling, flags in [(s, re.I) for s in insensitive] + [(s, 0) for s in sensitive]:
            body = re.escape(spelling).replace(r"\ ", r"[\s-]+")
            extra = _NOT_AFTER.get(spelling, "")
            terms.append(_Term(canonical, re.compile(f"{_BEFORE}{body}{_AFTER}{extra}", flags)))
    return terms


_TERMS = _compile()
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

    A posting that names Python five times and microservices once leads with Python.
    """
    first: dict[str, int] = {}
    count: dict[str, int] = {}
    for term in _TERMS:
        for match in term.pattern.finditer(text):
            count[term.canonical] = count.get(term.canonical, 0) + 1
            first[term.canonical] = min(first.get(term.canonical, match.start()), match.start())
    return sorted(first, key=lambda name: (-count[name], first[name]))


def merge_skills(*groups: Iterable[str]) -> list[str]:
    """Concatenate skill lists, keeping the first occurrence of each canonical name."""
    seen: dict[str, str] = {}
    for group in groups:
        for skill in group:
            canonical = canonical_skill(skill)
            if canonical and canonical.lower() not in seen:
                seen[canonical.lower()] = canonical
    return list(seen.values())
