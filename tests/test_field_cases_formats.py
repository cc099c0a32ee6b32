"""Field cases 01, 03, 05, 08, 10, 12, 15 and 16 (../shared/field-cases, read from the repository's
parent) as tests with the real model: the FIRST citation must hold the expected text, from the named
source, as ../shared/tools/run_field_cases.sh scores them. Cases still open are marked xfail with
the reason, so a fix shows up as XPASS."""
import json
import re

import pytest

from chatbot.bot import ChatBot
from chatbot.settings import ROOT, Settings

FIELD_CASES = ROOT.parent / "shared" / "field-cases"
CASES = ("01", "03", "05", "08", "10", "12", "15", "16")
OPEN: dict = {  # (case folder prefix, question id): why it still fails — none since session 5 (learned run
    # ranker: 01 c1, 10 c4/c5, 16 c2; wh-phrase nouns and a passage's file name: 05 c2; versions: 12 c2/c3). Session
    # 17's first refits lost 01 c1/c3 (mixed questions; signals.latin_share), 15 c5 and 16 c4 (a corpus of a few files
    # scores low BM25; bench/train_answerability.py's single-file rows); the shipped fit passes them all
}
pytestmark = [pytest.mark.integration,
              pytest.mark.skipif(not FIELD_CASES.is_dir(), reason=f"{FIELD_CASES} is not in this checkout")]


def _questions():
    out = []
    for case in sorted(p for p in FIELD_CASES.iterdir() if p.is_dir() and p.name[:2] in CASES) if FIELD_CASES.is_dir() else []:
        for line in (case / "questions.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                q = json.loads(line)
                mark = [pytest.mark.xfail(reason=OPEN[(case.name, q["id"])], strict=False)] if (case.name, q["id"]) in OPEN else []
                out.append(pytest.param(case.name, q, id=f"{case.name[:2]}-{q['id']}", marks=mark))
    return out


_bots: dict[str, ChatBot] = {}


def bot_for(case: str, embedder, tmp_path_factory) -> ChatBot:
    if case not in _bots:
        s = Settings(corpus_dir=FIELD_CASES / case / "corpus", index_dir=tmp_path_factory.mktemp(f"fc{case[:2]}"),
                     feedback_file=tmp_path_factory.mktemp("fb") / "feedback.jsonl")
        _bots[case] = ChatBot(s, embedder)
    return _bots[case]


def fold(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


@pytest.mark.parametrize("case, q", _questions())
def test_field_case(case, q, product_embedder, tmp_path_factory):
    a = bot_for(case, product_embedder, tmp_path_factory).ask(q["question"])
    if not q["answers"]:
        assert a.abstained
        return
    assert not a.abstained, [h.chunk.text[:40] for h in a.passages[:3]]
    first = a.citations[0]
    assert any(fold(g) in fold(first.quote) for g in q["answers"]), first.quote
    if q.get("source"):
        assert first.source == q["source"] or first.source.endswith("/" + q["source"])
