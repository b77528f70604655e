//===- VectorTarget.cpp - The vector registers code is generated for ------===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#include "rewind/Transforms/VectorTarget.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/TargetParser/Host.h"

rw::VectorTarget
rw::vectorTargetFromFeatures(llvm::function_ref<bool(llvm::StringRef)> has) {
  if (has("avx512f"))
    return {512, 32};
  if (has("avx"))
    return {256, 16};
  if (has("neon"))
    return {128, 32};
  return {128, 16};
}

rw::VectorTarget rw::hostVectorTarget() {
  llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  return vectorTargetFromFeatures([&](llvm::StringRef name) {
    auto it = features.find(name);
    return it != features.end() && it->second;
  });
}
