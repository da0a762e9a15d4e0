/*
 * Named areas (kommuner, DeSO/RegSO, stadsdelar, torg, parker, a lokalpolisområde as a list of
 * kommuner) read from any OGR polygon source, and point-in-polygon lookups through GEOS prepared
 * geometries and an STRtree. A point on a boundary shared by two areas counts once: for the area
 * listed first in the source.
 */
#ifndef HOTSPOT_AREAS_H
#define HOTSPOT_AREAS_H

#include "grid.h"
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
/** Bounding box of area k. */
HS_API hs_bbox hs_areas_area_bbox(const hs_areas *a, size_t k);
/** Index of the first area whose id equals id (ASCII case-insensitive), or -1. */
HS_API int64_t hs_areas_find(const hs_areas *a, const char *id);
/**
 * The polygon rings of area k, for drawing and writing (all borrowed, valid until hs_areas_free):
 * *pts holds every ring's points concatenated, *ring_len the number of points of each of the
 * *nrings rings. Rings are closed (the last point repeats the first); outer rings run
 * counter-clockwise and holes clockwise; (*outer)[r] is 1 when ring r starts a new polygon (an
 * outer ring), 0 for a hole of the polygon before it. outer may be NULL.
 */
HS_API int hs_areas_rings(const hs_point **pts, const size_t **ring_len, size_t *nrings,
                          const uint8_t **outer, const hs_areas *a, size_t k);
/**
 * For each point, the index of the area containing it, or -1. A point on the boundary counts as
 * inside; a point on a boundary shared by several areas goes to the area listed first in the
 * source (the lowest index). Not thread-safe for one hs_areas (it owns its GEOS handle).
 */
HS_API int hs_areas_locate(int32_t *out, hs_ctx *ctx, const hs_areas *a, const double *x,
                           const double *y, size_t n);
/**
 * Marks the cells of grid g whose centre lies inside area k (k = -1: inside any area) with 1, the
 * others 0 (mask has g->nx * g->ny entries, grid layout). Exact even-odd scanline test on the
 * rings; a centre exactly on an edge follows the half-open rule (left/bottom edges inside).
 */
HS_API int hs_areas_mask_grid(uint8_t *mask, const hs_areas *a, const hs_grid_spec *g, int64_t k);

/** Area (m^2) and perimeter (m) of area k. */
HS_API int hs_areas_size(double *area, double *perimeter, const hs_areas *a, size_t k);
/**
 * Areas derived from area k of a (k = -1: all of a's areas) for the evaluation of a measure: area 0
 * of *out ("buffer") is the ring around it out to dist metres (its buffer less the area; no rings
 * when dist is 0), and when whole is given, area 1 ("control") is area kw of whole (kw = -1: all of
 * whole's areas) less area k and its ring. *out owned by the caller (hs_areas_free).
 */
HS_API int hs_areas_ring_rest(hs_areas **out, hs_ctx *ctx, const hs_areas *a, int64_t k,
                              double dist, const hs_areas *whole, int64_t kw);

#ifdef __cplusplus
}
#endif
#endif
