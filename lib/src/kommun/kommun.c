/*
 * Kommuner by code or name: where the built-in geography lies (HS_SHAPES, the program's prefix,
 * the install prefix, the source tree), names folded for comparison (case, å ä ö and other
 * diacritics, blanks, hyphens, a trailing "kommun"), and the closest names for an unknown one.
 */
#include "core/hs_internal.h"
#include "kommun/kommun.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef HS_SHAPES_INSTALL_DIR
#define HS_SHAPES_INSTALL_DIR ""
#endif
#ifndef HS_SHAPES_SOURCE_DIR
#define HS_SHAPES_SOURCE_DIR ""
#endif
#define SHAPES_FILE "sverige.gpkg"

static int is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int hs_shapes_path(char *buf, size_t size, hs_ctx *ctx)
{
    if (!buf || size == 0) {
        return hs__error(ctx, HS_EINVAL, "hs_shapes_path: no buffer");
    }
    buf[0] = '\0';
    const char *env = getenv("HS_SHAPES");
    if (env && *env) {
        if (is_dir(env)) {
            hs__fmt(buf, size, "%s/%s", env, SHAPES_FILE);
        } else {
            hs__fmt(buf, size, "%s", env);
        }
        if (!is_file(buf)) {
            buf[0] = '\0';
            return hs__error(ctx, HS_ENOTFOUND,
                             "HS_SHAPES=%s: no such file (give sverige.gpkg or its folder)", env);
        }
        return HS_OK;
    }
    /* the running program's prefix: PREFIX/bin/hotspot -> PREFIX/share/hotspot */
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        exe[len] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            hs__fmt(buf, size, "%s/../share/hotspot/%s", exe, SHAPES_FILE);
            if (is_file(buf)) {
                return HS_OK;
            }
        }
    }
    const char *const dirs[] = {HS_SHAPES_INSTALL_DIR, HS_SHAPES_SOURCE_DIR};
    for (size_t k = 0; k < 2; k++) {
        if (dirs[k][0]) {
            hs__fmt(buf, size, "%s/%s", dirs[k], SHAPES_FILE);
            if (is_file(buf)) {
                return HS_OK;
            }
        }
    }
    buf[0] = '\0';
    return hs__error(ctx, HS_ENOTFOUND,
                     "the built-in geography (%s) is not installed: looked in the program's "
                     "share/hotspot, %s and %s; set HS_SHAPES to its path",
                     SHAPES_FILE, HS_SHAPES_INSTALL_DIR[0] ? HS_SHAPES_INSTALL_DIR : "-",
                     HS_SHAPES_SOURCE_DIR[0] ? HS_SHAPES_SOURCE_DIR : "-");
}

int hs_kommun_list(hs_kommun **out, size_t *n, hs_ctx *ctx)
{
    if (!out || !n) {
        return hs__error(ctx, HS_EINVAL, "hs_kommun_list: no output");
    }
    *out = NULL;
    *n = 0;
    char path[4096];
    int rc = hs_shapes_path(path, sizeof path, ctx);
    return rc ? rc : hs__shapes_read_kommuner(out, n, ctx, path);
}

int hs_kommun_get(hs_kommun *out, hs_ctx *ctx, int code)
{
    hs_kommun *all;
    size_t n;
    int rc = hs_kommun_list(&all, &n, ctx);
    if (rc != HS_OK) {
        return rc;
    }
    size_t i = 0;
    while (i < n && all[i].code != code) {
        i++;
    }
    if (i < n && out) {
        *out = all[i];
    }
    free(all);
    return i < n ? HS_OK : hs__error(ctx, HS_ENOTFOUND, "no kommun has the code %04d", code);
}

/* Folded form for comparison: ASCII lower case letters and digits only; å ä á à â æ -> a,
 * ö ó ò ô ø -> o, é è ê ë -> e, ü ú -> u, í -> i; a trailing "kommun" dropped. */
static void fold(char *out, size_t size, const char *s)
{
    size_t k = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p && k + 1 < size) {
        unsigned c = *p++;
        char o = 0;
        if (c < 0x80) {
            if (c >= 'A' && c <= 'Z') {
                o = (char)(c - 'A' + 'a');
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                o = (char)c;
            }
        } else if (c == 0xC3 && *p) {
            unsigned d = *p++ | 0x20; /* upper and lower case of Latin-1 differ by 0x20 */
            if ((d >= 0xA0 && d <= 0xA6)) {
                o = 'a';
            } else if (d == 0xA7) {
                o = 'c';
            } else if (d >= 0xA8 && d <= 0xAB) {
                o = 'e';
            } else if (d >= 0xAC && d <= 0xAF) {
                o = 'i';
            } else if (d == 0xB1) {
                o = 'n';
            } else if ((d >= 0xB2 && d <= 0xB6) || d == 0xB8) {
                o = 'o';
            } else if (d >= 0xB9 && d <= 0xBC) {
                o = 'u';
            } else if (d == 0xBD || d == 0xBF) {
                o = 'y';
            }
        } else {
            while ((*p & 0xC0) == 0x80) {
                p++; /* other non-ASCII letters are dropped */
            }
        }
        if (o) {
            out[k++] = o;
        }
    }
    out[k] = '\0';
    if (k > 6 && strcmp(out + k - 6, "kommun") == 0) {
        out[k - 6] = '\0';
    }
}

