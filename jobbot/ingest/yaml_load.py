"""YAML front matter read with libyaml, but without aliases and without deep nesting.

An alias bomb (`a: &a [x, x]`, `b: &b [*a, *a]`, ... nine levels) is 400 bytes that expand
to millions of values the moment anything walks them; a file nested thousands of levels
deep exhausts the stack. Front matter needs neither, so both are refused with a message
naming the line. Parsing stays in C (libyaml); only composing nodes runs in Python.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.resolver import Resolver

MAX_DEPTH = 16

try:  # libyaml is in every PyYAML wheel; the pure-Python parser is the fallback
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.parser import Parser as _Parser  # type: ignore[assignment]
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _PyParser(Reader, Scanner, _Parser):  # type: ignore[misc,valid-type]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            _Parser.__init__(self)

    _Parser = _PyParser  # type: ignore[misc,assignment]


class YAMLRefused(yaml.MarkedYAMLError):
    """Front matter that is valid YAML but not allowed here (an alias, too deep)."""


class _GuardedLoader(Composer, _Parser, SafeConstructor, Resolver):  # type: ignore[misc,valid-type]
    """SafeLoader semantics; aliases and nesting deeper than `MAX_DEPTH` are errors."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise YAMLRefused(
                problem=f"an alias (*{event.anchor}) is not allowed in front matter; "
                "write the value out",
                problem_mark=event.start_mark,
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise YAMLRefused(
                    problem=f"values nested more than {MAX_DEPTH} levels deep",
                    problem_mark=self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


try:
    _FAST: type | None = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _FAST = None


def _plainly_shallow(text: str) -> bool:
    """True when `text` can hold no alias and nest no deeper than `MAX_DEPTH`: no `*`, no
    brackets, and indentation within the limit. Such YAML (most front matter) is read by
    libyaml alone; anything else goes through the guarded composer."""
    if "*" in text or "[" in text or "{" in text or len(text) > 20_000:
        return False
    lines = text.split("\n")
    indent = max((len(line) - len(line.lstrip(" ")) for line in lines), default=0)
    dashes = max((line.count("- ") for line in lines), default=0)
    return indent + dashes + 1 <= MAX_DEPTH


def load_yaml(text: str) -> Any:
    """The YAML document in `text` as Python values; `yaml.YAMLError` when it is invalid,
    `YAMLRefused` (a YAMLError) when it uses an alias or nests too deep."""
    if _FAST is not None and _plainly_shallow(text):
        return yaml.load(text, Loader=_FAST)
    loader = _GuardedLoader(text)
    try:
        return loader.get_single_data()
    except RecursionError:
        raise YAMLRefused(problem="values nested too deeply") from None
    finally:
        loader.dispose()
