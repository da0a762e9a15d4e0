/*
 * The R-tree spatial index of a GeoPackage feature table, built after the bulk load from the
 * envelopes the writer kept while inserting (no read-back of the table): the entries are sorted in
 * Hilbert order of their envelopes and packed bottom-up into full nodes written
 * straight into SQLite's R-tree shadow tables (%_node, %_rowid, %_parent), as GDAL does, which is
 * far faster than inserting row by row; then the standard GeoPackage triggers keep it current.
 * The node format is SQLite's (rtree.c): big-endian depth and cell count, then cells of a 64-bit
 * id and four 32-bit floats (minx, maxx, miny, maxy) rounded outwards. Also the SQL functions
 * (ST_MinX, ..., ST_IsEmpty) that the fill and the triggers call on our connection.
 */
#include "core/hs_internal.h"
#include "gpkg/gpkg.h"

#include <sqlite3.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- SQL functions the R-tree fill and triggers call (GeoPackage names) ---- */

static void st_env(sqlite3_context *c, int argc, sqlite3_value **argv)
{
    (void)argc;
    int which = (int)(intptr_t)sqlite3_user_data(c);
    if (sqlite3_value_type(argv[0]) != SQLITE_BLOB) {
        sqlite3_result_null(c);
        return;
    }
    hs_bbox b;
    int rc = hs__gpkg_blob_envelope(&b, sqlite3_value_blob(argv[0]),
                                    (size_t)sqlite3_value_bytes(argv[0]));
    if (which == 4) {
        sqlite3_result_int(c, rc == HS_ENODATA);
        return;
    }
    if (rc) {
        sqlite3_result_null(c);
        return;
    }
    double v[4] = {b.xmin, b.xmax, b.ymin, b.ymax};
    sqlite3_result_double(c, v[which]);
}

/* Hilbert index of a point on a 65536 x 65536 grid (classic xy2d). */
static int64_t hilbert(uint32_t x, uint32_t y)
{
    int64_t d = 0;
    for (uint32_t s = 1u << 15; s > 0; s >>= 1) {
        uint32_t rx = (x & s) > 0;
        uint32_t ry = (y & s) > 0;
        d += (int64_t)s * s * ((3 * rx) ^ ry);
        if (ry == 0) {
            if (rx == 1) {
                x = 65535 - x;
                y = 65535 - y;
            }
            uint32_t t = x;
            x = y;
            y = t;
        }
    }
    return d;
}

int hs__gpkg_register_functions(struct sqlite3 *db)
{
    static const char *names[5] = {"ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY", "ST_IsEmpty"};
    for (int i = 0; i < 5; i++) {
        if (sqlite3_create_function_v2(db, names[i], 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                       (void *)(intptr_t)i, st_env, NULL, NULL,
                                       NULL) != SQLITE_OK) {
            return HS_EIO;
        }
    }
    return HS_OK;
}

typedef gp_env rt_cell;

/* Stable LSD radix sort of n keys by their upper 32 bits (a Hilbert index; the lower 32 bits hold
 * the entry's position), in two 16-bit passes over 8-byte keys: qsort's comparisons cost more than
 * the whole rest of the index, and sorting the keys rather than the entries moves a quarter of the
 * bytes. Returns HS_ENOMEM on failure. */
static int radix_sort(uint64_t *k, size_t n)
{
    uint64_t *tmp = malloc((n ? n : 1) * sizeof *tmp);
    size_t *cnt = malloc(65536 * sizeof *cnt);
    if (!tmp || !cnt) {
        free(tmp);
        free(cnt);
        return HS_ENOMEM;
    }
    uint64_t *src = k, *dst = tmp;
    for (int shift = 32; shift < 64; shift += 16) {
        memset(cnt, 0, 65536 * sizeof *cnt);
        for (size_t i = 0; i < n; i++) {
            cnt[(src[i] >> shift) & 65535]++;
        }
        size_t sum = 0;
        for (size_t d = 0; d < 65536; d++) {
            size_t c = cnt[d];
            cnt[d] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++) {
            dst[cnt[(src[i] >> shift) & 65535]++] = src[i];
        }
        uint64_t *t = src;
        src = dst;
        dst = t;
    }
    /* two passes: the result is back in k */
    free(tmp);
    free(cnt);
    return HS_OK;
}

/* The order of the leaf entries along a Hilbert curve over box, so that each node holds near
 * entries: *out[i] = (Hilbert index << 32) | position of the i-th entry. */
