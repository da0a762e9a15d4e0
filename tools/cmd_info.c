/*
 * `hotspot info`: what a file holds: how its columns map, CRS, counts (kept, rejected by reason,
 * by precision, by category) and the time span, read through the same ingest path as every
 * command (hotspot's own GeoPackages: the incidents layer). Results go to stdout, as text or JSON;
 * it writes no file.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const cli_opt opts[] = {
    {"json", 0, NULL, "print as JSON"},
    {"kommun", 0, "KOMMUN",
     "what the built-in geography holds about a kommun (code or name; several with commas)"},
    CLI_READ_OPTS,
    CLI_OPT_END};

/* `hotspot info --kommun X`: code, name, län, area and tätorter of each kommun named. */
static int kommun_info(cli_args *a, const char *text, int json)
{
    int codes[64];
    size_t n = 0;
    if (hs_kommun_resolve(codes, 64, &n, a->ctx, text) != HS_OK) {
        cli_error(a, "--kommun: %s", hs_ctx_errmsg(a->ctx));
        return CLI_USAGE;
    }
    if (json) {
        printf("[");
    }
    for (size_t i = 0; i < n; i++) {
        hs_kommun k;
        hs_tatort *t = NULL;
        size_t nt = 0;
        int rc = hs_kommun_get(&k, a->ctx, codes[i]);
        rc = rc ? rc : hs_kommun_tatorter(&t, &nt, a->ctx, codes[i]);
        if (rc != HS_OK) {
            return cli_fail(a, rc);
        }
        int64_t pop = 0;
        for (size_t j = 0; j < nt; j++) {
            pop += t[j].pop;
        }
        if (json) {
            printf("%s{\"code\": \"%04d\", \"name\": \"%s\", \"lan_code\": \"%s\", "
                   "\"lan\": \"%s\", \"area_km2\": %.1f, \"tatorter\": [",
                   i ? ", " : "", k.code, k.name, k.lan_code, k.lan_name, k.area_km2);
            for (size_t j = 0; j < nt; j++) {
                printf("%s{\"code\": \"%s\", \"name\": \"%s\", \"pop\": %lld, \"x\": %.1f, "
                       "\"y\": %.1f}",
                       j ? ", " : "", t[j].code, t[j].name, (long long)t[j].pop, t[j].x, t[j].y);
            }
            printf("]}");
        } else {
            printf("%skommun      %04d %s\n", i ? "\n" : "", k.code, k.name);
            printf("län         %s %s län\n", k.lan_code, k.lan_name);
            printf("area        %.1f km²\n", k.area_km2);
            printf("tätorter    %zu (%lld inhabitants in 2020)\n", nt, (long long)pop);
            char src[4096];
            if (hs_shapes_path(src, sizeof src, a->ctx) == HS_OK) {
                printf("source      %s\n", src);
            }
            for (size_t j = 0; j < nt; j++) {
                printf("            %-10s %-28s %8lld\n", t[j].code, t[j].name,
                       (long long)t[j].pop);
            }
        }
        free(t);
    }
    if (json) {
        printf("]\n");
    }
    return CLI_OK;
}

static void iso(char buf[32], int64_t t)
{
    if (t == HS_TIME_NONE) {
        snprintf(buf, 32, "none");
    } else {
        hs_tz_format(buf, HS_TZ_UTC, t);
    }
}

/* 1 for the files hotspot writes besides records (GeoPackages, GeoTIFFs): listing their layers is
 * an answer even when none of them holds records. */
static int layered(const char *path)
{
    size_t n = strlen(path);
    const char *ext[] = {".gpkg", ".tif", ".tiff"};
    for (size_t k = 0; k < 3; k++) {
        size_t m = strlen(ext[k]);
        if (n >= m && strcmp(path + n - m, ext[k]) == 0) {
            return 1;
        }
    }
    return 0;
}

static void print_layers(hs_ctx *ctx, const hs_layer_info *l, size_t n, int json)
{
    for (size_t k = 0; k < n; k++) {
        if (json) {
            printf("%s{\"name\": \"%s\", \"geometry\": \"%s\", \"rows\": %lld, \"width\": %lld, "
                   "\"height\": %lld, \"epsg\": %d}",
                   k ? ", " : "", l[k].name, l[k].geometry, (long long)l[k].features,
                   (long long)l[k].width, (long long)l[k].height, l[k].epsg);
        } else if (l[k].width) {
            printf("%-12s%s (raster %lld x %lld, %s)\n", k ? "" : "layers", l[k].name,
                   (long long)l[k].width, (long long)l[k].height, hs_crs_label(ctx, l[k].epsg));
        } else {
            printf("%-12s%s (%s, %lld rows%s%s)\n", k ? "" : "layers", l[k].name, l[k].geometry,
                   (long long)l[k].features, l[k].epsg ? ", " : "",
                   l[k].epsg ? hs_crs_label(ctx, l[k].epsg) : "");
        }
    }
}

