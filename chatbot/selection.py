"""The quotes an answer shows: the best clause run grown to its sentence, and a second one when it adds an answer.

Consumes: the question, its unit vector, the ranked hits, the retriever and the ranked clause runs (runs.rank_runs:
(score, hit, start, end), document offsets, best first, after answer.quotes_for's orders).
Produces: `select_quotes(...)` → [(hit, start, end, focus start, focus end)], at most MAX_QUOTES, first first;
`adds_answer(question, first, second, listing)` → whether a second quote says something the first does not;
`_trim(text, start, end)` → a quote's or focus's offsets without an answer label (「答：」), a table row's outer rules
and trailing marks.
Why: a second citation is worth showing only when it says something different from another place; for a question that
asks one value (多少, 何时, 谁, 哪里) two values contradict each other, and a list question is answered by its list.
Shortcuts: "the same answer" is the same focus text, folded; a list's negation is read from its section title and first
line (不含, 非工作日) by one Han character after 不 / 非 / 无; a second quote is looked for only among runs within the
run ranker's margin of the best.
"""
from __future__ import annotations

import re

import numpy as np

from .answertype import answer_type
from .chunks import same_table
from .focus import TRAILING
from .leads import with_items
from .lexical import fold
from .quotes import asks_items, enumeration, is_list, lists, to_sentences
from .retrieve import Hit
from .runs import rank_runs, ranker_for
from .tables import names_row

MAX_QUOTES = 2
_LABEL = re.compile(r"^\s*(?:A|答)\s*\d*\s*[:：]\s*", re.IGNORECASE)   # an FAQ answer's label, not quoted


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    if label := _LABEL.match(text):
        start, text = start + label.end(), text[label.end():]
    while text[:1] in ("|", " "):  # a table row is quoted without its outer rules
        start, text = start + 1, text[1:]
    while end > start and text[end - 1 - start] in TRAILING:
        end -= 1
    return start, end


def select_quotes(question: str, query_vec: np.ndarray, hits: list[Hit], retriever,
                  runs: list | None = None) -> list[tuple[Hit, int, int, int, int]]:
    """(hit, start, end, focus_start, focus_end) of each quote: the best run grown to its sentence (a list question's
    to its whole enumeration, across a passage boundary, when it fits: quotes.enumeration), and a second one from
    elsewhere when its run scores within the ranker's margin of the best (the passages disagree, or the answer sits
    in two places). The focus is the run itself."""
    runs = rank_runs(question, query_vec, hits, retriever) if runs is None else runs
    margin = ranker_for(retriever)[1]
    listing = lists(question)
    quotes = []
    for score, hit, fs, fe in runs:
        if len(quotes) == MAX_QUOTES or score < runs[0][0] - margin:
            break
        fs, fe = _trim(hit.chunk.text[fs - hit.chunk.start:fe - hit.chunk.start], fs, fe)
        # a list question: the whole enumeration, also where a passage boundary cuts it, when it fits (quotes.py)
        grown = enumeration(hit, fs, fe, getattr(retriever, "chunks", None)) if listing else None
        hit, s, e = grown or (hit, *to_sentences(hit, fs, fe))
        hit, s, e, fs, fe = with_items(hit, s, e, getattr(retriever, "chunks", None), listing, (fs, fe))   # a lead and its items
        s, e = _trim(hit.chunk.text[s - hit.chunk.start:e - hit.chunk.start], s, e)
        if fs < fe and not any(q[0].chunk.source == hit.chunk.source and q[1] < e and s < q[2] for q in quotes):
            if quotes and not adds_answer(question, quotes[0], (hit, s, e, fs, fe), asks_items(question)):
                continue
            quotes.append((hit, min(s, fs), max(e, fe), fs, fe))
    return quotes


def adds_answer(question: str, first: tuple, second: tuple, listing: bool = False) -> bool:
    """Whether the second quote (hit, start, end, focus_start, focus_end) adds a different answer to the first: not for a
    question asking one value (多少 / 何时 / 谁 / 哪里: two values contradict), not the same focus text again (a duplicate
    file, another version of a sentence), not a lone sentence after a list a list question asks for (`listing`:
    quotes.asks_items, is_list; session 21) nor a list whose section or lead negates the question's word (`_negated`),
    not another row of a table whose row the question names (tables.names_row)."""
    (h0, s0, e0, f0s, f0e), (hit, s, e, fs, fe) = first, second
    if answer_type(question) or names_row(question, h0.chunk) and same_table(h0.chunk, hit.chunk):
        return False   # one value asked, or another row of the table whose row the question names (tables.names_row)
    second_text = hit.chunk.text[s - hit.chunk.start:e - hit.chunk.start]
    lead = hit.chunk.section + "\n" + second_text.split("\n", 1)[0]   # its section title and first line
    if listing and is_list(h0.chunk.text[s0 - h0.chunk.start:e0 - h0.chunk.start]) \
            and (not is_list(second_text) or _negated(question, lead)):
        return False   # 「团费包含哪些费用？」: not the 「四、费用不含」 list after 「三、费用包含」's (session 40's newcomer)
    return fold(h0.chunk.text[f0s - h0.chunk.start:f0e - h0.chunk.start]) != fold(hit.chunk.text[fs - hit.chunk.start:fe - hit.chunk.start])


def _negated(question: str, lead: str) -> bool:
    """Whether `lead` (a list's section title and first line) negates a word of the question (不含 for 包含, 非工作日 for
    工作日) that the question does not negate itself: that list answers the opposite question."""
    q = fold(question)
    return any(m.group(1) in q and m.group() not in q for m in re.finditer(r"[不非无]([\u4e00-\u9fff])", fold(lead)))
