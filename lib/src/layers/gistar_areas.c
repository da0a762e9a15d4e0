/*
 * Gi* on polygon counts (places, DeSO, stadsdelar): neighbours are the areas whose centroids lie
 * within a distance band of each other (inclusive), the area itself included, evaluated through
 * hs_gistar_lists; and the `gistar_places` layer writer. Centroids are computed from the rings
 * (area-weighted over the outer rings minus the holes). No GEOS or GDAL here.
 */
#include "core/hs_internal.h"

#include <math.h>
#include <stdlib.h>

int hs_areas_centroid(hs_point *out, const hs_areas *a, size_t k)
{
    const hs_point *pts;
    const size_t *rl;
    size_t nr;
    int rc = hs_areas_rings(&pts, &rl, &nr, NULL, a, k);
    if (rc != HS_OK) {
        return rc;
    }
    double A = 0, cx = 0, cy = 0;
    size_t off = 0;
    for (size_t r = 0; r < nr; r++) {
        /* signed shoelace: outer rings counter-clockwise add, holes clockwise subtract */
        for (size_t i = 0; i + 1 < rl[r]; i++) {
            const hs_point *p = &pts[off + i], *q = &pts[off + i + 1];
            double c = p->x * q->y - q->x * p->y;
            A += c;
            cx += (p->x + q->x) * c;
            cy += (p->y + q->y) * c;
        }
        off += rl[r];
    }
    if (fabs(A) < 1e-12) {
        return HS_EDATA;
    }
    out->x = cx / (3 * A);
    out->y = cy / (3 * A);
    return HS_OK;
}

int hs_gistar_areas(double *z, double *p, double *q, int8_t *bin, int32_t *nnb, hs_ctx *ctx,
                    const hs_areas *a, const double *counts, double distance)
{
    size_t n = a ? hs_areas_count(a) : 0;
    if (!counts || !(distance > 0)) {
        return hs__error(ctx, HS_EINVAL,
                         "Gi* on areas: counts and a positive distance band needed");
    }
    hs_point *c = malloc((n + 1) * sizeof *c);
    int64_t *start = malloc((n + 1) * sizeof *start);
    int64_t *idx = NULL;
    size_t nidx = 0, cap = 0;
    int rc = c && start ? HS_OK : hs__error(ctx, HS_ENOMEM, "out of memory");
    for (size_t k = 0; rc == HS_OK && k < n; k++) {
        if (hs_areas_centroid(&c[k], a, k) != HS_OK) {
            rc = hs__error(ctx, HS_EDATA, "area %s has no area", hs_areas_id(a, k));
        }
    }
    double d2 = distance * distance * (1.0 + 2e-9);
    for (size_t i = 0; rc == HS_OK && i < n; i++) {
        start[i] = (int64_t)nidx;
        for (size_t j = 0; j < n; j++) {
            double dx = c[i].x - c[j].x, dy = c[i].y - c[j].y;
            if (j != i && dx * dx + dy * dy <= d2) {
                if (hs__grow((void **)&idx, &cap, nidx + 1, sizeof *idx)) {
                    rc = hs__error(ctx, HS_ENOMEM, "out of memory");
                    break;
                }
                idx[nidx++] = (int64_t)j;
            }
        }
    }
    if (rc == HS_OK) {
        start[n] = (int64_t)nidx;
        rc = hs_gistar_lists(z, p, q, bin, nnb, ctx, counts, n, start, idx);
    }
    free(c);
    free(start);
    free(idx);
    return rc;
}

int hs_gistar_areas_write_layer(hs_gpkg *gp, const hs_areas *a, const double *counts,
                                const double *z, const double *p, const double *q,
                                const int8_t *bin, const int32_t *nnb)
{
    static const hs_field_def fields[] = {
        {"place_id", HS_FIELD_TEXT}, {"name", HS_FIELD_TEXT},       {"n", HS_FIELD_INT},
        {"gi_z", HS_FIELD_REAL},     {"gi_p", HS_FIELD_REAL},       {"gi_q", HS_FIELD_REAL},
        {"gi_bin", HS_FIELD_INT},    {"n_neighbours", HS_FIELD_INT}};
    enum { NF = sizeof fields / sizeof fields[0] };
    int rc = hs_gpkg_layer_begin(gp, "gistar_places", HS_GEOM_MULTIPOLYGON, fields, NF);
    for (size_t k = 0; rc == HS_OK && k < hs_areas_count(a); k++) {
        hs_geom geom = {HS_GEOM_MULTIPOLYGON, 0, 0, NULL, NULL, 0};
        rc = hs_areas_rings(&geom.pts, &geom.ring_len, &geom.nrings, NULL, a, k);
        hs_value v[NF] = {{0}};
        v[0].s = hs_areas_id(a, k);
        v[1].s = hs_areas_name(a, k);
        v[1].null = !v[1].s;
        v[2].i = (int64_t)llround(counts[k]);
        v[3].d = z[k];
        v[3].null = isnan(z[k]);
        v[4].d = p[k];
        v[4].null = isnan(p[k]);
        v[5].d = q[k];
        v[5].null = isnan(q[k]);
        v[6].i = bin[k];
        v[7].i = nnb[k];
        rc = rc ? rc : hs_gpkg_add_row(gp, &geom, v);
    }
    return rc;
}
