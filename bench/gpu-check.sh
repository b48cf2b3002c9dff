#!/usr/bin/env bash
# The GPU check of issue 11: builds the bench with the CUDA build of libtorch, then runs `device-check`: the default,
# INRR alone, every regulariser and DMF, each fitted on the CPU and on the GPU (a 128 x 128 picture), with hole NMAE,
# hole PSNR, seconds and the largest pixel difference side by side; exit 0 only when the GPU fits are finite and
# within float rounding of the CPU fits. About 3-4 minutes on a GPU machine with a warm NuGet cache (the CPU fits
# take most of it), plus the restore of TorchSharp-cuda-linux (~2.5 GB) when the cache is cold.
#
#   bench/gpu-check.sh [--device cuda:N] [--size N]      (arguments go to device-check)
#
# Needs: an NVIDIA driver for CUDA 12.8, the .NET 10 SDK, and TorchSharp-cuda-linux 0.107.0 reachable by NuGet
# (nuget.org, or a folder of .nupkg files named by INRR_CUDA_PACKAGES). Writes its log to ${OUT:-out}/gpu-check.log.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log_dir=${OUT:-out}
mkdir -p "$log_dir"
log="$log_dir/gpu-check.log"
{
  echo "gpu-check $(date -u +%FT%TZ) on $(hostname)"
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || echo "nvidia-smi: not found"
  restore_source=()
  if [ -n "${INRR_CUDA_PACKAGES:-}" ]; then restore_source=(--source "$INRR_CUDA_PACKAGES" --source https://api.nuget.org/v3/index.json); fi
  # A separate output folder: the CPU build in bench/Inrr.Bench/bin stays as it is.
  dotnet build bench/Inrr.Bench -c Release -p:InrrTorchBackend=cuda -o out/gpu-bench "${restore_source[@]}"
  dotnet out/gpu-bench/Inrr.Bench.dll device-check "$@"
} 2>&1 | tee "$log"
