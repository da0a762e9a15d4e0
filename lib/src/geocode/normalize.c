/*
 * Normalisation of Swedish address text for geocoding: case folding and NFC (utf8proc), the
 * "sim" form (letters and digits, å ä ö kept) and the "key" form (diacritics folded), expansion of
 * the usual abbreviations (g., gt, v., vg, pl., S:t ...), and parsing of street, house number with
 * letter or range, postcode, post town, apartment and c/o parts, and intersections. Pure text
 * processing: no I/O, no gazetteer, no allocation that outlives a call.
 */
#include "core/hs_internal.h"
#include "geocode/geocode.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- code points ---- */

static size_t put_cp(char *out, size_t size, size_t n, int32_t cp)
{
    uint8_t buf[4];
    utf8proc_ssize_t k = utf8proc_encode_char(cp, buf);
    if (k <= 0 || n + (size_t)k + 1 > size) {
        return n;
    }
    memcpy(out + n, buf, (size_t)k);
    return n + (size_t)k;
}

static int is_letter_cp(int32_t cp)
{
    if (cp < 128) {
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    }
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LL || c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT ||
           c == UTF8PROC_CATEGORY_LO;
}

size_t hs__text_lower(char *out, size_t size, const char *s)
{
    if (!out || size == 0) {
        return 0;
    }
    out[0] = '\0';
    if (!s) {
        return 0;
    }
    const uint8_t *p = (const uint8_t *)s;
    uint8_t *nfc = NULL;
    for (const uint8_t *q = p; *q; q++) {
        if (*q == 0xCC || *q == 0xCD) { /* U+0300..U+036F combining marks */
            nfc = utf8proc_NFC(p);
            if (nfc) {
                p = nfc;
            }
            break;
        }
    }
    size_t n = 0;
    while (*p) {
        int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p, -1, &cp);
        if (k <= 0) { /* invalid byte: skip it */
            p++;
            continue;
        }
        p += k;
        if (cp < 128) {
            if (n + 2 > size) {
                break;
            }
            out[n++] = (char)((cp >= 'A' && cp <= 'Z') ? cp + 32 : cp);
        } else {
            if (cp == 0xA0 || cp == 0x2013 || cp == 0x2014) { /* nbsp, dashes */
                cp = cp == 0xA0 ? ' ' : '-';
            } else {
                cp = utf8proc_tolower(cp);
            }
            n = put_cp(out, size, n, cp);
        }
    }
    out[n] = '\0';
    free(nfc);
    return n;
}

size_t hs__text_sim(char *out, size_t size, const char *s)
{
    char low[512];
    hs__text_lower(low, sizeof low, s);
    size_t n = 0;
    const uint8_t *p = (const uint8_t *)low;
    if (size == 0) {
        return 0;
    }
    while (*p) {
        int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p, -1, &cp);
        if (k <= 0) {
            p++;
            continue;
        }
        p += k;
        if ((cp >= '0' && cp <= '9') || is_letter_cp(cp)) {
            n = put_cp(out, size, n, cp);
        }
    }
    out[n] = '\0';
    return n;
}

size_t hs__text_key(char *out, size_t size, const char *sim)
{
    size_t n = 0;
    if (size == 0) {
        return 0;
    }
    const uint8_t *p = (const uint8_t *)(sim ? sim : "");
    while (*p && n + 1 < size) {
        int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p, -1, &cp);
        if (k <= 0) {
            p++;
            continue;
        }
        p += k;
        if (cp >= 128) {
            utf8proc_int32_t dec[8];
            int last = 0;
            utf8proc_ssize_t m = utf8proc_decompose_char(
                cp, dec, 8, UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD, &last);
            cp = m > 0 ? dec[0] : cp;
        }
        if (cp >= 'A' && cp <= 'Z') {
            cp += 32;
        }
        if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
            out[n++] = (char)cp;
        }
    }
    out[n] = '\0';
    return n;
}

/* ---- words ---- */

#define MAXW 32
typedef struct words {
    char w[MAXW][64];
    int n;
} words;

