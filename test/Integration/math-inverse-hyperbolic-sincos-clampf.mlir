// asinh, acosh, atanh, sincos (one or both results used) and clampf (the
// derivative goes to the value inside [lo, hi], to lo below, to hi above),
// checked by central finite differences, f64 and f32, scalars and tensors.
// RUN: rewind-run %s --entry hyp --args '[0.7, 1.9, -0.4]' --grad --check --check-tolerance=1e-8 | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry hyp32 --args '[0.7, 1.9, -0.4]' --grad --check --check-tolerance=2e-3 | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry sc --args '[0.8]' --grad --check --check-tolerance=1e-8 | FileCheck %s --check-prefix=FD
// RUN: rewind-run %s --entry sinonly --args '[0.8]' --grad --json | FileCheck %s --check-prefix=SIN
// SIN: "gradient": [0.6967067093471654]
// Inside, below and above [lo, hi] = [-1, 2]:
// RUN: rewind-run %s --entry clamp --args '[0.5, -1, 2]' --grad --json | FileCheck %s --check-prefix=IN
// IN: {"value": 0.75, "gradient": [1.5, 0.0, 0.0]}
// RUN: rewind-run %s --entry clamp --args '[-3, -1, 2]' --grad --json | FileCheck %s --check-prefix=BELOW
// BELOW: {"value": -1.5, "gradient": [0.0, 1.5, 0.0]}
// RUN: rewind-run %s --entry clamp --args '[5, -1, 2]' --grad --json | FileCheck %s --check-prefix=ABOVE
// ABOVE: {"value": 3.0, "gradient": [0.0, 0.0, 1.5]}
// Tensors (elementwise on tensor<?xf32>), vectorized and not:
// RUN: rewind-run %s --entry clampt --args '[[-3, 0.5, 1.5, 7, 0.25, -0.5, 3, 1, 0, 2.5, -2, 1.75, 0.1, 4, -4, 0.9, 1.1], 0, 1.5]' --grad --json | FileCheck %s --check-prefix=T
// RUN: rewind-run %s --entry clampt --args '[[-3, 0.5, 1.5, 7, 0.25, -0.5, 3, 1, 0, 2.5, -2, 1.75, 0.1, 4, -4, 0.9, 1.1], 0, 1.5]' --grad --json --vectorize=false | FileCheck %s --check-prefix=T
// T: "gradient": {{\[\[}}0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0], 4.0, 5.0]
// FD: check: max relative error

func.func @hyp(%x: f64, %y: f64, %z: f64) -> f64 {
  %a = math.asinh %x : f64
  %b = math.acosh %y : f64
  %c = math.atanh %z : f64
  %ab = arith.mulf %a, %b : f64
  %r = arith.addf %ab, %c : f64
  return %r : f64
}

func.func @hyp32(%x: f32, %y: f32, %z: f32) -> f32 {
  %a = math.asinh %x : f32
  %b = math.acosh %y : f32
  %c = math.atanh %z : f32
  %ab = arith.mulf %a, %b : f32
  %r = arith.addf %ab, %c : f32
  return %r : f32
}

func.func @sc(%x: f64) -> f64 {
  %s, %c = math.sincos %x : f64
  %p = arith.mulf %s, %c : f64
  %r = arith.addf %p, %c : f64
  return %r : f64
}

// Only the sine is used: d/dx = cos(0.8).
func.func @sinonly(%x: f64) -> f64 {
  %s, %c = math.sincos %x : f64
  return %s : f64
}

func.func @clamp(%x: f64, %lo: f64, %hi: f64) -> f64 {
  %c = math.clampf %x to [%lo, %hi] : f64
  %k = arith.constant 1.5 : f64
  %r = arith.mulf %c, %k : f64
  return %r : f64
}

func.func @clampt(%x: tensor<?xf32>, %lo: f32, %hi: f32) -> f32 {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf32>
  %e = tensor.empty(%n) : tensor<?xf32>
  %los = linalg.fill ins(%lo : f32) outs(%e : tensor<?xf32>) -> tensor<?xf32>
  %his = linalg.fill ins(%hi : f32) outs(%e : tensor<?xf32>) -> tensor<?xf32>
  %c = math.clampf %x to [%los, %his] : tensor<?xf32>
  %z = arith.constant 0.0 : f32
  %init = tensor.from_elements %z : tensor<f32>
  %s = linalg.reduce ins(%c : tensor<?xf32>) outs(%init : tensor<f32>) dimensions = [0]
    (%in: f32, %acc: f32) {
      %t = arith.addf %in, %acc : f32
      linalg.yield %t : f32
    }
  %r = tensor.extract %s[] : tensor<f32>
  return %r : f32
}
