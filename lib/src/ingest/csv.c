/*
 * A fast streaming CSV reader for police extracts: separator (';', ',' or tab) and encoding
 * (UTF-8 with or without BOM, or Windows-1252) detected from the first block, quoted fields with
 * doubled quotes and embedded newlines, CRLF or LF. Rows are parsed into one reusable buffer and
 * converted to UTF-8 on the way; no allocation per row once the buffers have grown. It knows
 * nothing about columns' meaning and must not parse numbers or dates (ingest.c does).
 */
#include "core/hs_internal.h"
#include "ingest/ingest.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CSV_BLOCK (1 << 20)

typedef struct csv {
    hs__table base;
    hs_ctx *ctx;
    int fd;
    unsigned char *buf;
    size_t blen, bpos;
    int eof;
    int cp1252;
    char *row;
    size_t rlen, rcap;
    size_t *offs;
    size_t foff_cap;
    const char **fields;
    size_t fields_cap;
    int64_t nl;   /* newlines consumed */
    int64_t fpos; /* file offset of the next byte read() returns */
    int64_t end;  /* stop reading at this offset (a range reader), -1 = end of file */
} csv;

/* Windows-1252 0x80..0x9F as Unicode; 0 marks an unused byte (mapped to U+FFFD). */
static const uint16_t cp1252_hi[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

static int refill(csv *c)
{
    if (c->eof) {
        return 0;
    }
    size_t want = CSV_BLOCK;
    if (c->end >= 0 && (int64_t)want > c->end - c->fpos) {
        want = c->end > c->fpos ? (size_t)(c->end - c->fpos) : 0;
    }
    ssize_t n = 0;
    do {
        n = want ? read(c->fd, c->buf, want) : 0;
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        return hs__error(c->ctx, HS_EIO, "cannot read: %s", strerror(errno));
    }
    c->blen = (size_t)n;
    c->bpos = 0;
    c->fpos += n;
    if (n == 0) {
        c->eof = 1;
    }
    return n > 0;
}

static int grow_row(csv *c, size_t need)
{
    return hs__grow((void **)&c->row, &c->rcap, need, 1);
}

/* Appends byte b (converted from CP1252 when asked). */
static int put(csv *c, unsigned char b)
{
    if (c->rlen + 4 > c->rcap && grow_row(c, c->rlen + 4) != HS_OK) {
        return HS_ENOMEM;
    }
    if (b < 0x80 || !c->cp1252) {
        c->row[c->rlen++] = (char)b;
        return HS_OK;
    }
    unsigned u = b >= 0xA0 ? b : cp1252_hi[b - 0x80];
    if (!u) {
        u = 0xFFFD;
    }
    if (u < 0x800) {
        c->row[c->rlen++] = (char)(0xC0 | (u >> 6));
        c->row[c->rlen++] = (char)(0x80 | (u & 0x3F));
    } else {
        c->row[c->rlen++] = (char)(0xE0 | (u >> 12));
        c->row[c->rlen++] = (char)(0x80 | ((u >> 6) & 0x3F));
        c->row[c->rlen++] = (char)(0x80 | (u & 0x3F));
    }
    return HS_OK;
}

static int end_field(csv *c, size_t *nf)
{
    if (*nf == c->foff_cap && hs__grow((void **)&c->offs, &c->foff_cap, *nf + 1, sizeof(size_t))) {
        return HS_ENOMEM;
    }
    if (put(c, 0) != HS_OK) {
        return HS_ENOMEM;
    }
    (*nf)++;
    c->offs[*nf - 1] = c->rlen; /* end; start is the previous end */
    return HS_OK;
}

/* Parses one record into c->row; returns the number of fields, 0 at the end, < 0 on error. */
static int read_record(csv *c, size_t *nfields)
{
    c->rlen = 0;
    size_t nf = 0;
    int quoted = 0, in_quotes = 0, any = 0;
    const unsigned char delim = (unsigned char)c->base.delim;
    for (;;) {
        if (c->bpos == c->blen) {
            int r = refill(c);
            if (r < 0) {
                return r;
            }
            if (r == 0) {
                break;
            }
        }
        unsigned char b = c->buf[c->bpos++];
        any = 1;
        if (in_quotes) {
            if (b == '"') {
                if (c->bpos == c->blen && refill(c) < 0) {
                    return HS_EIO;
                }
                if (c->bpos < c->blen && c->buf[c->bpos] == '"') {
                    c->bpos++;
                    if (put(c, '"') != HS_OK) {
                        return HS_ENOMEM;
                    }
                } else {
                    in_quotes = 0;
                }
                continue;
            }
            if (b == '\n') {
                c->nl++;
            }
            if (put(c, b) != HS_OK) {
                return HS_ENOMEM;
            }
            continue;
        }
        if (b == delim) {
            if (end_field(c, &nf) != HS_OK) {
                return HS_ENOMEM;
            }
            quoted = 0;
            continue;
        }
        if (b == '\n') {
            c->nl++;
            break;
        }
        if (b == '\r') {
            continue;
        }
        if (b == '"' && !quoted) {
            size_t start = nf ? c->offs[nf - 1] : 0;
            if (c->rlen == start) {
                quoted = 1;
                in_quotes = 1;
                continue;
            }
        }
        if (b >= 0x80 && c->cp1252) {
            if (put(c, b) != HS_OK) {
                return HS_ENOMEM;
            }
            continue;
        }
        /* fast path: copy the run of plain bytes up to the next special one */
        size_t e = c->bpos;
        while (e < c->blen) {
            unsigned char x = c->buf[e];
            if (x == delim || x == '\n' || x == '\r' || x == '"' || (x >= 0x80 && c->cp1252)) {
                break;
            }
            e++;
        }
        size_t run = e - c->bpos + 1;
        if (c->rlen + run + 4 > c->rcap && grow_row(c, c->rlen + run + 4) != HS_OK) {
            return HS_ENOMEM;
        }
        memcpy(c->row + c->rlen, c->buf + c->bpos - 1, run);
        c->rlen += run;
        c->bpos = e;
    }
    if (!any) {
        return 0;
    }
    if (end_field(c, &nf) != HS_OK) {
        return HS_ENOMEM;
    }
    *nfields = nf;
    return 1;
}

static int point_fields(csv *c, size_t nf)
{
    if (nf > c->fields_cap &&
        hs__grow((void **)&c->fields, &c->fields_cap, nf, sizeof *c->fields) != HS_OK) {
        return HS_ENOMEM;
    }
    size_t start = 0;
    for (size_t i = 0; i < nf; i++) {
        c->fields[i] = c->row + start;
        start = c->offs[i];
    }
    return HS_OK;
}

static int csv_next(hs__table *t, const char *const **fields, size_t *n)
{
    csv *c = (csv *)t;
    for (;;) {
        t->line = c->nl + 1;
        size_t nf = 0;
        int r = read_record(c, &nf);
        if (r <= 0) {
            return r;
        }
        if (nf == 1 && c->row[0] == '\0') {
            continue; /* blank line */
        }
        if (point_fields(c, nf) != HS_OK) {
            return HS_ENOMEM;
        }
        *fields = c->fields;
        *n = nf;
        return 1;
    }
}

static void csv_close(hs__table *t)
{
    csv *c = (csv *)t;
    if (c->fd >= 0) {
        close(c->fd);
    }
    for (size_t i = 0; i < t->ncols; i++) {
        free(t->names[i]);
    }
    free(t->names);
    free(c->buf);
    free(c->row);
    free(c->offs);
    free(c->fields);
    free(c);
}

/* 1 when buf[0..n) is valid UTF-8 (a sequence cut by the end of the block counts as valid). */
static int valid_utf8(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char b = s[i];
        size_t k = b < 0x80             ? 0
                   : (b & 0xE0) == 0xC0 ? 1
                   : (b & 0xF0) == 0xE0 ? 2
                   : (b & 0xF8) == 0xF0 ? 3
                                        : 9;
        if (k == 9 || (k == 1 && b < 0xC2)) {
            return 0;
        }
        for (size_t j = 1; j <= k; j++) {
            if (i + j >= n) {
                return 1;
            }
            if ((s[i + j] & 0xC0) != 0x80) {
                return 0;
            }
        }
        i += k + 1;
    }
    return 1;
}

