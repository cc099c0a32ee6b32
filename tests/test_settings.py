"""Settings are the single source: the environment maps onto them, choice settings are refused with one
error type, components take them instead of reading the environment, and secrets stay out of manifests."""
import dataclasses
from pathlib import Path

import pytest

from chatbot.errors import ChatbotError, SettingsError
from chatbot.settings import Settings, load_settings


def test_environment_maps_onto_the_fields(monkeypatch, tmp_path):
    monkeypatch.setenv("CHATBOT_MODEL_CACHE", str(tmp_path / "models"))
    monkeypatch.setenv("CHATBOT_MILVUS_TOKEN", "user:pw")
    monkeypatch.setenv("CHATBOT_TOP_K", "7")
    s = load_settings(top_k=None)
    assert (s.model_cache, s.milvus_token, s.top_k) == (tmp_path / "models", "user:pw", 7)
    assert s.model_cache_dir() == tmp_path / "models"
    monkeypatch.setenv("CHATBOT_MODEL_CACHE", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert load_settings().model_cache_dir() == tmp_path / "xdg" / "chatbot" / "models"


@pytest.mark.parametrize("value, expected", [("0", False), ("off", False), ("false", False), ("1", True), ("yes", True)])
def test_yes_no_settings_read_0_and_1(monkeypatch, value, expected):
    monkeypatch.setenv("CHATBOT_OCR", value)
    s = load_settings()
    assert s.ocr is expected and ("ocr" in s.chunker()) is (not expected)  # OCR off is recorded: toggling rebuilds
    monkeypatch.setenv("CHATBOT_OCR", "maybe")
    with pytest.raises(SettingsError, match="CHATBOT_OCR='maybe' is not a yes/no value"):
        load_settings()


@pytest.mark.parametrize("name, value, message", [
    ("embed_backend", "tensorrt", "unknown embedding backend 'tensorrt' .CHATBOT_EMBED_BACKEND.: use one of torch, onnx, onnx-int8"),
    ("clause_vectors", "sideways", "unknown clause vector mode 'sideways' .CHATBOT_CLAUSE_VECTORS.: use one of separate, late"),
    ("index_type", "annoy", "unknown index type 'annoy' .CHATBOT_INDEX_TYPE.: use one of auto, flat, hnsw, ivfpq"),
    ("vector_store", "redis://x", "unknown vector store 'redis://x' .CHATBOT_VECTOR_STORE.: use one of faiss, milvus://"),
])
def test_choice_settings_are_refused_at_load_with_one_error_type(monkeypatch, name, value, message):
    with pytest.raises(SettingsError, match=message):
        load_settings(**{name: value})
    monkeypatch.setenv(f"CHATBOT_{name.upper()}", value)
    with pytest.raises(SettingsError, match=message):
        load_settings()
    with pytest.raises(SettingsError, match=message):
        dataclasses.replace(Settings(), **{name: value})
    assert issubclass(SettingsError, ChatbotError)  # the CLI, UI and API turn it into a message


@pytest.mark.parametrize("store", ["faiss", "milvus://db:19530", "https://u:p@cloud:443", "vectors.db"])
def test_every_vector_store_form_is_accepted(store):
    assert Settings(vector_store=store).vector_store == store


def test_a_number_that_is_not_one_is_a_settings_error(monkeypatch):
    monkeypatch.setenv("CHATBOT_TOP_K", "ten")
    with pytest.raises(SettingsError, match="CHATBOT_TOP_K='ten' is not an integer"):
        load_settings()


def test_the_embedder_takes_the_settings_and_not_the_environment(monkeypatch, tmp_path):
    from chatbot.embedding import SentenceEmbedder

    monkeypatch.setenv("CHATBOT_TORCH_THREADS", "7")
    monkeypatch.setenv("CHATBOT_EMBED_BACKEND", "torch")
    monkeypatch.setenv("CHATBOT_MODEL_CACHE", str(tmp_path / "elsewhere"))
    emb = SentenceEmbedder.from_settings(Settings(torch_threads=2, embed_backend="onnx-int8", model_cache=tmp_path))
    assert (emb.threads, emb.backend, emb.cache_dir, emb.model) == (2, "onnx-int8", tmp_path, Settings.model)
    assert emb.model_id.endswith("+onnx-int8")
    assert SentenceEmbedder("fake").threads == Settings.torch_threads  # no settings: their defaults, not the environment


def test_secrets_never_reach_the_manifest_or_repr(settings, embedder):
    from chatbot.index import build_index

    secret = dataclasses.replace(settings, api_token="api-s3cret-0123456789", milvus_token="user:milvus-s3cret")
    built = build_index(secret, embedder)
    written = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in Path(built.path).rglob("*.json"))
    assert "s3cret" not in written and "s3cret" not in repr(secret)
    assert built.manifest["store"] == {"vector_store": "faiss", "index_type": "auto", "flat_max": settings.flat_max}
    with_password = dataclasses.replace(settings, vector_store="http://root:pw-s3cret@db:19530")
    assert with_password.store()["vector_store"] == "http://db:19530"


def test_an_unknown_setting_is_logged_once_naming_the_one_it_looks_like(monkeypatch, caplog):
    """A typo of a real setting (CHATBOT_API_TOKN) would leave the server open without a word: it is logged, naming the
    setting meant; a CHATBOT_* variable like no setting (another tool's) is logged too; neither stops the start."""
    import logging

    from chatbot.settings import unknown_variables

    for name in [n for n in __import__("os").environ if n.startswith("CHATBOT_")]:
        monkeypatch.delenv(name)   # whatever the machine sets (Kubernetes: CHATBOT_SERVICE_HOST) is not this test's
    monkeypatch.setattr("chatbot.settings._WARNED", set())
    monkeypatch.setenv("CHATBOT_API_TOKN", "s3cret-token-of-20-chars")
    monkeypatch.setenv("CHATBOT_DEPLOYED_BY", "ansible")
    monkeypatch.setenv("CHATBOT_CORPUS", "corpus")   # the *_dir fields' names are known
    assert unknown_variables() == [("CHATBOT_API_TOKN", "CHATBOT_API_TOKEN"), ("CHATBOT_DEPLOYED_BY", None)]
    with caplog.at_level(logging.WARNING, logger="chatbot.settings"):
        assert load_settings().api_token == Settings.api_token
        load_settings()
    assert caplog.text.count("CHATBOT_API_TOKN is no setting: ignored; did you mean CHATBOT_API_TOKEN?") == 1
    assert caplog.text.count("CHATBOT_DEPLOYED_BY is no setting: ignored (") == 1


def test_a_kubernetes_service_link_in_chatbot_port_is_ignored(monkeypatch, caplog):
    """A Service named chatbot makes Kubernetes set CHATBOT_PORT=tcp://10.0.0.7:7860 in every pod of the namespace: it
    used to stop the start (「is not a int」, now 「is not an integer」); it is logged and the default port kept. A real port still counts."""
    import logging

    monkeypatch.setattr("chatbot.settings._WARNED", set())
    monkeypatch.setenv("CHATBOT_PORT", "tcp://10.0.0.7:7860")
    with caplog.at_level(logging.WARNING, logger="chatbot.settings"):
        assert load_settings().port == Settings.port
    assert "is a service link, not a port: ignored" in caplog.text
    monkeypatch.setenv("CHATBOT_PORT", "8080")
    assert load_settings().port == 8080
    monkeypatch.setenv("CHATBOT_PORT", "eighty")
    with pytest.raises(SettingsError, match="CHATBOT_PORT='eighty' is not an integer"):
        load_settings()
