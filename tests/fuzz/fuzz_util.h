/*
 * Helpers shared by the fuzz targets: a NUL-terminated copy of the input and a temporary file
 * holding it, for parsers that read paths. Never used outside tests/fuzz.
 */
#ifndef HS_FUZZ_UTIL_H
#define HS_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* The entry point's name: libFuzzer's by default; the replay test (tests/unit/test_fuzz_regress.c)
 * includes every target with its own name so that one binary holds them all. */
#ifndef HS_FUZZ_ENTRY
#define HS_FUZZ_ENTRY LLVMFuzzerTestOneInput
#endif

/** Aborts (a finding for libFuzzer, a crash for the replay test) when cond is false. */
#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fuzz_fail(#cond, __FILE__, __LINE__);                                                  \
        }                                                                                          \
    } while (0)

/** Removes the temporary files fuzz_tmpfile wrote for this process (for the replay test). */
void fuzz_tmpfile_cleanup(void);
/** Prints the failed invariant to stderr and aborts. */
void fuzz_fail(const char *what, const char *file, int line);

/** malloc'd NUL-terminated copy of data (caller frees). */
char *fuzz_cstr(const uint8_t *data, size_t size);
/** Writes data to a per-process temporary file with the given suffix; returns its path (static). */
const char *fuzz_tmpfile(const uint8_t *data, size_t size, const char *suffix);

#endif
