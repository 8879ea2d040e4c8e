/* class_plot.h - the class view's charts: class.gp, every student's curve
 * of each lab's signal on one time axis, for the page (inline SVG) and
 * the next lecture (class.pdf, a 16:9 slide a lab) */
#ifndef LEAKLAB_CLASS_PLOT_H
#define LEAKLAB_CLASS_PLOT_H

#include <stdio.h>

#include "class.h"

/* More students than this in a lab: the page draws small multiples (a
 * panel a student over the class's median) instead of one crowded chart. */
#define CLASS_PLOT_OVERLAY_MAX 12

/* Points of a student's curve in a small panel: enough for its shape. */
#define CLASS_PLOT_PANEL_POINTS 60

/* The SVG of lab i (an index into c->labs), as class.gp names it:
 * "<dir>/lab-<i>.svg" into out. */
void class_plot_svg_name(const char *dir, size_t i, char *out, size_t len);

/* Does the page's chart of lab l carry gnuplot's script (one chart with a
 * key to click), or is it small multiples (no script)? */
int class_plot_interactive(const struct class_lab *l);

/*
 * Write class.gp for c to f: the latest runs' curves as data blocks, then
 * for fmt 'page' (or 'all', the default) each lab's chart as SVG into
 * svgdir (a directory relative to the script's), and for fmt 'pdf' (or
 * 'all') class.pdf, a 16:9 page a lab. Every name and title is quoted for
 * gnuplot (plot_put_text) and the chart's words are in the reader's
 * language. Returns 0, or -1 when f has a write error.
 */
int class_plot_script(FILE *f, const struct class *c, const char *svgdir);

#endif
