/* json.h - a small, strict RFC 8259 reader: text in, a tree out (summary.json) */
#ifndef LEAKLAB_JSON_H
#define LEAKLAB_JSON_H

#include <stddef.h>

/* The bounds json_parse() keeps: nesting of arrays and objects, and the
 * text's length. What is past them is an error, never a crash. */
#define JSON_MAX_DEPTH 64
#define JSON_MAX_BYTES (8u * 1024 * 1024)

enum json_type {
	JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT
};

/*
 * One value of the tree. Read-only for callers: walk an array's or an
 * object's values from kids along next (an object's each with its key).
 */
struct json {
	enum json_type type;
	double num;                /* JSON_NUMBER */
	char *str;                 /* JSON_STRING: UTF-8, NUL-terminated */
	size_t len;                /* its bytes (a \u0000 inside is one of them) */
	char *key;                 /* a member of an object: its name, UTF-8; else NULL */
	size_t keylen;
	struct json *kids;         /* JSON_ARRAY, JSON_OBJECT: the first value */
	struct json *next;         /* the next value in the same array or object */
	size_t n;                  /* JSON_ARRAY, JSON_OBJECT: how many values */
};

/* Where the text went wrong and why (an English sentence for the user:
 * "expected ':' after the key", "unterminated string"). */
struct json_error {
	size_t offset;             /* bytes from the start */
	int line, column;          /* 1-based; the column counts bytes */
	char msg[120];
};

/*
 * Parse len bytes of text (no NUL needed) as one JSON value, with
 * whitespace around it; a leading UTF-8 byte order mark is skipped. The
 * grammar is RFC 8259's exactly: no comments, no trailing commas, no
 * single quotes, no NaN, strings valid UTF-8 with \u escapes (surrogate
 * pairs joined, a lone surrogate an error), numbers as double (one out of
 * a double's range an error). A key given twice keeps both; json_get()
 * finds the last, as JavaScript does. Returns the tree (json_free it), or
 * NULL with err filled in (err may be NULL). No I/O.
 */
struct json *json_parse(const char *text, size_t len, struct json_error *err);

/* The same with bounds of one's own (0 for the defaults above). */
struct json *json_parse_bounded(const char *text, size_t len, int max_depth, size_t max_bytes,
				struct json_error *err);

/* Free a tree from json_parse(); NULL is a no-op. */
void json_free(struct json *v);

/* The value of key in object obj (the last, if it is there twice), or
 * NULL when obj is NULL, no object, or lacks it. */
const struct json *json_get(const struct json *obj, const char *key);

/* Value i of an array (or object), or NULL. */
const struct json *json_at(const struct json *arr, size_t i);

/* A string's text, or fallback when v is NULL or not a string. */
const char *json_str(const struct json *v, const char *fallback);

/* A number's value with *ok 1; 0.0 with *ok 0 when v is NULL or not a
 * number (ok may be NULL). */
double json_num(const struct json *v, int *ok);

/* 1 for true, 0 for false, fallback for anything else. */
int json_bool(const struct json *v, int fallback);

/* "null", "false", "true", "number", "string", "array", "object". */
const char *json_type_name(enum json_type t);

/*
 * Read and parse the file at path, at most max_bytes of it (0: the
 * default). Returns the tree, or NULL with err filled in: the reason it
 * could not be read (offset 0, line 0) or where it is not JSON.
 */
struct json *json_load(const char *path, size_t max_bytes, struct json_error *err);

#endif
