/*
 * Geocoding benchmark and accuracy check (prints figures; never a test).
 *   bench_geocode speed N_ADDR N_QUERY WORKDIR   synthetic gazetteer of N_ADDR addresses in 290
 *       kommuner; N_QUERY queries (70 % clean, 30 % damaged); addresses/s of the in-memory index,
 *       and of a per-query SQL reference (B-tree lookup, then FTS5 trigram) on a sample.
 *   bench_geocode accuracy LABELS.csv STOPS.txt BOUNDARIES WORKDIR   gazetteer from real address
 *       labels + GTFS stops; damaged queries from the labels; share within 25 m, in the right
 *       kommun, and wrongly placed with a high score; then the same for labels held out of the
 *       gazetteer.
 * Random numbers come from a fixed seed so runs repeat.
 */
#include "core/hs_internal.h"
#include "geocode/geocode.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % n);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* ---- damage ---- */

static void replace_once(char *s, size_t size, const char *from, const char *to)
{
    char *p = strstr(s, from);
    if (!p) {
        return;
    }
    char tail[512];
    hs__fmt(tail, sizeof tail, "%s", p + strlen(from));
    *p = '\0';
    char head[512];
    hs__fmt(head, sizeof head, "%s", s);
    hs__fmt(s, size, "%s%s%s", head, to, tail);
}

static void upper(char *s)
{
    for (unsigned char *p = (unsigned char *)s; *p; p++) {
        if (*p >= 'a' && *p <= 'z') {
            *p = (unsigned char)(*p - 32);
        } else if (*p == 0xC3 && (p[1] == 0xA5 || p[1] == 0xA4 || p[1] == 0xB6)) {
            p[1] = (unsigned char)(p[1] - 0x20);
            p++;
        }
    }
}

/* Applies damage kind k (0 none, 1 case, 2 abbreviation, 3 no ort, 4 OCR, 5 wrong letter). */
static void damage(char *q, size_t size, const char *label, int k)
{
    hs__fmt(q, size, "%s", label);
    char *comma = strchr(q, ',');
    size_t street_end = comma ? (size_t)(comma - q) : strlen(q);
    switch (k) {
    case 1:
        upper(q);
        break;
    case 2:
        replace_once(q, size, "gatan", "g.");
        replace_once(q, size, "vägen", "v.");
        replace_once(q, size, "gränd", "gr.");
        break;
    case 3:
        if (comma) {
            *comma = '\0';
        }
        break;
    case 4: {
        /* one OCR confusion in the street name, or a dropped letter */
        static const char *const pairs[][2] = {{"m", "rn"}, {"l", "t"}, {"t", "l"}, {"o", "0"}};
        int done = 0;
        for (int t = 0; t < 4 && !done; t++) {
            int w = (int)rnd(4);
            char *p = strstr(q + 1, pairs[w][0]);
            if (p && (size_t)(p - q) < street_end) {
                char save[512];
                hs__fmt(save, sizeof save, "%s", p + 1);
                *p = '\0';
                char head[512];
                hs__fmt(head, sizeof head, "%s", q);
                hs__fmt(q, size, "%s%s%s", head, pairs[w][1], save);
                done = 1;
            }
        }
        if (!done && street_end > 4) {
            size_t at = 1 + rnd((uint32_t)(street_end - 3));
            if ((unsigned char)q[at] < 0x80) {
                memmove(q + at, q + at + 1, strlen(q + at));
            }
        }
        break;
    }
    case 5: {
        /* a letter suffix the address does not have */
        char *p = q;
        while (*p && !(*p >= '0' && *p <= '9')) {
            p++;
        }
        while (*p >= '0' && *p <= '9') {
            p++;
        }
        if (p > q && p[-1] >= '0' && p[-1] <= '9') {
            if (*p >= 'A' && *p <= 'Y') {
                (*p)++;
            } else {
                char tail[512];
                hs__fmt(tail, sizeof tail, "%s", p);
                *p = '\0';
                char head[512];
                hs__fmt(head, sizeof head, "%s", q);
                hs__fmt(q, size, "%sB%s", head, tail);
            }
        }
        break;
    }
    default:
        break;
    }
}

