//===- HostValue.cpp - Arguments and results on the host ------------------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/JIT/HostValue.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cctype>
#include <cstring>
#include <functional>

using namespace mlir;
using namespace rw::jit;

size_t rw::jit::elementSize(ElementKind kind) {
  switch (kind) {
  case ElementKind::F32:
  case ElementKind::I32:
    return 4;
  case ElementKind::F64:
  case ElementKind::I64:
  case ElementKind::Index:
    return 8;
  case ElementKind::I16:
    return 2;
  case ElementKind::I1:
  case ElementKind::I8:
    return 1;
  }
  llvm_unreachable("unknown element kind");
}

bool rw::jit::isFloat(ElementKind kind) {
  return kind == ElementKind::F32 || kind == ElementKind::F64;
}

llvm::Expected<ElementKind> rw::jit::elementKindOf(Type type) {
  if (type.isF32())
    return ElementKind::F32;
  if (type.isF64())
    return ElementKind::F64;
  if (type.isIndex())
    return ElementKind::Index;
  if (auto integer = dyn_cast<IntegerType>(type)) {
    switch (integer.getWidth()) {
    case 1:
      return ElementKind::I1;
    case 8:
      return ElementKind::I8;
    case 16:
      return ElementKind::I16;
    case 32:
      return ElementKind::I32;
    case 64:
      return ElementKind::I64;
    }
  }
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "unsupported element type " << type
     << " (supported: f32, f64, i1, i8, i16, i32, i64, index)";
  return llvm::createStringError(text);
}

