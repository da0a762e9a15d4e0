/*
 * Time windows of the week written the way analysts say them: a group of start days and a block
 * of hours, "fre–lör 22–03" (Friday and Saturday nights from 22 to 03 the next morning). Parses
 * such text into an hour-of-week mask and writes the Swedish label of a window. No statistics.
 */
#include "core/hs_internal.h"
#include "temporal/temporal.h"

#include <string.h>

static const char *const day_sv[7] = {"mån", "tis", "ons", "tor", "fre", "lör", "sön"};
static const char *const day_en[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
#define EN_DASH "\xe2\x80\x93"

void hs__window_mask(uint8_t *mask, unsigned days, int start, int len)
{
    memset(mask, 0, HS_HOURS_PER_WEEK);
    for (int d = 0; d < 7; d++) {
        if (!(days & (1u << d))) {
            continue;
        }
        for (int k = 0; k < len; k++) {
            mask[(d * 24 + start + k) % HS_HOURS_PER_WEEK] = 1;
        }
    }
}

static void append(char *buf, size_t size, size_t *pos, const char *s)
{
    size_t n = strlen(s);
    if (*pos + n + 1 > size) {
        n = *pos + 1 < size ? size - *pos - 1 : 0;
    }
    memcpy(buf + *pos, s, n);
    *pos += n;
    buf[*pos] = '\0';
}

void hs__window_label(char *buf, size_t size, unsigned days, int start, int len)
{
    size_t pos = 0;
    if (size == 0) {
        return;
    }
    buf[0] = '\0';
    days &= 0x7Fu;
    if (days == 0x7Fu) {
        append(buf, size, &pos, "alla dagar");
    } else {
        int first = 1;
        int d = 0;
        while (d < 7) {
            if (!(days & (1u << d))) {
                d++;
                continue;
            }
            int e = d;
            while (e + 1 < 7 && (days & (1u << (e + 1)))) {
                e++;
            }
            if (!first) {
                append(buf, size, &pos, ", ");
            }
            first = 0;
            append(buf, size, &pos, day_sv[d]);
            if (e > d) {
                append(buf, size, &pos, EN_DASH);
                append(buf, size, &pos, day_sv[e]);
            }
            d = e + 1;
        }
    }
    if (len >= 24) {
        append(buf, size, &pos, " hela dygnet");
        return;
    }
    char hours[16];
    hs__fmt(hours, sizeof hours, " %02d" EN_DASH "%02d", start, (start + len) % 24);
    append(buf, size, &pos, hours);
}

/* Matches a day name at *p (Swedish or English, case-insensitive ASCII); advances *p. */
static int day_at(const char **p)
{
    for (int d = 0; d < 7; d++) {
        const char *names[2] = {day_sv[d], day_en[d]};
        for (int k = 0; k < 2; k++) {
            size_t n = strlen(names[k]);
            int ok = 1;
            for (size_t i = 0; i < n && ok; i++) {
                char c = (*p)[i];
                if (c >= 'A' && c <= 'Z') {
                    c = (char)(c - 'A' + 'a');
                }
                ok = c == names[k][i];
            }
            if (ok) {
                *p += n;
                /* allow "fredag", "friday", ... */
                while (**p && **p != ',' && **p != '-' && **p != ' ') {
                    (*p)++;
                }
                return d;
            }
        }
    }
    return -1;
}

static int parse_hour(int *out, const char **p)
{
    int v = 0;
    int digits = 0;
    while (**p >= '0' && **p <= '9' && digits < 2) {
        v = v * 10 + (**p - '0');
        (*p)++;
        digits++;
    }
    if (digits == 0 || v > 24) {
        return -1;
    }
    if (**p == ':' && (*p)[1] == '0' && (*p)[2] == '0') {
        *p += 3;
    }
    *out = v % 24;
    return 0;
}

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

int hs_window_parse(uint8_t *mask, hs_ctx *ctx, const char *text)
{
    if (!mask || !text) {
        return hs__error(ctx, HS_EINVAL, "time window: missing text");
    }
    /* normalise en dashes to '-' */
    char s[128];
    size_t j = 0;
    for (const char *p = text; *p && j + 1 < sizeof s; p++) {
        if (starts_with(p, EN_DASH)) {
            s[j++] = '-';
            p += 2;
        } else {
            s[j++] = *p;
        }
    }
    s[j] = '\0';
    const char *p = s;
    while (*p == ' ') {
        p++;
    }
    unsigned days = 0;
    if (starts_with(p, "alla")) {
        days = 0x7F;
        p += 4;
        if (starts_with(p, " dagar")) {
            p += 6;
        }
    } else if (starts_with(p, "vardag")) {
        days = 0x1F;
        p += 6;
        while (*p && *p != ' ') {
            p++;
        }
    } else if (starts_with(p, "helg")) {
        days = 0x60;
        p += 4;
        while (*p && *p != ' ') {
            p++;
        }
    } else {
        for (;;) {
            int a = day_at(&p);
            if (a < 0) {
                return hs__error(ctx, HS_EINVAL, "time window '%s': expected a day name", text);
            }
            int b = a;
            if (*p == '-') {
                p++;
                b = day_at(&p);
                if (b < 0) {
                    return hs__error(ctx, HS_EINVAL, "time window '%s': expected a day name", text);
                }
            }
            for (int d = a;; d = (d + 1) % 7) {
                days |= 1u << d;
                if (d == b) {
                    break;
                }
            }
            while (*p == ' ') {
                p++;
            }
            if (*p != ',') {
                break;
            }
            p++;
            while (*p == ' ') {
                p++;
            }
        }
    }
    while (*p == ' ') {
        p++;
    }
    int h0 = 0;
    int h1 = 0;
    if (*p == '\0') {
        hs__window_mask(mask, days, 0, 24);
        return HS_OK;
    }
    if (parse_hour(&h0, &p) != 0 || *p != '-') {
        return hs__error(ctx, HS_EINVAL, "time window '%s': expected hours like 22-03", text);
    }
    p++;
    if (parse_hour(&h1, &p) != 0) {
        return hs__error(ctx, HS_EINVAL, "time window '%s': expected hours like 22-03", text);
    }
    while (*p == ' ') {
        p++;
    }
    if (*p) {
        return hs__error(ctx, HS_EINVAL, "time window '%s': unexpected '%s'", text, p);
    }
    int len = (h1 - h0 + 24) % 24;
    if (len == 0) {
        len = 24;
    }
    hs__window_mask(mask, days, h0, len);
    return HS_OK;
}