/* ---- speed ---- */

static const char *const PRE[] = {
    "Stor",    "Kungs",  "Drottning", "Skol",     "Kyrk",    "Björk",      "Tall",   "Gran",
    "Ek",      "Sjö",    "Strand",    "Park",     "Berg",    "Åker",       "Ängs",   "Lind",
    "Hamn",    "Bruks",  "Järnvägs",  "Tingshus", "Mölle",   "Prästgårds", "Skogs",  "Torg",
    "Väster",  "Öster",  "Norr",      "Söder",    "Ny",      "Gamla",      "Lärk",   "Al",
    "Asp",     "Rönn",   "Hägg",      "Sälg",     "Syren",   "Ros",        "Lilje",  "Viol",
    "Blåbärs", "Lingon", "Hjortron",  "Smed",     "Snickar", "Murar",      "Fiskar", "Jägar",
    "Bagar",   "Timmer", "Kvarn",     "Såg",      "Gruv",    "Hytt",       "Malm",   "Silver",
    "Koppar",  "Guld",   "Sol",       "Mån",      "Stjärn",  "Regn",       "Snö",    "Vind"};
static const char *const SUF[] = {"gatan", "vägen",  "gränd", "stigen", "backen",
                                  "allén", "torget", "leden", "plan"};
#define NPRE (sizeof PRE / sizeof PRE[0])
#define NSUF (sizeof SUF / sizeof SUF[0])

