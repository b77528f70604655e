//===- HostValue.h - Arguments and results on the host ----------*- C++ -*-===//
//
// Part of the Rewind project.
//
// A HostValue is a scalar or a dense row-major array that a host program
// passes to, or gets back from, compiled code. It owns its data.
//
//===----------------------------------------------------------------------===//

#ifndef REWIND_JIT_HOSTVALUE_H
#define REWIND_JIT_HOSTVALUE_H

#include "mlir/IR/Types.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <cstdint>
#include <vector>

namespace rw::jit {

/// Element types that cross the host boundary.
enum class ElementKind { F32, F64, I1, I8, I16, I32, I64, Index };

/// Size in bytes of one element of `kind` in memory.
size_t elementSize(ElementKind kind);
bool isFloat(ElementKind kind);
/// The element kind of an MLIR scalar type, or an error naming the type.
llvm::Expected<ElementKind> elementKindOf(mlir::Type type);

/// Caller-owned data seen through a pointer, a shape and strides (in
/// elements; empty strides mean row-major). Not owned: the caller keeps it
/// alive for the duration of a call.
struct ArrayView {
  ElementKind kind = ElementKind::F64;
  const void *data = nullptr;
  std::vector<int64_t> shape;
  std::vector<int64_t> strides;
  /// False for a scalar (shape must be empty).
  bool isTensor = true;
};

class HostValue {
public:
  HostValue() = default;
  /// A zero-filled value; an empty `shape` with isTensor=false is a scalar.
  HostValue(ElementKind kind, std::vector<int64_t> shape, bool isTensor);

  ElementKind kind() const { return elementKind; }
  const std::vector<int64_t> &shape() const { return dims; }
  bool isTensor() const { return tensor; }
  int64_t numElements() const;
  void *data() { return bytes.data(); }
  const void *data() const { return bytes.data(); }

  /// Element `i` (row-major) converted to/from double.
  double get(int64_t i) const;
  void set(int64_t i, double v);

  /// A contiguous copy of the data behind `view`.
  static HostValue copyOf(const ArrayView &view);
  /// Writes this value into caller-owned memory of the same kind and shape.
  llvm::Error copyTo(void *data, llvm::ArrayRef<int64_t> strides = {}) const;

  /// JSON: a number for a scalar, nested arrays for a tensor. Floats that are
  /// not finite print as NaN/Infinity/-Infinity (as Python's json does).
  void printJSON(llvm::raw_ostream &os) const;

private:
  ElementKind elementKind = ElementKind::F64;
  std::vector<int64_t> dims;
  bool tensor = false;
  std::vector<uint8_t> bytes;
};

/// JSON with the bare literals NaN, Infinity and -Infinity (which Python's
/// json writes) turned into strings that hostValueFromJSON accepts.
std::string quoteNonFiniteLiterals(llvm::StringRef json);

/// Converts one JSON `--args` element to a value of MLIR type `type` (a scalar
/// or a ranked tensor; dynamic sizes come from the data). `what` names the
/// argument in error messages.
llvm::Expected<HostValue> hostValueFromJSON(const llvm::json::Value &json,
                                            mlir::Type type,
                                            llvm::StringRef what);

} // namespace rw::jit

#endif // REWIND_JIT_HOSTVALUE_H
