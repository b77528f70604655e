// RUN: rewind-opt %s --rewind-lower-tape | FileCheck %s

// rewind-lower-tape: each stack becomes a memref<?xT> buffer plus stack slots
// (memref.alloca at the function entry) holding the buffer, the element count
// and the capacity. The runtime chooses (and checks) every capacity: a size
// in bytes that overflows, or a tape over the call's limit, is a clean error
// naming the stack's site. A push stores at the count and increments it; a
// pop decrements it and loads; stack_destroy tells the runtime and frees the
// buffer.

// CHECK-LABEL: module attributes {rewind.runtime_sites = [
// CHECK-SAME: "the tape of the loop at {{.*}}lower-tape.mlir:[[@LINE+44]]:8"

// A fixed capacity: one allocation of that size, no growth check.
// CHECK-LABEL: func.func @fixed
// CHECK-SAME: (%[[N:.*]]: index, %[[X:.*]]: f64) -> f64
// CHECK-NEXT: %[[BUFSLOT:.*]] = memref.alloca() : memref<memref<?xf64>>
// CHECK-NEXT: %[[SIZE:.*]] = memref.alloca() : memref<index>
// CHECK-NEXT: %[[CAPSLOT:.*]] = memref.alloca() : memref<index>
// CHECK-NEXT: %[[BYTES:.*]] = arith.constant 8 : i64
// CHECK-NEXT: %[[SITE:.*]] = arith.constant 0 : i64
// CHECK-NEXT: %[[NONE:.*]] = arith.constant 0 : i64
// CHECK-NEXT: %[[BYTES2:.*]] = arith.constant 8 : i64
// CHECK-NEXT: %[[N64:.*]] = arith.index_cast %[[N]] : index to i64
// CHECK-NEXT: %[[CAP64:.*]] = call @__rewind_tape_capacity(%[[SITE]], %[[NONE]], %[[N64]], %[[BYTES2]]) : (i64, i64, i64, i64) -> i64
// CHECK-NEXT: %[[CAP:.*]] = arith.index_cast %[[CAP64]] : i64 to index
// CHECK-NEXT: %[[BUF:.*]] = memref.alloc(%[[CAP]]) : memref<?xf64>
// CHECK-NEXT: memref.store %[[BUF]], %[[BUFSLOT]][] : memref<memref<?xf64>>
// CHECK-NEXT: %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT: memref.store %[[C0]], %[[SIZE]][] : memref<index>
// CHECK-NEXT: memref.store %[[CAP]], %[[CAPSLOT]][] : memref<index>
// push:
// CHECK-NEXT: %[[S0:.*]] = memref.load %[[SIZE]][] : memref<index>
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1 : index
// CHECK-NEXT: %[[S1:.*]] = arith.addi %[[S0]], %[[ONE]] : index
// CHECK-NEXT: %[[B0:.*]] = memref.load %[[BUFSLOT]][] : memref<memref<?xf64>>
// CHECK-NEXT: memref.store %[[X]], %[[B0]][%[[S0]]] : memref<?xf64>
// CHECK-NEXT: memref.store %[[S1]], %[[SIZE]][] : memref<index>
// pop:
// CHECK-NEXT: %[[S2:.*]] = memref.load %[[SIZE]][] : memref<index>
// CHECK-NEXT: %[[ONE2:.*]] = arith.constant 1 : index
// CHECK-NEXT: %[[TOP:.*]] = arith.subi %[[S2]], %[[ONE2]] : index
// CHECK-NEXT: %[[B1:.*]] = memref.load %[[BUFSLOT]][] : memref<memref<?xf64>>
// CHECK-NEXT: %[[V:.*]] = memref.load %[[B1]][%[[TOP]]] : memref<?xf64>
// CHECK-NEXT: memref.store %[[TOP]], %[[SIZE]][] : memref<index>
// destroy:
// CHECK-NEXT: %[[CAPNOW:.*]] = memref.load %[[CAPSLOT]][] : memref<index>
// CHECK-NEXT: %[[SITE2:.*]] = arith.constant 0 : i64
// CHECK-NEXT: %[[CAPNOW64:.*]] = arith.index_cast %[[CAPNOW]] : index to i64
// CHECK-NEXT: call @__rewind_tape_release(%[[SITE2]], %[[CAPNOW64]], %[[BYTES]]) : (i64, i64, i64) -> ()
// CHECK-NEXT: %[[B2:.*]] = memref.load %[[BUFSLOT]][] : memref<memref<?xf64>>
// CHECK-NEXT: memref.dealloc %[[B2]] : memref<?xf64>
// CHECK-NEXT: return %[[V]] : f64
// CHECK-NOT: tape.
func.func @fixed(%n: index, %x: f64) -> f64 {
  %s = tape.stack_create capacity %n : !tape.stack<f64>
  tape.push %s, %x : !tape.stack<f64>, f64
  %y = tape.pop %s : !tape.stack<f64>
  tape.stack_destroy %s : !tape.stack<f64>
  return %y : f64
}

