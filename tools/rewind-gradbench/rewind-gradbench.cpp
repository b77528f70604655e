//===- rewind-gradbench.cpp - Rewind as a GradBench tool ------------------===//
//
// Part of the Rewind project.
//
//   rewind-gradbench [--benchmarks-dir DIR]
//
// Speaks GradBench's protocol on stdin/stdout (one JSON message per line,
// one answer per message; see /work/shared/gradbench/README.md): `start`,
// `define` (compiles the eval's Rewind program; the compile time is the
// `compile` timing of the answer), `evaluate` (runs the function at least
// `min_runs` times and until `min_seconds` have passed, one `evaluate`
// timing per run) and `analysis`. Each eval is a program written in MLIR
// under benchmarks/ (gradbench/<eval>.mlir, or ADBench's gmm and lstm);
// every derivative is Rewind's.
//
//===----------------------------------------------------------------------===//

#include "rewind/JIT/Compiler.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cmath>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#ifndef REWIND_BENCHMARKS_DIR
#define REWIND_BENCHMARKS_DIR "benchmarks"
#endif

using namespace rw::jit;
namespace json = llvm::json;
using llvm::Expected;
using llvm::StringRef;

static llvm::cl::opt<std::string>
    benchmarksDir("benchmarks-dir",
                  llvm::cl::desc("Where the evals' programs are (the "
                                 "project's benchmarks/ folder)"),
                  llvm::cl::init(REWIND_BENCHMARKS_DIR));

namespace {

using Clock = std::chrono::steady_clock;

llvm::Error error(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// A value's JSON text.
std::string text(const HostValue &value) {
  std::string out;
  llvm::raw_string_ostream os(out);
  value.printJSON(os);
  return out;
}

/// A number's JSON text (the shortest that reads back the same).
std::string number(double v) {
  HostValue scalar(ElementKind::F64, {}, /*isTensor=*/false);
  scalar.set(0, v);
  return text(scalar);
}

/// Runs `run` as GradBench's timing rule asks: at least `min_runs` times and
/// until `min_seconds` of run time have accumulated; one timing per run.
/// Returns the last run's output.
template <typename T>
Expected<T> repeat(const json::Object &input, std::vector<int64_t> &timings,
                   const std::function<Expected<T>()> &run) {
  int64_t minRuns = input.getInteger("min_runs").value_or(1);
  double minSeconds = input.getNumber("min_seconds").value_or(0.0);
  double elapsed = 0;
  std::optional<T> last;
  for (int64_t i = 0; i < minRuns || elapsed < minSeconds; ++i) {
    Clock::time_point start = Clock::now();
    Expected<T> out = run();
    int64_t ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                     Clock::now() - start)
                     .count();
    if (!out)
      return out.takeError();
    timings.push_back(ns);
    elapsed += ns * 1e-9;
    last = std::move(*out);
  }
  return std::move(*last);
}

/// The program of an eval, compiled once per entry function.
class Program {
public:
  llvm::Error load(StringRef file) {
    path = benchmarksDir + "/" + file.str();
    auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
    if (!buffer)
      return error("cannot read " + path + ": " + buffer.getError().message());
    source = (*buffer)->getBuffer().str();
    return llvm::Error::success();
  }
  /// Compiles `request` into `compiled`.
  llvm::Error compile(const EntryRequest &request,
                      std::shared_ptr<const CompiledEntry> &compiled) {
    auto entry = session.compile(source, request, path);
    if (!entry)
      return entry.takeError();
    compiled = *entry;
    return llvm::Error::success();
  }
  /// Compiles `entry`: its value, and its gradient with respect to `wrt`
  /// when asked.
  llvm::Error compile(StringRef entry, bool gradient,
                      std::vector<unsigned> wrt,
                      std::shared_ptr<const CompiledEntry> &compiled) {
    EntryRequest request;
    request.entry = entry.str();
    request.gradient = gradient;
    request.wrt = std::move(wrt);
    return compile(request, compiled);
  }

private:
  Session session;
  std::string path, source;
};

/// The arguments of `entry` from fields of `input` (the whole input for an
/// empty `fields`), read as rewind-run's --args.
Expected<std::vector<HostValue>> argumentsFrom(const json::Value &input,
                                               llvm::ArrayRef<StringRef> fields,
                                               const CompiledEntry &entry) {
  json::Array array;
  if (fields.empty()) {
    array.push_back(input);
  } else {
    const json::Object *object = input.getAsObject();
    if (!object)
      return error("the input is not a JSON object");
    for (StringRef field : fields) {
      const json::Value *value = object->get(field);
      if (!value)
        return error("the input has no field '" + field + "'");
      array.push_back(*value);
    }
  }
  std::string args;
  llvm::raw_string_ostream os(args);
  os << json::Value(std::move(array));
  return parseArgumentsJSON(args, entry.argumentTypes(), "the eval's input");
}

/// `entry`'s first result on `args`, run as `runs` asks.
Expected<std::string> firstResult(const CompiledEntry &entry,
                                  llvm::ArrayRef<HostValue> args,
                                  const json::Object &runs,
                                  std::vector<int64_t> &timings) {
  auto values = repeat<std::vector<HostValue>>(
      runs, timings, [&] { return entry.evaluate(args); });
  if (!values)
    return values.takeError();
  return text(values->front());
}

/// The elements of `values`, in order, as one flat array.
HostValue flatten(llvm::ArrayRef<const HostValue *> values) {
  int64_t total = 0;
  for (const HostValue *value : values)
    total += value->numElements();
  HostValue flat(ElementKind::F64, {total}, /*isTensor=*/true);
  int64_t at = 0;
  for (const HostValue *value : values)
    for (int64_t i = 0, e = value->numElements(); i < e; ++i)
      flat.set(at++, value->get(i));
  return flat;
}

/// Columns [from, to) of a matrix.
HostValue columns(const HostValue &matrix, int64_t from, int64_t to) {
  int64_t rows = matrix.shape()[0], width = matrix.shape()[1];
  HostValue out(ElementKind::F64, {rows, to - from}, /*isTensor=*/true);
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = from; j < to; ++j)
      out.set(i * (to - from) + j - from, matrix.get(i * width + j));
  return out;
}

