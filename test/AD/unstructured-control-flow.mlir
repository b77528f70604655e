// RUN: rewind-opt %s --rewind-reverse-mode -split-input-file -verify-diagnostics

// Only single-block functions (structured control flow) can be
// differentiated.

// expected-error @+1 {{cannot differentiate @f: only single-block functions (structured control flow) are supported}}
func.func @f(%x: f64) -> f64 {
  %zero = arith.constant 0.0 : f64
  %c = arith.cmpf ogt, %x, %zero : f64
  cf.cond_br %c, ^pos, ^neg
^pos:
  return %x : f64
^neg:
  %n = arith.negf %x : f64
  return %n : f64
}
func.func @main(%a: f64) -> f64 {
  %0 = tape.grad @f(%a) : (f64) -> f64
  return %0 : f64
}

// -----

// Also when the multi-block function is only reached through a call.
// expected-error @+1 {{cannot differentiate @g: only single-block functions (structured control flow) are supported}}
func.func @g(%x: f64) -> f64 {
  cf.br ^next
^next:
  return %x : f64
}
func.func @f(%x: f64) -> f64 {
  %0 = func.call @g(%x) : (f64) -> f64
  return %0 : f64
}
func.func @main(%a: f64) -> f64 {
  %0 = tape.grad @f(%a) : (f64) -> f64
  return %0 : f64
}
