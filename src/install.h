/* install.h - where leaklab's own files are: in the source tree it runs
 * from, or where make install put them */
#ifndef LEAKLAB_INSTALL_H
#define LEAKLAB_INSTALL_H

#include <stddef.h>

/*
 * A file the labs name from the top of the source tree ("build/shop",
 * "lab/hunt/cart-1.json", "lab/01-cpu-leak.lab"): path itself when it is
 * here, else its installed place (build/X in LIBEXECDIR, lab/... in
 * DATADIR) when that is there, else path. Returns path or buf.
 */
const char *install_path(const char *path, char *buf, size_t len);

/* The bundled leakserver: $LEAKLAB_SERVER, build/leakserver, next to this
 * program, then the install's libexec. Returns a static string, or NULL
 * with the paths tried in tried (for the message). */
const char *install_server(char *tried, size_t triedlen);

#endif
