#!/usr/bin/env python3
"""Writes GradBench's nested-derivative evals as MLIR: saddle.mlir and
particle.mlir (and the gradient-descent loops they share). GradBench asks for the same solver in
four variants (the outer and the inner derivative each forward or reverse
mode), and MLIR has no functions as values, so each variant's loops are
spelled out from one template here; every derivative in them is a Rewind
request (tape.grad, or tape.jvp along each unit vector).

  benchmarks/gradbench/nested.py    # rewrites saddle.mlir and particle.mlir
"""

import os

HERE = os.path.dirname(os.path.abspath(__file__))
F = "f64"


def args(names):
    return ", ".join(f"%{n}: {F}" for n in names)


def uses(names):
    return ", ".join(f"%{n}" for n in names)


def types(k):
    return ", ".join([F] * k)


def gradient(mode, fn, xs, params, prefix):
    """The MLIR lines computing the gradient of @fn(xs, params) w.r.t. xs
    with `mode` 'r' (one tape.grad) or 'f' (one tape.jvp per unit vector),
    and the names of its components."""
    n, total = len(xs), len(xs) + len(params)
    call = uses(xs + params)
    if mode == "r":
        return [f"%{prefix}g:{n} = tape.grad @{fn}({call}) wrt "
                f"[{', '.join(str(i) for i in range(n))}] : ({types(total)}) -> ({types(n)})"
                ], [f"%{prefix}g#{i}" for i in range(n)]
    lines = []
    for i in range(n):
        tangents = ", ".join("%one" if j == i else "%zero" for j in range(n))
        lines.append(f"%{prefix}v{i}, %{prefix}g{i} = tape.jvp @{fn}({call}) "
                     f"tangents({tangents}) wrt [{', '.join(str(j) for j in range(n))}] : "
                     f"({types(total)}), ({types(n)}) -> {F}, {F}")
    return lines, [f"%{prefix}g{i}" for i in range(n)]


