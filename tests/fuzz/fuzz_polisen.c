/*
 * Fuzz target: polisen.se event JSON (sniffing, parsing, title times).
 */
#include "fuzz_util.h"
#include "core/hs_internal.h"
#include "ingest/ingest.h"

#include <stdlib.h>

int HS_FUZZ_ENTRY(const uint8_t *data, size_t size);

int HS_FUZZ_ENTRY(const uint8_t *data, size_t size)
{
    char *buf = fuzz_cstr(data, size);
    if (!buf) {
        return 0;
    }
    hs_ctx *ctx = NULL;
    hs_ctx_new(&ctx);
    if (hs__polisen_sniff(buf, size)) {
        hs__table *t = NULL;
        if (hs__polisen_open(&t, ctx, buf, size, "fuzz.json", 1, NULL) == HS_OK) {
            const char *const *fields;
            size_t n;
            while (t->next(t, &fields, &n) == 1) {
            }
            hs__table_close(t);
        }
    }
    free(buf);
    hs_ctx_free(ctx);
    return 0;
}
