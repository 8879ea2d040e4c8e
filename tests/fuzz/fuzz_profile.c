/* fuzz_profile.c - fuzz the pprof goroutine profile reader (top stack) */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char out[64];
	long count;
	/* Not NUL-terminated on purpose: the reader must stay within size. */
	char *copy = malloc(size ? size : 1);

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	report_top_stack(copy, size, out, sizeof(out), &count);
	free(copy);
	return 0;
}
