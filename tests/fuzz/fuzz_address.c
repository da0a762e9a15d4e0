/*
 * Fuzz target: Swedish address parsing and normalisation (normalize.c).
 */
#include "fuzz_util.h"
#include "core/hs_internal.h"
#include "geocode/geocode.h"

#include <stdlib.h>

int HS_FUZZ_ENTRY(const uint8_t *data, size_t size);

int HS_FUZZ_ENTRY(const uint8_t *data, size_t size)
{
    char *s = fuzz_cstr(data, size);
    if (!s) {
        return 0;
    }
    hs__addr a;
    (void)hs__addr_parse(&a, s);
    free(s);
    return 0;
}