/// An eval: the programs it compiles on `define` and how it answers each
/// function on `evaluate`.
class Eval {
public:
  virtual ~Eval() = default;
  virtual llvm::Error define() = 0;
  /// The output's JSON text; one timing per run in `timings`.
  virtual Expected<std::string> evaluate(StringRef function,
                                         const json::Value &input,
                                         std::vector<int64_t> &timings) = 0;
  /// The time spent compiling during the last evaluate(), if any (an eval
  /// whose programs depend on the input compiles them on first use).
  std::optional<int64_t> takeCompileTime() {
    return std::exchange(compileTime, std::nullopt);
  }

protected:
  std::optional<int64_t> compileTime;
};

/// An eval of two functions: a value and a derivative of it.
class DerivativeEval : public Eval {
public:
  DerivativeEval(StringRef value, StringRef derivative)
      : value(value), derivative(derivative) {}

  Expected<std::string> evaluate(StringRef name, const json::Value &input,
                                 std::vector<int64_t> &timings) final {
    if (name != value && name != derivative)
      return error("no function '" + name + "'");
    return run(name == derivative, input, timings);
  }

protected:
  /// The value's output, or the derivative's when `derivative` is set.
  virtual Expected<std::string> run(bool derivative, const json::Value &input,
                                    std::vector<int64_t> &timings) = 0;

private:
  StringRef value, derivative;
};

/// An eval whose functions are a scalar (or tensor) program's value and the
/// gradient of a scalar one, their arguments fields of the input.
class ValueAndGradientEval : public Eval {
public:
  struct Function {
    StringRef name, entry;
    bool gradient;
  };
  ValueAndGradientEval(StringRef file, std::vector<StringRef> fields,
                       std::vector<Function> functions,
                       std::vector<unsigned> wrt)
      : file(file), fields(std::move(fields)),
        functions(std::move(functions)), wrt(std::move(wrt)) {}

