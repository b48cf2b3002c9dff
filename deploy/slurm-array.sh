#!/usr/bin/env bash
# A Slurm job array: task i completes shard i/N of the images (--shard auto reads SLURM_ARRAY_TASK_ID, _MIN and _COUNT).
# Outputs go to one shared folder; each shard keeps its own records and lock, so a requeued task resumes.
#   sbatch deploy/slurm-array.sh images/ out/
#   then, when all tasks are done:  inrr merge out/ --input images/
#SBATCH --job-name=inrr
#SBATCH --array=0-7
#SBATCH --cpus-per-task=2
#SBATCH --mem=4G
#SBATCH --requeue
set -euo pipefail
INPUT=${1:?usage: sbatch slurm-array.sh INPUT OUT}
OUT=${2:?usage: sbatch slurm-array.sh INPUT OUT}
# The published tool (dotnet publish src/Inrr.Cli -c Release -r linux-x64 --self-contained -o tools/inrr), or `inrr`
# installed as a .NET tool.
INRR=${INRR:-tools/inrr/inrr}
exec "$INRR" batch "$INPUT" --mask random:0.5 --out "$OUT" --shard auto --threads "${SLURM_CPUS_PER_TASK:-2}"
