/* keyval.h - "key value" lines, as the bundled server's /stats writes them (pure) */
#ifndef LEAKLAB_KEYVAL_H
#define LEAKLAB_KEYVAL_H

#include <stddef.h>

/* The value of the first "key value" line of text ("go_version go1.26.8")
 * into out (NUL-terminated). Returns 0, or -1 when absent. */
int keyval_get(const char *text, size_t len, const char *key, char *out, size_t outlen);

#endif
