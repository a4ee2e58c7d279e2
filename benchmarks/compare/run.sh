#!/usr/bin/env bash
# Side-by-side: NeuralNet against PyTorch on the same MNIST files, the same MLPs and hyperparameters, and against
# ONNX Runtime on the model NeuralNet exported, in one invocation with alternating runs.
# Usage: benchmarks/compare/run.sh [--data DIR] [--rounds N] [--epochs N] [--managed] [--baseline DLL] [--cnn [BATCHES]]
# --managed adds NeuralNet on its own kernel (NEURALNET_BLAS=managed) beside its default backend.
# --baseline adds another build of NeuralNetSide.dll, e.g. an earlier commit's: git worktree add /tmp/base <commit>, then
# dotnet build /tmp/base/benchmarks/compare/NeuralNetSide -c Release, and pass its bin/Release/net10.0/NeuralNetSide.dll.
# The AVX2 code paths on an AVX-512 machine: DOTNET_EnableAVX512=0 benchmarks/compare/run.sh (.NET 10's switch; the
# older DOTNET_EnableAVX512F=0 no longer turns AVX-512 off). ONNX Runtime and OpenBLAS are native and keep their own.
# Figures without the machine's OpenBLAS tuning: env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE benchmarks/compare/run.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
python=/usr/bin/python3   # Debian's interpreter, where python3-torch installs

if ! "$python" -c 'import torch, numpy' 2>/dev/null; then
  echo "Installing python3-torch and python3-numpy (Debian packages)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq python3-torch python3-numpy >&2
fi

dotnet build "$here/NeuralNetSide/NeuralNetSide.csproj" -c Release -nologo -v quiet >&2
dotnet build "$here/OnnxRuntimeSide/OnnxRuntimeSide.csproj" -c Release -nologo -v quiet >&2
exec "$python" "$here/compare.py" --neuralnet "$here/NeuralNetSide/bin/Release/net10.0/NeuralNetSide.dll" \
  --onnxruntime "$here/OnnxRuntimeSide/bin/Release/net10.0/OnnxRuntimeSide.dll" "$@"
