/*
 * Writes the street-segment results (segments.h) as the `segments` and `segments_gistar`
 * GeoPackage layers through the public gpkg API, and their measures as run parameters, so that
 * the map, the report and QGIS read back what was computed. It computes nothing itself.
 */
#include "core/hs_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A number with prec decimals (prec < 0: the shortest form); NaN is written empty. */
static int set_num(hs_gpkg *g, const char *name, int prec, double v, const char *how)
{
    char buf[64];
    if (isnan(v)) {
        return hs_gpkg_set_param(g, name, "", how);
    }
    if (prec < 0) {
        hs__fmt(buf, sizeof buf, "%g", v);
    } else {
        hs__fmt(buf, sizeof buf, "%.*f", prec, v);
    }
    return hs_gpkg_set_param(g, name, buf, how);
}

int hs_lorenz_write_params(hs_gpkg *g, const char *prefix, const hs_lorenz_summary *s)
{
    static const char *names[] = {"units", "total", "share25", "share50", "gini", "gini_gen"};
    double v[6] = {(double)s->n, s->total, s->share25, s->share50, s->gini, s->gini_gen};
    const int prec[6] = {0, -1, 6, 6, 6, 6};
    int rc = HS_OK;
    for (int i = 0; i < 6 && rc == HS_OK; i++) {
        char key[96];
        hs__fmt(key, sizeof key, "%s_%s", prefix, names[i]);
        rc = set_num(g, key, prec[i], v[i], "computed");
    }
    return rc;
}

static int write_params(hs_gpkg *g, const hs_network *net, const hs_segments_result *r,
                        const char *const *cat_names, const hs_segments_opts *o)
{
    int rc = set_num(g, "segments_snap_m", -1, o->snap, "given");
    rc = rc ? rc
            : hs_gpkg_set_param(g, "segments_snap_rule",
                                "nearest segment within the snap distance (exact, address, street "
                                "and intersection precision); within 1 m of a node shared by "
                                "several segments: split equally between them",
                                "fixed");
    rc = rc ? rc : set_num(g, "segments_count", 0, (double)r->nseg, "computed");
    rc = rc ? rc : set_num(g, "segments_nodes", 0, (double)hs_network_node_count(net), "computed");
    rc = rc ? rc : set_num(g, "segments_records", 0, (double)r->n_records, "computed");
    rc = rc ? rc : set_num(g, "segments_precise", 0, (double)r->n_precise, "computed");
    rc = rc ? rc : set_num(g, "segments_snapped", 0, (double)r->n_snapped, "computed");
    rc = rc ? rc : set_num(g, "segments_at_node", 0, (double)r->n_at_node, "computed");
    rc = rc ? rc : set_num(g, "segments_unsnapped_far", 0, (double)r->n_far, "computed");
    rc = rc ? rc
            : set_num(g, "segments_unsnapped_coarse", 0, (double)(r->n_records - r->n_precise),
                      "computed");
    rc = rc ? rc : set_num(g, "segments_mean_snap_m", 2, r->mean_snap, "computed");
    rc = rc ? rc
            : set_num(g, "segments_gistar_distance_m", -1, o->distance,
                      o->distance > 0 ? "given" : "sharing a node");
    rc = rc ? rc : set_num(g, "segments_alpha", -1, o->alpha, "given");
    rc = rc ? rc : hs_lorenz_write_params(g, "conc_segments", &r->conc);
    for (size_t k = 0; rc == HS_OK && k < r->ncat && k < 32; k++) {
        char suf[64], pre[96];
        hs_field_suffix(suf, sizeof suf, cat_names && cat_names[k] ? cat_names[k] : "okand");
        hs__fmt(pre, sizeof pre, "conc_segments_n_%s", suf);
        rc = r->conc_cat[k].total > 0 ? hs_lorenz_write_params(g, pre, &r->conc_cat[k]) : HS_OK;
    }
    if (rc == HS_OK && r->year_a) {
        char pre[64];
        hs__fmt(pre, sizeof pre, "conc_segments_%d", r->year_a);
        rc = r->conc_a.total > 0 ? hs_lorenz_write_params(g, pre, &r->conc_a) : HS_OK;
        hs__fmt(pre, sizeof pre, "conc_segments_%d", r->year_b);
        rc = rc ? rc : r->conc_b.total > 0 ? hs_lorenz_write_params(g, pre, &r->conc_b) : HS_OK;
    }
    if (rc == HS_OK && r->year_a) {
        rc = set_num(g, "segments_stability_years", 0, r->year_a * 10000.0 + r->year_b, "computed");
        rc = rc ? rc : set_num(g, "segments_stability_top_share", -1, o->top_share, "given");
        rc = rc ? rc : set_num(g, "segments_stability_ntop", 0, (double)r->stab.ntop, "computed");
        rc = rc ? rc : set_num(g, "segments_stability_stay", 6, r->stab.stay, "computed");
        rc = rc ? rc : set_num(g, "segments_stability_spearman", 6, r->stab.spearman, "computed");
        rc = rc ? rc : set_num(g, "segments_stability_mean_a", 6, r->stab.mean_a, "computed");
        rc = rc ? rc : set_num(g, "segments_stability_mean_b", 6, r->stab.mean_b, "computed");
        for (size_t k = 0; rc == HS_OK && k < r->npairs; k++) {
            char key[96];
            hs__fmt(key, sizeof key, "segments_stability_%d_%d_stay", r->pair_year[k],
                    r->pair_year[k] + 1);
            rc = set_num(g, key, 6, r->pair[k].stay, "computed");
            hs__fmt(key, sizeof key, "segments_stability_%d_%d_spearman", r->pair_year[k],
                    r->pair_year[k] + 1);
            rc = rc ? rc : set_num(g, key, 6, r->pair[k].spearman, "computed");
        }
    }
    return rc;
}

