/*
 * Fuzz target: the project file reader (INI syntax, typed values, line numbers).
 */
#include "fuzz_util.h"
#include "core/hs_internal.h"

int HS_FUZZ_ENTRY(const uint8_t *data, size_t size);

int HS_FUZZ_ENTRY(const uint8_t *data, size_t size)
{
    const char *path = fuzz_tmpfile(data, size, ".ini");
    if (!path) {
        return 0;
    }
    hs_ctx *ctx = NULL;
    hs_ctx_new(&ctx);
    hs_project *p = NULL;
    if (hs_project_open(&p, ctx, path) == HS_OK) {
        for (size_t i = 0; i < hs_project_input_count(p); i++) {
            (void)hs_project_input_name(p, i);
        }
        (void)hs_project_double(p, "grid", "cell", 250);
        hs_project_free(p);
    }
    hs_ctx_free(ctx);
    return 0;
}
