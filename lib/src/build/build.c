/*
 * The pipeline's driver: checks the fingerprints of what the last build consumed, runs the stages
 * (inputs, analysis into one atomically written GeoPackage, maps and report), writes the new
 * fingerprints, and fills the summary. The stages live in build_*.c.
 */
#include "core/hs_internal.h"
#include "build/build.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* The pid in "<name>.tmp-<pid>..." or "<name>.part-<pid>...", or 0. */
static long temp_pid(const char *name)
{
    static const char *const marks[] = {".tmp-", ".part-"};
    for (size_t k = 0; k < 2; k++) {
        const char *m = strstr(name, marks[k]);
        if (m) {
            long pid = 0;
            for (const char *d = m + strlen(marks[k]); *d >= '0' && *d <= '9'; d++) {
                pid = pid * 10 + (*d - '0');
                if (pid > 1L << 30) {
                    return 0;
                }
            }
            return pid;
        }
    }
    return 0;
}

/*
 * Removes what a killed earlier run left in dir: temporary files of processes that no longer exist
 * (and their SQLite journals), and unfinished ".part.png"/".part.pdf" files. Finished outputs are
 * never touched.
 */
static void clean_stale(hs_ctx *ctx, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        return;
    }
    struct dirent *e;
    int removed = 0;
    while ((e = readdir(d)) != NULL) {
        const char *n = e->d_name;
        size_t len = strlen(n);
        long pid = temp_pid(n);
        int stale = pid > 0 && pid != (long)getpid() && kill((pid_t)pid, 0) != 0 && errno == ESRCH;
        stale |= len > 9 &&
                 (strcmp(n + len - 9, ".part.png") == 0 || strcmp(n + len - 9, ".part.pdf") == 0);
        if (stale) {
            char path[2048];
            hs__fmt(path, sizeof path, "%s/%s", dir, n);
            removed += remove(path) == 0;
        }
    }
    closedir(d);
    if (removed) {
        hs__log(ctx, HS_LOG_INFO, "%s: removed %d unfinished files of an interrupted run", dir,
                removed);
    }
}

static void clean_outputs(hs__build *b)
{
    const char *const files[] = {b->sum->gpkg, b->sum->report};
    for (size_t i = 0; i < 2; i++) {
        char dir[1024];
        hs__fmt(dir, sizeof dir, "%s", files[i]);
        char *slash = strrchr(dir, '/');
        if (!files[i][0]) {
            continue;
        }
        if (slash) {
            *slash = '\0';
        } else {
            hs__fmt(dir, sizeof dir, ".");
        }
        clean_stale(b->ctx, dir);
    }
    if (b->sum->maps[0]) {
        clean_stale(b->ctx, b->sum->maps);
        for (size_t k = 0; hs_project_kommun_count(b->p) > 1 && k < hs_project_kommun_count(b->p);
             k++) {
            char dir[1100];
            hs__fmt(dir, sizeof dir, "%s/%04d", b->sum->maps, hs_project_kommun(b->p, k));
            clean_stale(b->ctx, dir);
        }
    }
}

/* Creates every missing directory of path's parent (like mkdir -p of dirname). */
static int make_parent_dirs(hs_ctx *ctx, const char *path)
{
    char buf[1024];
    if (hs__fmt(buf, sizeof buf, "%s", path)) {
        return hs__error(ctx, HS_EINVAL, "%s: path too long", path);
    }
    char *slash = strrchr(buf, '/');
    if (!slash || slash == buf) {
        return HS_OK;
    }
    *slash = '\0';
    return hs__mkdirs(ctx, buf);
}

static void output_paths(hs__build *b)
{
    const hs_project *p = b->p;
    const char *gpkg = hs_project_path(p, "output", "gpkg");
    const char *maps = hs_project_path(p, "output", "maps");
    const char *report = hs_project_path(p, "output", "report");
    if (gpkg) {
        hs__fmt(b->sum->gpkg, sizeof b->sum->gpkg, "%s", gpkg);
    } else {
        hs__fmt(b->sum->gpkg, sizeof b->sum->gpkg, "%s/ut/lagesbild.gpkg", hs_project_dir(p));
    }
    if (maps) {
        hs__fmt(b->sum->maps, sizeof b->sum->maps, "%s", maps);
    }
    if (report) {
        hs__fmt(b->sum->report, sizeof b->sum->report, "%s", report);
    }
}