def argmin(name, mode, fn, n, params):
    """@name(x0.., params..) -> (x..): GradBench's multivariate_argmin
    (cpp/gradbench/gd.hpp) of @fn over its first n arguments."""
    xs = [f"x{i}" for i in range(n)]
    body = []
    b = body.append
    b(f"func.func private @{name}({args(xs + params)}) -> ({types(n)}) {{")
    b(f"  %zero = arith.constant 0.0 : {F}")
    b(f"  %one = arith.constant 1.0 : {F}")
    b(f"  %two = arith.constant 2.0 : {F}")
    b(f"  %tol = arith.constant 1.0e-5 : {F}")
    b("  %i0 = arith.constant 0 : i64")
    b("  %i1 = arith.constant 1 : i64")
    b("  %i10 = arith.constant 10 : i64")
    b("  %false = arith.constant false")
    b("  %true = arith.constant true")
    b(f"  %fx0 = func.call @{fn}({uses(xs + params)}) : ({types(n + len(params))}) -> {F}")
    lines, start = gradient(mode, fn, xs, params, "s")
    body.extend("  " + l for l in lines)
    state = ([f"cx{i}" for i in range(n)] + ["cfx"] +
             [f"cg{i}" for i in range(n)] + ["ci", "ceta", "cdone"])
    state_types = [F] * (2 * n + 1) + ["i64", F, "i1"]
    st = ", ".join(state_types)
    inits = ([f"%{x}" for x in xs] + ["%fx0"] + start
             + ["%i0", "%tol", "%false"])
    names = [f"w{k}" for k in range(len(state))]
    b(f"  %r:{len(state)} = scf.while ({', '.join(f'%{a} = {v}' for a, v in zip(names, inits))}) "
      f": ({st}) -> ({st}) {{")
    b("    %go = arith.xori %w" + str(len(state) - 1) + ", %true : i1")
    b(f"    scf.condition(%go) {uses(names)} : {st}")
    b("  } do {")
    b(f"  ^bb0({', '.join(f'%{s}: {t}' for s, t in zip(state, state_types))}):")
    inner = []
    c = inner.append
    # |g| <= tol: done
    sq = [f"%q{i}" for i in range(n)]
    for i in range(n):
        c(f"{sq[i]} = arith.mulf %cg{i}, %cg{i} : {F}")
    acc = sq[0]
    for i in range(1, n):
        c(f"%qs{i} = arith.addf {acc}, {sq[i]} : {F}")
        acc = f"%qs{i}"
    c(f"%mag = math.sqrt {acc} : {F}")
    c(f"%small = arith.cmpf ole, %mag, %tol : {F}")
    c("%ten = arith.cmpi eq, %ci, %i10 : i64")
    c(f"%n:{len(state)} = scf.if %small -> ({st}) {{")
    c(f"  scf.yield {uses(state[:-1])}, %true : {st}")
    c("} else {")
    c(f"  %m:{len(state)} = scf.if %ten -> ({st}) {{")
    c(f"    %eta2 = arith.mulf %ceta, %two : {F}")
    c(f"    scf.yield {uses(state[:-3])}, %i0, %eta2, %cdone : {st}")
    c("  } else {")
    for i in range(n):
        c(f"    %step{i} = arith.mulf %ceta, %cg{i} : {F}")
        c(f"    %y{i} = arith.subf %cx{i}, %step{i} : {F}")
        c(f"    %d{i} = arith.subf %cx{i}, %y{i} : {F}")
        c(f"    %dd{i} = arith.mulf %d{i}, %d{i} : {F}")
    acc = "%dd0"
    for i in range(1, n):
        c(f"    %ds{i} = arith.addf {acc}, %dd{i} : {F}")
        acc = f"%ds{i}"
    ys = [f"y{i}" for i in range(n)]
    c(f"    %dist = math.sqrt {acc} : {F}")
    c(f"    %near = arith.cmpf ole, %dist, %tol : {F}")
    c(f"    %k:{len(state)} = scf.if %near -> ({st}) {{")
    c(f"      scf.yield {uses(state[:-1])}, %true : {st}")
    c("    } else {")
    c(f"      %fy = func.call @{fn}({uses(ys + params)}) : ({types(n + len(params))}) -> {F}")
    c(f"      %better = arith.cmpf olt, %fy, %cfx : {F}")
    c(f"      %a:{len(state)} = scf.if %better -> ({st}) {{")
    lines, better = gradient(mode, fn, ys, params, "t")
    for l in lines:
        c("        " + l)
    c("        %inext = arith.addi %ci, %i1 : i64")
    c(f"        scf.yield {uses(ys)}, %fy, {', '.join(better)}, %inext, %ceta, %cdone : {st}")
    c("      } else {")
    c(f"        %half = arith.divf %ceta, %two : {F}")
    c(f"        scf.yield {uses(state[:-3])}, %i0, %half, %cdone : {st}")
    c("      }")
    c(f"      scf.yield {', '.join(f'%a#{k}' for k in range(len(state)))} : {st}")
    c("    }")
    c(f"    scf.yield {', '.join(f'%k#{k}' for k in range(len(state)))} : {st}")
    c("  }")
    c(f"  scf.yield {', '.join(f'%m#{k}' for k in range(len(state)))} : {st}")
    c("}")
    body.extend("    " + l for l in inner)
    b(f"    scf.yield {', '.join(f'%n#{k}' for k in range(len(state)))} : {st}")
    b("  }")
    b(f"  return {', '.join(f'%r#{k}' for k in range(n))} : {types(n)}")
    b("}")
    return "\n".join(body)


