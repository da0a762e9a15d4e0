/*
 * Getis-Ord Gi* hot spots on grid counts (or on any set of areas given their neighbour lists),
 * binary weights with the cell itself included, raw z and two-sided p, and the ArcGIS-style
 * significance class gi_bin after Benjamini-Hochberg FDR. Grids follow grid.h (row 0 south).
 */
#ifndef HOTSPOT_GISTAR_H
#define HOTSPOT_GISTAR_H

#include "grid.h"
#include "areas.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Which cells are neighbours. Every kind includes the cell itself (w_ii = 1). */
typedef enum hs_weights_kind {
    HS_WEIGHTS_BAND = 0,  /**< cells whose centres lie within distance (inclusive, d <= M) */
    HS_WEIGHTS_QUEEN = 1, /**< the 8 cells sharing an edge or a corner */
    HS_WEIGHTS_ROOK = 2   /**< the 4 cells sharing an edge */
} hs_weights_kind;

typedef struct hs_gistar_opts {
    int version;
    hs_weights_kind weights;
    double distance; /**< band in metres for HS_WEIGHTS_BAND (must be > 0; see the auto choice) */
} hs_gistar_opts;
#define HS_GISTAR_OPTS_VERSION 1
#define HS_GISTAR_OPTS_INIT                                                                        \
    {                                                                                              \
        HS_GISTAR_OPTS_VERSION, HS_WEIGHTS_BAND, 0.0                                               \
    }

/**
 * Gi* of every cell of grid g from counts (nx*ny values). mask (may be NULL = all cells) marks the
 * observations with 1: cells with 0 are neither observations nor neighbours and get NaN z/p/q,
 * bin 0 and n_neighbours 0. Every output array (nx*ny, any may be NULL) is owned by the caller:
 * z the z-score, p = 2 Phi(-|z|), q the BH-adjusted p, bin -3..3 (99/95/90 % after FDR),
 * nnb the number of neighbours including the cell itself. HS_ENODATA when fewer than 2
 * observations or every count is equal (no variance).
 */
HS_API int hs_gistar_grid(double *z, double *p, double *q, int8_t *bin, int32_t *nnb, hs_ctx *ctx,
                          const hs_grid_spec *g, const double *counts, const uint8_t *mask,
                          const hs_gistar_opts *opts);

/**
 * Gi* of grid g with k-nearest-neighbour binary weights: the k observed cells (mask) whose centres
 * are nearest to each observed cell, every cell tied at the k-th distance included, plus the cell
 * itself. Outputs as for hs_gistar_grid.
 */
HS_API int hs_gistar_knn_grid(double *z, double *p, double *q, int8_t *bin, int32_t *nnb,
                              hs_ctx *ctx, const hs_grid_spec *g, const double *counts,
                              const uint8_t *mask, int k);

/**
 * Gi* on the counts of areas (places, DeSO ...): neighbours are the areas whose centroids lie
 * within distance metres (inclusive), the area itself included. Outputs have hs_areas_count(a)
 * entries.
 */
HS_API int hs_gistar_areas(double *z, double *p, double *q, int8_t *bin, int32_t *nnb, hs_ctx *ctx,
                           const hs_areas *a, const double *counts, double distance);
/** Area-weighted centroid of area k (holes subtracted). */
HS_API int hs_areas_centroid(hs_point *out, const hs_areas *a, size_t k);
/** Writes the `gistar_places` layer: place_id, name, n, gi_z, gi_p, gi_q, gi_bin, n_neighbours. */
HS_API int hs_gistar_areas_write_layer(hs_gpkg *gp, const hs_areas *a, const double *counts,
                                       const double *z, const double *p, const double *q,
                                       const int8_t *bin, const int32_t *nnb);

/**
 * Gi* on n areas with values x and neighbour lists in compressed form: the neighbours of i are
 * nb_idx[nb_start[i] .. nb_start[i+1]) (without i itself: it is added). Outputs as above (length
 * n).
 */
HS_API int hs_gistar_lists(double *z, double *p, double *q, int8_t *bin, int32_t *nnb, hs_ctx *ctx,
                           const double *x, size_t n, const int64_t *nb_start,
                           const int64_t *nb_idx);

/**
 * The significance class of ArcGIS's Gi_Bin from z and BH-adjusted p-values q: +-3 when q <= 0.01,
 * +-2 when q <= 0.05, +-1 when q <= 0.10, else 0; the sign is z's. NaN gives 0.
 */
HS_API void hs_gistar_bins(int8_t *bin, const double *z, const double *q, size_t n);

/** How the automatic distance band was found. */
typedef enum hs_auto_how {
    HS_AUTO_PEAK = 0, /**< first peak of global Moran's I z over incremental bands */
    HS_AUTO_KNN = 1   /**< no peak: mean distance to the k-th nearest non-empty cell */
} hs_auto_how;

/**
 * Chooses a distance band like ArcGIS's Optimized Hot Spot Analysis: global Moran's I z-scores
 * (binary weights, self excluded, randomisation variance) for bands of 1, 2, ... 10 cells; the
 * first band whose z is a local peak wins. Without a peak, the mean distance from each non-empty
 * cell to its k-th nearest non-empty cell (centre to centre), k = 5 % of them clamped to 3..30, and
 * at least one cell. A peak must have z >= 1.96. *k_used gets k (0 for a peak); outs may be NULL.
 */
HS_API int hs_gistar_auto_distance(double *distance, hs_auto_how *how, int *k_used, hs_ctx *ctx,
                                   const hs_grid_spec *g, const double *counts,
                                   const uint8_t *mask);

/**
 * Writes the `gistar` layer to an open GeoPackage: one square polygon per observed cell (mask may
 * be NULL) with cell_id, x0, y0, size, n, gi_z, gi_p, gi_q (BH-adjusted p), gi_bin and
 * n_neighbours, from the outputs of hs_gistar_grid. Arrays have g->nx * g->ny values.
 */
HS_API int hs_gistar_write_layer(hs_gpkg *gp, const hs_grid_spec *g, const double *counts,
                                 const uint8_t *mask, const double *z, const double *p,
                                 const double *q, const int8_t *bin, const int32_t *nnb);
/** The same layer under another name, e.g. `complaints_gistar`. */
HS_API int hs_gistar_write_layer_named(hs_gpkg *gp, const char *name, const hs_grid_spec *g,
                                       const double *counts, const uint8_t *mask, const double *z,
                                       const double *p, const double *q, const int8_t *bin,
                                       const int32_t *nnb);

#ifdef __cplusplus
}
#endif
#endif
