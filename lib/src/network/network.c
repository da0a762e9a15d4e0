/*
 * The street network's lines and their noding into segments: vertices are keyed on a grid of the
 * tolerance (a hash table), a vertex is a node when it ends a line or is met twice or more, and
 * each line is cut at its nodes (and, when asked, into equal parts no longer than max_length).
 * Plain C over arrays; reading a layer is network_gdal.c's.
 */
#include "network/network.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int hs_network_new(hs_network **out, hs_ctx *ctx)
{
    *out = calloc(1, sizeof **out);
    if (!*out) {
        return hs__error(ctx, HS_ENOMEM, "network: out of memory");
    }
    (*out)->ctx = ctx;
    return HS_OK;
}

static void free_built(hs_network *n)
{
    free(n->pts);
    free(n->sstart);
    free(n->sfrom);
    free(n->sto);
    free(n->sline);
    free(n->slen);
    free(n->nxy);
    free(n->nstart);
    free(n->nseg_idx);
    n->pts = NULL;
    n->sstart = NULL;
    n->sfrom = n->sto = n->sline = NULL;
    n->slen = NULL;
    n->nxy = NULL;
    n->nstart = n->nseg_idx = NULL;
    n->nseg = n->nnode = 0;
    n->built = 0;
}

void hs_network_free(hs_network *n)
{
    if (!n) {
        return;
    }
    free_built(n);
    free(n->lpts);
    free(n->lstart);
    free(n->lname);
    free(n->ltype);
    hs__strpool_free(&n->pool);
    free(n);
}

int hs_network_add_line(hs_network *n, const hs_point *pts, size_t npts, const char *name,
                        const char *type)
{
    if (!n || !pts || npts < 2) {
        return hs__error(n ? n->ctx : NULL, HS_EINVAL, "network: a line needs 2 or more points");
    }
    for (size_t i = 0; i < npts; i++) {
        if (!isfinite(pts[i].x) || !isfinite(pts[i].y)) {
            return hs__error(n->ctx, HS_EINVAL, "network: line %zu has a non-finite vertex",
                             n->nlines);
        }
    }
    uint32_t on = 0, ot = 0;
    size_t cap = n->lcap;
    int rc = hs__grow((void **)&n->lstart, &cap, n->nlines + 2, sizeof *n->lstart);
    cap = n->lcap;
    rc = rc ? rc : hs__grow((void **)&n->lname, &cap, n->nlines + 2, sizeof *n->lname);
    cap = n->lcap;
    rc = rc ? rc : hs__grow((void **)&n->ltype, &cap, n->nlines + 2, sizeof *n->ltype);
    n->lcap = rc ? n->lcap : cap;
    rc = rc ? rc : hs__grow((void **)&n->lpts, &n->lpts_cap, n->nlpts + npts, sizeof *n->lpts);
    rc = rc ? rc : hs__strpool_add(&on, &n->pool, name && name[0] ? name : NULL);
    rc = rc ? rc : hs__strpool_add(&ot, &n->pool, type && type[0] ? type : NULL);
    if (rc) {
        return hs__error(n->ctx, HS_ENOMEM, "network: out of memory");
    }
    if (n->nlines == 0) {
        n->lstart[0] = 0;
    }
    memcpy(n->lpts + n->nlpts, pts, npts * sizeof *pts);
    n->nlpts += npts;
    n->lname[n->nlines] = on;
    n->ltype[n->nlines] = ot;
    n->lstart[++n->nlines] = n->nlpts;
    n->built = 0;
    return HS_OK;
}

/* ---- vertex keys: an open-addressing table from quantised coordinates to a vertex id ---- */

typedef struct vtab {
    int64_t *kx, *ky;
    int64_t *id; /* -1 = empty */
    size_t cap;  /* power of two */
} vtab;

static uint64_t mix(int64_t a, int64_t b)
{
    uint64_t h = (uint64_t)a * 0x9E3779B97F4A7C15ull ^ ((uint64_t)b + 0x632BE59BD9B4E019ull);
    h ^= h >> 31;
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 29;
    return h;
}

static int64_t vt_get(vtab *t, int64_t kx, int64_t ky, int64_t next)
{
    size_t m = t->cap - 1, i = (size_t)mix(kx, ky) & m;
    while (t->id[i] >= 0) {
        if (t->kx[i] == kx && t->ky[i] == ky) {
            return t->id[i];
        }
        i = (i + 1) & m;
    }
    t->kx[i] = kx;
    t->ky[i] = ky;
    t->id[i] = next;
    return next;
}