static size_t edit_distance(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    if (na > 63 || nb > 63) {
        return na > nb ? na : nb;
    }
    size_t row[64];
    for (size_t j = 0; j <= nb; j++) {
        row[j] = j;
    }
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            best = up + 1 < best ? up + 1 : best;
            best = row[j - 1] + 1 < best ? row[j - 1] + 1 : best;
            row[j] = best;
            diag = up;
        }
    }
    return row[nb];
}

/* Index of the kommun named name, or -1; closest names into hint when none. */
static long find_name(const hs_kommun *all, size_t n, const char *name, char *hint, size_t hsize)
{
    char q[128], qs[128];
    fold(q, sizeof q, name);
    hs__fmt(qs, sizeof qs, "%s", q);
    size_t ql = strlen(qs);
    if (ql > 1 && qs[ql - 1] == 's') {
        qs[ql - 1] = '\0'; /* "Vänersborgs kommun" */
    }
    for (size_t i = 0; i < n; i++) {
        char f[128];
        fold(f, sizeof f, all[i].name);
        if (strcmp(f, q) == 0 || strcmp(f, qs) == 0) {
            return (long)i;
        }
    }
    /* the three closest by edit distance (a name the query starts or ends counts as close) */
    size_t best[3] = {0, 0, 0}, bd[3] = {SIZE_MAX, SIZE_MAX, SIZE_MAX};
    for (size_t i = 0; i < n; i++) {
        char f[128];
        fold(f, sizeof f, all[i].name);
        size_t d = edit_distance(q, f);
        if (q[0] && strncmp(f, q, strlen(q)) == 0) {
            d = d < 1 ? d : 1;
        }
        for (size_t k = 0; k < 3; k++) {
            if (d < bd[k]) {
                for (size_t m = 2; m > k; m--) {
                    bd[m] = bd[m - 1];
                    best[m] = best[m - 1];
                }
                bd[k] = d;
                best[k] = i;
                break;
            }
        }
    }
    size_t off = 0;
    hint[0] = '\0';
    for (size_t k = 0; k < 3 && bd[k] != SIZE_MAX; k++) {
        hs__fmt(hint + off, hsize - off, "%s%s (%04d)", k ? ", " : "", all[best[k]].name,
                all[best[k]].code);
        off = strlen(hint);
    }
    return -1;
}

int hs_kommun_resolve(int *codes, size_t max, size_t *n, hs_ctx *ctx, const char *text)
{
    if (!codes || !n || !text) {
        return hs__error(ctx, HS_EINVAL, "hs_kommun_resolve: no input");
    }
    *n = 0;
    hs_kommun *all = NULL;
    size_t nall = 0;
    int rc = HS_OK;
    const char *s = text;
    while (rc == HS_OK) {
        while (*s == ' ' || *s == '\t' || *s == ',' || *s == ';') {
            s++;
        }
        if (!*s) {
            break;
        }
        const char *e = s;
        while (*e && *e != ',' && *e != ';') {
            e++;
        }
        size_t len = (size_t)(e - s);
        while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t')) {
            len--;
        }
        char tok[128];
        hs__fmt(tok, sizeof tok, "%.*s", (int)len, s);
        s = e;
        int code = -1;
        size_t nd = strspn(tok, "0123456789");
        if (nd == strlen(tok)) {
            if (nd != 4) {
                rc = hs__error(ctx, HS_EINVAL,
                               "'%s' is not a kommun: give a 4-digit code or a name", tok);
                break;
            }
            code = atoi(tok);
        } else {
            if (!all && (rc = hs_kommun_list(&all, &nall, ctx)) != HS_OK) {
                break;
            }
            char hint[512];
            long i = find_name(all, nall, tok, hint, sizeof hint);
            if (i < 0) {
                rc =
                    hs__error(ctx, HS_ENOTFOUND, "no kommun is named '%s'; closest: %s", tok, hint);
                break;
            }
            code = all[i].code;
        }
        int dup = 0;
        for (size_t k = 0; k < *n; k++) {
            dup |= codes[k] == code;
        }
        if (dup) {
            continue;
        }
        if (*n >= max) {
            rc = hs__error(ctx, HS_ELIMIT, "more than %zu kommuner", max);
            break;
        }
        codes[(*n)++] = code;
    }
    free(all);
    if (rc == HS_OK && *n == 0) {
        rc = hs__error(ctx, HS_EINVAL, "no kommun given");
    }
    return rc;
}

static int by_pop(const void *a, const void *b)
{
    const hs_tatort *x = a, *y = b;
    if (x->pop != y->pop) {
        return x->pop > y->pop ? -1 : 1;
    }
    return strcmp(x->code, y->code);
}

int hs_kommun_tatorter(hs_tatort **out, size_t *n, hs_ctx *ctx, int code)
{
    if (!out || !n) {
        return hs__error(ctx, HS_EINVAL, "hs_kommun_tatorter: no output");
    }
    *out = NULL;
    *n = 0;
    char path[4096];
    int rc = hs_shapes_path(path, sizeof path, ctx);
    rc = rc ? rc : hs__shapes_read_tatorter(out, n, ctx, path, code);
    if (rc == HS_OK && *n > 1) {
        qsort(*out, *n, sizeof **out, by_pop);
    }
    return rc;
}
