/*
 * Reading records from any table OGR reads (CSV, XLSX, ODS, GeoJSON, GPKG, SHP, FlatGeobuf, polisen
 * JSON): column mapping, CRS detection and reprojection, date/time parsing, category mapping, and
 * an account of every row (kept in hs_records, or in hs_rejects with its reason).
 */
#ifndef HOTSPOT_INGEST_H
#define HOTSPOT_INGEST_H

#include "records.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum hs_record_kind { HS_KIND_INCIDENT = 0, HS_KIND_COMPLAINT = 1 } hs_record_kind;

/** How to read one input. Every string may be NULL (= detect / default). */
typedef struct hs_ingest_opts {
    int version;        /**< HS_INGEST_OPTS_VERSION */
    const char *source; /**< name written to records/rejects (default: the file name) */
    hs_record_kind kind;
    const char *col_x, *col_y;               /**< coordinate columns */
    const char *col_time;                    /**< one timestamp column */
    const char *col_from, *col_to;           /**< window columns (date or date-time) */
    const char *col_from_time, *col_to_time; /**< separate time-of-day columns */
    const char *col_id, *col_code, *col_category, *col_weight, *col_address, *col_kommun;
    int crs_epsg;         /**< input CRS; 0 = detect (see crs) */
    int work_epsg;        /**< working CRS; 0 = choose (see work_crs) */
    const char *tz;       /**< "Europe/Stockholm" (default) or "UTC" */
    const char *encoding; /**< "UTF-8" or "CP1252"; NULL = detect */
    const char *where;    /**< OGR SQL attribute filter */
    int64_t period_start; /**< UTC seconds; HS_TIME_NONE = open */
    int64_t period_end;   /**< UTC seconds, exclusive; HS_TIME_NONE = open */
    int kommun_code;      /**< the kommun of every record when no column says (0 = unknown) */
    const hs_catmap *categories; /**< code/name -> category/focus table; NULL = built-in default */
    const char *boundary; /**< polygons: points outside are flagged (rejected "outside_kommun") */
    int64_t max_rejects;  /**< fail when more rows are rejected; -1 = no limit */
    double max_rejects_share;  /**< fail when this share (0..1) is exceeded; < 0 = no limit */
    const char *col_precision; /**< precision column (SPEC names); default "precision" if present */
    int tz_later;              /**< in the repeated autumn hour take the later instant */
    int reject_unlocated;      /**< reject rows without coordinates even when they have an address
                                    (default 0: keep them with precision none for geocoding) */
    /* version 2 */
    int times_unused; /**< 1: columns found by name as times are not read (the caller needs only
                           places, e.g. a density); given time columns and a period still are */
    /* version 3 */
    /** Input CRS, anything hs_crs_resolve accepts (EPSG:n, ESRI:n, OGC:CRS84, WKT, PROJ string);
     * wins over crs_epsg. NULL or "auto": the layer's own CRS, else a .qpj/.prj file beside the
     * input, else detected from the value ranges of Swedish data (3006, 3021, 4326, either axis
     * order). */
    const char *crs;
    /** Working CRS (projected, in metres), as crs; wins over work_epsg. NULL: SWEREF 99 TM when
     * the data lie in Sweden, else the input's projected CRS (in metres), or for geographic input
     * the UTM zone of the data's centre. Ignored when records already have a CRS. */
    const char *work_crs;
    /** 1: rows without usable coordinates (none, unreadable, outside the CRS or Sweden) are kept
     * for their times (precision none) instead of rejected; no coordinate columns are needed. */
    int keep_unlocated;
    /* version 4 */
    /** 1: polisen.se events carry the place mentions of their title and summary (and of
     * event_text) for hs_geocode_place_text, in memory only; the texts are never kept. */
    int place_text;
    /** The html_text JSON lines (id, html_title, html_preamble, html_body; also .gz) whose
     * preamble and body add mentions to the events of the same id; NULL: none. */
    const char *event_text;
} hs_ingest_opts;

#define HS_INGEST_OPTS_VERSION 4
#define HS_INGEST_OPTS_INIT                                                                        \
    {                                                                                              \
        HS_INGEST_OPTS_VERSION, NULL, HS_KIND_INCIDENT, NULL, NULL, NULL, NULL, NULL, NULL, NULL,  \
            NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL, HS_TIME_NONE,              \
            HS_TIME_NONE, 0, NULL, NULL, -1, -1.0, NULL, 0, 0, 0, NULL, NULL, 0, 0, NULL           \
    }

/** What an ingest run did, for the summary line. */
typedef struct hs_ingest_stats {
    int64_t rows_read;
    int64_t kept;
    int64_t rejected;
    int64_t swapped;       /**< rows whose x/y were swapped and fixed */
    int64_t reprojected;   /**< rows transformed to the working CRS */
    int crs_detected;      /**< CRS code used for the input (hs_crs_label names it) */
    int work_crs;          /**< CRS code of the records */
    int64_t to_geocode;    /**< kept without coordinates but with an address (precision none) */
    int64_t dst_gap;       /**< wall times in the skipped spring hour, read as summer time */
    int64_t dst_repeated;  /**< wall times in the repeated autumn hour (earlier instant taken) */
    int64_t masked;        /**< personnummer masked in kept text and in rejects.value */
    int64_t uncategorised; /**< kept rows whose code/name matched no category rule */
    int64_t unlocated;     /**< kept for their times only: no usable coordinates, no address */
} hs_ingest_stats;

/**
 * Reads path, appending kept rows to records and bad rows to rejects (both owned by the caller).
 * stats may be NULL. Fails (HS_EIO, HS_ENOTFOUND, HS_ELIMIT ...) with a message naming the file,
 * and where possible the row and column; row-level problems are rejects, not failures.
 */
HS_API int hs_ingest_file(hs_ingest_stats *stats, hs_ctx *ctx, hs_records *records,
                          hs_rejects *rejects, const char *path, const hs_ingest_opts *opts);

#ifdef __cplusplus
}
#endif
#endif
