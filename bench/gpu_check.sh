#!/usr/bin/env bash
# ex09 on a CUDA machine: the GPU tier graded for the reference, and the time-to-accuracy bench.
# Run from the repository root after `pip install -e .` (keep a CUDA build of torch). Under 5 minutes.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0

python - <<'PY'
import torch
print(f"torch {torch.__version__}, CUDA {torch.version.cuda}, available: {torch.cuda.is_available()}")
if torch.cuda.is_available():
    print("device:", torch.cuda.get_device_name(0))
PY

echo "== GPU tier: grade the reference with --device cuda (tests/test_ex09_gpu.py)"
timeout 300 python -m pytest tests/test_ex09_gpu.py -q -s -rA -p no:cacheprovider || status=1

echo "== time to 98 % / 99 %: reference and course network on the GPU (15 epochs)"
timeout 200 python bench/bench_mnist.py --device cuda --course || status=1

echo "== the same machine's CPU, 2 threads (8 epochs), for comparison"
timeout 150 python bench/bench_mnist.py --device cpu --threads 2 || status=1

exit "$status"
