/* files.c - read and write whole files */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "files.h"

char *files_read(const char *path, size_t max, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (!f)
		return NULL;
	do {
		if (n + 1 >= cap) {
			char *nb;

			cap = cap ? cap * 2 : 65536;
			if (!(nb = realloc(buf, cap))) {
				free(buf);
				fclose(f);
				errno = ENOMEM;
				return NULL;
			}
			buf = nb;
		}
		r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
		if (n > max) {
			free(buf);
			fclose(f);
			errno = EFBIG;
			return NULL;
		}
	} while (r > 0);
	if (ferror(f)) {
		int e = errno;

		free(buf);
		fclose(f);
		errno = e ? e : EIO;
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

int files_write(const char *dir, const char *name, const char *text, size_t len)
{
	char path[PATH_MAX];
	FILE *f;
	int e;

	/* A path cut to fit would be another file. */
	if ((size_t)(dir ? snprintf(path, sizeof(path), "%s/%s", dir, name)
			 : snprintf(path, sizeof(path), "%s", name)) >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (!(f = fopen(path, "w")))
		return -1;
	if (fwrite(text, 1, len, f) != len) {
		e = errno;
		fclose(f);
		errno = e ? e : EIO;
		return -1;
	}
	if (fclose(f) != 0)
		return -1;
	return 0;
}

void files_raise_open_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

int files_mkdirs(const char *path)
{
	char buf[PATH_MAX];
	size_t i, n = strlen(path);

	if (n >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, path, n + 1);
	for (i = 1; i <= n; i++) {
		if (buf[i] == '/' || buf[i] == '\0') {
			char c = buf[i];

			buf[i] = '\0';
			if (mkdir(buf, 0755) < 0 && errno != EEXIST)
				return -1;
			buf[i] = c;
		}
	}
	return 0;
}
