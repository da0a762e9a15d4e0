/*
 * The `measures` layer (a row per measure and area role, with its counts and evaluation) and the
 * `measure_series` table (monthly counts per role) of the follow-up of measures.
 */
#include "core/hs_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void date_text(char out[16], int64_t day)
{
    int64_t y;
    int m, d;
    hs_civil_from_days(&y, &m, &d, day);
    hs__fmt(out, 16, "%04lld-%02d-%02d", (long long)y, m, d);
}

static void real(hs_value *v, double d)
{
    v->null = !isfinite(d);
    v->d = isfinite(d) ? d : 0.0;
}

static void text(hs_value *v, const char *s)
{
    v->null = !s;
    v->s = s;
}

/* The polygons of area k (k < 0: all areas) as one multipolygon's rings. */
static int area_geom(hs_geom *geom, hs_point **pts, size_t **len, const hs_areas *a, int64_t k)
{
    size_t total = 0, nr = 0, cap_p = 0, cap_r = 0;
    for (size_t i = 0; i < hs_areas_count(a); i++) {
        if (k >= 0 && (int64_t)i != k) {
            continue;
        }
        const hs_point *p;
        const size_t *rl;
        size_t n;
        if (hs_areas_rings(&p, &rl, &n, NULL, a, i) != HS_OK) {
            continue;
        }
        size_t np = 0;
        for (size_t r = 0; r < n; r++) {
            np += rl[r];
        }
        if (hs__grow((void **)pts, &cap_p, total + np, sizeof **pts) ||
            hs__grow((void **)len, &cap_r, nr + n, sizeof **len)) {
            return HS_ENOMEM;
        }
        memcpy(*pts + total, p, np * sizeof *p);
        memcpy(*len + nr, rl, n * sizeof *rl);
        total += np;
        nr += n;
    }
    *geom = (hs_geom){nr ? HS_GEOM_MULTIPOLYGON : HS_GEOM_NONE, 0, 0, *pts, *len, nr};
    return HS_OK;
}

static int write_series(hs_gpkg *g, const hs_measure_series_row *s, size_t n)
{
    static const hs_field_def f[] = {{"measure", HS_FIELD_TEXT},
                                     {"month", HS_FIELD_TEXT},
                                     {"target", HS_FIELD_REAL},
                                     {"buffer", HS_FIELD_REAL},
                                     {"control", HS_FIELD_REAL}};
    int rc = hs_gpkg_layer_begin(g, "measure_series", HS_GEOM_NONE, f, 5);
    for (size_t i = 0; rc == HS_OK && i < n; i++) {
        char month[16];
        hs__fmt(month, sizeof month, "%04lld-%02d", (long long)(s[i].month / 12),
                (int)(s[i].month % 12) + 1);
        hs_value v[5];
        memset(v, 0, sizeof v);
        text(&v[0], s[i].measure);
        text(&v[1], month);
        real(&v[2], s[i].target);
        real(&v[3], s[i].buffer);
        real(&v[4], s[i].control);
        rc = hs_gpkg_add_row(g, NULL, v);
    }
    return rc;
}

int hs_layer_measures(hs_gpkg *g, const hs_measure_row *rows, size_t n,
                      const hs_measure_series_row *series, size_t nseries)
{
    static const hs_field_def f[] = {{"measure", HS_FIELD_TEXT},   {"role", HS_FIELD_TEXT},
                                     {"area", HS_FIELD_TEXT},      {"categories", HS_FIELD_TEXT},
                                     {"buffer_m", HS_FIELD_REAL},  {"before_from", HS_FIELD_TEXT},
                                     {"before_to", HS_FIELD_TEXT}, {"after_from", HS_FIELD_TEXT},
                                     {"after_to", HS_FIELD_TEXT},  {"n_before", HS_FIELD_INT},
                                     {"n_after", HS_FIELD_INT},    {"res", HS_FIELD_REAL},
                                     {"res_lo", HS_FIELD_REAL},    {"res_hi", HS_FIELD_REAL},
                                     {"p", HS_FIELD_REAL},         {"wdq", HS_FIELD_REAL},
                                     {"wdq_class", HS_FIELD_TEXT}, {"tne", HS_FIELD_REAL},
                                     {"verdict", HS_FIELD_TEXT}};
    enum { NF = sizeof f / sizeof f[0] };
    if (!g || (n && !rows)) {
        return HS_EINVAL;
    }
    int rc = hs_gpkg_layer_begin(g, "measures", HS_GEOM_MULTIPOLYGON, f, NF);
    hs_point *pts = NULL;
    size_t *len = NULL;
    for (size_t i = 0; rc == HS_OK && i < n; i++) {
        const hs_measure_row *r = &rows[i];
        const hs_measure_result *m = r->result;
        char d[4][16];
        date_text(d[0], r->before_from);
        date_text(d[1], r->before_to);
        date_text(d[2], r->after_from);
        date_text(d[3], r->after_to);
        hs_value v[NF];
        memset(v, 0, sizeof v);
        text(&v[0], r->measure);
        text(&v[1], r->role);
        text(&v[2], r->area_name);
        text(&v[3], r->categories);
        real(&v[4], r->buffer_m);
        for (int k = 0; k < 4; k++) {
            text(&v[5 + k], d[k]);
        }
        v[9].i = (int64_t)r->n_before;
        v[10].i = (int64_t)r->n_after;
        real(&v[11], m ? m->res : NAN);
        real(&v[12], m ? m->res_lo : NAN);
        real(&v[13], m ? m->res_hi : NAN);
        real(&v[14], m ? m->p : NAN);
        real(&v[15], m ? m->wdq : NAN);
        text(&v[16], m ? hs_wdq_class_key(m->wdq_class) : NULL);
        real(&v[17], m ? m->tne : NAN);
        text(&v[18], m ? hs_measure_verdict_key(m->verdict) : NULL);
        hs_geom geom = {HS_GEOM_NONE, 0, 0, NULL, NULL, 0};
        if (r->areas) {
            rc = area_geom(&geom, &pts, &len, r->areas, r->area);
        }
        rc = rc ? rc : hs_gpkg_add_row(g, &geom, v);

        free(pts);
        free(len);
        pts = NULL;
        len = NULL;
    }
    rc = rc ? rc : write_series(g, series, nseries);
    return rc;
}
