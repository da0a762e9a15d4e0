/*
 * Which CRS a pair of coordinates is in, from the value ranges of Swedish data: SWEREF 99 TM
 * (EPSG:3006), RT90 2.5 gon V (EPSG:3021), WGS 84 lon/lat (EPSG:4326) and, only when told, the
 * local SWEREF 99 zones (EPSG:3007-3018); with the axes as given or swapped (X = northing, as
 * Swedish surveying writes it). Plain C over numbers: it must not call PROJ.
 */
#include "core/hs_internal.h"
#include "crs/crs.h"

#include <math.h>

typedef struct range {
    int epsg;
    double xmin, xmax, ymin, ymax;
} range;

/* Sweden with a margin of some kilometres (DOMAIN.md section 2). */
static const range ranges[] = {
    {3006, 200000.0, 1000000.0, 6050000.0, 7750000.0},
    {3021, 1150000.0, 1950000.0, 6050000.0, 7750000.0},
    {4326, 10.0, 24.5, 54.9, 69.3},
};

static const range *find_range(int epsg)
{
    static const range local = {0, 20000.0, 330000.0, 6050000.0, 7750000.0};
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++) {
        if (ranges[i].epsg == epsg) {
            return &ranges[i];
        }
    }
    return epsg >= 3007 && epsg <= 3018 ? &local : NULL;
}

static int inside(const range *r, double x, double y)
{
    return x >= r->xmin && x <= r->xmax && y >= r->ymin && y <= r->ymax;
}

int hs__crs_known(int epsg)
{
    return find_range(epsg) != NULL;
}

hs__xy_fit hs__crs_fit(int epsg, double x, double y)
{
    if (!isfinite(x) || !isfinite(y) || (x == 0.0 && y == 0.0)) {
        return HS__XY_MISSING;
    }
    const range *r = find_range(epsg);
    if (!r) {
        return HS__XY_OUTSIDE;
    }
    if (inside(r, x, y)) {
        return HS__XY_OK;
    }
    if (inside(r, y, x)) {
        return HS__XY_SWAPPED;
    }
    return HS__XY_OUTSIDE;
}

int hs__crs_vote(int *epsg, const double *x, const double *y, size_t n)
{
    size_t votes[3] = {0, 0, 0};
    size_t usable = 0;
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < 3; k++) {
            hs__xy_fit f = hs__crs_fit(ranges[k].epsg, x[i], y[i]);
            if (f == HS__XY_MISSING) {
                break;
            }
            if (k == 0) {
                usable++;
            }
            if (f == HS__XY_OK || f == HS__XY_SWAPPED) {
                votes[k]++;
            }
        }
    }
    size_t best = 0;
    for (size_t k = 1; k < 3; k++) {
        if (votes[k] > votes[best]) {
            best = k;
        }
    }
    if (!usable || votes[best] == 0) {
        *epsg = 0;
        return HS_ENOTFOUND;
    }
    *epsg = ranges[best].epsg;
    return HS_OK;
}