static int hilbert_order(uint64_t **out, const rt_cell *cells, size_t n, const hs_bbox *box)
{
    double w = box->xmax > box->xmin ? box->xmax - box->xmin : 1.0;
    double h = box->ymax > box->ymin ? box->ymax - box->ymin : 1.0;
    uint64_t *k = malloc((n ? n : 1) * sizeof *k);
    if (!k) {
        return HS_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        double fx = (((double)cells[i].b[0] + cells[i].b[1]) / 2 - box->xmin) / w * 65535.0;
        double fy = (((double)cells[i].b[2] + cells[i].b[3]) / 2 - box->ymin) / h * 65535.0;
        uint64_t d = (uint64_t)hilbert((uint32_t)fmin(fmax(fx, 0.0), 65535.0),
                                       (uint32_t)fmin(fmax(fy, 0.0), 65535.0));
        k[i] = d << 32 | (uint64_t)i;
    }
    if (radix_sort(k, n)) {
        free(k);
        return HS_ENOMEM;
    }
    *out = k;
    return HS_OK;
}

static float round_down(double d)
{
    float f = (float)d;
    return (double)f > d ? nextafterf(f, -INFINITY) : f;
}

static float round_up(double d)
{
    float f = (float)d;
    return (double)f < d ? nextafterf(f, INFINITY) : f;
}

static void put_be(unsigned char *p, uint64_t v, int n)
{
    for (int i = 0; i < n; i++) {
        p[i] = (unsigned char)(v >> (8 * (n - 1 - i)));
    }
}

static void encode_node(unsigned char *node, size_t size, int depth, const rt_cell *cells, size_t n)
{
    memset(node, 0, size);
    put_be(node, (uint64_t)depth, 2);
    put_be(node + 2, (uint64_t)n, 2);
    for (size_t i = 0; i < n; i++) {
        unsigned char *p = node + 4 + 24 * i;
        put_be(p, (uint64_t)cells[i].id, 8);
        for (int k = 0; k < 4; k++) {
            uint32_t u;
            memcpy(&u, &cells[i].b[k], 4);
            put_be(p + 8 + 4 * k, u, 4);
        }
    }
}

static int step_reset(hs_gpkg *g, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? HS_OK : hs__gpkg_sqlerr(g, "R-tree");
}

int hs__gpkg_env_add(gp_layer *L, int64_t id, const hs_bbox *b)
{
    if (L->nenv == L->cap_env) {
        void *buf = L->env;
        if (hs__grow(&buf, &L->cap_env, L->nenv + 1, sizeof *L->env)) {
            return HS_ENOMEM;
        }
        L->env = buf;
    }
    rt_cell *e = &L->env[L->nenv++];
    e->id = id;
    e->b[0] = round_down(b->xmin);
    e->b[1] = round_up(b->xmax);
    e->b[2] = round_down(b->ymin);
    e->b[3] = round_up(b->ymax);
    return HS_OK;
}

/* %_rowid rows per INSERT statement: a million single-row statements cost about twice as much. */
enum { ROWID_BATCH = 100 };

static char *rowid_batch_sql(const char *t, const char *c)
{
    sqlite3_str *s = sqlite3_str_new(NULL);
    sqlite3_str_appendf(s, "INSERT INTO \"rtree_%w_%w_rowid\" (rowid, nodeno) VALUES (?, ?)", t, c);
    for (int k = 1; k < ROWID_BATCH; k++) {
        sqlite3_str_appendall(s, ", (?, ?)");
    }
    return sqlite3_str_finish(s);
}

/*
 * Packs level after level: the cells of one level are cut into runs of at most `fan` cells, each
 * run becoming a node; the nodes (with their union boxes) are the cells of the next level, until
 * one node remains: the root, which SQLite expects as node 1 holding the tree depth.
 */
