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