/* Every file the build reads, fingerprinted into st. */
/* 1 when the built-in geography knows every kommun of the project (into path). */
static int builtin_kommuner(char *path, size_t size, const hs__build *b)
{
    size_t nk = hs_project_kommun_count(b->p);
    if (nk == 0) {
        return 0;
    }
    for (size_t k = 0; k < nk; k++) {
        /* a scratch context: an unknown kommun (e.g. 9999) is not this build's error */
        hs_ctx *c = NULL;
        if (hs_ctx_new(&c) != HS_OK) {
            return 0;
        }
        int known = hs_kommun_get(NULL, c, hs_project_kommun(b->p, k)) == HS_OK;
        known = known && (k > 0 || hs_shapes_path(path, size, c) == HS_OK);
        hs_ctx_free(c);
        if (!known) {
            return 0;
        }
    }
    return 1;
}

static int fingerprint(hs__state *st, const hs__state *prev, hs__build *b)
{
    const hs_project *p = b->p;
    int rc = hs__state_set(st, "version", hs_version());
    rc = rc ? rc : hs__state_fingerprint(st, prev, "project", hs_project_file(p));
    for (size_t i = 0; rc == HS_OK && i < hs_project_input_count(p); i++) {
        char sec[300], key[320];
        hs__fmt(sec, sizeof sec, "input %s", hs_project_input_name(p, i));
        static const char *const paths[] = {"path", "categories"};
        for (size_t k = 0; rc == HS_OK && k < 2; k++) {
            const char *path = hs_project_path(p, sec, paths[k]);
            if (path && hs_postgis_is_conn(path)) {
                /* a database table has no file to fingerprint: such a build always reruns */
                char stamp[64];
                hs__fmt(key, sizeof key, "%s.%s", sec, paths[k]);
                hs__fmt(stamp, sizeof stamp, "database %lld", (long long)time(NULL));
                rc = hs__state_set(st, key, stamp);
            } else if (path) {
                hs__fmt(key, sizeof key, "%s.%s", sec, paths[k]);
                rc = hs__state_fingerprint(st, prev, key, path);
            }
        }
    }
    static const char *const extra[][2] = {{"project", "boundary"},  {"places", "path"},
                                           {"geocode", "gazetteer"}, {"geocode", "addresses"},
                                           {"grid", "population"},   {"segments", "network"}};
    for (size_t k = 0; rc == HS_OK && k < sizeof extra / sizeof extra[0]; k++) {
        const char *path = hs_project_path(p, extra[k][0], extra[k][1]);
        if (path) {
            char key[64];
            hs__fmt(key, sizeof key, "%s.%s", extra[k][0], extra[k][1]);
            rc = hs__state_fingerprint(st, prev, key, path);
        }
    }
    /* the built-in geography, when it gives the boundary or the places */
    char shapes[4096];
    if (rc == HS_OK &&
        (!hs_project_path(p, "project", "boundary") || !hs_project_path(p, "places", "path")) &&
        builtin_kommuner(shapes, sizeof shapes, b)) {
        rc = hs__state_fingerprint(st, prev, "shapes", shapes);
    }
    rc = rc ? rc : hs__build_basemap_fingerprint(b, st, prev);
    if (rc == HS_ENOTFOUND) {
        return hs__error(b->ctx, rc, "%s: an input named in the project does not exist",
                         hs_project_file(p));
    }
    return rc;
}

/* 1 when every output exists, the per-kommun ones of a multi-kommun project included. */
static int outputs_exist(const hs_build_summary *s, const hs_project *p)
{
    struct stat st;
    size_t nk = hs_project_kommun_count(p) > 1 ? hs_project_kommun_count(p) : 0;
    for (size_t k = 0; k <= nk; k++) {
        char gpkg[1100], report[1100];
        hs__fmt(gpkg, sizeof gpkg, "%s", s->gpkg);
        hs__fmt(report, sizeof report, "%s", s->report);
        if (k > 0) {
            hs__build_kommun_path(gpkg, sizeof gpkg, s->gpkg, ".gpkg", hs_project_kommun(p, k - 1));
            if (s->report[0]) {
                hs__build_kommun_path(report, sizeof report, s->report, ".pdf",
                                      hs_project_kommun(p, k - 1));
            }
        }
        const char *const paths[] = {gpkg, report};
        for (size_t i = 0; i < 2; i++) {
            if (paths[i][0] && stat(paths[i], &st) != 0) {
                return 0;
            }
        }
    }
    return 1;
}