static int bulk_load(hs_gpkg *g, const char *t, const char *c, const hs_bbox *box, rt_cell *leaves,
                     size_t n)
{
    if (n == 0) {
        return HS_OK;
    }
    if (n > UINT32_MAX) {
        return hs__error(g->ctx, HS_ELIMIT, "%s: R-tree of more than 2^32 features", g->path);
    }
    uint64_t *ord = NULL;
    if (hilbert_order(&ord, leaves, n, box) != HS_OK) {
        return hs__error(g->ctx, HS_ENOMEM, "R-tree: out of memory");
    }
    int rc = HS_OK;
    rt_cell *level = leaves; /* the caller's array (leaves[ord[i]]); upper levels made here */
    char *q =
        sqlite3_mprintf("SELECT length(data) FROM \"rtree_%w_%w_node\" WHERE nodeno = 1", t, c);
    sqlite3_stmt *st = NULL;
    size_t size = 0;
    if (q && sqlite3_prepare_v2(g->db, q, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        size = (size_t)sqlite3_column_int(st, 0);
    }
    sqlite3_finalize(st);
    sqlite3_free(q);
    size_t fan = size > 4 ? (size - 4) / 24 : 0;
    if (fan < 4) {
        free(ord);
        return hs__error(g->ctx, HS_EINTERNAL, "%s: unexpected R-tree node size %zu", g->path,
                         size);
    }
    sqlite3_stmt *ins_node = NULL;
    sqlite3_stmt *ins_rowid = NULL;
    sqlite3_stmt *ins_parent = NULL;
    sqlite3_stmt *ins_rowids = NULL; /* ROWID_BATCH rows at once */
    char *s1 = sqlite3_mprintf("INSERT OR REPLACE INTO \"rtree_%w_%w_node\" VALUES (?, ?)", t, c);
    char *s2 =
        sqlite3_mprintf("INSERT INTO \"rtree_%w_%w_rowid\" (rowid, nodeno) VALUES (?, ?)", t, c);
    char *s4 = rowid_batch_sql(t, c);
    char *s3 = sqlite3_mprintf("INSERT INTO \"rtree_%w_%w_parent\" VALUES (?, ?)", t, c);
    if (!s1 || !s2 || !s3 || !s4 ||
        sqlite3_prepare_v2(g->db, s1, -1, &ins_node, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(g->db, s2, -1, &ins_rowid, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(g->db, s4, -1, &ins_rowids, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(g->db, s3, -1, &ins_parent, NULL) != SQLITE_OK) {
        rc = hs__gpkg_sqlerr(g, "R-tree");
    }
    sqlite3_free(s1);
    sqlite3_free(s2);
    sqlite3_free(s3);
    sqlite3_free(s4);
    /* node numbers: count all nodes first so that the root is 1 and the others 2, 3, ... */
    size_t total = 0;
    int depth = 0;
    for (size_t m = n;; depth++) {
        size_t nodes = (m + fan - 1) / fan;
        total += nodes;
        if (nodes == 1) {
            break;
        }
        m = nodes;
    }
    unsigned char *node = malloc(size);
    rt_cell *run = malloc(fan * sizeof *run);       /* one leaf's entries, gathered */
    int64_t *leaf_of = malloc(n * sizeof *leaf_of); /* leaf node of leaves[i] */
    size_t nleaf = n;
    if (!leaf_of || !run) {
        rc = hs__error(g->ctx, HS_ENOMEM, "out of memory");
    }
    int64_t next = (int64_t)total; /* leaves get the highest numbers, the root 1 */
    int lev = 0;
    while (!rc) {
        size_t nodes = (n + fan - 1) / fan;
        rt_cell *up = malloc(nodes * sizeof *up);
        if (!up || !node) {
            free(up);
            rc = hs__error(g->ctx, HS_ENOMEM, "out of memory");
            break;
        }
        int64_t first = nodes == 1 ? 1 : next - (int64_t)nodes + 1;
        for (size_t k = 0; k < nodes && !rc; k++) {
            size_t a = k * fan;
            size_t cnt = n - a < fan ? n - a : fan;
            int64_t no = first + (int64_t)k;
            rt_cell u = {no, {INFINITY, -INFINITY, INFINITY, -INFINITY}};
            const rt_cell *cells = level + a;
            if (lev == 0) {
                for (size_t i = 0; i < cnt; i++) {
                    size_t at = (size_t)(ord[a + i] & UINT32_MAX);
                    run[i] = leaves[at];
                    leaf_of[at] = no;
                }
                cells = run;
            }
            for (size_t i = 0; i < cnt; i++) {
                u.b[0] = fminf(u.b[0], cells[i].b[0]);
                u.b[1] = fmaxf(u.b[1], cells[i].b[1]);
                u.b[2] = fminf(u.b[2], cells[i].b[2]);
                u.b[3] = fmaxf(u.b[3], cells[i].b[3]);
                if (lev > 0) {
                    sqlite3_bind_int64(ins_parent, 1, cells[i].id);
                    sqlite3_bind_int64(ins_parent, 2, no);
                    rc = rc ? rc : step_reset(g, ins_parent);
                }
            }
            up[k] = u;
            encode_node(node, size, nodes == 1 ? depth : 0, cells, cnt);
            sqlite3_bind_int64(ins_node, 1, no);
            sqlite3_bind_blob(ins_node, 2, node, (int)size, SQLITE_STATIC);
            rc = rc ? rc : step_reset(g, ins_node);
        }
        if (level != leaves) {
            free(level);
        }
        level = up;
        n = nodes;
        next = first - 1;
        lev++;
        if (nodes == 1) {
            break;
        }
    }
    if (level != leaves) {
        free(level);
    }
    free(node);
    free(run);
    free(ord);
    /* %_rowid in the order the features were written, which is fid order: appending to its B-tree
     * is much cheaper than random inserts */
    size_t i = 0;
    for (; i + ROWID_BATCH <= nleaf && !rc; i += ROWID_BATCH) {
        for (int k = 0; k < ROWID_BATCH; k++) {
            sqlite3_bind_int64(ins_rowids, 2 * k + 1, leaves[i + (size_t)k].id);
            sqlite3_bind_int64(ins_rowids, 2 * k + 2, leaf_of[i + (size_t)k]);
        }
        rc = step_reset(g, ins_rowids);
    }
    for (; i < nleaf && !rc; i++) {
        sqlite3_bind_int64(ins_rowid, 1, leaves[i].id);
        sqlite3_bind_int64(ins_rowid, 2, leaf_of[i]);
        rc = step_reset(g, ins_rowid);
    }
    free(leaf_of);
    sqlite3_finalize(ins_node);
    sqlite3_finalize(ins_rowid);
    sqlite3_finalize(ins_rowids);
    sqlite3_finalize(ins_parent);
    return rc;
}

/* ---- R-tree ---- */

int hs__gpkg_rtree(hs_gpkg *g, const char *t, const char *c, const hs_bbox *box, gp_env *env,
                   size_t n)
{
    const char *upd =
        "INSERT OR REPLACE INTO \"rtree_%w_%w\" VALUES (NEW.fid, ST_MinX(NEW.\"%w\"), "
        "ST_MaxX(NEW.\"%w\"), ST_MinY(NEW.\"%w\"), ST_MaxY(NEW.\"%w\"));";
    char *ins = sqlite3_mprintf(upd, t, c, c, c, c, c);
    if (!ins) {
        return hs__error(g->ctx, HS_ENOMEM, "out of memory");
    }
    int rc = hs__gpkg_execf(
        g, sqlite3_mprintf("CREATE VIRTUAL TABLE \"rtree_%w_%w\" USING rtree(id, minx, maxx, miny, "
                           "maxy);",
                           t, c));
    if (!rc) {
        rc = bulk_load(g, t, c, box, env, n);
    }
    if (!rc) {
        rc = hs__gpkg_execf(
            g, sqlite3_mprintf(
                   "CREATE TRIGGER \"rtree_%w_%w_insert\" AFTER INSERT ON \"%w\" WHEN "
                   "(NEW.\"%w\" NOT NULL AND NOT ST_IsEmpty(NEW.\"%w\")) BEGIN %s END;"
                   "CREATE TRIGGER \"rtree_%w_%w_update1\" AFTER UPDATE OF \"%w\" ON \"%w\" WHEN "
                   "OLD.fid = NEW.fid AND (NEW.\"%w\" NOTNULL AND NOT ST_IsEmpty(NEW.\"%w\")) "
                   "BEGIN %s END;"
                   "CREATE TRIGGER \"rtree_%w_%w_update2\" AFTER UPDATE OF \"%w\" ON \"%w\" WHEN "
                   "OLD.fid = NEW.fid AND (NEW.\"%w\" ISNULL OR ST_IsEmpty(NEW.\"%w\")) BEGIN "
                   "DELETE FROM \"rtree_%w_%w\" WHERE id = OLD.fid; END;"
                   "CREATE TRIGGER \"rtree_%w_%w_update3\" AFTER UPDATE ON \"%w\" WHEN OLD.fid "
                   "!= NEW.fid AND (NEW.\"%w\" NOTNULL AND NOT ST_IsEmpty(NEW.\"%w\")) BEGIN "
                   "DELETE FROM \"rtree_%w_%w\" WHERE id = OLD.fid; %s END;"
                   "CREATE TRIGGER \"rtree_%w_%w_update4\" AFTER UPDATE ON \"%w\" WHEN OLD.fid "
                   "!= NEW.fid AND (NEW.\"%w\" ISNULL OR ST_IsEmpty(NEW.\"%w\")) BEGIN DELETE "
                   "FROM \"rtree_%w_%w\" WHERE id IN (OLD.fid, NEW.fid); END;"
                   "CREATE TRIGGER \"rtree_%w_%w_delete\" AFTER DELETE ON \"%w\" WHEN "
                   "OLD.\"%w\" NOT NULL BEGIN DELETE FROM \"rtree_%w_%w\" WHERE id = OLD.fid; "
                   "END;"
                   "INSERT INTO gpkg_extensions VALUES (%Q, %Q, 'gpkg_rtree_index', "
                   "'http://www.geopackage.org/spec120/#extension_rtree', 'write-only');",
                   t, c, t, c, c, ins,       /* insert */
                   t, c, c, t, c, c, ins,    /* update1 */
                   t, c, c, t, c, c, t, c,   /* update2 */
                   t, c, t, c, c, t, c, ins, /* update3 */
                   t, c, t, c, c, t, c,      /* update4 */
                   t, c, t, c, t, c,         /* delete */
                   t, c));
    }
    sqlite3_free(ins);
    return rc;
}
