/*
 * `hotspot nearrepeat`: the Knox near-repeat test over distance bands x day bands with seeded
 * Monte Carlo permutations of the times; the table goes to stdout and to the `near_repeat` layer.
 * Parses options, reads records (stats_input.c) and calls the library; no statistics here.
 */
#include "stats_input.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const cli_opt opts[] = {
    CLI_OUT_OPTS,
    {"distance-bands", 0, "M,M,...",
     "upper edges of the distance bands in metres (default 100,200,300,400,500)"},
    {"day-bands", 0, "D,D,...", "upper edges of the day bands (default 7,14,21,28)"},
    {"manhattan", 0, NULL, "Manhattan distance |dx| + |dy| instead of Euclidean"},
    {"permutations", 0, "R", "Monte Carlo permutations of the times (default 999)"},
    {"seed", 0, "N", "random seed (default 20240601)"},
    CLI_READ_OPTS,
    CLI_OPT_END};

/* "100,200,400" into e (at most 32), ascending, >= 0 */
static int parse_edges(double *e, size_t *n, cli_args *a, const char *name, const char *def)
{
    const char *s = cli_get(a, name) ? cli_get(a, name) : def;
    *n = 0;
    while (*s) {
        char *end;
        double v = strtod(s, &end);
        if (end == s || (*end && *end != ',') || *n == 32 || !(v >= 0) ||
            (*n && !(v > e[*n - 1]))) {
            cli_error(a, "--%s: expected ascending numbers separated by commas, not '%s'", name, s);
            return CLI_USAGE;
        }
        e[(*n)++] = v;
        s = *end ? end + 1 : end;
    }
    return *n ? CLI_OK : CLI_USAGE;
}

static int write_table(cli_args *a, const hs_knox_opts *o, const int64_t *obs, const double *mean,
                       const double *ratio, const double *p, const char *out, int epsg)
{
    hs_gpkg_opts gpo = HS_GPKG_OPTS_INIT;
    gpo.overwrite = cli_has(a, "overwrite");
    gpo.epsg = epsg;
    hs_gpkg *gp = NULL;
    int rc = hs_gpkg_open(&gp, a->ctx, out, &gpo);
    rc = rc ? rc : hs_knox_write_table(gp, o, obs, mean, ratio, p);
    rc = rc ? rc : hs_gpkg_commit(gp);
    hs_gpkg_close(gp);
    if (rc) {
        return cli_fail(a, rc);
    }
    printf("%-12s %-10s %9s %10s %8s %7s\n", "metres", "days", "observed", "expected", "ratio",
           "p");
    for (size_t i = 0; i < o->n_dist; i++) {
        for (size_t j = 0; j < o->n_day; j++) {
            size_t k = i * o->n_day + j;
            printf("%5.0f-%-6.0f %4.0f-%-5.0f %9lld %10.2f %8.2f %7.3f\n",
                   i ? o->dist_edges[i - 1] : 0.0, o->dist_edges[i], j ? o->day_edges[j - 1] : 0.0,
                   o->day_edges[j], (long long)obs[k], mean[k], ratio[k], p[k]);
        }
    }
    return CLI_OK;
}

static int analyse(cli_args *a, hs_records *rec, const char *out)
{
    double de[32];
    double te[32];
    hs_knox_opts o = HS_KNOX_OPTS_INIT;
    int rc = parse_edges(de, &o.n_dist, a, "distance-bands", "100,200,300,400,500");
    if (rc || (rc = parse_edges(te, &o.n_day, a, "day-bands", "7,14,21,28"))) {
        return CLI_USAGE;
    }
    o.dist_edges = de;
    o.day_edges = te;
    o.manhattan = cli_has(a, "manhattan");
    char *end;
    if (cli_get(a, "permutations")) {
        long v = strtol(cli_get(a, "permutations"), &end, 10);
        if (*end || v < 1 || v > 99999) {
            cli_error(a, "--permutations: expected a whole number 1..99999");
            return CLI_USAGE;
        }
        o.permutations = (int)v;
    }
    if (cli_get(a, "seed")) {
        o.seed = strtoull(cli_get(a, "seed"), &end, 10);
        if (*end) {
            cli_error(a, "--seed: expected a whole number");
            return CLI_USAGE;
        }
    }
    hs_tz tz = HS_TZ_STOCKHOLM;
    if (cli_get(a, "tz") && hs_tz_parse(&tz, cli_get(a, "tz"))) {
        return CLI_USAGE;
    }
    size_t nr = hs_records_count(rec);
    double *x = malloc((nr ? nr : 1) * sizeof *x);
    double *y = malloc((nr ? nr : 1) * sizeof *y);
    double *t = malloc((nr ? nr : 1) * sizeof *t);
    size_t nc = o.n_dist * o.n_day;
    int64_t *obs = malloc(nc * sizeof *obs);
    double *mean = malloc(nc * sizeof *mean);
    double *ratio = malloc(nc * sizeof *ratio);
    double *p = malloc(nc * sizeof *p);
    size_t m = 0;
    if (!x || !y || !t || !obs || !mean || !ratio || !p) {
        rc = cli_fail(a, HS_ENOMEM);
        goto done;
    }
    m = hs_knox_points(x, y, t, rec, tz);
    if (m < 2) {
        cli_error(a, "fewer than 2 records with a place and a time");
        rc = CLI_NODATA;
        goto done;
    }
    cli_info(a, "%zu incidents with place and time; %s distance; %d permutations, seed %llu", m,
             o.manhattan ? "Manhattan" : "Euclidean", o.permutations, (unsigned long long)o.seed);
    rc = hs_knox_run(obs, mean, ratio, p, a->ctx, x, y, t, m, &o);
    if (rc) {
        rc = cli_fail(a, rc);
        goto done;
    }
    rc = write_table(a, &o, obs, mean, ratio, p, out,
                     hs_records_crs(rec) > 0 ? hs_records_crs(rec) : 3006);
done:
    free(x);
    free(y);
    free(t);
    free(obs);
    free(mean);
    free(ratio);
    free(p);
    return rc;
}

static int run(cli_args *a)
{
    return stats_run(a, analyse);
}

const cli_cmd cmd_nearrepeat = {
    "nearrepeat", "INPUT -o OUT.gpkg [--distance-bands 100,200] [--day-bands 7,14]",
    "near-repeat (Knox) test: distance bands x day bands against permuted times", opts, run};