  llvm::Error define() override {
    if (llvm::Error e = program.load(file))
      return e;
    for (const Function &f : functions)
      if (llvm::Error e =
              program.compile(f.entry, f.gradient, wrt, entries[f.name]))
        return e;
    return llvm::Error::success();
  }

  Expected<std::string> evaluate(StringRef name, const json::Value &input,
                                 std::vector<int64_t> &timings) override {
    auto f = llvm::find_if(
        functions, [&](const Function &f) { return f.name == name; });
    if (f == functions.end())
      return error("no function '" + name + "'");
    const CompiledEntry &entry = *entries[f->name];
    auto args = argumentsFrom(input, fields, entry);
    if (!args)
      return args.takeError();
    static const json::Object none;
    const json::Object *runs = input.getAsObject();
    if (!runs)
      runs = &none;
    if (!f->gradient)
      return firstResult(entry, *args, *runs, timings);
    auto result = repeat<ValueAndGradient>(
        *runs, timings, [&] { return entry.valueAndGradient(*args); });
    if (!result)
      return result.takeError();
    std::vector<const HostValue *> gradients;
    for (unsigned position : wrt)
      gradients.push_back(&*result->gradients[position]);
    if (gradients.size() == 1)
      return text(*gradients.front());
    return text(flatten(gradients));
  }

private:
  StringRef file;
  std::vector<StringRef> fields;
  std::vector<Function> functions;
  std::vector<unsigned> wrt;
  Program program;
  std::map<StringRef, std::shared_ptr<const CompiledEntry>> entries;
};

/// GradBench's gmm (the corrected log-posterior): ADBench's program, whose
/// inverse covariance factors `icf` are each component's q then l, with the
/// prior's sign of GradBench (@gmm_posterior).
class GMMEval : public DerivativeEval {
public:
  GMMEval() : DerivativeEval("objective", "jacobian") {}

  llvm::Error define() override {
    if (llvm::Error e = program.load("adbench/gmm.mlir"))
      return e;
    return program.compile("gmm_posterior", true, {0, 1, 2}, entry);
  }

  Expected<std::string> run(bool gradient, const json::Value &input,
                            std::vector<int64_t> &timings) override {
    const json::Object *in = input.getAsObject();
    if (!in)
      return error("the input is not a JSON object");
    std::optional<int64_t> d = in->getInteger("d"), k = in->getInteger("k"),
                           n = in->getInteger("n"), m = in->getInteger("m");
    std::optional<double> gamma = in->getNumber("gamma");
    const json::Array *q = in->getArray("q"), *l = in->getArray("l");
    if (!d || !k || !n || !m || !gamma || !q || !l ||
        q->size() != size_t(*k) || l->size() != size_t(*k))
      return error("the input needs d, k, n, m, gamma and k rows of q and l");
    // icf: each component's q, then its l.
    json::Array icf;
    for (int64_t i = 0; i < *k; ++i) {
      json::Array row;
      for (const json::Array *part :
           {(*q)[i].getAsArray(), (*l)[i].getAsArray()}) {
        if (!part)
          return error("q and l must be arrays of arrays");
        for (const json::Value &v : *part)
          row.push_back(v);
      }
      icf.push_back(std::move(row));
    }
    // -(n d / 2) log(2 pi) + k C, C the Wishart prior's normalization.
    double nw = double(*d + *m + 1), p = double(*d);
    double logGamma = p * (p - 1) / 4 * std::log(M_PI);
    for (int64_t j = 1; j <= *d; ++j)
      logGamma += std::lgamma(0.5 * nw + (1.0 - j) / 2);
    double c = nw * p * (std::log(*gamma) - 0.5 * std::log(2.0)) - logGamma;
    double constant = -0.5 * double(*n) * p * std::log(2 * M_PI) + *k * c;
    json::Value args = json::Object{{"alpha", *in->get("alpha")},
                                    {"mu", *in->get("mu")},
                                    {"icf", std::move(icf)},
                                    {"x", *in->get("x")},
                                    {"gamma", *gamma},
                                    {"m", double(*m)},
                                    {"constant", constant}};
    auto values = argumentsFrom(
        args, {"alpha", "mu", "icf", "x", "gamma", "m", "constant"}, *entry);
    if (!values)
      return values.takeError();
    if (!gradient)
      return firstResult(*entry, *values, *in, timings);
    auto out = repeat<ValueAndGradient>(
        *in, timings, [&] { return entry->valueAndGradient(*values); });
    if (!out)
      return out.takeError();
    const HostValue &icfGradient = *out->gradients[2];
    return "{\"alpha\":" + text(*out->gradients[0]) +
           ",\"mu\":" + text(*out->gradients[1]) +
           ",\"q\":" + text(columns(icfGradient, 0, *d)) +
           ",\"l\":" + text(columns(icfGradient, *d, icfGradient.shape()[1])) + "}";
  }

private:
  Program program;
  std::shared_ptr<const CompiledEntry> entry;
};