/* Splits lower-case text into words at blanks; '.' and ':' stay inside words (abbreviations). */
static void split_words(words *ws, const char *s)
{
    ws->n = 0;
    const char *p = s;
    while (*p && ws->n < MAXW) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
            p++;
        }
        if (!*p) {
            break;
        }
        size_t k = 0;
        while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') {
            if (k + 1 < sizeof ws->w[0]) {
                ws->w[ws->n][k++] = *p;
            }
            p++;
        }
        ws->w[ws->n][k] = '\0';
        ws->n++;
    }
}

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && memcmp(s + a - b, suf, b) == 0;
}

static void set_str(char *dst, size_t size, const char *a, const char *b)
{
    hs__fmt(dst, size, "%s%s", a, b ? b : "");
}

/* Whole-word abbreviations that stand before a name. */
static const char *const prefix_abbr[][2] = {
    {"s:t", "sankt"}, {"st.", "sankt"},  {"s:ta", "sankta"}, {"g:la", "gamla"},
    {"n:a", "norra"}, {"s:a", "södra"},  {"v:a", "västra"},  {"ö:a", "östra"},
    {"l:a", "lilla"}, {"st:a", "stora"}, {"k:a", "kyrka"},   {NULL, NULL}};

/* Suffix abbreviations of a street kind: a word ending so, or a lone word after the name. */
static const char *const suffix_abbr[][2] = {
    {"gt.", "gatan"}, {"gt", "gatan"}, {"g.", "gatan"}, {"gat.", "gatan"}, {"v.", "vägen"},
    {"vg.", "vägen"}, {"vg", "vägen"}, {"pl.", "plan"}, {"gr.", "gränd"},  {NULL, NULL}};

/* Expands one word in place; lone is 1 when the word is a separate token after the name. */
static int expand_suffix(char *w, size_t size, int lone)
{
    for (size_t i = 0; suffix_abbr[i][0]; i++) {
        const char *a = suffix_abbr[i][0];
        size_t la = strlen(a), lw = strlen(w);
        if (lone ? strcmp(w, a) == 0 ||
                       (la > 1 && a[la - 1] == '.' && lw + 1 == la && memcmp(w, a, lw) == 0)
                 : (lw > la + 1 && ends_with(w, a))) {
            char stem[64];
            size_t ls = lone ? 0 : lw - la;
            memcpy(stem, w, ls);
            stem[ls] = '\0';
            set_str(w, size, stem, suffix_abbr[i][1]);
            return 1;
        }
    }
    return 0;
}

static void expand_prefix(char *w, size_t size)
{
    for (size_t i = 0; prefix_abbr[i][0]; i++) {
        if (strcmp(w, prefix_abbr[i][0]) == 0) {
            set_str(w, size, prefix_abbr[i][1], NULL);
            return;
        }
    }
}