/* The name of a street crossing segment s at node k: the first other segment there with a name
 * other than s's own; NULL when the street only continues or ends there. */
static const char *cross_street(const hs_network *net, int64_t k, const char *own, size_t s)
{
    const int64_t *segs;
    size_t ns;
    if (hs_network_node_get(NULL, &segs, &ns, net, (size_t)k) != HS_OK) {
        return NULL;
    }
    for (size_t i = 0; i < ns; i++) {
        hs_network_segment o;
        if ((size_t)segs[i] != s && hs_network_segment_get(&o, net, (size_t)segs[i]) == HS_OK &&
            o.name[0] && strcmp(o.name, own) != 0) {
            return o.name;
        }
    }
    return NULL;
}

typedef struct by_n {
    double n;
    size_t i;
} by_n;

static int cmp_by_n(const void *a, const void *b)
{
    const by_n *x = a, *y = b;
    if (x->n != y->n) {
        return x->n < y->n ? 1 : -1;
    }
    return (x->i > y->i) - (x->i < y->i);
}

static int ranks(size_t *rank, const double *n, size_t ns)
{
    by_n *o = malloc((ns + 1) * sizeof *o);
    if (!o) {
        return HS_ENOMEM;
    }
    for (size_t s = 0; s < ns; s++) {
        o[s] = (by_n){n[s], s};
    }
    qsort(o, ns, sizeof *o, cmp_by_n);
    size_t r = 1;
    for (size_t k = 0; k < ns; k++) {
        if (k > 0 && o[k].n != o[k - 1].n) {
            r = k + 1;
        }
        rank[o[k].i] = r;
    }
    free(o);
    return HS_OK;
}

static int write_gistar(hs_gpkg *g, const hs_network *net, const hs_segments_result *r)
{
    if (!r->gistar_ok) {
        return HS_OK;
    }
    static const hs_field_def fields[] = {
        {"segment_id", HS_FIELD_INT}, {"name", HS_FIELD_TEXT},       {"n", HS_FIELD_REAL},
        {"gi_z", HS_FIELD_REAL},      {"gi_p", HS_FIELD_REAL},       {"gi_q", HS_FIELD_REAL},
        {"gi_bin", HS_FIELD_INT},     {"n_neighbours", HS_FIELD_INT}};
    enum { NF = sizeof fields / sizeof fields[0] };
    int rc = hs_gpkg_layer_begin(g, "segments_gistar", HS_GEOM_LINESTRING, fields, NF);
    for (size_t s = 0; rc == HS_OK && s < r->nseg; s++) {
        hs_network_segment sg;
        hs_network_segment_get(&sg, net, s);
        size_t len = sg.npts;
        hs_geom geom = {HS_GEOM_LINESTRING, 0, 0, sg.pts, &len, 1};
        hs_value v[NF] = {{0}};
        v[0].i = (int64_t)s + 1;
        v[1].s = sg.name;
        v[1].null = !sg.name[0];
        v[2].d = r->n[s];
        v[3].d = r->z[s];
        v[3].null = isnan(r->z[s]);
        v[4].d = r->p[s];
        v[4].null = isnan(r->p[s]);
        v[5].d = r->q[s];
        v[5].null = isnan(r->q[s]);
        v[6].i = r->bin[s];
        v[7].i = r->nnb[s];
        rc = hs_gpkg_add_row(g, &geom, v);
    }
    return rc;
}