/// GradBench's kmeans: `cost`, and `dir`, the Newton direction J H^-1 with
/// H the Hessian's diagonal, which Rewind's Hessian-vector product with a
/// vector of ones gives (the Hessian is diagonal: each centroid coordinate
/// is its own block).
class KMeansEval : public DerivativeEval {
public:
  KMeansEval() : DerivativeEval("cost", "dir") {}

  llvm::Error define() override {
    if (llvm::Error e = program.load("gradbench/kmeans.mlir"))
      return e;
    EntryRequest request;
    request.entry = "cost";
    request.gradient = request.hvp = true;
    request.wrt = request.jvpWrt = {1};
    return program.compile(request, entry);
  }

  Expected<std::string> run(bool dir, const json::Value &input,
                            std::vector<int64_t> &timings) override {
    auto args = argumentsFrom(input, {"points", "centroids"}, *entry);
    if (!args)
      return args.takeError();
    const json::Object &runs = *input.getAsObject();
    if (!dir)
      return firstResult(*entry, *args, runs, timings);
    HostValue ones = (*args)[1];
    for (int64_t i = 0, e = ones.numElements(); i < e; ++i)
      ones.set(i, 1.0);
    auto out = repeat<HostValue>(runs, timings, [&]() -> Expected<HostValue> {
      // (One sweep: the gradient is a by-product of H v.)
      auto both = entry->gradientAndHvp(*args, {ones});
      if (!both)
        return both.takeError();
      HostValue direction = std::move(*both->gradients[1]);
      const HostValue &h = *both->hvps[1];
      for (int64_t i = 0, e = direction.numElements(); i < e; ++i)
        direction.set(i, direction.get(i) / h.get(i));
      return direction;
    });
    if (!out)
      return out.takeError();
    return text(*out);
  }

private:
  Program program;
  std::shared_ptr<const CompiledEntry> entry;
};

/// GradBench's ba: the residuals of p observations, each of one camera, one
/// point and one weight (the input's, repeated), and their sparse Jacobian.
/// The objective reads the cameras and points in place; the Jacobian is
/// three vector-Jacobian products of @residuals over per-observation copies
/// of them (@gather; seeds: every first reprojection coordinate, every
/// second, every weight error), and the answer GradBench's excerpt of it in
/// CSR form (the first 30 entries and the last).
class BAEval : public DerivativeEval {
public:
  BAEval() : DerivativeEval("objective", "jacobian") {}

  static constexpr int64_t kCamera = 11, kBlock = kCamera + 3 + 1;

  llvm::Error define() override {
    if (llvm::Error e = program.load("gradbench/ba.mlir"))
      return e;
    if (llvm::Error e = program.compile("gather", false, {}, gather))
      return e;
    EntryRequest request;
    request.entry = "residuals";
    request.vjp = true;
    request.wrt = {0, 1, 2};
    return program.compile(request, residuals);
  }

