/*
 * Geocoding many records: the cache-aware loop over a record set (answers keyed by the normalised
 * address, kommun and thresholds, stored in the gazetteer file) and the reverse step (kommun and
 * nearest named place of a point, by rings of 1 km cells). Matching itself is in geocode.c.
 */
#include "core/hs_internal.h"
#include "geocode/geocode.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *P(const hs_gazetteer *g, uint32_t off)
{
    const char *s = hs__strpool_get(&g->pool, off);
    return s ? s : "";
}

/* ---- the reverse step ---- */

int hs_gazetteer_reverse(hs_reverse_result *out, const hs_gazetteer *g, double x, double y)
{
    if (!out || !g) {
        return HS_EINVAL;
    }
    out->kommun_code = 0;
    out->place[0] = '\0';
    out->place_dist = NAN;
    if (g->n == 0) {
        return HS_ENOTFOUND;
    }
    /* what the gazetteer cannot give is not searched for: without named places (or without
     * kommun codes) that distance counts as found, so the rings stop at the other one */
    double dk = g->nkommun_coded ? INFINITY : 0.0, dp = g->nplace ? INFINITY : 0.0; /* squared */
    /* rings of 1 km cells around the point, out to 20 km */
    for (int r = 0; r <= 20; r++) {
        double reach = r > 1 ? (r - 1) * g->cell : 0.0;
        if (r > 1 && dk < reach * reach && dp < reach * reach) {
            break;
        }
        for (int dy = -r; dy <= r; dy++) {
            for (int dx = -r; dx <= r; dx++) {
                if (abs(dx) != r && abs(dy) != r) {
                    continue;
                }
                uint64_t key = hs__gzidx_cell(g, x + dx * g->cell, y + dy * g->cell);
                size_t lo = 0, hi = g->n;
                while (lo < hi) {
                    size_t mid = (lo + hi) / 2;
                    const hs_gz_entry *m = &g->e[g->byxy[mid]];
                    if (hs__gzidx_cell(g, m->x, m->y) < key) {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
                for (size_t i = lo; i < g->n; i++) {
                    const hs_gz_entry *e = &g->e[g->byxy[i]];
                    if (hs__gzidx_cell(g, e->x, e->y) != key) {
                        break;
                    }
                    double ex = e->x - x, ey = e->y - y, d2 = ex * ex + ey * ey;
                    if (e->kommun && d2 < dk) {
                        dk = d2;
                        out->kommun_code = e->kommun;
                    }
                    if (e->kind == HS__GAZ_PLACE && d2 < dp) {
                        dp = d2;
                        hs__fmt(out->place, sizeof out->place, "%s", P(g, e->label));
                        out->place_dist = sqrt(d2);
                    }
                }
            }
        }
    }
    return HS_OK;
}

/* ---- records ---- */

static void cache_key(char *buf, size_t size, const hs__addr *a, int kommun,
                      const hs_geocode_opts *o)
{
    hs__fmt(buf, size, "%d|%s|%d-%d%s|%s|%s|%s|%.3f|%.3f", kommun, a->street, a->number,
            a->number_to, a->letter, a->postcode, a->ort, a->street2, o->min_score, o->tie_margin);
}

int hs_geocode_records(hs_geocode_stats *stats, hs_ctx *ctx, hs_gazetteer *g, hs_records *records,
                       const hs_geocode_opts *opts, hs_geocode_review_fn review_fn, void *payload)
{
    hs_geocode_opts def = HS_GEOCODE_OPTS_INIT;
    const hs_geocode_opts *o = opts ? opts : &def;
    if (!g || !records || o->version != HS_GEOCODE_OPTS_VERSION) {
        return hs__error(ctx, HS_EINVAL, "hs_geocode_records: invalid argument");
    }
    int crs = hs_records_crs(records);
    if (crs != 0 && crs != 3006) {
        return hs__error(ctx, HS_EUNSUPPORTED,
                         "geocode: the records are in EPSG:%d; the gazetteer is in EPSG:3006", crs);
    }
    hs_records_set_crs(records, 3006);
    hs_geocode_stats st = {0};
    size_t n = hs_records_count(records);
    int rc = o->use_cache ? hs__gazdb_begin(g->db) : HS_OK;
    for (size_t i = 0; rc == HS_OK && i < n; i++) {
        hs_record r;
        hs_records_get(&r, records, i);
        if (!isnan(r.x) || !r.address || !r.address[0]) {
            continue;
        }
        st.tried++;
        int kommun = r.kommun_code ? r.kommun_code : o->kommun_code;
        hs__addr a;
        hs__addr_parse(&a, r.address);
        char key[768];
        cache_key(key, sizeof key, &a, kommun, o);
        hs_geocode_result res;
        if (o->use_cache && hs__gazdb_cache_get(g->db, key, &res)) {
            st.cached++;
        } else {
            rc = hs_geocode_one_opts(&res, g, r.address, kommun, o);
            if (rc == HS_OK && o->use_cache) {
                rc = hs__gazdb_cache_put(g->db, key, &res);
            }
        }
        if (rc != HS_OK) {
            break;
        }
        if (res.precision != HS_PREC_NONE) {
            rc = hs_records_set_location(records, i, res.x, res.y, res.precision, res.score,
                                         res.label);
            if (rc == HS_OK && !r.kommun_code && res.kommun_code) {
                rc = hs_records_set_kommun(records, i, res.kommun_code);
            }
            st.placed++;
            st.by_prec[res.precision]++;
        } else {
            st.review++;
            if (review_fn) {
                review_fn(payload, i, r.address, &res);
            }
        }
        if ((i & 1023) == 0 && rc == HS_OK) {
            rc = hs__progress(ctx, "geocode", (double)i / (double)n);
        }
    }
    int rc2 = o->use_cache ? hs__gazdb_commit(g->db) : HS_OK;
    rc = rc == HS_OK ? rc2 : rc;
    /* reverse step: every located record gets the nearest named place, and a kommun when it has
     * none */
    const double *x = hs_records_x(records), *y = hs_records_y(records);
    const int32_t *km = hs_records_kommun(records);
    for (size_t i = 0; rc == HS_OK && i < n; i++) {
        if (isnan(x[i])) {
            continue;
        }
        hs_reverse_result rv;
        if (hs_gazetteer_reverse(&rv, g, x[i], y[i]) != HS_OK) {
            continue;
        }
        if (km[i] == 0 && rv.kommun_code) {
            rc = hs_records_set_kommun(records, i, rv.kommun_code);
            st.reversed++;
        }
        if (rc == HS_OK && rv.place[0]) {
            rc = hs_records_set_place(records, i, rv.place);
        }
    }
    if (stats) {
        *stats = st;
    }
    return rc;
}
