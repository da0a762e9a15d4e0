/*
 * `hotspot segments`: crime concentration at street segments. Reads the incidents and a street
 * network (any OGR line layer), snaps the precise incidents to the nearest segment, and writes the
 * `segments` and `segments_gistar` layers with the measures in the run table; prints the
 * concentration summary. CLI glue only: the analysis is hs_segments_analyse.
 */
#include "stats_input.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const cli_opt opts[] = {
    CLI_OUT_OPTS,
    {"network", 0, "LINES", "street network: any line layer OGR reads (NVDB, OSM highways ...)"},
    {"network-layer", 0, "NAME", "layer of the network (default: the first line layer)"},
    {"name-field", 0, "COL", "street name column (default: NAMN, name, gatunamn ...)"},
    {"type-field", 0, "COL", "street type column (default: TYP, highway, typ ...)"},
    {"snap", 0, "M", "snap distance to the nearest segment (default 50 m)"},
    {"max-length", 0, "M", "split segments longer than this into equal parts (default: never)"},
    {"distance", 0, "M",
     "Gi* neighbours: segments within this network distance (default 0: sharing a node)"},
    {"alpha", 0, "A", "FDR level for the Gi* classes (default 0.05)"},
    {"min-count", 0, "N", "segments with fewer incidents are marked suppressed (default 5)"},
    CLI_READ_OPTS,
    CLI_OPT_END};

static int length_opt(double *v, cli_args *a, const char *name, int zero_ok)
{
    const char *s = cli_get(a, name);
    if (s && (cli_parse_length(v, s) || !(zero_ok ? *v >= 0 : *v > 0))) {
        return cli_usage(a, "--%s: expected a %s length in metres", name,
                         zero_ok ? "non-negative" : "positive");
    }
    return CLI_OK;
}

static void print_summary(const char *out, const hs_segments_result *r)
{
    printf("%s: segments layer, %zu segments\n", out, r->nseg);
    printf("incidents: %zu, precise %zu, snapped %zu (%zu at intersections, split), farther than "
           "the snap distance %zu, too coarse %zu\n",
           r->n_records, r->n_precise, r->n_snapped, r->n_at_node, r->n_far,
           r->n_records - r->n_precise);
    if (r->conc.total > 0) {
        printf("50 %% of the incidents on %.1f %% of the segments, 25 %% on %.1f %%; Gini %.3f, "
               "generalised Gini %.3f\n",
               100 * r->conc.share50, 100 * r->conc.share25, r->conc.gini, r->conc.gini_gen);
    }
    if (r->year_a) {
        printf("stability %d-%d: %zu of %zu top segments stay on top (%.0f %%), Spearman %.3f "
               "(mean %.2f and %.2f incidents per segment)\n",
               r->year_a, r->year_b, r->stab.nstay, r->stab.ntop, 100 * r->stab.stay,
               r->stab.spearman, r->stab.mean_a, r->stab.mean_b);
    }
}

static int analyse(cli_args *a, hs_records *rec, const char *out)
{
    hs_segments_opts so = HS_SEGMENTS_OPTS_INIT;
    hs_network_opts no = HS_NETWORK_OPTS_INIT;
    double alpha = 0.05;
    long min_count = 5;
    int rc = length_opt(&so.snap, a, "snap", 0);
    rc = rc ? rc : length_opt(&no.max_length, a, "max-length", 1);
    rc = rc ? rc : length_opt(&so.distance, a, "distance", 1);
    if (rc) {
        return rc;
    }
    if (cli_get(a, "alpha")) {
        char *end;
        alpha = strtod(cli_get(a, "alpha"), &end);
        if (*end || !(alpha > 0 && alpha < 1)) {
            return cli_usage(a, "--alpha: expected a number between 0 and 1");
        }
    }
    so.alpha = alpha;
    if (cli_get(a, "min-count") &&
        cli_parse_long(&min_count, cli_get(a, "min-count"), 0, 1000000)) {
        return cli_usage(a, "--min-count: expected a whole number");
    }
    if (cli_get(a, "tz") && hs_tz_parse(&so.tz, cli_get(a, "tz"))) {
        return cli_usage(a, "--tz: expected Europe/Stockholm or UTC");
    }
    hs_network_read_opts ro = HS_NETWORK_READ_OPTS_INIT;
    ro.layer = cli_get(a, "network-layer");
    ro.name_field = cli_get(a, "name-field");
    ro.type_field = cli_get(a, "type-field");
    ro.epsg = hs_records_crs(rec) > 0 ? hs_records_crs(rec) : 3006;
    hs_network *net = NULL;
    hs_segments_result r;
    memset(&r, 0, sizeof r);
    hs_gpkg *gp = NULL;
    const char **names = NULL;
    rc = hs_network_read(&net, a->ctx, cli_get(a, "network"), &ro, &no);
    if (rc == HS_OK) {
        cli_info(a, "network: %zu lines, %zu segments, %zu nodes%s", hs_network_line_count(net),
                 hs_network_segment_count(net), hs_network_node_count(net),
                 no.max_length > 0 ? " (segments capped in length)" : "");
        cli_info(a,
                 "snapping: exact, address, street and intersection precision within %g m; at a "
                 "node shared by several segments (within 1 m) split equally",
                 so.snap);
        rc = hs_segments_analyse(&r, a->ctx, net, rec, &so);
    }
    size_t ncat = hs_records_category_count(rec);
    names = calloc(ncat + 1, sizeof *names);
    for (size_t k = 0; names && k < ncat; k++) {
        names[k] = hs_records_category_name(rec, k);
    }
    if (rc == HS_OK) {
        hs_gpkg_opts gpo = HS_GPKG_OPTS_INIT;
        gpo.overwrite = cli_has(a, "overwrite");
        gpo.epsg = ro.epsg;
        rc = hs_gpkg_open(&gp, a->ctx, out, &gpo);
        rc = rc ? rc : hs_segments_write(gp, net, &r, names, &so, min_count);
        rc = rc ? rc
                : hs_gpkg_add_input(gp, cli_get(a, "network"), (int64_t)hs_network_line_count(net));
        rc = rc ? rc : hs_gpkg_commit(gp);
    }
    if (rc == HS_OK) {
        print_summary(out, &r);
    }
    free(names);
    hs_gpkg_close(gp);
    hs_segments_result_free(&r);
    hs_network_free(net);
    return rc ? cli_fail(a, rc) : CLI_OK;
}

static int run(cli_args *a)
{
    if (!cli_get(a, "network")) {
        return cli_usage(a, "--network LINES is required");
    }
    return stats_run(a, analyse);
}

const cli_cmd cmd_segments = {"segments", "INPUT --network LINES -o OUT.gpkg [--snap 50]",
                              "crime concentration at street segments (Lorenz, Gini, Gi*)", opts,
                              run};
