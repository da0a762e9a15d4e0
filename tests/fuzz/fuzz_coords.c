/*
 * Fuzz target: coordinate strings (locale-free number parsing) and CRS range checks. The input is
 * split at the first ';' into x and y.
 */
#include "fuzz_util.h"
#include "core/hs_internal.h"
#include "crs/crs.h"

#include <stdlib.h>
#include <string.h>

int HS_FUZZ_ENTRY(const uint8_t *data, size_t size);

int HS_FUZZ_ENTRY(const uint8_t *data, size_t size)
{
    char *s = fuzz_cstr(data, size);
    if (!s) {
        return 0;
    }
    char *semi = strchr(s, ';');
    const char *ys = "0";
    if (semi) {
        *semi = '\0';
        ys = semi + 1;
    }
    double x = 0, y = 0;
    int64_t i;
    (void)hs__parse_int64(&i, s);
    if (hs__parse_double(&x, s) == HS_OK && hs__parse_double(&y, ys) == HS_OK) {
        static const int codes[] = {3006, 3021, 4326, 3007, 3018};
        for (size_t k = 0; k < sizeof codes / sizeof codes[0]; k++) {
            (void)hs__crs_fit(codes[k], x, y);
        }
        int epsg;
        (void)hs__crs_vote(&epsg, &x, &y, 1);
    }
    free(s);
    return 0;
}
