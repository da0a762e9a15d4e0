/*
 * Private to the ingest module and its users: date and clock parsing (timeparse.c), wall time to
 * UTC with a per-day offset cache, the row tables every reader yields (csv.c, table_gdal.c,
 * polisen.c, behind ingest_table.c) and the column mapping (ingest_map.c). The geocode module
 * reads gazetteer sources through the same tables.
 */
#ifndef HS_INGEST_PRIVATE_H
#define HS_INGEST_PRIVATE_H

#include "core/hs_internal.h"

/* timeparse.c: wall seconds of a date or date-time (flags: HS__DT_TIME when a time of day was
 * given, HS__DT_UTC when an offset made it a UTC instant); clock time in seconds (0..86400);
 * Swedish month name (lower case, n bytes) to 1..12, 0 when unknown. */
#define HS__DT_TIME 1
#define HS__DT_UTC 2
HS_INTERNAL int hs__parse_datetime(int64_t *out, int *flags, const char *s);
HS_INTERNAL int hs__parse_clock(int *sec, const char *s);
HS_INTERNAL int hs__sv_month(const char *s, size_t n);
/** Wall seconds to UTC in a zone, with a per-local-day offset cache and counts of times in the
 * skipped (gap) and repeated hour; flags as from hs__parse_datetime (HS__DT_UTC passes through). */
#define HS__CLOCK_SLOTS 1024
typedef struct hs__clock {
    hs_tz tz;
    int later; /* repeated hour: take the later instant */
    int64_t gap, repeated;
    int64_t day[HS__CLOCK_SLOTS]; /* INT64_MIN: empty */
    int64_t off[HS__CLOCK_SLOTS];
} hs__clock;
HS_INTERNAL void hs__clock_init(hs__clock *c, hs_tz tz, int later);
HS_INTERNAL int64_t hs__wall_to_utc(hs__clock *c, int64_t wall, int flags);
/* A table of text rows from any input (csv.c natively, table_gdal.c through OGR, polisen.c for
 * polisen.se event JSON). Field strings are UTF-8, borrowed until the next call. */
typedef struct hs__table hs__table;
struct hs__table {
    int (*next)(hs__table *t, const char *const **fields, size_t *n); /* 1 row, 0 end, <0 error */
    void (*close)(hs__table *t);
    char **names; /* column names (ncols) */
    size_t ncols;
    int epsg;          /* CRS of the __x/__y columns of a geometry, 0 when none */
    const char *kind;  /* "csv", "ogr", "polisen" */
    char encoding[16]; /* CSV: "UTF-8" or "CP1252" */
    char delim;        /* CSV: ';', ',' or '\t' */
    int64_t line;      /* CSV: physical line where the last row started */
    size_t rows_hint;  /* CSV: rows the file probably holds (for reserving), 0 unknown */
};
typedef struct hs__polisen_texts hs__polisen_texts;
typedef struct hs__table_opts {
    const char *encoding;           /* NULL = detect */
    const char *where;              /* OGR SQL filter (forces OGR) */
    int place_text;                 /* polisen events: the "address" column of place mentions */
    const hs__polisen_texts *texts; /* polisen events: mentions of the html_text JSONL by id */
} hs__table_opts;
HS_INTERNAL int hs__table_open(hs__table **out, hs_ctx *ctx, const char *path,
                               const hs__table_opts *opts);
HS_INTERNAL void hs__table_close(hs__table *t);
HS_INTERNAL int hs__csv_open(hs__table **out, hs_ctx *ctx, const char *path, const char *encoding);
/** CSV: file offset where the next row starts. */
HS_INTERNAL int64_t hs__csv_offset(const hs__table *t);
/** CSV: the first row start at or after hint, counting quotes from from (a row start); -1 when
 * the file ends first. A newline ends a row only outside quotes. */
HS_INTERNAL int64_t hs__csv_cut(hs_ctx *ctx, const hs__table *t, const char *path, int64_t from,
                                int64_t hint);
/** CSV: a reader of the rows in [start, end) of path with proto's columns, separator and
 * encoding (start must be a row start). */
HS_INTERNAL int hs__csv_open_range(hs__table **out, hs_ctx *ctx, const char *path,
                                   const hs__table *proto, int64_t start, int64_t end);
HS_INTERNAL int hs__ogr_open(hs__table **out, hs_ctx *ctx, const char *path, const char *where);
/** Whole file (gzip-compressed when the name ends .gz) into a malloc'd NUL-terminated buffer. */
HS_INTERNAL int hs__file_read_all(char **buf, size_t *len, hs_ctx *ctx, const char *path);
/** 1 when buf holds polisen.se event JSON; opens it as a table (columns id, time, type,
 * location, precision, __x, __y; EPSG:4326; with place_text also "address", the place mention
 * lines of hs__place_mentions behind "@pt", "k\t<location>" and "t\t<title place>"). */
HS_INTERNAL int hs__polisen_sniff(const char *buf, size_t len);
HS_INTERNAL int hs__polisen_open(hs__table **out, hs_ctx *ctx, char *buf, size_t len,
                                 const char *path, int place_text, const hs__polisen_texts *texts);
/** 1 when buf starts with the archive CSV's header (id,datetime_raw,name,summary,url,type,
 * location_name,lat,lon); opens it as the same table, taking ownership of buf. */
HS_INTERNAL int hs__polisen_csv_sniff(const char *buf, size_t len);
HS_INTERNAL int hs__polisen_csv_open(hs__table **out, hs_ctx *ctx, char *buf, size_t len,
                                     int place_text, const hs__polisen_texts *texts);
/** 1 when buf holds the html_text JSON lines (id, html_title, html_preamble, html_body). */
HS_INTERNAL int hs__polisen_text_sniff(const char *buf, size_t len);
/** Reads the html_text JSONL (also .gz) into the place mentions of each event's preamble and body
 * (the texts themselves are not kept). */
HS_INTERNAL int hs__polisen_texts_load(hs__polisen_texts **out, hs_ctx *ctx, const char *path);
HS_INTERNAL void hs__polisen_texts_free(hs__polisen_texts *tx);
/* place_text.c: place mentions of a text appended to out (len bytes used, cap in all) as lines
 * "m\t<field>\t<flags>\t<phrase>\n": field 's' summary, 'b' body; flags p (a locative word
 * before), s (sentence start), x (ends in a street suffix), n (house number), i (intersection
 * "A/B"), c ("korsningen"); "-" when none. Phrases already in out are not repeated. */
#define HS__PLACE_TEXT_MAX 512
HS_INTERNAL size_t hs__place_mentions(char *out, size_t cap, size_t len, const char *text,
                                      char field);
/** Event time from a polisen title "22 augusti 09.48, ..." and the event's datetime (for the
 * year): wall seconds; HS_EDATA when the title holds no date. */
HS_INTERNAL int hs__polisen_title_time(int64_t *wall, const char *title, const char *datetime);
/* ingest_map.c: which column plays which role (-1 = none), from the options or by name. */
typedef struct hs__colmap {
    int x, y, time, from, to, from_time, to_time, id, code, category, weight, address, kommun,
        precision;
} hs__colmap;
HS_INTERNAL int hs__ingest_map(hs__colmap *m, hs_ctx *ctx, const hs__table *t,
                               const hs_ingest_opts *o, const char *path);

#endif