typedef struct builder {
    hs_point *pts;
    size_t npts, pcap;
    size_t *sstart;
    int64_t *sfrom, *sto, *sline;
    double *slen;
    size_t nseg, scap;
} builder;

static double seg_len(const hs_point *p, size_t k)
{
    double l = 0;
    for (size_t i = 0; i + 1 < k; i++) {
        l += hypot(p[i + 1].x - p[i].x, p[i + 1].y - p[i].y);
    }
    return l;
}

/* Appends one segment of the k points p (already in b->pts from index at). */
static int add_seg(builder *b, size_t at, int64_t from, int64_t to, int64_t line)
{
    size_t cap = b->scap;
    int rc = hs__grow((void **)&b->sstart, &cap, b->nseg + 2, sizeof *b->sstart);
    cap = b->scap;
    rc = rc ? rc : hs__grow((void **)&b->sfrom, &cap, b->nseg + 1, sizeof *b->sfrom);
    cap = b->scap;
    rc = rc ? rc : hs__grow((void **)&b->sto, &cap, b->nseg + 1, sizeof *b->sto);
    cap = b->scap;
    rc = rc ? rc : hs__grow((void **)&b->sline, &cap, b->nseg + 1, sizeof *b->sline);
    cap = b->scap;
    rc = rc ? rc : hs__grow((void **)&b->slen, &cap, b->nseg + 1, sizeof *b->slen);
    if (rc) {
        return HS_ENOMEM;
    }
    b->scap = cap;
    b->sstart[b->nseg] = at;
    b->sstart[b->nseg + 1] = b->npts;
    b->sfrom[b->nseg] = from;
    b->sto[b->nseg] = to;
    b->sline[b->nseg] = line;
    b->slen[b->nseg] = seg_len(b->pts + at, b->npts - at);
    b->nseg++;
    return HS_OK;
}

static int push_pt(builder *b, hs_point p)
{
    if (hs__grow((void **)&b->pts, &b->pcap, b->npts + 1, sizeof *b->pts)) {
        return HS_ENOMEM;
    }
    b->pts[b->npts++] = p;
    return HS_OK;
}

static int same(hs_point a, hs_point c)
{
    return a.x == c.x && a.y == c.y;
}

/* The point at arc length s along p[0..k). */
static hs_point at_length(const hs_point *p, size_t k, double s, size_t *edge)
{
    double acc = 0;
    for (size_t i = 0; i + 1 < k; i++) {
        double l = hypot(p[i + 1].x - p[i].x, p[i + 1].y - p[i].y);
        if (acc + l >= s && l > 0) {
            double t = (s - acc) / l;
            *edge = i;
            return (hs_point){p[i].x + t * (p[i + 1].x - p[i].x),
                              p[i].y + t * (p[i + 1].y - p[i].y)};
        }
        acc += l;
    }
    *edge = k - 2;
    return p[k - 1];
}

/* Emits the piece p[0..k) from node a to node b, cut into m equal parts when longer than max
 * (new nodes numbered from *next_node, their positions appended to *extra). */
static int emit(builder *b, const hs_point *p, size_t k, int64_t a, int64_t z, int64_t line,
                double max, int64_t *next_node, hs_point **extra, size_t *nextra, size_t *xcap)
{
    double len = seg_len(p, k);
    size_t m = max > 0 && len > max ? (size_t)ceil(len / max - 1e-9) : 1;
    size_t i0 = 0; /* first vertex index of the current part */
    hs_point start = p[0];
    int64_t from = a;
    for (size_t part = 1; part <= m; part++) {
        size_t at = b->npts;
        if (push_pt(b, start)) {
            return HS_ENOMEM;
        }
        int64_t to = z;
        hs_point end = p[k - 1];
        size_t edge = k - 2;
        if (part < m) {
            end = at_length(p, k, len * (double)part / (double)m, &edge);
            to = (*next_node)++;
            if (hs__grow((void **)extra, xcap, *nextra + 1, sizeof **extra)) {
                return HS_ENOMEM;
            }
            (*extra)[(*nextra)++] = end;
        }
        for (size_t i = i0 + 1; i <= edge; i++) {
            if (!same(b->pts[b->npts - 1], p[i]) && push_pt(b, p[i])) {
                return HS_ENOMEM;
            }
        }
        if ((b->npts - at < 2 || !same(b->pts[b->npts - 1], end)) && push_pt(b, end)) {
            return HS_ENOMEM;
        }
        if (add_seg(b, at, from, to, line)) {
            return HS_ENOMEM;
        }
        i0 = edge;
        start = end;
        from = to;
    }
    return HS_OK;
}

