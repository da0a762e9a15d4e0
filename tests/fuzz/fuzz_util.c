/*
 * Implementation of the fuzz helpers: copies and temporary files. Test code only.
 */
#include "fuzz_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *fuzz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (s) {
        memcpy(s, data, size);
        s[size] = '\0';
    }
    return s;
}

static void tmp_name(char *path, size_t n, const char *suffix)
{
    const char *dir = getenv("TMPDIR");
    snprintf(path, n, "%s/hs_fuzz_%ld%s", dir ? dir : "/tmp", (long)getpid(), suffix);
}

void fuzz_tmpfile_cleanup(void)
{
    static const char *const suffixes[] = {".csv", ".ini"};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        char path[256];
        tmp_name(path, sizeof path, suffixes[i]);
        remove(path);
    }
}

const char *fuzz_tmpfile(const uint8_t *data, size_t size, const char *suffix)
{
    static char path[256];
    tmp_name(path, sizeof path, suffix);
    FILE *f = fopen(path, "wb");
    if (!f) {
        return NULL;
    }
    fwrite(data, 1, size, f);
    fclose(f);
    return path;
}

void fuzz_fail(const char *what, const char *file, int line)
{
    fprintf(stderr, "fuzz invariant failed: %s (%s:%d)\n", what, file, line);
    abort();
}
