/*
 * Private to the grid module and its users: named areas as rings with their GEOS index (areas.c,
 * areas_geos.c, areas_gdal.c), cells clipped to polygons (grid_clip_geos.c), population
 * (population_*.c), cell windows and the square cell ring. Third-party types appear only as
 * forward-declared structs.
 */
#ifndef HS_GRID_PRIVATE_H
#define HS_GRID_PRIVATE_H

#include "core/hs_internal.h"

struct GEOSContextHandle_HS; /* geos_c.h: GEOSContextHandle_t */
struct GEOSGeom_t;
struct GEOSPrepGeom_t;
struct GEOSSTRtree_t;
/* Named areas (areas_geos.c builds, areas_gdal.c reads OGR into it). Rings are stored area by
 * area, closed, outer rings counter-clockwise and holes clockwise; outer[r] marks a polygon's
 * first ring. */
struct hs_areas {
    size_t n, cap;
    uint32_t *id, *name, *kind; /* string pool offsets */
    hs__strpool pool;
    size_t *ring0; /* area k's rings are ring0[k] .. ring0[k+1]-1 (cap + 1 entries) */
    size_t *pt0;   /* first point of ring r */
    size_t *ring_len;
    uint8_t *outer;
    size_t nrings, ring_cap;
    hs_point *pts;
    size_t npts, pt_cap;
    hs_bbox *bbox;
    hs_bbox all;
    struct GEOSContextHandle_HS *geos;
    struct GEOSGeom_t **geoms;
    const struct GEOSPrepGeom_t **prep;
    struct GEOSSTRtree_t *tree;
};
HS_INTERNAL int hs__areas_new(hs_areas **out);
/** Appends an area made of rings (outer[r] = 1 starts a polygon); orientation is normalised. */
HS_INTERNAL int hs__areas_add(hs_areas *a, const char *id, const char *name, const char *kind,
                              const hs_point *pts, const size_t *ring_len, const uint8_t *outer,
                              size_t nrings);
/** Builds the GEOS geometries, prepared geometries and STRtree. */
HS_INTERNAL int hs__areas_finish(hs_ctx *ctx, hs_areas *a);
/* areas_gdal.c, shared with population_gdal.c: opens path's layer name (NULL: the first) as an
 * OGR dataset (GDALDatasetH, closed with GDALClose) and layer (OGRLayerH); errors name the file. */
HS_INTERNAL int hs__ogr_open_layer(void **dataset, void **layer, hs_ctx *ctx, const char *path,
                                   const char *name);
/* areas_gdal.c, shared with population_gdal.c: the transform of an OGR layer (OGRLayerH) to EPSG
 * epsg (NULL when none is needed; *rc set on error), and the polygons of one OGR geometry
 * (OGRGeometryH, reprojected with ct when not NULL) appended as one area (*added = 1; points and
 * lines add nothing). */
HS_INTERNAL void *hs__ogr_transform(hs_ctx *ctx, void *layer, int epsg, int *rc);
HS_INTERNAL int hs__areas_add_ogr(hs_ctx *ctx, hs_areas *a, void *geom, void *ct, const char *path,
                                  long long fid, const char *id, const char *name, const char *kind,
                                  int *added);
/* Cells clipped to polygons (grid_clip_geos.c builds it; accessors there too). Cut cells (state 2)
 * have their clipped rings at cut[c] >= 0 in the ring arrays and a GEOS geometry. */
struct hs_grid_clip {
    hs_cellgrid grid;
    size_t ncells;
    uint8_t *state; /* 0 outside (or touching only), 1 inside, 2 cut by the boundary */
    double *area;   /* m^2 inside the polygons */
    int32_t *cut;   /* index among the cut cells, or -1 */
    size_t ncut, cut_cap;
    size_t *ring0; /* cut cell j's rings are ring0[j] .. ring0[j + 1] - 1 */
    size_t *pt0, *ring_len;
    uint8_t *outer;
    size_t nrings, ring_cap, pt0_cap, outer_cap;
    hs_point *pts;
    size_t npts, pt_cap;
    struct GEOSContextHandle_HS *geos;
    struct GEOSGeom_t *all;            /* union of the polygons */
    const struct GEOSPrepGeom_t *prep; /* prepared union */
    struct GEOSGeom_t **geoms;         /* clipped geometry of each cut cell */
};
/* Population (population_gdal.c reads, population_geos.c spreads over cells). */
struct hs_population {
    char *path, *field;
    hs_areas *areas; /* polygons; NULL for points */
    double *value;   /* per polygon or per point */
    double *x, *y;   /* points */
    size_t n, cap;
};
/** The polygon of a cell in GEOS handle h (grid_clip_geos.c; NULL when out of memory). */
HS_INTERNAL struct GEOSGeom_t *hs__geos_cell(struct GEOSContextHandle_HS *h, const hs_cellgrid *g,
                                             size_t cell);
/** Window index ranges [*i0, *i1) x [*j0, *j1) (columns, rows) of the cells that may meet box. */
HS_INTERNAL void hs__cellgrid_range(size_t *i0, size_t *i1, size_t *j0, size_t *j1,
                                    const hs_cellgrid *g, hs_bbox box);
/** The closed square ring (5 points) of cell (ix, iy) of g (grid.c). */
HS_INTERNAL void hs__cell_ring(hs_point ring[5], const hs_grid_spec *g, int64_t ix, int64_t iy);

#endif