  Expected<std::string> run(bool jacobian, const json::Value &input,
                            std::vector<int64_t> &timings) override {
    const json::Object *in = input.getAsObject();
    std::optional<int64_t> n = in ? in->getInteger("n") : std::nullopt,
                           m = in ? in->getInteger("m") : std::nullopt,
                           p = in ? in->getInteger("p") : std::nullopt;
    const json::Array *cam = in ? in->getArray("cam") : nullptr,
                      *x = in ? in->getArray("x") : nullptr,
                      *feat = in ? in->getArray("feat") : nullptr;
    std::optional<double> w = in ? in->getNumber("w") : std::nullopt;
    if (!n || !m || !p || !w || !cam || !x || !feat || *n < 1 || *m < 1 ||
        *p < 1 || cam->size() != size_t(kCamera) || x->size() != 3 ||
        feat->size() != 2)
      return error("the input needs n, m, p >= 1, 11 cam, 3 x, w, 2 feat");
    // The input's camera, point, weight and feature, repeated; observation
    // i sees camera i mod n and point i mod m.
    auto repeated = [](const json::Array &values, int64_t times) {
      int64_t width = values.size();
      HostValue out(ElementKind::F64, {times, width}, /*isTensor=*/true);
      for (int64_t i = 0; i < times; ++i)
        for (int64_t j = 0; j < width; ++j)
          out.set(i * width + j, values[j].getAsNumber().value_or(NAN));
      return out;
    };
    HostValue cams = repeated(*cam, *n), points = repeated(*x, *m),
              feats = repeated(*feat, *p);
    HostValue weights(ElementKind::F64, {*p}, /*isTensor=*/true);
    HostValue obs(ElementKind::Index, {*p, 2}, /*isTensor=*/true);
    for (int64_t i = 0; i < *p; ++i) {
      weights.set(i, *w);
      obs.set(2 * i, double(i % *n));
      obs.set(2 * i + 1, double(i % *m));
    }
    std::vector<HostValue> gatherArgs{cams, points, obs};

    if (!jacobian) {
      std::vector<HostValue> args{cams, points, weights, obs, feats};
      auto out = repeat<std::vector<HostValue>>(
          *in, timings, [&] { return residuals->evaluate(args); });
      if (!out)
        return out.takeError();
      const HostValue &reproj = (*out)[0], &werr = (*out)[1];
      return llvm::formatv("{{\"reproj_error\":{{\"elements\":[{0},{1}],"
                           "\"repeated\":{2}},\"w_err\":{{\"element\":{3},"
                           "\"repeated\":{2}}}",
                           number(reproj.get(0)), number(reproj.get(1)), *p,
                           number(werr.get(0)))
          .str();
    }

    // Seeds: each observation's first coordinate, its second, its weight
    // error.
    HostValue zeroErr(ElementKind::F64, {*p, 2}, true), zeroW = weights;
    for (int64_t i = 0; i < *p; ++i)
      zeroW.set(i, 0.0);
    HostValue first = zeroErr, second = zeroErr, ones = weights;
    for (int64_t i = 0; i < *p; ++i) {
      first.set(2 * i, 1.0);
      second.set(2 * i + 1, 1.0);
      ones.set(i, 1.0);
    }
    using Rows = std::vector<std::vector<std::optional<HostValue>>>;
    auto out = repeat<Rows>(*in, timings, [&]() -> Expected<Rows> {
      auto copies = gather->evaluate(gatherArgs);
      if (!copies)
        return copies.takeError();
      // Views, not copies, of the copies and of the other arguments.
      std::vector<ArrayView> args{(*copies)[0].view(), (*copies)[1].view(),
                                  weights.view(), (*copies)[2].view(),
                                  feats.view()};
      Rows rows;
      for (auto [err, werr] : {std::pair{&first, &zeroW},
                               std::pair{&second, &zeroW},
                               std::pair{&zeroErr, &ones}}) {
        auto row = residuals->vjp(args, {err->view(), werr->view()});
        if (!row)
          return row.takeError();
        rows.push_back(std::move(*row));
      }
      return rows;
    });
    if (!out)
      return out.takeError();
    // The CSR excerpt: observation 0's two rows, then the last entry.
    std::vector<int64_t> rowStarts, cols;
    std::vector<double> vals;
    for (int64_t r = 0; r < 2 * kBlock; ++r)
      rowStarts.push_back(r <= 2 * *p ? kBlock * r : 2 * kBlock * *p + r - 2 * *p);
    rowStarts.push_back(2 * kBlock * *p + *p);
    for (int row = 0; row < 2; ++row) {
      const auto &g = (*out)[row];
      for (int64_t j = 0; j < kCamera; ++j) {
        cols.push_back(j);
        vals.push_back(g[0]->get(j));
      }
      for (int64_t j = 0; j < 3; ++j) {
        cols.push_back(kCamera * *n + j);
        vals.push_back(g[1]->get(j));
      }
      cols.push_back(kCamera * *n + 3 * *m);
      vals.push_back(g[2]->get(0));
    }
    cols.push_back(kCamera * *n + 3 * *m + *p - 1);
    vals.push_back((*out)[2][2]->get(*p - 1));
    auto list = [](const auto &values) {
      std::string s = "[";
      for (const auto &v : values)
        s += (s.size() > 1 ? "," : "") + number(double(v));
      return s + "]";
    };
    return "{\"rows\":" + list(rowStarts) + ",\"cols\":" + list(cols) +
           ",\"vals\":" + list(vals) + "}";
  }

private:
  Program program;
  std::shared_ptr<const CompiledEntry> gather, residuals;
};

