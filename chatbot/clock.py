"""Times of day: the clock time a question names and the time slots a clause states, so that the run whose slot holds
the time is quoted (「商务型凌晨3点的夜间服务费」 → the 「2:00–5:00」 row, not 「23:00–次日2:00」).

Consumes: a question and the ranker's candidate runs ((score, hit, start, end): runs.rank_runs). Produces:
`asked_time(question)` → the minute of the day the question names (「凌晨3点」 180, 「晚上11点半」 1410, 「15:30」 930) or
None; `slots(text)` → the [start, end) minute spans its time slots cover (「23:00–次日2:00」 → [1380, 1440) and
[0, 120)); `by_clock(question, runs)` → the runs stating slots that all miss the asked time moved last, when some run
holds it (the others keep their order: a passage stating no slot is not passed over by one whose slot happens to hold
the time, as a shop's 「9:00-22:00」 would for 「晚上8点以后停车费」).
Why: ranges.py reads quantities (年, 天, 公里), not the clock, so a table of night fees by slot was quoted by its
first row (breaker CR, session 50: 「商务型凌晨3点的夜间服务费每公里多少？」 got 23:00–次日2:00's 1.0元/公里 with the
2:00–5:00 row one place down).
Shortcuts: a question's hour counts only with a part of the day (凌晨, 早上, 上午, 中午, 下午, 傍晚, 晚上, 夜里, 半夜) or in
24-hour form (15点, 15:30): a bare 「3点」 could be either; 下午 / 傍晚 / 晚上 add 12 hours to an hour under 12, and
夜里 / 夜间 / 半夜 to one from 6 to 11 (半夜2点 is 2:00); 12 at night or 凌晨 is midnight; a slot is two clock times
(H:MM) joined by a dash, 至 or 到, the end before the start running over midnight.
"""
from __future__ import annotations

import re

from .numerals import number
from .runs import run_text

DAY = 24 * 60
_HOUR = r"(\d{1,2}|[零一二两三四五六七八九十]{1,3})"
_ASKED = re.compile(r"(凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜里|夜间|半夜)?\s*" + _HOUR + r"\s*(?:点|时)(半|\d{1,2}分|[一二三四五]刻)?"
                    r"|(?<![\d.:：])(\d{1,2})[:：](\d{2})(?![\d:：])")
_LATE = ("下午", "傍晚", "晚上", "夜里", "夜间", "半夜")
_NIGHT = ("夜里", "夜间", "半夜")   # past midnight below 6: 半夜2点 is 2:00, 夜里11点 23:00
_TIME = r"(\d{1,2})[:：](\d{2})"
_SLOT = re.compile(_TIME + r"\s*(?:[-–—~～至到])\s*(?:次日|第二天|翌日)?\s*" + _TIME)


def asked_time(question: str) -> int | None:
    """The minute of the day (0–1439) the question's first clock time names, or None (module docstring)."""
    for m in _ASKED.finditer(question):
        if m.group(5) is not None:   # 15:30
            h, mins = int(m.group(4)), int(m.group(5))
            if h < 24 and mins < 60:
                return h * 60 + mins
            continue
        part, h = m.group(1), number(m.group(2))
        if h is None or h > 24 or not part and h < 13:
            continue   # 「3点」 alone: morning or afternoon
        extra = m.group(3) or ""
        mins = 30 if extra == "半" else int(extra[:-1]) if extra.endswith("分") else 15 * (number(extra[0]) or 0) if extra else 0
        if part in _LATE and h < 12 and (h >= 6 or part not in _NIGHT) or part == "中午" and h < 6:
            h += 12   # 晚上8点 20:00; 半夜2点 stays 2:00
        if part in _NIGHT + ("晚上", "凌晨") and h == 12:
            h = 0   # 晚上12点, 凌晨12点: midnight
        return (int(h) * 60 + mins) % DAY
    return None


def slots(text: str) -> list[tuple[int, int]]:
    """The [start, end) minute spans of the time slots `text` states; a slot over midnight gives two."""
    out = []
    for m in _SLOT.finditer(text):
        a, b = int(m.group(1)) * 60 + int(m.group(2)), int(m.group(3)) * 60 + int(m.group(4))
        if a >= DAY or b > DAY or a == b:
            continue
        out += [(a, b)] if a < b else [(a, DAY), (0, b)]
    return out


def by_clock(question: str, runs: list) -> list:
    """`runs` with those stating only slots that miss the question's clock time moved last (their order kept), when
    some run states one holding it; else `runs` itself."""
    t = asked_time(question)
    if t is None:
        return runs
    found = [slots(run_text(*r[1:])) for r in runs]
    holds = [any(a <= t < b for a, b in s) for s in found]
    if not any(holds):
        return runs
    missed = [bool(s) and not h for s, h in zip(found, holds)]
    return [r for r, m in zip(runs, missed) if not m] + [r for r, m in zip(runs, missed) if m]
