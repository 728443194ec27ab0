"""Amounts typed in figures or words: prices ("two hundred dollars", "$89", "70ish") and
times ("72 hours ago", "a month back", "il y a un mois", "in a month")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.engine.flows.lexicon import MARKS, Lexicon, tokens_of

_FIGURE = re.compile(r"(\d+(?:[.,]\d+)?)(k|ish)?$")
#: Words that make a following number word part of it ("a hundred", "a couple of days").
_SCALES = frozenset({100.0, 1000.0})
#: Before a day of the week: it was the last one ("last friday", 1 to 13 days ago), or it is still ahead.
LAST_DAY, NEXT_DAY = frozenset({"last", "past", "previous"}), frozenset({"next", "this", "coming", "upcoming"})
#: Before a time, these make it an amount of the past, never a future date.
_PAST_LEAD = frozenset({"last", "past", "the", "previous"})


@dataclass(frozen=True)
class Number:
    """A number found at token positions [start, end)."""

    value: float
    start: int
    end: int


@dataclass(frozen=True)
class Amount:
    """A price: the amount and how to show it ("$200")."""

    value: float
    shown: str
    currency: bool


@dataclass(frozen=True)
class Time:
    """A time typed as an amount of days, and whether it lies ahead ("in a month")."""

    days: float
    future: bool


def _figure(token: str) -> float | None:
    """Return the value of a figure such as "49.99", "1,000", "70ish" or "2k"."""
    match = _FIGURE.match(token)
    if not match:
        return None
    digits = match.group(1)
    if re.fullmatch(r"[1-9]\d{0,2}\.\d{3}", digits):  # "R$ 1.200": a dot before three digits groups thousands
        digits = digits.replace(".", "")
    digits = digits.replace(",", "") if re.search(r",\d{3}$", digits) else digits.replace(",", ".")
    return float(digits) * (1000 if match.group(2) == "k" else 1)


def numbers(tokens: list[str], lexicon: Lexicon) -> list[Number]:
    """Return the numbers in the tokens, figures and words ("a hundred and twenty" = 120)."""
    words, found, i = lexicon.numbers, [], 0
    while i < len(tokens):
        value = _figure(tokens[i])
        if value is not None:
            found.append(Number(value, i, i + 1))
            i += 1
            continue
        token = tokens[i]
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        weak = token in ("a", "an", "couple", "few", "several")
        if token not in words or (weak and words.get(following) not in _SCALES and following not in lexicon.units
                                  and following != "of"):
            i += 1
            continue
        j = i
        while j < len(tokens) and (tokens[j] in words or (tokens[j] == "and" and j > i and j + 1 < len(tokens)
                                                            and tokens[j + 1] in words)):
            j += 1
        found.append(Number(_spoken([words[t] for t in tokens[i:j] if t != "and"]), i, j))
        i = j
    return found


def _spoken(spoken: list[float]) -> float:
    """Return the value of number words in a row ("a hundred and twenty", "one fifty", "forty nine ninety nine")."""
    if len(spoken) == 2 and 1 <= spoken[0] <= 9 and 10 <= spoken[1] <= 90:
        return spoken[0] * 100 + spoken[1]  # "one fifty" is 150
    scale = max((k for k, v in enumerate(spoken) if v in _SCALES), default=-1)
    cents = _with_cents(spoken[scale + 1:])
    if cents is not None:  # "(a hundred) forty nine ninety nine" is (1)49.99
        return (_spoken(spoken[:scale + 1]) if scale >= 0 else 0.0) + cents
    total, current = 0.0, 0.0
    for value in spoken:
        if value == 100:
            current = (current or 1) * 100
        elif value == 1000:
            total, current = total + (current or 1) * 1000, 0.0
        else:
            current += value
    return total + current


def _with_cents(spoken: list[float]) -> float | None:
    """Return dollars and cents said as two numbers of two digits ("forty nine ninety nine", "nineteen
    ninety five"), or None: a tens word after a units or teens word starts the second number."""
    if any(v >= 100 or v == 0 for v in spoken):
        return None
    groups: list[list[float]] = [[]]
    for value in spoken:
        if groups[-1] and value >= 10 and groups[-1][-1] % 10:
            groups.append([])
        groups[-1].append(value)
    sums = [sum(g) for g in groups]
    if len(groups) != 2 or any(len(g) > 2 or (len(g) == 2 and (g[0] % 10 or g[0] < 20 or g[1] >= 10))
                               for g in groups) or not all(10 <= v <= 99 for v in sums):
        return None
    return sums[0] + sums[1] / 100


#: A rough amount ("about 150", "70ish") stands for this much either side of it.
ROUGH = 0.05
#: Rough counts stand for a range ("a couple of weeks" is two or three).
_ROUGHLY = {"couple": (2.0, 3.0), "few": (3.0, 5.0), "several": (3.0, 7.0)}
#: After a time, these make it a little more ("two weeks and a bit").
_A_BIT_MORE = ("and a bit", "and a half", "plus", "or more", "and some")
#: An amount typed with "over" / "under" stands for everything on that side of it.
_STEP, _FAR = 0.01, 1e9


def _bound(tokens: list[str], start: int, lexicon: Lexicon) -> str | None:
    """Return "more", "less", "just over" or "just under" when a comparison ("over", "less than", "almost")
    comes just before a number."""
    for kind, key in (("just over", "about_over"), ("just under", "about_under"), ("more", "more_than"),
                      ("less", "less_than")):
        for phrase in lexicon.raw.get(key, ()):
            words = tuple(t for t in tokens_of(str(phrase)) if t not in MARKS)
            for gap in (0, 1):  # "over $150", "less than a week"
                end = start - gap
                if words and end >= len(words) and tuple(tokens[end - len(words):end]) == words:
                    return kind
    return None


def _sides(value: float, bound: str | None) -> list[float]:
    """Return the amounts a bounded number stands for: itself, or both ends of its side."""
    if bound == "just over":
        return [value * 1.1 if value else _STEP]
    if bound == "just under":  # "almost 200" is about 186, "nearly two weeks" 13 days
        return [value * 0.93 if value else _STEP]
    if bound == "more":
        return [value + _STEP, _FAR]
    if bound == "less":
        return [_STEP, value - _STEP]
    return [value]


def _tokens(text: str, lexicon: Lexicon) -> list[str]:
    """Return the folded tokens with number-word typos fixed, clause marks dropped, "2wks" as "2 wks"."""
    tokens: list[str] = []
    for token in (lexicon.typos.get(t, t) for t in tokens_of(text) if t not in MARKS):
        unit = re.fullmatch(r"(\d+(?:[.,]\d+)?)([a-z]+)", token)
        tokens += [unit.group(1), unit.group(2)] if unit and unit.group(2) in lexicon.units else [token]
    return tokens


def _thousands(tokens: list[str], money: set[str]) -> list[str]:
    """Join thousands typed apart with a space next to a currency ("1 200 kr", "€1 200"), as much of Europe
    writes them; without a currency "45 100" stays two amounts."""
    out = list(tokens)
    for i in range(len(out) - 2, -1, -1):
        if not (re.fullmatch(r"\d{1,3}", out[i]) and re.fullmatch(r"\d{3}", out[i + 1])):
            continue
        before, after = out[i - 1] if i else "", out[i + 2] if i + 2 < len(out) else ""
        if before in money or after in money:
            out[i:i + 2] = [out[i] + out[i + 1]]
    return out


def _exchange(lexicon: Lexicon) -> dict[str, tuple[str, float, float]]:
    """Return the other currencies' words as word -> (sign, dollars per unit, how rough that rate is)."""
    raw = lexicon.raw.get("exchange") or {}
    margin = float(raw.get("margin", 0.25))
    return {" ".join(tokens_of(str(w))): (str(sign), float(entry["rate"]), float(entry.get("margin", margin)))
            for sign, entry in (raw.get("rates") or {}).items() for w in entry.get("words", ())}


def prices(text: str, lexicon: Lexicon) -> list[Amount]:
    """Return the prices in a text, each with its currency symbol (dollars unless another is named).

    An amount in another currency ("3000 yen") is converted at a rough rate and stands for both ends
    of the rate's margin, so that it gives a range only when it lies clearly inside one.
    """
    exchange = _exchange(lexicon)
    # Signs with a symbol in them, the longest first ("R$ 450" is reais, "CN¥" yuan, not dollars or yen);
    # signs that are letters ("kr ", "RM ") are among the words already.
    for sign in sorted({entry[0].strip() for entry in exchange.values()}, key=len, reverse=True):
        if not sign.isalpha():
            word = next(w for w, entry in exchange.items() if entry[0].strip() == sign)
            text = re.sub(re.escape(sign), f" {word} ", text, flags=re.IGNORECASE)
    currencies = {" ".join(tokens_of(w)): symbol for symbol, names in (lexicon.raw.get("currencies") or {}).items()
                  for w in names}
    tokens = _thousands(_tokens(text, lexicon), set(currencies) | set(exchange) | {"$", "£", "€"})
    not_money = {t for w in lexicon.raw.get("not_money", ()) for t in tokens_of(str(w))}
    rough = {t for w in lexicon.raw.get("roughly", ()) for t in tokens_of(str(w))}
    found = []
    for number in numbers(tokens, lexicon):
        before = tokens[number.start - 1] if number.start else ""
        after = tokens[number.end] if number.end < len(tokens) else ""
        if after in not_money:
            continue
        foreign = exchange.get(after) or exchange.get(before)
        symbol = before if before in "$£€" and before else after if after in ("$", "£", "€") else currencies.get(after)
        named = symbol is not None or foreign is not None
        symbol = foreign[0] if foreign else symbol or next(
            (s for w, s in currencies.items() if w in tokens and s != "$"), "$")
        value = number.value
        shown = f"{symbol}{value:,.0f}" if value.is_integer() else f"{symbol}{value:,.2f}"
        if foreign:
            found += [Amount(value * foreign[1] * f, shown, True) for f in (1 - foreign[2], 1 + foreign[2])]
            continue
        bound = _bound([t for t in tokens if t not in "$£€"], number.start - int(before in "$£€" and bool(before)),
                       lexicon)
        lead = tokens[max(0, number.start - 2):number.start]
        if bound is None and (set(lead) & rough or tokens[number.start].endswith("ish") or after in rough):
            found += [Amount(value * f, shown, named) for f in (1 - ROUGH, 1 + ROUGH)]  # "about 150": either side
            continue
        found += [Amount(v, shown if bound is None else "", named) for v in _sides(value, bound)]
    return found


def times(text: str, lexicon: Lexicon) -> list[Time]:
    """Return the times in a text as days ago ("2 or 3 weeks" gives two)."""
    tokens = _tokens(text, lexicon)
    ago = {" ".join(tokens_of(w)) for w in lexicon.raw.get("ago", ())}
    by_end = {n.end: n for n in numbers(tokens, lexicon)}
    found = []
    for j, token in enumerate(tokens):
        unit = lexicon.units.get(token)
        if unit is None or (token in ("d", "h", "mo") and j == 0):
            continue
        counted = by_end.get(j) or (by_end.get(j - 1) if j and tokens[j - 1] == "of" else None)
        if counted is None:
            continue
        start = counted.start
        values = list(_ROUGHLY.get(tokens[start], (counted.value,)))
        linked = start > 1 and tokens[start - 1] in ("or", "to", "and")
        earlier = by_end.get(start) if by_end.get(start) is not counted else None
        earlier = earlier or (by_end.get(start - 1) if linked else None)
        if earlier is not None:
            values.insert(0, earlier.value)
            start = earlier.start
        lead = tokens[max(0, start - 2):start]
        after = " ".join(tokens[j + 1:j + 4])
        future = bool(lead) and lead[-1] == "in" and not (set(lead) & _PAST_LEAD) and not any(
            after.startswith(a) for a in ago)
        bound = _bound(tokens, start, lexicon) or ("just over" if after.startswith(_A_BIT_MORE) else None)
        found += [Time(days, future) for v in values for days in _sides(v * unit, bound)]
    return found + _weekday_times(tokens, lexicon)


def _weekday_times(tokens: list[str], lexicon: Lexicon) -> list[Time]:
    """Return the times a day of the week gives: "last friday" is 1 to 13 days ago, "next friday" is ahead."""
    days = set(weekday_numbers(lexicon))
    past = past_verbs(lexicon)
    found = []
    for j, token in enumerate(tokens):
        lead = tokens[j - 1] if j else ""
        if token in days and lead in LAST_DAY:
            found += [Time(1.0, False), Time(13.0, False)]
        elif token in days and lead in NEXT_DAY:
            found.append(Time(7.0, True))
        elif token in days and past & set(tokens[:j]):
            found += [Time(0.5, False), Time(7.0, False)]  # "had a peel on monday": the last monday
    return found


def past_verbs(lexicon: Lexicon) -> set[str]:
    """Return the words that put what a text tells in the past ("had", "got": words.yml ``past_verbs``)."""
    return {str(v) for v in lexicon.raw.get("past_verbs", ())}


def weekday_numbers(lexicon: Lexicon) -> dict[str, int]:
    """Return each name of a day of the week with its number, Monday 0 (words.yml ``weekdays``)."""
    return {str(name): number for number, names in enumerate(lexicon.raw.get("weekdays", ())) for name in names}


def calendar_date(text: str, lexicon: Lexicon) -> bool:
    """Tell whether a text dates something by the calendar ("in january", "in 2022", "on the 2nd"): how long
    ago is unknown."""
    months = {str(m) for names in lexicon.raw.get("months", ()) for m in names}
    return any(t in months or re.fullmatch(r"(?:19|20)\d\d|(?:[12]?\d|3[01])(?:st|nd|rd|th)", t)
               for t in _tokens(text, lexicon))


def said_in_past(text: str, lexicon: Lexicon) -> bool:
    """Tell whether a text says what it tells in the past tense ("had a peel", "got microneedled")."""
    return bool(past_verbs(lexicon) & set(_tokens(text, lexicon)))


def bare_weekday(text: str, lexicon: Lexicon) -> bool:
    """Tell whether a text names a day of the week without saying which one ("laser on friday")."""
    tokens = _tokens(text, lexicon)
    if past_verbs(lexicon) & set(tokens):
        return False
    days = set(weekday_numbers(lexicon))
    return any(t in days and (tokens[j - 1] if j else "") not in LAST_DAY | NEXT_DAY for j, t in enumerate(tokens))
