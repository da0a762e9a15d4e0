/*
 * Private to the network module: the layout of hs_network, shared by the builder (network.c),
 * the snapping index (network_snap.c), network neighbours (network_nb.c) and the OGR reader
 * (network_gdal.c). Nothing outside the module includes it.
 */
#ifndef HS_NETWORK_PRIVATE_H
#define HS_NETWORK_PRIVATE_H

#include "core/hs_internal.h"

struct hs_network {
    hs_ctx *ctx;
    hs__strpool pool;
    /* the lines as added */
    hs_point *lpts;
    size_t nlpts, lpts_cap;
    size_t *lstart; /* nlines + 1 */
    uint32_t *lname, *ltype;
    size_t nlines, lcap;
    /* built: segments */
    size_t nseg;
    hs_point *pts;  /* every segment's vertices, concatenated */
    size_t *sstart; /* nseg + 1 */
    int64_t *sfrom, *sto, *sline;
    double *slen;
    /* built: nodes and the segments meeting at each (compressed) */
    size_t nnode;
    hs_point *nxy;
    int64_t *nstart; /* nnode + 1 */
    int64_t *nseg_idx;
    int built;
};

/* network_cross.c: inserts a vertex where two lines cross or a line's end touches another line
 * (tolerance tol), so that noding at shared vertices splits them there. */
HS_INTERNAL int hs__network_crossings(hs_network *n, double tol);

#endif
