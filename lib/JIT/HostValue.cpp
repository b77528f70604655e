//===- HostValue.cpp - Arguments and results on the host ------------------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/JIT/HostValue.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <algorithm>
#include <functional>
#include <limits>
#include <new>

using namespace mlir;
using namespace rw::jit;

size_t rw::jit::elementSize(ElementKind kind) {
  switch (kind) {
  case ElementKind::F32:
  case ElementKind::I32:
  case ElementKind::U32:
    return 4;
  case ElementKind::F64:
  case ElementKind::I64:
  case ElementKind::U64:
  case ElementKind::Index:
    return 8;
  case ElementKind::F16:
  case ElementKind::BF16:
  case ElementKind::I16:
  case ElementKind::U16:
    return 2;
  case ElementKind::I1:
  case ElementKind::I8:
  case ElementKind::U8:
    return 1;
  }
  llvm_unreachable("unknown element kind");
}

bool rw::jit::isFloat(ElementKind kind) {
  return kind == ElementKind::F16 || kind == ElementKind::BF16 ||
         kind == ElementKind::F32 || kind == ElementKind::F64;
}

bool rw::jit::isUnsigned(ElementKind kind) {
  return kind == ElementKind::U8 || kind == ElementKind::U16 ||
         kind == ElementKind::U32 || kind == ElementKind::U64;
}

llvm::Expected<ElementKind> rw::jit::elementKindOf(Type type) {
  if (type.isF16())
    return ElementKind::F16;
  if (type.isBF16())
    return ElementKind::BF16;
  if (type.isF32())
    return ElementKind::F32;
  if (type.isF64())
    return ElementKind::F64;
  if (type.isIndex())
    return ElementKind::Index;
  if (auto integer = dyn_cast<IntegerType>(type)) {
    bool isUnsigned = integer.isUnsigned();
    switch (integer.getWidth()) {
    case 1:
      if (!isUnsigned)
        return ElementKind::I1;
      break;
    case 8:
      return isUnsigned ? ElementKind::U8 : ElementKind::I8;
    case 16:
      return isUnsigned ? ElementKind::U16 : ElementKind::I16;
    case 32:
      return isUnsigned ? ElementKind::U32 : ElementKind::I32;
    case 64:
      return isUnsigned ? ElementKind::U64 : ElementKind::I64;
    }
  }
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "unsupported element type " << type
     << " (supported: f16, bf16, f32, f64, i1, and 8-, 16-, 32- and 64-bit "
        "integers, signless, signed or unsigned, and index)";
  return llvm::createStringError(text);
}

//===----------------------------------------------------------------------===//
// Numbers
//===----------------------------------------------------------------------===//

ExactInteger ExactInteger::of(int64_t v) {
  ExactInteger result;
  result.negative = v < 0;
  result.magnitude = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
  return result;
}

std::string ExactInteger::str() const {
  return (negative && magnitude ? "-" : "") + std::to_string(magnitude);
}

/// The APFloat semantics of a 16-bit float kind.
static const llvm::fltSemantics &halfSemantics(ElementKind kind) {
  return kind == ElementKind::BF16 ? llvm::APFloat::BFloat()
                                   : llvm::APFloat::IEEEhalf();
}

static uint16_t toHalfBits(ElementKind kind, double v) {
  llvm::APFloat value(v);
  bool lost;
  value.convert(halfSemantics(kind), llvm::APFloat::rmNearestTiesToEven, &lost);
  return (uint16_t)value.bitcastToAPInt().getZExtValue();
}

static double fromHalfBits(ElementKind kind, uint16_t bits) {
  llvm::APFloat value(halfSemantics(kind), llvm::APInt(16, bits));
  bool lost;
  value.convert(llvm::APFloat::IEEEdouble(), llvm::APFloat::rmNearestTiesToEven,
                &lost);
  return value.convertToDouble();
}