static int speed(long naddr, long nquery, const char *dir)
{
    char csv[1024], gazp[1024];
    hs__fmt(csv, sizeof csv, "%s/bench_geocode_addresses.csv", dir);
    hs__fmt(gazp, sizeof gazp, "%s/bench_geocode.sqlite", dir);
    FILE *f = fopen(csv, "w");
    if (!f) {
        return 1;
    }
    fprintf(f, "street,number,letter,postcode,ort,kommun_code,x,y\n");
    int nk = 290;
    long per = naddr / nk, written = 0;
    int streets_per = 60;
    for (int k = 0; k < nk; k++) {
        int code = 100 + k * 9; /* 290 distinct 3-4 digit codes */
        double cx = 300000 + (k % 17) * 35000, cy = 6200000 + (k / 17) * 80000;
        for (long i = 0; i < per; i++) {
            int s = (int)(i % streets_per);
            int num = (int)(i / streets_per) + 1;
            unsigned pi = (unsigned)((s * 7 + k) % NPRE), si = (unsigned)((s + k * 3) % NSUF);
            double x = cx + s * 150.0 + num * 10.0, y = cy + s * 100.0 + (s % 2) * num * 5.0;
            fprintf(f, "%s%s,%d,,%05d,Ort%d,%d,%.1f,%.1f\n", PRE[pi], SUF[si], num,
                    10000 + k * 100 + s % 100, k, code, x, y);
            written++;
        }
    }
    fclose(f);
    hs_ctx *ctx;
    hs_ctx_new(&ctx);
    const char *src[] = {csv};
    hs_gazetteer_opts go = HS_GAZETTEER_OPTS_INIT;
    go.overwrite = 1;
    double t0 = now();
    if (hs_gazetteer_build(NULL, ctx, gazp, src, 1, &go) != HS_OK) {
        fprintf(stderr, "build: %s\n", hs_ctx_errmsg(ctx));
        return 1;
    }
    double t1 = now();
    hs_gazetteer *g;
    if (hs_gazetteer_open(&g, ctx, gazp) != HS_OK) {
        fprintf(stderr, "open: %s\n", hs_ctx_errmsg(ctx));
        return 1;
    }
    double t2 = now();
    long rss_open = peak_rss_kb();
    /* queries: 70 % clean, 30 % damaged (abbreviation, case, OCR, wrong letter) */
    char(*qs)[160] = malloc((size_t)nquery * sizeof *qs);
    int *qk = malloc((size_t)nquery * sizeof *qk);
    for (long i = 0; i < nquery; i++) {
        int k = (int)rnd((uint32_t)nk);
        long j = rnd((uint32_t)per);
        int s = (int)(j % streets_per), num = (int)(j / streets_per) + 1;
        unsigned pi = (unsigned)((s * 7 + k) % NPRE), si = (unsigned)((s + k * 3) % NSUF);
        char lab[160];
        hs__fmt(lab, sizeof lab, "%s%s %d, Ort%d", PRE[pi], SUF[si], num, k);
        int dmg = rnd(10) < 7 ? 0 : 1 + (int)rnd(5);
        damage(qs[i], sizeof qs[i], lab, dmg);
        qk[i] = 100 + k * 9;
    }
    long placed = 0;
    double t3 = now();
    for (long i = 0; i < nquery; i++) {
        hs_geocode_result r;
        hs_geocode_one(&r, g, qs[i], qk[i]);
        placed += r.precision != HS_PREC_NONE;
    }
    double t4 = now();
    printf("gazetteer: %ld addresses, build %.2f s (%.0f rows/s), open (in-memory index) %.2f s, "
           "peak RSS after open %.0f MB\n",
           written, t1 - t0, written / (t1 - t0), t2 - t1, rss_open / 1024.0);
    double rate = nquery / (t4 - t3);
    printf("hotspot in-memory index: %ld queries in %.2f s = %.0f addresses/s (%.1f %% placed)\n",
           nquery, t4 - t3, rate, 100.0 * placed / nquery);
    /* reference: per-query SQL on the same file; exact B-tree lookup, else FTS5 trigram */
    sqlite3 *db;
    sqlite3_open_v2(gazp, &db, SQLITE_OPEN_READONLY, NULL);
    sqlite3_stmt *ex, *fts;
    sqlite3_prepare_v2(db, "SELECT x,y FROM entries WHERE kommun_code=? AND street=? AND number=?",
                       -1, &ex, NULL);
    sqlite3_prepare_v2(db,
                       "SELECT e.street, e.x, e.y FROM entries_fts f JOIN entries e ON e.id = "
                       "f.rowid WHERE entries_fts MATCH ? AND e.kommun_code=? AND e.number=? "
                       "LIMIT 50",
                       -1, &fts, NULL);
    long nref = nquery < 2000 ? nquery : 2000, found = 0;
    double t5 = now();
    for (long i = 0; i < nref; i++) {
        hs__addr a;
        hs__addr_parse(&a, qs[i]);
        char st[128];
        const char *sp = strchr(qs[i], ' ');
        hs__fmt(st, sizeof st, "%.*s", sp ? (int)(sp - qs[i]) : 0, qs[i]);
        sqlite3_bind_int(ex, 1, qk[i]);
        sqlite3_bind_text(ex, 2, st, -1, SQLITE_STATIC);
        sqlite3_bind_int(ex, 3, a.number);
        int hit = sqlite3_step(ex) == SQLITE_ROW;
        sqlite3_reset(ex);
        if (!hit && strlen(a.key) >= 3) {
            /* any 3 of the street's trigrams, scored in C like the index does */
            char m[256];
            hs__fmt(m, sizeof m, "\"%.3s\" OR \"%.3s\" OR \"%.3s\"", a.key,
                    a.key + strlen(a.key) / 2 - 1, a.key + strlen(a.key) - 3);
            sqlite3_bind_text(fts, 1, m, -1, SQLITE_STATIC);
            sqlite3_bind_int(fts, 2, qk[i]);
            sqlite3_bind_int(fts, 3, a.number);
            double bs = 0;
            while (sqlite3_step(fts) == SQLITE_ROW) {
                char sim[128];
                hs__text_sim(sim, sizeof sim, (const char *)sqlite3_column_text(fts, 0));
                double s = hs__name_similarity(a.street, sim);
                bs = s > bs ? s : bs;
            }
            sqlite3_reset(fts);
            hit = bs >= 0.8;
        }
        found += hit;
    }
    double t6 = now();
    double rrate = nref / (t6 - t5);
    printf("reference per-query SQL (B-tree, then FTS5 trigram): %ld queries in %.2f s = %.0f "
           "addresses/s (%.1f %% found)\n",
           nref, t6 - t5, rrate, 100.0 * found / nref);
    printf("ratio in-memory / SQL: %.1fx; peak RSS %.0f MB\n", rate / rrate,
           peak_rss_kb() / 1024.0);
    sqlite3_finalize(ex);
    sqlite3_finalize(fts);
    sqlite3_close(db);
    hs_gazetteer_close(g);
    hs_ctx_free(ctx);
    free(qs);
    free(qk);
    remove(csv);
    remove(gazp);
    return 0;
}