def saddle():
    out = ['''// GradBench saddle (generated by benchmarks/gradbench/nested.py; do not
// edit): min over x of max over y of f(x, y) = |x|^2 - |y|^2, both by
// GradBench's gradient descent (cpp/gradbench/gd.hpp), the outer one
// differentiating through the inner one (nested derivatives). @saddle_ab:
// a the outer derivative's mode, b the inner's (f forward: one tape.jvp per
// coordinate; r reverse: tape.grad). Returns x, then the y maximizing f(x, .).

// -f(y, x): the inner argmax is the argmin of -f over y.
func.func private @negf(%y0: f64, %y1: f64, %x0: f64, %x1: f64) -> f64 {
  %a = arith.mulf %x0, %x0 : f64
  %b = arith.mulf %x1, %x1 : f64
  %c = arith.mulf %y0, %y0 : f64
  %d = arith.mulf %y1, %y1 : f64
  %ab = arith.addf %a, %b : f64
  %cd = arith.addf %c, %d : f64
  %f = arith.subf %ab, %cd : f64
  %r = arith.negf %f : f64
  return %r : f64
}
''']
    for inner in "fr":
        out.append(argmin(f"argmax_{inner}", inner, "negf", 2, ["p0", "p1"]))
        out.append(f'''// max over y of f(x, y), from y = s.
func.func private @max_{inner}(%x0: f64, %x1: f64, %s0: f64, %s1: f64) -> f64 {{
  %y:2 = func.call @argmax_{inner}(%s0, %s1, %x0, %x1) : (f64, f64, f64, f64) -> (f64, f64)
  %m = func.call @negf(%y#0, %y#1, %x0, %x1) : (f64, f64, f64, f64) -> f64
  %r = arith.negf %m : f64
  return %r : f64
}}''')
    for outer in "fr":
        for inner in "fr":
            out.append(argmin(f"argmin_{outer}{inner}", outer, f"max_{inner}", 2,
                              ["s0", "s1"]))
            out.append(f'''func.func @saddle_{outer}{inner}(%s: tensor<2xf64>) -> tensor<4xf64> {{
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %s0 = tensor.extract %s[%c0] : tensor<2xf64>
  %s1 = tensor.extract %s[%c1] : tensor<2xf64>
  %x:2 = func.call @argmin_{outer}{inner}(%s0, %s1, %s0, %s1) : (f64, f64, f64, f64) -> (f64, f64)
  %y:2 = func.call @argmax_{outer}(%s0, %s1, %x#0, %x#1) : (f64, f64, f64, f64) -> (f64, f64)
  %r = tensor.from_elements %x#0, %x#1, %y#0, %y#1 : tensor<4xf64>
  return %r : tensor<4xf64>
}}''')
    with open(os.path.join(HERE, "saddle.mlir"), "w") as f:
        f.write("\n\n".join(out) + "\n")


PARTICLE = '''// GradBench particle (generated by benchmarks/gradbench/nested.py; do not
// edit): Pearlmutter and Siskind's charged particle. It starts at (0, 8)
// with velocity (0.75, 0) and is pushed by the negative gradient of the
// potential of two charges, at (10, 10 - w) and (10, 0), in Euler steps of
// 0.1 until it crosses y = 0; the objective is the square of where it
// crosses. @particle_ab finds the w minimizing it by GradBench's gradient
// descent: a the mode of the outer derivative (through the whole
// simulation), b that of the inner one (the potential's gradient at each
// step).

// The potential at (x0, x1): the sum of 1 / distance to each charge.
func.func private @potential(%x0: f64, %x1: f64, %w: f64) -> f64 {
  %ten = arith.constant 10.0 : f64
  %zero = arith.constant 0.0 : f64
  %one = arith.constant 1.0 : f64
  %cy = arith.subf %ten, %w : f64
  %a0 = arith.subf %ten, %x0 : f64
  %a1 = arith.subf %cy, %x1 : f64
  %b1 = arith.subf %zero, %x1 : f64
  %a00 = arith.mulf %a0, %a0 : f64
  %a11 = arith.mulf %a1, %a1 : f64
  %b11 = arith.mulf %b1, %b1 : f64
  %sa = arith.addf %a00, %a11 : f64
  %sb = arith.addf %a00, %b11 : f64
  %da = math.sqrt %sa : f64
  %db = math.sqrt %sb : f64
  %ia = arith.divf %one, %da : f64
  %ib = arith.divf %one, %db : f64
  %r = arith.addf %ia, %ib : f64
  return %r : f64
}
'''

