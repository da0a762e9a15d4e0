/*
 * The report's incidents taken from a build's record store instead of read back from the
 * GeoPackage it has just written: the same values the incidents layer holds (records without a
 * place are not in it, an empty category or focus area reads back as none), in the same order,
 * with the dictionaries in first-occurrence order as a read of the layer builds them. When that
 * is the store's own layout the columns are borrowed, else copied. Plain C; no I/O.
 */
#include "core/hs_internal.h"
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

/* Index in dict of the name of store index k, interned on first use (map[k] -2 = not yet). */
static int map_name(int32_t *out, int32_t *map, hs__dict *dict, const char *name, int32_t k)
{
    if (k < 0) {
        *out = -1;
        return HS_OK;
    }
    if (map[k] == -2) {
        int rc = hs__dict_intern(&map[k], dict, name && name[0] ? name : NULL);
        if (rc != HS_OK) {
            return rc;
        }
    }
    *out = map[k];
    return HS_OK;
}

static int copy_columns(hs__report_data *d, const hs_records *r, const int32_t *cmap,
                        const int32_t *fmap, size_t kept)
{
    size_t m = kept ? kept : 1;
    d->x = malloc(m * sizeof *d->x);
    d->y = malloc(m * sizeof *d->y);
    d->t_from = malloc(m * sizeof *d->t_from);
    d->t_to = malloc(m * sizeof *d->t_to);
    d->cat = malloc(m * sizeof *d->cat);
    d->focus = malloc(m * sizeof *d->focus);
    d->prec = malloc(m);
    if (!d->x || !d->y || !d->t_from || !d->t_to || !d->cat || !d->focus || !d->prec) {
        return HS_ENOMEM;
    }
    const double *x = hs_records_x(r), *y = hs_records_y(r);
    const int64_t *t0 = hs_records_t_from(r), *t1 = hs_records_t_to(r);
    const uint8_t *prec = hs_records_precision(r);
    const int32_t *cat = hs_records_category(r), *foc = hs_records_focus(r);
    size_t n = hs_records_count(r), j = 0;
    for (size_t i = 0; i < n; i++) {
        if (prec[i] == HS_PREC_NONE) {
            continue;
        }
        d->x[j] = x[i];
        d->y[j] = y[i];
        d->t_from[j] = t0[i];
        d->t_to[j] = t1[i];
        d->cat[j] = cat[i] >= 0 ? cmap[cat[i]] : -1;
        d->focus[j] = foc[i] >= 0 ? fmap[foc[i]] : -1;
        d->prec[j] = prec[i];
        j++;
    }
    d->n = j;
    return HS_OK;
}

int hs__report_use_records(hs__report_data *d, hs_ctx *ctx, const hs_records *r)
{
    size_t n = hs_records_count(r);
    size_t nc = hs_records_category_count(r), nf = hs_records_focus_count(r);
    const uint8_t *prec = hs_records_precision(r);
    const int32_t *cat = hs_records_category(r), *foc = hs_records_focus(r);
    const int32_t *src = hs__records_source(r);
    int32_t *cmap = malloc((nc + 1) * sizeof(int32_t));
    int32_t *fmap = malloc((nf + 1) * sizeof(int32_t));
    uint8_t *seen = NULL;
    int rc = cmap && fmap ? HS_OK : HS_ENOMEM;
    for (size_t k = 0; rc == HS_OK && k <= nc; k++) {
        cmap[k] = -2;
    }
    for (size_t k = 0; rc == HS_OK && k <= nf; k++) {
        fmap[k] = -2;
    }
    size_t kept = 0, nsrc = 0;
    int same = 1; /* the store's indices are the layer's */
    for (size_t i = 0; rc == HS_OK && i < n; i++) {
        if (prec[i] == HS_PREC_NONE) {
            continue;
        }
        int32_t c, f;
        rc = map_name(&c, cmap, &d->cats, cat[i] >= 0 ? hs_records_category_name(r, cat[i]) : NULL,
                      cat[i]);
        rc = rc ? rc
                : map_name(&f, fmap, &d->focuses,
                           foc[i] >= 0 ? hs_records_focus_name(r, foc[i]) : NULL, foc[i]);
        if (rc == HS_OK) {
            same &= c == cat[i] && f == foc[i];
            kept++;
        }
        /* the sources in order of first appearance, as the source line names them */
        if (rc == HS_OK && src[i] >= 0) {
            if ((size_t)src[i] >= nsrc) {
                size_t m = (size_t)src[i] + 1;
                uint8_t *p = realloc(seen, m);
                if (p == NULL) {
                    rc = HS_ENOMEM;
                    break;
                }
                memset(p + nsrc, 0, m - nsrc);
                seen = p;
                nsrc = m;
            }
            const char *s = hs__records_source_name(r, (size_t)src[i]);
            size_t l = strlen(d->sources);
            if (!seen[src[i]] && s && *s && !strstr(d->sources, s)) {
                hs__fmt(d->sources + l, sizeof d->sources - l, "%s%s", l ? ", " : "", s);
            }
            seen[src[i]] = 1;
        }
    }
    if (rc == HS_OK && kept == n && same) {
        d->x = (double *)hs_records_x(r);
        d->y = (double *)hs_records_y(r);
        d->t_from = (int64_t *)hs_records_t_from(r);
        d->t_to = (int64_t *)hs_records_t_to(r);
        d->cat = (int32_t *)cat;
        d->focus = (int32_t *)foc;
        d->prec = (uint8_t *)prec;
        d->n = n;
        d->borrowed = 1;
    } else if (rc == HS_OK) {
        rc = copy_columns(d, r, cmap, fmap, kept);
    }
    free(cmap);
    free(fmap);
    free(seen);
    return rc == HS_OK ? HS_OK : hs__error(ctx, rc, "report: out of memory");
}