/* ---- accuracy ---- */

static char (*all_labels)[160];
static size_t n_all;

typedef struct truth {
    char label[160];
    double x, y;
    int kommun;
} truth;

static int load_truth(truth **out, size_t *n, const char *gazp)
{
    sqlite3 *db;
    if (sqlite3_open_v2(gazp, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        return 1;
    }
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db,
                       "SELECT label, x, y, kommun_code FROM entries WHERE kind='address' AND "
                       "label IN (SELECT label FROM entries GROUP BY label HAVING count(*)=1)",
                       -1, &st, NULL);
    size_t cap = 0;
    *n = 0;
    *out = NULL;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (hs__grow((void **)out, &cap, *n + 1, sizeof **out) != HS_OK) {
            return 1;
        }
        truth *t = &(*out)[(*n)++];
        hs__fmt(t->label, sizeof t->label, "%s", (const char *)sqlite3_column_text(st, 0));
        t->x = sqlite3_column_double(st, 1);
        t->y = sqlite3_column_double(st, 2);
        t->kommun = sqlite3_column_int(st, 3);
    }
    sqlite3_finalize(st);
    sqlite3_prepare_v2(db, "SELECT label FROM entries", -1, &st, NULL);
    size_t acap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (hs__grow((void **)&all_labels, &acap, n_all + 1, sizeof *all_labels) != HS_OK) {
            return 1;
        }
        hs__fmt(all_labels[n_all++], sizeof all_labels[0], "%s",
                (const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return 0;
}

/* 1 when a damaged query names another real address (e.g. 12A made 12B): not a damage. */
static int is_real_label(const char *q)
{
    for (size_t i = 0; i < n_all; i++) {
        if (strcmp(all_labels[i], q) == 0) {
            return 1;
        }
    }
    return 0;
}

static const char *const DNAME[] = {"clean", "CASE", "abbrev.", "no ort", "OCR", "wrong letter"};

static void evaluate(hs_gazetteer *g, const truth *t, size_t n, int held_out, int with_kommun)
{
    long tot[6] = {0}, near[6] = {0}, rightk[6] = {0}, wrong[6] = {0}, placed[6] = {0};
    for (size_t i = 0; i < n; i++) {
        for (int d = 0; d < 6; d++) {
            char q[256];
            damage(q, sizeof q, t[i].label, d);
            if (d > 0 && is_real_label(q)) {
                continue;
            }
            hs_geocode_result r;
            hs_geocode_one(&r, g, q, with_kommun ? t[i].kommun : 0);
            tot[d]++;
            if (r.precision == HS_PREC_NONE) {
                continue;
            }
            placed[d]++;
            double dist = hypot(r.x - t[i].x, r.y - t[i].y);
            near[d] += dist <= 25.0;
            rightk[d] += r.kommun_code == t[i].kommun;
            /* wrongly placed with a high score: claims an address (or place) and is > 25 m off,
             * or lands in another kommun */
            int bad = r.score >= 0.8 && ((r.precision <= HS_PREC_ADDRESS && dist > 25.0) ||
                                         r.kommun_code != t[i].kommun);
            wrong[d] += bad;
            if (bad && getenv("BENCH_VERBOSE")) {
                printf("    wrong: '%s' -> '%s' (%s, %.2f, %d vs %d, %.0f m)\n", q, r.label,
                       hs_precision_name(r.precision), r.score, r.kommun_code, t[i].kommun, dist);
            }
        }
    }
    printf("%s, kommun %s: %zu labels\n",
           held_out ? "held-out labels (not in the gazetteer)" : "labels in the gazetteer",
           with_kommun ? "given" : "not given", n);
    printf("  %-13s %8s %9s %9s %13s\n", "damage", "placed", "<= 25 m", "right kn", "wrong, high");
    long T = 0, P = 0, N = 0, R = 0, W = 0;
    for (int d = 0; d < 6; d++) {
        printf("  %-13s %7.1f%% %8.1f%% %8.1f%% %12.2f%%\n", DNAME[d], 100.0 * placed[d] / tot[d],
               100.0 * near[d] / tot[d], 100.0 * rightk[d] / tot[d], 100.0 * wrong[d] / tot[d]);
        T += tot[d];
        P += placed[d];
        N += near[d];
        R += rightk[d];
        W += wrong[d];
    }
    printf("  %-13s %7.1f%% %8.1f%% %8.1f%% %12.2f%%\n", "all", 100.0 * P / T, 100.0 * N / T,
           100.0 * R / T, 100.0 * W / T);
}

static int accuracy(const char *labels, const char *stops, const char *bounds, const char *dir)
{
    hs_ctx *ctx;
    hs_ctx_new(&ctx);
    char gazp[1024], gazh[1024], held[1024];
    hs__fmt(gazp, sizeof gazp, "%s/bench_geocode_acc.sqlite", dir);
    hs__fmt(gazh, sizeof gazh, "%s/bench_geocode_held.sqlite", dir);
    hs__fmt(held, sizeof held, "%s/bench_geocode_kept.csv", dir);
    hs_gazetteer_opts go = HS_GAZETTEER_OPTS_INIT;
    go.overwrite = 1;
    go.boundaries = bounds;
    const char *src[] = {labels, stops};
    if (hs_gazetteer_build(NULL, ctx, gazp, src, 2, &go) != HS_OK) {
        fprintf(stderr, "build: %s\n", hs_ctx_errmsg(ctx));
        return 1;
    }
    truth *t;
    size_t n;
    if (load_truth(&t, &n, gazp) != 0) {
        return 1;
    }
    hs_gazetteer *g;
    if (hs_gazetteer_open(&g, ctx, gazp) != HS_OK) {
        return 1;
    }
    evaluate(g, t, n, 0, 0);
    evaluate(g, t, n, 0, 1);
    hs_gazetteer_close(g);
    /* hold out every 10th address label: rebuild without them and query them */
    FILE *in = fopen(labels, "r"), *out = fopen(held, "w");
    char line[1024];
    size_t k = 0, nh = 0;
    truth *h = malloc(n * sizeof *h);
    while (in && out && fgets(line, sizeof line, in)) {
        int drop = 0;
        if (k > 0) {
            for (size_t i = 0; i < n; i++) {
                char quoted[200];
                hs__fmt(quoted, sizeof quoted, "\"%s\"", t[i].label);
                if (strncmp(line, quoted, strlen(quoted)) == 0 && i % 10 == 0) {
                    h[nh++] = t[i];
                    drop = 1;
                    break;
                }
            }
        }
        if (!drop) {
            fputs(line, out);
        }
        k++;
    }
    if (in) {
        fclose(in);
    }
    if (out) {
        fclose(out);
    }
    const char *src2[] = {held, stops};
    if (hs_gazetteer_build(NULL, ctx, gazh, src2, 2, &go) != HS_OK ||
        hs_gazetteer_open(&g, ctx, gazh) != HS_OK) {
        fprintf(stderr, "held-out build: %s\n", hs_ctx_errmsg(ctx));
        return 1;
    }
    evaluate(g, h, nh, 1, 1);
    hs_gazetteer_close(g);
    free(t);
    free(h);
    free(all_labels);
    remove(gazp);
    remove(gazh);
    remove(held);
    hs_ctx_free(ctx);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 5 && strcmp(argv[1], "speed") == 0) {
        return speed(strtol(argv[2], NULL, 10), strtol(argv[3], NULL, 10), argv[4]);
    }
    if (argc == 6 && strcmp(argv[1], "accuracy") == 0) {
        return accuracy(argv[2], argv[3], argv[4], argv[5]);
    }
    fprintf(stderr, "usage: bench_geocode speed N_ADDR N_QUERY DIR | accuracy LABELS.csv STOPS.txt "
                    "BOUNDARIES DIR\n");
    return 2;
}
