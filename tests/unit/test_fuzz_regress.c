/*
 * Replays every file of tests/fuzz/corpus/<target>/ and tests/fuzz/regress/<target>/ through the
 * same entry points the libFuzzer targets use (tests/fuzz/fuzz_*.c, included here under their own
 * names), so that each input once found by fuzzing stays a regression test in the ordinary suite
 * and under ASan + UBSan. The targets check their own invariants (e.g. conservation in fuzz_csv)
 * and abort on a violation. This file must not depend on libFuzzer.
 */
#include <criterion/criterion.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HS_FUZZ_ENTRY fuzz_entry_csv
#include "../fuzz/fuzz_csv.c"
#undef HS_FUZZ_ENTRY
#define HS_FUZZ_ENTRY fuzz_entry_datetime
#include "../fuzz/fuzz_datetime.c"
#undef HS_FUZZ_ENTRY
#define HS_FUZZ_ENTRY fuzz_entry_coords
#include "../fuzz/fuzz_coords.c"
#undef HS_FUZZ_ENTRY
#define HS_FUZZ_ENTRY fuzz_entry_polisen
#include "../fuzz/fuzz_polisen.c"
#undef HS_FUZZ_ENTRY
#define HS_FUZZ_ENTRY fuzz_entry_address
#include "../fuzz/fuzz_address.c"
#undef HS_FUZZ_ENTRY
#define HS_FUZZ_ENTRY fuzz_entry_project
#include "../fuzz/fuzz_project.c"
#undef HS_FUZZ_ENTRY
#include "../fuzz/fuzz_util.c"

typedef int (*fuzz_fn)(const uint8_t *, size_t);

/* Reads a whole file into a malloc'd buffer; returns 0 on success. */
static int slurp(uint8_t **out, size_t *n, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        return -1;
    }
    size_t cap = 4096;
    size_t len = 0;
    uint8_t *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            cap *= 2;
            uint8_t *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                buf = NULL;
            }
            buf = nb;
        }
    }
    fclose(f);
    if (!buf) {
        return -1;
    }
    *out = buf;
    *n = len;
    return 0;
}

/* Runs fn on every regular file of HS_SOURCE_DIR/tests/fuzz/<kind>/<target>; returns how many. */
static size_t replay_dir(fuzz_fn fn, const char *kind, const char *target)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/tests/fuzz/%s/%s", HS_SOURCE_DIR, kind, target);
    DIR *d = opendir(dir);
    if (!d) {
        return 0;
    }
    size_t count = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || strcmp(e->d_name, "README.md") == 0) {
            continue;
        }
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        uint8_t *data = NULL;
        size_t n = 0;
        if (slurp(&data, &n, path) != 0) {
            continue;
        }
        cr_log_info("replay %s", path);
        cr_expect_eq(fn(data, n), 0, "%s", path);
        free(data);
        count++;
    }
    closedir(d);
    return count;
}

static void replay(fuzz_fn fn, const char *target)
{
    size_t seeds = replay_dir(fn, "corpus", target);
    size_t regress = replay_dir(fn, "regress", target);
    cr_log_info("%s: %zu seeds, %zu regression inputs", target, seeds, regress);
    /* Every target has a seed corpus: an empty directory means the path is wrong. */
    cr_assert_gt(seeds, 0, "no seed corpus for %s", target);
    /* The empty input and a lone NUL are edge cases every parser must take. */
    static const uint8_t nul[1] = {0};
    cr_expect_eq(fn(nul, 0), 0);
    cr_expect_eq(fn(nul, 1), 0);
    fuzz_tmpfile_cleanup();
}

Test(fuzz_regress, csv, .timeout = 120)
{
    replay(fuzz_entry_csv, "fuzz_csv");
}

Test(fuzz_regress, datetime, .timeout = 60)
{
    replay(fuzz_entry_datetime, "fuzz_datetime");
}

Test(fuzz_regress, coords, .timeout = 60)
{
    replay(fuzz_entry_coords, "fuzz_coords");
}

Test(fuzz_regress, polisen, .timeout = 60)
{
    replay(fuzz_entry_polisen, "fuzz_polisen");
}

Test(fuzz_regress, address, .timeout = 60)
{
    replay(fuzz_entry_address, "fuzz_address");
}

Test(fuzz_regress, project, .timeout = 60)
{
    replay(fuzz_entry_project, "fuzz_project");
}