/* Joins words [a, b) of ws (after abbreviation expansion) into sim and key forms. */
static void street_forms(char *sim, size_t ssize, char *key, size_t ksize, words *ws, int a, int b)
{
    char joined[256];
    size_t n = 0;
    joined[0] = '\0';
    for (int i = a; i < b; i++) {
        char *w = ws->w[i];
        if (i == a) {
            expand_prefix(w, sizeof ws->w[0]);
        }
        if (i == a || !expand_suffix(w, sizeof ws->w[0], 1)) {
            expand_suffix(w, sizeof ws->w[0], 0); /* "Storg." -> "storgatan" */
        }
        size_t lw = strlen(w);
        if (n + lw + 1 < sizeof joined) {
            memcpy(joined + n, w, lw);
            n += lw;
            joined[n] = '\0';
        }
    }
    hs__text_sim(sim, ssize, joined);
    hs__text_key(key, ksize, sim);
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Finds and removes a postcode ("462 32", "46232", "se-462 32") in s; writes five digits. */
static void take_postcode(char *s, char *pc)
{
    size_t n = strlen(s);
    for (size_t i = 0; i + 5 <= n; i++) {
        if (i > 0 && (is_digit(s[i - 1]) || s[i - 1] == '-')) {
            if (!(i >= 3 && s[i - 1] == '-' && s[i - 2] == 'e' && s[i - 3] == 's')) {
                continue;
            }
        }
        size_t j = i, k = 0;
        char d[6];
        while (j < n && k < 5) {
            if (is_digit(s[j])) {
                d[k++] = s[j++];
            } else if (s[j] == ' ' && k == 3) {
                j++;
            } else {
                break;
            }
        }
        if (k == 5 && (j == n || !is_digit(s[j])) && (j == n || s[j] != '-')) {
            /* a house number has at most 4 digits: five digits are a postcode */
            memcpy(pc, d, 5);
            pc[5] = '\0';
            size_t from = i;
            if (from >= 3 && s[from - 1] == '-' && s[from - 2] == 'e' && s[from - 3] == 's') {
                from -= 3;
            }
            for (size_t q = from; q < j; q++) {
                s[q] = ' ';
            }
            return;
        }
    }
}

/* Words that end the useful part of a street segment: apartment, floor, entrance. */
static int is_noise_word(const char *w)
{
    static const char *const noise[] = {"lgh",   "lgh.",   "lägenhet", "lag",  "tr",
                                        "tr.",   "trappa", "bv",       "n.b.", "nb",
                                        "uppg.", "uppg",   "port",     "box",  NULL};
    for (size_t i = 0; noise[i]; i++) {
        if (strcmp(w, noise[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Parses "12", "12b", "12-14", "12b-c"; returns 1 when w starts a house number. */
static int parse_number(const char *w, int *num, int *num_to, char *letter, size_t lsize)
{
    if (!is_digit(w[0])) {
        return 0;
    }
    long v = 0;
    const char *p = w;
    while (is_digit(*p) && v < 100000) {
        v = v * 10 + (*p - '0');
        p++;
    }
    if (v <= 0 || v > 9999) {
        return 0;
    }
    *num = (int)v;
    size_t k = 0;
    while (*p >= 'a' && *p <= 'z' && k + 1 < lsize && k < 2) {
        letter[k++] = *p++;
    }
    letter[k] = '\0';
    if (*p == '-' && is_digit(p[1])) {
        long t = 0;
        p++;
        while (is_digit(*p) && t < 100000) {
            t = t * 10 + (*p - '0');
            p++;
        }
        if (t > v && t <= 9999) {
            *num_to = (int)t;
        }
    }
    return 1;
}

/* Splits an intersection "a/b", "a & b", "korsningen a och b"; returns 1 and the two parts. */
static int split_intersection(const char *s, char *a, char *b, size_t size)
{
    const char *p = s;
    int korsning = 0;
    while (*p == ' ') {
        p++;
    }
    static const char *const lead[] = {"korsningen ", "korsning ", "korsn. ", "hörnet ", NULL};
    for (size_t i = 0; lead[i]; i++) {
        size_t l = strlen(lead[i]);
        if (strncmp(p, lead[i], l) == 0) {
            p += l;
            korsning = 1;
            break;
        }
    }
    static const char *const seps[] = {"/", " & ", " och ", " x ", " - ", NULL};
    for (size_t i = 0; seps[i]; i++) {
        if (!korsning && (i == 2 || i == 3 || i == 4)) {
            continue;
        }
        const char *m = strstr(p, seps[i]);
        if (m && m > p && m[strlen(seps[i])]) {
            hs__fmt(a, size, "%.*s", (int)(m - p), p);
            hs__fmt(b, size, "%s", m + strlen(seps[i]));
            return 1;
        }
    }
    return 0;
}

static int has_letter(const char *s)
{
    for (const uint8_t *p = (const uint8_t *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || *p >= 0x80) {
            return 1;
        }
    }
    return 0;
}

/* Parses one street segment (no comma) into street forms, number, letter and trailing ort. */
static void parse_street(hs__addr *o, char *seg, int second)
{
    words ws;
    for (char *q = seg; *q; q++) {
        if (*q == '(' || *q == ')' || *q == '"' || *q == ';') {
            *q = ' ';
        }
    }
    split_words(&ws, seg);
    int end = ws.n, num_at = -1;
    for (int i = 0; i < ws.n; i++) {
        if (is_noise_word(ws.w[i])) {
            end = i;
            break;
        }
        if (i > 0 && num_at < 0 && !second &&
            parse_number(ws.w[i], &o->number, &o->number_to, o->letter, sizeof o->letter)) {
            num_at = i;
            break;
        }
    }
    int street_end = num_at >= 0 ? num_at : end;
    if (street_end <= 0) {
        return;
    }
    if (second) {
        street_forms(o->street2, sizeof o->street2, o->key2, sizeof o->key2, &ws, 0, street_end);
        return;
    }
    street_forms(o->street, sizeof o->street, o->key, sizeof o->key, &ws, 0, street_end);
    if (num_at < 0) {
        return;
    }
    int i = num_at + 1;
    /* "12 B", "12 b-c" */
    if (i < ws.n && !o->letter[0] && strlen(ws.w[i]) == 1 && ws.w[i][0] >= 'a' &&
        ws.w[i][0] <= 'z') {
        o->letter[0] = ws.w[i][0];
        o->letter[1] = '\0';
        i++;
    }
    /* "12 - 14" */
    if (i + 1 < ws.n && strcmp(ws.w[i], "-") == 0 && is_digit(ws.w[i + 1][0])) {
        int t = 0, t2 = 0;
        char l2[8];
        if (parse_number(ws.w[i + 1], &t, &t2, l2, sizeof l2) && t > o->number) {
            o->number_to = t;
        }
        i += 2;
    }
    /* trailing words before any noise: a post town ("Storgatan 12 Vänersborg") */
    char ort[128];
    size_t n = 0;
    ort[0] = '\0';
    for (; i < ws.n; i++) {
        if (is_noise_word(ws.w[i]) || !has_letter(ws.w[i])) {
            break;
        }
        n += (size_t)hs__fmt(ort + n, sizeof ort - n, "%s", ws.w[i]) ? 0 : strlen(ws.w[i]);
    }
    if (n > 0 && !o->ort[0]) {
        hs__text_sim(o->ort, sizeof o->ort, ort);
        hs__text_key(o->ort_key, sizeof o->ort_key, o->ort);
    }
}

int hs__addr_parse(hs__addr *out, const char *text)
{
    if (!out || !text) {
        return HS_EINVAL;
    }
    memset(out, 0, sizeof *out);
    char low[512];
    hs__text_lower(low, sizeof low, text);
    take_postcode(low, out->postcode);
    /* segments at commas; drop c/o parts */
    char *segs[8];
    int nseg = 0;
    char *p = low;
    while (p && nseg < 8) {
        char *c = strchr(p, ',');
        if (c) {
            *c = '\0';
        }
        while (*p == ' ') {
            p++;
        }
        if (*p && strncmp(p, "c/o", 3) != 0 && strncmp(p, "co ", 3) != 0) {
            segs[nseg++] = p;
        }
        p = c ? c + 1 : NULL;
    }
    int street_seg = -1;
    for (int i = 0; i < nseg; i++) {
        if (has_letter(segs[i])) {
            street_seg = i;
            break;
        }
    }
    if (street_seg < 0) {
        return HS_OK;
    }
    char a[256], b[256];
    if (split_intersection(segs[street_seg], a, b, sizeof a)) {
        parse_street(out, a, 0);
        parse_street(out, b, 1);
        out->number = 0;
        out->number_to = 0;
        out->letter[0] = '\0';
        out->intersection = out->street[0] && out->street2[0];
        if (!out->intersection) {
            out->street2[0] = '\0';
            out->key2[0] = '\0';
        }
    } else {
        parse_street(out, segs[street_seg], 0);
    }
    for (int i = street_seg + 1; i < nseg && !out->ort[0]; i++) {
        if (has_letter(segs[i])) {
            hs__text_sim(out->ort, sizeof out->ort, segs[i]);
            hs__text_key(out->ort_key, sizeof out->ort_key, out->ort);
        }
    }
    return HS_OK;
}