/// GradBench's ht: the residuals of a skinned hand model (@simple, or
/// @complicated with the points' barycentric coordinates us) and their dense
/// Jacobian, taken column by column in forward mode: one tangent per
/// parameter of theta, and for us two compressed tangents (every u_i0, then
/// every u_i1: residual i depends on us_i only), GradBench's first columns.
class HTEval : public DerivativeEval {
public:
  HTEval() : DerivativeEval("objective", "jacobian") {}

  static constexpr int64_t kTheta = 26;

  /// Only reads the program: an input is of one variant, whose entry is
  /// compiled on first use (reported as that evaluate's `compile` timing).
  llvm::Error define() override { return program.load("gradbench/ht.mlir"); }

  Expected<std::string> run(bool jacobian, const json::Value &input,
                            std::vector<int64_t> &timings) override {
    const json::Object *in = input.getAsObject();
    const json::Object *data = in ? in->getObject("data") : nullptr;
    const json::Object *model = data ? data->getObject("model") : nullptr;
    const json::Array *us = in ? in->getArray("us") : nullptr;
    if (!model || !us)
      return error("the input needs theta, us and data with a model");
    bool complicated = !us->empty();
    // The model's fields, then the observations, as @simple and
    // @complicated take them.
    json::Object args;
    auto copy = [&](const json::Object &from, StringRef field, StringRef as) {
      if (const json::Value *v = from.get(field))
        args[as] = *v;
    };
    copy(*in, "theta", "theta");
    copy(*in, "us", "us");
    for (StringRef field : {"parents", "base_relatives", "inverse_base_absolutes",
                            "base_positions", "weights", "triangles"})
      copy(*model, field, field);
    copy(*data, "correspondences", "correspondences");
    copy(*data, "points", "points");
    args["mirror"] = model->getBoolean("is_mirrored").value_or(false) ? -1.0 : 1.0;
    std::vector<StringRef> fields = {"theta", "parents", "base_relatives",
                                     "inverse_base_absolutes", "base_positions",
                                     "weights", "mirror"};
    if (complicated) {
      fields.insert(fields.begin() + 1, "us");
      fields.push_back("triangles");
    }
    fields.push_back("correspondences");
    fields.push_back("points");
    std::shared_ptr<const CompiledEntry> &compiled =
        entries[complicated ? "complicated" : "simple"];
    if (!compiled) {
      EntryRequest request;
      request.entry = complicated ? "complicated" : "simple";
      request.jvp = true;
      request.jvpWrt = complicated ? std::vector<unsigned>{0, 1}
                                   : std::vector<unsigned>{0};
      Clock::time_point start = Clock::now();
      if (llvm::Error e = program.compile(request, compiled))
        return std::move(e);
      compileTime = std::chrono::duration_cast<std::chrono::nanoseconds>(
                        Clock::now() - start)
                        .count();
    }
    const CompiledEntry &entry = *compiled;
    auto values = argumentsFrom(json::Value(std::move(args)), fields, entry);
    if (!values)
      return values.takeError();
    if (!jacobian) {
      auto out = repeat<std::vector<HostValue>>(
          *in, timings, [&] { return entry.evaluate(*values); });
      if (!out)
        return out.takeError();
      return text(flatten({&out->front()}));
    }
    // Tangents: zero, but for the column's seed.
    std::vector<HostValue> zero{(*values)[0]};
    if (complicated)
      zero.push_back((*values)[1]);
    for (HostValue &t : zero)
      for (int64_t i = 0, e = t.numElements(); i < e; ++i)
        t.set(i, 0.0);
    std::vector<std::vector<HostValue>> seeds;
    if (complicated)
      for (int64_t which : {0, 1}) {
        std::vector<HostValue> seed = zero;
        for (int64_t i = which, e = seed[1].numElements(); i < e; i += 2)
          seed[1].set(i, 1.0);
        seeds.push_back(std::move(seed));
      }
    for (int64_t k = 0; k < kTheta; ++k) {
      std::vector<HostValue> seed = zero;
      seed[0].set(k, 1.0);
      seeds.push_back(std::move(seed));
    }
    using Columns = std::vector<HostValue>;
    auto out = repeat<Columns>(*in, timings, [&]() -> Expected<Columns> {
      Columns columns;
      for (const std::vector<HostValue> &seed : seeds) {
        auto column = entry.jvp(*values, seed);
        if (!column)
          return column.takeError();
        columns.push_back(std::move(*column->tangents.front()));
      }
      return columns;
    });
    if (!out)
      return out.takeError();
    int64_t rows = out->front().numElements(), cols = out->size();
    HostValue matrix(ElementKind::F64, {rows, cols}, /*isTensor=*/true);
    for (int64_t j = 0; j < cols; ++j)
      for (int64_t i = 0; i < rows; ++i)
        matrix.set(i * cols + j, (*out)[j].get(i));
    return text(matrix);
  }

private:
  Program program;
  std::map<StringRef, std::shared_ptr<const CompiledEntry>> entries;
};