static char detect_delim(const unsigned char *s, size_t n)
{
    size_t semi = 0, comma = 0, tab = 0;
    int q = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"') {
            q = !q;
        } else if (!q && s[i] == '\n') {
            break;
        } else if (!q && s[i] == ';') {
            semi++;
        } else if (!q && s[i] == ',') {
            comma++;
        } else if (!q && s[i] == '\t') {
            tab++;
        }
    }
    if (tab > semi && tab > comma) {
        return '\t';
    }
    return comma > semi ? ',' : ';';
}

/* A reader of path with its block buffer, positioned at the start. */
static int csv_new(csv **out, hs_ctx *ctx, const char *path)
{
    *out = NULL;
    csv *c = calloc(1, sizeof *c);
    if (!c) {
        return hs__error(ctx, HS_ENOMEM, "out of memory");
    }
    c->ctx = ctx;
    c->base.next = csv_next;
    c->base.close = csv_close;
    c->base.kind = "csv";
    c->end = -1;
    c->fd = open(path, O_RDONLY);
    c->buf = malloc(CSV_BLOCK);
    if (c->fd < 0 || !c->buf) {
        int err = errno;
        int code = c->buf ? HS_EIO : HS_ENOMEM;
        csv_close(&c->base);
        return hs__error(ctx, code, "%s: cannot open: %s", path, strerror(err));
    }
    *out = c;
    return HS_OK;
}