static void build_free(hs__build *b)
{
    hs_records_free(b->crimes);
    hs_records_free(b->complaints);
    hs_rejects_free(b->rejects);
    hs_rejects_free(b->review);
    hs_areas_free(b->boundary);
    hs_areas_free(b->places);
    hs_gpkg_close(b->gpkg);
}

/* "field IN ('0380','0381')" over the project's kommun codes, into where. */
static void kommun_in(char *where, size_t size, const hs_project *p, const char *field)
{
    size_t off;
    hs__fmt(where, size, "%s IN (", field);
    for (size_t k = 0; k < hs_project_kommun_count(p); k++) {
        off = strlen(where);
        hs__fmt(where + off, size - off, "%s'%04d'", k ? "," : "", hs_project_kommun(p, k));
    }
    off = strlen(where);
    hs__fmt(where + off, size - off, ")");
}

/* The built-in tätorter of the project's kommuner as places ([places] tatorter: yes, the
 * default, or a list of names; no: none). */
static int open_tatorter(hs__build *b, const char *shapes, int work)
{
    const char *want = hs_project_get(b->p, "places", "tatorter");
    if (want && (hs__strcasecmp(want, "no") == 0 || hs__strcasecmp(want, "nej") == 0)) {
        return HS_OK;
    }
    char where[8192];
    kommun_in(where, sizeof where, b->p, "kommun_code");
    if (want && hs__strcasecmp(want, "yes") != 0 && hs__strcasecmp(want, "ja") != 0 &&
        hs__strcasecmp(want, "all") != 0) {
        size_t off = strlen(where);
        hs__fmt(where + off, sizeof where - off, " AND name IN (");
        const char *s = want;
        int first = 1;
        while (*s) {
            while (*s == ' ' || *s == ',') {
                s++;
            }
            const char *e = s;
            while (*e && *e != ',') {
                e++;
            }
            size_t len = (size_t)(e - s);
            while (len > 0 && s[len - 1] == ' ') {
                len--;
            }
            off = strlen(where);
            if (len > 0 && off + 2 * len + 8 < sizeof where) {
                where[off++] = first ? '\'' : ',';
                if (!first) {
                    where[off++] = '\'';
                }
                for (size_t i = 0; i < len; i++) {
                    where[off++] = s[i];
                    if (s[i] == '\'') {
                        where[off++] = '\'';
                    }
                }
                where[off++] = '\'';
                where[off] = '\0';
                first = 0;
            }
            s = e;
        }
        off = strlen(where);
        hs__fmt(where + off, sizeof where - off, "%s)", first ? "''" : "");
    }
    hs_areas_opts o = HS_AREAS_OPTS_INIT;
    o.epsg = work;
    o.layer = "tatorter_yta";
    o.id_field = "code";
    o.name_field = "name";
    o.where = where;
    int rc = hs_areas_open(&b->places, b->ctx, shapes, &o);
    if (rc == HS_OK) {
        hs__log(b->ctx, HS_LOG_INFO,
                "places: %zu built-in tätorter (SCB 2020) of the project's kommuner",
                hs_areas_count(b->places));
    }
    return rc;
}

/* DeSO (0380C1090) and RegSO (0380R001) codes start with their kommun's code. */
static const char *scb_area_field(const char *id)
{
    size_t n = strlen(id);
    if (n < 8 || strspn(id, "0123456789") != 4) {
        return NULL;
    }
    if (n == 9 && strchr("ABCabc", id[4]) && strspn(id + 5, "0123456789") == 4) {
        return "Deso";
    }
    if (n == 8 && (id[4] == 'R' || id[4] == 'r') && strspn(id + 5, "0123456789") == 3) {
        return "RegSO";
    }
    return NULL;
}