/// The evals this tool knows, by module name.
std::unique_ptr<Eval> makeEval(StringRef module) {
  using F = ValueAndGradientEval::Function;
  struct Spec {
    StringRef module, file;
    std::vector<StringRef> fields;
    std::vector<F> functions;
    std::vector<unsigned> wrt;
  };
  const std::vector<F> primalAndGradient = {{"primal", "primal", false},
                                            {"gradient", "primal", true}};
  const Spec specs[] = {
      {"hello", "gradbench/hello.mlir", {},
       {{"square", "square", false}, {"double", "square", true}}, {0}},
      {"lse", "gradbench/lse.mlir", {"x"}, primalAndGradient, {0}},
      {"llsq", "gradbench/llsq.mlir", {"x", "n"}, primalAndGradient, {0}},
      {"det", "gradbench/det.mlir", {"A", "ell"}, primalAndGradient, {0}},
      {"ode", "gradbench/ode.mlir", {"x", "s"},
       {{"primal", "primal", false}, {"gradient", "last", true}}, {0}},
      {"saddle", "gradbench/saddle.mlir", {"start"},
       {{"rr", "saddle_rr", false}, {"rf", "saddle_rf", false},
        {"fr", "saddle_fr", false}, {"ff", "saddle_ff", false}}, {}},
      {"particle", "gradbench/particle.mlir", {"w"},
       {{"rr", "particle_rr", false}, {"rf", "particle_rf", false},
        {"fr", "particle_fr", false}, {"ff", "particle_ff", false}}, {}},
      {"lstm", "adbench/lstm.mlir",
       {"main_params", "extra_params", "state", "sequence"},
       {{"objective", "lstm", false}, {"jacobian", "lstm", true}}, {0, 1}},
  };
  if (module == "gmm")
    return std::make_unique<GMMEval>();
  if (module == "kmeans")
    return std::make_unique<KMeansEval>();
  if (module == "ba")
    return std::make_unique<BAEval>();
  if (module == "ht")
    return std::make_unique<HTEval>();
  for (const Spec &spec : specs)
    if (spec.module == module)
      return std::make_unique<ValueAndGradientEval>(spec.file, spec.fields,
                                                    spec.functions, spec.wrt);
  return nullptr;
}

