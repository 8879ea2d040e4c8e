/* mono.h - the one clock leaklab stamps everything with */
#ifndef LEAKLAB_MONO_H
#define LEAKLAB_MONO_H

/* Milliseconds from CLOCK_MONOTONIC, with sub-microsecond resolution. */
double mono_now_ms(void);

#endif
