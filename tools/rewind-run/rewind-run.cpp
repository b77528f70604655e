//===- rewind-run.cpp - JIT-run a function and its gradient ---------------===//
//
// Part of the Rewind project.
//
//   rewind-run FILE.mlir --entry NAME [--args JSON] [--grad] [--wrt I,J,...]
//              [--json] [--check] [--emit=mlir|llvm|asm]
//
// Exit status 0 on success; otherwise a one-line error on stderr naming the
// problem. See docs/rewind-run.md.
//
//===----------------------------------------------------------------------===//

#include "rewind/InitRewind.h"
#include "rewind/JIT/Compiler.h"
#include "rewind/JIT/Runtime.h"
#include "rewind/Dialect/Tape/IR/Tape.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <optional>
#include <sys/mman.h>
#include <sys/time.h>
#include <unistd.h>
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace rw;
using namespace rw::jit;
namespace cl = llvm::cl;

static cl::OptionCategory category("rewind-run options");
// Option values are checked by rewind-run itself (not by llvm::cl), so that
// every error is one line in rewind-run's own form.
static cl::opt<std::string> inputFile(cl::Positional, cl::desc("<file.mlir>"),
                                      cl::cat(category));
static cl::opt<std::string> entryName("entry", cl::desc("Function to run"),
                                      cl::value_desc("NAME"),
                                      cl::cat(category));
static cl::opt<std::string>
    argsJSON("args",
             cl::desc("JSON array, one element per argument: a number for a "
                      "scalar, nested arrays (row-major) for a tensor"),
             cl::value_desc("JSON"), cl::cat(category));
static cl::opt<std::string>
    argsFile("args-file", cl::desc("Read the --args JSON array from a file"),
             cl::value_desc("FILE"), cl::cat(category));
static cl::opt<bool> gradFlag("grad",
                              cl::desc("Also compute the gradient of the "
                                       "(scalar floating-point) result"),
                              cl::cat(category));
static cl::list<std::string>
    wrtList("wrt", cl::desc("Arguments to differentiate with respect to"),
            cl::CommaSeparated, cl::value_desc("I,J,..."), cl::cat(category));
static cl::opt<std::string> jvpJSON(
    "jvp",
    cl::desc("JSON array, one tangent per argument shaped like --args (null: "
             "the argument is held constant): also print the derivative of "
             "the results along the tangents (forward mode)"),
    cl::value_desc("JSON"), cl::cat(category));
static cl::opt<std::string> hvpJSON(
    "hvp",
    cl::desc("With --grad: tangents v as for --jvp; also print the "
             "Hessian-vector product H v, one entry per argument"),
    cl::value_desc("JSON"), cl::cat(category));
static cl::opt<bool> jsonFlag("json",
                              cl::desc("Print one JSON object on stdout"),
                              cl::cat(category));
static cl::opt<bool>
    checkFlag("check",
              cl::desc("Compare the gradient with central finite differences "
                       "and print the largest relative error"),
              cl::cat(category));
static cl::opt<std::string> checkTolerance(
    "check-tolerance",
    cl::desc("With --check: fail (exit 3) when the error exceeds this"),
    cl::value_desc("X"), cl::cat(category));
static cl::opt<std::string>
    emitOption("emit",
               cl::desc("Print code instead of running it: mlir (the "
                        "differentiated MLIR), llvm (optimized LLVM IR) or "
                        "asm (native assembly)"),
               cl::value_desc("mlir|llvm|asm"), cl::cat(category));
static cl::opt<std::string> unconnected(
    "unconnected",
    cl::desc("For an argument whose gradient is always zero: 'zero' (warn, "
             "the default) or 'error'"),
    cl::init("zero"), cl::cat(category));

static cl::opt<bool> vectorizeFlag(
    "vectorize",
    cl::desc("Tile and vectorize linalg ops (--vectorize=false: plain loops)"),
    cl::init(true), cl::cat(category));

static cl::opt<std::string> targetCPU(
    "target-cpu",
    cl::desc("Generate code for this CPU (an LLVM CPU name such as haswell "
             "or skylake-avx512) instead of the host's"),
    cl::value_desc("NAME"), cl::cat(category));

static cl::opt<unsigned> vectorBits(
    "vector-bits",
    cl::desc("Tile linalg ops for vector registers of this many bits (128, "
             "256 or 512) instead of the target CPU's"),
    cl::value_desc("BITS"), cl::init(0), cl::cat(category));

/// --threads=N is read before llvm::cl parses the rest: libLLVM registers
/// an option of that name of its own (without a description), which
/// rewind-run's would collide with. Its --help entry is that option's.
static constexpr llvm::StringLiteral kThreadsHelp =
    "Run linalg ops' parallel dimensions and parallel loops on N OpenMP "
    "threads (default: one per hardware thread; 1: serial code); "
    "deterministic for an N, equal to rounding across N";
