/*
 * Private to the geocode module: Swedish address text (normalize.c), name similarity
 * (similarity.c), gazetteer entries while building (gazbuf.c, gazetteer.c, gazetteer_gdal.c), the
 * gazetteer's SQLite file (gazetteer_sqlite.c) and its in-memory index (geocode_index.c).
 */
#ifndef HS_GEOCODE_PRIVATE_H
#define HS_GEOCODE_PRIVATE_H

#include "core/hs_internal.h"

/* normalize.c: Swedish address text. "sim" form: lower case, NFC, letters and digits only (å ä ö
 * kept); "key" form: the sim form with diacritics folded to ASCII (å ä -> a, ö -> o). */
typedef struct hs__addr {
    char street[128];  /* sim form of the (first) street or place name, abbreviations expanded */
    char key[128];     /* key form of street */
    char street2[128]; /* second street of an intersection ("" when none) */
    char key2[128];
    int number;       /* house number, 0 when none */
    int number_to;    /* end of a range "12-14", 0 when none */
    char letter[8];   /* house letter(s), lower case ("" when none) */
    char postcode[8]; /* five digits ("" when none) */
    char ort[64];     /* sim form of the post town / place after the street ("" when none) */
    char ort_key[64];
    int intersection; /* 1 when two streets were found */
} hs__addr;
/** Parses free address text ("Storg. 12 B lgh 1101, 462 32 VÄNERSBORG"). Never fails on text:
 * returns HS_EINVAL only for NULL arguments; an empty street means nothing usable was found. */
HS_INTERNAL int hs__addr_parse(hs__addr *out, const char *text);
/** Lower case + NFC copy of s (punctuation kept); returns the length written. */
HS_INTERNAL size_t hs__text_lower(char *out, size_t size, const char *s);
/** Sim form of any text (lower case, letters and digits only). */
HS_INTERNAL size_t hs__text_sim(char *out, size_t size, const char *s);
/** Key form of a sim-form string (diacritics folded to ASCII). */
HS_INTERNAL size_t hs__text_key(char *out, size_t size, const char *sim);
/* similarity.c */
/** Weighted optimal-string-alignment distance between two sim-form strings: diacritic-only
 * differences cost 0.4, OCR confusions (l/t, l/i, l/1, o/0, e/c, n/u, rn/m) 0.5, a transposition
 * 0.8, any other edit 1. */
HS_INTERNAL double hs__name_distance(const char *a, const char *b);
/** 1 - distance / length of the longer string, in [0, 1]; 1 for equal strings. */
HS_INTERNAL double hs__name_similarity(const char *a, const char *b);
/* gazetteer entries (gazetteer.c reads, gazbuf.c collects, gazetteer_sqlite.c stores) */
enum { HS__GAZ_ADDRESS = 0, HS__GAZ_STREET = 1, HS__GAZ_PLACE = 2 };
typedef struct hs__gaz_entry {
    int kind;             /* HS__GAZ_* */
    const char *street;   /* street name as written (address and street points) */
    int number;           /* house number, 0 when none */
    const char *letter;   /* house letter, NULL when none */
    const char *postcode; /* five digits, NULL when none */
    const char *ort;      /* post town / locality, NULL when none */
    int kommun_code;      /* 0 when unknown */
    const char *name;     /* place name (places) */
    const char *label;    /* display label */
    double x, y;          /* EPSG:3006 */
    int source;           /* id in the sources table */
} hs__gaz_entry;
/* entries collected while building (gazbuf.c) */
typedef struct hs__gazbuf hs__gazbuf;
typedef struct hs__gaz_row {
    int kind, number, kommun, source;
    uint32_t street, letter, postcode, ort, name, label;
    double x, y;
} hs__gaz_row;