CROSSING = '''// The square of where the particle crosses y = 0, for charges set by w.
func.func private @crossing_MODE(%w: f64) -> f64 {
  %zero = arith.constant 0.0 : f64
  %one = arith.constant 1.0 : f64
  %dt = arith.constant 0.1 : f64
  %eight = arith.constant 8.0 : f64
  %v0 = arith.constant 0.75 : f64
  %false = arith.constant false
  %true = arith.constant true
  %r:6 = scf.while (%p0 = %zero, %p1 = %eight, %q0 = %v0, %q1 = %zero, %o = %zero, %stop = %false)
      : (f64, f64, f64, f64, f64, i1) -> (f64, f64, f64, f64, f64, i1) {
    %go = arith.xori %stop, %true : i1
    scf.condition(%go) %p0, %p1, %q0, %q1, %o, %stop : f64, f64, f64, f64, f64, i1
  } do {
  ^bb0(%x0: f64, %x1: f64, %xd0: f64, %xd1: f64, %out: f64, %done: i1):
GRADIENT
    %s0 = arith.mulf %dt, %xd0 : f64
    %s1 = arith.mulf %dt, %xd1 : f64
    %n0 = arith.addf %x0, %s0 : f64
    %n1 = arith.addf %x1, %s1 : f64
    %hit = arith.cmpf ole, %n1, %zero : f64
    %next:6 = scf.if %hit -> (f64, f64, f64, f64, f64, i1) {
      %m1 = arith.negf %n1 : f64
      %dtf = arith.divf %m1, %xd1 : f64
      %e0 = arith.mulf %dtf, %xd0 : f64
      %f0 = arith.addf %n0, %e0 : f64
      %sq = arith.mulf %f0, %f0 : f64
      scf.yield %n0, %n1, %xd0, %xd1, %sq, %true : f64, f64, f64, f64, f64, i1
    } else {
      // xdot += dt * (-gradient)
      %g0 = arith.mulf %dt, GRAD0 : f64
      %g1 = arith.mulf %dt, GRAD1 : f64
      %u0 = arith.subf %xd0, %g0 : f64
      %u1 = arith.subf %xd1, %g1 : f64
      scf.yield %n0, %n1, %u0, %u1, %out, %done : f64, f64, f64, f64, f64, i1
    }
    scf.yield %next#0, %next#1, %next#2, %next#3, %next#4, %next#5 : f64, f64, f64, f64, f64, i1
  }
  return %r#4 : f64
}'''


def particle():
    out = [PARTICLE]
    for inner in "fr":
        lines, g = gradient(inner, "potential", ["x0", "x1"], ["w"], "a")
        out.append(CROSSING.replace("MODE", inner)
                   .replace("GRADIENT", "\n".join("    " + l for l in lines))
                   .replace("GRAD0", g[0]).replace("GRAD1", g[1]))
    for outer in "fr":
        for inner in "fr":
            out.append(argmin(f"argmin_{outer}{inner}", outer,
                              f"crossing_{inner}", 1, []))
            out.append(f"func.func @particle_{outer}{inner}(%w0: f64) -> f64 {{\n"
                       f"  %w = func.call @argmin_{outer}{inner}(%w0) : (f64) -> f64\n"
                       "  return %w : f64\n}")
    with open(os.path.join(HERE, "particle.mlir"), "w") as f:
        f.write("\n\n".join(out) + "\n")


if __name__ == "__main__":
    saddle()
    particle()
