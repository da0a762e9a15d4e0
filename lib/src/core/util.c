/*
 * Small internal helpers: growable buffers, bounded formatting, locale-independent number parsing,
 * a string pool and a string dictionary. No I/O, no third-party libraries.
 */
#include "core/hs_internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int hs__grow(void **buf, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) {
        return HS_OK;
    }
    size_t ncap = *cap ? *cap : 16;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2) {
            return HS_ENOMEM;
        }
        ncap *= 2;
    }
    if (elem && ncap > SIZE_MAX / elem) {
        return HS_ENOMEM;
    }
    void *p = hs__realloc_big(*buf, ncap * elem);
    if (!p) {
        return HS_ENOMEM;
    }
    *buf = p;
    *cap = ncap;
    return HS_OK;
}

char *hs__strdup(const char *s)
{
    if (!s) {
        return NULL;
    }
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) {
        memcpy(d, s, n);
    }
    return d;
}

int hs__fmt(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n < 0 || (size_t)n >= size;
}

static int is_blank(int c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == (unsigned char)0xA0;
}

/*
 * Parses [blanks][sign]digits[(.|,)digits][(e|E)[sign]digits][blanks]. Thin spaces or plain spaces
 * between digit groups ("6 480 123") are accepted as thousands separators only when followed by
 * exactly three digits. Done by hand so that the process locale never matters.
 */
int hs__parse_double(double *out, const char *s)
{
    if (!s) {
        return HS_EINVAL;
    }
    char buf[128];
    size_t n = 0;
    const char *p = s;
    while (*p && is_blank((unsigned char)*p)) {
        p++;
    }
    if (*p == '+' || *p == '-') {
        buf[n++] = *p++;
    }
    int digits = 0, seen_mark = 0, seen_exp = 0;
    while (*p && n < sizeof buf - 2) {
        unsigned char c = (unsigned char)*p;
        if (c >= '0' && c <= '9') {
            buf[n++] = (char)c;
            digits++;
            p++;
        } else if ((c == '.' || c == ',') && !seen_mark && !seen_exp) {
            buf[n++] = '.';
            seen_mark = 1;
            p++;
        } else if ((c == 'e' || c == 'E') && digits && !seen_exp) {
            buf[n++] = 'e';
            seen_exp = 1;
            p++;
            if (*p == '+' || *p == '-') {
                buf[n++] = *p++;
            }
        } else if (c == ' ' && digits && !seen_mark && !seen_exp) {
            /* thousands separator: exactly three digits must follow */
            if (p[1] >= '0' && p[1] <= '9' && p[2] >= '0' && p[2] <= '9' && p[3] >= '0' &&
                p[3] <= '9' && !(p[4] >= '0' && p[4] <= '9')) {
                p++;
            } else {
                break;
            }
        } else {
            break;
        }
    }
    while (*p && is_blank((unsigned char)*p)) {
        p++;
    }
    if (*p || !digits) {
        return HS_EDATA;
    }
    buf[n] = '\0';
    /* strtod in the "C" sense: we only produce '.', which every locale's strtod may not accept,
     * so parse mantissa and exponent ourselves. */
    const char *q = buf;
    int neg = 0;
    if (*q == '+' || *q == '-') {
        neg = *q == '-';
        q++;
    }
    long double mant = 0.0L;
    int exp10 = 0;
    int ndig = 0;
    while (*q >= '0' && *q <= '9') {
        if (ndig < 19) {
            mant = mant * 10.0L + (*q - '0');
            ndig += mant > 0;
        } else {
            exp10++;
        }
        q++;
    }
    if (*q == '.') {
        q++;
        while (*q >= '0' && *q <= '9') {
            if (ndig < 19) {
                mant = mant * 10.0L + (*q - '0');
                ndig += mant > 0;
                exp10--;
            }
            q++;
        }
    }
    if (*q == 'e') {
        q++;
        int eneg = 0;
        if (*q == '+' || *q == '-') {
            eneg = *q == '-';
            q++;
        }
        long e = 0;
        if (!(*q >= '0' && *q <= '9')) {
            return HS_EDATA;
        }
        while (*q >= '0' && *q <= '9') {
            if (e < 100000) {
                e = e * 10 + (*q - '0');
            }
            q++;
        }
        exp10 += (int)(eneg ? -e : e);
    }
    long double v = mant;
    if (exp10 != 0 && mant != 0.0L) {
        v = mant * powl(10.0L, (long double)exp10);
    }
    double d = (double)(neg ? -v : v);
    if (!isfinite(d)) {
        return HS_EDATA;
    }
    *out = d;
    return HS_OK;
}

