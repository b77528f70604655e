"""The code cache: a second process finds the code the first one compiled
(for a program recorded from Python, and one compiled from MLIR text), with
the same numbers and the same warnings."""

import json
import os
import subprocess
import sys

import pytest

import rewind

SCRIPT = r"""
import json, sys, warnings
import numpy as np
import rewind

def loss(w, b, unused):
    return (rewind.tanh(w * np.arange(4.0) + b) ** 2).sum()

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    value, grads = rewind.value_and_grad(loss, argnums=(0, 1, 2))(
        np.linspace(0.1, 0.4, 4), 0.3, 2.0)
module = rewind.compile('''
func.func @sq(%x: f64) -> f64 {
  %r = arith.mulf %x, %x : f64
  return %r : f64
}''')
print(json.dumps({"value": float(value),
                  "grads": [np.asarray(g).tolist() for g in grads],
                  "sq": float(rewind.grad(module.sq)(3.0)),
                  "warnings": [str(w.message) for w in caught],
                  "cache": rewind.code_cache()}))
"""


def run(directory, **env):
    environment = dict(os.environ, REWIND_CACHE="on",
                       REWIND_CACHE_DIR=str(directory))
    environment.update(env)
    out = subprocess.run([sys.executable, "-c", SCRIPT], env=environment,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_second_process_finds_the_code(tmp_path):
    first = run(tmp_path)
    assert first["cache"] == {"directory": str(tmp_path), "hits": 0}
    second = run(tmp_path)
    assert second["cache"]["hits"] == 2
    for key in ("value", "grads", "sq", "warnings"):
        assert second[key] == first[key]
    assert first["sq"] == 6.0
    assert any("argument 2" in w and "not used" in w
               for w in second["warnings"]), second["warnings"]


def test_cache_off_and_bad_policy(tmp_path):
    off = run(tmp_path, REWIND_CACHE="off")
    assert off["cache"] == {"directory": None, "hits": 0}
    assert not os.listdir(tmp_path)
    with pytest.raises(rewind.RewindError, match="bad code cache policy"):
        rewind.set_code_cache(str(tmp_path), "bogus")


def test_set_code_cache(tmp_path):
    try:
        rewind.set_code_cache(str(tmp_path / "here"))
        assert rewind.code_cache()["directory"] == str(tmp_path / "here")
        module = rewind.compile("""
func.func @cube(%x: f64) -> f64 {
  %s = arith.mulf %x, %x : f64
  %r = arith.mulf %s, %x : f64
  return %r : f64
}""", name="test_set_code_cache")
        assert rewind.grad(module.cube)(2.0) == 12.0
        assert any(name.startswith("llvmcache-")
                   for name in os.listdir(tmp_path / "here"))
    finally:
        rewind.set_code_cache(None)
    assert rewind.code_cache()["directory"] is None