static unsigned threads = 0;

static cl::opt<bool> fpContractFlag(
    "fp-contract",
    cl::desc("Let a * b + c become one fused multiply-add (rounded once; "
             "--fp-contract=false: IEEE results bit for bit)"),
    cl::init(true), cl::cat(category));

static cl::opt<std::string> maxTapeBytes(
    "max-tape-bytes",
    cl::desc("Fail cleanly when the tape (the values saved for the reverse "
             "sweep) would hold more than this many bytes at once"),
    cl::value_desc("BYTES"), cl::cat(category));

static cl::opt<std::string> tapeBudget(
    "tape-budget",
    cl::desc("Keep the gradient's tape within this many bytes: loops are "
             "checkpointed (parts recomputed in the reverse sweep) as their "
             "run-time sizes need"),
    cl::value_desc("BYTES"), cl::cat(category));

static cl::opt<std::string> timeoutSeconds(
    "timeout",
    cl::desc("Fail cleanly when compiling and running take longer than this"),
    cl::value_desc("SECONDS"), cl::cat(category));

static cl::opt<bool> explainNonfiniteFlag(
    "explain-nonfinite",
    cl::desc("When a value or a gradient is NaN or infinite, name the first "
             "op (primal or adjoint) that computed one, with its location "
             "and operands"),
    cl::cat(category));

static cl::opt<unsigned> repeatCount(
    "repeat",
    cl::desc("Call the compiled code N times on the same arguments: every "
             "call must give bit-identical results; --measure reports the "
             "median run time"),
    cl::value_desc("N"), cl::init(1), cl::cat(category));

static cl::opt<bool> cacheFlag(
    "cache",
    cl::desc("Keep compiled code on disk and reuse what an earlier run "
             "compiled for the same program, options and CPU (default on; "
             "REWIND_CACHE=off turns it off, REWIND_CACHE_POLICY sets its "
             "size limit)"),
    cl::init(true), cl::cat(category));

static cl::opt<std::string> cacheDir(
    "cache-dir",
    cl::desc("The code cache's directory (default: REWIND_CACHE_DIR, or "
             "~/.cache/rewind)"),
    cl::value_desc("DIR"), cl::cat(category));

static cl::opt<bool> statsFlag(
    "measure",
    cl::desc("Print compile time, run time and the compiled code's peak heap "
             "use and leaked bytes to stderr"),
    cl::cat(category));

[[noreturn]] static void fail(const llvm::Twine &message, int code = 1) {
  std::string text = message.str();
  std::replace(text.begin(), text.end(), '\n', ' ');
  llvm::errs() << "rewind-run: error: " << text << "\n";
  std::exit(code);
}

static std::string typeString(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << type;
  return text;
}

/// The concrete type of a value: `tensor<2x3xf64>` or `f64`.
static std::string concreteType(const HostValue &value, Type declared) {
  if (!value.isTensor())
    return typeString(declared);
  std::string text = "tensor<";
  for (int64_t d : value.shape())
    text += std::to_string(d) + "x";
  return text + typeString(cast<ShapedType>(declared).getElementType()) + ">";
}

static std::string toJSON(const HostValue &value) {
  std::string text;
  llvm::raw_string_ostream os(text);
  value.printJSON(os);
  return text;
}

/// `file:line:col: ` for a location inside a file, empty otherwise.
static std::string formatLocationForDiagnostic(Location loc) {
  if (auto file = loc->findInstanceOf<FileLineColLoc>())
    return (file.getFilename().getValue() + ":" + llvm::Twine(file.getLine()) +
            ":" + llvm::Twine(file.getColumn()) + ": ")
        .str();
  return "";
}

/// The first error the compiler reported, folded into rewind-run's one-line
/// error message; warnings and remarks are printed as they come.
static std::string firstError;
static unsigned errorCount = 0;

static void installDiagnosticPrinter(MLIRContext &context) {
  context.getDiagEngine().registerHandler([](Diagnostic &diag) {
    auto format = [](Diagnostic &d, StringRef severity) {
      return formatLocationForDiagnostic(d.getLocation()) + severity.str() +
             StringRef(d.str()).rtrim().str();
    };
    switch (diag.getSeverity()) {
    case DiagnosticSeverity::Error:
      if (errorCount++ == 0)
        firstError = format(diag, "");
      return success();
    case DiagnosticSeverity::Warning:
      llvm::errs() << format(diag, "warning: ") << "\n";
      break;
    case DiagnosticSeverity::Remark:
      llvm::errs() << format(diag, "remark: ") << "\n";
      break;
    case DiagnosticSeverity::Note:
      llvm::errs() << format(diag, "note: ") << "\n";
      break;
    }
    for (Diagnostic &note : diag.getNotes())
      llvm::errs() << format(note, "note: ") << "\n";
    return success();
  });
}

