// The code cache: a second process compiling the same program for the same
// request and CPU links the code the first one stored (--measure says
// "cache hit"), with the same results, the same warnings, and run-time
// errors naming the same source sites. (The suite runs with REWIND_CACHE=off;
// --cache-dir turns the cache on in a directory of the test's own.)
// RUN: rm -rf %t %t.err
// RUN: rewind-run %s --entry f --args '[[1, 2, 3], 2, 0.5]' --grad --json --measure --cache-dir=%t 2>%t.err | FileCheck %s --check-prefix=OUT
// RUN: FileCheck %s --check-prefixes=WARN,MISS < %t.err
// RUN: rewind-run %s --entry f --args '[[1, 2, 3], 2, 0.5]' --grad --json --measure --cache-dir=%t 2>%t.err | FileCheck %s --check-prefix=OUT
// RUN: FileCheck %s --check-prefixes=WARN,HIT < %t.err
// OUT: {"value": 9.0, "gradient": {{\[\[}}0.0, 0.0, 6.0], null, 0.0]}{{$}}
// WARN: code-cache.mlir:[[# @LINE + 54]]:44: warning: gradient of @f with respect to argument #2 is always zero
// MISS: measure: compile {{.*}}, cache miss), run
// HIT: measure: compile {{[0-9.]+}} ms (differentiate {{[0-9.]*[1-9][0-9.]*}}, lower 0.0, llvm {{[0-9.]+}}, cache hit), run
//
// A run-time error of cached code names its site.
// RUN: not rewind-run %s --entry f --args '[[1, 2, 3], 3, 0.5]' --grad --measure --cache-dir=%t 2>&1 | FileCheck %s --check-prefix=SITE
// SITE: rewind-run: error: out-of-bounds access in the tensor.extract at {{.*}}code-cache.mlir:[[# @LINE + 49]]:8
//
// Another request (other arguments to differentiate, no FMA) or another
// entry is other code.
// RUN: rewind-run %s --entry f --args '[[1, 2, 3], 2, 0.5]' --grad --wrt=0 --measure --cache-dir=%t 2>&1 >/dev/null | FileCheck %s --check-prefix=MISS
// RUN: rewind-run %s --entry f --args '[[1, 2, 3], 2, 0.5]' --grad --fp-contract=false --measure --cache-dir=%t 2>&1 >/dev/null | FileCheck %s --check-prefix=MISS
// RUN: rewind-run %s --entry g --args '[1.5]' --measure --cache-dir=%t 2>&1 >/dev/null | FileCheck %s --check-prefix=MISS
// RUN: ls %t | grep -c llvmcache- | FileCheck %s --check-prefix=FOUR
// FOUR: 4
//
// Damaged entries (a cut header, an object that does not link) are
// compiled again and replaced.
// RUN: %python %S/Inputs/damage_cache.py %t header
// RUN: rewind-run %s --entry f --args '[[1, 2, 3], 2, 0.5]' --grad --json --measure --cache-dir=%t 2>%t.err | FileCheck %s --check-prefix=OUT
// RUN: FileCheck %s --check-prefix=MISS < %t.err
// RUN: %python %S/Inputs/damage_cache.py %t object
// RUN: rewind-run %s --entry f --args '[[1, 2, 3], 2, 0.5]' --grad --json --measure --cache-dir=%t 2>%t.err | FileCheck %s --check-prefix=OUT
// RUN: FileCheck %s --check-prefix=MISS < %t.err
// RUN: rewind-run %s --entry f --args '[[1, 2, 3], 2, 0.5]' --grad --json --measure --cache-dir=%t 2>%t.err | FileCheck %s --check-prefix=OUT
// RUN: FileCheck %s --check-prefix=HIT < %t.err
// RUN: rewind-run %s --entry g --args '[1.5]' --json --cache-dir=%t | FileCheck %s --check-prefix=G
// A program without warnings is not even differentiated again.
// RUN: rewind-run %s --entry g --args '[1.5]' --grad --json --measure --cache-dir=%t 2>&1 >/dev/null | FileCheck %s --check-prefix=MISS
// RUN: rewind-run %s --entry g --args '[1.5]' --grad --json --measure --cache-dir=%t 2>%t.err | FileCheck %s --check-prefix=GRAD
// RUN: FileCheck %s --check-prefix=QUIET < %t.err
// GRAD: {"value": 2.25, "gradient": [3.0]}
// QUIET: measure: compile {{[0-9.]+}} ms (differentiate 0.0, lower 0.0, llvm {{[0-9.]+}}, cache hit), run
// G: 2.25
//
// The size limit (LLVM's cache policy syntax), applied when an entry is
// stored: least recently used first.
// RUN: env REWIND_CACHE_POLICY=prune_interval=0s:cache_size_files=1 rewind-run %s --entry g --args '[1.5]' --grad --fp-contract=false --cache-dir=%t > /dev/null
// RUN: ls %t | grep -c llvmcache- | FileCheck %s --check-prefix=ONE
// ONE: 1
// RUN: not env REWIND_CACHE_POLICY=bogus rewind-run %s --entry g --args '[1.5]' --cache-dir=%t 2>&1 | FileCheck %s --check-prefix=POLICY
// POLICY: rewind-run: error: REWIND_CACHE_POLICY: bad code cache policy 'bogus': Unknown key: 'bogus'{{$}}
//
// The environment chooses the directory (on by default); REWIND_CACHE=off,
// --cache=false and --emit (the cache keeps no IR) leave it alone.
// RUN: env REWIND_CACHE=on REWIND_CACHE_DIR=%t/env rewind-run %s --entry g --args '[1.5]' > /dev/null
// RUN: ls %t/env | grep -c llvmcache- | FileCheck %s --check-prefix=ONE
// RUN: env REWIND_CACHE=off REWIND_CACHE_DIR=%t/off rewind-run %s --entry g --args '[1.5]' --measure 2>&1 >/dev/null | FileCheck %s --check-prefix=OFF
// RUN: rewind-run %s --entry g --args '[1.5]' --measure --cache=false --cache-dir=%t/off 2>&1 >/dev/null | FileCheck %s --check-prefix=OFF
// OFF: llvm {{[0-9.]+}}), run
// RUN: rewind-run %s --entry g --emit=llvm --cache-dir=%t/off | FileCheck %s --check-prefix=EMIT
// EMIT: define {{.*}}@_mlir_ciface___rewind_primal
// RUN: not ls %t/off

func.func @f(%x: tensor<3xf64>, %i: index, %unused: f64) -> f64 {
  %v = tensor.extract %x[%i] : tensor<3xf64>
  %r = arith.mulf %v, %v : f64
  return %r : f64
}

func.func @g(%x: f64) -> f64 {
  %r = arith.mulf %x, %x : f64
  return %r : f64
}
