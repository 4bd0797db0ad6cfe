"""French numbers in running text: "6.000", "6 000", "1,5 million", "six mille",
"une soixantaine", "au moins 14", "entre 10 et 15", "des dizaines".

    grammar = NumberGrammar.load(lexicons)     # lang/fr/numbers.toml, checked
    for q in find_quantities(text, grammar): q.value, q.approx, q.unit, q.kind ...
    parse_number("quatre-vingt-dix-sept", grammar) -> 97.0

Words, scales, approximations, vague quantities and units are data
(`lang/fr/numbers.toml`); runs of number words are read by `text2num`. A quantity
knows what it is (`kind`): a `count` (which figures are made of), or a `year`, `date`,
`label`, `measure` (with its `unit`) that is never a count of victims.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Iterator, Mapping

from text_to_num import text2num

from .lexicons import Table, validate

__all__ = ["Quantity", "NumberGrammar", "find_quantities", "parse_number", "SCHEMA"]

# `lang/<lang>/numbers.toml`: a misspelt key is an error naming the file and the key
SCHEMA: dict[str, Any] = {
    "words": {"numerals": [str], "joiners": [str], "articles": [str], "joined_tens": [str],
              "joined_units": [str], "word_scales": [str], "complement": [str],
              "list_joiners": [str]},
    "scales": Table(float),
    "approx_nouns": Table(float),
    "vague": {"determiners": [str], "plural_bases": Table(float), "several": [str],
              "several_bases": Table(float), "several_factor": float, "alone": [str],
              "alone_value": float},
    "approx": {"before": [str], "after": [str]},
    "ranges": {"patterns": [[str]]},
    "units": Table([str]),
    "dates": {"months": [str], "year_min": int, "year_max": int},
}

_APOS = str.maketrans({"’": "'", "\u00a0": " ", "\u202f": " ", "\u2009": " "})
_SEP = ".\u00a0\u202f\u2009 "
_DIGITS = re.compile(
    r"(?<![\w,/-])(?<!\d\.)(\d{1,3}(?:[" + _SEP + r"]\d{3})+|\d+)(?:,(\d+))?(?![\w/]|,\d|\.\d)")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_PHONE = re.compile(r"(?<!\d)0\d(?:[ .]\d\d){4}(?!\d)")
_PREVIOUS_WORD = re.compile(r"([^\W\d_]+|[€$£°%])['’]?\s*$")
_NAME_BEFORE = re.compile(r"(^|[^\s])(\s*)([A-ZÀ-ÖØ-Þ][\w-]*) $")
_NAME_END = re.compile(r"\s*([A-ZÀ-ÖØ-Þ]|[,.;:)]|$)")


@dataclass(frozen=True, slots=True)
class Quantity:
    """One number expression: [start, end) covers modifiers ("au moins six"), while
    [num_start, num_end) is the number itself ("six")."""
    start: int
    end: int
    num_start: int
    num_end: int
    value: float
    approx: bool = False
    value_max: float | None = None
    vague: bool = False
    kind: str = "count"          # count | year | date | label | measure
    unit: str | None = None
    article: bool = False        # a bare "un"/"une": a number only if a count follows
    words: bool = False          # written in words

    @property
    def is_time(self) -> bool:
        """A year or a day of the month: never a figure."""
        return self.kind in ("year", "date")

    @property
    def is_measure(self) -> bool:
        """A measure (age, money, distance...) or a label ("catégorie 4")."""
        return self.kind in ("measure", "label")


def _glued(words) -> str:
    """A regex group of `words`, each followed by a space unless it ends in an apostrophe
    ("de ", "d'")."""
    return "(" + "|".join(re.escape(w) + ("" if w.endswith("'") else " ") for w in words) + ")"


def _phrases(items) -> tuple[str, ...]:
    return tuple(sorted({str(i).lower().translate(_APOS) for i in items}, key=len, reverse=True))


@dataclass(frozen=True)
class NumberGrammar:
    numerals: frozenset[str]
    joiners: frozenset[str]
    scales: Mapping[str, float]
    approx_nouns: Mapping[str, float]
    vague_bases: Mapping[str, float]
    several_bases: Mapping[str, float]
    vague_determiners: tuple[str, ...]
    several: frozenset[str]
    several_factor: float
    alone: tuple[str, ...]
    alone_value: float
    approx_before: tuple[str, ...]
    approx_after: tuple[str, ...]
    ranges: tuple[tuple[str, str], ...]
    units: tuple[tuple[str, str], ...]        # (phrase, unit), longest first
    label_before: frozenset[str]
    unit_adjectives: tuple[str, ...]
    money_before: tuple[str, ...]
    months: frozenset[str]
    year_min: int
    year_max: int
    articles: frozenset[str]           # a bare "un"/"une"
    joined_tens: frozenset[str]        # "vingt" in "vingt et un"
    joined_units: frozenset[str]       # "un" in "vingt et un"
    word_scales: frozenset[str]        # scales a number in words reads itself ("deux mille")
    unit_of: re.Pattern                # "de", "d'" between a number and its unit
    vague_of: re.Pattern               # "de milliers" after a vague base
    unit_between: re.Pattern | None    # an adjective between a number and its unit
    chain: re.Pattern                  # the numbers after one, sharing its unit

    @cached_property
    def scales_longest_first(self) -> tuple[str, ...]:
        return tuple(sorted(self.scales, key=len, reverse=True))

    @cached_property
    def approx_nouns_longest_first(self) -> tuple[str, ...]:
        return tuple(sorted(self.approx_nouns, key=len, reverse=True))

    @cached_property
    def alone_patterns(self) -> dict[str, re.Pattern]:
        """Each phrase of `alone` as a whole-word search."""
        return {p: re.compile(r"(?<!\w)" + re.escape(p) + r"(?!\w)") for p in self.alone}

    @classmethod
    def load(cls, lexicons: Any) -> "NumberGrammar":
        """Read and check `numbers` from a `Lexicons`."""
        return cls.from_dict(lexicons.get("numbers", SCHEMA))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "NumberGrammar":
        validate(data, SCHEMA)
        w, v, a = data["words"], data["vague"], data["approx"]
        u, d = data["units"], data["dates"]
        units = [(p, unit) for unit, phrases in u.items() if isinstance(phrases, list)
                 and unit not in ("label_before", "money_before", "adjectives")
                 for p in _phrases(phrases)]
        units.sort(key=lambda x: len(x[0]), reverse=True)
        unit_adjectives = _phrases(u.get("adjectives", ()))
        return cls(
            numerals=frozenset(_phrases(w["numerals"])),
            joiners=frozenset(_phrases(w["joiners"])),
            scales={k.lower(): float(x) for k, x in data["scales"].items()},
            approx_nouns={k.lower(): float(x) for k, x in data["approx_nouns"].items()},
            vague_bases={k.lower(): float(x) for k, x in v["plural_bases"].items()},
            several_bases={k.lower(): float(x) for k, x in v["several_bases"].items()},
            vague_determiners=_phrases(v["determiners"]),
            several=frozenset(_phrases(v["several"])),
            several_factor=float(v["several_factor"]),
            alone=_phrases(v["alone"]),
            alone_value=float(v["alone_value"]),
            approx_before=_phrases(a["before"]),
            approx_after=_phrases(a["after"]),
            ranges=tuple((x.lower(), y.lower()) for x, y in data["ranges"][
                "patterns"]),
            units=tuple(units),
            label_before=frozenset(_phrases(u.get("label_before", ()))),
            unit_adjectives=unit_adjectives,
            money_before=_phrases(u.get("money_before", ())),
            months=frozenset(_phrases(d["months"])),
            year_min=int(d["year_min"]),
            year_max=int(d["year_max"]),
            articles=frozenset(_phrases(w["articles"])),
            joined_tens=frozenset(_phrases(w["joined_tens"])),
            joined_units=frozenset(_phrases(w["joined_units"])),
            word_scales=frozenset(_phrases(w["word_scales"])),
            unit_of=re.compile(" *" + _glued(w["complement"])),
            vague_of=re.compile(" " + _glued(w["complement"]) + "(" + "|".join(map(
                re.escape, sorted((k.lower() for k in v["plural_bases"]), key=len, reverse=True)))
                + r")\b"),
            unit_between=re.compile(r" +(" + "|".join(map(re.escape, unit_adjectives)) + r")\b")
            if unit_adjectives else None,
            chain=re.compile(r"(?:\s*(?:," + "".join("|" + re.escape(x) for x in w["list_joiners"])
                             + r")\s*\d+(?:,\d+)?)+"),
        )


# --- reading one number ------------------------------------------------------------------

def _digits_value(whole: str, decimals: str | None) -> float:
    value = float(re.sub(r"[" + _SEP + r"]", "", whole))
    if decimals:
        value += float("0." + decimals)
    return value


def _words_value(text: str) -> float | None:
    try:
        return float(text2num(text.lower().replace("’", "'"), "fr"))
    except (ValueError, KeyError, IndexError):
        return None


def parse_number(text: str, grammar: NumberGrammar) -> float | None:
    """The value of one whole number expression ("6.000", "1,5 million", "une trentaine",
    "deux cent cinquante"), or None when `text` is not exactly one."""
    found = [q for q in find_quantities(text, grammar)]
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(text.rstrip()):
        return found[0].value
    stripped = text.strip()
    if found and len(found) == 1 and stripped:
        q = found[0]
        if text[q.start:q.end].strip() == stripped:
            return q.value
    return None


# --- scanning ------------------------------------------------------------------------------

def _word_runs(text: str, low: str, grammar: NumberGrammar) -> Iterator[tuple[int, int, float]]:
    """Runs of number words ("deux cent cinquante", "quatre-vingt-dix-sept")."""
    words = list(_WORD.finditer(low))
    i = 0
    while i < len(words):
        m = words[i]
        if not _is_numeral(m.group(), grammar):
            i += 1
            continue
        j = i
        while j + 1 < len(words):
            nxt = words[j + 1]
            gap = low[words[j].end():nxt.start()]
            if gap != " ":
                break
            if _is_numeral(nxt.group(), grammar):
                j += 1
                continue
            if nxt.group() in grammar.joiners and j + 2 < len(words) \
                    and low[nxt.end():words[j + 2].start()] == " " \
                    and _is_numeral(words[j + 2].group(), grammar) \
                    and words[j + 2].group() in grammar.joined_units \
                    and words[j].group() in grammar.joined_tens:
                j += 2
                continue
            break
        # shrink until text2num accepts the run
        k = j
        while k >= i:
            s, e = words[i].start(), words[k].end()
            value = _words_value(low[s:e])
            if value is not None:
                yield s, e, value
                break
            k -= 1
        i = max(k, i) + 1


def _is_numeral(word: str, grammar: NumberGrammar) -> bool:
    return word in grammar.numerals or "-" in word and all(
        p in grammar.numerals or p in grammar.joiners for p in word.split("-"))


def _skip_space(low: str, pos: int) -> int:
    while pos < len(low) and low[pos] == " ":
        pos += 1
    return pos


def _match_after(low: str, pos: int, phrases) -> tuple[str, int] | None:
    """The phrase of `phrases` that starts at `pos` (after spaces), ending on a word edge."""
    pos = _skip_space(low, pos)
    for phrase in phrases:
        if low.startswith(phrase, pos):
            end = pos + len(phrase)
            if end >= len(low) or not (low[end].isalnum() and phrase[-1].isalnum()):
                return phrase, end
    return None


def _match_before(low: str, pos: int, phrases) -> tuple[str, int] | None:
    """The phrase of `phrases` that ends right before `pos` (with a space or an
    apostrophe in between), starting on a word edge."""
    spaced = pos > 0 and low[pos - 1] == " "
    for phrase in phrases:
        if phrase.endswith("'"):    # "d'" right before, no space
            end = pos
        elif spaced:
            end = pos - 1
        else:
            continue
        start = end - len(phrase)
        if start < 0 or not low.startswith(phrase, start):
            continue
        if start == 0 or not low[start - 1].isalnum():
            return phrase, start
    return None


def _previous_word(low: str, pos: int) -> str:
    m = _PREVIOUS_WORD.search(low[max(0, pos - 40):pos])
    return m.group(1) if m else ""


def find_quantities(text: str, grammar: NumberGrammar) -> list[Quantity]:
    """Every number expression of `text`, in order, without overlaps."""
    # "İ".lower() is two characters: lower it as "I" so that offsets in `low` are offsets
    # in `text`
    low = text.replace("\u0130", "I").lower().translate(_APOS)
    phones = [(m.start(), m.end()) for m in _PHONE.finditer(low)]
    cores: list[tuple[int, int, float, bool]] = []
    for m in _DIGITS.finditer(low):
        if any(s <= m.start() < e for s, e in phones):
            continue
        cores.append((m.start(), m.end(), _digits_value(m.group(1), m.group(2)), False))
    taken = [(s, e) for s, e, _, _ in cores]
    for s, e, value in _word_runs(text, low, grammar):
        if not any(s < te and ts < e for ts, te in taken):
            cores.append((s, e, value, True))
    cores.sort()
    expanded = [_expand(low, s, e, value, words, grammar, text)
                for s, e, value, words in cores]
    out: list[Quantity] = []
    last_end = -1
    for n, ((s, *_), q) in enumerate(zip(cores, expanded)):
        if s < last_end or q is None:
            continue
        if out and q.start < out[-1].end:
            continue
        nxt = expanded[n + 1] if n + 1 < len(expanded) else None
        if nxt is not None and nxt.start <= q.start:
            continue      # "un peu plus de 12.000": "un" starts the next one's phrase
        out.append(q)
        last_end = q.end
    out.extend(_vague_alone(low, grammar, out))
    out.sort(key=lambda q: q.start)
    return out


def _after_name(text: str, pos: int) -> bool:
    """Whether the number at `pos` follows a capitalised word inside a sentence: the
    number is then part of a name ("France 2", "Airbus A320", "Apollo 11")."""
    m = _NAME_BEFORE.search(text[max(0, pos - 60):pos])
    if m is None or m.group(2) == "" and m.group(1) != "":
        return False
    before = text[max(0, pos - 60):pos][:m.start(3)].rstrip()
    return bool(before) and before[-1] not in ".!?:;»\"\n(–—-" and before[-1].isalpha()


def _expand(low: str, s: int, e: int, value: float, words: bool,
            grammar: NumberGrammar, text: str = "") -> Quantity | None:
    """Grow the core number [s, e) into its whole expression."""
    start = s
    article = words and low[s:e] in grammar.articles
    value, end, approx, grown = _scaled(low, e, value, words, grammar)
    if grown:
        article = False
    start, end, value, value_max = _range(low, start, end, value, grammar)
    if value_max is not None:
        approx = True
    # approximation before: "au moins", "près de", "plus d'"
    b = _match_before(low, start, grammar.approx_before)
    if b:
        approx = True
        start = b[1]
    # vague: "des dizaines", "plusieurs milliers" (no number) are handled in _vague_alone
    a = _match_after(low, end, grammar.approx_after)
    if a and a[0] in grammar.approx_after and low[_skip_space(low, end):a[1]].strip():
        approx = True
    kind, unit = _kind(low, text, (s, e), (start, end), value, approx, words, grammar)
    return Quantity(start=start, end=end, num_start=s, num_end=e, value=value, approx=approx,
                    value_max=value_max, vague=False, kind=kind, unit=unit, article=article,
                    words=words)


def _scaled(low: str, end: int, value: float, words: bool,
            grammar: NumberGrammar) -> tuple[float, int, bool, bool]:
    """(value, end, approx, grown) after a scale ("1,5 million", "deux milliards", "300
    mille") or an approximate noun ("une trentaine", "deux centaines", "un millier")."""
    approx = grown = False
    scales = grammar.scales_longest_first
    m = _match_after(low, end, scales)
    if m and not (words and m[0] in grammar.word_scales):
        value *= grammar.scales[m[0]]
        end = m[1]
        grown = True
    m = _match_after(low, end, grammar.approx_nouns_longest_first)
    if m and words:
        value *= grammar.approx_nouns[m[0]]
        end = m[1]
        approx = grown = True
        m2 = _match_after(low, end, scales)
        if m2:
            value *= grammar.scales[m2[0]]
            end = m2[1]
    return value, end, approx, grown


def _second(low: str, pos: int, grammar: NumberGrammar) -> tuple[float, int] | None:
    """The second number of a range, starting at `pos`: (value, end)."""
    second = _DIGITS.match(low, pos)
    if second:
        return _digits_value(second.group(1), second.group(2)), second.end()
    w = _WORD.match(low, pos)
    if w and _is_numeral(w.group(), grammar) and w.group() not in grammar.articles:
        value = _words_value(w.group())
        return (value, w.end()) if value is not None else None
    return None


def _range(low: str, start: int, end: int, value: float,
           grammar: NumberGrammar) -> tuple[int, int, float, float | None]:
    """(start, end, value, value_max) of a range: "entre 10 et 15", "de 10 à 15", "10 à
    15", "deux ou trois"; value_max is None when there is none."""
    scales = grammar.scales_longest_first
    for before, between in grammar.ranges:
        m = _match_after(low, end, (between,))
        if not m:
            continue
        second = _second(low, _skip_space(low, m[1]), grammar)
        if second is None or second[0] <= value:
            continue
        second_value, second_end = second
        m2 = _match_after(low, second_end, scales)
        if m2:
            second_value *= grammar.scales[m2[0]]
            second_end = m2[1]
            if value < 1000 and second_value >= 1000:
                value *= grammar.scales[m2[0]]
        if before:
            b = _match_before(low, start, (before, before + " "))
            if not b and not before.endswith("'"):
                continue
            if b:
                start = b[1]
        return start, second_end, value, second_value
    return start, end, value, None


def _unit_after(low: str, end: int, value: float, approx: bool, words: bool,
                grammar: NumberGrammar) -> tuple[str, int] | None:
    """The unit phrase after the number: "une soixantaine de kilomètres", "1,5 million
    d'euros", "30 dernières années", "de 18, 24 et 26 ans"."""
    phrases = [p for p, _ in grammar.units]
    unit_pos = end
    de = grammar.unit_of.match(low[end:])
    between = grammar.unit_between.match(low[end:]) if grammar.unit_between else None
    if between:
        unit_pos = end + between.end()
    u = _match_after(low, unit_pos, phrases)
    if u is None and de and (approx or value >= 1000):
        u = _match_after(low, end + de.end(), phrases)
    if u is None and not words:
        # a list of numbers sharing one unit: "de 18, 24 et 26 ans"
        chain = grammar.chain.match(low, end)
        if chain:
            u = _match_after(low, chain.end(), phrases)
    return u


def _kind(low: str, text: str, core: tuple[int, int], span: tuple[int, int], value: float,
          approx: bool, words: bool, grammar: NumberGrammar) -> tuple[str, str | None]:
    """(kind, unit) of the number: a count, or a year, date, label or measure."""
    (s, e), (start, end) = core, span
    kind, unit = "count", None
    bare = low[s:e]
    previous = _previous_word(low, start)
    if previous in grammar.months and not words and 1000 <= value <= 2999:
        kind = "year"
    elif previous in grammar.label_before:
        kind = "label"
    elif _match_before(low, s, grammar.money_before) or previous in grammar.money_before:
        kind, unit = "measure", "money"
    u = _unit_after(low, end, value, approx, words, grammar)
    if kind == "count" and u is not None:
        kind, unit = "measure", dict(grammar.units)[u[0]]
    if kind == "count" and not words and text and _after_name(text, start) \
            and _NAME_END.match(text[end:end + 2]):
        kind = "label"
    if kind == "count":
        w = _WORD.match(low, _skip_space(low, end))
        if w and w.group() in grammar.months and value <= 31 and not approx:
            kind = "date"
        elif not words and "." not in bare and " " not in bare and "," not in bare \
                and len(bare) == 4 and grammar.year_min <= value <= grammar.year_max:
            kind = "year"
    return kind, unit


def _vague_alone(low: str, grammar: NumberGrammar, found: list[Quantity]) -> list[Quantity]:
    """Quantities without a number: "des dizaines", "plusieurs milliers", "de nombreux"."""
    out = []
    taken = [(q.start, q.end) for q in found]
    # most texts hold none of the bases: no need to read their words one by one
    words = _WORD.finditer(low) if any(b in low for b in grammar.vague_bases) else ()
    for m in words:
        word = m.group()
        if word in grammar.vague_bases:
            b = _match_before(low, m.start(), grammar.vague_determiners)
            if not b:
                continue
            value = grammar.vague_bases[word]
            if b[0] in grammar.several:
                value = grammar.several_bases.get(word, value) * grammar.several_factor
            start, end = b[1], m.end()
            # "des centaines de milliers"
            m2 = grammar.vague_of.match(low[end:])
            if m2:
                value *= grammar.vague_bases[m2.group(2)]
                end += m2.end()
        else:
            continue
        if any(start < e and s < end for s, e in taken):
            continue
        out.append(Quantity(start=start, end=end, num_start=m.start(), num_end=m.end(),
                            value=value, approx=True, vague=True, words=True))
        taken.append((start, end))
    for phrase in grammar.alone:
        for m in grammar.alone_patterns[phrase].finditer(low):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            nxt = _WORD.match(low, _skip_space(low, m.end()))
            if nxt and (nxt.group() in grammar.vague_bases or nxt.group() in grammar.numerals):
                continue
            out.append(Quantity(start=m.start(), end=m.end(), num_start=m.start(),
                                num_end=m.end(), value=grammar.alone_value, approx=True,
                                vague=True, words=True))
            taken.append((m.start(), m.end()))
    return out
