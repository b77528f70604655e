//===- LinalgUtils.h - Linalg ops restricted to fixed loop values -*- C++ -*-===//
//
// Part of the Rewind project.
//
// A linalg op whose operands are indexed by sums of loop dimensions (a
// convolution: s * oh + d * kh) is a projected-permutation op once some loop
// dimensions (the kernel offsets) are fixed: each operand restricted to
// fixed values of them is a strided slice. Differentiation uses this for the
// adjoint of a convolution's data and for reductions reversed step by step;
// lowering uses it to turn convolutions into loops around ops that vectorize.
//
//===----------------------------------------------------------------------===//

#ifndef REWIND_TRANSFORMS_LINALGUTILS_H
#define REWIND_TRANSFORMS_LINALGUTILS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/PatternMatch.h"

#include <optional>

namespace rw {

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

enum class Combiner { None, Sum, Max, Min, Product };

/// How output `j` of a linalg op combines values across the loop dimensions
/// its indexing map does not use, and the term combined (the value the body
/// yields when there is no reduction).
struct OutputForm {
  Combiner combiner = Combiner::None;
  mlir::Value term;
  /// acc - t: a sum of the negated terms.
  bool negated = false;
};

/// The loop dimensions that output `j`'s indexing map does not use: they
/// accumulate into it, whatever the iterator types say ("parallel"
/// verifies too).
llvm::SmallVector<unsigned> reducedDims(mlir::linalg::LinalgOp op, unsigned j);

/// The closed form of output `j`, if it has one: no reduction, or a sum
/// (acc + t, acc - t), product (acc * t), max or min (max(acc, t)) of a term
/// t that does not depend on the accumulator. These reductions give the same
/// result (up to rounding) in any order.
std::optional<OutputForm> classifyOutput(mlir::linalg::LinalgOp op, unsigned j);

//===----------------------------------------------------------------------===//
// Restrictions to fixed loop values
//===----------------------------------------------------------------------===//

/// The loop dimensions of a linalg op with some of them fixed to values
/// (those a loop around it runs over); the others stay loop dimensions,
/// renumbered.
struct Restriction {
  /// Per loop dimension: its value when fixed, null when free.
  llvm::SmallVector<mlir::Value> fixed;
  /// Per loop dimension: its position among the free ones (-1 when fixed).
  llvm::SmallVector<int64_t> position;
  /// Per loop dimension: the size of its range.
  llvm::SmallVector<mlir::OpFoldResult> sizes;
  unsigned numFree = 0;

  static Restriction of(llvm::ArrayRef<mlir::Value> fixed,
                        llvm::ArrayRef<mlir::OpFoldResult> sizes);
  bool isIdentity() const { return numFree == fixed.size(); }
};

/// The coefficients of `expr` as sum_d c_d * d + constant (the constant
/// last), or nothing for mod, div and symbols.
std::optional<llvm::SmallVector<int64_t>>
linearCoefficients(mlir::AffineExpr expr, unsigned numDims);

/// The dimensions a linear `expr` depends on (nonzero coefficients), in
/// order, or nothing when it is not linear.
std::optional<llvm::SmallVector<unsigned>>
linearDims(mlir::AffineExpr expr, unsigned numDims);

/// An operand restricted to one assignment of the fixed dimensions.
struct RestrictedOperand {
  /// The slice read (null when no value was given), and its indexing map
  /// over the free dimensions.
  mlir::Value slice;
  mlir::AffineMap map;
  /// Where the slice is in the operand (empty for scalars and identities).
  llvm::SmallVector<mlir::OpFoldResult> offsets, sizes, strides;
};

/// The part of `value` (indexed by `map`) that one assignment of the fixed
/// dimensions reads, and its indexing map over the free ones: each index
/// c * p + (fixed terms) + k with one free dimension p becomes a strided
/// slice (offset: the rest, stride: c, size: p's range); an index with no
/// free dimension is fixed and dropped. Fails when an index has two free
/// dimensions or a non-positive coefficient, or a free dimension indexes
/// twice (a diagonal). Scalars pass through; a null `value` gives the map
/// alone.
mlir::FailureOr<RestrictedOperand>
restrictOperand(mlir::OpBuilder &b, mlir::Location loc, mlir::Value value,
                mlir::AffineMap map, const Restriction &r);

/// Replaces `op` (on tensors) by scf.for loops over the loop dimensions in
/// `loopOver`, in order, around `op` restricted to each assignment of them:
/// its inputs strided slices, its outputs carried by the loops (slices read
/// and written back where their maps use a looped dimension), linalg.index
/// of a looped dimension its loop's induction variable. Preserves the
/// results exactly when every looped dimension either indexes all outputs
/// or is a reduction in the op's own order of iteration for the others
/// (the caller's to know: a sum's order changes). Returns the new loops'
/// results; fails, changing nothing, when an operand is not a strided slice
/// under the restriction.
mlir::FailureOr<llvm::SmallVector<mlir::Value>>
loopOverDims(mlir::RewriterBase &rewriter, mlir::linalg::GenericOp op,
             llvm::ArrayRef<bool> loopOver);

/// Replaces a linalg.pack by tensor.pad, tensor.expand_shape and
/// linalg.transpose, or a linalg.unpack by linalg.transpose,
/// tensor.collapse_shape and tensor.extract_slice (MLIR 22 bufferizes
/// neither). Fails with an error naming the op when it cannot (dynamic tile
/// sizes).
llvm::LogicalResult lowerRelayout(mlir::RewriterBase &rewriter,
                                  mlir::Operation *op);

//===----------------------------------------------------------------------===//
// Dead outputs
//===----------------------------------------------------------------------===//

/// Adds a pattern that drops the outputs of a linalg.generic on tensors
/// whose results nobody uses and whose elements only the output's own
/// computation reads (a reduction's accumulator that feeds nothing else: a
/// tangent or a running minimum no one asked for), with the body ops that
/// only computed them. MLIR's own pattern keeps an output whose element the
/// body reads, which a reduction's always does.
void populateEraseDeadOutputsPatterns(mlir::RewritePatternSet &patterns);

} // namespace rw

#endif // REWIND_TRANSFORMS_LINALGUTILS_H