static int run(cli_args *a)
{
    if (cli_get(a, "kommun") && a->npos == 0) {
        return kommun_info(a, cli_get(a, "kommun"), cli_has(a, "json"));
    }
    if (a->npos != 1) {
        cli_error(a, "give one FILE (see 'hotspot info --help')");
        return CLI_USAGE;
    }
    const char *path = a->pos[0];
    hs_ingest_opts o = HS_INGEST_OPTS_INIT;
    o.col_x = cli_get(a, "x");
    o.col_y = cli_get(a, "y");
    o.col_time = cli_get(a, "time");
    o.col_from = cli_get(a, "from");
    o.col_to = cli_get(a, "to");
    o.col_category = cli_get(a, "category");
    o.where = cli_get(a, "where");
    o.encoding = cli_get(a, "encoding");
    o.tz = cli_get(a, "tz");
    hs_records *rec = NULL;
    hs_rejects *rj = NULL;
    if (hs_records_new(&rec) != HS_OK || hs_rejects_new(&rj) != HS_OK) {
        hs_records_free(rec);
        return cli_error(a, "out of memory");
    }
    hs_ingest_stats st;
    memset(&st, 0, sizeof st);
    hs_layer_info *layers = NULL;
    size_t nl = 0;
    int json = cli_has(a, "json");
    if (layered(path) && hs_file_layers(&layers, &nl, a->ctx, path) != HS_OK) {
        nl = 0;
    }
    int rc = hs_ingest_file(&st, a->ctx, rec, rj, path, &o);
    if (rc != HS_OK && nl > 0) {
        /* a GeoPackage or raster without records (a grid, a density): its layers are the answer */
        if (json) {
            printf("{\"file\": \"%s\", \"layers\": [", path);
            print_layers(a->ctx, layers, nl, 1);
            printf("]}\n");
        } else {
            printf("file        %s\n", path);
            print_layers(a->ctx, layers, nl, 0);
            printf("records     none (%s)\n", hs_ctx_errmsg(a->ctx));
        }
        free(layers);
        hs_records_free(rec);
        hs_rejects_free(rj);
        return CLI_OK;
    }
    if (rc != HS_OK) {
        free(layers);
        hs_records_free(rec);
        hs_rejects_free(rj);
        return cli_fail(a, rc);
    }
    size_t n = hs_records_count(rec);
    const int64_t *tf = hs_records_t_from(rec);
    const uint8_t *pr = hs_records_precision(rec);
    const int32_t *cat = hs_records_category(rec);
    int64_t tmin = HS_TIME_NONE, tmax = HS_TIME_NONE;
    size_t byprec[HS_PREC_NONE + 1] = {0};
    size_t ncat = hs_records_category_count(rec);
    size_t bycat[256] = {0};
    for (size_t i = 0; i < n; i++) {
        if (tf[i] != HS_TIME_NONE) {
            tmin = tmin == HS_TIME_NONE || tf[i] < tmin ? tf[i] : tmin;
            tmax = tmax == HS_TIME_NONE || tf[i] > tmax ? tf[i] : tmax;
        }
        byprec[pr[i] <= HS_PREC_NONE ? pr[i] : HS_PREC_NONE]++;
        if (cat[i] >= 0 && (size_t)cat[i] < 256) {
            bycat[cat[i]]++;
        }
    }
    char t0[32], t1[32];
    iso(t0, tmin);
    iso(t1, tmax);
    const char *reasons[32];
    size_t counts[32];
    size_t nr = hs_rejects_by_reason(reasons, counts, 32, rj);
    if (json) {
        if (nl) {
            printf("{\"layers\": [");
            print_layers(a->ctx, layers, nl, 1);
            printf("],\n ");
        }
        printf("%s\"file\": \"%s\", \"rows\": %lld, \"kept\": %lld, \"rejected\": %lld, "
               "\"crs\": %d, \"work_crs\": %d, \"crs_label\": \"%s\", \"work_crs_label\": \"%s\", "
               "\"t_min\": \"%s\", \"t_max\": \"%s\",\n",
               nl ? "" : "{", path, (long long)st.rows_read, (long long)st.kept,
               (long long)st.rejected, st.crs_detected, st.work_crs,
               st.crs_detected ? hs_crs_label(a->ctx, st.crs_detected) : "",
               hs_crs_label(a->ctx, st.work_crs), t0, t1);
        printf(" \"rejects\": {");
        for (size_t k = 0; k < nr; k++) {
            printf("%s\"%s\": %zu", k ? ", " : "", reasons[k], counts[k]);
        }
        printf("},\n \"precision\": {");
        int first = 1;
        for (int p = 0; p <= HS_PREC_NONE; p++) {
            if (byprec[p]) {
                printf("%s\"%s\": %zu", first ? "" : ", ", hs_precision_name((hs_precision)p),
                       byprec[p]);
                first = 0;
            }
        }
        printf("},\n \"categories\": {");
        for (size_t k = 0; k < ncat && k < 256; k++) {
            printf("%s\"%s\": %zu", k ? ", " : "", hs_records_category_name(rec, k), bycat[k]);
        }
        printf("}}\n");
    } else {
        printf("file        %s\n", path);
        print_layers(a->ctx, layers, nl, 0);
        printf("rows        %lld read, %lld kept, %lld rejected\n", (long long)st.rows_read,
               (long long)st.kept, (long long)st.rejected);
        printf("crs         %s (records in %s)\ntime span   %s .. %s\n",
               st.crs_detected ? hs_crs_label(a->ctx, st.crs_detected) : "none",
               hs_crs_label(a->ctx, st.work_crs), t0, t1);
        for (size_t k = 0; k < nr; k++) {
            printf("rejected    %-22s %zu\n", reasons[k], counts[k]);
        }
        for (int p = 0; p <= HS_PREC_NONE; p++) {
            if (byprec[p]) {
                printf("precision   %-22s %zu\n", hs_precision_name((hs_precision)p), byprec[p]);
            }
        }
        for (size_t k = 0; k < ncat && k < 256; k++) {
            printf("category    %-22s %zu\n", hs_records_category_name(rec, k), bycat[k]);
        }
    }
    free(layers);
    hs_records_free(rec);
    hs_rejects_free(rj);
    return CLI_OK;
}

const cli_cmd cmd_info = {"info", "FILE | --kommun KOMMUN",
                          "what a file or the built-in geography holds about a kommun", opts, run};
