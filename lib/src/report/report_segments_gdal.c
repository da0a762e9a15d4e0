/*
 * Reads the `segments` layer of a GeoPackage for the report's concentration page: the count of
 * every segment (for the concentration curve) and the ten top segments by rank with their
 * names, cross streets and time windows. Reading only.
 */
#include "core/hs_internal.h"
#include "report/report.h"

#include <gdal.h>
#include <ogr_api.h>
#include <stdlib.h>
#include <string.h>

void hs__report_segs_free(hs__report_segs *s)
{
    if (s) {
        free(s->counts);
        memset(s, 0, sizeof *s);
    }
}

static void text_of(char *out, size_t cap, OGRFeatureH f, int i)
{
    out[0] = '\0';
    if (i >= 0 && OGR_F_IsFieldSetAndNotNull(f, i)) {
        hs__fmt(out, cap, "%s", OGR_F_GetFieldAsString(f, i));
    }
}

static double num_of(OGRFeatureH f, int i)
{
    return i >= 0 && OGR_F_IsFieldSetAndNotNull(f, i) ? OGR_F_GetFieldAsDouble(f, i) : 0;
}

static int by_rank(const void *a, const void *b)
{
    const hs__report_seg *x = a, *y = b;
    return (x->rank > y->rank) - (x->rank < y->rank);
}

int hs__report_segs_load(hs__report_segs *s, hs_ctx *ctx, const char *gpkg)
{
    memset(s, 0, sizeof *s);
    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    GDALDatasetH ds = GDALOpenEx(gpkg, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    OGRLayerH l = ds ? GDALDatasetGetLayerByName(ds, "segments") : NULL;
    int rc = l ? HS_OK : HS_ENOTFOUND;
    if (rc == HS_OK) {
        OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
        static const char *const names[] = {"name", "from_street", "to_street",  "window",
                                            "n",    "length_m",    "n_per_100m", "window_share",
                                            "rank"};
        int fi[9];
        for (int j = 0; j < 9; j++) {
            fi[j] = OGR_FD_GetFieldIndex(defn, names[j]);
        }
        GIntBig total = OGR_L_GetFeatureCount(l, 1);
        size_t cap = total > 0 ? (size_t)total : 1;
        s->counts = malloc(cap * sizeof *s->counts);
        rc = s->counts && fi[4] >= 0
                 ? HS_OK
                 : hs__error(ctx, HS_EDATA, "%s: segments layer unreadable", gpkg);
        OGRFeatureH f;
        OGR_L_ResetReading(l);
        while (rc == HS_OK && (f = OGR_L_GetNextFeature(l)) != NULL) {
            double n = num_of(f, fi[4]);
            if (s->n < cap) {
                s->counts[s->n++] = n;
            }
            int64_t rank = fi[8] >= 0 ? (int64_t)num_of(f, fi[8]) : 0;
            if (n > 0 && rank > 0 && rank <= 10 && s->ntop < 10) {
                hs__report_seg *t = &s->top[s->ntop++];
                text_of(t->name, sizeof t->name, f, fi[0]);
                text_of(t->from, sizeof t->from, f, fi[1]);
                text_of(t->to, sizeof t->to, f, fi[2]);
                text_of(t->window, sizeof t->window, f, fi[3]);
                t->n = n;
                t->len = num_of(f, fi[5]);
                t->per100 = num_of(f, fi[6]);
                t->wshare = num_of(f, fi[7]);
                t->rank = rank;
            }
            OGR_F_Destroy(f);
        }
        qsort(s->top, s->ntop, sizeof s->top[0], by_rank);
    }
    if (ds) {
        GDALClose(ds);
    }
    CPLPopErrorHandler();
    if (rc != HS_OK) {
        hs__report_segs_free(s);
    }
    return rc;
}
