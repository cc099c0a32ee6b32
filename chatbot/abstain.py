"""The hand-set abstention rules, and the lexical measures the answer step and the learned
answerability model share.

Consumes: a question, its ranked hits and the retriever (its lexicon, chunk tokens, vocabulary).
Produces: `is_answerable` (the calibrated rule: best cosine, question-word coverage of the top
passages, no unknown content noun; a separate cosine bar for Latin-script questions) and the
measures it is made of (`coverage`, `missing_terms`, `is_latin`, `novelty`, `bigrams`).
Shortcuts: the thresholds come from settings, calibrated by bench/calibrate.py on the project's
own sets; answerability.py is the learned alternative (CHATBOT_ANSWERABILITY=model).
"""
from __future__ import annotations

import re

from .lexical import fold
from .retrieve import Hit

CANDIDATE_PASSAGES = 3       # clauses are drawn from this many top passages
_CHAR = re.compile(r"[\w\u3400-\u9fff]")


def bigrams(text: str) -> set[str]:
    """Character bigrams of the word characters, folded as for BM25 (see lexical.fold)."""
    chars = [c for c in fold(text) if _CHAR.match(c)]
    return {a + b for a, b in zip(chars, chars[1:])} or set(chars)


def novelty(question: str, quote: str) -> float:
    """Share of the quote's bigrams that the question does not have: an answer adds something (0…1)."""
    c = bigrams(quote)
    return len(c - bigrams(question)) / len(c) if c else 0.0


def is_latin(text: str) -> bool:
    """True when most letters are Latin: such a question shares no words with Chinese text."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isascii() for c in letters) > len(letters) / 2


def coverage(question: str, hits: list[Hit], retriever, depth: int = CANDIDATE_PASSAGES) -> float:
    """Largest share of the question's search words that one of the top passages contains."""
    words = set(retriever.lexicon.tokenize(question)) if hits[:depth] else set()
    if not words:
        return 0.0
    return max((len(words & retriever.chunk_tokens[h.chunk.id]) / len(words) for h in hits[:depth]), default=0.0)


def missing_terms(question: str, retriever, min_chars: int) -> list[str]:
    """The question's specific nouns and numbers (at least `min_chars` long: 准备金率, 个人所得税, 2024) that
    the corpus never uses: what the question is about is not in the documents."""
    if min_chars <= 0:
        return []
    return sorted(w for w in retriever.lexicon.content_nouns(question) if len(w) >= min_chars and w not in retriever.vocabulary)


def is_answerable(question: str, hits: list[Hit], retriever, settings) -> bool:
    """The calibrated abstention rule (see the module docstring)."""
    if not hits:
        return False
    top = max(h.dense for h in hits)
    if is_latin(question):
        return top >= settings.min_score_crosslingual
    return (top >= settings.min_score and coverage(question, hits, retriever) >= settings.min_coverage
            and not missing_terms(question, retriever, settings.min_term_chars))
