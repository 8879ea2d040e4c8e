/* target.h - the loopback guard: is a URL allowed as a load target? */
#ifndef LEAKLAB_TARGET_H
#define LEAKLAB_TARGET_H

#include <stddef.h>

/* Is host (as a URL carries it, IPv6 with or without brackets) on this
 * machine: 127.0.0.0/8, ::1, ::ffff:127.x.y.z, or "localhost"? Pure. */
int target_host_is_loopback(const char *host);

/*
 * Check a load target before any name is resolved or any packet is sent:
 * an http or https URL whose host is loopback, or any host when
 * allow_remote is set. Returns 0, or -1 with a sentence in err naming the
 * fault (and --allow-remote where that is the way out).
 */
int target_check(const char *url, int allow_remote, char *err, size_t errlen);

#endif