/// The smallest and largest value of an integer kind, as exact integers.
static std::pair<ExactInteger, ExactInteger> rangeOf(ElementKind kind) {
  auto bits = [](unsigned n) { return uint64_t(1) << n; };
  switch (kind) {
  case ElementKind::I1:
    return {ExactInteger::of(0), ExactInteger::of(1)};
  case ElementKind::I8:
    return {ExactInteger::of(-128), ExactInteger::of(127)};
  case ElementKind::I16:
    return {ExactInteger::of(-32768), ExactInteger::of(32767)};
  case ElementKind::I32:
    return {ExactInteger::of(INT32_MIN), ExactInteger::of(INT32_MAX)};
  case ElementKind::U8:
    return {ExactInteger::of(0), ExactInteger::of(255)};
  case ElementKind::U16:
    return {ExactInteger::of(0), ExactInteger::of(65535)};
  case ElementKind::U32:
    return {ExactInteger::of(0), ExactInteger::of((int64_t)bits(32) - 1)};
  case ElementKind::U64:
    return {ExactInteger::of(0), ExactInteger{false, UINT64_MAX, false}};
  default: // I64, Index
    return {ExactInteger{true, bits(63), false}, ExactInteger::of(INT64_MAX)};
  }
}

/// a <= b for exact integers.
static bool lessOrEqual(const ExactInteger &a, const ExactInteger &b) {
  if (a.negative != b.negative)
    return a.negative || (a.magnitude == 0 && b.magnitude == 0);
  return a.negative ? a.magnitude >= b.magnitude : a.magnitude <= b.magnitude;
}

//===----------------------------------------------------------------------===//
// HostValue
//===----------------------------------------------------------------------===//

HostValue::HostValue(ElementKind kind, std::vector<int64_t> shape,
                     bool isTensor)
    : elementKind(kind), dims(std::move(shape)), tensor(isTensor) {
  // calloc: large blocks come zeroed from the system, without a pass over
  // them. (One byte at least, so that data() is never null.)
  block.reset(std::calloc(std::max<size_t>(numElements() * elementSize(kind), 1), 1));
  if (!block)
    throw std::bad_alloc();
  start = static_cast<uint8_t *>(block.get());
}

HostValue HostValue::adopt(ElementKind kind, std::vector<int64_t> shape,
                           void *block, void *data) {
  HostValue value;
  value.elementKind = kind;
  value.dims = std::move(shape);
  value.tensor = true;
  value.block.reset(block);
  value.start = static_cast<uint8_t *>(data);
  return value;
}

HostValue::HostValue(const HostValue &other)
    : HostValue(other.elementKind, other.dims, other.tensor) {
  std::memcpy(start, other.start, numElements() * elementSize(elementKind));
}

HostValue &HostValue::operator=(const HostValue &other) {
  if (this != &other)
    *this = HostValue(other);
  return *this;
}

void *HostValue::releaseBlock() {
  start = nullptr;
  dims.clear();
  return block.release();
}

/// Row-major strides of `shape` when `strides` is empty.
static std::vector<int64_t> stridesOrRowMajor(llvm::ArrayRef<int64_t> shape,
                                              llvm::ArrayRef<int64_t> strides) {
  if (!strides.empty())
    return strides.vec();
  std::vector<int64_t> rowMajor(shape.size(), 1);
  for (int64_t d = (int64_t)shape.size() - 2; d >= 0; --d)
    rowMajor[d] = rowMajor[d + 1] * shape[d + 1];
  return rowMajor;
}

/// Copies the elements of `shape` from `in` (element strides `inStrides`)
/// to `out` (`outStrides`), `width` bytes each: runs of elements contiguous
/// on both sides at once, the indices of the other dimensions stepped as an
/// odometer.
static void copyStrided(uint8_t *out, llvm::ArrayRef<int64_t> outStrides,
                        const uint8_t *in, llvm::ArrayRef<int64_t> inStrides,
                        llvm::ArrayRef<int64_t> shape, size_t width) {
  if (llvm::is_contained(shape, 0))
    return;
  // The innermost dimensions that are contiguous on both sides form a run.
  int64_t rank = shape.size(), run = 1, outer = rank;
  while (outer > 0 && outStrides[outer - 1] == run &&
         inStrides[outer - 1] == run) {
    run *= shape[outer - 1];
    --outer;
  }
  size_t runBytes = run * width;
  std::vector<int64_t> index(outer, 0);
  int64_t inAt = 0, outAt = 0;
  while (true) {
    std::memcpy(out + outAt * width, in + inAt * width, runBytes);
    int64_t d = outer - 1;
    for (; d >= 0; --d) {
      inAt += inStrides[d];
      outAt += outStrides[d];
      if (++index[d] < shape[d])
        break;
      inAt -= inStrides[d] * shape[d];
      outAt -= outStrides[d] * shape[d];
      index[d] = 0;
    }
    if (d < 0)
      return;
  }
}

