// Vector math at sites that run few times per call is outlined
// (rewind-outline-math): each site calls one shared, noinline copy of the
// polynomial. The values and gradients are those of the inline code,
// checked against finite differences.
// RUN: rewind-run %s --entry f --args '[[-2.5, -2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0]]' --grad --check --check-tolerance=1e-7 | FileCheck %s
// CHECK: value: f64 = 10.61597827746309{{[0-9]}}
// CHECK: check: max relative error
// RUN: rewind-run %s --entry f --grad --emit=llvm | FileCheck %s --check-prefix=IR
// IR: call fastcc <{{[0-9]+}} x double> @__rewind_math_sin(
// IR: call fastcc <{{[0-9]+}} x double> @__rewind_math_sin(
// IR: define internal fastcc <{{[0-9]+}} x double> @__rewind_math_sin({{.*}}) {{.*}}#[[ATTRS:[0-9]+]] {
// IR: attributes #[[ATTRS]] = { {{.*}}noinline

func.func @f(%x: tensor<16xf64>) -> f64 {
  %s = math.sin %x : tensor<16xf64>
  %ss = math.sin %s : tensor<16xf64>
  %e = math.exp %ss : tensor<16xf64>
  %t = math.tanh %e : tensor<16xf64>
  %init = arith.constant dense<0.0> : tensor<f64>
  %sum = linalg.reduce ins(%t : tensor<16xf64>) outs(%init : tensor<f64>) dimensions = [0]
    (%in: f64, %acc: f64) {
      %a = arith.addf %in, %acc : f64
      linalg.yield %a : f64
    }
  %r = tensor.extract %sum[] : tensor<f64>
  return %r : f64
}
