/*
 * Times hs_ingest_file on one input and prints rows read, kept, wall seconds, rows/s, the record
 * store's size and the process's peak RSS, as one line of key=value pairs for bench_ingest.sh.
 * It measures only; it must not write any output file.
 */
#include <stdio.h>
#include <sys/resource.h>
#include <time.h>

#include "hotspot.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: bench_ingest FILE\n");
        return 2;
    }
    hs_ctx *ctx = NULL;
    hs_records *rec = NULL;
    hs_rejects *rj = NULL;
    if (hs_ctx_new(&ctx) || hs_records_new(&rec) || hs_rejects_new(&rj)) {
        return 1;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    hs_ingest_stats st;
    int rc = hs_ingest_file(&st, ctx, rec, rj, argv[1], NULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (rc != HS_OK) {
        fprintf(stderr, "bench_ingest: %s\n", hs_ctx_errmsg(ctx));
        return 1;
    }
    double s = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("rows=%lld kept=%lld seconds=%.3f rows_per_s=%.0f store_mb=%.1f peak_rss_mb=%.1f\n",
           (long long)st.rows_read, (long long)st.kept, s, (double)st.rows_read / s,
           (double)hs_records_memory(rec) / 1048576.0, (double)ru.ru_maxrss / 1024.0);
    hs_records_free(rec);
    hs_rejects_free(rj);
    hs_ctx_free(ctx);
    return 0;
}
