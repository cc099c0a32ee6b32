"""Learned answerability: does the best candidate quote answer the question?

Consumes: the question, its unit vector, the ranked `Hit`s, the answer step's ranked clause runs
and the retriever (its lexicon, the chunks' token sets, and each top passage's `Clauses`: offsets and
vectors, retrieve.py). Produces: a feature vector (evidence.py) and, through `Model`, the probability that the
question is answerable from the documents; `decide` abstains below Model.bar.
Features: evidence.py (FEATURES, features).
Model: logistic regression over standardised features, one coefficient set for Chinese questions and one for
Latin-script ones, fitted by bench/train_answerability.py on tune data only (with negatives made by deleting the
answer sentence, by asking one corpus's questions of another, and written off-topic questions), stored in
chatbot/data/answerability.json with a manifest, together with the threshold and decide's higher bars, chosen on the
same data. The file is checked on load: another format or feature list raises `AnswerabilityModelError`. It is used
only with the embedding model it was fitted on (cosines of another model mean something else); with another model
the calibrated rules of answer.py apply, with a warning.
The calibrated rules and the signals both deciders share live in signals.py; answer.py imports from
here and from there, never the other way round.
"""
from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .crosslingual import unknown_names
from .errors import ChatbotError
from .evidence import FEATURES, features, quote_text
from .fitted import read_fitted, same_model
from .signals import absent_english, is_answerable

FORMAT_VERSION = 5   # 3: the higher bars (bar_noun, bar_unknown, bar_absent) are fitted with the model; 4: a second
                     # coefficient set (latin_coef, latin_intercept) for Latin-script questions; 5: the background bar
MODEL_FILE = Path(__file__).parent / "data" / "answerability.json"
# the background bar is for questions about nothing the quote says: for a Chinese question it applies while the quote
# writes less than this share of the question's words, weighted by IDF (evidence.py's idf_cov_quote). 「坐机场快线需要提前
# 预约吗？」 and 「二人间在哪栋楼？」 lie as near chit-chat as their best passages, whose quotes write their words (机场快线,
# 二人间). Session 54 (bench/tune_probe.py over every tune set; README "Quality"): 9 more answerable questions answered
# (8 with the answer first) for 4 near misses and one off-topic question. A Latin-script question keeps the bar: only
# its numbers can be in a Chinese quote ("What is 17 times 23?" over 「…17:30」).
BACKGROUND_COVER = 0.5
log = logging.getLogger(__name__)


class AnswerabilityModelError(ChatbotError):
    """The fitted answerability file is missing, damaged or made for other features."""


@dataclass(frozen=True)
class Model:
    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float
    embedding_model: str
    manifest: dict
    bar_noun: float = 0.0      # decide's higher bars, chosen with the threshold (0: the threshold itself)
    bar_unknown: float = 0.0
    bar_absent: float = 0.0
    latin_coef: np.ndarray | None = None   # the coefficients for a Latin-script question (None: coef)
    latin_intercept: float = 0.0
    bar_background: float = 0.0            # the bar of a question nearer the off-topic background (near_background)
    background_margin: float = 0.0         # … than its best passage by less than this (Chinese; Latin-script: latin_)
    latin_background_margin: float = 0.0

    def probability(self, x: np.ndarray) -> float:
        """P(answerable) of one feature vector (in FEATURES order): the Latin-script coefficients when its `latin`
        feature is set, else the Chinese ones."""
        latin = self.latin_coef is not None and x[self.features.index("latin")] > 0
        coef, intercept = (self.latin_coef, self.latin_intercept) if latin else (self.coef, self.intercept)
        z = float(((x - self.mean) / self.scale) @ coef + intercept)
        return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))

    def near_background(self, x: np.ndarray) -> bool:
        """Whether the best passage's cosine less the nearest background question's (background.py) is below the
        script's margin (negative: the background is nearer by more than it; the fit chose it so that 2 % of its sets'
        answerable tune questions have such a gap) while the quote writes less than BACKGROUND_COVER of a Chinese
        question's IDF-weighted words (the bars were fitted before that condition: session 54)."""
        f = self.features
        latin = x[f.index("latin")] > 0   # a Latin-script question's words are not in a Chinese quote: its numbers would count
        margin = self.latin_background_margin if latin else self.background_margin
        return bool(self.bar_background > 0 and 0 < x[f.index("background_max")] > x[f.index("dense_max")] - margin
                    and (latin or x[f.index("idf_cov_quote")] < BACKGROUND_COVER))

    def bar(self, x: np.ndarray, unknown_name: bool = False, absent_english: bool = False, settings=None,
            threshold: float | None = None) -> float:
        """The probability `decide` requires of features `x`: the threshold (`threshold`, else settings.min_answerable,
        else the fitted one), raised to bar_unknown for a Latin-script question naming what the corpus never mentions
        (crosslingual.unknown_names), else bar_noun for a Chinese one with a noun it never uses (missing_noun), else
        bar_absent for English words it renders nowhere (signals.absent_english); then bar_background (near_background);
        settings.min_answerable_* override each. bar(x, threshold=t) == max(t, bar(x, threshold=0.0))."""
        def pick(override: str, fitted: float) -> float:
            return (getattr(settings, override, 0) if settings is not None else 0) or fitted

        base = threshold if threshold is not None else pick("min_answerable", self.threshold)
        latin = x[self.features.index("latin")] > 0
        if latin and unknown_name:
            base = max(pick("min_answerable_unknown", self.bar_unknown), base)
        elif x[self.features.index("missing_noun")] and not latin:   # a near miss (年终奖) or a paraphrase (签合同)
            base = max(pick("min_answerable_noun", self.bar_noun), base)
        elif latin and absent_english:
            base = max(pick("min_answerable_absent", self.bar_absent), base)
        if self.near_background(x):   # as near the weather or a joke as the corpus (background.py), unless sure
            base = max(pick("min_answerable_background", self.bar_background), base)
        return float(base)

    def fits(self, index_model: str) -> bool:
        """True when the index was embedded by the model these features were fitted with (any backend)."""
        return same_model(index_model, self.embedding_model)


