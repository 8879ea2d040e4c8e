/* html.h - leaklab's web pages: text escaped, one head and style for every
 * page (report.html, the class view), an SVG chart inlined. Everything is
 * in the page: no request leaves the file. */
#ifndef LEAKLAB_HTML_H
#define LEAKLAB_HTML_H

#include <stdio.h>

/* Text as HTML text or attribute value: & < > " ' escaped, bytes that are
 * not UTF-8 as U+FFFD, control characters but tab and newline dropped. A
 * student named "<b>Zé</b>" stays text. */
void html_text(FILE *f, const char *s);

/* A relative link's path, percent-encoded where a URL needs it (spaces,
 * '#', '?', '%', quotes, bytes >= 0x80), '/' kept. */
void html_path(FILE *f, const char *path);

/* <a href="path">text</a>: the path encoded (html_path), the text escaped. */
void html_link(FILE *f, const char *path, const char *text);

/* <tag>text</tag>, the text escaped: a heading, a cell. */
void html_tag(FILE *f, const char *tag, const char *text);

/* A table's row of heads: <tr><th>first</th>...</tr>, each text escaped,
 * the list ended by NULL. */
void html_head_row(FILE *f, const char *first, ...) __attribute__((sentinel));

/*
 * The page's start: doctype, lang ("en", "pt-BR"), charset, a Content-
 * Security-Policy that forbids every request (only inline style and
 * gnuplot's inline script run; images only as data: URLs), the viewport,
 * the title (escaped) and the shared style; then <body>. html_end closes.
 */
void html_begin(FILE *f, const char *lang, const char *title);
void html_end(FILE *f);

/* The CSS class of a verdict's box: "v-runnable", "v-blocked", "v-none",
 * "v-unknown", "v-hidden" for "runnable leak", "blocked leak", "no leak",
 * "unknown", "hidden"; "v-unknown" for anything else. */
const char *html_verdict_class(const char *verdict);

/*
 * Inline the SVG in file path (gnuplot's svg terminal) into the page:
 * from "<svg" on, its XML declaration and DOCTYPE left out, and the ids it
 * declares made unique with prefix (several charts on one page). Returns
 * 0, or -1 when it cannot be read or holds no <svg.
 */
int html_svg(FILE *f, const char *path, const char *prefix);

/* The same, without the script gnuplot's 'mouse standalone' inlines in
 * every chart when with_script is 0 (an empty one takes its place): the
 * page's first chart brings it, and it serves every chart on the page. */
int html_svg_script(FILE *f, const char *path, const char *prefix, int with_script);

#endif