/// Fails with the compiler's first error if there was one, else `fallback`.
[[noreturn]] static void failWithDiagnostics(const llvm::Twine &fallback) {
  if (errorCount == 0)
    fail(fallback);
  std::string more =
      errorCount > 1 ? " (and " + std::to_string(errorCount - 1) + " more)" : "";
  fail(firstError + more);
}

/// Parses --args (or --args-file) against the entry's argument types.
static std::vector<HostValue> parseArguments(func::FuncOp entry) {
  ArrayRef<Type> types = entry.getFunctionType().getInputs();
  std::string name = "@" + entry.getSymName().str();
  if (argsJSON.getNumOccurrences() && argsFile.getNumOccurrences())
    fail("give the arguments with --args or --args-file, not both");
  if (argsJSON.getNumOccurrences() == 0 && argsFile.getNumOccurrences() == 0) {
    if (!types.empty())
      fail(name + " takes " + llvm::Twine(types.size()) +
           " argument(s): pass them with --args");
    return {};
  }
  std::unique_ptr<llvm::MemoryBuffer> file;
  StringRef text = argsJSON;
  if (argsFile.getNumOccurrences()) {
    auto buffer = llvm::MemoryBuffer::getFile(argsFile, /*IsText=*/true);
    if (!buffer)
      fail("cannot read --args-file '" + argsFile +
           "': " + buffer.getError().message());
    file = std::move(*buffer);
    text = file->getBuffer();
  }
  auto values = parseArgumentsJSON(text, types, entry.getSymName());
  if (!values)
    fail(llvm::toString(values.takeError()));
  return std::move(*values);
}

/// The option's JSON array: its elements, one per argument of `entry`.
static llvm::json::Array tangentArray(func::FuncOp entry, StringRef option,
                                      StringRef text) {
  size_t count = entry.getNumArguments();
  auto parsed = llvm::json::parse(text);
  if (!parsed)
    fail("--" + option + ": " + llvm::toString(parsed.takeError()));
  auto *array = parsed->getAsArray();
  if (!array || array->size() != count)
    fail("--" + option + " takes a JSON array with one tangent per argument "
         "of @" + entry.getSymName() + " (" + llvm::Twine(count) +
         "), null for an argument held constant");
  return std::move(*array);
}

/// The arguments --jvp or --hvp gives a tangent (not null).
static std::vector<unsigned> tangentPositions(func::FuncOp entry,
                                              StringRef option,
                                              StringRef text) {
  std::vector<unsigned> positions;
  for (auto [i, element] : llvm::enumerate(tangentArray(entry, option, text)))
    if (element.kind() != llvm::json::Value::Null)
      positions.push_back(i);
  return positions;
}

/// The tangents of --jvp or --hvp, one per position, checked against the
/// arguments' types and shapes.
static std::vector<HostValue> parseTangents(func::FuncOp entry,
                                            StringRef option, StringRef text,
                                            const std::vector<HostValue> &args) {
  llvm::json::Array array = tangentArray(entry, option, text);
  // Null entries parse as the arguments themselves (and are dropped).
  for (auto [i, element] : llvm::enumerate(array))
    if (element.kind() == llvm::json::Value::Null) {
      auto same = llvm::json::parse(toJSON(args[i]));
      element = same ? std::move(*same) : llvm::json::Value(0.0);
    }
  std::string filled;
  llvm::raw_string_ostream os(filled);
  os << llvm::json::Value(std::move(array));
  ArrayRef<Type> types = entry.getFunctionType().getInputs();
  auto values = parseArgumentsJSON(filled, types, entry.getSymName());
  if (!values) {
    std::string error = llvm::toString(values.takeError());
    StringRef text(error);
    text.consume_front("in --args: ");
    fail("--" + option + ": " + text);
  }
  std::vector<HostValue> tangents;
  for (unsigned i : tangentPositions(entry, option, text)) {
    if (!tape::isDifferentiableType(types[i]))
      fail("--" + option + ": argument #" + llvm::Twine(i) + " of @" +
           entry.getSymName() + " has type " + typeString(types[i]) +
           ": only floating-point arguments take a tangent (give null)");
    if ((*values)[i].shape() != args[i].shape())
      fail("--" + option + ": the tangent of argument #" + llvm::Twine(i) +
           " has type " + concreteType((*values)[i], types[i]) +
           ", the argument " + concreteType(args[i], types[i]));
    tangents.push_back(std::move((*values)[i]));
  }
  return tangents;
}

