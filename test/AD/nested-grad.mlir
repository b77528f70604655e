// Differentiating a function that itself differentiates (second derivatives),
// whatever the order the functions appear in.
// RUN: rewind-run %s --entry second --args '[0.7]' --json | FileCheck %s
// RUN: rewind-run %s --entry second_grad --args '[0.7]' --grad --check --check-tolerance=1e-6 | FileCheck %s --check-prefix=CHECK3

func.func @g(%x: f64) -> f64 {
  %b = math.sin %x : f64
  return %b : f64
}
func.func @first(%p: f64) -> f64 {
  %d = tape.grad @g(%p) : (f64) -> f64
  return %d : f64
}
// d^2/dp^2 sin(p) = -sin(p) = -0.644217687237691 at 0.7
// CHECK: {"value": -0.64421768723769{{[0-9]*}}}
func.func @second(%p: f64) -> f64 {
  %d = tape.grad @first(%p) : (f64) -> f64
  return %d : f64
}
// The third derivative, -cos(0.7) = -0.7648421872844885, checked against
// finite differences of the second.
// CHECK3: gradient #0: f64 = -0.76484218728448{{[0-9]*}}
// CHECK3: check: max relative error
func.func @second_grad(%p: f64) -> f64 {
  %d = func.call @second(%p) : (f64) -> f64
  return %d : f64
}
