#!/usr/bin/env bash
# The three speed tables of docs/benchmarks.md, in one run on a quiet machine (about 20 minutes on 2 cores):
#   1. per-step cost of the paper configuration, Inrr.NET vs PyTorch side by side (bench/compare-pytorch.sh);
#   2. time to quality: the default (Fast) preset on baboon 256 + the paper's mask, wall clock, hole NMAE;
#   3. cost against size for the default preset: seconds per step and memory at 64 ... 1024.
# Needs ../shared/data for table 2 and, for table 1, Debian's python3-torch + libopenblas0-pthread.
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${THREADS:-2}
dotnet build -c Release bench/Inrr.Bench -v q -nologo >/dev/null
bench=bench/Inrr.Bench/bin/Release/net10.0/Inrr.Bench.dll
mkdir -p out/bench

echo "== 1. paper configuration per step: Inrr.NET vs PyTorch =="
if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c "import torch" 2>/dev/null; then
  bench/compare-pytorch.sh "${ROUNDS:-3}" 128,256 20 "$threads"
  echo "Inrr.NET:"; cat out/bench/compare-inrr.csv
else
  echo "skipped: no python3-torch (apt-get install python3-torch libopenblas0-pthread)"
fi

echo "== 2. time to quality: Fast preset, baboon 256 + mask.png, $threads threads =="
dotnet "$bench" protocol --size 256 --source original --preset Fast --steps 1000 --log-every 50 \
  --threads "$threads" --methods inrr --label fast-wallclock --out out/bench

echo "== 3. cost against size: Fast preset =="
dotnet "$bench" speed --preset Fast --sizes 64,128,256,512,1024 --steps 10 --warmup 3 --threads "$threads" \
  --label fast --csv out/bench/speed-sizes.csv
