/* install.c - where leaklab's own files are: in the source tree it runs
 * from, or where make install put them */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "install.h"
#include "platform.h"

#ifndef LEAKLAB_LIBEXECDIR
#define LEAKLAB_LIBEXECDIR "/usr/local/libexec/leaklab"
#endif
#ifndef LEAKLAB_DATADIR
#define LEAKLAB_DATADIR "/usr/local/share/leaklab"
#endif

const char *install_path(const char *path, char *buf, size_t len)
{
	if (access(path, F_OK) == 0)
		return path;
	if (strncmp(path, "build/", 6) == 0 && !strchr(path + 6, '/'))
		snprintf(buf, len, "%s/%s", LEAKLAB_LIBEXECDIR, path + 6);
	else if (strncmp(path, "lab/", 4) == 0)
		snprintf(buf, len, "%s/%s", LEAKLAB_DATADIR, path);
	else
		return path;
	return access(buf, F_OK) == 0 ? buf : path;
}

const char *install_server(char *tried, size_t triedlen)
{
	static char path[PATH_MAX];
	const char *env = getenv("LEAKLAB_SERVER");
	char self[PATH_MAX];

	if (env && *env) {
		snprintf(tried, triedlen, "%s (LEAKLAB_SERVER)", env);
		return access(env, X_OK) == 0 ? env : NULL;
	}
	if (access("build/leakserver", X_OK) == 0)
		return "build/leakserver";
	snprintf(tried, triedlen, "build/leakserver");
	if (plat_self_exe(self, sizeof(self) - 32) == 0) {
		char *slash;

		if ((slash = strrchr(self, '/'))) {
			memcpy(slash, "/leakserver", sizeof("/leakserver")); /* 32 bytes were kept */
			memcpy(path, self, sizeof(path));
			if (access(path, X_OK) == 0)
				return path;
		}
	}
	snprintf(path, sizeof(path), "%s/leakserver", LEAKLAB_LIBEXECDIR);
	if (access(path, X_OK) == 0)
		return path;
	snprintf(tried + strlen(tried), triedlen - strlen(tried), ", %s", path);
	return NULL;
}