HostValue HostValue::copyOf(const ArrayView &view) {
  HostValue value(view.kind, view.shape, view.isTensor);
  copyStrided(value.start, stridesOrRowMajor(view.shape, {}),
              static_cast<const uint8_t *>(view.data),
              stridesOrRowMajor(view.shape, view.strides), view.shape,
              elementSize(view.kind));
  return value;
}

llvm::Error HostValue::copyTo(void *data, llvm::ArrayRef<int64_t> strides) const {
  if (!strides.empty() && strides.size() != dims.size())
    return llvm::createStringError("expected one stride per dimension");
  copyStrided(static_cast<uint8_t *>(data), stridesOrRowMajor(dims, strides),
              start, stridesOrRowMajor(dims, {}), dims,
              elementSize(elementKind));
  return llvm::Error::success();
}

bool HostValue::isBitwiseEqual(const HostValue &other) const {
  return kind() == other.kind() && shape() == other.shape() &&
         isTensor() == other.isTensor() &&
         std::memcmp(data(), other.data(),
                     numElements() * elementSize(kind())) == 0;
}

int64_t HostValue::numElements() const {
  int64_t n = 1;
  for (int64_t d : dims)
    n *= d;
  return n;
}

template <typename T> static T load(const uint8_t *p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

template <typename T> static void store(uint8_t *p, T v) {
  std::memcpy(p, &v, sizeof(T));
}

double HostValue::get(int64_t i) const {
  const uint8_t *p = start + i * elementSize(elementKind);
  switch (elementKind) {
  case ElementKind::F16:
  case ElementKind::BF16:
    return fromHalfBits(elementKind, load<uint16_t>(p));
  case ElementKind::F32:
    return load<float>(p);
  case ElementKind::F64:
    return load<double>(p);
  case ElementKind::I1:
    return *p & 1;
  case ElementKind::I8:
    return load<int8_t>(p);
  case ElementKind::I16:
    return load<int16_t>(p);
  case ElementKind::I32:
    return load<int32_t>(p);
  case ElementKind::I64:
  case ElementKind::Index:
    return (double)load<int64_t>(p);
  case ElementKind::U8:
    return load<uint8_t>(p);
  case ElementKind::U16:
    return load<uint16_t>(p);
  case ElementKind::U32:
    return load<uint32_t>(p);
  case ElementKind::U64:
    return (double)load<uint64_t>(p);
  }
  llvm_unreachable("unknown element kind");
}

void HostValue::set(int64_t i, double v) {
  uint8_t *p = start + i * elementSize(elementKind);
  switch (elementKind) {
  case ElementKind::F16:
  case ElementKind::BF16:
    return store(p, toHalfBits(elementKind, v));
  case ElementKind::F32:
    return store(p, static_cast<float>(v));
  case ElementKind::F64:
    return store(p, v);
  case ElementKind::I1:
    return store(p, static_cast<uint8_t>(v != 0));
  case ElementKind::I8:
    return store(p, static_cast<int8_t>(v));
  case ElementKind::I16:
    return store(p, static_cast<int16_t>(v));
  case ElementKind::I32:
    return store(p, static_cast<int32_t>(v));
  case ElementKind::I64:
  case ElementKind::Index:
    return store(p, static_cast<int64_t>(v));
  case ElementKind::U8:
    return store(p, static_cast<uint8_t>(v));
  case ElementKind::U16:
    return store(p, static_cast<uint16_t>(v));
  case ElementKind::U32:
    return store(p, static_cast<uint32_t>(v));
  case ElementKind::U64:
    return store(p, static_cast<uint64_t>(v));
  }
}

std::optional<std::string> HostValue::setInteger(int64_t i,
                                                 const ExactInteger &v) {
  assert(!isFloat(elementKind) && "setInteger on a float value");
  auto [low, high] = rangeOf(elementKind);
  if (v.tooLarge || !lessOrEqual(low, v) || !lessOrEqual(v, high))
    return "does not fit (the range is [" + low.str() + ", " + high.str() +
           "])";
  // Two's complement of the value, truncated by the store.
  uint64_t bits = v.negative ? 0 - v.magnitude : v.magnitude;
  uint8_t *p = start + i * elementSize(elementKind);
  std::memcpy(p, &bits, elementSize(elementKind)); // little-endian host
  return std::nullopt;
}

/// Parses a decimal number (JSON syntax, already checked) as a value of
/// float kind `kind`, correctly rounded, returned as a double.
static double parseFloat(ElementKind kind, llvm::StringRef text) {
  if (kind == ElementKind::F64 || kind == ElementKind::F32) {
    double d = 0;
    float f = 0;
    const char *end = text.data() + text.size();
    std::from_chars_result r =
        kind == ElementKind::F64 ? std::from_chars(text.data(), end, d)
                                 : std::from_chars(text.data(), end, f);
    if (r.ec == std::errc::result_out_of_range) {
      // Overflow to infinity, underflow to zero (as strtod).
      bool negative = text.starts_with("-");
      bool tiny = text.contains_insensitive("e-");
      double magnitude = tiny ? 0.0 : INFINITY;
      return negative ? -magnitude : magnitude;
    }
    return kind == ElementKind::F64 ? d : f;
  }
  llvm::APFloat value(halfSemantics(kind));
  (void)value.convertFromString(text, llvm::APFloat::rmNearestTiesToEven);
  bool lost;
  value.convert(llvm::APFloat::IEEEdouble(), llvm::APFloat::rmNearestTiesToEven,
                &lost);
  return value.convertToDouble();
}

/// The shortest decimal that reads back as `v` (a value of float kind
/// `kind`), in Python's repr style: fixed notation for exponents in
/// [-4, 16), always with a '.' or an exponent, e.g. 10.0, 0.1, 1e-05.
static std::string shortestRepr(double v, ElementKind kind) {
  char buffer[64];
  int precision = 1;
  for (; precision < 17; ++precision) {
    std::snprintf(buffer, sizeof(buffer), "%.*e", precision - 1, v);
    if (parseFloat(kind, buffer) == v)
      break;
  }
  std::snprintf(buffer, sizeof(buffer), "%.*e", precision - 1, v);
  std::string text(buffer);
  size_t e = text.find('e');
  int exponent = std::atoi(text.c_str() + e + 1);
  std::string digits;
  for (char c : text.substr(0, e))
    if (llvm::isDigit(c))
      digits += c;
  std::string sign = std::signbit(v) ? "-" : "";
  if (exponent < -4 || exponent >= 16) {
    std::string mantissa = digits.substr(0, 1);
    if (digits.size() > 1)
      mantissa += "." + digits.substr(1);
    std::snprintf(buffer, sizeof(buffer), "e%c%02d", exponent < 0 ? '-' : '+',
                  std::abs(exponent));
    return sign + mantissa + buffer;
  }
  if (exponent < 0)
    return sign + "0." + std::string(-exponent - 1, '0') + digits;
  if ((int)digits.size() <= exponent + 1)
    return sign + digits + std::string(exponent + 1 - digits.size(), '0') + ".0";
  return sign + digits.substr(0, exponent + 1) + "." + digits.substr(exponent + 1);
}

/// Prints element `p` of kind `kind` as JSON.
static void printElement(llvm::raw_ostream &os, ElementKind kind,
                         const uint8_t *p, double asDouble) {
  if (isFloat(kind)) {
    if (std::isnan(asDouble))
      os << "NaN";
    else if (std::isinf(asDouble))
      os << (asDouble > 0 ? "Infinity" : "-Infinity");
    else
      os << shortestRepr(asDouble, kind);
    return;
  }
  if (kind == ElementKind::I1) {
    os << ((*p & 1) ? "true" : "false");
    return;
  }
  // Integers exactly: sign- or zero-extend the stored bits.
  size_t width = elementSize(kind);
  uint64_t bits = 0;
  std::memcpy(&bits, p, width);
  if (isUnsigned(kind)) {
    os << bits;
    return;
  }
  unsigned shift = 64 - 8 * width;
  os << (int64_t)(bits << shift) / (int64_t(1) << shift);
}

void HostValue::printJSON(llvm::raw_ostream &os) const {
  size_t width = elementSize(elementKind);
  int64_t index = 0;
  auto printNext = [&] {
    printElement(os, elementKind, start + index * width,
                 isFloat(elementKind) ? get(index) : 0.0);
    ++index;
  };
  if (!tensor) {
    printNext();
    return;
  }
  std::function<void(size_t)> printDim = [&](size_t d) {
    if (d == dims.size())
      return printNext();
    os << "[";
    for (int64_t i = 0; i < dims[d]; ++i) {
      if (i)
        os << ", ";
      printDim(d + 1);
    }
    os << "]";
  };
  printDim(0);
}

//===----------------------------------------------------------------------===//
// --args
//===----------------------------------------------------------------------===//

namespace {
/// A strict JSON reader of --args that writes values straight into their
/// buffers. A tensor is read twice: once to find (and check) its shape,
/// then to parse its numbers into the allocated value.
class ArgumentsReader {
public:
  explicit ArgumentsReader(llvm::StringRef text) : text(text) {}

  llvm::Expected<std::vector<HostValue>> read(llvm::ArrayRef<Type> types,
                                              llvm::StringRef function);

private:
  void skipSpace() {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t' ||
                                 text[pos] == '\n' || text[pos] == '\r'))
      ++pos;
  }
  char peek() {
    skipSpace();
    return pos < text.size() ? text[pos] : '\0';
  }
  bool consume(char c) {
    if (peek() != c)
      return false;
    ++pos;
    return true;
  }

  /// "--args is not valid JSON: expected X at line L, column C".
  llvm::Error syntaxError(const llvm::Twine &expected) {
    size_t line = 1, column = 1;
    for (size_t i = 0; i < pos && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    std::string found = pos >= text.size()
                            ? "the end"
                            : "'" + text.substr(pos, 1).str() + "'";
    return llvm::createStringError(
        "--args is not valid JSON: expected " + expected + " at line " +
        llvm::Twine(line) + ", column " + llvm::Twine(column) + ", found " +
        found);
  }

  /// The next leaf token: a number (JSON syntax), true, false, NaN,
  /// Infinity, -Infinity, or (to be rejected by store) null or a string.
  llvm::Expected<llvm::StringRef> leaf();
  /// Skips one JSON value of any kind (an argument @f does not take).
  llvm::Error skipValue(unsigned depth);
  /// Finds the shape of the tensor (rank `rank`) that starts here, checking
  /// that the data is rectangular and nests exactly `rank` deep.
  llvm::Error scanShape(unsigned depth, unsigned rank,
                        std::vector<int64_t> &shape, std::vector<bool> &known,
                        const std::string &what);
  /// Stores leaf `token` as element `index` of `value`.
  llvm::Error store(HostValue &value, int64_t index, llvm::StringRef token,
                    const std::string &what);
  llvm::Expected<HostValue> readArgument(Type type, const std::string &what);

  llvm::StringRef text;
  size_t pos = 0;
};
} // namespace

