"""The sources file: every kind it takes, and errors that name the line and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobbot.sources.specs import (
    DEFAULT_EVERY,
    SourcesFileError,
    duration_label,
    parse_duration,
    parse_sources,
    read_sources,
)

GOOD = """\
# boards we read
[[source]]
kind = "greenhouse"
id = "airbnb"

[[source]]
kind = "lever"
id = "palantir"
company = "Palantir Technologies"
every = "1h"

[[source]]
kind = "jsonld"
urls = ["https://careers.example.com/jobs/1", "https://careers.example.com/sitemap.xml"]

[[source]]
kind = "feed"
url = "https://weworkremotely.com/remote-jobs.rss"
every = 600

[[source]]
kind = "hn"
id = 41709301
"""


def test_every_entry_becomes_a_spec_with_defaults() -> None:
    specs = parse_sources(GOOD)
    assert [s.key for s in specs] == [
        "greenhouse:airbnb",
        "lever:palantir",
        "jsonld:careers.example.com",
        "feed:weworkremotely.com",
        "hn:41709301",
    ]
    assert specs[0].every == DEFAULT_EVERY == 900
    assert specs[1].company == "Palantir Technologies"
    assert specs[1].every == 3600
    assert specs[2].urls[1] == "https://careers.example.com/sitemap.xml"
    assert specs[3].every == 600
    assert [s.line for s in specs] == [2, 6, 12, 16, 21]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[source]]\nkind = "greenhose"\nid = "x"\n', "line 2: kind: 'greenhose' is not a kind"),
        ('[[source]]\nkind = "lever"\nid = "x"\ncompnay = "X"\n', "line 4: compnay: unknown key"),
        ('[[source]]\nid = "x"\n', "line 1: this source has no kind"),
        ('[[source]]\nkind = "lever"\n', "line 1: a lever source needs id"),
        ('[[source]]\nkind = "lever"\nid = "a b"\n', "line 3: id: 'a b' is not a board name"),
        ('[[source]]\nkind = "hn"\nid = "abc"\n', "line 3: id: 'abc' is not a Hacker News"),
        ('[[source]]\nkind = "lever"\nid = "x"\nevery = "soon"\n', "line 4: every: 'soon'"),
        (
            '[[source]]\nkind = "lever"\nid = "x"\nevery = "2s"\n',
            "line 4: every: '2s' is too often",
        ),
        ('[[source]]\nkind = "lever"\nid = "x"\nurl = "ftp://a/b"\n', "line 4: url: 'ftp://a/b'"),
        ('[[source]]\nkind = "jsonld"\nid = "x"\n', "line 1: a jsonld source needs urls"),
        ('[[source]]\nkind = "feed"\n', "line 1: a feed source needs url"),
        ('[[source]]\nkind = "lever"\nid = "x"\nurls = ["https://a/"]\n', "line 4: urls: only"),
        (
            '[[source]]\nkind="lever"\nid="x"\n\n[[source]]\nkind="lever"\nid="x"\n',
            "line 5: source lever:x is already listed on line 1",
        ),
        ('[[sources]]\nkind = "lever"\n', "line 1: unknown key 'sources'"),
        ('[[source]]\nkind = 5\nid = "x"\n', "line 2: kind: 5 is not a kind"),
        (
            '[[source]]\nkind = "lever"\nid = "https://jobs.lever.co/palantir"\n',
            'line 3: id: give the board name, e.g. id = "palantir" (from that address)',
        ),
        (
            '[[source]]\nkind = "hn"\nid = "https://news.ycombinator.com/item?id=41709301"\n',
            'line 3: id: give the thread\'s item id, e.g. id = "41709301" (from that address)',
        ),
        ('[[source]]\nkind = "lever"\nid = true\n', "line 3: id: must be text"),
        ('[[source]]\nkind = "lever"\nid = ["a"]\n', "line 3: id: must be text"),
        ('[[source]]\nkind = "lever"\nid = "x"\ncompany = 5\n', "line 4: company: must be"),
        ('[[source]]\nkind = "lever"\nid = "x"\nevery = [1]\n', "line 4: every: [1] is not"),
        ('[[source]]\nkind = "lever"\nid = "x"\nevery = -5\n', "line 4: every: -5 is not"),
        ('[[source]]\nkind = "lever"\nid = "x"\nevery = "90d"\n', "line 4: every: '90d' is too"),
        ('[[source]]\nkind = "lever"\nid = "x"\nurl = 5\n', "line 4: url: 5 is not an http"),
        ('[[source]]\nkind = "lever"\nid = "x"\nurl.a = "b"\n', "line 4: url: {'a': 'b'}"),
        ('[[source]]\nkind = "jsonld"\nurls = []\n', "line 3: urls: must be a list"),
        ('[[source]]\nkind = "jsonld"\nurls = [5]\n', "line 3: urls: 5 is not an http"),
        ('[source]\nkind = "lever"\nid = "x"\n', "line 1: 'source' must be [[source]] tables"),
        (
            '[[source]]\nkind = "lever"\nid = "x"\n[source.extra]\na = 1\n',
            "line 4: extra: unknown key",
        ),
        (
            '[[source]]\nkind="lever"\nid="acme"\n\n[[source]]\nkind="lever"\nid="Acme"\n',
            "line 5: source lever:Acme is already listed on line 1",
        ),
        (
            '# [[source]]\n[[source]]\nkind = "lever"\nid = "a"\n\n[[source]]\nkind = "x"\n',
            "line 7: kind: 'x' is not a kind",
        ),
        ('[[source]]\nkind = "lever\n', "not valid TOML"),
    ],
)
def test_a_bad_file_names_the_line_and_the_key(text: str, message: str) -> None:
    with pytest.raises(SourcesFileError) as caught:
        parse_sources(text, "jobs.toml")
    assert str(caught.value).startswith("jobs.toml")
    assert message in str(caught.value)


def test_a_missing_or_binary_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SourcesFileError, match="no such sources file"):
        read_sources(tmp_path / "nope.toml")
    (tmp_path / "bad.toml").write_bytes(b"\xff\xfe\x00kind")
    with pytest.raises(SourcesFileError, match="not UTF-8"):
        read_sources(tmp_path / "bad.toml")


def test_an_empty_file_lists_no_sources() -> None:
    assert parse_sources("# nothing yet\n") == []


def test_durations_read_and_print_as_people_write_them() -> None:
    assert [parse_duration(v) for v in ("15m", "1h30m", "90", 45, "1d", "2h 5m")] == [
        900,
        5400,
        90,
        45,
        86400,
        7500,
    ]
    assert [parse_duration(v) for v in ("", "m", "-5", True, "fast", 0)] == [None] * 6
    assert [duration_label(s) for s in (900, 5400, 45)] == ["15m", "1h30m", "45s"]
