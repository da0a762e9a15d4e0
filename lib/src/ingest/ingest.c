/*
 * hs_ingest_file: reads one input row by row (ingest_table.c picks the reader), maps columns
 * (ingest_map.c), detects the CRS from a sample of rows, fixes swapped axes, parses dates and times
 * into UTC (Europe/Stockholm daylight saving applied), maps codes to categories, masks
 * personnummer, reprojects, and puts every row either in the record store or in the rejects with
 * a stable reason key. Values are parsed straight into the column store without per-row
 * allocation. It must not write files or print: the summary goes to the log callback.
 */
#include "crs/crs.h"
#include "ingest/ingest_run.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SAMPLE_ROWS 5000
#define SPLIT_MIN_BYTES (8 << 20) /* smaller CSV files are read by one thread */
#define SPLIT_MAX 8

/* Reads up to SAMPLE_ROWS coordinate pairs (malloc'd into *xs, *ys; *n of them). */
static int read_sample(double **xs_out, double **ys_out, size_t *n_out, run *r,
                       const hs__table_opts *to)
{
    *xs_out = *ys_out = NULL;
    *n_out = 0;
    hs__table *t = NULL;
    int rc = hs__table_open(&t, r->ctx, r->path, to);
    if (rc != HS_OK) {
        return rc;
    }
    double *xs = malloc(SAMPLE_ROWS * sizeof *xs), *ys = malloc(SAMPLE_ROWS * sizeof *ys);
    size_t n = 0;
    const char *const *f;
    size_t nf;
    while (xs && ys && n < SAMPLE_ROWS && (rc = t->next(t, &f, &nf)) == 1) {
        double x, y;
        if ((size_t)r->m.x < nf && (size_t)r->m.y < nf && hs__parse_double(&x, f[r->m.x]) == 0 &&
            hs__parse_double(&y, f[r->m.y]) == 0) {
            xs[n] = x;
            ys[n] = y;
            n++;
        }
    }
    hs__table_close(t);
    if (!xs || !ys) {
        free(xs);
        free(ys);
        return hs__error(r->ctx, HS_ENOMEM, "out of memory");
    }
    if (rc < 0) {
        free(xs);
        free(ys);
        return rc;
    }
    *xs_out = xs;
    *ys_out = ys;
    *n_out = n;
    return HS_OK;
}

/* Votes for a Swedish CRS from the sample's value ranges. */
static void detect_crs(run *r, const double *xs, const double *ys, size_t n)
{
    if (hs__crs_vote(&r->crs, xs, ys, n) == HS_OK) {
        hs__log(r->ctx, HS_LOG_INFO, "%s: CRS detected from the value ranges: EPSG:%d", r->path,
                r->crs);
    } else if (n) {
        hs__log(r->ctx, HS_LOG_WARN,
                "%s: coordinates fit no Swedish CRS (3006, 3021, 4326); give --crs%s", r->path,
                r->o->version >= 3 && r->o->keep_unlocated ? " (the rows count for their times)"
                                                           : "");
    }
}

/* A .qpj or .prj file beside path (data.csv -> data.qpj, data.prj): its CRS in *code, 0 none. */
static int sidecar_crs(int *code, run *r)
{
    *code = 0;
    const char *dot = strrchr(r->path, '.');
    const char *slash = strrchr(r->path, '/');
    size_t stem = dot && (!slash || dot > slash) ? (size_t)(dot - r->path) : strlen(r->path);
    static const char *const ext[] = {".qpj", ".prj", ".QPJ", ".PRJ"};
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        char p[4096];
        if (stem + 5 > sizeof p) {
            return HS_OK;
        }
        memcpy(p, r->path, stem);
        memcpy(p + stem, ext[i], 5);
        struct stat sb;
        if (stat(p, &sb) == 0 && S_ISREG(sb.st_mode)) {
            int rc = hs_crs_read_file(code, r->ctx, p);
            if (rc == HS_OK) {
                hs__log(r->ctx, HS_LOG_INFO, "%s: CRS from %s: %s (%s)", r->path, p,
                        hs_crs_label(r->ctx, *code), hs_crs_name(r->ctx, *code));
            }
            return rc;
        }
    }
    return HS_OK;
}

/* Resolves a CRS definition given for this input; the message names the string and the file. */
static int given_crs(int *code, run *r, const char *def, const char *what)
{
    int rc = hs_crs_resolve(code, r->ctx, def);
    if (rc != HS_OK) {
        char msg[600];
        hs__fmt(msg, sizeof msg, "%s", hs_ctx_errmsg(r->ctx));
        return hs__error(r->ctx, rc, "%s: %s: %s", r->path, what, msg);
    }
    return HS_OK;
}

