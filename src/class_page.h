/* class_page.h - the class view's files for people and spreadsheets:
 * index.html (one self-contained page) and class.tsv (one row a run) */
#ifndef LEAKLAB_CLASS_PAGE_H
#define LEAKLAB_CLASS_PAGE_H

#include <stdio.h>

#include "class.h"

/*
 * Write index.html for c (built) to f, in the reader's language: the labs
 * at a glance, then each lab's chart (svgdir/lab-<i>.svg from class.gp,
 * inlined; a lab without one says so), its outliers with their reasons,
 * the table of every run with the class's min / median / max, the hunt's
 * checks (never an answer: only right, wrong or missing), and the
 * students' exercises. Every name is escaped. Nothing in the page asks
 * for anything outside it. from says where the runs were found. Returns
 * 0, or -1 when f has a write error.
 */
int class_page_write(FILE *f, const struct class *c, const char *svgdir, const char *from);

/*
 * Write class.tsv for c to f: a header (the class_cols table's names
 * among the others), then one row a run by lab, student, newest first;
 * English, numbers with a point, '-' for none, no tab or newline inside a
 * value. Returns 0, or -1 when f has a write error.
 */
int class_tsv_write(FILE *f, const struct class *c);

#endif