llvm::Expected<llvm::StringRef> ArgumentsReader::leaf() {
  skipSpace();
  size_t start = pos;
  if (pos < text.size() && text[pos] == '"') {
    // A string is valid JSON but never a valid argument: store() says so.
    for (++pos; pos < text.size() && text[pos] != '"'; ++pos)
      if (text[pos] == '\\')
        ++pos;
    if (pos >= text.size())
      return syntaxError("the end of the string");
    ++pos;
    return text.substr(start, pos - start);
  }
  for (llvm::StringRef word :
       {"true", "false", "null", "NaN", "Infinity", "-Infinity"})
    if (text.substr(pos).starts_with(word)) {
      pos += word.size();
      return text.substr(start, word.size());
    }
  // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
  auto digits = [&] {
    size_t first = pos;
    while (pos < text.size() && llvm::isDigit(text[pos]))
      ++pos;
    return pos > first;
  };
  if (pos < text.size() && text[pos] == '-')
    ++pos;
  if (pos < text.size() && text[pos] == '0')
    ++pos;
  else if (!(pos < text.size() && text[pos] >= '1' && text[pos] <= '9' &&
             digits()))
    return syntaxError("a number");
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    if (!digits())
      return syntaxError("a digit after '.'");
  }
  if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
    ++pos;
    if (pos < text.size() && (text[pos] == '+' || text[pos] == '-'))
      ++pos;
    if (!digits())
      return syntaxError("a digit in the exponent");
  }
  return text.substr(start, pos - start);
}