// Growable: 64 elements to start with; a push that finds the buffer full
// asks the runtime for a new capacity (at least double) and reallocates.
// CHECK-LABEL: func.func @growable
// CHECK-SAME: (%[[X:.*]]: i1) -> i1
// CHECK-NEXT: %[[BUFSLOT:.*]] = memref.alloca() : memref<memref<?xi1>>
// CHECK-NEXT: %[[SIZE:.*]] = memref.alloca() : memref<index>
// CHECK-NEXT: %[[CAPSLOT:.*]] = memref.alloca() : memref<index>
// CHECK-NEXT: %[[BYTES:.*]] = arith.constant 1 : i64
// CHECK-NEXT: %[[C64:.*]] = arith.constant 64 : index
// CHECK: %[[FIRST:.*]] = call @__rewind_tape_capacity({{.*}}, %[[BYTES]])
// CHECK-NEXT: %[[CAP0:.*]] = arith.index_cast %[[FIRST]] : i64 to index
// CHECK-NEXT: %[[BUF:.*]] = memref.alloc(%[[CAP0]]) : memref<?xi1>
// CHECK-NEXT: memref.store %[[BUF]], %[[BUFSLOT]][] : memref<memref<?xi1>>
// CHECK-NEXT: %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT: memref.store %[[C0]], %[[SIZE]][] : memref<index>
// CHECK-NEXT: memref.store %[[CAP0]], %[[CAPSLOT]][] : memref<index>
// push:
// CHECK-NEXT: %[[S0:.*]] = memref.load %[[SIZE]][] : memref<index>
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1 : index
// CHECK-NEXT: %[[S1:.*]] = arith.addi %[[S0]], %[[ONE]] : index
// CHECK-NEXT: %[[CAP:.*]] = memref.load %[[CAPSLOT]][] : memref<index>
// CHECK-NEXT: %[[FULL:.*]] = arith.cmpi ugt, %[[S1]], %[[CAP]] : index
// CHECK-NEXT: scf.if %[[FULL]] {
// CHECK-NEXT: %[[SITE:.*]] = arith.constant 1 : i64
// CHECK-NEXT: %[[CAP64:.*]] = arith.index_cast %[[CAP]] : index to i64
// CHECK-NEXT: %[[S164:.*]] = arith.index_cast %[[S1]] : index to i64
// CHECK-NEXT: %[[GROWN:.*]] = func.call @__rewind_tape_capacity(%[[SITE]], %[[CAP64]], %[[S164]], %[[BYTES]])
// CHECK-NEXT: %[[NEWCAP:.*]] = arith.index_cast %[[GROWN]] : i64 to index
// CHECK-NEXT: %[[OLD:.*]] = memref.load %[[BUFSLOT]][] : memref<memref<?xi1>>
// CHECK-NEXT: %[[NEW:.*]] = memref.realloc %[[OLD]](%[[NEWCAP]]) : memref<?xi1> to memref<?xi1>
// CHECK-NEXT: memref.store %[[NEW]], %[[BUFSLOT]][] : memref<memref<?xi1>>
// CHECK-NEXT: memref.store %[[NEWCAP]], %[[CAPSLOT]][] : memref<index>
// CHECK-NEXT: }
// CHECK-NEXT: %[[B0:.*]] = memref.load %[[BUFSLOT]][] : memref<memref<?xi1>>
// CHECK-NEXT: memref.store %[[X]], %[[B0]][%[[S0]]] : memref<?xi1>
// CHECK-NEXT: memref.store %[[S1]], %[[SIZE]][] : memref<index>
// pop:
// CHECK-NEXT: %[[S2:.*]] = memref.load %[[SIZE]][] : memref<index>
// CHECK-NEXT: %[[ONE2:.*]] = arith.constant 1 : index
// CHECK-NEXT: %[[TOP:.*]] = arith.subi %[[S2]], %[[ONE2]] : index
// CHECK-NEXT: %[[B1:.*]] = memref.load %[[BUFSLOT]][] : memref<memref<?xi1>>
// CHECK-NEXT: %[[V:.*]] = memref.load %[[B1]][%[[TOP]]] : memref<?xi1>
// CHECK-NEXT: memref.store %[[TOP]], %[[SIZE]][] : memref<index>
// CHECK: call @__rewind_tape_release
// CHECK-NEXT: %[[B2:.*]] = memref.load %[[BUFSLOT]][] : memref<memref<?xi1>>
// CHECK-NEXT: memref.dealloc %[[B2]] : memref<?xi1>
// CHECK-NEXT: return %[[V]] : i1
func.func @growable(%b: i1) -> i1 {
  %s = tape.stack_create : !tape.stack<i1>
  tape.push %s, %b : !tape.stack<i1>, i1
  %y = tape.pop %s : !tape.stack<i1>
  tape.stack_destroy %s : !tape.stack<i1>
  return %y : i1
}

