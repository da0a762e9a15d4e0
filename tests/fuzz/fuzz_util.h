/*
 * Helpers shared by the fuzz targets: a NUL-terminated copy of the input and a temporary file
 * holding it, for parsers that read paths. Never used outside tests/fuzz.
 */
#ifndef HS_FUZZ_UTIL_H
#define HS_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>

/** malloc'd NUL-terminated copy of data (caller frees). */
char *fuzz_cstr(const uint8_t *data, size_t size);
/** Writes data to a per-process temporary file with the given suffix; returns its path (static). */
const char *fuzz_tmpfile(const uint8_t *data, size_t size, const char *suffix);

#endif
