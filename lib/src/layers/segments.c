/*
 * Crime concentration at street segments (segments.h): snapping the precise incidents to the
 * network, counts per segment and category, the concentration summaries, Gi* over network
 * neighbours, stability between the first and last year, and the time windows of the top
 * segments. It composes the public network, lorenz, gistar and concentrations APIs and writes
 * nothing; segments_write.c writes the layers.
 */
#include "core/hs_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void hs_segments_result_free(hs_segments_result *r)
{
    if (!r) {
        return;
    }
    free(r->n);
    free(r->cat);
    free(r->z);
    free(r->p);
    free(r->q);
    free(r->bin);
    free(r->nnb);
    free(r->top);
    free(r->top_window);
    free(r->top_window_share);
    memset(r, 0, sizeof *r);
}

static int precise(hs_precision p)
{
    return p == HS_PREC_EXACT || p == HS_PREC_ADDRESS || p == HS_PREC_STREET ||
           p == HS_PREC_INTERSECTION;
}

static int64_t year_of(int64_t t, hs_tz tz)
{
    int64_t y;
    int m, d;
    int64_t wall = hs_tz_utc_to_wall(tz, t);
    int64_t days = wall >= 0 ? wall / 86400 : -((-wall + 86399) / 86400);
    hs_civil_from_days(&y, &m, &d, days);
    return y;
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

/* The counts per segment of the snapped incidents of one year (ys: each record's year; sy a
 * work array of n). */
static void year_counts(double *out, const hs_network *net, const hs_records *rec,
                        const int64_t *seg, const int64_t *node, const int64_t *ys, int64_t *sy,
                        int64_t year)
{
    size_t n = hs_records_count(rec);
    memset(out, 0, hs_network_segment_count(net) * sizeof *out);
    for (size_t i = 0; i < n; i++) {
        sy[i] = ys[i] == year ? seg[i] : -1;
    }
    hs_network_tally(out, net, sy, node, hs_records_weight(rec), n);
}

/* Stability: counts per segment of the first and last year with snapped incidents, and of each
 * pair of consecutive years. */
static int stability(hs_segments_result *r, hs_ctx *ctx, const hs_network *net,
                     const hs_records *rec, const int64_t *seg, const int64_t *node,
                     const hs_segments_opts *o)
{
    size_t n = hs_records_count(rec), ns = r->nseg;
    const int64_t *tf = hs_records_t_from(rec);
    int64_t y0 = INT64_MAX, y1 = INT64_MIN;
    for (size_t i = 0; i < n; i++) {
        if (seg[i] >= 0 && tf[i] != HS_TIME_NONE) {
            int64_t y = year_of(tf[i], o->tz);
            y0 = y < y0 ? y : y0;
            y1 = y > y1 ? y : y1;
        }
    }
    if (y0 == INT64_MAX || y1 <= y0) {
        return HS_OK;
    }
    double *a = calloc(ns + 1, sizeof *a), *b = calloc(ns + 1, sizeof *b);
    int64_t *ys = malloc((n + 1) * sizeof *ys), *sy = malloc((n + 1) * sizeof *sy);
    int rc = a && b && ys && sy ? HS_OK : hs__error(ctx, HS_ENOMEM, "segments: out of memory");
    for (size_t i = 0; rc == HS_OK && i < n; i++) {
        ys[i] = seg[i] >= 0 && tf[i] != HS_TIME_NONE ? year_of(tf[i], o->tz) : INT64_MIN;
    }
    if (rc == HS_OK) {
        year_counts(a, net, rec, seg, node, ys, sy, y0);
        year_counts(b, net, rec, seg, node, ys, sy, y1);
        rc = hs_lorenz_stability_of(&r->stab, ctx, a, b, ns, o->top_share);
        if (rc == HS_OK && (hs_lorenz_summary_of(&r->conc_a, ctx, a, ns) != HS_OK ||
                            hs_lorenz_summary_of(&r->conc_b, ctx, b, ns) != HS_OK)) {
            hs_ctx_clear_error(ctx);
        }
        r->year_a = (int)y0;
        r->year_b = (int)y1;
    }
    /* each pair of consecutive years: b holds year y + 1 after a holds y */
    if (rc == HS_OK) {
        year_counts(a, net, rec, seg, node, ys, sy, y0);
    }
    for (int64_t y = y0; rc == HS_OK && y < y1 && r->npairs < 16; y++) {
        year_counts(b, net, rec, seg, node, ys, sy, y + 1);
        rc = hs_lorenz_stability_of(&r->pair[r->npairs], ctx, a, b, ns, o->top_share);
        r->pair_year[r->npairs++] = (int)y;
        double *t = a;
        a = b;
        b = t;
    }
    free(a);
    free(b);
    free(ys);
    free(sy);
    return rc;
}

/* The strongest time window of each top segment (its own incidents against all snapped ones). */
static int windows(hs_segments_result *r, hs_ctx *ctx, const hs_records *rec, const int64_t *seg,
                   const hs_segments_opts *o)
{
    size_t n = hs_records_count(rec), nt = r->ntop;
    if (nt == 0) {
        return HS_OK;
    }
    int32_t *unit = malloc((n + 1) * sizeof *unit), *all = malloc((n + 1) * sizeof *all);
    int32_t *slot = malloc((r->nseg + 1) * sizeof *slot);
    double *tab = calloc((nt + 1) * 168, sizeof *tab);
    int rc = unit && all && slot && tab ? HS_OK : hs__error(ctx, HS_ENOMEM, "segments: windows");
    for (size_t s = 0; rc == HS_OK && s < r->nseg; s++) {
        slot[s] = -1;
    }
    for (size_t k = 0; rc == HS_OK && k < nt; k++) {
        slot[r->top[k]] = (int32_t)k;
    }
    for (size_t i = 0; rc == HS_OK && i < n; i++) {
        unit[i] = seg[i] >= 0 ? slot[seg[i]] : -1;
        all[i] = seg[i] >= 0 ? 0 : -1;
    }
    hs_aoristic_opts ao = HS_AORISTIC_OPTS_INIT;
    ao.tz = o->tz;
    ao.max_window = o->max_window;
    rc = rc ? rc
            : hs_aoristic_table(tab + nt * 168, NULL, ctx, hs_records_t_from(rec),
                                hs_records_t_to(rec), hs_records_weight(rec), all, n, 1, &ao);
    rc = rc ? rc
            : hs_aoristic_table(tab, NULL, ctx, hs_records_t_from(rec), hs_records_t_to(rec),
                                hs_records_weight(rec), unit, n, nt, &ao);
    hs_concentration *c = NULL;
    size_t nc = 0;
    if (rc == HS_OK) {
        hs_conc_opts co = HS_CONC_OPTS_INIT;
        co.per_unit = 1;
        rc = hs_concentrations_find(&c, &nc, ctx, tab, nt, tab + nt * 168, &co);
        if (rc == HS_ENODATA) {
            hs_ctx_clear_error(ctx);
            rc = HS_OK;
        }
    }
    for (size_t k = 0; rc == HS_OK && k < nc; k++) {
        size_t u = c[k].unit;
        if (u < nt && !r->top_window[u][0]) {
            hs__fmt(r->top_window[u], sizeof r->top_window[u], "%s", c[k].label);
            r->top_window_share[u] = c[k].share;
        }
    }
    hs_concentrations_free(c);
    free(unit);
    free(all);
    free(slot);
    free(tab);
    return rc;
}

int hs_segments_analyse(hs_segments_result *r, hs_ctx *ctx, const hs_network *net,
                        const hs_records *rec, const hs_segments_opts *opts)
{
    hs_segments_opts o = HS_SEGMENTS_OPTS_INIT;
    if (opts) {
        o = *opts;
    }
    if (!r || !net || !rec) {
        return hs__error(ctx, HS_EINVAL, "segments: a result, a network and records needed");
    }
    memset(r, 0, sizeof *r);
    if (!(o.snap > 0) || !(o.distance >= 0) || !(o.alpha > 0 && o.alpha < 1)) {
        return hs__error(ctx, HS_EINVAL,
                         "segments: snap distance > 0, network distance >= 0 and alpha in (0, 1)");
    }
    size_t n = hs_records_count(rec), ns = hs_network_segment_count(net);
    size_t ncat = hs_records_category_count(rec);
    if (ns == 0) {
        return hs__error(ctx, HS_ENODATA, "segments: the street network has no segment");
    }
    r->nseg = ns;
    r->ncat = ncat;
    r->n_records = n;
    double *x = malloc((n + 1) * sizeof *x), *y = malloc((n + 1) * sizeof *y);
    double *dist = malloc((n + 1) * sizeof *dist);
    int64_t *seg = malloc((n + 1) * sizeof *seg), *node = malloc((n + 1) * sizeof *node);
    int64_t *cseg = malloc((n + 1) * sizeof *cseg);
    r->n = calloc(ns, sizeof *r->n);
    r->cat = calloc(ns * (ncat ? ncat : 1), sizeof *r->cat);
    r->z = malloc(ns * sizeof *r->z);
    r->p = malloc(ns * sizeof *r->p);
    r->q = malloc(ns * sizeof *r->q);
    r->bin = calloc(ns, 1);
    r->nnb = calloc(ns, sizeof *r->nnb);
    int rc = x && y && dist && seg && node && cseg && r->n && r->cat && r->z && r->p && r->q &&
                     r->bin && r->nnb
                 ? HS_OK
                 : hs__error(ctx, HS_ENOMEM, "segments: out of memory");
    const uint8_t *prec = hs_records_precision(rec);
    for (size_t i = 0; rc == HS_OK && i < n; i++) {
        int ok = precise((hs_precision)prec[i]) && isfinite(hs_records_x(rec)[i]) &&
                 isfinite(hs_records_y(rec)[i]);
        x[i] = ok ? hs_records_x(rec)[i] : NAN;
        y[i] = ok ? hs_records_y(rec)[i] : NAN;
        r->n_precise += (size_t)ok;
    }
    rc = rc ? rc : hs_network_snap(seg, node, dist, ctx, net, x, y, n, o.snap);
    double dsum = 0;
    for (size_t i = 0; rc == HS_OK && i < n; i++) {
        if (seg[i] >= 0) {
            r->n_snapped++;
            r->n_at_node += node[i] >= 0;
            dsum += dist[i];
        } else if (isfinite(x[i])) {
            r->n_far++;
        }
    }
    r->mean_snap = r->n_snapped ? dsum / (double)r->n_snapped : NAN;
    if (rc == HS_OK) {
        hs_network_tally(r->n, net, seg, node, hs_records_weight(rec), n);
        const int32_t *cat = hs_records_category(rec);
        for (size_t k = 0; k < ncat; k++) {
            for (size_t i = 0; i < n; i++) {
                cseg[i] = cat && cat[i] == (int32_t)k ? seg[i] : -1;
            }
            hs_network_tally(r->cat + k * ns, net, cseg, node, hs_records_weight(rec), n);
            if (k < 32 && hs_lorenz_summary_of(&r->conc_cat[k], ctx, r->cat + k * ns, ns)) {
                hs_ctx_clear_error(ctx);
            }
        }
    }
    if (rc == HS_OK) {
        int lrc = hs_lorenz_summary_of(&r->conc, ctx, r->n, ns);
        if (lrc == HS_ENODATA) {
            hs_ctx_clear_error(ctx);
        } else {
            rc = lrc;
        }
    }
    /* Gi* over network neighbours */
    if (rc == HS_OK) {
        int64_t *start = NULL, *idx = NULL;
        rc = hs_network_neighbours(&start, &idx, ctx, net, o.distance);
        int grc =
            rc ? rc : hs_gistar_lists(r->z, r->p, r->q, r->bin, r->nnb, ctx, r->n, ns, start, idx);
        free(start);
        free(idx);
        if (rc == HS_OK && grc == HS_OK) {
            r->gistar_ok = 1;
        } else if (rc == HS_OK && grc == HS_ENODATA) {
            hs_ctx_clear_error(ctx);
            for (size_t s = 0; s < ns; s++) {
                r->z[s] = r->p[s] = r->q[s] = NAN;
            }
        } else {
            rc = rc ? rc : grc;
        }
    }
    rc = rc ? rc : stability(r, ctx, net, rec, seg, node, &o);
    /* top segments */
    if (rc == HS_OK) {
        by_n *ord = malloc(ns * sizeof *ord);
        size_t nt = o.top < ns ? o.top : ns;
        r->top = malloc((nt + 1) * sizeof *r->top);
        r->top_window = calloc(nt + 1, sizeof *r->top_window);
        r->top_window_share = calloc(nt + 1, sizeof *r->top_window_share);
        rc = ord && r->top && r->top_window && r->top_window_share
                 ? HS_OK
                 : hs__error(ctx, HS_ENOMEM, "segments: out of memory");
        for (size_t s = 0; rc == HS_OK && s < ns; s++) {
            ord[s] = (by_n){r->n[s], s};
        }
        if (rc == HS_OK) {
            qsort(ord, ns, sizeof *ord, cmp_by_n);
            for (size_t k = 0; k < nt && ord[k].n > 0; k++) {
                r->top[r->ntop++] = ord[k].i;
            }
        }
        free(ord);
    }
    rc = rc ? rc : windows(r, ctx, rec, seg, &o);
    free(x);
    free(y);
    free(dist);
    free(seg);
    free(node);
    free(cseg);
    if (rc != HS_OK) {
        hs_segments_result_free(r);
    }
    return rc;
}