// Pushes inside a loop and pops in a reverse loop, as rewind-reverse-mode
// produces them; each stack gets its own slots, allocated at the function
// entry even when the stack is created later. Stacks of one capacity,
// created and destroyed in one block, share one allocation: entries of
// 8 + 4 bytes, the index stack first (the wider elements), then the f32
// stack at 8 bytes per entry; one release and one free.
// CHECK-LABEL: func.func @loops
// CHECK-SAME: (%[[X:.*]]: f32, %[[I:.*]]: index, %[[N:.*]]: index) -> f32
// CHECK-DAG: %[[FBUF:.*]] = memref.alloca() : memref<memref<?xf32>>
// CHECK-DAG: %[[IBUF:.*]] = memref.alloca() : memref<memref<?xindex>>
// CHECK: %[[ENTRY:.*]] = arith.constant 12 : i64
// CHECK: %[[CAP64:.*]] = call @__rewind_tape_capacity(%{{.*}}, %{{.*}}, %{{.*}}, %[[ENTRY]])
// CHECK: %[[CAP:.*]] = arith.index_cast %[[CAP64]] : i64 to index
// CHECK: %[[C12:.*]] = arith.constant 12 : index
// CHECK: %[[BYTES:.*]] = arith.muli %[[CAP]], %[[C12]] : index
// CHECK: %[[BASE:.*]] = memref.alloc(%[[BYTES]]) : memref<?xi8>
// CHECK: %[[ZERO:.*]] = arith.constant 0 : index
// CHECK: memref.view %[[BASE]][%[[ZERO]]][%{{.*}}] : memref<?xi8> to memref<?xindex>
// CHECK: %[[C8:.*]] = arith.constant 8 : index
// CHECK: %[[AFTER:.*]] = arith.muli %[[CAP]], %[[C8]] : index
// CHECK: %[[OFFSET:.*]] = arith.addi %[[ZERO]], %[[AFTER]] : index
// CHECK: memref.view %[[BASE]][%[[OFFSET]]][%{{.*}}] : memref<?xi8> to memref<?xf32>
// CHECK-NOT: memref.alloc(
// CHECK: scf.for
// CHECK: memref.store %[[X]], %{{.*}}[%{{.*}}] : memref<?xf32>
// CHECK: memref.store %[[I]], %{{.*}}[%{{.*}}] : memref<?xindex>
// CHECK: scf.for
// CHECK: memref.load %{{.*}}[%{{.*}}] : memref<?xindex>
// CHECK: memref.load %{{.*}}[%{{.*}}] : memref<?xf32>
// CHECK: scf.yield
// CHECK: call @__rewind_tape_release(%{{.*}}, %[[CAP64]], %{{.*}})
// CHECK-NEXT: memref.dealloc %[[BASE]] : memref<?xi8>
// CHECK-NOT: memref.dealloc
// CHECK: return
func.func @loops(%x: f32, %i: index, %n: index) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %s = tape.stack_create capacity %n : !tape.stack<f32>
  %t = tape.stack_create capacity %n : !tape.stack<index>
  scf.for %k = %c0 to %n step %c1 {
    tape.push %s, %x : !tape.stack<f32>, f32
    tape.push %t, %i : !tape.stack<index>, index
  }
  %r = scf.for %k = %c0 to %n step %c1 iter_args(%acc = %zero) -> (f32) {
    %j = tape.pop %t : !tape.stack<index>
    %v = tape.pop %s : !tape.stack<f32>
    %a = arith.addf %acc, %v : f32
    scf.yield %a : f32
  }
  tape.stack_destroy %s : !tape.stack<f32>
  tape.stack_destroy %t : !tape.stack<index>
  return %r : f32
}

