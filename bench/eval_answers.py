"""Answer evaluation: the engine over the bundled knowledge, against a labelled set of
questions written the way people type in chat.

    python bench/eval_answers.py                  # figures for dev, holdout and all
    python bench/eval_answers.py --failures       # also list every miss
    python bench/eval_answers.py --set other.jsonl --knowledge path/to/knowledge

Each line of the set (`bench/data/answers.jsonl`) is one question:

- `kind: faq` — a paraphrase of an FAQ entry; `entry` is the entry's id. Right when the
  answer carries that entry (an FAQ answer, or the FAQ beside figures), wrong when it
  carries another, declined when it carries none.
- `kind: none` — a question the FAQ cannot answer: any FAQ entry in the answer is wrong.
- `kind: jobs` / `stats` — a search or a figures question: `must` / `must_not` list posting
  files that the results (first 25) must / must not include, `says` strings the text must
  contain.

`intent` (faq, jobs or stats) is checked for every line that has one. `split` is `dev` (what
the matcher was tuned on) or `holdout` (kept aside, to show how it does on questions it was
not tuned on). The blind set (`bench/data/blind.jsonl`, `--set bench/data/blind.jsonl`) was
written from the FAQ entries alone, before its figures were first taken: `blind` is what
changes were checked against, `final` was kept sealed until the end — `--failures` does not
list a sealed split's misses unless `--unseal` is given, so tuning cannot look at them.
`bench/data/blind2.jsonl` and `bench/data/blind3.jsonl` are later blind sets with the same
splits (blind3 was written before round 4 changed any code; figures in docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jobbot.engine import Engine  # noqa: E402
from jobbot.models import Answer, Request  # noqa: E402
from jobbot.sources import directories  # noqa: E402

TODAY = date(2026, 11, 23)
"""The day the bundled postings are read on (recency questions depend on it)."""


@dataclass
class Tally:
    """Counts for one split."""

    faq: int = 0
    right: int = 0
    wrong: int = 0
    declined: int = 0
    none: int = 0
    none_answered: int = 0
    intents: int = 0
    intents_right: int = 0
    results: int = 0
    results_right: int = 0
    misses: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, float]:
        asked = self.faq + self.none
        return {
            "top1_accuracy": self.right / self.faq if self.faq else 0.0,
            "wrong_answer_rate": (self.wrong + self.none_answered) / asked if asked else 0.0,
            "decline_rate": self.declined / self.faq if self.faq else 0.0,
            "unanswerable_declined": 1 - self.none_answered / self.none if self.none else 0.0,
            "intent_accuracy": self.intents_right / self.intents if self.intents else 0.0,
            "results_right": self.results_right / self.results if self.results else 0.0,
        }


def entry_of(answer: Answer) -> str | None:
    """The FAQ entry an answer gives, if it gives one."""
    return answer.faq[0].id if answer.faq else None


def shown_files(answer: Answer) -> set[str]:
    return {hit.source.rsplit("/", 1)[-1] for hit in answer.jobs}


def evaluate(engine: Engine, items: list[dict], tallies: dict[str, Tally]) -> None:
    for item in items:
        text = item["text"]
        answer = engine.ask(Request(text=text, page_size=25))
        for tally in (tallies[item.get("split", "dev")], tallies["all"]):
            score(item, answer, tally)


def score(item: dict, answer: Answer, tally: Tally) -> None:
    text, kind = item["text"], item["kind"]
    got = entry_of(answer)
    if kind == "faq":
        tally.faq += 1
        if got == item["entry"]:
            tally.right += 1
        elif got is None:
            tally.declined += 1
            tally.misses.append(f"declined   {text!r} (want {item['entry']})")
        else:
            tally.wrong += 1
            tally.misses.append(f"WRONG      {text!r} → {got} (want {item['entry']})")
    elif kind == "none":
        tally.none += 1
        if got is not None:
            tally.none_answered += 1
            tally.misses.append(f"INVENTED   {text!r} → {got}")
    else:
        tally.results += 1
        shown = shown_files(answer)
        missing = set(item.get("must", [])) - shown
        extra = set(item.get("must_not", [])) & shown
        unsaid = [s for s in item.get("says", []) if s not in answer.text]
        if missing or extra or unsaid:
            tally.misses.append(
                f"results    {text!r}: missing {sorted(missing)} unwanted {sorted(extra)} "
                f"unsaid {unsaid}"
            )
        else:
            tally.results_right += 1
    if "intent" in item:
        tally.intents += 1
        if answer.intent == item["intent"]:
            tally.intents_right += 1
        else:
            tally.misses.append(f"intent     {text!r}: {answer.intent} (want {item['intent']})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=ROOT / "bench" / "data" / "answers.jsonl")
    parser.add_argument("--knowledge", type=Path, default=ROOT / "knowledge")
    parser.add_argument("--failures", action="store_true", help="list every miss")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--sealed",
        action="append",
        default=None,
        help="a split whose misses --failures keeps hidden (default: final)",
    )
    parser.add_argument("--unseal", action="store_true", help="list the sealed splits' misses too")
    args = parser.parse_args(argv)
    items = [json.loads(line) for line in args.set.read_text().splitlines() if line.strip()]
    engine = Engine.from_source(directories([args.knowledge]), today=lambda: TODAY)
    tallies: dict[str, Tally] = defaultdict(Tally)
    evaluate(engine, items, tallies)
    known = ("dev", "holdout", "blind", "final")
    order = [s for s in known if s in tallies]
    order += [*sorted(s for s in tallies if s not in known and s != "all"), "all"]
    sealed = set() if args.unseal else set(args.sealed or ["final"])
    if args.json:
        print(json.dumps({s: tallies[s].figures() for s in order}, indent=2))
        return 0
    where = args.set.relative_to(ROOT) if args.set.is_relative_to(ROOT) else args.set
    print(f"{len(items)} questions from {where}")
    header = f"{'':10}{'FAQ':>5}{'top-1':>8}{'wrong':>8}{'decline':>9}{'none':>6}{'refused':>9}"
    header += f"{'intent':>8}{'results':>9}"
    print(header)
    for split in order:
        t, f = tallies[split], tallies[split].figures()
        print(
            f"{split:10}{t.faq:>5}{f['top1_accuracy']:>8.1%}{f['wrong_answer_rate']:>8.1%}"
            f"{f['decline_rate']:>9.1%}{t.none:>6}{f['unanswerable_declined']:>9.1%}"
            f"{f['intent_accuracy']:>8.1%}{f['results_right']:>9.1%}"
        )
    if args.failures:
        for split in order:
            if split == "all" or split in sealed:
                continue
            print(f"\n{split} misses:")
            for miss in tallies[split].misses:
                print("  " + miss)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