/* A CRS given as a code (EPSG, or of the registry): checked to be one PROJ knows. */
static int code_crs(int *code, run *r, int given, const char *what)
{
    *code = given;
    if (!hs__crs_obj(r->ctx, given)) {
        if (given >= HS_CRS_USER) {
            return hs__error(r->ctx, HS_EUNSUPPORTED, "%s: %s: CRS code %d is not known", r->path,
                             what, given);
        }
        return hs__error(r->ctx, HS_EUNSUPPORTED, "%s: %s: 'EPSG:%d' is not a CRS PROJ knows",
                         r->path, what, given);
    }
    return HS_OK;
}

static int swedish_code(int code)
{
    return code != 4326 && hs__crs_known(code);
}

/* The input CRS (given, of the layer, beside the file, or detected) and the working CRS. */
static int choose_crs(run *r, const hs__table_opts *to)
{
    const hs_ingest_opts *o = r->o;
    const char *crs_def = o->version >= 3 ? o->crs : NULL;
    const char *work_def = o->version >= 3 ? o->work_crs : NULL;
    if (crs_def && (!*crs_def || hs__strcasecmp(crs_def, "auto") == 0)) {
        crs_def = NULL;
    }
    if (work_def && (!*work_def || hs__strcasecmp(work_def, "auto") == 0)) {
        work_def = NULL;
    }
    int rc = HS_OK, detected = 0;
    if (crs_def) {
        rc = given_crs(&r->crs, r, crs_def, "the input CRS");
    } else if (o->crs_epsg) {
        rc = code_crs(&r->crs, r, o->crs_epsg, "the input CRS");
    } else if (r->m.x >= 0 && r->t->epsg && !strncmp(r->t->names[r->m.x], "__", 2)) {
        r->crs = r->t->epsg;
        hs__log(r->ctx, HS_LOG_INFO, "%s: CRS of the geometry: %s (%s)", r->path,
                hs_crs_label(r->ctx, r->crs), hs_crs_name(r->ctx, r->crs));
    } else if (r->m.x >= 0) {
        rc = sidecar_crs(&r->crs, r);
        detected = r->crs == 0;
    }
    if (rc != HS_OK) {
        return rc;
    }
    int have = hs_records_crs(r->rec);
    const char *why = NULL;
    int sweden = 0;
    double *xs = NULL, *ys = NULL;
    size_t n = 0;
    if (r->m.x >= 0 && (detected || (!have && !work_def && !o->work_epsg && r->crs))) {
        rc = read_sample(&xs, &ys, &n, r, to);
    }
    if (rc == HS_OK && detected) {
        detect_crs(r, xs, ys, n);
    }
    if (rc == HS_OK && have) {
        r->work = have;
    } else if (rc == HS_OK && (work_def || o->work_epsg)) {
        rc = work_def ? given_crs(&r->work, r, work_def, "the working CRS")
                      : code_crs(&r->work, r, o->work_epsg, "the working CRS");
        if (rc == HS_OK && (rc = hs_crs_check_work(r->ctx, r->work)) != HS_OK) {
            char msg[600];
            hs__fmt(msg, sizeof msg, "%s", hs_ctx_errmsg(r->ctx));
            rc = hs__error(r->ctx, rc, "%s: the working CRS: %s", r->path, msg);
        }
        why = "given";
    } else if (rc == HS_OK && (!r->crs || detected)) {
        r->work = 3006;
        why = r->crs ? "the data lie in Sweden" : "no input CRS";
    } else if (rc == HS_OK) {
        rc = hs__crs_default_work(&r->work, &why, &sweden, r->ctx, r->crs, xs, ys, n);
    }
    free(xs);
    free(ys);
    if (rc != HS_OK) {
        return rc;
    }
    if (why && r->crs) {
        const char *label = hs_crs_label(r->ctx, r->work), *name = hs_crs_name(r->ctx, r->work);
        hs__log(r->ctx, HS_LOG_INFO, "%s: working CRS %s%s%s%s: %s; grid cells %s", r->path, label,
                strcmp(label, name) ? " (" : "", strcmp(label, name) ? name : "",
                strcmp(label, name) ? ")" : "", why,
                r->work == 3006 ? "on SCB's grid" : "aligned on multiples of the cell size");
    }
    /* rows of a Swedish CRS analysed in a Swedish CRS are checked against Sweden's value ranges,
     * with swapped axes fixed, as the detection does */
    r->swedish = r->crs && swedish_code(r->work) && (detected || hs__crs_known(r->crs));
    return HS_OK;
}