/// One JSON value per result: the only one, or an array of them.
static std::string resultsJSON(llvm::ArrayRef<const HostValue *> results) {
  auto one = [](const HostValue *v) { return v ? toJSON(*v) : "null"; };
  if (results.size() == 1)
    return one(results[0]);
  std::string text = "[";
  for (auto [i, r] : llvm::enumerate(results))
    text += (i ? ", " : "") + one(r);
  return text + "]";
}

static void printEvaluation(const std::vector<HostValue> &results,
                            ArrayRef<Type> types) {
  if (jsonFlag) {
    llvm::outs() << "{\"value\": ";
    if (results.size() == 1) {
      llvm::outs() << toJSON(results[0]);
    } else {
      llvm::outs() << "[";
      for (auto [i, r] : llvm::enumerate(results))
        llvm::outs() << (i ? ", " : "") << toJSON(r);
      llvm::outs() << "]";
    }
    llvm::outs() << "}\n";
    return;
  }
  for (auto [i, r] : llvm::enumerate(results))
    llvm::outs() << "result #" << i << ": " << concreteType(r, types[i])
                 << " = " << toJSON(r) << "\n";
}

enum class Emit { None, MLIR, LLVM, Asm };

/// The checked values of the options that take one.
struct Settings {
  Emit emit = Emit::None;
  std::vector<unsigned> wrt;
  std::optional<double> checkTolerance;
  CallLimits limits;
  std::optional<double> timeout;
};

/// A finite number >= 0 (plain decimal or exponent notation), or nothing.
static std::optional<double> parseNonNegative(StringRef text) {
  double value;
  if (text.empty() || !(llvm::isDigit(text.front()) || text.front() == '.') ||
      text.getAsDouble(value) || !std::isfinite(value))
    return std::nullopt;
  return value;
}

static Settings parseSettings() {
  Settings settings;
  if (inputFile.empty())
    fail("no input file: rewind-run FILE.mlir --entry NAME [--args JSON] ...");
  if (entryName.getNumOccurrences() == 0)
    fail("missing --entry NAME: the function to run");
  if (emitOption.getNumOccurrences()) {
    settings.emit = llvm::StringSwitch<Emit>(emitOption)
                        .Case("mlir", Emit::MLIR)
                        .Case("llvm", Emit::LLVM)
                        .Case("asm", Emit::Asm)
                        .Default(Emit::None);
    if (settings.emit == Emit::None)
      fail("--emit must be mlir, llvm or asm, not '" + emitOption + "'");
  }
  for (StringRef position : wrtList) {
    unsigned value;
    if (position.empty() || position.getAsInteger(10, value))
      fail("--wrt takes argument positions (0, 1, ...) separated by commas, "
           "not '" + position + "'");
    settings.wrt.push_back(value);
  }
  if (wrtList.getNumOccurrences() && settings.wrt.empty())
    fail("--wrt takes argument positions (0, 1, ...) separated by commas");
  if (checkTolerance.getNumOccurrences()) {
    settings.checkTolerance = parseNonNegative(checkTolerance);
    if (!settings.checkTolerance)
      fail("--check-tolerance takes a finite number >= 0, not '" +
           checkTolerance + "'");
  }
  if (maxTapeBytes.getNumOccurrences()) {
    uint64_t bytes;
    if (StringRef(maxTapeBytes).getAsInteger(10, bytes) || bytes == 0)
      fail("--max-tape-bytes takes a number of bytes > 0, not '" +
           maxTapeBytes + "'");
    settings.limits.maxTapeBytes = bytes;
  }
  if (timeoutSeconds.getNumOccurrences()) {
    settings.timeout = parseNonNegative(timeoutSeconds);
    if (!settings.timeout || *settings.timeout <= 0)
      fail("--timeout takes a number of seconds > 0, not '" + timeoutSeconds +
           "'");
  }
  if (!settings.wrt.empty() && !gradFlag)
    fail("--wrt needs --grad");
  if (jvpJSON.getNumOccurrences() && hvpJSON.getNumOccurrences())
    fail("give --jvp or --hvp, not both");
  if (hvpJSON.getNumOccurrences() && !gradFlag)
    fail("--hvp needs --grad");
  if (checkFlag && !gradFlag && !jvpJSON.getNumOccurrences())
    fail("--check needs --grad or --jvp");
  if (settings.checkTolerance && !checkFlag)
    fail("--check-tolerance needs --check");
  return settings;
}

/// llvm::cl's errors (unknown options, ...) folded into one line.
[[noreturn]] static void failOnCommandLine(StringRef errors) {
  SmallVector<StringRef> lines;
  errors.split(lines, '\n', -1, /*KeepEmpty=*/false);
  std::string text;
  for (StringRef line : lines) {
    line = line.trim();
    line.consume_front("rewind-run:");
    line = line.trim();
    if (!line.empty())
      text += (text.empty() ? "" : " ") + line.str();
  }
  fail(text.empty() ? "invalid command line" : text);
}

