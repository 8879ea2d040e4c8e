/* run_view.h - what a run shows while it goes: the status line, or the live view */
#ifndef LEAKLAB_RUN_VIEW_H
#define LEAKLAB_RUN_VIEW_H

struct run;

/* Draw the status line (on a terminal) or a live frame, at most four times
 * a second and on every sample; final: take the status line away. */
void run_view_draw(struct run *r, double now, int final);

#endif
