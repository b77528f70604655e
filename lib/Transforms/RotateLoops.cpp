//===- RotateLoops.cpp - Loops that run at least once as do-while loops ---===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"

namespace rw {
#define GEN_PASS_DEF_ROTATELOOPSPASS
#include "rewind/Transforms/Passes.h.inc"
} // namespace rw

using namespace mlir;

namespace {
/// scf.for with a constant trip count of at least one → scf.while whose
/// before region runs the body, steps the induction variable and tests it.
struct ForToDoWhile : OpRewritePattern<scf::ForOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(scf::ForOp loop,
                                PatternRewriter &rewriter) const override {
    std::optional<APInt> trips = loop.getStaticTripCount();
    if (!trips || trips->isZero())
      return failure();
    Location loc = loop.getLoc();
    SmallVector<Value> inits = {loop.getLowerBound()};
    llvm::append_range(inits, loop.getInitArgs());
    TypeRange types = ValueRange(inits).getTypes();
    SmallVector<Location> locs(inits.size(), loc);
    auto doWhile = scf::WhileOp::create(rewriter, loc, types, inits);

    Block *before = rewriter.createBlock(&doWhile.getBefore(), {}, types, locs);
    rewriter.mergeBlocks(loop.getBody(), before, before->getArguments());
    auto yield = cast<scf::YieldOp>(before->getTerminator());
    rewriter.setInsertionPoint(yield);
    Value next = arith::AddIOp::create(rewriter, loc, before->getArgument(0),
                                       loop.getStep());
    Value more = arith::CmpIOp::create(
        rewriter, loc,
        loop.getUnsignedCmp() ? arith::CmpIPredicate::ult
                              : arith::CmpIPredicate::slt,
        next, loop.getUpperBound());
    SmallVector<Value> carried = {next};
    llvm::append_range(carried, yield.getResults());
    rewriter.replaceOpWithNewOp<scf::ConditionOp>(yield, more, carried);

    Block *after = rewriter.createBlock(&doWhile.getAfter(), {}, types, locs);
    scf::YieldOp::create(rewriter, loc, after->getArguments());
    rewriter.replaceOp(loop, doWhile.getResults().drop_front());
    return success();
  }
};

struct RotateLoopsPass
    : public rw::impl::RotateLoopsPassBase<RotateLoopsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<ForToDoWhile>(&getContext());
    walkAndApplyPatterns(getOperation(), std::move(patterns));
  }
};
} // namespace