/// Parses the command line; llvm::cl writes some of its errors straight to
/// stderr, so stderr is captured meanwhile (--help still prints).
static void parseCommandLine(int argc, char **argv) {
  // --threads N, --threads=N (one dash or two) out of the arguments.
  SmallVector<char *> args;
  for (int i = 0; i < argc; ++i) {
    StringRef arg = StringRef(argv[i]).ltrim('-');
    if (i == 0 || !StringRef(argv[i]).starts_with("-") ||
        !arg.consume_front("threads") || !(arg.empty() || arg.front() == '=')) {
      args.push_back(argv[i]);
      continue;
    }
    StringRef value = !arg.empty() ? arg.drop_front()
                      : i + 1 < argc   ? StringRef(argv[++i])
                                       : StringRef();
    if (value.getAsInteger(10, threads) || threads < 1 || threads > 1024)
      fail("--threads takes a number of threads from 1 to 1024, not '" +
           value + "'");
  }
  args.push_back(nullptr);
  argc = args.size() - 1;
  argv = args.data();
  if (cl::Option *option = cl::getRegisteredOptions().lookup("threads")) {
    option->setDescription(kThreadsHelp);
    option->setValueStr("N");
    option->addCategory(category);
    option->setHiddenFlag(cl::NotHidden);
  }
  int saved = ::dup(2), capture = ::memfd_create("rewind-run-cl", 0);
  bool help = false;
  for (int i = 1; i < argc; ++i)
    help |= StringRef(argv[i]).starts_with("--help") ||
            StringRef(argv[i]).starts_with("-help") || StringRef(argv[i]) == "-h";
  bool redirect = saved >= 0 && capture >= 0 && !help;
  if (redirect)
    ::dup2(capture, 2);
  std::string errors;
  llvm::raw_string_ostream errorStream(errors);
  bool ok = cl::ParseCommandLineOptions(
      argc, argv, "Rewind: JIT-run a function and its gradient\n",
      &errorStream);
  if (redirect) {
    ::dup2(saved, 2);
    char buffer[4096];
    ssize_t n = ::pread(capture, buffer, sizeof(buffer), 0);
    if (n > 0)
      errors = std::string(buffer, n) + errors;
  }
  if (saved >= 0)
    ::close(saved);
  if (capture >= 0)
    ::close(capture);
  if (!ok || !errors.empty())
    failOnCommandLine(errors);
}

/// Ends the process with a one-line error once `seconds` have passed (for
/// compiled code that runs too long; SIGALRM interrupts it wherever it is).
static void armTimeout(double seconds) {
  static char message[128];
  int length = std::snprintf(message, sizeof(message),
                             "rewind-run: error: timed out after %g seconds\n",
                             seconds);
  static size_t messageLength;
  messageLength = std::min<size_t>(length, sizeof(message) - 1);
  std::signal(SIGALRM, [](int) {
    (void)!::write(2, message, messageLength);
    ::_exit(1);
  });
  itimerval timer{};
  timer.it_value.tv_sec = (time_t)seconds;
  timer.it_value.tv_usec =
      (suseconds_t)((seconds - (double)timer.it_value.tv_sec) * 1e6);
  if (timer.it_value.tv_sec == 0 && timer.it_value.tv_usec == 0)
    timer.it_value.tv_usec = 1;
  setitimer(ITIMER_REAL, &timer, nullptr);
}

static double runMs = 0;

/// The values a call returned.
static std::vector<const HostValue *>
outputsOf(const std::vector<HostValue> &results) {
  std::vector<const HostValue *> outputs;
  for (const HostValue &r : results)
    outputs.push_back(&r);
  return outputs;
}
static std::vector<const HostValue *>
outputsOf(const ValueAndGradient &result) {
  std::vector<const HostValue *> outputs{&result.value};
  for (const auto &g : result.gradients)
    if (g)
      outputs.push_back(&*g);
  return outputs;
}

static std::vector<const HostValue *>
outputsOf(const ValueAndTangent &result) {
  std::vector<const HostValue *> outputs = outputsOf(result.values);
  for (const auto &t : result.tangents)
    if (t)
      outputs.push_back(&*t);
  return outputs;
}

