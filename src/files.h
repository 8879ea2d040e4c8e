/* files.h - whole-file reads and writes, with their errors kept */
#ifndef LEAKLAB_FILES_H
#define LEAKLAB_FILES_H

#include <stddef.h>

/*
 * Read a whole file into a new NUL-terminated buffer (free it) and its
 * length into *len. NULL with errno set when it cannot be read, or EFBIG
 * when it is longer than max bytes.
 */
char *files_read(const char *path, size_t max, size_t *len);

/* Write text to dir/name (dir may be NULL). Returns 0, or -1 with errno set. */
int files_write(const char *dir, const char *name, const char *text, size_t len);

/* Raise the soft limit on open files to the hard limit: a run holds a
 * connection (an fd) for every request in flight. */
void files_raise_open_limit(void);

/* mkdir -p: path and every missing parent (0755). Returns 0, or -1 with
 * errno set. */
int files_mkdirs(const char *path);

#endif
