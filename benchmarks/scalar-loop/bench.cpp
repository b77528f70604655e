//===- bench.cpp - Gradient vs primal time of 10^6-step scalar loops ------===//
//
// Part of the Rewind project.
//
//   rewind-bench-scalar FILE.mlir ENTRY [ITERATIONS]
//
// Compiles ENTRY(x0, w, c, n) and its gradient with Rewind, runs each after a
// warm-up, and prints median times, their ratio, and the tape's size: the
// number of values saved per iteration (read off the differentiated IR) and
// the bytes they occupy.
//
//===----------------------------------------------------------------------===//

#include "rewind/InitRewind.h"
#include "rewind/JIT/Compiler.h"
#include "Timing.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <regex>

using namespace rw::jit;

using rw::bench::medianSeconds;

int main(int argc, char **argv) {
  if (argc < 3) {
    llvm::errs() << "usage: rewind-bench-scalar FILE.mlir ENTRY [ITERATIONS]\n";
    return 2;
  }
  int64_t n = argc > 3 ? std::atoll(argv[3]) : 1000000;
  mlir::DialectRegistry registry;
  rw::registerAllDialects(registry);
  mlir::MLIRContext context(registry);
  auto module = mlir::parseSourceFile<mlir::ModuleOp>(argv[1], &context);
  if (!module)
    return 1;
  EntryRequest request;
  request.entry = argv[2];
  request.gradient = true;
  request.wrt = {0, 1, 2};
  auto start = std::chrono::steady_clock::now();
  auto compiled = CompiledEntry::compile(std::move(module), request);
  double compileSeconds = rw::bench::secondsSince(start);
  if (!compiled) {
    llvm::errs() << llvm::toString(compiled.takeError()) << "\n";
    return 1;
  }

  std::vector<HostValue> args;
  for (double v : {0.5, 1.3, 0.2}) {
    HostValue x(ElementKind::F64, {}, false);
    x.set(0, v);
    args.push_back(x);
  }
  HostValue count(ElementKind::Index, {}, false);
  count.set(0, (double)n);
  args.push_back(count);

  double value = 0, gradient0 = 0;
  double primal = medianSeconds(
      [&] { value = (*(*compiled)->evaluate(args))[0].get(0); }, 15);
  double grad = medianSeconds(
      [&] {
        auto r = (*compiled)->valueAndGradient(args);
        gradient0 = r->gradients[0]->get(0);
      },
      15);

  // Saved values per iteration: the stacks of the differentiated function.
  const std::string &ir = (*compiled)->differentiatedIR();
  std::regex create("tape\\.stack_create( capacity [^:]+)? : !tape\\.stack<(\\w+)>");
  int64_t stacks = 0, bytesPerIteration = 0;
  for (auto it = std::sregex_iterator(ir.begin(), ir.end(), create);
       it != std::sregex_iterator(); ++it) {
    ++stacks;
    std::string type = (*it)[2];
    bytesPerIteration += type == "f32" || type == "i32" ? 4 : type == "i1" ? 1 : 8;
  }

  llvm::outs() << llvm::formatv(
      "{0,-18} n={1}  primal {2,8:f3} ms  gradient {3,8:f3} ms  ratio {4,5:f2}"
      "  tape {5} value(s)/iteration = {6:f1} MB  compile {7:f0} ms"
      "  (f={8:e}, df/dx0={9:e})\n",
      request.entry, n, primal * 1e3, grad * 1e3, grad / primal, stacks,
      bytesPerIteration * (double)n / 1e6, compileSeconds * 1e3, value,
      gradient0);
  return 0;
}
