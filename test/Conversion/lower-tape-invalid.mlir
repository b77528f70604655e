// RUN: rewind-opt %s --rewind-lower-tape -split-input-file -verify-diagnostics

// A stack used by anything other than push, pop and stack_destroy cannot be
// lowered.

func.func private @use(!tape.stack<f64>)
func.func @escape() {
  %s = tape.stack_create : !tape.stack<f64>
  // expected-error @+1 {{'func.call' op uses a tape stack in a way rewind-lower-tape cannot lower}}
  func.call @use(%s) : (!tape.stack<f64>) -> ()
  return
}
