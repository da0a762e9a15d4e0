/*
 * The basemap of the build's maps: the files of the project's [basemap] section (comma-separated,
 * relative to the project file) and the older [output] context file, handed to the renderer, and
 * their fingerprints for incremental builds.
 */
#include "core/hs_internal.h"
#include "build/build.h"
#include "render/render.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

int hs__build_basemap_fingerprint(hs__build *b, struct hs__state *st, const struct hs__state *prev)
{
    char files[16][1024];
    size_t n = 0;
    int rc = hs__build_basemap_files(b, files, 16, &n);
    for (size_t i = 0; rc == HS_OK && i < n; i++) {
        char key[64];
        hs__fmt(key, sizeof key, "basemap.%zu", i);
        struct stat sb;
        if (stat(files[i], &sb) == 0 && S_ISDIR(sb.st_mode)) {
            /* a folder of shapefiles: the names, sizes and times of its files */
            unsigned long long sum = 0;
            DIR *d = opendir(files[i]);
            struct dirent *e = NULL;
            while (d && (e = readdir(d)) != NULL) {
                char path[1400];
                struct stat fs;
                hs__fmt(path, sizeof path, "%s/%s", files[i], e->d_name);
                if (e->d_name[0] != '.' && stat(path, &fs) == 0) {
                    sum = sum * 31 + (unsigned long long)fs.st_size * 1000003ull +
                          (unsigned long long)fs.st_mtime;
                    for (const char *c = e->d_name; *c; c++) {
                        sum = sum * 131 + (unsigned char)*c;
                    }
                }
            }
            if (d) {
                closedir(d);
            }
            char stamp[128];
            hs__fmt(stamp, sizeof stamp, "folder %s %llx", files[i], sum);
            rc = hs__state_set(st, key, stamp);
        } else {
            rc = hs__state_fingerprint(st, prev, key, files[i]);
        }
    }
    return rc;
}
