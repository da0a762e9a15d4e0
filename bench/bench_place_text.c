/*
 * Places read from polisen.se event texts, timed: hs_ingest_file with place_text on the events
 * (API JSON or the archive CSV) and their html_text JSONL, then hs_geocode_place_text against a
 * gazetteer (optional) and the built-in tätorter. Prints events per second for reading and for
 * placing, and the counts per precision. With --dump, one line per event of --kommun (or all):
 * id, kommun, precision, field, phrase, x, y; the phrases only, never the texts.
 * Usage: bench_place_text EVENTS [--event-text JSONL] [-g GAZ] [--kommun CODE] [--dump]
 */
#include "hotspot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void on_review(void *payload, size_t index, const char *text, const char *cands,
                      const char *reason)
{
    const hs_records *r = payload;
    if (getenv("HS_DUMP_REVIEW")) {
        hs_record rec;
        hs_records_get(&rec, r, index);
        printf("review\t%s\t%s\t%s\t%s\n", reason, rec.id ? rec.id : "", text, cands);
    }
}

int main(int argc, char **argv)
{
    const char *events = NULL, *texts = NULL, *gazp = NULL;
    int kommun = 0, dump = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--event-text") && i + 1 < argc) {
            texts = argv[++i];
        } else if (!strcmp(argv[i], "-g") && i + 1 < argc) {
            gazp = argv[++i];
        } else if (!strcmp(argv[i], "--kommun") && i + 1 < argc) {
            kommun = atoi(argv[++i]);
        } else if (!strcmp(argv[i], "--dump")) {
            dump = 1;
        } else {
            events = argv[i];
        }
    }
    if (!events) {
        fprintf(stderr, "usage: bench_place_text EVENTS [--event-text JSONL] [-g GAZ] "
                        "[--kommun CODE] [--dump]\n");
        return 2;
    }
    hs_ctx *ctx = NULL;
    hs_records *rec = NULL;
    hs_rejects *rj = NULL;
    hs_gazetteer *gaz = NULL;
    if (hs_ctx_new(&ctx) != HS_OK || hs_records_new(&rec) != HS_OK ||
        hs_rejects_new(&rj) != HS_OK) {
        return 1;
    }
    int rc = gazp ? hs_gazetteer_open(&gaz, ctx, gazp) : HS_OK;
    double t0 = now();
    hs_ingest_opts o = HS_INGEST_OPTS_INIT;
    o.place_text = 1;
    o.event_text = texts;
    hs_ingest_stats ist;
    rc = rc ? rc : hs_ingest_file(&ist, ctx, rec, rj, events, &o);
    double t1 = now();
    hs_place_text_stats st;
    memset(&st, 0, sizeof st);
    rc = rc ? rc : hs_geocode_place_text(&st, ctx, gaz, rec, on_review, rec);
    double t2 = now();
    if (rc != HS_OK) {
        fprintf(stderr, "bench_place_text: %s\n", hs_ctx_errmsg(ctx));
        return 1;
    }
    size_t n = hs_records_count(rec);
    if (dump) {
        for (size_t i = 0; i < n; i++) {
            hs_record r;
            hs_records_get(&r, rec, i);
            if (kommun && r.kommun_code != kommun) {
                continue;
            }
            printf("%s\t%04d\t%s\t%s\t%s\t%.0f\t%.0f\n", r.id ? r.id : "", r.kommun_code,
                   hs_precision_name(r.precision), r.place_field ? r.place_field : "",
                   r.place_text ? r.place_text : "", r.x, r.y);
            if (getenv("HS_DUMP_MENTIONS") && r.address) {
                printf("  mentions:");
                for (const char *c = r.address; *c; c++) {
                    fputs(*c == '\n' ? " | " : (char[2]){*c, 0}, stdout);
                }
                printf("\n");
            }
        }
    }
    fprintf(stderr,
            "%zu events: read with place mentions %.2f s (%.0f events/s), placed %.2f s (%.0f "
            "events/s), total %.2f s (%.0f events/s)\n",
            n, t1 - t0, n / (t1 - t0), t2 - t1, n / (t2 - t1), t2 - t0, n / (t2 - t0));
    fprintf(stderr,
            "with a mention %lld; finer than kommun %lld (street %lld, intersection %lld, place "
            "%lld); district %lld; ambiguous %lld; corrected spelling %lld; not found %lld; kommun "
            "unknown %lld\n",
            (long long)st.with_mention, (long long)st.placed, (long long)st.by_prec[HS_PREC_STREET],
            (long long)st.by_prec[HS_PREC_INTERSECTION], (long long)st.by_prec[HS_PREC_PLACE],
            (long long)st.by_prec[HS_PREC_DISTRICT], (long long)st.ambiguous,
            (long long)st.corrected, (long long)st.not_found, (long long)st.no_kommun);
    hs_gazetteer_close(gaz);
    hs_records_free(rec);
    hs_rejects_free(rj);
    hs_ctx_free(ctx);
    return 0;
}
