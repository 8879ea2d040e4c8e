/* fuzz_schedule.c - fuzz the rate schedule parser and its send times */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "schedule.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct schedule_error err;
	struct schedule_iter it;
	struct schedule *s;
	char *text = malloc(size + 1);
	double t, prev = 0;
	uint64_t k = 0;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	s = schedule_parse(text, 1000, &err);
	if (s) {
		/* Walk at most 10000 send times: in order, inside the schedule. */
		schedule_iter_init(&it, s);
		while (k < 10000 && schedule_next(&it, &t)) {
			if (t < prev || t > s->duration_ms + 1e-6)
				abort();
			if (!s->poisson && t != schedule_time_ms(s, k))
				abort();
			prev = t;
			k++;
		}
		schedule_free(s);
	}
	free(text);
	return 0;
}
