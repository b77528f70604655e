# -*- Python -*-
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "Rewind"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.rewind_obj_root, "test")
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "__pycache__"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()

tool_dirs = [config.rewind_tools_dir, config.llvm_tools_dir]
llvm_config.add_tool_substitutions(["rewind-opt", "rewind-run", "rewind-adbench",
                                   "rewind-host-example"],
                                  tool_dirs)
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.rewind_tools_dir, append_path=True)

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

config.substitutions.append(("%python", "/usr/bin/python3"))