int hs__csv_open(hs__table **out, hs_ctx *ctx, const char *path, const char *encoding)
{
    *out = NULL;
    csv *c = NULL;
    int r = csv_new(&c, ctx, path);
    if (r) {
        return r;
    }
    r = refill(c);
    if (r < 0) {
        csv_close(&c->base);
        return r;
    }
    if (c->blen >= 3 && c->buf[0] == 0xEF && c->buf[1] == 0xBB && c->buf[2] == 0xBF) {
        c->bpos = 3;
        c->cp1252 = 0;
    } else if (encoding && *encoding) {
        if (hs__strcasecmp(encoding, "UTF-8") == 0 || hs__strcasecmp(encoding, "UTF8") == 0) {
            c->cp1252 = 0;
        } else if (hs__strcasecmp(encoding, "CP1252") == 0 ||
                   hs__strcasecmp(encoding, "WINDOWS-1252") == 0 ||
                   hs__strcasecmp(encoding, "LATIN1") == 0 ||
                   hs__strcasecmp(encoding, "ISO-8859-1") == 0) {
            c->cp1252 = 1;
        } else {
            csv_close(&c->base);
            return hs__error(ctx, HS_EUNSUPPORTED,
                             "%s: encoding '%s' is not supported (UTF-8 or CP1252)", path,
                             encoding);
        }
    } else {
        c->cp1252 = !valid_utf8(c->buf + c->bpos, c->blen - c->bpos);
    }
    hs__fmt(c->base.encoding, sizeof c->base.encoding, "%s", c->cp1252 ? "CP1252" : "UTF-8");
    c->base.delim = detect_delim(c->buf + c->bpos, c->blen - c->bpos);
    /* rows to expect: the file's size over the mean line length of the first block */
    struct stat sb;
    size_t lines = 0;
    for (size_t i = c->bpos; i < c->blen; i++) {
        lines += c->buf[i] == '\n';
    }
    if (lines > 1 && fstat(c->fd, &sb) == 0 && sb.st_size > 0) {
        c->base.rows_hint = (size_t)((double)sb.st_size / ((double)c->blen / (double)lines) * 1.05);
    }
    const char *const *f = NULL;
    size_t nf = 0;
    r = csv_next(&c->base, &f, &nf);
    if (r <= 0) {
        csv_close(&c->base);
        return r < 0 ? r : hs__error(ctx, HS_ENODATA, "%s: empty file (no header row)", path);
    }
    c->base.names = calloc(nf, sizeof *c->base.names);
    if (!c->base.names) {
        csv_close(&c->base);
        return hs__error(ctx, HS_ENOMEM, "out of memory");
    }
    c->base.ncols = nf;
    for (size_t i = 0; i < nf; i++) {
        const char *s = f[i];
        while (*s == ' ') {
            s++;
        }
        c->base.names[i] = hs__strdup(s);
        if (!c->base.names[i]) {
            csv_close(&c->base);
            return hs__error(ctx, HS_ENOMEM, "out of memory");
        }
        size_t L = strlen(c->base.names[i]);
        while (L && c->base.names[i][L - 1] == ' ') {
            c->base.names[i][--L] = '\0';
        }
    }
    *out = &c->base;
    return HS_OK;
}

