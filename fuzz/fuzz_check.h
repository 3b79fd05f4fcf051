// FUZZ_CHECK: an invariant of the code under fuzzing. A broken one prints
// what was expected (never the input, which libFuzzer saves) and aborts, so
// libFuzzer records the input as a crash.
#ifndef BLINDMAP_FUZZ_FUZZ_CHECK_H_
#define BLINDMAP_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition)                                          \
  do {                                                                 \
    if (!(condition)) {                                                \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK failed: %s\n", __FILE__, \
                   __LINE__, #condition);                              \
      std::abort();                                                    \
    }                                                                  \
  } while (false)

#endif  // BLINDMAP_FUZZ_FUZZ_CHECK_H_