static void log_summary(run *r)
{
    hs_ingest_stats *s = &r->st;
    hs__log(r->ctx, HS_LOG_INFO,
            "%s: %lld rows read, %lld kept, %lld rejected, %lld swapped, %lld reprojected "
            "(%s -> %s)",
            r->path, (long long)s->rows_read, (long long)s->kept, (long long)s->rejected,
            (long long)s->swapped, (long long)s->reprojected,
            s->crs_detected ? hs_crs_label(r->ctx, s->crs_detected) : "no CRS",
            hs_crs_label(r->ctx, s->work_crs));
    if (s->swapped) {
        hs__log(r->ctx, HS_LOG_WARN, "%s: %lld rows had x and y swapped; fixed", r->path,
                (long long)s->swapped);
    }
    if (s->dst_gap || s->dst_repeated) {
        hs__log(r->ctx, HS_LOG_WARN,
                "%s: %lld times in the skipped spring hour (read as summer time), %lld in the "
                "repeated autumn hour (%s instant taken)",
                r->path, (long long)s->dst_gap, (long long)s->dst_repeated,
                r->o->tz_later ? "later" : "earlier");
    }
    if (s->to_geocode) {
        hs__log(r->ctx, HS_LOG_INFO, "%s: %lld rows kept without coordinates, to geocode", r->path,
                (long long)s->to_geocode);
    }
    if (s->unlocated) {
        hs__log(r->ctx, HS_LOG_INFO,
                "%s: %lld rows kept without a usable place (%lld with one): they count for their "
                "times only",
                r->path, (long long)s->unlocated,
                (long long)(s->kept - s->unlocated - s->to_geocode));
    }
    if (s->masked) {
        hs__log(r->ctx, HS_LOG_WARN, "%s: %lld personnummer masked", r->path, (long long)s->masked);
    }
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static int check_limits(run *r)
{
    const hs_ingest_opts *o = r->o;
    int64_t n = r->st.rows_read;
    if (o->max_rejects >= 0 && r->st.rejected > o->max_rejects) {
        return hs__error(r->ctx, HS_ELIMIT, "%s: %lld rows rejected, more than --max-rejects %lld",
                         r->path, (long long)r->st.rejected, (long long)o->max_rejects);
    }
    if (o->max_rejects_share >= 0 && n > 0 &&
        (double)r->st.rejected / (double)n > o->max_rejects_share) {
        return hs__error(r->ctx, HS_ELIMIT,
                         "%s: %lld of %lld rows rejected (%.1f%%), more than --max-rejects %g%%",
                         r->path, (long long)r->st.rejected, (long long)n,
                         100.0 * (double)r->st.rejected / (double)n, 100.0 * o->max_rejects_share);
    }
    return HS_OK;
}

static int setup(run *r, hs__table_opts *to)
{
    const hs_ingest_opts *o = r->o;
    hs_tz tz = HS_TZ_STOCKHOLM;
    int rc = hs_tz_parse(&tz, o->tz ? o->tz : "Europe/Stockholm");
    if (rc != HS_OK) {
        return hs__error(r->ctx, rc, "time zone '%s' is not supported (Europe/Stockholm or UTC)",
                         o->tz);
    }
    hs__clock_init(&r->clock, tz, o->tz_later);
    rc = hs__table_open(&r->t, r->ctx, r->path, to);
    if (rc != HS_OK) {
        return rc;
    }
    if (!strcmp(r->t->kind, "csv")) {
        hs__log(r->ctx, HS_LOG_INFO, "%s: CSV, separator '%s', encoding %s", r->path,
                r->t->delim == '\t' ? "\\t" : (r->t->delim == ';' ? ";" : ","), r->t->encoding);
    } else if (!strcmp(r->t->kind, "polisen")) {
        hs__log(r->ctx, HS_LOG_INFO,
                "%s: polisen.se events: time from the title, location = kommun/län centre",
                r->path);
    }
    rc = hs__ingest_map(&r->m, r->ctx, r->t, o, r->path);
    if (rc != HS_OK) {
        return rc;
    }
    /* room for the rows at once: no copies while the arrays grow (a failure only loses that) */
    if (r->t->rows_hint && r->t->rows_hint < ((size_t)1 << 31)) {
        (void)hs_records_reserve(r->rec, hs_records_count(r->rec) + r->t->rows_hint);
    }
    int keep = o->version >= 3 && o->keep_unlocated;
    if (r->m.x < 0 && r->m.address < 0 && !keep) {
        return hs__error(r->ctx, HS_ENODATA,
                         "%s: no coordinate columns and no address column (give --x/--y or "
                         "--address)",
                         r->path);
    }
    if (r->m.x < 0 && r->m.address < 0) {
        hs__log(r->ctx, HS_LOG_INFO, "%s: no coordinate columns: the rows count for their times",
                r->path);
    }
    rc = choose_crs(r, to);
    if (rc != HS_OK) {
        return rc;
    }
    hs_records_set_crs(r->rec, r->work);
    if (o->boundary && *o->boundary) {
        hs_areas_opts ao = HS_AREAS_OPTS_INIT;
        ao.epsg = r->work;
        rc = hs_areas_open(&r->areas, r->ctx, o->boundary, &ao);
        if (rc != HS_OK) {
            return rc;
        }
    }
    return HS_OK;
}

/* Reads the rows of r->t until the end: each row to a record or a reject. */
static int read_rows(run *r)
{
    int rc = HS_OK;
    while (rc == HS_OK) {
        int got = r->t->next(r->t, &r->f, &r->nf);
        if (got <= 0) {
            if (got < 0) {
                char msg[512];
                hs__fmt(msg, sizeof msg, "%s", hs_ctx_errmsg(r->ctx));
                rc = hs__error(r->ctx, got, "%s:%lld: %s", r->path, (long long)r->t->line, msg);
            }
            break;
        }
        r->row++;
        r->st.rows_read++;
        rc = hs__ingest_row(r);
        if (rc == HS_OK && (r->row & 0xFFFF) == 0 && r->ctx && r->ctx->cancelled) {
            rc = hs__error(r->ctx, HS_ECANCEL, "%s: cancelled after %lld rows", r->path,
                           (long long)r->row);
        }
    }
    return rc;
}

typedef struct part {
    run r;
    int rc;
} part;

static void *part_main(void *arg)
{
    part *p = arg;
    p->rc = read_rows(&p->r);
    return NULL;
}

static void part_free(part *p, int own_store)
{
    hs__table_close(p->r.t);
    hs__dict_free(&p->r.catkeys);
    free(p->r.cat_of);
    free(p->r.focus_of);
    if (own_store) {
        hs_records_free(p->r.rec);
        hs_rejects_free(p->r.rj);
    }
}

/* The parts of a large CSV file that threads can read side by side: row starts near equal
 * shares of the bytes (a newline outside quotes). 1 = read it whole. Rows that reproject or are
 * checked against a boundary go through PROJ or GEOS handles of their own, so they are not split.
 */
static size_t split_points(int64_t *cut, run *r)
{
    struct stat sb;
    int nt = hs__threads_for(r->ctx, SPLIT_MAX);
    if (nt < 2 || strcmp(r->t->kind, "csv") != 0 || r->areas || r->crs != r->work ||
        stat(r->path, &sb) != 0 || sb.st_size < SPLIT_MIN_BYTES) {
        return 1;
    }
    int64_t start = hs__csv_offset(r->t), size = (int64_t)sb.st_size;
    size_t k = 1;
    cut[0] = start;
    for (int j = 1; j < nt; j++) {
        int64_t c = hs__csv_cut(r->ctx, r->t, r->path, cut[k - 1], start + (size - start) * j / nt);
        if (c <= cut[k - 1] || c >= size) {
            break;
        }
        cut[k++] = c;
    }
    cut[k] = size;
    return k;
}

/* Reads the parts [cut[j], cut[j+1]) in threads into stores of their own, then appends them to
 * r's in file order, with row numbers shifted by the rows before them: the same records, rejects
 * and counts as one pass. */
static int read_split(run *r, const int64_t *cut, size_t k)
{
    part parts[SPLIT_MAX];
    pthread_t tid[SPLIT_MAX];
    int started[SPLIT_MAX] = {0};
    int rc = HS_OK;
    memset(parts, 0, sizeof parts);
    for (size_t j = 0; j < k; j++) {
        part *p = &parts[j];
        p->r = *r;
        p->r.st = (hs_ingest_stats){0};
        memset(&p->r.catkeys, 0, sizeof p->r.catkeys);
        p->r.cat_of = p->r.focus_of = NULL;
        p->r.catcap = 0;
        p->r.row = 0;
        p->r.clock.gap = p->r.clock.repeated = 0;
        p->r.t = NULL;
        if (j > 0) {
            p->r.rec = NULL;
            p->r.rj = NULL;
            if (hs_records_new(&p->r.rec) || hs_rejects_new(&p->r.rj)) {
                rc = hs__error(r->ctx, HS_ENOMEM, "out of memory");
                break;
            }
            hs_records_set_crs(p->r.rec, hs_records_crs(r->rec));
            /* its share of the rows the file probably holds: no copies while it grows */
            double share = (double)(cut[j + 1] - cut[j]) / (double)(cut[k] - cut[0]);
            (void)hs_records_reserve(p->r.rec, (size_t)(share * (double)r->t->rows_hint) + 16);
        }
        rc = hs__csv_open_range(&p->r.t, r->ctx, r->path, r->t, cut[j], cut[j + 1]);
        if (rc) {
            break;
        }
    }
    for (size_t j = 1; rc == HS_OK && j < k; j++) {
        started[j] = pthread_create(&tid[j], NULL, part_main, &parts[j]) == 0;
        if (!started[j]) {
            part_main(&parts[j]);
        }
    }
    if (rc == HS_OK) {
        part_main(&parts[0]);
    }
    int64_t rows = 0;
    for (size_t j = 0; j < k; j++) {
        if (started[j]) {
            pthread_join(tid[j], NULL);
        }
        part *p = &parts[j];
        if (rc == HS_OK && p->rc) {
            rc = p->rc;
        }
        if (rc == HS_OK && j > 0 &&
            (hs__records_append(r->rec, p->r.rec, rows) ||
             hs__rejects_append(r->rj, p->r.rj, rows))) {
            rc = hs__error(r->ctx, HS_ENOMEM, "out of memory");
        }
        hs_ingest_stats *a = &r->st, *b = &p->r.st;
        a->rows_read += b->rows_read;
        a->kept += b->kept;
        a->rejected += b->rejected;
        a->swapped += b->swapped;
        a->reprojected += b->reprojected;
        a->to_geocode += b->to_geocode;
        a->masked += b->masked;
        a->uncategorised += b->uncategorised;
        a->unlocated += b->unlocated;
        r->clock.gap += p->r.clock.gap;
        r->clock.repeated += p->r.clock.repeated;
        rows += p->r.row;
        part_free(p, j > 0);
    }
    r->row = rows;
    return rc;
}

int hs_ingest_file(hs_ingest_stats *stats, hs_ctx *ctx, hs_records *records, hs_rejects *rejects,
                   const char *path, const hs_ingest_opts *opts)
{
    hs_ingest_opts defaults = HS_INGEST_OPTS_INIT;
    if (!records || !rejects || !path) {
        return hs__error(ctx, HS_EINVAL, "hs_ingest_file: records, rejects and path are needed");
    }
    run r;
    memset(&r, 0, sizeof r);
    r.ctx = ctx;
    r.o = opts ? opts : &defaults;
    r.path = path;
    r.source = r.o->source ? r.o->source : base_name(path);
    r.rec = records;
    r.rj = rejects;
    hs_catmap *own = NULL;
    r.cats = r.o->categories;
    int rc = HS_OK;
    if (!r.cats) {
        rc = hs_catmap_default(&own);
        r.cats = own;
    }
    hs__table_opts to = {r.o->encoding, r.o->where, 0, NULL};
    hs__polisen_texts *texts = NULL;
    if (r.o->version >= 4 && r.o->place_text) {
        to.place_text = 1;
        if (rc == HS_OK && r.o->event_text && *r.o->event_text) {
            rc = hs__polisen_texts_load(&texts, r.ctx, r.o->event_text);
        }
        to.texts = texts;
    }
    if (rc == HS_OK) {
        rc = setup(&r, &to);
    }
    if (rc == HS_OK) {
        int64_t cut[SPLIT_MAX + 1];
        size_t parts = split_points(cut, &r);
        rc = parts > 1 ? read_split(&r, cut, parts) : read_rows(&r);
    }
    r.st.dst_gap = r.clock.gap;
    r.st.dst_repeated = r.clock.repeated;
    r.st.crs_detected = r.crs;
    r.st.work_crs = r.work;
    if (rc == HS_OK) {
        log_summary(&r);
        rc = check_limits(&r);
    }
    if (stats) {
        *stats = r.st;
    }
    hs__table_close(r.t);
    hs__polisen_texts_free(texts);
    hs_areas_free(r.areas);
    hs__dict_free(&r.catkeys);
    free(r.cat_of);
    free(r.focus_of);
    hs_catmap_free(own);
    return rc;
}
