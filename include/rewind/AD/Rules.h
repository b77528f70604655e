//===- Rules.h - Registration of derivative rules ---------------*- C++ -*-===//
//
// Part of the Rewind project.
//
// Each upstream dialect's derivative rules are external models of
// ReverseModeOpInterface, defined in lib/AD/Rules/<Dialect>.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef REWIND_AD_RULES_H
#define REWIND_AD_RULES_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace rw::ad {
void registerArithRules(mlir::DialectRegistry &registry);
void registerMathRules(mlir::DialectRegistry &registry);
void registerSCFRules(mlir::DialectRegistry &registry);
void registerFuncRules(mlir::DialectRegistry &registry);
void registerTensorRules(mlir::DialectRegistry &registry);
void registerLinalgRules(mlir::DialectRegistry &registry);
void registerTapeRules(mlir::DialectRegistry &registry);

/// What differentiation does with an op of an upstream dialect. Every op of
/// those dialects either has a rule (ReverseModeOpInterface) or a note of
/// another kind saying why not; `rewind-op-coverage --check` (a test) fails
/// on an op with neither, so a new MLIR version cannot add silent gaps.
enum class Coverage {
  /// The op has a rule; the note is a remark on it.
  Rule,
  /// A terminator or nested op, differentiated by its parent's rule.
  PartOfParent,
  /// No derivative flows through it (integer, boolean or index values,
  /// bit reinterpretation): it never carries one.
  NoDerivative,
  /// It would have a derivative, but Rewind does not differentiate it.
  Unsupported,
};

struct OpCoverageNote {
  llvm::StringLiteral op;
  Coverage kind;
  llvm::StringLiteral why;
};

/// Each dialect's notes, next to its rules in lib/AD/Rules/<Dialect>.cpp.
llvm::ArrayRef<OpCoverageNote> arithCoverageNotes();
llvm::ArrayRef<OpCoverageNote> mathCoverageNotes();
llvm::ArrayRef<OpCoverageNote> scfCoverageNotes();
llvm::ArrayRef<OpCoverageNote> funcCoverageNotes();
llvm::ArrayRef<OpCoverageNote> tensorCoverageNotes();
llvm::ArrayRef<OpCoverageNote> linalgCoverageNotes();

/// The note on the op named `name` (`arith.addi`), or null.
const OpCoverageNote *findCoverageNote(llvm::StringRef name);

/// Attaches every derivative rule Rewind has to its dialect.
inline void registerAllRules(mlir::DialectRegistry &registry) {
  registerArithRules(registry);
  registerMathRules(registry);
  registerSCFRules(registry);
  registerFuncRules(registry);
  registerTensorRules(registry);
  registerLinalgRules(registry);
  registerTapeRules(registry);
}
} // namespace rw::ad

#endif // REWIND_AD_RULES_H
