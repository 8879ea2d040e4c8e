/* rundir.c - make, clean, fill and close a run directory */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "files.h"
#include "meta.h"
#include "msg.h"
#include "pollfile.h"
#include "reqfile.h"
#include "i18n.h"
#include "rundir.h"

/* Everything a run may leave, so that a new run into the same -o starts
 * clean; charts/ is emptied of its files. */
static const char *const run_files[] = {
	RUNDIR_RAW, RUNDIR_STDOUT, RUNDIR_TRACE, RUNDIR_WAITS, RUNDIR_REQUESTS, RUNDIR_GOROUTINES,
	RUNDIR_PROBE, RUNDIR_STACKS, RUNDIR_STACKS0, RUNDIR_LEAKPROF, RUNDIR_FULL0, RUNDIR_FULL, RUNDIR_PAGE,
	"summary.txt", "summary.json", "plot.gp", "meta.txt", RUNDIR_TRACE ".tmp", RUNDIR_WAITS ".tmp",
	"program",
};

/* Is dir empty (or holding only what we may replace)? */
static int is_empty(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int empty = 1;

	if (!d)
		return 0;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
			empty = 0;
			break;
		}
	closedir(d);
	return empty;
}

static void clear_previous(const char *dir)
{
	char path[PATH_MAX + 64];
	DIR *d;
	struct dirent *e;

	for (size_t i = 0; i < sizeof(run_files) / sizeof(run_files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, run_files[i]);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/charts", dir);
	if ((d = opendir(path))) {
		while ((e = readdir(d))) {
			char f[PATH_MAX + 400];

			if (e->d_name[0] == '.')
				continue;
			snprintf(f, sizeof(f), "%s/%s", path, e->d_name);
			unlink(f);
		}
		closedir(d);
	}
}

enum rundir_status rundir_create(struct rundir *rd, const char *out_opt, const char *name,
				 char *err, size_t errlen)
{
	struct stat sb;

	memset(rd, 0, sizeof(*rd));
	if (out_opt) {
		if (!*out_opt) {
			snprintf(err, errlen, _("-o '': an empty name is no directory"));
			return RUNDIR_EUSAGE;
		}
		if (strlen(out_opt) >= sizeof(rd->path) - 64) {
			snprintf(err, errlen, _("-o: the path is too long"));
			return RUNDIR_EUSAGE;
		}
		snprintf(rd->path, sizeof(rd->path), "%s", out_opt);
		if (stat(rd->path, &sb) == 0) {
			if (!S_ISDIR(sb.st_mode)) {
				snprintf(err, errlen, _("-o '%s' is a file, not a directory"), rd->path);
				return RUNDIR_EUSAGE;
			}
			if (access(rd->path, W_OK | X_OK) != 0) {
				snprintf(err, errlen, _("-o '%s': %s"), rd->path, strerror(errno));
				return RUNDIR_EUSAGE;
			}
			if (!is_empty(rd->path)) {
				if (!meta_is_run(rd->path)) {
					snprintf(err, errlen, _("-o '%s' holds files and is not a leaklab run directory: "
						 "choose a new or empty directory"), rd->path);
					return RUNDIR_EUSAGE;
				}
				clear_previous(rd->path);
			}
		} else if (files_mkdirs(rd->path) < 0) {
			snprintf(err, errlen, _("-o '%s': cannot create it: %s"), rd->path, strerror(errno));
			return RUNDIR_EUSAGE;
		}
		return RUNDIR_OK;
	}
	{
		char stamp[32];
		time_t wall = time(NULL);
		int k;

		strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", localtime(&wall));
		if (mkdir("out", 0755) < 0 && errno != EEXIST) {
			snprintf(err, errlen, _("cannot create 'out': %s"), strerror(errno));
			return RUNDIR_EFAIL;
		}
		/* Two runs of one lab in the same second get two directories. */
		for (k = 1; k < 100; k++) {
			if (k == 1)
				snprintf(rd->path, sizeof(rd->path), "out/%s-%s", name, stamp);
			else
				snprintf(rd->path, sizeof(rd->path), "out/%s-%s-%d", name, stamp, k);
			if (mkdir(rd->path, 0755) == 0)
				return RUNDIR_OK;
			if (errno != EEXIST)
				break;
		}
		snprintf(err, errlen, _("cannot create the run directory '%s': %s"), rd->path, strerror(errno));
		return RUNDIR_EFAIL;
	}
}

/* Open name for writing with its buffering (set before any write, as C
 * asks) and its header. */
static FILE *open_in(struct rundir *rd, const char *name, int buffering, const char *header, char *err,
		     size_t errlen)
{
	char path[PATH_MAX + 64];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", rd->path, name);
	if ((f = fopen(path, "w")) && buffering != _IOFBF)
		setvbuf(f, NULL, buffering, 0);
	if (!f || (header && fputs(header, f) == EOF)) {
		snprintf(err, errlen, _("cannot write '%s': %s"), path, strerror(errno));
		if (f)
			fclose(f);
		return NULL;
	}
	return f;
}

int rundir_open(struct rundir *rd, char *err, size_t errlen)
{
	/* What the program writes reaches the disk as it comes: a crash of
	 * leaklab itself (even a SIGKILL) loses none of it, and tail -f works.
	 * The tables go a line at a time (trace.tsv and waits.tsv are flushed
	 * sample by sample by the collector). */
	if (!(rd->raw = open_in(rd, RUNDIR_RAW, _IONBF, NULL, err, errlen)) ||
	    !(rd->out = open_in(rd, RUNDIR_STDOUT, _IONBF, NULL, err, errlen)) ||
	    !(rd->trace = open_in(rd, RUNDIR_TRACE, _IOFBF, NULL, err, errlen)) ||
	    !(rd->waits = open_in(rd, RUNDIR_WAITS, _IOFBF, NULL, err, errlen)) ||
	    !(rd->requests = open_in(rd, RUNDIR_REQUESTS, _IOLBF, REQFILE_HEADER, err, errlen)) ||
	    !(rd->goroutines = open_in(rd, RUNDIR_GOROUTINES, _IOLBF, POLLFILE_GOROUTINES_HEADER, err, errlen)) ||
	    !(rd->probe = open_in(rd, RUNDIR_PROBE, _IOLBF, POLLFILE_PROBE_HEADER, err, errlen)))
		return -1;
	return 0;
}

void rundir_failed(struct rundir *rd, const char *name)
{
	if (!rd->failed) {
		rd->failed = name;
		rd->failed_errno = errno ? errno : EIO;
	}
}

void rundir_put(struct rundir *rd, FILE *f, const char *name, const char *buf, size_t n)
{
	if (f && fwrite(buf, 1, n, f) != n)
		rundir_failed(rd, name);
}

void rundir_write(struct rundir *rd, const char *name, const char *text, size_t len)
{
	if (files_write(rd->path, name, text, len) < 0)
		rundir_failed(rd, name);
}

static void close_one(struct rundir *rd, FILE **f, const char *name)
{
	if (*f && fclose(*f) != 0)
		rundir_failed(rd, name);
	*f = NULL;
}

void rundir_close(struct rundir *rd)
{
	close_one(rd, &rd->raw, RUNDIR_RAW);
	close_one(rd, &rd->out, RUNDIR_STDOUT);
	close_one(rd, &rd->trace, RUNDIR_TRACE);
	close_one(rd, &rd->waits, RUNDIR_WAITS);
	close_one(rd, &rd->requests, RUNDIR_REQUESTS);
	close_one(rd, &rd->goroutines, RUNDIR_GOROUTINES);
	close_one(rd, &rd->probe, RUNDIR_PROBE);
}

void rundir_link_latest(const struct rundir *rd, const char *name)
{
	char link[PATH_MAX + 64];
	const char *base = strrchr(rd->path, '/');

	snprintf(link, sizeof(link), "out/%s-latest", name);
	unlink(link);
	if (symlink(base ? base + 1 : rd->path, link) < 0)
		warnf("cannot link '%s': %s", link, strerror(errno));
}
