/* page.h - report.html: one run on one self-contained web page */
#ifndef LEAKLAB_PAGE_H
#define LEAKLAB_PAGE_H

#include <stddef.h>

/*
 * Write dir/report.html from the run directory: the lab's title, the
 * verdict in words with its evidence, the summary's numbers, every chart
 * (charts/NAME.page.svg, drawn by plot_run with PLOT_PAGE, inlined and then
 * removed), the requests by target and outcome, the grown goroutines'
 * sites, and relative links to the run's files and the lab's worksheet.
 * Nothing in it asks for anything outside the file. Returns 0, or -1 with
 * a sentence in err (the page is then not there, or the old one stays).
 */
int page_write(const char *dir, char *err, size_t errlen);

#endif