llvm::Error ArgumentsReader::skipValue(unsigned depth) {
  if (depth > 64)
    return llvm::createStringError("--args nests arrays too deeply");
  if (peek() == '[') {
    ++pos;
    if (consume(']'))
      return llvm::Error::success();
    do {
      if (llvm::Error error = skipValue(depth + 1))
        return error;
    } while (consume(','));
    return consume(']') ? llvm::Error::success() : syntaxError("',' or ']'");
  }
  return leaf().takeError();
}

llvm::Error ArgumentsReader::scanShape(unsigned depth, unsigned rank,
                                       std::vector<int64_t> &shape,
                                       std::vector<bool> &known,
                                       const std::string &what) {
  if (peek() != '[') {
    if (auto token = leaf(); !token)
      return token.takeError();
    return llvm::createStringError(
        what + " has type tensor of rank " + llvm::Twine(rank) +
        " but the data has rank " + llvm::Twine(depth));
  }
  ++pos;
  int64_t count = 0;
  if (!consume(']')) {
    do {
      ++count;
      if (depth + 1 < rank) {
        if (llvm::Error error = scanShape(depth + 1, rank, shape, known, what))
          return error;
      } else if (peek() == '[') {
        return llvm::createStringError(
            what + " has type tensor of rank " + llvm::Twine(rank) +
            " but the data nests arrays deeper");
      } else if (auto token = leaf(); !token) {
        return token.takeError();
      }
    } while (consume(','));
    if (!consume(']'))
      return syntaxError("',' or ']'");
  }
  if (!known[depth]) {
    known[depth] = true;
    shape[depth] = count;
  } else if (shape[depth] != count) {
    return llvm::createStringError(
        what + ": the data is not rectangular (dimension " +
        llvm::Twine(depth) + " should have " + llvm::Twine(shape[depth]) +
        " elements everywhere)");
  }
  return llvm::Error::success();
}