int64_t hs__csv_offset(const hs__table *t)
{
    const csv *c = (const csv *)t;
    return c->fpos - (int64_t)c->blen + (int64_t)c->bpos;
}

int64_t hs__csv_cut(hs_ctx *ctx, const hs__table *t, const char *path, int64_t from, int64_t hint)
{
    (void)ctx;
    int fd = open(path, O_RDONLY);
    unsigned char *b = malloc(CSV_BLOCK);
    int64_t pos = from, cut = -1;
    int odd = 0; /* quotes seen since from, mod 2: a newline outside quotes ends a record */
    const char q = '"';
    (void)t;
    while (fd >= 0 && b && cut < 0) {
        ssize_t n = pread(fd, b, CSV_BLOCK, (off_t)pos);
        if (n <= 0) {
            break;
        }
        size_t i = 0, len = (size_t)n;
        if (pos + n <= hint) { /* before the hint only the quotes matter */
            const unsigned char *p = b;
            while ((p = memchr(p, q, len - (size_t)(p - b))) != NULL) {
                odd ^= 1;
                p++;
            }
            pos += n;
            continue;
        }
        for (; i < len; i++) {
            if (b[i] == q) {
                odd ^= 1;
            } else if (b[i] == '\n' && !odd && pos + (int64_t)i >= hint) {
                cut = pos + (int64_t)i + 1;
                break;
            }
        }
        pos += n;
    }
    if (fd >= 0) {
        close(fd);
    }
    free(b);
    return cut;
}

int hs__csv_open_range(hs__table **out, hs_ctx *ctx, const char *path, const hs__table *proto,
                       int64_t start, int64_t end)
{
    *out = NULL;
    csv *c = NULL;
    int rc = csv_new(&c, ctx, path);
    if (rc) {
        return rc;
    }
    c->base.delim = proto->delim;
    memcpy(c->base.encoding, proto->encoding, sizeof c->base.encoding);
    c->cp1252 = ((const csv *)proto)->cp1252;
    c->fpos = start;
    c->end = end;
    c->base.names = calloc(proto->ncols ? proto->ncols : 1, sizeof *c->base.names);
    if (!c->base.names || lseek(c->fd, (off_t)start, SEEK_SET) < 0) {
        int err = errno;
        csv_close(&c->base);
        return hs__error(ctx, HS_EIO, "%s: cannot read from offset %lld: %s", path,
                         (long long)start, strerror(err));
    }
    c->base.ncols = proto->ncols;
    for (size_t i = 0; i < proto->ncols; i++) {
        if (!(c->base.names[i] = hs__strdup(proto->names[i]))) {
            csv_close(&c->base);
            return hs__error(ctx, HS_ENOMEM, "out of memory");
        }
    }
    *out = &c->base;
    return HS_OK;
}
