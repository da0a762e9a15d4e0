/*
 * Street networks as segments: lines from any line layer (NVDB, OSM highways, a shapefile) are
 * noded where they share a vertex (an intersection or a junction of two lines) and split there
 * into street segments, optionally capped in length, each with an id, street name, type and
 * length. Incidents are snapped to the nearest segment within a distance (a grid index over the
 * segments' edges); a point at a node shared by several segments is split equally between them.
 * Network neighbours (segments sharing a node, or within a network distance) feed Gi*.
 */
#ifndef HOTSPOT_NETWORK_H
#define HOTSPOT_NETWORK_H

#include "types.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct hs_network_opts {
    int version;
    double max_length; /**< split segments longer than this into equal parts (0 = never) */
    double tolerance;  /**< vertices closer than this (metres) are one node (default 0.01) */
    int crossings;     /**< 1 (default): lines that cross or touch without a shared vertex get
                            one there first (a node); 0: only shared vertices are nodes, so
                            bridges and tunnels stay unsplit */
} hs_network_opts;
#define HS_NETWORK_OPTS_VERSION 1
#define HS_NETWORK_OPTS_INIT                                                                       \
    {                                                                                              \
        HS_NETWORK_OPTS_VERSION, 0.0, 0.01, 1                                                      \
    }

/** An empty network collecting lines (hs_network_add_line) until hs_network_build. */
HS_API int hs_network_new(hs_network **out, hs_ctx *ctx);
/** Frees a network. Accepts NULL. */
HS_API void hs_network_free(hs_network *n);
/** Adds one line of npts >= 2 points with its street name and type (either may be NULL). */
HS_API int hs_network_add_line(hs_network *n, const hs_point *pts, size_t npts, const char *name,
                               const char *type);
/**
 * Nodes the lines added so far and splits them into segments: a node is a line's end or a vertex
 * shared by two or more lines (or met twice by one), and, with opts->crossings, a point where two
 * lines cross or where a line's end touches another line. Segments are numbered from 0 in the
 * order of their lines.
 */
HS_API int hs_network_build(hs_network *n, const hs_network_opts *opts);

/** How hs_network_read finds the layer and its fields (NULL = found by name). */
typedef struct hs_network_read_opts {
    int version;
    const char *layer;      /**< layer name; NULL = the first line layer */
    const char *name_field; /**< NULL: NAMN, name, namn, gatunamn, street, gata */
    const char *type_field; /**< NULL: TYP, highway, typ, type, vagtyp, KATEGORI */
    int epsg;               /**< working CRS to project into (0 = keep the layer's CRS) */
} hs_network_read_opts;
#define HS_NETWORK_READ_OPTS_VERSION 1
#define HS_NETWORK_READ_OPTS_INIT                                                                  \
    {                                                                                              \
        HS_NETWORK_READ_OPTS_VERSION, NULL, NULL, NULL, 3006                                       \
    }

/**
 * Reads the (multi)lines of a layer OGR opens into a new network and builds it with opts (may be
 * NULL). HS_EIO when the file cannot be opened, HS_ENODATA when it holds no line.
 */
HS_API int hs_network_read(hs_network **out, hs_ctx *ctx, const char *path,
                           const hs_network_read_opts *ro, const hs_network_opts *opts);

/** One segment, borrowed from the network. */
typedef struct hs_network_segment {
    int64_t from, to;    /**< node indices of its ends */
    double length;       /**< metres, 2D */
    const char *name;    /**< street name ("" when the line had none) */
    const char *type;    /**< street type ("" when none) */
    const hs_point *pts; /**< its vertices */
    size_t npts;         /**< >= 2 */
    int64_t line;        /**< the input line it came from (0-based) */
} hs_network_segment;

/** Segments (after build). */
HS_API size_t hs_network_segment_count(const hs_network *n);
/** Nodes (after build). */
HS_API size_t hs_network_node_count(const hs_network *n);
/** Lines added. */
HS_API size_t hs_network_line_count(const hs_network *n);
/** Segment k. HS_EINVAL when out of range. */
HS_API int hs_network_segment_get(hs_network_segment *out, const hs_network *n, size_t k);
/** Node k: its position, and the segments meeting there (*segs borrowed, *nseg of them). */
HS_API int hs_network_node_get(hs_point *pt, const int64_t **segs, size_t *nseg,
                               const hs_network *n, size_t k);

/** A snapped point within this distance (metres) of a node shared by >= 2 segments counts
 * at that node (split equally between its segments). */
#define HS_NETWORK_NODE_SNAP 1.0

/**
 * Snaps np points to the nearest segment within max_dist (inclusive): seg[i] its index or -1
 * when none is that near; node[i] the node index when the nearest point lies within
 * HS_NETWORK_NODE_SNAP of a node shared by two or more segments, else -1; dist[i] the distance
 * (NaN when unsnapped). Points with NaN coordinates are unsnapped. Ties go to the lower segment
 * index. Any output may be NULL.
 */
HS_API int hs_network_snap(int64_t *seg, int64_t *node, double *dist, hs_ctx *ctx,
                           const hs_network *n, const double *x, const double *y, size_t np,
                           double max_dist);

/**
 * Adds the weights of snapped points to counts (one value per segment, not cleared first): w[i]
 * (1 when w is NULL) to seg[i], or w[i] / k to each of the k segments of node[i] when >= 0.
 * Points with seg[i] < 0 are left out, whatever node[i] says (a caller selects points so).
 */
HS_API void hs_network_tally(double *counts, const hs_network *n, const int64_t *seg,
                             const int64_t *node, const double *w, size_t np);

/**
 * Network neighbours of every segment, in the compressed form of hs_gistar_lists: segment j is a
 * neighbour of i (j != i) when one of j's end nodes lies within network distance distance of one
 * of i's end nodes along the segments (distance 0: they share a node). *start (nseg + 1) and *idx
 * are malloc'ed, owned by the caller; idx is sorted within each segment.
 */
HS_API int hs_network_neighbours(int64_t **start, int64_t **idx, hs_ctx *ctx, const hs_network *n,
                                 double distance);

#ifdef __cplusplus
}
#endif
#endif