int hs_segments_write(hs_gpkg *g, const hs_network *net, const hs_segments_result *r,
                      const char *const *cat_names, const hs_segments_opts *opts, int64_t min_count)
{
    hs_segments_opts o = HS_SEGMENTS_OPTS_INIT;
    if (opts) {
        o = *opts;
    }
    if (!g || !net || !r || !r->n || r->nseg != hs_network_segment_count(net)) {
        return HS_EINVAL;
    }
    size_t ns = r->nseg, ncat = r->ncat;
    enum { NHEAD = 10, NTAIL = 8 };
    size_t nf = NHEAD + ncat + NTAIL;
    hs_field_def *f = calloc(nf, sizeof *f);
    hs_value *v = calloc(nf, sizeof *v);
    char(*catf)[80] = calloc(ncat + 1, sizeof *catf);
    size_t *rank = malloc((ns + 1) * sizeof *rank);
    const char **win = calloc(ns + 1, sizeof *win);
    if (!f || !v || !catf || !rank || !win) {
        free(f);
        free(v);
        free(catf);
        free(rank);
        free(win);
        return HS_ENOMEM;
    }
    static const hs_field_def head[NHEAD] = {
        {"segment_id", HS_FIELD_INT}, {"name", HS_FIELD_TEXT}, {"type", HS_FIELD_TEXT},
        {"length_m", HS_FIELD_REAL},  {"n", HS_FIELD_REAL},    {"n_per_100m", HS_FIELD_REAL},
        {"share", HS_FIELD_REAL},     {"rank", HS_FIELD_INT},  {"from_street", HS_FIELD_TEXT},
        {"to_street", HS_FIELD_TEXT}};
    static const hs_field_def tail[NTAIL] = {
        {"gi_z", HS_FIELD_REAL},         {"gi_p", HS_FIELD_REAL},        {"gi_q", HS_FIELD_REAL},
        {"gi_bin", HS_FIELD_INT},        {"n_neighbours", HS_FIELD_INT}, {"window", HS_FIELD_TEXT},
        {"window_share", HS_FIELD_REAL}, {"suppressed", HS_FIELD_INT}};
    memcpy(f, head, sizeof head);
    for (size_t k = 0; k < ncat; k++) {
        char suf[64];
        hs_field_suffix(suf, sizeof suf, cat_names && cat_names[k] ? cat_names[k] : "okand");
        hs__fmt(catf[k], sizeof catf[k], "n_%s", suf);
        f[NHEAD + k] = (hs_field_def){catf[k], HS_FIELD_REAL};
    }
    memcpy(f + NHEAD + ncat, tail, sizeof tail);
    /* rank 1 = the most incidents (ties share the better rank) */
    int rc = ranks(rank, r->n, ns);
    double *wshare = calloc(ns + 1, sizeof *wshare);
    rc = rc ? rc : wshare ? HS_OK : HS_ENOMEM;
    for (size_t k = 0; rc == HS_OK && k < r->ntop; k++) {
        win[r->top[k]] = r->top_window[k][0] ? r->top_window[k] : NULL;
        wshare[r->top[k]] = r->top_window_share[k];
    }
    rc = rc ? rc : hs_gpkg_layer_begin(g, "segments", HS_GEOM_LINESTRING, f, nf);
    double total = r->conc.total;
    for (size_t s = 0; rc == HS_OK && s < ns; s++) {
        hs_network_segment sg;
        hs_network_segment_get(&sg, net, s);
        size_t len = sg.npts;
        hs_geom geom = {HS_GEOM_LINESTRING, 0, 0, sg.pts, &len, 1};
        memset(v, 0, nf * sizeof *v);
        v[0].i = (int64_t)s + 1;
        v[1].s = sg.name;
        v[1].null = !sg.name[0];
        v[2].s = sg.type;
        v[2].null = !sg.type[0];
        v[3].d = sg.length;
        v[4].d = r->n[s];
        v[5].d = sg.length > 0 ? r->n[s] * 100.0 / sg.length : 0;
        v[6].d = total > 0 ? r->n[s] / total : 0;
        v[7].i = (int64_t)rank[s];
        v[8].s = cross_street(net, sg.from, sg.name, s);
        v[8].null = !v[8].s;
        v[9].s = cross_street(net, sg.to, sg.name, s);
        v[9].null = !v[9].s;
        for (size_t k = 0; k < ncat; k++) {
            v[NHEAD + k].d = r->cat[k * ns + s];
        }
        hs_value *t = v + NHEAD + ncat;
        t[0].d = r->z[s];
        t[0].null = !r->gistar_ok || isnan(r->z[s]);
        t[1].d = r->p[s];
        t[1].null = t[0].null || isnan(r->p[s]);
        t[2].d = r->q[s];
        t[2].null = t[0].null || isnan(r->q[s]);
        t[3].i = r->gistar_ok ? r->bin[s] : 0;
        t[4].i = r->nnb[s];
        t[5].s = win[s];
        t[5].null = !win[s];
        t[6].d = wshare[s];
        t[6].null = !win[s];
        t[7].i = r->n[s] > 0 && r->n[s] < (double)min_count;
        rc = hs_gpkg_add_row(g, &geom, v);
    }
    free(f);
    free(v);
    free(catf);
    free(rank);
    free(win);
    free(wshare);
    rc = rc ? rc : write_gistar(g, net, r);
    return rc ? rc : write_params(g, net, r, cat_names, &o);
}
