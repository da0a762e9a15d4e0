/*
 * Fingerprints for incremental builds: what a build consumed (the project file, each input's size,
 * modification time and SHA-256, the tool version) written to a small state file beside the
 * outputs. A re-run compares cheaply (size and mtime first; contents only when those differ). No
 * pipeline logic lives here.
 */
#include "core/hs_internal.h"
#include "build/build.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct hs__state {
    char **keys;
    char **vals;
    size_t n, cap;
};

void hs__state_free(hs__state *s)
{
    if (!s) {
        return;
    }
    for (size_t i = 0; i < s->n; i++) {
        free(s->keys[i]);
        free(s->vals[i]);
    }
    free(s->keys);
    free(s->vals);
    free(s);
}

int hs__state_new(hs__state **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? HS_OK : HS_ENOMEM;
}

int hs__state_set(hs__state *s, const char *key, const char *val)
{
    for (size_t i = 0; i < s->n; i++) {
        if (strcmp(s->keys[i], key) == 0) {
            char *v = hs__strdup(val);
            if (!v) {
                return HS_ENOMEM;
            }
            free(s->vals[i]);
            s->vals[i] = v;
            return HS_OK;
        }
    }
    size_t cap = s->cap;
    if (hs__grow((void **)&s->keys, &cap, s->n + 1, sizeof *s->keys) ||
        hs__grow((void **)&s->vals, &s->cap, s->n + 1, sizeof *s->vals)) {
        return HS_ENOMEM;
    }
    s->keys[s->n] = hs__strdup(key);
    s->vals[s->n] = hs__strdup(val);
    if (!s->keys[s->n] || !s->vals[s->n]) {
        free(s->keys[s->n]);
        free(s->vals[s->n]);
        return HS_ENOMEM;
    }
    s->n++;
    return HS_OK;
}

const char *hs__state_get(const hs__state *s, const char *key)
{
    for (size_t i = 0; s && i < s->n; i++) {
        if (strcmp(s->keys[i], key) == 0) {
            return s->vals[i];
        }
    }
    return NULL;
}

int hs__state_read(hs__state **out, const char *path)
{
    *out = NULL;
    FILE *f = fopen(path, "r");
    if (!f) {
        return errno == ENOENT ? HS_ENOTFOUND : HS_EIO;
    }
    hs__state *s;
    if (hs__state_new(&s) != HS_OK) {
        fclose(f);
        return HS_ENOMEM;
    }
    char line[8192];
    int rc = HS_OK;
    while (rc == HS_OK && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        char *tab = strchr(line, '\t');
        if (!tab) {
            continue;
        }
        *tab = '\0';
        rc = hs__state_set(s, line, tab + 1);
    }
    fclose(f);
    if (rc != HS_OK) {
        hs__state_free(s);
        return rc;
    }
    *out = s;
    return HS_OK;
}

int hs__state_write(const hs__state *s, const char *path)
{
    char tmp[4200];
    if (hs__fmt(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid())) {
        return HS_EINVAL;
    }
    FILE *f = fopen(tmp, "w");
    if (!f) {
        return HS_EIO;
    }
    int ok = 1;
    for (size_t i = 0; i < s->n; i++) {
        ok &= fprintf(f, "%s\t%s\n", s->keys[i], s->vals[i]) > 0;
    }
    ok &= fflush(f) == 0;
    ok &= fsync(fileno(f)) == 0;
    ok &= fclose(f) == 0;
    if (!ok || rename(tmp, path) != 0) {
        remove(tmp);
        return HS_EIO;
    }
    return HS_OK;
}

/*
 * Adds the fingerprint of a file under key: "size mtime_ns sha256". When prev holds the same size
 * and mtime for key, its digest is reused without reading the file.
 */
int hs__state_fingerprint(hs__state *s, const hs__state *prev, const char *key, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        return HS_ENOTFOUND;
    }
    long long mt = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
    char head[64];
    hs__fmt(head, sizeof head, "%lld %lld ", (long long)st.st_size, mt);
    const char *old = hs__state_get(prev, key);
    char val[160];
    if (old && strncmp(old, head, strlen(head)) == 0 && strlen(old) == strlen(head) + 64) {
        return hs__state_set(s, key, old);
    }
    char hex[65];
    int rc = hs__sha256_file(hex, path);
    if (rc != HS_OK) {
        return rc;
    }
    hs__fmt(val, sizeof val, "%s%s", head, hex);
    return hs__state_set(s, key, val);
}

/* The digest part of a fingerprint value (after the second space), or the value itself. */
static const char *digest_of(const char *v)
{
    const char *sp = v ? strrchr(v, ' ') : NULL;
    return sp ? sp + 1 : v;
}

int hs__state_same(const hs__state *a, const hs__state *b)
{
    if (!a || !b || a->n != b->n) {
        return 0;
    }
    for (size_t i = 0; i < a->n; i++) {
        const char *o = hs__state_get(b, a->keys[i]);
        if (!o || strcmp(digest_of(o), digest_of(a->vals[i])) != 0) {
            return 0;
        }
    }
    return 1;
}

const char *hs__state_digest(const hs__state *s, const char *key)
{
    const char *v = s ? hs__state_get(s, key) : NULL;
    const char *sp = v ? strrchr(v, ' ') : NULL;
    return sp && strlen(sp + 1) == 64 ? sp + 1 : NULL;
}