struct hs__gazbuf {
    hs__strpool pool;
    hs__gaz_row *rows;
    size_t n, cap;
    /* kommun names from the boundaries: key form -> code */
    char (*kname)[64];
    int *kcode;
    size_t *kidx; /* index in the boundaries */
    size_t nk;
};
HS_INTERNAL void hs__gazbuf_free(hs__gazbuf *b);
/** "Kalix kommun", "Vänersborgs kommun" -> key "kalix", "vanersborg" (gazbuf.c). */
HS_INTERNAL void hs__kommun_key(char *out, size_t size, const char *name);
HS_INTERNAL int hs__gazbuf_add(hs__gazbuf *b, const hs__gaz_entry *e);
/** Kommun code of a kommun name known from the boundaries, 0 when unknown (gazbuf.c). */
HS_INTERNAL int hs__gazbuf_kommun_by_name(const hs__gazbuf *b, const char *name);
/** Reads one source file into b (gazetteer.c, through hs__table); *kind_out names it. */
HS_INTERNAL int hs__gaz_read_source(hs_gazetteer_stats *st, hs_ctx *ctx, hs__gazbuf *b,
                                    const char *path, int source_id, const char **kind_out);
/** Value of key in an OSM hstore string "k"=>"v","k2"=>"v2" into buf; NULL when absent or empty
 * (gazbuf.c). */
HS_INTERNAL const char *hs__osm_tag(char *buf, size_t size, const char *tags, const char *key);
/** A house number "12B" -> 12 and letter "B" (spaces around allowed); 0 when not 1..99999. */
HS_INTERNAL int hs__house_number(const char *s, char *letter, size_t lsize);
/** Reads an OSM extract (.osm.pbf/.osm) into b, WGS84 (gazetteer_gdal.c). */
HS_INTERNAL int hs__gaz_read_osm(int64_t *skipped, hs_ctx *ctx, hs__gazbuf *b, const char *path,
                                 int source_id);
/**
 * Reads a layer of named lines (Trafikverket NVDB's street names, field NAMN; or name/namn/
 * gatunamn) into b as street points, one every 20 m along each line and at its ends
 * (gazetteer_gdal.c). Returns 1, with nothing read, when path is not such a layer; *epsg
 * receives the layer's EPSG code (0 when it has none).
 */
HS_INTERNAL int hs__gaz_read_lines(int64_t *skipped, int *epsg, hs_ctx *ctx, hs__gazbuf *b,
                                   const char *path, int source_id);
typedef struct hs__gazdb hs__gazdb; /* the SQLite file (gazetteer_sqlite.c) */
HS_INTERNAL int hs__gazdb_create(hs__gazdb **out, hs_ctx *ctx, const char *path);
HS_INTERNAL int hs__gazdb_add_source(hs__gazdb *db, int id, const char *path, const char *kind,
                                     const char *date, int64_t n);
