"""A quote that points to another document (「详见《…》」, 「按《…》办理」) gives way to a quote from that document.

Consumes: the question and the ranked candidate runs (runs.rank_runs: (score, hit, start, end), document offsets,
best first, after answer.quotes_for's other orders): their passages' file names.
Produces: `referenced(question, runs)` → `runs` with the best run from the document the first run points
to moved first, when the first run's clause the question is about is such a pointer; else `runs` itself.
Why: people's documents refer to one another, and a sentence that names the question's topic and then points elsewhere
shares the question's words better than the passage it points to: 「有哪些预约渠道？」 quoted 「预约渠道和提前量详见《预约、
等候与上门取送车服务指南》。」 with that guide's list ranked second (breaker EB, session 64); 「那提高班呢？」 quoted a price
sheet's note 「…非本市户籍学员的学费按《招生与学籍管理办法》第十四条的标准执行」 over that article's table row (EA);
「团队订单至少要提前几天预订？」 quoted 「…团队订单按《团队预订与团建指南》办理」 over the guide's 「团队须至少提前14天预订」
(DY, session 63). The pointer says where the answer is; the reader wants the answer.
Shortcuts: a pointer is 详见 / 参见 / 参照 / 另见 / 见 before a title in 《》, or 按(照) / 依照 / 依据 / 根据 before one with
执行 / 办理 / 处理 / 规定 after it in its clause, in a clause without digits outside the title; the document is
the corpus file (not the pointer's own) whose name, folded and without marks, holds the title or is held by it, or
shares at least NAME_SHARE of the shorter one's character pairs (「预约、等候与上门取送车服务指南」 and
「净途预约等候及取送车指南」); the clause the question is about is the one (split at ，；。 and line ends) sharing most of
its character pairs outside titles; the run moved first is the best one from that document that shares a character
pair of the question; only the runs already ranked (the top passages' clauses) are looked at, so a
pointed-to passage the search did not bring up is not fetched. A question that asks for the source itself (依据什么, 哪个文件, a title in
《》) keeps the pointer.
"""
from __future__ import annotations

import re

from .lexical import fold
from .signals import bigrams

NAME_SHARE = 0.5   # the share of the shorter name's character pairs a title and a file name must share
# a pointer: 详见 / 参见 / 参照 / 另见 / 见 《X》 anywhere; 按(照) / 依照 / 依据 / 根据 《X》 only with 执行, 办理, 处理 or 规定 after
# it in the clause (「团队订单按《…》办理」), not a basis cited beside a value (「根据《…管理办法》，试用期最长不超过6个月」)
_POINTER = re.compile(r"(?:详见|参见|参照|另见|见)\s*《([^》]{2,40})》"
                      r"|(?:按照?|依照|依据|根据)\s*《([^》]{2,40})》[^，,；;。]*?(?:执行|办理|处理|规定)")
_TITLE = re.compile(r"《[^》]*》")
_ASKS_SOURCE = re.compile(r"依据|根据|参照|出自|哪[个份部条]文件|什么文件|哪[份部]|《")
_CLAUSE = re.compile(r"[^，,；;。！？!?\n]+")
_MARKS = re.compile(r"[\W_\d]+")


def _named(title: str, source: str) -> bool:
    """Whether the corpus file `source` (a path, its extension dropped) is the document `title` (the words in 《》)."""
    name = _MARKS.sub("", fold(source.rsplit("/", 1)[-1].rsplit(".", 1)[0]))
    title = _MARKS.sub("", fold(title))
    if not name or not title:
        return False
    if title in name or name in title:
        return True
    a, b = bigrams(title), bigrams(name)
    return bool(a and b) and len(a & b) >= NAME_SHARE * min(len(a), len(b))


def pointed_to(question: str, text: str, sources, own: str) -> set[str]:
    """The corpus files (of `sources`, not `own`) that the clause of `text` the question shares most character pairs
    with points to; set() when that clause points nowhere."""
    clauses = [m.group() for m in _CLAUSE.finditer(text)]
    if not clauses:
        return set()
    asked = bigrams(question)
    clause = max(clauses, key=lambda c: len(asked & bigrams(_TITLE.sub("", c))))   # not by the title's words (the review)
    if re.search(r"\d", _TITLE.sub("", clause)):
        return set()   # a value beside the pointer (「…不超过6个月，详见《…》」): the clause answers
    titles = [t for m in _POINTER.finditer(clause) for t in m.groups() if t]
    return {s for s in sources if s != own and any(_named(t, s) for t in titles)}


def referenced(question: str, runs: list) -> list:
    """`runs` ((score, hit, start, end), best first) with the best run from a document the first run points to moved
    first (see the module docstring), else `runs` itself.
    Example: runs [「预约渠道和提前量详见《预约、等候与上门取送车服务指南》。」 (FAQ), 「- 小程序…」 (净途预约等候及取送车指南.md)]
    for 「有哪些预约渠道？」 → the guide's run first."""
    if len(runs) < 2 or _ASKS_SOURCE.search(question):
        return runs
    hit, s, e = runs[0][1:4]
    text = hit.chunk.text[s - hit.chunk.start:e - hit.chunk.start]
    if "《" not in text:
        return runs
    targets = pointed_to(question, text, {r[1].chunk.source for r in runs}, hit.chunk.source)
    asked = bigrams(_TITLE.sub("", question))
    better = next((r for r in runs[1:] if r[1].chunk.source in targets
                   and asked & bigrams(r[1].chunk.text[r[2] - r[1].chunk.start:r[3] - r[1].chunk.start])), None)
    return runs if better is None else [better] + [r for r in runs if r is not better]
