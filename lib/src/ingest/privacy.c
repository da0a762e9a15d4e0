/*
 * Personnummer detection (date part plus Luhn check digit) and in-place masking. Plain C over
 * bytes; it must not allocate, log or depend on the locale.
 */
#include "core/hs_internal.h"

#include <string.h>

static int isdig(char c)
{
    return c >= '0' && c <= '9';
}

int hs_pnr_valid10(const char *d)
{
    for (int i = 0; i < 10; i++) {
        if (!isdig(d[i])) {
            return 0;
        }
    }
    int month = (d[2] - '0') * 10 + (d[3] - '0');
    int day = (d[4] - '0') * 10 + (d[5] - '0');
    if (day > 60) {
        day -= 60; /* samordningsnummer */
    }
    if (month < 1 || month > 12 || day < 1 || day > 31) {
        return 0;
    }
    int sum = 0;
    for (int i = 0; i < 9; i++) {
        int v = (d[i] - '0') * (i % 2 == 0 ? 2 : 1);
        sum += v > 9 ? v - 9 : v;
    }
    return (10 - sum % 10) % 10 == d[9] - '0';
}

/* Tries a match at s[i]; returns its length or 0. */
static size_t match_at(const char *s, size_t n, size_t i)
{
    size_t run = 0;
    while (i + run < n && isdig(s[i + run])) {
        run++;
    }
    char d[10];
    /* digits-only forms: exactly 10 or 12 digits */
    if (run == 10 || run == 12) {
        memcpy(d, s + i + run - 10, 10);
        if (run == 12 && !(s[i] == '1' && (s[i + 1] == '8' || s[i + 1] == '9')) &&
            !(s[i] == '2' && s[i + 1] == '0')) {
            return 0;
        }
        return hs_pnr_valid10(d) ? run : 0;
    }
    /* with a separator: 6 or 8 digits, '-' or '+', 4 digits not followed by a digit */
    if ((run == 6 || run == 8) && i + run + 5 <= n && (s[i + run] == '-' || s[i + run] == '+')) {
        size_t k = i + run + 1;
        for (size_t j = 0; j < 4; j++) {
            if (!isdig(s[k + j])) {
                return 0;
            }
        }
        if (k + 4 < n && isdig(s[k + 4])) {
            return 0;
        }
        memcpy(d, s + i + run - 6, 6);
        memcpy(d + 6, s + k, 4);
        return hs_pnr_valid10(d) ? run + 5 : 0;
    }
    return 0;
}

int hs_pnr_find(size_t *start, size_t *len, const char *s, size_t n)
{
    if (!start || !len || !s) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (!isdig(s[i]) || (i > 0 && isdig(s[i - 1]))) {
            continue;
        }
        size_t m = match_at(s, n, i);
        if (m) {
            *start = i;
            *len = m;
            return 1;
        }
    }
    return 0;
}

int hs_pnr_mask(char *s)
{
    if (!s) {
        return 0;
    }
    size_t n = strlen(s);
    size_t off = 0;
    int count = 0;
    size_t st, ln;
    while (off < n && hs_pnr_find(&st, &ln, s + off, n - off)) {
        for (size_t k = 0; k < ln; k++) {
            if (isdig(s[off + st + k])) {
                s[off + st + k] = 'X';
            }
        }
        off += st + ln;
        count++;
    }
    return count;
}
