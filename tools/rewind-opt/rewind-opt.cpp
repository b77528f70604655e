//===- rewind-opt.cpp - Rewind's optimizer driver -------------------------===//
//
// Part of the Rewind project.
//
// mlir-opt with every upstream dialect and pass plus Rewind's tape dialect,
// derivative rules, passes and the pipelines `rewind-differentiate` and
// `rewind-lower-to-llvm`.
//
//===----------------------------------------------------------------------===//

#include "rewind/InitRewind.h"

#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  rw::registerAllDialects(registry);
  rw::registerAllPasses();
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "Rewind optimizer driver\n", registry));
}