static int open_areas(hs__build *b)
{
    const hs_project *p = b->p;
    int work =
        hs_records_crs(b->crimes) ? hs_records_crs(b->crimes) : hs_records_crs(b->complaints);
    const char *boundary = hs_project_path(p, "project", "boundary");
    char shapes[4096];
    int builtin = builtin_kommuner(shapes, sizeof shapes, b);
    int rc = HS_OK;
    if (boundary || builtin) {
        hs_areas_opts o = HS_AREAS_OPTS_INIT;
        o.epsg = work;
        /* several kommuner: only theirs from a file of many (e.g. every kommun of Sweden) */
        char where[1024];
        size_t nk = hs_project_kommun_count(p);
        if (!boundary) {
            kommun_in(where, sizeof where, p, "code");
            o.where = where;
            o.layer = "kommuner";
            o.id_field = "code";
            o.name_field = "name";
        } else if (nk > 1) {
            const char *field = hs_project_get(p, "project", "boundary_code_field");
            kommun_in(where, sizeof where, p, field ? field : "code");
            o.where = where;
            o.id_field = field;
        }
        if ((rc = hs_areas_open(&b->boundary, b->ctx, boundary ? boundary : shapes, &o)) != HS_OK) {
            return rc;
        }
        if (!boundary) {
            b->builtin_shapes = 1;
            hs__log(b->ctx, HS_LOG_INFO, "boundary: the built-in one of %zu kommun(er) (%s)",
                    hs_areas_count(b->boundary), shapes);
        }
    }
    const char *places = hs_project_path(p, "places", "path");
    if (places) {
        hs_areas_opts o = HS_AREAS_OPTS_INIT;
        o.epsg = work;
        o.layer = hs_project_get(p, "places", "layer");
        o.id_field = hs_project_get(p, "places", "id_field");
        o.name_field = hs_project_get(p, "places", "name_field");
        o.kind_field = hs_project_get(p, "places", "kind_field");
        rc = hs_areas_open(&b->places, b->ctx, places, &o);
        /* DeSO or RegSO of a wider delivery (a län): only those of the project's kommuner, by
         * the first four digits of their codes */
        const char *field =
            rc == HS_OK && hs_areas_count(b->places) > 0 && hs_project_kommun_count(p) > 0
                ? scb_area_field(hs_areas_id(b->places, 0))
                : NULL;
        if (field) {
            char where[2048];
            size_t off = 0;
            where[0] = '\0';
            for (size_t k = 0; k < hs_project_kommun_count(p); k++) {
                off = strlen(where);
                hs__fmt(where + off, sizeof where - off, "%s%s LIKE '%04d%%'", k ? " OR " : "",
                        o.id_field ? o.id_field : field, hs_project_kommun(p, k));
            }
            hs_areas_free(b->places);
            b->places = NULL;
            o.where = where;
            rc = hs_areas_open(&b->places, b->ctx, places, &o);
            if (rc == HS_OK) {
                hs__log(b->ctx, HS_LOG_INFO, "places: %zu %s areas of the project's kommuner",
                        hs_areas_count(b->places), field);
            }
        }
    } else if (builtin) {
        rc = open_tatorter(b, shapes, work);
        b->builtin_shapes |= b->places != NULL;
    }
    return rc;
}