int hs_network_build(hs_network *n, const hs_network_opts *opts)
{
    hs_network_opts o = HS_NETWORK_OPTS_INIT;
    if (opts) {
        o = *opts;
    }
    if (!n) {
        return HS_EINVAL;
    }
    if (!(o.tolerance > 0) || !(o.max_length >= 0)) {
        return hs__error(n->ctx, HS_EINVAL, "network: tolerance must be > 0 and max_length >= 0");
    }
    free_built(n);
    if (o.crossings) {
        int crc = hs__network_crossings(n, o.tolerance);
        if (crc != HS_OK) {
            return hs__error(n->ctx, crc, "network: out of memory while finding crossings");
        }
    }
    size_t nv = n->nlpts;
    vtab t = {0};
    t.cap = 16;
    while (t.cap < 2 * nv + 16) {
        t.cap <<= 1;
    }
    t.kx = malloc(t.cap * sizeof *t.kx);
    t.ky = malloc(t.cap * sizeof *t.ky);
    t.id = malloc(t.cap * sizeof *t.id);
    int64_t *vid = malloc((nv + 1) * sizeof *vid);
    uint32_t *occ = calloc(nv + 1, sizeof *occ);
    uint8_t *isnode = calloc(nv + 1, 1);
    int64_t *node_of = malloc((nv + 1) * sizeof *node_of);
    builder b = {0};
    hs_point *extra = NULL;
    size_t nextra = 0, xcap = 0;
    int rc = t.kx && t.ky && t.id && vid && occ && isnode && node_of ? HS_OK : HS_ENOMEM;
    if (rc == HS_OK) {
        memset(t.id, 0xff, t.cap * sizeof *t.id);
    }
    int64_t nkeys = 0;
    for (size_t i = 0; rc == HS_OK && i < nv; i++) {
        int64_t kx = llround(n->lpts[i].x / o.tolerance), ky = llround(n->lpts[i].y / o.tolerance);
        vid[i] = vt_get(&t, kx, ky, nkeys);
        nkeys += vid[i] == nkeys;
    }
    /* occurrences: a vertex repeated consecutively within a line counts once */
    for (size_t l = 0; rc == HS_OK && l < n->nlines; l++) {
        size_t a = n->lstart[l], z = n->lstart[l + 1];
        for (size_t i = a; i < z; i++) {
            if (i == a || vid[i] != vid[i - 1]) {
                occ[vid[i]]++;
            }
        }
        isnode[vid[a]] = 1;
        isnode[vid[z - 1]] = 1;
    }
    for (int64_t k = 0; rc == HS_OK && k < nkeys; k++) {
        isnode[k] |= occ[k] >= 2;
        node_of[k] = -1;
    }
    /* node numbers in order of first use; positions of the first vertex met */
    int64_t nnode = 0;
    hs_point *nxy = NULL;
    size_t nxy_cap = 0;
    for (size_t i = 0; rc == HS_OK && i < nv; i++) {
        if (isnode[vid[i]] && node_of[vid[i]] < 0) {
            if (hs__grow((void **)&nxy, &nxy_cap, (size_t)nnode + 1, sizeof *nxy)) {
                rc = HS_ENOMEM;
                break;
            }
            nxy[nnode] = n->lpts[i];
            node_of[vid[i]] = nnode++;
        }
    }
    /* cut each line at its nodes; a piece is its distinct vertices from one node to the next */
    int64_t next_node = nnode;
    hs_point *piece = NULL;
    size_t pcap = 0;
    for (size_t l = 0; rc == HS_OK && l < n->nlines; l++) {
        size_t a = n->lstart[l], z = n->lstart[l + 1], k = 0;
        int64_t from = node_of[vid[a]];
        for (size_t i = a; rc == HS_OK && i < z; i++) {
            if (k > 0 && vid[i] == vid[i - 1]) {
                continue;
            }
            if (hs__grow((void **)&piece, &pcap, k + 1, sizeof *piece)) {
                rc = HS_ENOMEM;
                break;
            }
            piece[k++] = n->lpts[i];
            if (k >= 2 && isnode[vid[i]]) {
                int64_t to = node_of[vid[i]];
                rc = emit(&b, piece, k, from, to, (int64_t)l, o.max_length, &next_node, &extra,
                          &nextra, &xcap);
                from = to;
                piece[0] = n->lpts[i];
                k = 1;
            }
        }
    }
    free(piece);
    if (rc == HS_OK && nextra) {
        if (hs__grow((void **)&nxy, &nxy_cap, (size_t)next_node, sizeof *nxy)) {
            rc = HS_ENOMEM;
        } else {
            memcpy(nxy + nnode, extra, nextra * sizeof *extra);
        }
    }
    nnode = next_node;
    /* the segments meeting at each node (a loop counts at its node once per end) */
    int64_t *nstart = calloc((size_t)nnode + 1, sizeof *nstart);
    int64_t *nidx = malloc((2 * b.nseg + 1) * sizeof *nidx);
    rc = rc ? rc : nstart && nidx ? HS_OK : HS_ENOMEM;
    for (size_t s = 0; rc == HS_OK && s < b.nseg; s++) {
        nstart[b.sfrom[s] + 1]++;
        if (b.sto[s] != b.sfrom[s]) {
            nstart[b.sto[s] + 1]++;
        }
    }
    for (int64_t k = 0; rc == HS_OK && k < nnode; k++) {
        nstart[k + 1] += nstart[k];
    }
    int64_t *fill = rc == HS_OK ? malloc(((size_t)nnode + 1) * sizeof *fill) : NULL;
    rc = rc ? rc : fill ? HS_OK : HS_ENOMEM;
    if (rc == HS_OK) {
        memcpy(fill, nstart, (size_t)nnode * sizeof *fill);
        for (size_t s = 0; s < b.nseg; s++) {
            nidx[fill[b.sfrom[s]]++] = (int64_t)s;
            if (b.sto[s] != b.sfrom[s]) {
                nidx[fill[b.sto[s]]++] = (int64_t)s;
            }
        }
    }
    free(fill);
    free(t.kx);
    free(t.ky);
    free(t.id);
    free(vid);
    free(occ);
    free(isnode);
    free(node_of);
    free(extra);
    if (rc != HS_OK) {
        free(b.pts);
        free(b.sstart);
        free(b.sfrom);
        free(b.sto);
        free(b.sline);
        free(b.slen);
        free(nxy);
        free(nstart);
        free(nidx);
        return hs__error(n->ctx, rc, "network: out of memory while noding");
    }
    n->pts = b.pts;
    n->sstart = b.sstart;
    n->sfrom = b.sfrom;
    n->sto = b.sto;
    n->sline = b.sline;
    n->slen = b.slen;
    n->nseg = b.nseg;
    n->nxy = nxy;
    n->nnode = (size_t)nnode;
    n->nstart = nstart;
    n->nseg_idx = nidx;
    n->built = 1;
    return HS_OK;
}