HS_INTERNAL int hs__gazdb_add(hs__gazdb *db, const hs__gaz_entry *e);
HS_INTERNAL int hs__gazdb_add_kommun(hs__gazdb *db, int code, const char *name);
/** Commits the bulk load and creates the indexes (FTS5 trigram on labels). */
HS_INTERNAL int hs__gazdb_finish(hs__gazdb *db);
HS_INTERNAL int hs__gazdb_open(hs__gazdb **out, hs_ctx *ctx, const char *path);
HS_INTERNAL void hs__gazdb_close(hs__gazdb *db);
typedef int (*hs__gaz_entry_fn)(void *payload, const hs__gaz_entry *e);
typedef int (*hs__gaz_kommun_fn)(void *payload, int code, const char *name);
/** Calls fn for every entry (strings borrowed for the call); a non-zero return stops the scan. */
HS_INTERNAL int hs__gazdb_scan(hs__gazdb *db, hs__gaz_entry_fn fn, void *payload);
HS_INTERNAL int hs__gazdb_scan_kommuner(hs__gazdb *db, hs__gaz_kommun_fn fn, void *payload);
/** Cache of answers keyed by the normalised query: get returns 1 when found, 0 when not. */
HS_INTERNAL int hs__gazdb_cache_get(hs__gazdb *db, const char *key, hs_geocode_result *out);
HS_INTERNAL int hs__gazdb_cache_put(hs__gazdb *db, const char *key, const hs_geocode_result *r);
HS_INTERNAL int hs__gazdb_begin(hs__gazdb *db);
HS_INTERNAL int hs__gazdb_commit(hs__gazdb *db);
/* geocode_index.c: the in-memory index of an opened gazetteer (geocode.c matches against it) */
typedef struct hs_gz_entry {
    double x, y;
    uint32_t sim, key, ort, label; /* pool offsets: name sim/key forms, ort key, display label */
    int32_t number, kommun, postcode;
    char letter[4];
    uint8_t kind;
} hs_gz_entry;
typedef struct hs_gz_group { /* entries sharing (street or place name, kommun) */
    uint32_t first, count;   /* range in order[] (sorted by number, letter) */
    uint32_t key, sim, rep;  /* rep: the member nearest the members' mean */
    int32_t kommun;
    int place;
    double x, y;
} hs_gz_group;
typedef struct hs_gz_postcode {
    int code, kommun;
    double x, y, n;
} hs_gz_postcode;
typedef struct hs_gz_kommun {
    int code;
    char key[64], name[64];
    double x, y;
} hs_gz_kommun;
struct hs_gazetteer {
    hs_ctx *ctx;
    hs__gazdb *db;
    hs__strpool pool;
    hs_gz_entry *e;
    size_t n, cap;
    uint32_t *order; /* entries sorted by (place?, key, kommun, sim, number, letter) */
    uint32_t *byxy;  /* entries sorted by 1 km cell */
    double cell;
    size_t nplace, nkommun_coded; /* entries of kind place, and entries with a kommun */
    hs_gz_group *groups;          /* sorted like order */
    size_t ngroups, gcap;
    uint64_t *tkeys; /* (kommun << 18 | trigram), sorted; kommun 0 = every kommun */
    uint32_t *tstart, *post;
    size_t ntkeys;
    hs_gz_postcode *pc;
    size_t npc;
    hs_gz_kommun *kom;
    size_t nkom, kcap;
    uint32_t *stamp, *hits, *touched, cur; /* scratch of a fuzzy lookup */
};
HS_INTERNAL int hs__gzidx_build(hs_gazetteer *g);
HS_INTERNAL void hs__gzidx_free(hs_gazetteer *g);
/** Trigrams of a key form (with start and end marks); returns how many (at most cap). */
HS_INTERNAL size_t hs__gzidx_trigrams(uint32_t *out, size_t cap, const char *key);
/** Groups posted under (kommun, trigram); kommun 0 = all. Returns 1 when any. */
HS_INTERNAL int hs__gzidx_postings(const uint32_t **list, size_t *n, const hs_gazetteer *g,
                                   int kommun, uint32_t tri);
/** Range [return, *end) of groups with exactly this key (place 1: places, 0: streets). */
HS_INTERNAL size_t hs__gzidx_find_key(const hs_gazetteer *g, int place, const char *key,
                                      size_t *end);
HS_INTERNAL uint64_t hs__gzidx_cell(const hs_gazetteer *g, double x, double y);
/* place_fuzzy.c: misspelt street names of event texts, one edit from a street of the kommun */
typedef struct hs__fuzzy hs__fuzzy;
/** The street names of g by kommun and length (g may be NULL: an empty index). */
HS_INTERNAL int hs__fuzzy_new(hs__fuzzy **out, const hs_gazetteer *g);
HS_INTERNAL void hs__fuzzy_free(hs__fuzzy *f);
/** 1 when f (may be NULL) holds street names of the kommun. */
HS_INTERNAL int hs__fuzzy_kommun(const hs__fuzzy *f, int kommun);
/** 1 when the phrase's last word ends in a street suffix ("-vägen", genitive too), 2 when in one
 * with a typo ("-ägen", "-lden"), 0 otherwise. */
HS_INTERNAL int hs__street_like(const char *phrase);
/** The kommun's street keys one typo from key (a key form): 0 none, 1 one (*match), 2 a tie
 * (*match and *other, two of them). The keys are borrowed from the gazetteer. */
HS_INTERNAL int hs__fuzzy_street(const char **match, const char **other, const hs__fuzzy *f,
                                 const char *key, int kommun);

#endif