// A stack of tensors stores their elements one after the other in a flat,
// growable buffer: a push copies the tensor's buffer into a view at the
// count, a pop_into copies the top elements out.
// CHECK-LABEL: func.func @tensors
// CHECK-SAME: (%[[M:.*]]: memref<2x3xf32>, %[[OUT:.*]]: memref<2x3xf32>, %[[N:.*]]: index)
// The runtime counts whole tensors of 24 bytes: the count of elements
// cannot overflow then.
// CHECK: %[[ENTRY:.*]] = arith.constant 24 : i64
// CHECK: %[[N64:.*]] = arith.index_cast %[[N]] : index to i64
// CHECK: %[[TENSORS:.*]] = call @__rewind_tape_capacity(%{{.*}}, %{{.*}}, %[[N64]], %[[ENTRY]])
// CHECK: %[[T:.*]] = arith.index_cast %[[TENSORS]] : i64 to index
// CHECK: %[[C6:.*]] = arith.constant 6 : index
// CHECK: %[[CAP:.*]] = arith.muli %[[T]], %[[C6]] : index
// CHECK: memref.alloc(%[[CAP]]) : memref<?xf32>
// push:
// CHECK: %[[VIEW:.*]] = memref.reinterpret_cast %{{.*}} to offset: [%{{.*}}], sizes: [2, 3], strides: [3, 1] : memref<?xf32> to memref<2x3xf32, strided<[3, 1], offset: ?>>
// CHECK: memref.copy %[[M]], %[[VIEW]] : memref<2x3xf32> to memref<2x3xf32, strided<[3, 1], offset: ?>>
// pop_into:
// CHECK: %[[TOP:.*]] = arith.subi
// CHECK: %[[VIEW2:.*]] = memref.reinterpret_cast %{{.*}} to offset: [%[[TOP]]], sizes: [2, 3], strides: [3, 1]
// CHECK: memref.copy %[[VIEW2]], %[[OUT]]
// CHECK: memref.dealloc
func.func @tensors(%m: memref<2x3xf32>, %out: memref<2x3xf32>, %n: index) {
  %s = tape.stack_create capacity %n : !tape.stack<tensor<2x3xf32>>
  tape.push %s, %m : !tape.stack<tensor<2x3xf32>>, memref<2x3xf32>
  tape.pop_into %s, %out : !tape.stack<tensor<2x3xf32>>, memref<2x3xf32>
  tape.stack_destroy %s : !tape.stack<tensor<2x3xf32>>
  return
}

// A tensor of dynamic size (a loop-carried one, with a strided layout) is
// copied by a linalg.copy, loops the vectorizer and LLVM handle: memref.copy
// would be a runtime call copying element by element.
// CHECK-LABEL: func.func @dynamic_tensors
// CHECK-SAME: (%[[D:.*]]: memref<?xf64, strided<[?], offset: ?>>, %[[DOUT:.*]]: memref<?xf64>, %{{.*}}: index)
// CHECK: %[[DVIEW:.*]] = memref.reinterpret_cast
// CHECK: linalg.copy ins(%[[D]] : memref<?xf64, strided<[?], offset: ?>>) outs(%[[DVIEW]] :
// CHECK: %[[DVIEW2:.*]] = memref.reinterpret_cast
// CHECK: linalg.copy ins(%[[DVIEW2]] : {{.*}}) outs(%[[DOUT]] : memref<?xf64>)
// CHECK-NOT: memref.copy
// CHECK: return
func.func @dynamic_tensors(%m: memref<?xf64, strided<[?], offset: ?>>, %out: memref<?xf64>, %n: index) {
  %s = tape.stack_create capacity %n : !tape.stack<tensor<?xf64>>
  tape.push %s, %m : !tape.stack<tensor<?xf64>>, memref<?xf64, strided<[?], offset: ?>>
  tape.pop_into %s, %out : !tape.stack<tensor<?xf64>>, memref<?xf64>
  tape.stack_destroy %s : !tape.stack<tensor<?xf64>>
  return
}

// Inside a region each OpenMP thread runs (omp.parallel, an automatic
// allocation scope), the slots go to the start of that region: every
// thread keeps its own buffer and count.
// CHECK-LABEL: func.func @per_thread
// CHECK-NEXT:    omp.parallel {
// CHECK-NEXT:      memref.alloca() : memref<memref<?xf64>>
// CHECK-NEXT:      memref.alloca() : memref<index>
// CHECK-NEXT:      memref.alloca() : memref<index>
// CHECK:           omp.terminator
func.func @per_thread(%n: index, %x: f64) {
  omp.parallel {
    %s = tape.stack_create capacity %n : !tape.stack<f64>
    tape.push %s, %x : !tape.stack<f64>, f64
    tape.stack_destroy %s : !tape.stack<f64>
    omp.terminator
  }
  return
}
