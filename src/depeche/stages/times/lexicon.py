"""The times lexicon (`lang/<lang>/times.toml`): its schema, and its compiled form.

`TimesLexicon.from_data(data)` is built once per stage: the words as lookup tables, the
`[cues]` as compiled regular expressions, the `[[rules]]` as compiled patterns in which
`{NAME}` is replaced by the alternation of a word list or by a `[fragments]` entry."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

from ...errors import SettingsError
from ...lexicons import Table, first_char_guard, validate

__all__ = ["SCHEMA", "Rule", "TimesLexicon"]

SCHEMA: dict[str, Any] = {
    "months": Table(int),
    "month_abbrevs": Table(int),
    "weekdays": Table(int),
    "parts": Table(str),
    "seasons": Table(str),
    "numbers": Table(float),
    "vague_numbers": {"words": [str]},
    "units": Table(list),
    "vague_span": {"ago": [int], "recent": [int]},
    "duration_nouns": {"words": [str]},
    "age": {"nouns": [str], "before": [str]},
    "words": {"det_day?": [str], "rel_past": [str], "rel_next": [str], "phase_words": [str]},
    "deictic": Table(int),
    "refs": Table([str]),
    "fixed": Table([str]),
    "feasts": Table([int]),
    "readings": {"first_day": [str], "rel_back": [str], "rel_reference": [str],
                 "this_dets": [str], "that_suffix": str},
    "phases": {"month": Table([int]), "year": Table([int]), "lead": str},
    "periods": Table(str),
    "month_words": {"capitalised_not_month": [str], "det_outside": [str]},
    "relday": {"offsets": Table(int), "need_article": [str], "dets": [str],
               "article_before": [str], "need_au": [str], "au_before": str, "same": str,
               "same_parts": [str]},
    "set_words": Table(str),
    "durations": {"one": [str], "second_unit": str, "vague_qty": str, "vague_units": [str],
                  "day_units": [str]},
    "clock": {"words": Table([int]), "hour_word": str},
    "cues": {
        "past_before": str, "future_before": str, "weekday_past_before": str,
        "weekday_future_before": str, "month_before": str, "month_pair_after": str,
        "year_count_before": str, "year_date_before": str, "year_after": [str],
        "in_of_after": str, "age_units": [str], "age_apposition_before": str,
        "age_apposition_after": str,
        "age_range_before": str, "age_group_before": str, "age_group_det_before": str,
        "age_group_mods": [str], "age_at": str, "age_at_of_after": str,
        "age_at_not_before": str, "age_of": [str], "age_before_skip": [str],
        "second_before": str, "day_before": str, "clock_hours_before": str,
        "duration_hours_before": str, "clock_hours_not_before": str, "since_before": str,
        "clock_word_before": str, "speed_before": str,
    },
    "tense": {"conditional_endings": [str], "irregular_future_stems": [str],
              "reflexive": [str], "passive_aux": str, "perfect_aux": [str], "near_future": str,
              "near_past": str, "modals": [str]},
    "fragments": Table(str),
    "rules": [{"id": str, "kind": str, "pattern": str}],
}

# the [cues] entries that are words, not regular expressions
_CUE_WORDS = ("year_after", "age_units", "age_group_mods", "age_of", "age_before_skip", "age_at")


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    rx: re.Pattern


def alternation(words) -> str:
    """A regex alternation of `words`, longest first; spaces match any run of spaces and
    an apostrophe either apostrophe."""
    words = sorted({w for w in words}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+").replace("'", "['’]")
                            for w in words) + ")"


def _fill(pattern: str, fragments: Mapping[str, str]) -> str:
    return re.sub(r"\{([A-Z]+)\}", lambda m: fragments.get(m[1], m[0]), pattern)


def _fold(s: str) -> str:
    """Lowercased, spaces collapsed, "’" made "'": how the lookup tables are keyed."""
    return re.sub(r"\s+", " ", s.lower().replace("’", "'"))


@dataclass(frozen=True)
class TimesLexicon:
    """The compiled times lexicon; built once, read by every normaliser."""
    data: Mapping[str, Any]
    months: Mapping[str, int]
    weekdays: Mapping[str, int]
    parts: Mapping[str, str]
    seasons: Mapping[str, str]
    numbers: Mapping[str, float]
    vague_numbers: frozenset
    units: Mapping[str, tuple]
    vague_span: Mapping[str, tuple]
    duration_nouns: frozenset
    age_before: tuple
    deictic: Mapping[str, int]
    refs: Mapping[str, str]
    feasts: Mapping[str, tuple]
    fixed: Mapping[str, tuple]
    first_day: frozenset
    rel_back: tuple
    rel_reference: tuple
    rel_next: frozenset
    this_dets: tuple
    that_suffix: str
    phases: Mapping[str, Mapping[str, tuple]]
    phase_lead: re.Pattern
    periods: Mapping[str, str]
    capitalised_not_month: frozenset
    month_det_outside: frozenset
    relday: Mapping[str, Any]
    set_words: Mapping[str, str]
    durations: Mapping[str, Any]
    clock_words: Mapping[str, tuple]
    hour_word: str
    cues: Mapping[str, Any]
    tense: Mapping[str, Any]
    rules: tuple

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> "TimesLexicon":
        validate(data, SCHEMA)
        fields = _words(data)
        return cls(data=data, **fields, rules=_compile_rules(data, fields))

    # ------------------------------------------------------------------ readings
    def number(self, s: str | None) -> float | None:
        """The number a quantity says ("trois", "12", "2,5"); None if vague or unknown."""
        if s is None:
            return None
        s = _fold(s)
        if s in self.vague_numbers:
            return None
        if re.fullmatch(r"\d+(?:[,.]\d+)?", s):
            return float(s.replace(",", "."))
        return self.numbers.get(s)

    def month(self, s: str) -> int:
        return self.months[s.lower().rstrip(".")]

    def day(self, s: str) -> int:
        s = s.lower()
        return 1 if s in self.first_day else int(s)

    def part(self, s: str | None) -> str | None:
        """The TIMEX3 code of a part of day ("soirée" -> "EV"), or None."""
        if not s:
            return None
        return self.parts.get(_fold(s))

    def rel(self, s: str | None) -> int:
        """-1 for a word looking back ("dernier"), 1 for one looking ahead, 0 for none."""
        if not s:
            return 0
        return -1 if s.lower().startswith(self.rel_back) else 1

    def ref(self, s: str) -> str | None:
        return self.refs.get(_fold(s))

    def feast(self, s: str) -> tuple:
        return self.feasts[_fold(s)]

    def check_kinds(self, kinds) -> None:
        """An error naming the rule whose `kind` has no normaliser."""
        for rule in self.rules:
            if rule.kind not in kinds:
                raise SettingsError(f"lexicon times: rule {rule.id!r} has an unknown kind "
                                    f"{rule.kind!r}; known: {', '.join(sorted(kinds))}")


def _tuples(table: Mapping[str, Any]) -> dict[str, Any]:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in table.items()}


def _words(data: Mapping[str, Any]) -> dict[str, Any]:
    """The lookup tables of the lexicon, keyed as the normalisers look them up."""
    months = {k.lower(): v for k, v in data["months"].items()}
    months.update({k.lower(): v for k, v in data["month_abbrevs"].items()})
    readings = data["readings"]
    return dict(
        months=months,
        weekdays=dict(data["weekdays"]),
        parts={re.sub(r"\s+", " ", k.lower()): v for k, v in data["parts"].items()},
        seasons=dict(data["seasons"]),
        numbers={k.lower(): v for k, v in data["numbers"].items()},
        vague_numbers=frozenset(data["vague_numbers"]["words"]),
        units={k: tuple(v) for k, v in data["units"].items()},
        vague_span={k: tuple(v) for k, v in data["vague_span"].items()},
        duration_nouns=frozenset(w.lower() for w in data["duration_nouns"]["words"]),
        age_before=tuple(w.lower() for w in data["age"]["before"]),
        deictic={k.lower(): v for k, v in data["deictic"].items()},
        refs={w.lower().replace("’", "'"): ref for ref, ws in data["refs"].items() for w in ws},
        feasts={k.lower(): tuple(v) for k, v in data["feasts"].items()},
        fixed={k.lower(): tuple(v) for k, v in data["fixed"].items()},
        first_day=frozenset(readings["first_day"]),
        rel_back=tuple(readings["rel_back"]),
        rel_reference=tuple(readings["rel_reference"]),
        rel_next=frozenset(data["words"]["rel_next"]),
        this_dets=tuple(readings["this_dets"]),
        that_suffix=readings["that_suffix"],
        phases={letter: {k: tuple(v) for k, v in data["phases"][key].items()}
                for letter, key in (("M", "month"), ("Y", "year"))},
        phase_lead=re.compile(data["phases"]["lead"]),
        periods=dict(data["periods"]),
        capitalised_not_month=frozenset(data["month_words"]["capitalised_not_month"]),
        month_det_outside=frozenset(data["month_words"]["det_outside"]),
        relday={**_tuples(data["relday"]), "offsets": dict(data["relday"]["offsets"])},
        set_words=dict(data["set_words"]),
        durations=_tuples(data["durations"]),
        clock_words={k: tuple(v) for k, v in data["clock"]["words"].items()},
        hour_word=data["clock"]["hour_word"],
        cues={k: (tuple(v) if isinstance(v, list) else v) if k in _CUE_WORDS else re.compile(v)
              for k, v in data["cues"].items()},
        tense=_tuples(data["tense"]),
    )


def _fragments(data: Mapping[str, Any], w: Mapping[str, Any]) -> dict[str, str]:
    """`{NAME}` of the rule patterns: the word lists as alternations, then `[fragments]`."""
    words = data["words"]
    fragments = {
        "MONTH": f"(?:{alternation(data['months'])}|{alternation(data['month_abbrevs'])}\\.)",
        "WD": alternation(w["weekdays"]),
        "PART": alternation(data["parts"].keys()),
        "NUM": alternation(w["numbers"]),
        "VAGUE": alternation(w["vague_numbers"]),
        "UNIT": alternation(w["units"]),
        "PAST": alternation(words["rel_past"]),
        "NEXT": alternation(words["rel_next"]),
        "SEASON": alternation(w["seasons"]),
        "DEICTIC": alternation(w["deictic"]),
        "REF": alternation(w["refs"]),
        "FEAST": alternation(w["feasts"]),
        "FIXED": alternation(w["fixed"]) if w["fixed"] else "(?!)",
        "PHASE": alternation(words["phase_words"]),
    }
    for _ in range(3):  # fragments may use fragments
        for name, frag in data["fragments"].items():
            fragments[name] = _fill(frag, fragments)
    return fragments


def _compile_rules(data: Mapping[str, Any], words: Mapping[str, Any]) -> tuple[Rule, ...]:
    fragments = _fragments(data, words)
    rules = []
    for rule in data["rules"]:
        pattern = _fill(rule["pattern"], fragments)
        rx = re.compile(r"(?<![\w])" + first_char_guard(pattern + r"(?![\w])", re.IGNORECASE),
                        re.IGNORECASE)
        rules.append(Rule(rule["id"], rule["kind"], rx))
    return tuple(rules)
