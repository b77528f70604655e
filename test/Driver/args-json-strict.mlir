// --args is strict JSON, read exactly and into the argument buffers: a
// malformed number, a value that does not fit its type, or arrays nested
// deeper than the argument's rank are one-line errors (never a wrong
// value, a crash or a hang).
//
// Not JSON: a leading '+', a bare '.', leading zeros, hex, trailing junk.
// RUN: not rewind-run %s --entry f --args '[+1.0]' 2>&1 | FileCheck %s --check-prefix=PLUS
// PLUS: rewind-run: error: --args is not valid JSON: expected a number at line 1, column 2, found '+'
// RUN: not rewind-run %s --entry f --args '[.5]' 2>&1 | FileCheck %s --check-prefix=DOT
// DOT: rewind-run: error: --args is not valid JSON: expected a number at line 1, column 2, found '.'
// RUN: not rewind-run %s --entry f --args '[1.]' 2>&1 | FileCheck %s --check-prefix=TRAILDOT
// TRAILDOT: rewind-run: error: --args is not valid JSON: expected a digit after '.' at line 1, column 4
// RUN: not rewind-run %s --entry f --args '[01]' 2>&1 | FileCheck %s --check-prefix=ZERO
// ZERO: rewind-run: error: --args is not valid JSON: expected ',' or ']' at line 1, column 3, found '1'
// RUN: not rewind-run %s --entry f --args '[0x10]' 2>&1 | FileCheck %s --check-prefix=HEX
// HEX: rewind-run: error: --args is not valid JSON
// RUN: not rewind-run %s --entry f --args '[1] [2]' 2>&1 | FileCheck %s --check-prefix=JUNK
// JUNK: rewind-run: error: --args is not valid JSON: expected the end of --args at line 1, column 5, found '['
// RUN: not rewind-run %s --entry f --args '[null]' 2>&1 | FileCheck %s --check-prefix=NULL
// NULL: rewind-run: error: in --args: argument #0 (f64) expects a number, got null
//
// Integers are exact, and must fit their type.
// RUN: rewind-run %s --entry ints --args '[9223372036854775807, -9223372036854775808, 9007199254740993, 18446744073709551615, 2147483647, -128]' --json | FileCheck %s --check-prefix=EXACT
// EXACT: {"value": [9223372036854775807, -9223372036854775808, 9007199254740993, 18446744073709551615, 2147483647, -128]}
// RUN: not rewind-run %s --entry ints --args '[9223372036854775808, 0, 0, 0, 0, 0]' 2>&1 | FileCheck %s --check-prefix=I64
// I64: rewind-run: error: in --args: argument #0 (i64): 9223372036854775808 does not fit (the range is [-9223372036854775808, 9223372036854775807])
// RUN: not rewind-run %s --entry ints --args '[0, 0, 0, -1, 0, 0]' 2>&1 | FileCheck %s --check-prefix=U64
// U64: rewind-run: error: in --args: argument #3 (ui64): -1 does not fit (the range is [0, 18446744073709551615])
// RUN: not rewind-run %s --entry ints --args '[0, 0, 0, 0, 2147483648, 0]' 2>&1 | FileCheck %s --check-prefix=I32
// I32: rewind-run: error: in --args: argument #4 (i32): 2147483648 does not fit (the range is [-2147483648, 2147483647])
// RUN: not rewind-run %s --entry ints --args '[0, 0, 0, 0, 0, 1e3]' 2>&1 | FileCheck %s --check-prefix=I8
// I8: rewind-run: error: in --args: argument #5 (i8): 1e3 does not fit (the range is [-128, 127])
// RUN: not rewind-run %s --entry small --args '[[1, 2, 300], 1]' 2>&1 | FileCheck %s --check-prefix=ELEMENT
// ELEMENT: rewind-run: error: in --args: argument #0 (tensor<3xi8>) element [2]: 300 does not fit (the range is [-128, 127])
// RUN: not rewind-run %s --entry small --args '[[1, 2, 3], -1]' 2>&1 | FileCheck %s --check-prefix=UI32
// UI32: rewind-run: error: in --args: argument #1 (ui32): -1 does not fit (the range is [0, 4294967295])
// RUN: rewind-run %s --entry small --args '[[1, 2, 3.0], 4294967295]' --json | FileCheck %s --check-prefix=SMALL
// SMALL: {"value": [{{\[}}1, 2, 3], 4294967295]}
//
// Nesting is bounded by the argument's rank: 60,000 brackets on the command
// line and 100,000 in a file (which overflowed the stack of a recursive
// parser, whose crash handler then hung) are errors at once.
// RUN: not rewind-run %s --entry f --args "$(%python -c "print('['*60000+']'*60000)")" 2>&1 | FileCheck %s --check-prefix=DEEP
// DEEP: rewind-run: error: in --args: argument #0 (f64) is a scalar but got an array
// RUN: %python -c "print('['*100000+']'*100000)" > %t.json
// RUN: not rewind-run %s --entry m --args-file %t.json 2>&1 | FileCheck %s --check-prefix=DEEPFILE
// DEEPFILE: rewind-run: error: in --args: argument #0 (tensor<?x?xf64>) has type tensor of rank 2 but the data nests arrays deeper
// RUN: not rewind-run %s --entry f --args "[1, $(%python -c "print('['*60000+']'*60000)")]" 2>&1 | FileCheck %s --check-prefix=EXTRA
// EXTRA: rewind-run: error: --args nests arrays too deeply

func.func @f(%x: f64) -> f64 {
  return %x : f64
}
func.func @m(%x: tensor<?x?xf64>) -> tensor<?x?xf64> {
  return %x : tensor<?x?xf64>
}
func.func @ints(%a: i64, %b: index, %c: si64, %d: ui64, %e: i32, %f: i8) -> (i64, index, si64, ui64, i32, i8) {
  return %a, %b, %c, %d, %e, %f : i64, index, si64, ui64, i32, i8
}
func.func @small(%t: tensor<3xi8>, %u: ui32) -> (tensor<3xi8>, ui32) {
  return %t, %u : tensor<3xi8>, ui32
}