int hs__parse_int64(int64_t *out, const char *s)
{
    if (!s) {
        return HS_EINVAL;
    }
    const char *p = s;
    while (*p && is_blank((unsigned char)*p)) {
        p++;
    }
    int neg = 0;
    if (*p == '+' || *p == '-') {
        neg = *p == '-';
        p++;
    }
    if (!(*p >= '0' && *p <= '9')) {
        return HS_EDATA;
    }
    uint64_t v = 0;
    while (*p >= '0' && *p <= '9') {
        uint64_t d = (uint64_t)(*p - '0');
        if (v > (UINT64_MAX - d) / 10) {
            return HS_EDATA;
        }
        v = v * 10 + d;
        p++;
    }
    while (*p && is_blank((unsigned char)*p)) {
        p++;
    }
    if (*p || v > (uint64_t)INT64_MAX + (uint64_t)neg) {
        return HS_EDATA;
    }
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return HS_OK;
}

int hs__strcasecmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        int ca = (unsigned char)*a, cb = (unsigned char)*b;
        if (ca >= 'A' && ca <= 'Z') {
            ca += 'a' - 'A';
        }
        if (cb >= 'A' && cb <= 'Z') {
            cb += 'a' - 'A';
        }
        if (ca != cb || !ca) {
            return ca - cb;
        }
    }
}

int hs__strpool_add(uint32_t *off, hs__strpool *p, const char *s)
{
    if (!s) {
        *off = 0;
        return HS_OK;
    }
    size_t n = strlen(s) + 1;
    size_t start = p->len ? p->len : 1; /* offset 0 is reserved for NULL */
    if (start + n > UINT32_MAX) {
        return HS_ENOMEM;
    }
    if (hs__grow((void **)&p->data, &p->cap, start + n, 1) != HS_OK) {
        return HS_ENOMEM;
    }
    if (!p->len) {
        p->data[0] = '\0';
    }
    memcpy(p->data + start, s, n);
    p->len = start + n;
    *off = (uint32_t)start;
    return HS_OK;
}

const char *hs__strpool_get(const hs__strpool *p, uint32_t off)
{
    return off ? p->data + off : NULL;
}

void hs__strpool_free(hs__strpool *p)
{
    free(p->data);
    p->data = NULL;
    p->len = p->cap = 0;
}

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    }
    return h;
}

static int dict_rehash(hs__dict *d, size_t nslots)
{
    uint32_t *slots = calloc(nslots, sizeof *slots);
    if (!slots) {
        return HS_ENOMEM;
    }
    for (size_t k = 0; k < d->n; k++) {
        size_t h = (size_t)(hash_str(d->pool.data + d->offs[k]) & (nslots - 1));
        while (slots[h]) {
            h = (h + 1) & (nslots - 1);
        }
        slots[h] = (uint32_t)k + 1;
    }
    free(d->slots);
    d->slots = slots;
    d->nslots = nslots;
    return HS_OK;
}

int hs__dict_intern(int32_t *out, hs__dict *d, const char *s)
{
    if (!s) {
        *out = -1;
        return HS_OK;
    }
    if (d->last && strcmp(d->pool.data + d->offs[d->last - 1], s) == 0) {
        *out = (int32_t)(d->last - 1);
        return HS_OK;
    }
    if ((d->n + 1) * 2 > d->nslots && dict_rehash(d, d->nslots ? d->nslots * 2 : 64) != HS_OK) {
        return HS_ENOMEM;
    }
    size_t h = (size_t)(hash_str(s) & (d->nslots - 1));
    while (d->slots[h]) {
        size_t k = d->slots[h] - 1;
        if (strcmp(d->pool.data + d->offs[k], s) == 0) {
            *out = (int32_t)k;
            d->last = k + 1;
            return HS_OK;
        }
        h = (h + 1) & (d->nslots - 1);
    }
    if (d->n >= INT32_MAX || hs__grow((void **)&d->offs, &d->cap, d->n + 1, sizeof *d->offs)) {
        return HS_ENOMEM;
    }
    uint32_t off;
    if (hs__strpool_add(&off, &d->pool, s) != HS_OK) {
        return HS_ENOMEM;
    }
    d->offs[d->n] = off;
    d->slots[h] = (uint32_t)d->n + 1;
    d->last = d->n + 1;
    *out = (int32_t)d->n++;
    return HS_OK;
}

const char *hs__dict_name(const hs__dict *d, size_t k)
{
    return k < d->n ? d->pool.data + d->offs[k] : NULL;
}

void hs__dict_free(hs__dict *d)
{
    hs__strpool_free(&d->pool);
    free(d->offs);
    free(d->slots);
    memset(d, 0, sizeof *d);
}

char *hs__put_digits(char *p, uint64_t v, int width)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v && n < 20);
    while (n < width) {
        tmp[n++] = '0';
    }
    while (n) {
        *p++ = tmp[--n];
    }
    return p;
}