int hs_build_run(hs_build_summary *out, hs_ctx *ctx, const hs_project *p, const hs_build_opts *opts)
{
    if (!out || !p) {
        return hs__error(ctx, HS_EINVAL, "build: no project");
    }
    double t0 = now_seconds();
    memset(out, 0, sizeof *out);
    hs__build b;
    memset(&b, 0, sizeof b);
    for (size_t i = 0; i < HS__MAX_INPUT_ROWS; i++) {
        b.input_rows[i] = -1;
    }
    b.ctx = ctx;
    b.p = p;
    b.sum = out;
    b.area = -1;
    hs_build_opts def = HS_BUILD_OPTS_INIT;
    b.opts = opts ? *opts : def;
    b.lang = hs_project_get(p, "project", "lang");
    if (!b.lang) {
        b.lang = hs_ctx_lang(ctx);
    }
    const char *tz = hs_project_get(p, "project", "tz");
    b.tz = HS_TZ_STOCKHOLM;
    if (tz) {
        hs_tz_parse(&b.tz, tz);
    }
    output_paths(&b);
    /* [geocode] district_in_analysis: district precision counts as local in every analysis of
     * this build (the records keep their precision); restored before returning */
    int admit =
        hs__precision_admit_district(hs_project_bool(p, "geocode", "district_in_analysis", 0));

    char state_path[1100];
    hs__fmt(state_path, sizeof state_path, "%s.state", out->gpkg);
    hs__state *prev = NULL, *cur = NULL;
    hs__state_read(&prev, state_path);
    int rc = hs__state_new(&cur);
    if (rc == HS_OK) {
        rc = fingerprint(cur, prev, &b);
        b.state = cur;
    }
    if (rc == HS_OK && !b.opts.force && prev && hs__state_same(cur, prev) &&
        outputs_exist(out, p)) {
        out->unchanged = 1;
        hs__log(ctx, HS_LOG_INFO, "nothing changed since the last build of %s: outputs kept",
                out->gpkg);
        hs__state_free(prev);
        hs__state_free(cur);
        rc = hs__build_period_report(&b);
        out->seconds = now_seconds() - t0;
        hs__precision_admit_district(admit);
        return rc;
    }
    hs__state_free(prev);
    clean_outputs(&b);
    /* until this build has finished, no state claims the outputs are up to date */
    if (rc == HS_OK && remove(state_path) != 0 && errno != ENOENT) {
        rc = hs__error(ctx, HS_EIO, "%s: cannot remove the old build state: %s", state_path,
                       strerror(errno));
    }
    if (rc == HS_OK && (hs_records_new(&b.crimes) || hs_records_new(&b.complaints) ||
                        hs_rejects_new(&b.rejects) || hs_rejects_new(&b.review))) {
        rc = hs__error(ctx, HS_ENOMEM, "out of memory");
    }
    rc = rc ? rc : hs__build_inputs(&b);
    rc = rc ? rc : open_areas(&b);
    rc = rc ? rc : make_parent_dirs(ctx, out->gpkg);
    rc = rc ? rc : hs__build_geocode(&b);
    rc = rc ? rc : hs__build_assign_kommun(&b);
    if (rc == HS_OK && hs_records_count(b.crimes) + hs_records_count(b.complaints) == 0) {
        rc = hs__error(ctx, HS_ENODATA,
                       "%s: no input row is usable: %lld rows read, %lld rejected (nothing "
                       "written)",
                       hs_project_file(p), (long long)out->rows_read,
                       (long long)hs_rejects_count(b.rejects));
    }
    if (rc == HS_OK) {
        hs_gpkg_opts go = HS_GPKG_OPTS_INIT;
        go.overwrite = 1; /* a build replaces its own outputs, atomically */
        go.epsg = hs_records_crs(b.crimes) ? hs_records_crs(b.crimes) : 3006;
        rc = hs_gpkg_open(&b.gpkg, ctx, out->gpkg, &go);
    }
    rc = rc ? rc : hs__build_analysis(&b);
    rc = rc ? rc : hs__build_basemap_gpkg(&b);
    if (rc == HS_OK) {
        rc = hs_gpkg_commit(b.gpkg);
        hs_gpkg_close(b.gpkg);
        b.gpkg = NULL;
    }
    rc = rc ? rc : hs__build_outputs(&b);
    if (rc == HS_OK && b.thin[0]) {
        hs__log(ctx, HS_LOG_INFO,
                "too little data for: %s (outputs written; the maps and the report say so)",
                b.thin);
    }
    rc = rc ? rc : hs__build_kommuner(&b);
    rc = rc ? rc : hs__build_period_report(&b);
    if (rc == HS_OK && (rc = hs__state_write(cur, state_path)) != HS_OK) {
        hs__error(ctx, rc, "%s: cannot write the build state", state_path);
    }
    hs__state_free(cur);
    build_free(&b);
    out->seconds = now_seconds() - t0;
    hs__precision_admit_district(admit);
    return rc;
}
