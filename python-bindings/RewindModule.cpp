//===- RewindModule.cpp - Python bindings (pybind11) ----------------------===//
//
// Part of the Rewind project.
//
// `rewind._rewind`: compiled entries (rw::jit::Session) called on numpy
// arrays and Python numbers. The JAX-like API lives in rewind/__init__.py.
//
//===----------------------------------------------------------------------===//

#include "rewind/JIT/Compiler.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/Support/raw_ostream.h"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <deque>

namespace py = pybind11;
using namespace rw::jit;

namespace {

[[noreturn]] void raise(llvm::Error error) {
  throw std::runtime_error(llvm::toString(std::move(error)));
}

template <typename T> T check(llvm::Expected<T> value) {
  if (!value)
    raise(value.takeError());
  return std::move(*value);
}

std::string describe(const py::handle &object) {
  return py::str(object).cast<std::string>();
}

ElementKind kindOfDtype(const py::dtype &dtype) {
  switch (dtype.kind()) {
  case 'f':
    if (dtype.itemsize() == 8)
      return ElementKind::F64;
    if (dtype.itemsize() == 4)
      return ElementKind::F32;
    if (dtype.itemsize() == 2)
      return ElementKind::F16;
    break;
  case 'i':
    if (dtype.itemsize() == 8)
      return ElementKind::I64;
    if (dtype.itemsize() == 4)
      return ElementKind::I32;
    if (dtype.itemsize() == 2)
      return ElementKind::I16;
    if (dtype.itemsize() == 1)
      return ElementKind::I8;
    break;
  case 'u':
    if (dtype.itemsize() == 8)
      return ElementKind::U64;
    if (dtype.itemsize() == 4)
      return ElementKind::U32;
    if (dtype.itemsize() == 2)
      return ElementKind::U16;
    if (dtype.itemsize() == 1)
      return ElementKind::U8;
    break;
  case 'b':
    return ElementKind::I1;
  }
  throw py::type_error("unsupported dtype " + describe(dtype));
}

/// The numpy dtype of a kind. numpy has no bfloat16: bf16 values cross as
/// float32 (exactly; arguments are rounded to bf16).
py::dtype dtypeOf(ElementKind kind) {
  switch (kind) {
  case ElementKind::F16:
    return py::dtype("float16");
  case ElementKind::BF16:
  case ElementKind::F32:
    return py::dtype::of<float>();
  case ElementKind::F64:
    return py::dtype::of<double>();
  case ElementKind::I1:
    return py::dtype::of<bool>();
  case ElementKind::I8:
    return py::dtype::of<int8_t>();
  case ElementKind::I16:
    return py::dtype::of<int16_t>();
  case ElementKind::I32:
    return py::dtype::of<int32_t>();
  case ElementKind::I64:
  case ElementKind::Index:
    return py::dtype::of<int64_t>();
  case ElementKind::U8:
    return py::dtype::of<uint8_t>();
  case ElementKind::U16:
    return py::dtype::of<uint16_t>();
  case ElementKind::U32:
    return py::dtype::of<uint32_t>();
  case ElementKind::U64:
    return py::dtype::of<uint64_t>();
  }
  throw py::type_error("unsupported element kind");
}

/// A Python integer (int, numpy integer, bool) exactly.
std::optional<ExactInteger> exactInteger(py::handle object) {
  if (!PyIndex_Check(object.ptr()))
    return std::nullopt;
  py::int_ value = py::reinterpret_steal<py::int_>(PyNumber_Index(object.ptr()));
  ExactInteger result;
  int overflow = 0;
  long long v = PyLong_AsLongLongAndOverflow(value.ptr(), &overflow);
  if (!overflow)
    return ExactInteger::of(v);
  result.negative = overflow < 0;
  if (result.negative) {
    result.tooLarge = true;
    return result;
  }
  unsigned long long u = PyLong_AsUnsignedLongLong(value.ptr());
  if (PyErr_Occurred()) {
    PyErr_Clear();
    result.tooLarge = true;
    return result;
  }
  result.magnitude = u;
  return result;
}

/// Python arguments seen as caller-owned buffers: numpy arrays are read in
/// place (compiled code never writes into them); numbers live in `scalars`.
struct Arguments {
  std::vector<ArrayView> views;
  std::vector<py::array> arrays;  // kept alive for the call
  std::deque<HostValue> scalars;  // stable addresses (and bf16 copies)
};

/// Adds a Python argument for a parameter of MLIR type `type`: a numpy array
/// (any strides) or a number. Arrays must already have the parameter's
/// element type: Rewind does not cast silently.
void addArgument(Arguments &out, py::handle object, mlir::Type type,
                 size_t position) {
  auto tensor = llvm::dyn_cast<mlir::RankedTensorType>(type);
  ElementKind kind =
      check(elementKindOf(tensor ? tensor.getElementType() : type));
  std::string where = "argument " + std::to_string(position);
  if (!tensor) {
    if (py::isinstance<py::array>(object) &&
        py::array::ensure(object).ndim() != 0)
      throw py::type_error(where + " is a scalar but got an array");
    HostValue &value = out.scalars.emplace_back(kind, std::vector<int64_t>{},
                                                /*isTensor=*/false);
    std::optional<ExactInteger> integer = exactInteger(object);
    if (!isFloat(kind) && integer) {
      if (std::optional<std::string> error = value.setInteger(0, *integer))
        throw py::value_error(where + ": " + describe(object) + " " + *error);
    } else {
      double number;
      try {
        number = py::cast<double>(object);
      } catch (const py::cast_error &) {
        throw py::type_error(where + " must be a number, got " +
                             describe(object));
      }
      if (!isFloat(kind) && number != std::floor(number))
        throw py::type_error(where + " is an integer but got " +
                             describe(object));
      if (!isFloat(kind)) {
        if (!(std::fabs(number) <= 9007199254740992.0))
          throw py::value_error(where + ": " + describe(object) +
                                " is not an exact integer");
        if (std::optional<std::string> error =
                value.setInteger(0, ExactInteger::of((int64_t)number)))
          throw py::value_error(where + ": " + describe(object) + " " +
                                *error);
      } else {
        value.set(0, number);
      }
    }
    out.views.push_back({kind, value.data(), {}, {}, false});
    return;
  }
  py::array array = py::isinstance<py::array>(object)
                        ? py::reinterpret_borrow<py::array>(object)
                        : py::array(py::array::ensure(object, 0))
                              .attr("astype")(dtypeOf(kind))
                              .cast<py::array>();
  ElementKind given = kindOfDtype(array.dtype());
  bool bf16 = kind == ElementKind::BF16 && given == ElementKind::F32;
  if (given != kind && !bf16)
    throw py::type_error(where + " must have dtype " + describe(dtypeOf(kind)) +
                         ", got " + describe(array.dtype()));
  if (array.ndim() != tensor.getRank())
    throw py::value_error(where + " must have " +
                          std::to_string(tensor.getRank()) +
                          " dimensions, got " + std::to_string(array.ndim()));
  ArrayView view;
  view.kind = kind;
  view.data = array.data();
  for (py::ssize_t d = 0; d < array.ndim(); ++d) {
    int64_t expected = tensor.getDimSize(d);
    if (!mlir::ShapedType::isDynamic(expected) && expected != array.shape(d))
      throw py::value_error(where + ": dimension " + std::to_string(d) +
                            " must be " + std::to_string(expected) + ", got " +
                            std::to_string(array.shape(d)));
    view.shape.push_back(array.shape(d));
    view.strides.push_back(array.strides(d) / array.itemsize());
  }
  if (bf16) {
    // Round a float32 array to a bf16 copy.
    ArrayView floats = view;
    floats.kind = ElementKind::F32;
    HostValue source = HostValue::copyOf(floats);
    HostValue &rounded =
        out.scalars.emplace_back(kind, view.shape, /*isTensor=*/true);
    for (int64_t i = 0, n = source.numElements(); i < n; ++i)
      rounded.set(i, source.get(i));
    view.data = rounded.data();
    view.strides.clear();
  }
  out.arrays.push_back(array);
  out.views.push_back(std::move(view));
}

/// A Python scalar, or a numpy array that takes over the value's buffer
/// (no copy; bf16 arrays are widened to float32).
py::object toPython(HostValue value) {
  if (!value.isTensor()) {
    if (isFloat(value.kind()))
      return py::float_(value.get(0));
    if (value.kind() == ElementKind::I1)
      return py::bool_(value.get(0) != 0);
    // Integers exactly, through their JSON text.
    std::string text;
    llvm::raw_string_ostream os(text);
    value.printJSON(os);
    return py::int_(py::str(text));
  }
  std::vector<py::ssize_t> shape(value.shape().begin(), value.shape().end());
  if (value.kind() == ElementKind::BF16) {
    py::array array(dtypeOf(value.kind()), shape);
    auto *out = static_cast<float *>(array.mutable_data());
    for (int64_t i = 0, n = value.numElements(); i < n; ++i)
      out[i] = (float)value.get(i);
    return array;
  }
  void *data = value.data();
  py::capsule owner(value.releaseBlock(), [](void *block) { std::free(block); });
  return py::array(dtypeOf(value.kind()), shape, data, owner);
}

void addArguments(Arguments &out, const py::sequence &args,
                  llvm::ArrayRef<mlir::Type> types) {
  if ((size_t)py::len(args) != types.size())
    throw py::type_error("expected " + std::to_string(types.size()) +
                         " arguments, got " + std::to_string(py::len(args)));
  for (size_t i = 0; i < types.size(); ++i)
    addArgument(out, args[i], types[i], i);
}

/// A call's limits; `report` receives the first NaN or infinity of the
/// call when the entry was compiled with explain_nonfinite.
CallLimits limitsFor(uint64_t maxTapeBytes, std::string &report) {
  CallLimits limits;
  limits.maxTapeBytes = maxTapeBytes;
  limits.nonfinite = &report;
  return limits;
}

/// Appends a non-empty report to the Python list `into` (None: unwanted).
void addReport(const py::object &into, const std::string &report) {
  if (!into.is_none() && !report.empty())
    into.attr("append")(report);
}

/// The types of the tangents jvp() and hvp() take: those of the arguments
/// in jvpWrt().
std::vector<mlir::Type> tangentTypes(const CompiledEntry &e) {
  std::vector<mlir::Type> types;
  for (unsigned i : e.jvpWrt())
    types.push_back(e.argumentTypes()[i]);
  return types;
}

py::list gradientsToPython(std::vector<std::optional<HostValue>> &grads) {
  py::list out;
  for (auto &g : grads)
    out.append(g ? toPython(std::move(*g)) : py::object(py::none()));
  return out;
}

} // namespace

