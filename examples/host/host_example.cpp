//===- host_example.cpp - Using Rewind from a C++ host program ------------===//
//
// Part of the Rewind project.
//
// Compiles a small model once, then evaluates its value and gradient on
// buffers the program owns, from several threads at once, and its
// vector-Jacobian product. Errors are values (llvm::Expected), never aborts.
//
//===----------------------------------------------------------------------===//

#include "rewind/JIT/Compiler.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <thread>
#include <vector>

using namespace rw::jit;

// loss(w, x) = sum_i tanh(w_i * x_i)^2
static const char *kProgram = R"mlir(
#m = affine_map<(d0) -> (d0)>
#s = affine_map<(d0) -> ()>
func.func @loss(%w: tensor<?xf64>, %x: tensor<?xf64>) -> f64 {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %w, %c0 : tensor<?xf64>
  %zero = arith.constant 0.0 : f64
  %e = tensor.empty() : tensor<f64>
  %init = linalg.fill ins(%zero : f64) outs(%e : tensor<f64>) -> tensor<f64>
  %s = linalg.generic {indexing_maps = [#m, #m, #s], iterator_types = ["reduction"]}
      ins(%w, %x : tensor<?xf64>, tensor<?xf64>) outs(%init : tensor<f64>) {
  ^bb0(%a: f64, %b: f64, %acc: f64):
    %p = arith.mulf %a, %b : f64
    %t = math.tanh %p : f64
    %q = arith.mulf %t, %t : f64
    %r = arith.addf %acc, %q : f64
    linalg.yield %r : f64
  } -> tensor<f64>
  %v = tensor.extract %s[] : tensor<f64>
  return %v : f64
}
)mlir";

// x_{k+1} = sin(x_k), 'steps' times.
static const char *kLoop = R"mlir(
func.func @iterate(%x: f64, %steps: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %steps step %c1 iter_args(%a = %x) -> f64 {
    %s = math.sin %a : f64
    scf.yield %s : f64
  }
  return %r : f64
}
)mlir";

static ArrayView view(const std::vector<double> &data) {
  return {ElementKind::F64, data.data(), {(int64_t)data.size()}, {}, true};
}

int main() {
  EntryRequest request;
  request.entry = "loss";
  request.gradient = true;
  request.vjp = true;
  request.wrt = {0};
  auto compiled = Session::global().compile(kProgram, request, "model.mlir");
  if (!compiled) {
    llvm::errs() << "error: " << llvm::toString(compiled.takeError()) << "\n";
    return 1;
  }
  const CompiledEntry &loss = **compiled;

  std::vector<double> w = {0.5, -0.25, 1.0, 0.75}, x = {1.0, 2.0, -0.5, 0.3};
  std::vector<HostValue> args = {HostValue::copyOf(view(w)),
                                 HostValue::copyOf(view(x))};
  auto result = loss.valueAndGradient(args);
  if (!result) {
    llvm::errs() << "error: " << llvm::toString(result.takeError()) << "\n";
    return 1;
  }
  // The gradient goes straight into the program's own buffer.
  std::vector<double> dw(w.size());
  if (llvm::Error error = result->gradients[0]->copyTo(dw.data())) {
    llvm::errs() << "error: " << llvm::toString(std::move(error)) << "\n";
    return 1;
  }
  llvm::outs() << llvm::formatv("loss = {0:f12}\n", result->value.get(0));
  for (auto [i, g] : llvm::enumerate(dw)) {
    double t = std::tanh(w[i] * x[i]);
    double expected = 2 * t * (1 - t * t) * x[i];
    llvm::outs() << llvm::formatv("dloss/dw[{0}] = {1:f12} (analytic {2:f12})\n",
                                  i, g, expected);
  }

  // A vector-Jacobian product with seed 2: twice the gradient.
  HostValue seed(ElementKind::F64, {}, false);
  seed.set(0, 2.0);
  auto vjp = loss.vjp(args, {seed});
  if (!vjp)
    return llvm::errs() << llvm::toString(vjp.takeError()) << "\n", 1;
  llvm::outs() << llvm::formatv("vjp(seed 2)[0] = {0:f12}\n",
                                (*vjp)[0]->get(0));

  // Compiled code is immutable: call it from several threads at once, and
  // compile the same program concurrently (one compilation, shared).
  std::vector<std::thread> threads;
  std::vector<double> values(4);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      auto again = Session::global().compile(kProgram, request, "model.mlir");
      if (!again)
        return llvm::consumeError(again.takeError());
      for (int repeat = 0; repeat < 100; ++repeat) {
        auto r = (*again)->valueAndGradient(args);
        if (r)
          values[t] = r->value.get(0);
      }
    });
  for (std::thread &thread : threads)
    thread.join();
  bool same = llvm::all_of(values, [&](double v) {
    return v == result->value.get(0);
  });
  llvm::outs() << "threads agree: " << (same ? "yes" : "no")
               << ", compilations: " << Session::global().compilations()
               << "\n";

  // Errors are values: a wrong number of arguments.
  auto bad = loss.valueAndGradient({args[0]});
  if (!bad)
    llvm::outs() << "error as a value: " << llvm::toString(bad.takeError())
                 << "\n";

  // So are errors of the compiled code at run time, such as a tape (the
  // values the reverse sweep needs: 8 bytes an iteration here) over the
  // limit the caller sets.
  EntryRequest loopRequest;
  loopRequest.entry = "iterate";
  loopRequest.gradient = true;
  auto iterate = Session::global().compile(kLoop, loopRequest, "loop.mlir");
  if (!iterate)
    return llvm::errs() << llvm::toString(iterate.takeError()) << "\n", 1;
  double x0 = 0.5;
  int64_t steps = 1000;
  std::vector<ArrayView> loopArgs = {{ElementKind::F64, &x0, {}, {}, false},
                                     {ElementKind::Index, &steps, {}, {}, false}};
  CallLimits limits;
  limits.maxTapeBytes = 4000;
  auto limited = (*iterate)->valueAndGradient(loopArgs, limits);
  if (!limited)
    llvm::outs() << "run-time error as a value: "
                 << llvm::toString(limited.takeError()) << "\n";
  limits.maxTapeBytes = 8000;
  auto fits = (*iterate)->valueAndGradient(loopArgs, limits);
  if (!fits)
    return llvm::errs() << llvm::toString(fits.takeError()) << "\n", 1;
  llvm::outs() << "within the limit: d/dx = " << fits->gradients[0]->get(0)
               << "\n";
  return same ? 0 : 1;
}
