/*
 * The basemap of the build's maps: the files of the project's [basemap] section (comma-separated,
 * relative to the project file) and the older [output] context file, handed to the renderer.
 */
#include "core/hs_internal.h"
#include "build/build.h"

#include <stdlib.h>
#include <string.h>

int hs__build_basemap_files(const hs__build *b, char (*out)[1024], size_t cap, size_t *n)
{
    *n = 0;
    const hs_project *p = b->p;
    const char *files = hs_project_get(p, "basemap", "files");
    const char *dir = hs_project_dir(p);
    for (const char *s = files; s && *s && *n < cap;) {
        while (*s == ' ' || *s == '\t') {
            s++;
        }
        const char *e = strchr(s, ',');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t')) {
            len--;
        }
        if (len > 0 && len < 900) {
            if (s[0] == '/' || dir == NULL || dir[0] == '\0') {
                hs__fmt(out[*n], sizeof out[*n], "%.*s", (int)len, s);
            } else {
                hs__fmt(out[*n], sizeof out[*n], "%s/%.*s", dir, (int)len, s);
            }
            (*n)++;
        }
        s = e ? e + 1 : NULL;
    }
    const char *context = hs_project_path(p, "output", "context");
    if (context && *n < cap) {
        hs__fmt(out[*n], sizeof out[*n], "%s", context);
        (*n)++;
    }
    return HS_OK;
}

int hs__build_basemap(const hs__build *b, hs_map *m)
{
    char files[16][1024];
    size_t n = 0;
    int rc = hs__build_basemap_files(b, files, 16, &n);
    for (size_t i = 0; rc == HS_OK && i < n; i++) {
        rc = hs_map_add_basemap(m, files[i]);
    }
    return rc;
}