PYBIND11_MODULE(_rewind, m) {
  m.doc() = "Rewind's compiled entries (see the rewind package)";

  py::class_<CompiledEntry, std::shared_ptr<CompiledEntry>>(m, "Entry")
      .def_property_readonly(
          "warnings",
          [](const CompiledEntry &e) {
            return std::vector<std::string>(e.warnings().begin(),
                                            e.warnings().end());
          })
      .def_property_readonly("num_args",
                             [](const CompiledEntry &e) {
                               return e.argumentTypes().size();
                             })
      .def_property_readonly("wrt",
                             [](const CompiledEntry &e) {
                               return std::vector<unsigned>(e.wrt().begin(),
                                                            e.wrt().end());
                             })
      .def(
          "call",
          [](const CompiledEntry &e, const py::sequence &args,
             uint64_t maxTapeBytes, py::object nonfinite) {
            Arguments host;
            addArguments(host, args, e.argumentTypes());
            std::vector<HostValue> results;
            std::string report;
            {
              py::gil_scoped_release release;
              results = check(
                  e.evaluate(host.views, limitsFor(maxTapeBytes, report)));
            }
            addReport(nonfinite, report);
            py::list out;
            for (HostValue &r : results)
              out.append(toPython(std::move(r)));
            return out;
          },
          py::arg("args"), py::arg("max_tape_bytes") = 0,
          py::arg("nonfinite") = py::none())
      .def(
          "value_and_grad",
          [](const CompiledEntry &e, const py::sequence &args,
             uint64_t maxTapeBytes, py::object nonfinite) {
            Arguments host;
            addArguments(host, args, e.argumentTypes());
            std::optional<ValueAndGradient> result;
            std::string report;
            {
              py::gil_scoped_release release;
              result = check(e.valueAndGradient(
                  host.views, limitsFor(maxTapeBytes, report)));
            }
            addReport(nonfinite, report);
            return py::make_tuple(toPython(std::move(result->value)),
                                  gradientsToPython(result->gradients));
          },
          py::arg("args"), py::arg("max_tape_bytes") = 0,
          py::arg("nonfinite") = py::none())
      .def(
          "vjp",
          [](const CompiledEntry &e, const py::sequence &args,
             const py::sequence &seeds, uint64_t maxTapeBytes,
             py::object nonfinite) {
            Arguments host, seedValues;
            addArguments(host, args, e.argumentTypes());
            addArguments(seedValues, seeds, e.seedTypes());
            std::vector<std::optional<HostValue>> grads;
            std::string report;
            {
              py::gil_scoped_release release;
              grads = check(e.vjp(host.views, seedValues.views,
                                  limitsFor(maxTapeBytes, report)));
            }
            addReport(nonfinite, report);
            return gradientsToPython(grads);
          },
          py::arg("args"), py::arg("seeds"), py::arg("max_tape_bytes") = 0,
          py::arg("nonfinite") = py::none())
      .def(
          "jvp",
          [](const CompiledEntry &e, const py::sequence &args,
             const py::sequence &tangents, uint64_t maxTapeBytes,
             py::object nonfinite) {
            Arguments host, tangentValues;
            addArguments(host, args, e.argumentTypes());
            addArguments(tangentValues, tangents, tangentTypes(e));
            std::optional<ValueAndTangent> result;
            std::string report;
            {
              py::gil_scoped_release release;
              result = check(e.jvp(host.views, tangentValues.views,
                                   limitsFor(maxTapeBytes, report)));
            }
            addReport(nonfinite, report);
            py::list values;
            for (HostValue &v : result->values)
              values.append(toPython(std::move(v)));
            return py::make_tuple(values, gradientsToPython(result->tangents));
          },
          py::arg("args"), py::arg("tangents"), py::arg("max_tape_bytes") = 0,
          py::arg("nonfinite") = py::none())
      .def(
          "hvp",
          [](const CompiledEntry &e, const py::sequence &args,
             const py::sequence &tangents, uint64_t maxTapeBytes,
             py::object nonfinite) {
            Arguments host, tangentValues;
            addArguments(host, args, e.argumentTypes());
            addArguments(tangentValues, tangents, tangentTypes(e));
            std::vector<std::optional<HostValue>> products;
            std::string report;
            {
              py::gil_scoped_release release;
              products = check(e.hvp(host.views, tangentValues.views,
                                     limitsFor(maxTapeBytes, report)));
            }
            addReport(nonfinite, report);
            return gradientsToPython(products);
          },
          py::arg("args"), py::arg("tangents"), py::arg("max_tape_bytes") = 0,
          py::arg("nonfinite") = py::none());

  m.def(
      "compile",
      [](const std::string &source, const std::string &entry, bool gradient,
         bool vjp, std::vector<unsigned> wrt, const std::string &unconnected,
         const std::string &name, bool explainNonfinite, bool jvp, bool hvp,
         std::vector<unsigned> jvpWrt, int64_t tapeBudget, unsigned threads) {
        if (tapeBudget < 0)
          throw py::value_error("tape_budget must be a number of bytes >= 0");
        EntryRequest request;
        request.threads = threads;
        request.tapeBudget = tapeBudget;
        request.explainNonfinite = explainNonfinite;
        request.entry = entry;
        request.gradient = gradient;
        request.vjp = vjp;
        request.wrt = std::move(wrt);
        request.jvp = jvp;
        request.hvp = hvp;
        request.jvpWrt = std::move(jvpWrt);
        request.unconnected = unconnected;
        std::shared_ptr<const CompiledEntry> compiled;
        {
          py::gil_scoped_release release;
          compiled = check(Session::global().compile(source, request, name));
        }
        return std::const_pointer_cast<CompiledEntry>(compiled);
      },
      py::arg("source"), py::arg("entry"), py::arg("gradient") = false,
      py::arg("vjp") = false, py::arg("wrt") = std::vector<unsigned>{},
      py::arg("unconnected") = "zero", py::arg("name") = "<rewind>",
      py::arg("explain_nonfinite") = false, py::arg("jvp") = false,
      py::arg("hvp") = false, py::arg("jvp_wrt") = std::vector<unsigned>{},
      py::arg("tape_budget") = 0, py::arg("threads") = 0);
  m.def("compilations", [] { return Session::global().compilations(); });
  m.def("cache_hits", [] { return Session::global().cacheHits(); });
  m.def("code_cache_hits", [] { return Session::global().codeCacheHits(); });
  m.def(
      "set_code_cache",
      [](std::optional<std::string> directory, const std::string &policy) {
        std::optional<CodeCache> codeCache;
        if (directory)
          codeCache = check(CodeCache::open(*directory, policy));
        Session::global().setCodeCache(std::move(codeCache));
      },
      py::arg("directory"), py::arg("policy") = "");
  m.def("code_cache_directory", []() -> std::optional<std::string> {
    std::optional<CodeCache> codeCache = Session::global().codeCache();
    if (!codeCache)
      return std::nullopt;
    return codeCache->directory();
  });
}
