#!/usr/bin/env bash
# The GPU check, as one command for a lent GPU machine (JAX with CUDA, PyTorch and
# torchvision installed there; no MXNet build for it). Phases, each under its own time limit
# so that one slow phase cannot take the others' time:
#   1. the GPU, versions, and tests/test_gpu.py (mx.gpu() against mx.cpu());
#   2. bench/zoo_bench.py --device gpu: ResNet-18/50 and MobileNetV2, mxjax against
#      torchvision on the same GPU;
#   3. bench/run.py --device gpu: W7 / W7i (ResNet-20 step) and W10 (batch-1 latency),
#      mxjax against jax.jit and PyTorch;
#   4. MXNet's own tests with mx.gpu(0) as the default context, through the conformance
#      runner, from a folder that tools/gpu_conformance.py built (CONF_DIR, default
#      .devtests; skipped when absent).
# Results go to $OUT (at most 8 files come back from a device run): log.txt, the zoo's
# ZOO_RESULTS.md and zoo_results.json, the suite's RESULTS.md and results.json, conf.json.
# Usage: OUT=/tmp/gpu-out bash bench/device_run.sh   (limits: ZOO_S, BENCH_S, CONF_S seconds)
set -u
OUT=${OUT:-/tmp/gpu-out}
CONF_DIR=${CONF_DIR:-.devtests}
mkdir -p "$OUT"
export PYTHONUNBUFFERED=1 XLA_PYTHON_CLIENT_PREALLOCATE=false
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
LOG="$OUT/log.txt"
say() { echo "== $(date -u +%H:%M:%S) $*" | tee -a "$LOG"; }

say "phase 1: machine and tests/test_gpu.py"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv 2>&1 | tee -a "$LOG"
python3 -c "import jax, numpy, torch; print('jax', jax.__version__, jax.devices(), 'numpy',
numpy.__version__, 'torch', torch.__version__)" 2>&1 | tee -a "$LOG"
timeout "${TEST_S:-90}" python3 -m pytest -p no:cacheprovider -p no:xdist -o addopts= -q \
    -rfE tests/test_gpu.py 2>&1 | tail -30 | tee -a "$LOG"

say "phase 2: zoo_bench --device gpu"
timeout "${ZOO_S:-150}" python3 bench/zoo_bench.py --device gpu --impls mxjax,torch \
    --n 20 --n1 50 --warmup 2 --timeout 140 --out /tmp/zoo-gpu 2>&1 | tail -12 | tee -a "$LOG"
cp /tmp/zoo-gpu/ZOO_RESULTS.md /tmp/zoo-gpu/zoo_results.json "$OUT"/ 2>/dev/null

say "phase 3: bench/run.py --device gpu W7,W7i,W10"
timeout "${BENCH_S:-130}" python3 bench/run.py --device gpu --quick --workloads W7,W7i,W10 \
    --impls mxjax,jax,torch --no-profile --out /tmp/bench-gpu 2>&1 | tee -a "$LOG"
cp /tmp/bench-gpu/RESULTS.md /tmp/bench-gpu/results.json "$OUT"/ 2>/dev/null

if [ -d "$CONF_DIR" ]; then
    say "phase 4: MXNet's tests with mx.gpu(0) as the default context"
    files=$(cd "$CONF_DIR" && ls test_*_gpu.py test_gluon_gpu_own.py test_device.py \
            test_kvstore_gpu.py test_gluon_transforms.py 2>/dev/null | sort -u)
    timeout "${CONF_S:-120}" python3 -m mxjax.conformance --tests "$CONF_DIR" -j 14 \
        --timeout $(( ${CONF_S:-120} - 10 )) --json "$OUT/conf.json" $files 2>&1 \
        | tee -a "$LOG"
fi
say "done"