HostValue::HostValue(ElementKind kind, std::vector<int64_t> shape,
                     bool isTensor)
    : elementKind(kind), dims(std::move(shape)), tensor(isTensor) {
  bytes.assign(numElements() * elementSize(kind), 0);
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

/// Calls `fn(linear, offset)` for each element in row-major order, with its
/// offset (in elements) under `strides`.
static void forEachElement(llvm::ArrayRef<int64_t> shape,
                           llvm::ArrayRef<int64_t> strides,
                           llvm::function_ref<void(int64_t, int64_t)> fn) {
  int64_t count = 1;
  for (int64_t d : shape)
    count *= d;
  for (int64_t i = 0; i < count; ++i) {
    int64_t rest = i, offset = 0;
    for (int64_t d = (int64_t)shape.size() - 1; d >= 0; --d) {
      offset += (rest % shape[d]) * strides[d];
      rest /= shape[d];
    }
    fn(i, offset);
  }
}

HostValue HostValue::copyOf(const ArrayView &view) {
  HostValue value(view.kind, view.shape, view.isTensor);
  size_t width = elementSize(view.kind);
  auto *out = static_cast<uint8_t *>(value.data());
  auto *in = static_cast<const uint8_t *>(view.data);
  std::vector<int64_t> strides = stridesOrRowMajor(view.shape, view.strides);
  forEachElement(view.shape, strides, [&](int64_t i, int64_t offset) {
    std::memcpy(out + i * width, in + offset * width, width);
  });
  return value;
}

llvm::Error HostValue::copyTo(void *data, llvm::ArrayRef<int64_t> strides) const {
  if (!strides.empty() && strides.size() != dims.size())
    return llvm::createStringError("expected one stride per dimension");
  size_t width = elementSize(elementKind);
  auto *out = static_cast<uint8_t *>(data);
  std::vector<int64_t> effective = stridesOrRowMajor(dims, strides);
  forEachElement(dims, effective, [&](int64_t i, int64_t offset) {
    std::memcpy(out + offset * width, bytes.data() + i * width, width);
  });
  return llvm::Error::success();
}

int64_t HostValue::numElements() const {
  int64_t n = 1;
  for (int64_t d : dims)
    n *= d;
  return n;
}

double HostValue::get(int64_t i) const {
  const uint8_t *p = bytes.data() + i * elementSize(elementKind);
  auto load = [&](auto zero) {
    decltype(zero) v;
    std::memcpy(&v, p, sizeof(v));
    return static_cast<double>(v);
  };
  switch (elementKind) {
  case ElementKind::F32:
    return load(0.0f);
  case ElementKind::F64:
    return load(0.0);
  case ElementKind::I1:
    return *p & 1;
  case ElementKind::I8:
    return load(int8_t());
  case ElementKind::I16:
    return load(int16_t());
  case ElementKind::I32:
    return load(int32_t());
  case ElementKind::I64:
  case ElementKind::Index:
    return load(int64_t());
  }
  llvm_unreachable("unknown element kind");
}

void HostValue::set(int64_t i, double v) {
  uint8_t *p = bytes.data() + i * elementSize(elementKind);
  auto store = [&](auto typed) { std::memcpy(p, &typed, sizeof(typed)); };
  switch (elementKind) {
  case ElementKind::F32:
    return store(static_cast<float>(v));
  case ElementKind::F64:
    return store(v);
  case ElementKind::I1:
    return store(static_cast<uint8_t>(v != 0));
  case ElementKind::I8:
    return store(static_cast<int8_t>(v));
  case ElementKind::I16:
    return store(static_cast<int16_t>(v));
  case ElementKind::I32:
    return store(static_cast<int32_t>(v));
  case ElementKind::I64:
  case ElementKind::Index:
    return store(static_cast<int64_t>(v));
  }
}

/// The shortest decimal that reads back as `v` (as a float for f32), in
/// Python's repr style: fixed notation for exponents in [-4, 16), always with
/// a '.' or an exponent, e.g. 10.0, 0.1, 1e-05, 1.5e+16.
static std::string shortestRepr(double v, bool single) {
  char buffer[64];
  int precision = 1;
  for (; precision < 17; ++precision) {
    std::snprintf(buffer, sizeof(buffer), "%.*e", precision - 1, v);
    double back = std::strtod(buffer, nullptr);
    if (single ? (float)back == (float)v : back == v)
      break;
  }
  std::snprintf(buffer, sizeof(buffer), "%.*e", precision - 1, v);
  std::string text(buffer);
  size_t e = text.find('e');
  int exponent = std::atoi(text.c_str() + e + 1);
  std::string digits;
  for (char c : text.substr(0, e))
    if (std::isdigit(c))
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

static void printNumber(llvm::raw_ostream &os, ElementKind kind, double v) {
  if (std::isnan(v))
    os << "NaN";
  else if (std::isinf(v))
    os << (v > 0 ? "Infinity" : "-Infinity");
  else if (kind == ElementKind::I1)
    os << (v != 0 ? "true" : "false");
  else if (!isFloat(kind))
    os << static_cast<int64_t>(v);
  else
    os << shortestRepr(v, kind == ElementKind::F32);
}

void HostValue::printJSON(llvm::raw_ostream &os) const {
  if (!tensor) {
    printNumber(os, elementKind, get(0));
    return;
  }
  int64_t index = 0;
  std::function<void(size_t)> printDim = [&](size_t d) {
    if (d == dims.size()) {
      printNumber(os, elementKind, get(index++));
      return;
    }
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

/// Reads a JSON number (or boolean) as an element of `kind`.
static llvm::Expected<double> readNumber(const llvm::json::Value &json,
                                         ElementKind kind,
                                         llvm::StringRef what) {
  if (auto b = json.getAsBoolean(); b && kind == ElementKind::I1)
    return *b ? 1.0 : 0.0;
  if (auto text = json.getAsString(); text && isFloat(kind)) {
    if (*text == "NaN")
      return std::nan("");
    if (*text == "Infinity" || *text == "-Infinity")
      return *text == "Infinity" ? INFINITY : -INFINITY;
  }
  std::optional<double> number = json.getAsNumber();
  if (!number)
    return llvm::createStringError(what + " expects a number");
  if (!isFloat(kind)) {
    if (*number != std::floor(*number))
      return llvm::createStringError(what + " is an integer argument but got " +
                                     shortestRepr(*number, false));
    if (kind == ElementKind::I1 && *number != 0 && *number != 1)
      return llvm::createStringError(what + " is an i1 argument: expects "
                                            "true, false, 0 or 1");
  }
  return *number;
}

std::string rw::jit::quoteNonFiniteLiterals(llvm::StringRef json) {
  std::string out;
  bool inString = false;
  for (size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (c == '"' && (i == 0 || json[i - 1] != '\\'))
      inString = !inString;
    if (!inString) {
      for (llvm::StringRef word : {"-Infinity", "Infinity", "NaN"}) {
        if (json.substr(i).starts_with(word)) {
          out += "\"" + word.str() + "\"";
          i += word.size() - 1;
          c = 0;
          break;
        }
      }
    }
    if (c)
      out += c;
  }
  return out;
}

llvm::Expected<HostValue>
rw::jit::hostValueFromJSON(const llvm::json::Value &json, Type type,
                               llvm::StringRef what) {
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
    if (json.getAsArray())
      return llvm::createStringError(what + " is a scalar but got an array");
    llvm::Expected<double> number = readNumber(json, *kind, what);
    if (!number)
      return number.takeError();
    HostValue value(*kind, {}, /*isTensor=*/false);
    value.set(0, *number);
    return value;
  }

  // Infer the shape from the nesting, then check it against the type.
  std::vector<int64_t> shape;
  const llvm::json::Value *cursor = &json;
  for (int64_t d = 0; d < tensorType.getRank(); ++d) {
    const llvm::json::Array *array = cursor->getAsArray();
    if (!array)
      return llvm::createStringError(
          what + " has type " +
          llvm::formatv("tensor of rank {0}", tensorType.getRank()).str() +
          " but the data has rank " + std::to_string(d));
    shape.push_back(array->size());
    if (array->empty())
      break;
    cursor = &(*array)[0];
  }
  shape.resize(tensorType.getRank(), 0);
  for (auto [d, size] : llvm::enumerate(tensorType.getShape()))
    if (!ShapedType::isDynamic(size) && size != shape[d])
      return llvm::createStringError(
          what + llvm::formatv(": dimension {0} has size {1} in the data but "
                               "{2} in the type",
                               d, shape[d], size)
                     .str());

  HostValue value(*kind, shape, /*isTensor=*/true);
  int64_t index = 0;
  std::function<llvm::Error(const llvm::json::Value &, size_t)> fill =
      [&](const llvm::json::Value &node, size_t d) -> llvm::Error {
    if (d == shape.size()) {
      llvm::Expected<double> number = readNumber(node, *kind, what);
      if (!number)
        return number.takeError();
      value.set(index++, *number);
      return llvm::Error::success();
    }
    const llvm::json::Array *array = node.getAsArray();
    if (!array || (int64_t)array->size() != shape[d])
      return llvm::createStringError(
          what + ": the data is not rectangular (dimension " +
          std::to_string(d) + " should have " + std::to_string(shape[d]) +
          " elements everywhere)");
    for (const llvm::json::Value &child : *array)
      if (llvm::Error error = fill(child, d + 1))
        return error;
    return llvm::Error::success();
  };
  if (llvm::Error error = fill(json, 0))
    return std::move(error);
  return value;
}