/// One answer line.
void reply(const json::Value &id, llvm::function_ref<void(json::OStream &)> body) {
  std::string line;
  llvm::raw_string_ostream os(line);
  json::OStream out(os);
  out.object([&] {
    out.attribute("id", id);
    body(out);
  });
  std::cout << line << std::endl;
}

/// A `timings` attribute: (name, nanoseconds) in order.
void timingsAttribute(json::OStream &out,
                      llvm::ArrayRef<std::pair<StringRef, int64_t>> timings) {
  out.attributeArray("timings", [&] {
    for (auto [name, ns] : timings)
      out.object([&] {
        out.attribute("name", name);
        out.attribute("nanoseconds", ns);
      });
  });
}


void failure(const json::Value &id, llvm::Error e) {
  std::string message = llvm::toString(std::move(e));
  reply(id, [&](json::OStream &out) {
    out.attribute("success", false);
    out.attribute("error", message);
  });
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  llvm::cl::ParseCommandLineOptions(argc, argv,
                                    "Rewind as a GradBench tool (the "
                                    "protocol on stdin and stdout)\n");
  std::ios::sync_with_stdio(false);
#ifdef __GLIBC__
  // Blocks up to 32 MB come from the heap, which is not trimmed: each run's
  // results (fresh blocks the caller frees) then reuse the same pages instead
  // of new mappings faulted in page by page (ht's Jacobian: 28 columns of
  // 1.2 MB, 5.6 -> 1.6 ms per column).
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
  std::map<std::string, std::unique_ptr<Eval>> evals;
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line.empty())
      continue;
    Expected<json::Value> message = json::parse(line);
    if (!message) {
      failure(nullptr, message.takeError());
      continue;
    }
    const json::Object *object = message->getAsObject();
    json::Value id = object && object->get("id") ? *object->get("id")
                                                 : json::Value(nullptr);
    StringRef kind =
        object ? object->getString("kind").value_or("") : StringRef();
    if (kind == "start") {
      reply(id, [](json::OStream &out) { out.attribute("tool", "rewind"); });
    } else if (kind == "define") {
      std::string module = object->getString("module").value_or("").str();
      std::unique_ptr<Eval> eval = makeEval(module);
      if (!eval) {
        reply(id, [&](json::OStream &out) {
          out.attribute("success", false);
          out.attribute("error", "rewind-gradbench has no eval '" + module + "'");
        });
        continue;
      }
      Clock::time_point start = Clock::now();
      if (llvm::Error e = eval->define()) {
        failure(id, std::move(e));
        continue;
      }
      int64_t ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                       Clock::now() - start)
                       .count();
      evals[module] = std::move(eval);
      reply(id, [&](json::OStream &out) {
        out.attribute("success", true);
        timingsAttribute(out, {{"compile", ns}});
      });
    } else if (kind == "evaluate") {
      std::string module = object->getString("module").value_or("").str();
      auto found = evals.find(module);
      const json::Value *input = object->get("input");
      if (found == evals.end() || !input) {
        failure(id, error(found == evals.end()
                              ? "module '" + module + "' is not defined"
                              : llvm::Twine("the message has no input")));
        continue;
      }
      std::vector<int64_t> timings;
      Expected<std::string> output = found->second->evaluate(
          object->getString("function").value_or(""), *input, timings);
      if (!output) {
        failure(id, output.takeError());
        continue;
      }
      reply(id, [&](json::OStream &out) {
        out.attribute("success", true);
        out.attributeBegin("output");
        out.rawValue(*output);
        out.attributeEnd();
        std::vector<std::pair<StringRef, int64_t>> named;
        if (std::optional<int64_t> ns = found->second->takeCompileTime())
          named.push_back({"compile", *ns});
        for (int64_t ns : timings)
          named.push_back({"evaluate", ns});
        timingsAttribute(out, named);
      });
    } else {
      reply(id, [](json::OStream &) {});
    }
  }
  return 0;
}
