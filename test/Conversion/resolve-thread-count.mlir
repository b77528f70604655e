// RUN: rewind-opt %s --rewind-resolve-thread-count=threads=3 | FileCheck %s
// RUN: rewind-opt %s --rewind-resolve-thread-count | FileCheck %s --check-prefix=ONE
// RUN: not rewind-opt %s --rewind-resolve-thread-count=threads=0 2>&1 | FileCheck %s --check-prefix=BAD

// tape.thread_count becomes the lowering's thread count (1 by default).
// CHECK-LABEL: func.func @chunks
// CHECK-NEXT:    %[[C:.*]] = arith.constant 3 : index
// CHECK-NEXT:    return %[[C]] : index
// ONE:           arith.constant 1 : index
// BAD: threads must be at least 1
func.func @chunks() -> index {
  %t = tape.thread_count : index
  return %t : index
}
