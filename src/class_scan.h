/* class_scan.h - the class view's reading: every run directory below some
 * paths (each real directory once), its summary.json, meta.txt, curves and
 * the students' hunt-check.tsv and exercises.tsv, into a struct class */
#ifndef LEAKLAB_CLASS_SCAN_H
#define LEAKLAB_CLASS_SCAN_H

#include <stddef.h>

#include "class.h"

/* Called every few hundred runs found, with the count so far. */
typedef void class_scan_progress(size_t runs, void *arg);

/*
 * Find every run directory (summary.json or leaklab's meta.txt) at any
 * depth below each of paths[0..n): symbolic links to directories are
 * followed after the rest, and a directory reached twice is read once;
 * hidden directories (.git) and the directory skip (the class view's
 * own, may be NULL) are passed over; a run directory's insides are not
 * searched. Each run is added to c, readable or not (then with its
 * reason in unreadable); each exercises.tsv found is added too. Returns
 * 0, or -1 with a sentence in err when a path cannot be read at all or
 * memory runs out. Call class_build(c) afterwards.
 */
int class_scan(struct class *c, const char *const *paths, size_t n, const char *skip,
	       class_scan_progress *progress, void *arg, char *err, size_t errlen);

/* Read one run directory into a new run of c (exported for the tests);
 * root is the path it was found under, for the folder of a run without a
 * student. Returns 0, or -1 without memory; a run that cannot be read is
 * still added, with its reason. */
int class_scan_run(struct class *c, const char *dir, const char *root);

#endif
