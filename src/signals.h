/* signals.h - turn SIGINT, SIGTERM and SIGHUP into a readable fd */
#ifndef LEAKLAB_SIGNALS_H
#define LEAKLAB_SIGNALS_H

/*
 * Catch SIGINT, SIGTERM and SIGHUP: each writes a byte to a pipe, so an
 * event loop wakes up and stops in order. Returns the pipe's read end, or
 * -1 (errno set). Calling it again returns the same fd.
 */
int signals_install(void);

/* The first signal caught so far, or 0. */
int signals_caught(void);

/* Drain the pipe after a wake-up. */
void signals_drain(void);

/* The exit code for a run stopped by sig: 128 + sig (130 for SIGINT). */
int signals_exit_code(int sig);

/* The signal's name in English as files keep it ("Interrupt" for SIGINT,
 * what strsignal says in English): strsignal follows the reader's
 * language, meta.txt does not. */
const char *signals_english(int sig);

#endif
