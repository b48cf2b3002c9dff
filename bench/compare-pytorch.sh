#!/usr/bin/env bash
# Side-by-side per-step cost of the paper configuration (SIREN 5 x 256 + INRR, full grid, Adam): Inrr.NET vs
# PyTorch (Debian's python3-torch 1.13 on OpenBLAS), same machine, same thread count, alternating rounds so
# both see the same background load. Prints one CSV row per run and size; summarise with medians.
#
#   bench/compare-pytorch.sh [rounds=3] [sizes=128,256] [steps=20] [threads=2]
#
# Needs (Debian 12): apt-get install python3-torch libopenblas0-pthread (+ libtcmalloc-minimal4 for that row).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3} sizes=${2:-128,256} steps=${3:-20} threads=${4:-2}
out=out/bench/compare-pytorch.csv
mkdir -p out/bench
dotnet build -c Release bench/Inrr.Bench -v q -nologo >/dev/null
bench=bench/Inrr.Bench/bin/Release/net10.0/Inrr.Bench.dll
openblas=/usr/lib/x86_64-linux-gnu/openblas-pthread
tcmalloc=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4
echo "label,torch,threads,size,median_s_per_step,min_s_per_step" > "$out"
rm -f out/bench/compare-inrr.csv
for round in $(seq "$rounds"); do
  # PyTorch: OpenBLAS explicitly, passive OpenMP waiting (spinning starves OpenBLAS on 2 cores).
  LD_LIBRARY_PATH=$openblas OPENBLAS_NUM_THREADS=$threads OMP_NUM_THREADS=$threads OMP_WAIT_POLICY=PASSIVE \
    /usr/bin/python3 bench/pytorch/paper_step_time.py --sizes "$sizes" --steps "$steps" --threads "$threads" --label pytorch >> "$out"
  INRR_ALLOCATOR=glibc dotnet "$bench" speed --preset Paper --sizes "$sizes" --steps "$steps" --threads "$threads" --label inrr-net-glibc-tuned \
    --csv out/bench/compare-inrr.csv > /dev/null
  if [ -e "$tcmalloc" ]; then
    LD_PRELOAD=$tcmalloc dotnet "$bench" speed --preset Paper --sizes "$sizes" --steps "$steps" --threads "$threads" \
      --label inrr-net-tcmalloc --csv out/bench/compare-inrr.csv > /dev/null
  fi
  echo "round $round done" >&2
done
cat "$out"
echo "Inrr.NET rows: out/bench/compare-inrr.csv"
