/*
 * File-system helpers the modules share: creating a directory with its parents. Plain POSIX.
 */
#include "core/hs_internal.h"

#include <errno.h>
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
