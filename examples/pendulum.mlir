// A damped pendulum integrated with semi-implicit Euler for 1000 steps.
// energy_after(theta0, omega0, length) is its mechanical energy at the end;
// Rewind returns d(energy)/d(theta0, omega0, length).
//
//   rewind-run examples/pendulum.mlir --entry energy_after \
//       --args '[0.8, 0.0, 1.5]' --grad --check

func.func @acceleration(%theta: f64, %omega: f64, %length: f64) -> f64 {
  %g = arith.constant 9.81 : f64
  %damping = arith.constant 0.05 : f64
  %s = math.sin %theta : f64
  %gl = arith.divf %g, %length : f64
  %a = arith.mulf %gl, %s : f64
  %d = arith.mulf %damping, %omega : f64
  %sum = arith.addf %a, %d : f64
  %acc = arith.negf %sum : f64
  return %acc : f64
}

func.func @energy_after(%theta0: f64, %omega0: f64, %length: f64) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %steps = arith.constant 1000 : index
  %dt = arith.constant 0.001 : f64
  %final:2 = scf.for %i = %c0 to %steps step %c1
      iter_args(%theta = %theta0, %omega = %omega0) -> (f64, f64) {
    %acc = func.call @acceleration(%theta, %omega, %length)
        : (f64, f64, f64) -> f64
    %dv = arith.mulf %acc, %dt : f64
    %omega1 = arith.addf %omega, %dv : f64
    %dx = arith.mulf %omega1, %dt : f64
    %theta1 = arith.addf %theta, %dx : f64
    scf.yield %theta1, %omega1 : f64, f64
  }
  // E = 1/2 l^2 omega^2 + g l (1 - cos theta)
  %half = arith.constant 0.5 : f64
  %one = arith.constant 1.0 : f64
  %g = arith.constant 9.81 : f64
  %l2 = arith.mulf %length, %length : f64
  %w2 = arith.mulf %final#1, %final#1 : f64
  %k0 = arith.mulf %l2, %w2 : f64
  %kinetic = arith.mulf %half, %k0 : f64
  %c = math.cos %final#0 : f64
  %h = arith.subf %one, %c : f64
  %gl = arith.mulf %g, %length : f64
  %potential = arith.mulf %gl, %h : f64
  %energy = arith.addf %kinetic, %potential : f64
  return %energy : f64
}
