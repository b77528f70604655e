# -*- Python -*-
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "Rewind"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.rewind_obj_root, "test")
config.excludes = ["Inputs", "sanitizers", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "__pycache__"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()

tool_dirs = [config.rewind_tools_dir, config.llvm_tools_dir]
llvm_config.add_tool_substitutions(["rewind-opt", "rewind-run", "rewind-adbench",
                                   "rewind-host-example", "rewind-op-coverage",
                                   "rewind-distributed-train"],
                                  tool_dirs)
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.rewind_tools_dir, append_path=True)
# Tests compile what they run: the code cache (on by default for rewind-run
# and Python) is off, except in the tests of the cache, which name a
# directory of their own.
config.environment["REWIND_CACHE"] = "off"

config.substitutions.append(("%rewind_src_root", config.rewind_src_root))
config.substitutions.append(("%rewind_obj_root", config.rewind_obj_root))

# Host CPU features, for tests of the generated SIMD code: %simd_reg is the
# widest vector register the host has (zmm with AVX-512, ymm with AVX2).
cpu_flags = set()
try:
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("flags"):
                cpu_flags = set(line.split(":", 1)[1].split())
                break
except OSError:
    pass
if "avx512f" in cpu_flags:
    config.available_features.add("avx512")
    simd_reg = "zmm"
elif "avx2" in cpu_flags:
    config.available_features.add("avx2")
    simd_reg = "ymm"
else:
    simd_reg = "xmm"
config.substitutions.append(("%simd_reg", simd_reg))

# GradBench's reference tool, set up by scripts/test.sh.
if os.path.exists(os.path.join(config.rewind_obj_root, "gradbench", "tools",
                               "manual", "bin", "hello")):
    config.available_features.add("gradbench")

python = "/usr/bin/python3"
# A sanitized build (-DREWIND_SANITIZE=...): any report fails the test. The
# suppressions name only code outside Rewind (see the file). Python itself is
# not instrumented: the ASan runtime is preloaded, and leaks are not checked
# in it (the interpreter keeps its objects until exit by design).
if config.rewind_sanitize:
    import subprocess
    suppressions = os.path.join(config.rewind_src_root, "test", "sanitizers")
    config.environment["ASAN_OPTIONS"] = (
        "abort_on_error=0:allocator_may_return_null=1:"
        "suppressions=" + os.path.join(suppressions, "asan.supp"))
    config.environment["LSAN_OPTIONS"] = (
        "suppressions=" + os.path.join(suppressions, "lsan.supp"))
    config.environment["UBSAN_OPTIONS"] = (
        "print_stacktrace=1:halt_on_error=1:"
        "suppressions=" + os.path.join(suppressions, "ubsan.supp"))
    if "address" in config.rewind_sanitize:
        # libstdc++ too: ASan must find the real __cxa_throw when it starts.
        preload = " ".join(subprocess.check_output(
            [config.cxx_compiler, "-print-file-name=" + name],
            text=True).strip() for name in ("libasan.so", "libstdc++.so"))
        python = "env LD_PRELOAD='%s' ASAN_OPTIONS=detect_leaks=0:%s %s" % (
            preload, config.environment["ASAN_OPTIONS"], python)
    config.available_features.add("sanitizer")
# (use_default_substitutions defines %python as lit's own interpreter.)
config.substitutions = [(key, value) for key, value in config.substitutions
                        if key != "%python"]
config.substitutions.append(("%python", python))