static double millisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now() - start)
      .count();
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(category);
  parseCommandLine(argc, argv);
  Settings settings = parseSettings();
  if (settings.timeout)
    armTimeout(*settings.timeout);

  DialectRegistry registry;
  rw::registerAllDialects(registry);
  MLIRContext context(registry);
  installDiagnosticPrinter(context);

  auto buffer = llvm::MemoryBuffer::getFileOrSTDIN(inputFile, /*IsText=*/true);
  if (!buffer)
    fail("cannot read '" + inputFile + "': " + buffer.getError().message());
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(*buffer), llvm::SMLoc());
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    failWithDiagnostics("cannot parse '" + inputFile + "'");

  auto entry = module->lookupSymbol<func::FuncOp>(entryName);
  if (!entry)
    fail("no function named '@" + entryName + "' in '" + inputFile + "'");
  if (entry.isExternal())
    fail("@" + entryName + " is only declared in '" + inputFile +
         "': it has no body to run");
  ArrayRef<Type> resultTypes = entry.getFunctionType().getResults();
  std::vector<Type> savedResultTypes(resultTypes.begin(), resultTypes.end());
  std::vector<Type> argTypes(entry.getFunctionType().getInputs().begin(),
                             entry.getFunctionType().getInputs().end());
  std::vector<HostValue> args;
  if (settings.emit == Emit::None)
    args = parseArguments(entry);

  EntryRequest request;
  request.entry = entryName;
  request.gradient = gradFlag;
  request.wrt = settings.wrt;
  request.unconnected = unconnected;
  if (tapeBudget.getNumOccurrences()) {
    if (StringRef(tapeBudget).getAsInteger(10, request.tapeBudget) ||
        request.tapeBudget <= 0)
      fail("--tape-budget takes a number of bytes > 0, not '" + tapeBudget +
           "'");
  }
  request.vectorize = vectorizeFlag;
  request.targetCPU = targetCPU;
  if (vectorBits && vectorBits != 128 && vectorBits != 256 && vectorBits != 512)
    fail("--vector-bits must be 128, 256 or 512, not " +
         llvm::Twine(vectorBits.getValue()));
  request.vectorBits = vectorBits;
  request.fpContract = fpContractFlag;
  request.threads = threads;
  request.explainNonfinite = explainNonfiniteFlag;
  // --jvp or --hvp: the arguments with a tangent (not null), and the tangents.
  bool jvpWanted = jvpJSON.getNumOccurrences(),
       hvpWanted = hvpJSON.getNumOccurrences();
  StringRef tangentOption = jvpWanted ? "jvp" : "hvp";
  StringRef tangentText = jvpWanted ? jvpJSON : hvpJSON;
  std::vector<HostValue> tangents;
  if (jvpWanted || hvpWanted) {
    request.jvp = jvpWanted;
    request.hvp = hvpWanted;
    request.jvpWrt = tangentPositions(entry, tangentOption, tangentText);
    if (settings.emit == Emit::None)
      tangents = parseTangents(entry, tangentOption, tangentText, args);
  }
  // The code cache keeps no IR to emit.
  std::optional<CodeCache> codeCache;
  if (cacheFlag && settings.emit == Emit::None) {
    auto fromEnvironment = CodeCache::fromEnvironment(cacheDir);
    if (!fromEnvironment)
      fail(llvm::toString(fromEnvironment.takeError()));
    codeCache = std::move(*fromEnvironment);
  }
  auto compileStart = std::chrono::steady_clock::now();
  auto compiled = CompiledEntry::compile(std::move(module), request,
                                         codeCache ? &*codeCache : nullptr);
  double compileMs = millisecondsSince(compileStart);
  if (!compiled)
    failWithDiagnostics(llvm::toString(compiled.takeError()));

  switch (settings.emit) {
  case Emit::MLIR:
    llvm::outs() << (*compiled)->differentiatedIR();
    return 0;
  case Emit::LLVM:
  case Emit::Asm: {
    auto text = settings.emit == Emit::LLVM ? (*compiled)->emitLLVMIR()
                                       : (*compiled)->emitAssembly();
    if (!text)
      fail(llvm::toString(text.takeError()));
    llvm::outs() << *text;
    return 0;
  }
  case Emit::None:
    break;
  }

  HeapStats before = heapStats();
  resetHeapPeak();
  // Iterations the last call recomputed (checkpointed loops).
  int64_t recomputed = 0;
  auto printStats = [&] {
    if (!statsFlag)
      return;
    HeapStats after = heapStats();
    std::string cacheUse;
    if ((*compiled)->cacheUse() == CompiledEntry::CacheUse::Hit)
      cacheUse = ", cache hit";
    else if ((*compiled)->cacheUse() == CompiledEntry::CacheUse::Miss)
      cacheUse = (*compiled)->cacheError().empty()
                     ? ", cache miss"
                     : ", cache miss, not stored: " + (*compiled)->cacheError();
    llvm::errs() << llvm::formatv(
        "measure: compile {0:f1} ms (differentiate {6:f1}, lower {7:f1}, "
        "llvm {8:f1}{9}), run {1:f3} ms, peak heap {2} bytes, "
        "leaked {3} bytes, peak tape {4} bytes, reused {5} bytes, "
        "recomputed {10} iterations\n",
        compileMs, runMs, after.peakBytes - before.liveBytes,
        after.liveBytes - before.liveBytes,
        after.peakTapeBytes - before.tapeBytes,
        after.reusedBytes - before.reusedBytes,
        (*compiled)->compileTimes().differentiate,
        (*compiled)->compileTimes().lower, (*compiled)->compileTimes().llvm,
        cacheUse, recomputed);
  };
  // Calls `call` --repeat times and returns the last call's results, which
  // must be bit-identical to the first's (buffers kept from one call to the
  // next must not leak into results); runMs is the median time.
  auto repeated = [&](auto call) {
    std::vector<double> times;
    int64_t recomputedBefore = heapStats().recomputedIterations;
    auto start = std::chrono::steady_clock::now();
    auto result = call();
    times.push_back(millisecondsSince(start));
    recomputed = heapStats().recomputedIterations - recomputedBefore;
    for (unsigned k = 1; k < repeatCount && result; ++k) {
      recomputedBefore = heapStats().recomputedIterations;
      start = std::chrono::steady_clock::now();
      auto next = call();
      times.push_back(millisecondsSince(start));
      if (!next)
        return next;
      recomputed = heapStats().recomputedIterations - recomputedBefore;
      if (!llvm::equal(outputsOf(*next), outputsOf(*result),
                       [](const HostValue *a, const HostValue *b) {
                         return a->isBitwiseEqual(*b);
                       }))
        fail("the results of call " + llvm::Twine(k + 1) +
             " differ from those of the first call");
      result = std::move(next);
    }
    llvm::sort(times);
    runMs = times[times.size() / 2];
    return result;
  };
  // The first NaN or infinity of the run (--explain-nonfinite), told when an
  // output has one.
  std::string nonfinite;
  CallLimits runLimits = settings.limits;
  if (explainNonfiniteFlag)
    runLimits.nonfinite = &nonfinite;
  auto explain = [&](llvm::ArrayRef<const HostValue *> outputs) {
    bool anyNonfinite = llvm::any_of(outputs, [](const HostValue *v) {
      if (!isFloat(v->kind()))
        return false;
      for (int64_t i = 0, e = v->numElements(); i < e; ++i)
        if (!std::isfinite(v->get(i)))
          return true;
      return false;
    });
    if (anyNonfinite && !nonfinite.empty()) {
      llvm::outs().flush();
      llvm::errs() << "rewind-run: note: the first NaN or infinity was "
                   << nonfinite << "\n";
    }
  };
  // "1.234e-05", or Infinity when some entry is not finite.
  auto errorText = [](double error) {
    return std::isfinite(error) ? llvm::formatv("{0:e3}", error).str()
                                : std::string("Infinity");
  };
  // Exit code 3 when a check failed: a derivative that is not finite, or
  // one that differs from finite differences by more than the tolerance.
  auto checkFailure = [&](const GradientCheck &check,
                          StringRef what) -> std::optional<int> {
    if (!check.nonFinite.empty()) {
      llvm::outs().flush();
      llvm::errs() << "rewind-run: error: " << what
                   << " check failed: " << check.nonFinite << "\n";
      return 3;
    }
    if (settings.checkTolerance &&
        check.maxRelativeError > *settings.checkTolerance) {
      llvm::outs().flush();
      llvm::errs() << "rewind-run: error: " << what
                   << " differs from finite differences: max relative error "
                   << errorText(check.maxRelativeError) << " > "
                   << *settings.checkTolerance << "\n";
      return 3;
    }
    return std::nullopt;
  };
  // The tangents of a ValueAndTangent, one per result (null: none).
  auto tangentOutputs = [](const ValueAndTangent &r) {
    std::vector<const HostValue *> outputs;
    for (const auto &t : r.tangents)
      outputs.push_back(t ? &*t : nullptr);
    return outputs;
  };
  auto printTangents = [&](const ValueAndTangent &r) {
    for (auto [i, t] : llvm::enumerate(r.tangents))
      if (t)
        llvm::outs() << "tangent #" << i << ": "
                     << concreteType(*t, savedResultTypes[i]) << " = "
                     << toJSON(*t) << "\n";
  };
  if (!gradFlag && !jvpWanted) {
    auto results =
        repeated([&] { return (*compiled)->evaluate(args, runLimits); });
    printStats();
    if (!results)
      fail(llvm::toString(results.takeError()));
    printEvaluation(*results, savedResultTypes);
    explain(outputsOf(*results));
    return 0;
  }
  if (!gradFlag) {
    auto result = repeated(
        [&] { return (*compiled)->jvp(args, tangents, runLimits); });
    printStats();
    if (!result)
      fail(llvm::toString(result.takeError()));
    std::optional<GradientCheck> check;
    if (checkFlag) {
      auto checked = checkTangent(**compiled, args, tangents, result->tangents,
                                  settings.limits);
      if (!checked)
        fail(llvm::toString(checked.takeError()));
      check = std::move(*checked);
    }
    if (jsonFlag) {
      llvm::outs() << "{\"value\": " << resultsJSON(outputsOf(result->values))
                   << ", \"tangent\": " << resultsJSON(tangentOutputs(*result));
      if (check)
        llvm::outs() << ", \"max_rel_error\": "
                     << errorText(check->maxRelativeError);
      llvm::outs() << "}\n";
    } else {
      printEvaluation(result->values, savedResultTypes);
      printTangents(*result);
      if (check)
        llvm::outs() << "check: max relative error vs finite differences = "
                     << errorText(check->maxRelativeError) << "\n";
    }
    explain(outputsOf(*result));
    if (check)
      if (std::optional<int> code = checkFailure(*check, "tangent"))
        return *code;
    return 0;
  }

  auto result =
      repeated([&] { return (*compiled)->valueAndGradient(args, runLimits); });
  printStats();
  if (!result)
    fail(llvm::toString(result.takeError()));
  std::optional<GradientCheck> check;
  if (checkFlag) {
    auto checked =
        checkGradient(**compiled, args, result->gradients, settings.limits);
    if (!checked)
      fail(llvm::toString(checked.takeError()));
    check = std::move(*checked);
  }
  // With --jvp: the tangents too; with --hvp: the Hessian-vector products.
  std::optional<ValueAndTangent> forward;
  if (jvpWanted) {
    auto computed = (*compiled)->jvp(args, tangents, runLimits);
    if (!computed)
      fail(llvm::toString(computed.takeError()));
    forward = std::move(*computed);
  }
  std::optional<std::vector<std::optional<HostValue>>> products;
  if (hvpWanted) {
    auto computed = (*compiled)->hvp(args, tangents, runLimits);
    if (!computed)
      fail(llvm::toString(computed.takeError()));
    products = std::move(*computed);
  }
  std::optional<GradientCheck> secondCheck;
  StringRef secondWhat = forward ? "tangent" : "Hessian-vector product";
  if (checkFlag && (forward || products)) {
    auto checked =
        forward ? checkTangent(**compiled, args, tangents, forward->tangents,
                               settings.limits)
                : checkHessianVector(**compiled, args, tangents, *products,
                                     settings.limits);
    if (!checked)
      fail(llvm::toString(checked.takeError()));
    secondCheck = std::move(*checked);
  }
  double maxError = 0;
  for (const auto *c : {&check, &secondCheck})
    if (*c)
      maxError = std::max(maxError, (*c)->maxRelativeError);
  auto perArgument = [](const std::vector<std::optional<HostValue>> &values) {
    std::string text = "[";
    for (auto [i, g] : llvm::enumerate(values))
      text += (i ? ", " : "") + (g ? toJSON(*g) : std::string("null"));
    return text + "]";
  };

  if (jsonFlag) {
    llvm::outs() << "{\"value\": " << toJSON(result->value)
                 << ", \"gradient\": " << perArgument(result->gradients);
    if (forward)
      llvm::outs() << ", \"tangent\": " << resultsJSON(tangentOutputs(*forward));
    if (products)
      llvm::outs() << ", \"hvp\": " << perArgument(*products);
    if (check)
      llvm::outs() << ", \"max_rel_error\": " << errorText(maxError);
    llvm::outs() << "}\n";
  } else {
    llvm::outs() << "value: " << concreteType(result->value, savedResultTypes[0])
                 << " = " << toJSON(result->value) << "\n";
    auto printPerArgument = [&](StringRef what,
                                const std::vector<std::optional<HostValue>> &values) {
      for (auto [i, g] : llvm::enumerate(values)) {
        llvm::outs() << what << " #" << i << ": ";
        if (g)
          llvm::outs() << concreteType(*g, argTypes[i]) << " = " << toJSON(*g)
                       << "\n";
        else
          llvm::outs() << "not differentiated\n";
      }
    };
    printPerArgument("gradient", result->gradients);
    if (forward)
      printTangents(*forward);
    if (products)
      printPerArgument("hvp", *products);
    if (check)
      llvm::outs() << "check: max relative error vs finite differences = "
                   << errorText(maxError) << "\n";
  }
  explain(outputsOf(*result));
  if (check)
    if (std::optional<int> code = checkFailure(*check, "gradient"))
      return *code;
  if (secondCheck)
    if (std::optional<int> code = checkFailure(*secondCheck, secondWhat))
      return *code;
  return 0;
}
