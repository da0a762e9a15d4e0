/*
 * Opens an input as a table of text rows, choosing the reader: the native CSV reader for .csv,
 * .txt and .tsv (unless an OGR --where filter is asked for), the polisen.se event reader for JSON
 * in the events API's shape (also .json.gz), and OGR for everything else. It must not read values.
 */
#include "core/hs_internal.h"
#include "ingest/ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && hs__strcasecmp(s + n - m, suffix) == 0;
}

int hs__table_open(hs__table **out, hs_ctx *ctx, const char *path, const hs__table_opts *opts)
{
    if (!out || !path) {
        return hs__error(ctx, HS_EINVAL, "no input given");
    }
    const char *enc = opts ? opts->encoding : NULL;
    const char *where = opts ? opts->where : NULL;
    int has_where = where && *where;
    int pt = opts ? opts->place_text : 0;
    const hs__polisen_texts *tx = opts ? opts->texts : NULL;
    if (!has_where && (ends_with(path, ".csv") || ends_with(path, ".csv.gz"))) {
        /* the polisen.se archive's flat CSV, else any CSV */
        char head[128];
        size_t hn = 0;
        FILE *f = ends_with(path, ".gz") ? NULL : fopen(path, "rb");
        if (f) {
            hn = fread(head, 1, sizeof head, f);
            fclose(f);
        }
        if (ends_with(path, ".gz") || hs__polisen_csv_sniff(head, hn)) {
            char *buf = NULL;
            size_t len = 0;
            int rc = hs__file_read_all(&buf, &len, ctx, path);
            if (rc != HS_OK) {
                return rc;
            }
            if (hs__polisen_csv_sniff(buf, len)) {
                return hs__polisen_csv_open(out, ctx, buf, len, pt, tx);
            }
            free(buf);
            if (ends_with(path, ".gz")) {
                return hs__error(ctx, HS_EUNSUPPORTED,
                                 "%s: a compressed CSV is read only for the polisen.se archive "
                                 "(header %s); unpack it first",
                                 path, "id,datetime_raw,name,summary,...");
            }
        }
    }
    if (!has_where &&
        (ends_with(path, ".csv") || ends_with(path, ".txt") || ends_with(path, ".tsv"))) {
        return hs__csv_open(out, ctx, path, enc);
    }
    if (ends_with(path, ".jsonl") || ends_with(path, ".jsonl.gz")) {
        return hs__error(ctx, HS_EUNSUPPORTED,
                         "%s: polisen.se event texts (JSON lines) hold no dates or kommuner: give "
                         "them with --event-text beside the events (API JSON or the archive CSV)",
                         path);
    }
    if (ends_with(path, ".json") || ends_with(path, ".json.gz")) {
        char *buf = NULL;
        size_t len = 0;
        int rc = hs__file_read_all(&buf, &len, ctx, path);
        if (rc != HS_OK) {
            return rc;
        }
        if (hs__polisen_sniff(buf, len)) {
            if (has_where) {
                free(buf);
                return hs__error(ctx, HS_EUNSUPPORTED,
                                 "%s: --where is not supported for polisen.se event JSON", path);
            }
            rc = hs__polisen_open(out, ctx, buf, len, path, pt, tx);
            free(buf);
            return rc;
        }
        free(buf);
    }
    return hs__ogr_open(out, ctx, path, where);
}

void hs__table_close(hs__table *t)
{
    if (t) {
        t->close(t);
    }
}
