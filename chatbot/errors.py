"""Typed errors raised inside the package; the CLI, UI and API turn them into messages.

Every error says what went wrong and what to do about it, in one sentence.
"""


class ChatbotError(Exception):
    """Base class: anything the user can act on."""


class ModelError(ChatbotError):
    """The embedding model cannot be found, converted or loaded."""


class CorpusError(ChatbotError):
    """The corpus folder is missing, empty, or holds no readable document."""


class IndexError_(ChatbotError):
    """The persisted index is missing, corrupt, stale or built for another model."""


class QuestionError(ChatbotError):
    """The question cannot be answered as asked (empty, say)."""
