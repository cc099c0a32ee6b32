"""Shared fixtures: a keyword embedder that carries meaning, the fixture corpus, and (once per
session) the real converted model (torch, and the product's onnx-int8) over the real seed document."""
from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import numpy as np
import pytest

from chatbot.settings import ROOT, Settings

FIXTURES = Path(__file__).parent / "fixtures"
SEED = ROOT / "corpus" / "互联网金融行业发展趋势分析.txt"

# Each axis is a topic; a text points along the topics whose words it contains.
TOPICS = [("存款", "利率", "定期", "活期"), ("贷款", "住房", "首付", "期限"), ("信用卡", "年费", "积分"),
          ("理财", "风险等级"), ("密码", "重置", "身份证"), ("营业", "开门", "时间", "周末"),
          ("客服", "热线", "电话", "联系"), ("手册", "新员工")]


class KeywordEmbedder:
    """Fake embedder: one axis per topic plus a small shared axis, L2-normalised float32."""

    model_id = "fake-keywords-v1"
    dim = len(TOPICS) + 1

    def __init__(self):
        self.calls = 0

    def _vec(self, text: str) -> np.ndarray:
        v = np.array([sum(text.count(w) for w in words) for words in TOPICS] + [0.2], dtype=np.float32)
        return v / np.linalg.norm(v)

    def encode_passages(self, texts, progress=False):
        self.calls += len(texts)
        return np.stack([self._vec(t) for t in texts]).astype(np.float32) if texts else np.zeros((0, self.dim), np.float32)

    encode_queries = encode_passages


@contextlib.contextmanager
def playwright_started():
    """`sync_playwright()` entered, entered again (at most twice more) when it fails with 「dictionary changed size during
    iteration」: Playwright's driver copies os.environ (playwright/_impl/_driver.py), which races a server thread that
    writes the environment while the first browser test starts (seen once in `.ci/run` on a loaded machine, session 40)."""
    from playwright.sync_api import sync_playwright

    for attempt in range(3):
        manager = sync_playwright()
        try:
            started = manager.__enter__()
        except RuntimeError as exc:
            if "changed size during iteration" not in str(exc) or attempt == 2:
                raise
            continue
        try:
            yield started
        finally:
            manager.__exit__(None, None, None)
        return


def damaged_copy(fitted: Path, change, path: Path) -> Path:
    """A copy of a fitted model file (chatbot/data/*.json) at `path`, its JSON object passed through `change` first:
    the bad-file tests of the three fitted files (fitted.read_fitted) write theirs here."""
    import json

    data = json.loads(fitted.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A writable copy of the fixture corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "corpus", target)
    return target


@pytest.fixture
def settings(corpus, tmp_path) -> Settings:
    # thresholds fitted to the keyword embedder's cosines, not the real model's
    return Settings(corpus_dir=corpus, index_dir=tmp_path / "index", min_score=0.5, min_coverage=0.3,
                    min_score_crosslingual=0.5, feedback_file=tmp_path / "feedback.jsonl", kb_root=tmp_path / "kbs")


@pytest.fixture
def embedder() -> KeywordEmbedder:
    return KeywordEmbedder()


@pytest.fixture(scope="session")
def real_embedder():
    from chatbot.embedding import SentenceEmbedder

    emb = SentenceEmbedder()
    emb.dim  # load once for the session
    return emb


@pytest.fixture(scope="session")
def product_embedder():
    """The real model on the backend the product runs with (Settings' default, onnx-int8): the integration, field-case
    and browser tests check what users get. Decisions near the answerability threshold differ between backends
    (session 17: field cases 01 c1 and 13 c6 flipped under torch only); `real_embedder` stays the torch reference."""
    from chatbot.embedding import SentenceEmbedder

    emb = SentenceEmbedder.from_settings(Settings())
    emb.dim  # load once for the session
    return emb


@pytest.fixture(scope="session")
def seed_bot(product_embedder, tmp_path_factory):
    """The real model (the product's backend) over the shipped corpus, with its own index folder."""
    from chatbot.bot import ChatBot

    s = Settings(index_dir=tmp_path_factory.mktemp("seed-index"),
                 feedback_file=tmp_path_factory.mktemp("feedback") / "feedback.jsonl")
    return ChatBot(s, product_embedder).warm_up()