size_t hs_network_segment_count(const hs_network *n)
{
    return n ? n->nseg : 0;
}

size_t hs_network_node_count(const hs_network *n)
{
    return n ? n->nnode : 0;
}

size_t hs_network_line_count(const hs_network *n)
{
    return n ? n->nlines : 0;
}

int hs_network_segment_get(hs_network_segment *out, const hs_network *n, size_t k)
{
    if (!out || !n || k >= n->nseg) {
        return HS_EINVAL;
    }
    int64_t l = n->sline[k];
    const char *nm = hs__strpool_get(&n->pool, n->lname[l]);
    const char *ty = hs__strpool_get(&n->pool, n->ltype[l]);
    *out = (hs_network_segment){n->sfrom[k],
                                n->sto[k],
                                n->slen[k],
                                nm ? nm : "",
                                ty ? ty : "",
                                n->pts + n->sstart[k],
                                n->sstart[k + 1] - n->sstart[k],
                                l};
    return HS_OK;
}

int hs_network_node_get(hs_point *pt, const int64_t **segs, size_t *nseg, const hs_network *n,
                        size_t k)
{
    if (!n || k >= n->nnode) {
        return HS_EINVAL;
    }
    if (pt) {
        *pt = n->nxy[k];
    }
    if (segs) {
        *segs = n->nseg_idx + n->nstart[k];
    }
    if (nseg) {
        *nseg = (size_t)(n->nstart[k + 1] - n->nstart[k]);
    }
    return HS_OK;
}
