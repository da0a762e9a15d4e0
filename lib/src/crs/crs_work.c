/*
 * The default working CRS: SWEREF 99 TM for data in Sweden, else the input's own projected CRS in
 * metres, or for geographic input the UTM zone of the data's centre. Decides from a sample of
 * points moved to longitude/latitude; plain C over numbers and the CRS calls, no PROJ types.
 */
#include "crs/crs.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int hs__crs_utm(double lon, double lat)
{
    double l = fmod(lon + 180.0, 360.0);
    if (l < 0) {
        l += 360.0;
    }
    int zone = (int)floor(l / 6.0) + 1;
    if (zone > 60) {
        zone = 60;
    }
    return (lat < 0 ? 32700 : 32600) + zone;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int hs__crs_default_work(int *work, const char **why, int *sweden, hs_ctx *ctx, int crs,
                         const double *x, const double *y, size_t n)
{
    *work = 3006;
    *why = "the data lie in Sweden";
    *sweden = 0;
    double *lon = malloc((n ? n : 1) * sizeof *lon), *lat = malloc((n ? n : 1) * sizeof *lat);
    if (!lon || !lat) {
        free(lon);
        free(lat);
        return hs__error(ctx, HS_ENOMEM, "out of memory");
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (isfinite(x[i]) && isfinite(y[i]) && !(x[i] == 0.0 && y[i] == 0.0)) {
            lon[m] = x[i];
            lat[m] = y[i];
            m++;
        }
    }
    int rc = m ? hs__crs_transform(ctx, crs, 4326, lon, lat, m) : HS_OK;
    size_t in = 0, ok = 0;
    for (size_t i = 0; rc == HS_OK && i < m; i++) {
        if (isfinite(lon[i]) && isfinite(lat[i])) {
            lon[ok] = lon[i];
            lat[ok] = lat[i];
            in += hs__crs_fit(4326, lon[ok], lat[ok]) == HS__XY_OK;
            ok++;
        }
    }
    hs__crs_kind k;
    if (rc == HS_OK) {
        rc = hs__crs_kind_of(&k, ctx, crs);
    }
    if (rc == HS_OK && ok > 0 && 2 * in > ok) {
        *sweden = 1;
    } else if (rc == HS_OK && k.projected) {
        *why = "the input's own projected CRS";
        *work = crs;
        if (fabs(k.unit_m - 1.0) > 1e-12) {
            *why = "the input's projected CRS, in metres";
            rc = hs__crs_metric(work, ctx, crs);
        }
    } else if (rc == HS_OK && ok > 0) {
        qsort(lon, ok, sizeof *lon, cmp_double);
        qsort(lat, ok, sizeof *lat, cmp_double);
        *work = hs__crs_utm(lon[ok / 2], lat[ok / 2]);
        *why = "the UTM zone of the data's centre";
    } else if (rc == HS_OK) {
        *why = "no coordinates to place the data by";
    }
    free(lon);
    free(lat);
    return rc;
}
