#!/usr/bin/env bash
# Installs what is missing (Debian 12 packages), configures and builds Rewind.
# Idempotent: quick when nothing changed. Sourced by demo.sh and test.sh.
set -euo pipefail

REWIND_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${REWIND_BUILD_DIR:-$REWIND_ROOT/build}"
LLVM_PREFIX=/usr/lib/llvm-22

PACKAGES=(
  libmlir-22-dev mlir-22-tools llvm-22-dev llvm-22-tools
  cmake ninja-build g++ zlib1g-dev libzstd-dev libedit-dev
  pybind11-dev python3-dev python3-numpy python3-pytest
  libomp-22-dev openmpi-bin libopenmpi-dev python3-mpi4py
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -G Ninja -S "$REWIND_ROOT" -B "$BUILD_DIR" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_COMPILER=g++ \
    -DMLIR_DIR="$LLVM_PREFIX/lib/cmake/mlir" \
    -DLLVM_EXTERNAL_LIT="$LLVM_PREFIX/bin/lit" \
    -DPython_EXECUTABLE=/usr/bin/python3 >/dev/null
fi
ninja -C "$BUILD_DIR" ${REWIND_NINJA_TARGETS:-all}
export PATH="$BUILD_DIR/bin:$LLVM_PREFIX/bin:$PATH"
