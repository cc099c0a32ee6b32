"""Typed errors raised inside the package; the CLI, UI and API turn them into messages.

Consumes: nothing. Produces: the error classes, every one a `ChatbotError`.
Every error says what went wrong and what to do about it, in one sentence. Where a caller needs
the parts (open_index logs why it rebuilds), they are attributes, never parsed out of the message.
`public_message` is what a reader of the page or the HTTP API sees: the message with the server's folders
taken out of any absolute path (the operator's log keeps the whole message).
"""
import re

# an absolute POSIX path (not the // of a URL, not a relative `source/a.pdf`) or a Windows drive path: its folders
_ABSOLUTE = re.compile(r"(?<![\w:/.~])/(?:[^\s/'\"`：，。；（）()]+/)+(?=[^\s/])|\b[A-Za-z]:\\(?:[^\s\\'\"`]+\\)+")


def public_message(text: str | Exception) -> str:
    """`text` (or an error's message) with the folders of every absolute path replaced by 「…/」, so a page or API reader sees which file
    and not where the server keeps it.

    Example: public_message("/root/.cache/m/model.onnx has format 99") == "…/model.onnx has format 99"
    and public_message("see source/a.pdf or https://x.org/a/b") is unchanged.
    """
    return _ABSOLUTE.sub("…/", str(text))


class ChatbotError(Exception):
    """Base class: anything the user can act on."""


class SettingsError(ChatbotError):
    """A setting has a value the program does not know (a choice setting outside its choices)."""


class ModelError(ChatbotError):
    """The embedding model cannot be found, converted or loaded."""


class CorpusError(ChatbotError):
    """The corpus folder is missing, empty, or holds no readable document."""


class IndexUnavailable(ChatbotError):
    """The persisted index (or its vector store) is missing, damaged, stale, unreachable or built for another model.

    `reason` says what is wrong, `remedy` what to do; the message is both.
    Example: str(IndexUnavailable("no index in index/", "run `chatbot index`")) == "no index in index/: run `chatbot index`"
    """

    def __init__(self, reason: str, remedy: str = ""):
        super().__init__(f"{reason}: {remedy}" if remedy else reason)
        self.reason, self.remedy = reason, remedy


class QuestionError(ChatbotError):
    """The question cannot be answered as asked (empty, say)."""


class KnowledgeBaseError(ChatbotError):
    """A knowledge-base request that cannot be done as asked: a bad KB or document name (kb/names.py)."""


class NotFound(KnowledgeBaseError):
    """No knowledge base, or no document in it, of that name."""


class Conflict(KnowledgeBaseError):
    """The request clashes with what is there: a name taken, the default KB, a KB with nothing indexed yet."""


class Unsupported(KnowledgeBaseError):
    """An upload of a type that is not read, or whose content is not what its extension says."""


class TooLarge(KnowledgeBaseError):
    """An upload over the size limits (settings.max_file_mb per file, upload_max_mb per request)."""
