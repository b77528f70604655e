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

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rw::jit {

/// Element types that cross the host boundary. F16 and BF16 are stored as
/// their 16 bits; signless and signed integers are I*, unsigned ones U*.
enum class ElementKind {
  F16, BF16, F32, F64, I1, I8, I16, I32, I64, U8, U16, U32, U64, Index
};

/// Size in bytes of one element of `kind` in memory.
size_t elementSize(ElementKind kind);
bool isFloat(ElementKind kind);
bool isUnsigned(ElementKind kind);
/// The element kind of an MLIR scalar type, or an error naming the type.
llvm::Expected<ElementKind> elementKindOf(mlir::Type type);

/// An integer as written (in JSON, or a Python int), exactly: its sign and
/// magnitude, with `tooLarge` set when the magnitude needs more than 64 bits.
struct ExactInteger {
  bool negative = false;
  uint64_t magnitude = 0;
  bool tooLarge = false;

  static ExactInteger of(int64_t v);
  /// Decimal (meaningless when tooLarge).
  std::string str() const;
};

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
  /// A tensor whose row-major elements start at `data`, inside the block
  /// `block` that it takes over (allocated by malloc; freed by std::free).
  static HostValue adopt(ElementKind kind, std::vector<int64_t> shape,
                         void *block, void *data);
  HostValue(const HostValue &other);
  HostValue &operator=(const HostValue &other);
  HostValue(HostValue &&) = default;
  HostValue &operator=(HostValue &&) = default;

  ElementKind kind() const { return elementKind; }
  const std::vector<int64_t> &shape() const { return dims; }
  bool isTensor() const { return tensor; }
  /// A view of the elements (no copy), valid while this value lives.
  ArrayView view() const { return {kind(), data(), shape(), {}, isTensor()}; }
  int64_t numElements() const;
  /// Same kind, shape and bits (NaNs included).
  bool isBitwiseEqual(const HostValue &other) const;
  void *data() { return start; }
  const void *data() const { return start; }
  /// Gives up the block holding data() (to be freed by std::free), leaving
  /// this value empty: for handing the data to another owner, such as a
  /// numpy array, without a copy.
  void *releaseBlock();

  /// Element `i` (row-major) converted to/from double (rounded to the
  /// element type; integers beyond 2^53 are not exact: see setInteger).
  double get(int64_t i) const;
  void set(int64_t i, double v);
  /// Stores an exact integer into element `i` of an integer (or i1) value;
  /// when it does not fit, an error text ("does not fit (the range is
  /// [-128, 127])") for the caller to put after the value.
  std::optional<std::string> setInteger(int64_t i, const ExactInteger &v);

  /// A contiguous copy of the data behind `view` (any strides).
  static HostValue copyOf(const ArrayView &view);
  /// Writes this value into caller-owned memory of the same kind and shape.
  llvm::Error copyTo(void *data, llvm::ArrayRef<int64_t> strides = {}) const;

  /// JSON: a number for a scalar, nested arrays for a tensor. Integers print
  /// exactly, floats as the shortest decimal that reads back to the same
  /// value of their type; floats that are not finite print as
  /// NaN/Infinity/-Infinity (as Python's json does).
  void printJSON(llvm::raw_ostream &os) const;

private:
  ElementKind elementKind = ElementKind::F64;
  std::vector<int64_t> dims;
  bool tensor = false;
  struct Free {
    void operator()(void *block) const { std::free(block); }
  };
  /// The block holding the elements, which start at `start`.
  std::unique_ptr<void, Free> block;
  uint8_t *start = nullptr;
};

/// Parses rewind-run's `--args`: a JSON array with one element per type in
/// `types`, a number (true/false for i1; NaN, Infinity, -Infinity for
/// floats) for a scalar and nested arrays (row-major) for a ranked tensor,
/// whose dynamic sizes come from the data. Strict JSON (no `+1`, `.5`,
/// `01`); integers are read exactly and must fit their type. Values are
/// parsed straight into their buffers, and arrays may nest no deeper than
/// the argument's rank. Errors name the argument (and element) and say
/// what is wrong; `function` names the entry in them.
llvm::Expected<std::vector<HostValue>>
parseArgumentsJSON(llvm::StringRef text, llvm::ArrayRef<mlir::Type> types,
                   llvm::StringRef function);

} // namespace rw::jit

#endif // REWIND_JIT_HOSTVALUE_H
