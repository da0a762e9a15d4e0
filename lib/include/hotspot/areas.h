/*
 * Named areas (kommuner, DeSO/RegSO, stadsdelar, torg, parker, a lokalpolisområde as a list of
 * kommuner) read from any OGR polygon source, and point-in-polygon lookups through GEOS prepared
 * geometries and an STRtree. A point on a boundary shared by two areas counts once: for the area
 * listed first in the source.
 */
#ifndef HOTSPOT_AREAS_H
#define HOTSPOT_AREAS_H

#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct hs_areas hs_areas;

typedef struct hs_areas_opts {
    int version;
    const char *layer;      /**< layer name (default: the first) */
    const char *id_field;   /**< id column (default: code/kommun_code/kod/id/place_id/fid) */
    const char *name_field; /**< name column (default: name/namn) */
    const char *kind_field; /**< kind column (default: kind/typ) */
    int epsg;               /**< reproject to this CRS (0: keep) */
    const char *where;      /**< OGR SQL attribute filter, e.g. "code IN ('1487','1488')" */
} hs_areas_opts;
#define HS_AREAS_OPTS_VERSION 1
#define HS_AREAS_OPTS_INIT                                                                         \
    {                                                                                              \
        HS_AREAS_OPTS_VERSION, NULL, NULL, NULL, NULL, 0, NULL                                     \
    }

/** Reads the polygons of path. *out owned by the caller (hs_areas_free). */
HS_API int hs_areas_open(hs_areas **out, hs_ctx *ctx, const char *path, const hs_areas_opts *opts);
HS_API void hs_areas_free(hs_areas *a);
HS_API size_t hs_areas_count(const hs_areas *a);
/** Id, name and kind of area k (borrowed; kind may be NULL). */
HS_API const char *hs_areas_id(const hs_areas *a, size_t k);
HS_API const char *hs_areas_name(const hs_areas *a, size_t k);
HS_API const char *hs_areas_kind(const hs_areas *a, size_t k);
HS_API hs_bbox hs_areas_bbox(const hs_areas *a);
/** For each point, the index of the area containing it, or -1. */
HS_API int hs_areas_locate(int32_t *out, hs_ctx *ctx, const hs_areas *a, const double *x,
                           const double *y, size_t n);

#ifdef __cplusplus
}
#endif
#endif
