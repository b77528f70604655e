//===- VectorTarget.h - The vector registers code is generated for -*- C++ -*-===//
//
// Part of the Rewind project.
//
// rewind-vectorize-linalg sizes its register tiles by the target's vector
// registers: how wide they are and how many there are (see
// docs/Rationale.md, "Code generation sized for the target").
//
//===----------------------------------------------------------------------===//

#ifndef REWIND_TRANSFORMS_VECTORTARGET_H
#define REWIND_TRANSFORMS_VECTORTARGET_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

namespace rw {

struct VectorTarget {
  /// Width of a vector register in bits.
  unsigned bits;
  /// Number of vector registers.
  unsigned registers;
};

/// The vector registers of a CPU with the features `has` reports (LLVM
/// feature names without '+'): AVX-512 32 x 512 bits, AVX/AVX2 16 x 256,
/// otherwise x86-64's SSE2 16 x 128 (AArch64's NEON: 32 x 128).
VectorTarget vectorTargetFromFeatures(llvm::function_ref<bool(llvm::StringRef)> has);

/// The host CPU's.
VectorTarget hostVectorTarget();

} // namespace rw

#endif // REWIND_TRANSFORMS_VECTORTARGET_H
