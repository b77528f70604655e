//===- Timing.h - Median timing for Rewind's benchmarks ---------*- C++ -*-===//
//
// Part of the Rewind project.
//
//===----------------------------------------------------------------------===//

#ifndef REWIND_BENCHMARKS_TIMING_H
#define REWIND_BENCHMARKS_TIMING_H

#include <algorithm>
#include <chrono>
#include <vector>

namespace rw::bench {

/// Seconds elapsed since `start`.
inline double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

/// The median time of `repeats` calls of `fn` (at least one), in seconds,
/// after one warm-up call. The machines are shared and noisy: medians, not
/// means.
template <typename Fn> double medianSeconds(Fn &&fn, int repeats) {
  fn();
  std::vector<double> times;
  for (int i = 0; i < std::max(repeats, 1); ++i) {
    auto start = std::chrono::steady_clock::now();
    fn();
    times.push_back(secondsSince(start));
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

} // namespace rw::bench

#endif // REWIND_BENCHMARKS_TIMING_H
