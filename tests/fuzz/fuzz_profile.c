/* fuzz_profile.c - fuzz the pprof text readers (totals, sites, growth) */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "keyval.h"
#include "pprof.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pprof_counts c;
	struct pprof_site site;
	char out[64];
	long total;
	size_t half = size / 2;
	/* Not NUL-terminated on purpose: the readers must stay within size. */
	char *copy = malloc(size ? size : 1);

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	pprof_total(copy, size, "goroutine", &total);
	pprof_count(copy, size, &c);
	pprof_top_site(copy, size, &site);
	pprof_top_growth(copy, half, copy + half, size - half, copy, size, 1, &site);
	keyval_get(copy, size, "go_version", out, sizeof(out));
	pprof_is_user_func(copy, size);
	free(copy);
	return 0;
}