/// "[1, 2]" for element `index` of `shape` (empty for a scalar).
static std::string elementName(llvm::ArrayRef<int64_t> shape, int64_t index) {
  if (shape.empty())
    return "";
  std::vector<int64_t> position(shape.size());
  for (int64_t d = (int64_t)shape.size() - 1; d >= 0; --d) {
    position[d] = shape[d] ? index % shape[d] : 0;
    index = shape[d] ? index / shape[d] : 0;
  }
  std::string text = " element [";
  for (auto [i, p] : llvm::enumerate(position))
    text += (i ? ", " : "") + std::to_string(p);
  return text + "]";
}

llvm::Error ArgumentsReader::store(HostValue &value, int64_t index,
                                   llvm::StringRef token,
                                   const std::string &what) {
  ElementKind kind = value.kind();
  std::string where = what + elementName(value.shape(), index);
  auto fail = [&](const llvm::Twine &message) {
    return llvm::createStringError(where + " " + message);
  };
  if (token.starts_with("\"") || token == "null")
    return fail(llvm::Twine("expects ") +
                (isFloat(kind) ? "a number" : "an integer") + ", got " +
                (token == "null" ? "null" : "a string"));
  bool isBoolean = token == "true" || token == "false";
  bool isNonFinite = token == "NaN" || token.ends_with("Infinity");
  if (isFloat(kind)) {
    if (isBoolean)
      return fail("expects a number, got " + token);
    double v = token == "NaN"         ? NAN
               : token == "Infinity"  ? INFINITY
               : token == "-Infinity" ? -INFINITY
                                      : parseFloat(kind, token);
    value.set(index, v);
    return llvm::Error::success();
  }
  if (isBoolean) {
    if (kind != ElementKind::I1)
      return fail("expects an integer, got " + token);
    value.set(index, token == "true" ? 1.0 : 0.0);
    return llvm::Error::success();
  }
  if (isNonFinite)
    return fail("expects an integer, got " + token);
  ExactInteger integer;
  llvm::StringRef digits = token;
  integer.negative = digits.consume_front("-");
  if (digits.find_first_of(".eE") != llvm::StringRef::npos) {
    // 3.0 or 1e3: an integer only when it is one exactly.
    double v = parseFloat(ElementKind::F64, token);
    if (v != std::floor(v))
      return fail("is an integer argument but got " + token);
    // An integral double is exact; its magnitude may need all 64 bits.
    double magnitude = std::fabs(v);
    integer.negative = v < 0;
    integer.tooLarge = magnitude >= 18446744073709551616.0;
    integer.magnitude = integer.tooLarge ? 0 : (uint64_t)magnitude;
  } else if (digits.getAsInteger(10, integer.magnitude)) {
    integer.tooLarge = true;
  }
  if (std::optional<std::string> error = value.setInteger(index, integer))
    return kind == ElementKind::I1
               ? fail("is an i1 argument: expects true, false, 0 or 1")
               : llvm::createStringError(where + ": " + token + " " + *error);
  return llvm::Error::success();
}

