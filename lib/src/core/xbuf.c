/*
 * A growing text buffer for the XML the library writes (QGIS styles and projects): formatted
 * appends and XML escaping, with the first error kept.
 */
#include "core/hs_internal.h"

#include <stdarg.h>
#include <stdio.h>

void hs__xbuf_put(hs__xbuf *b, const char *fmt, ...)
{
    if (b->err) {
        return;
    }
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        size_t room = b->cap - b->len;
        int n = vsnprintf(b->p ? b->p + b->len : NULL, room, fmt, ap);
        va_end(ap);
        if (n < 0) {
            b->err = HS_EINTERNAL;
            return;
        }
        if ((size_t)n < room) {
            b->len += (size_t)n;
            return;
        }
        void *buf = b->p;
        if (hs__grow(&buf, &b->cap, b->len + (size_t)n + 1, 1)) {
            b->err = HS_ENOMEM;
            return;
        }
        b->p = buf;
    }
}

void hs__xbuf_esc(hs__xbuf *b, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&':
            hs__xbuf_put(b, "&amp;");
            break;
        case '<':
            hs__xbuf_put(b, "&lt;");
            break;
        case '>':
            hs__xbuf_put(b, "&gt;");
            break;
        case '"':
            hs__xbuf_put(b, "&quot;");
            break;
        default:
            hs__xbuf_put(b, "%c", *s);
        }
    }
}
