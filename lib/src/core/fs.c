/*
 * File-system helpers the modules share: creating a directory with its parents and reading a small
 * text file whole. Plain POSIX and stdio (large or compressed inputs go through the ingest
 * readers).
 */
#include "core/hs_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int hs__mkdirs(hs_ctx *ctx, const char *dir)
{
    char buf[1024];
    if (hs__fmt(buf, sizeof buf, "%s", dir)) {
        return hs__error(ctx, HS_EINVAL, "%s: path too long", dir);
    }
    for (char *p = buf + 1;; p++) {
        if (*p == '/' || *p == '\0') {
            char c = *p;
            *p = '\0';
            if (mkdir(buf, 0777) != 0 && errno != EEXIST) {
                return hs__error(ctx, HS_EIO, "%s: cannot create directory: %s", buf,
                                 strerror(errno));
            }
            *p = c;
            if (!c) {
                break;
            }
        }
    }
    return HS_OK;
}

int hs__file_read_small(char **buf, size_t *len, hs_ctx *ctx, const char *path, size_t max)
{
    *buf = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        return hs__error(ctx, HS_EIO, "%s: cannot open: %s", path, strerror(errno));
    }
    char *b = malloc(max + 1);
    size_t n = b ? fread(b, 1, max + 1, f) : 0;
    int bad = ferror(f);
    fclose(f);
    if (!b) {
        return hs__error(ctx, HS_ENOMEM, "out of memory");
    }
    if (bad || n > max) {
        free(b);
        return hs__error(ctx, bad ? HS_EIO : HS_ELIMIT, "%s: %s", path,
                         bad ? "cannot read" : "larger than expected for this kind of file");
    }
    b[n] = '\0';
    *buf = b;
    *len = n;
    return HS_OK;
}
