/*
 * A large CSV file read by several threads (parts cut at row starts, appended in file order) gives
 * exactly what one pass gives: the same records field by field, the same rejects with the same
 * row numbers, columns, values and reasons, and the same counts. The file has quoted fields with
 * separators and newlines, bad rows of several kinds, personnummer, times in the daylight-saving
 * hours and several categories, so a cut in the wrong place or a lost offset shows; once in UTF-8
 * and once in Windows-1252.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/hs_internal.h"

static uint64_t lcg_state = 5;
static uint32_t urand(uint32_t n)
{
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)((lcg_state >> 33) % n);
}

/* ~12 MB: more than the 8 MB below which files are read whole */
static void write_file(const char *path, int cp1252)
{
    FILE *f = fopen(path, "w");
    cr_assert(f != NULL);
    fprintf(f, "id;x;y;tid;brottskod;beskrivning\n");
    static const char *codes[] = {"9300", "0857", "1201", "9999"};
    for (int i = 0; i < 200000; i++) {
        double x = 674000 + urand(20000) + urand(10) / 10.0;
        double y = 6580000 + urand(20000) + urand(10) / 10.0;
        int mon = 1 + urand(12), day = 1 + urand(28), hour = urand(24);
        if (i % 997 == 0) { /* the skipped spring hour */
            mon = 3;
            day = 31;
            hour = 2;
        }
        if (i % 50 == 0) { /* a personnummer in the id column: masked in the record */
            fprintf(f, "121212-1212 ");
        }
        const char *note = "";
        char buf[160];
        switch (urand(40)) {
        case 0:
            note = "\"ringde; sedan \"\"gick\"\"\nhem\"";
            break;
        case 1:
            note = cp1252 ? "\"anm\xe4lare 121212-1212 h\xf6rd\"" : "\"anmälare 121212-1212 hörd\"";
            break;
        case 2:
            snprintf(buf, sizeof buf,
                     cp1252 ? "\"rad ett\nrad tv\xe5\nrad tre %d\""
                            : "\"rad ett\nrad två\nrad tre %d\"",
                     i);
            note = buf;
            break;
        default:
            note = "ingen";
        }
        switch (urand(200)) {
        case 0:
            fprintf(f, "%d;abc;%.1f;2024-%02d-%02d %02d:15;%s;%s\n", i, y, mon, day, hour,
                    codes[urand(4)], note);
            break;
        case 1:
            fprintf(f, "%d;%.1f;%.1f;2024-13-45 25:00;%s;%s\n", i, x, y, codes[urand(4)], note);
            break;
        case 2:
            fprintf(f, "%d;;;2024-%02d-%02d;%s;%s\n", i, mon, day, codes[urand(4)], note);
            break;
        case 3:
            fprintf(f, "%d;%.1f;%.1f;2024-%02d-%02d %02d:15;%s;%s;extra;fields\n", i, x, y, mon,
                    day, hour, codes[urand(4)], note);
            break;
        case 4: /* x and y swapped */
            fprintf(f, "%d;%.1f;%.1f;2024-%02d-%02d %02d:15;%s;%s\n", i, y, x, mon, day, hour,
                    codes[urand(4)], note);
            break;
        default:
            fprintf(f, "%d;%.1f;%.1f;2024-%02d-%02d %02d:%02d;%s;%s\n", i, x, y, mon, day, hour,
                    urand(60), codes[urand(4)], note);
        }
    }
    fclose(f);
}

static int same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void check_split(int cp1252)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/hs_split_%ld_%d.csv", (long)getpid(), cp1252);
    write_file(path, cp1252);
    hs_records *rec[3] = {NULL};
    hs_rejects *rej[3] = {NULL};
    hs_ingest_stats st[3];
    const int threads[3] = {1, 2, 3};
    for (int k = 0; k < 3; k++) {
        hs_ctx *ctx = NULL;
        hs_ctx_new(&ctx);
        hs_ctx_set_threads(ctx, threads[k]);
        hs_records_new(&rec[k]);
        hs_rejects_new(&rej[k]);
        hs_ingest_opts o = HS_INGEST_OPTS_INIT;
        o.crs_epsg = 3006;
        cr_assert_eq(hs_ingest_file(&st[k], ctx, rec[k], rej[k], path, &o), HS_OK, "%s",
                     hs_ctx_errmsg(ctx));
        hs_ctx_free(ctx);
    }
    cr_assert(st[0].rejected > 1000 && st[0].masked > 1000 && st[0].swapped > 100 &&
                  st[0].dst_gap > 50,
              "rejected %lld masked %lld swapped %lld gap %lld", (long long)st[0].rejected,
              (long long)st[0].masked, (long long)st[0].swapped, (long long)st[0].dst_gap);
    for (int k = 1; k < 3; k++) {
        cr_assert_eq(memcmp(&st[0], &st[k], sizeof st[0]), 0, "counts differ with %d threads",
                     threads[k]);
        cr_assert_eq(hs_records_count(rec[0]), hs_records_count(rec[k]));
        for (size_t i = 0; i < hs_records_count(rec[0]); i++) {
            hs_record a, b;
            hs_records_get(&a, rec[0], i);
            hs_records_get(&b, rec[k], i);
            cr_assert(a.x == b.x && a.y == b.y && a.t_from == b.t_from && a.t_to == b.t_to &&
                          a.row == b.row && a.precision == b.precision && a.weight == b.weight &&
                          same_str(a.id, b.id) && same_str(a.code, b.code) &&
                          same_str(a.category, b.category) &&
                          same_str(a.focus_area, b.focus_area) && same_str(a.source, b.source),
                      "record %zu differs with %d threads (rows %lld, %lld)", i, threads[k],
                      (long long)a.row, (long long)b.row);
        }
        cr_assert_eq(hs_rejects_count(rej[0]), hs_rejects_count(rej[k]));
        for (size_t i = 0; i < hs_rejects_count(rej[0]); i++) {
            hs_reject a, b;
            hs_rejects_get(&a, rej[0], i);
            hs_rejects_get(&b, rej[k], i);
            cr_assert(a.row == b.row && same_str(a.column, b.column) &&
                          same_str(a.value, b.value) && same_str(a.reason, b.reason) &&
                          same_str(a.source, b.source),
                      "reject %zu differs with %d threads", i, threads[k]);
        }
    }
    /* the row numbers are the data rows of the file: the last record's row is its place */
    hs_record last;
    hs_records_get(&last, rec[2], hs_records_count(rec[2]) - 1);
    cr_assert(last.row >= 199000 && last.row <= 200000);
    for (int k = 0; k < 3; k++) {
        hs_records_free(rec[k]);
        hs_rejects_free(rej[k]);
    }
    unlink(path);
}

Test(ingest_split, threads_give_exactly_one_pass)
{
    check_split(0);
}

Test(ingest_split, threads_give_exactly_one_pass_in_cp1252)
{
    /* the parts are read with the encoding detected on the whole file's first block */
    check_split(1);
}
