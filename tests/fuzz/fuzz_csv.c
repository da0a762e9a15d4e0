/*
 * Fuzz target: the native CSV reader (dialect and encoding detection, quoting, embedded newlines)
 * and, through hs_ingest_file, column mapping and row validation of whatever it yields. Checks
 * conservation (rows read = kept + rejected) whenever the ingest succeeds.
 */
#include "fuzz_util.h"
#include "core/hs_internal.h"
#include "ingest/ingest.h"

#include <string.h>

int HS_FUZZ_ENTRY(const uint8_t *data, size_t size);

int HS_FUZZ_ENTRY(const uint8_t *data, size_t size)
{
    const char *path = fuzz_tmpfile(data, size, ".csv");
    if (!path) {
        return 0;
    }
    hs_ctx *ctx = NULL;
    hs_ctx_new(&ctx);
    hs__table *t = NULL;
    if (hs__csv_open(&t, ctx, path, NULL) == HS_OK) {
        const char *const *fields;
        size_t n;
        int rows = 0;
        while (rows++ < 100000 && t->next(t, &fields, &n) == 1) {
        }
        hs__table_close(t);
    }
    hs_records *r = NULL;
    hs_rejects *rj = NULL;
    hs_records_new(&r);
    hs_rejects_new(&rj);
    hs_ingest_opts o = HS_INGEST_OPTS_INIT;
    o.crs_epsg = 3006;
    hs_ingest_stats st;
    memset(&st, 0, sizeof st);
    if (hs_ingest_file(&st, ctx, r, rj, path, &o) == HS_OK) {
        /* Conservation: every row read is kept or rejected, and the containers agree. */
        FUZZ_CHECK(st.rows_read == st.kept + st.rejected);
        FUZZ_CHECK((size_t)st.kept == hs_records_count(r));
        FUZZ_CHECK((size_t)st.rejected == hs_rejects_count(rj));
    }
    hs_records_free(r);
    hs_rejects_free(rj);
    hs_ctx_free(ctx);
    return 0;
}