llvm::Expected<HostValue> ArgumentsReader::readArgument(Type type,
                                                        const std::string &what) {
  auto tensorType = dyn_cast<RankedTensorType>(type);
  if (!tensorType && isa<ShapedType>(type)) {
    std::string text;
    llvm::raw_string_ostream os(text);
    os << what << " has type " << type
       << ", which --args cannot express (use a ranked tensor)";
    return llvm::createStringError(text);
  }
  Type elementType = tensorType ? tensorType.getElementType() : type;
  llvm::Expected<ElementKind> kind = elementKindOf(elementType);
  if (!kind)
    return llvm::createStringError(what + ": " +
                                   llvm::toString(kind.takeError()));
  if (!tensorType) {
    if (peek() == '[')
      return llvm::createStringError(what + " is a scalar but got an array");
    auto token = leaf();
    if (!token)
      return token.takeError();
    HostValue value(*kind, {}, /*isTensor=*/false);
    if (llvm::Error error = store(value, 0, *token, what))
      return std::move(error);
    return value;
  }

  unsigned rank = tensorType.getRank();
  std::vector<int64_t> shape(rank, 0);
  std::vector<bool> known(rank, false);
  size_t start = pos;
  if (rank == 0) {
    if (peek() == '[')
      return llvm::createStringError(what +
                                     " has rank 0 but the data is an array");
  } else if (llvm::Error error = scanShape(0, rank, shape, known, what)) {
    return std::move(error);
  }
  // Dimensions below an empty one take their static size, if any.
  for (unsigned d = 0; d < rank; ++d)
    if (!known[d] && !tensorType.isDynamicDim(d))
      shape[d] = tensorType.getDimSize(d);
  for (auto [d, size] : llvm::enumerate(tensorType.getShape()))
    if (!ShapedType::isDynamic(size) && size != shape[d])
      return llvm::createStringError(
          what + llvm::formatv(": dimension {0} has size {1} in the data but "
                               "{2} in the type",
                               d, shape[d], size)
                     .str());

  // The structure is known to be right: read the numbers in order.
  HostValue value(*kind, shape, /*isTensor=*/true);
  pos = start;
  int64_t index = 0, depth = 0;
  do {
    char c = peek();
    if (c == '[') {
      ++depth, ++pos;
    } else if (c == ']') {
      --depth, ++pos;
    } else if (c == ',') {
      ++pos;
    } else {
      auto token = leaf();
      if (!token)
        return token.takeError();
      if (llvm::Error error = store(value, index++, *token, what))
        return std::move(error);
    }
  } while (depth > 0);
  return value;
}

llvm::Expected<std::vector<HostValue>>
ArgumentsReader::read(llvm::ArrayRef<Type> types, llvm::StringRef function) {
  auto arity = [&](size_t given) {
    return llvm::createStringError(
        "@" + function + " takes " + llvm::Twine(types.size()) +
        " argument(s) but --args has " + llvm::Twine(given));
  };
  if (!consume('['))
    return llvm::createStringError(
        "--args must be a JSON array with one element per argument");
  std::vector<HostValue> values;
  if (!consume(']')) {
    size_t given = 0;
    do {
      if (given < types.size()) {
        std::string what;
        llvm::raw_string_ostream os(what);
        os << "argument #" << given << " (" << types[given] << ")";
        auto value = readArgument(types[given], what);
        if (!value) {
          std::string message = llvm::toString(value.takeError());
          return llvm::createStringError(
              llvm::StringRef(message).starts_with("--args")
                  ? message
                  : "in --args: " + message);
        }
        values.push_back(std::move(*value));
      } else if (llvm::Error error = skipValue(1)) {
        return std::move(error);
      }
      ++given;
    } while (consume(','));
    if (!consume(']'))
      return syntaxError("',' or ']'");
    if (given != types.size())
      return arity(given);
  } else if (!types.empty()) {
    return arity(0);
  }
  skipSpace();
  if (pos != text.size())
    return syntaxError("the end of --args");
  return values;
}

llvm::Expected<std::vector<HostValue>>
rw::jit::parseArgumentsJSON(llvm::StringRef text, llvm::ArrayRef<Type> types,
                            llvm::StringRef function) {
  return ArgumentsReader(text).read(types, function);
}