def read_model(path: Path = MODEL_FILE, features: tuple[str, ...] = FEATURES) -> Model:
    """The fitted model; raises AnswerabilityModelError when the file does not match this code (or the feature list
    `features`: bench/answerability_curve.py passes the one its rows were probed with)."""
    data, arrays, scalars = read_fitted(path, AnswerabilityModelError, "answerability model", features, FORMAT_VERSION,
                                        "bench/train_answerability.py", arrays=("mean", "scale", "coef", "latin_coef"),
                                        scalars=("intercept", "latin_intercept", "threshold", "bar_noun", "bar_unknown",
                                                 "bar_absent", "bar_background", "background_margin",
                                                 "latin_background_margin"))
    return Model(tuple(features), arrays["mean"], arrays["scale"], arrays["coef"], scalars["intercept"], scalars["threshold"],
                 data["manifest"]["embedding_model"], data["manifest"], scalars["bar_noun"], scalars["bar_unknown"],
                 scalars["bar_absent"], arrays["latin_coef"], scalars["latin_intercept"], scalars["bar_background"],
                 scalars["background_margin"], scalars["latin_background_margin"])


@lru_cache(maxsize=1)
def shipped_model() -> Model:
    return read_model(MODEL_FILE)


def decide(question: str, query_vec: np.ndarray, hits: list, retriever, settings, runs: list, picked: list) -> bool:
    """Answer (True) or abstain: the learned model's probability against Model.bar when it fits this index's embedding
    model (bars chosen on tune by bench/train_answerability.py; settings min_answerable* override them), else the rules."""
    if settings.answerability == "rules":
        return is_answerable(question, hits, retriever, settings)
    model = shipped_model()
    index_model = str(retriever.index.manifest.get("model", ""))
    if not model.fits(index_model):
        _warn_once(index_model, model.embedding_model)
        return is_answerable(question, hits, retriever, settings)
    hit, s, e = picked[0][:3]
    x = features(question, query_vec, hits, retriever, runs, quote_text(hit, s, e), hit)
    unknown = absent = False
    if x[FEATURES.index("latin")]:
        unknown = bool(unknown_names(question, retriever.vocabulary, split=getattr(retriever, "split_names", None)))   # Australia
        absent = not unknown and absent_english(question, retriever, settings.min_term_chars)   # vendor → 小贩, not 供应商
    return model.probability(x) >= model.bar(x, unknown, absent, settings)


@lru_cache(maxsize=8)
def _warn_once(index_model: str, fitted: str) -> None:
    log.warning("the answerability model was fitted on %s, the index is embedded by %s: abstaining by the "
                "calibrated rules instead", fitted, index_model)
