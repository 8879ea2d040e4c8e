/* fuzz_schedtrace.c - fuzz the schedtrace parser and the collector around it */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "collector.h"
#include "schedtrace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct schedtrace_line line;
	struct collector_opts o;
	struct collector *c;
	FILE *sink;
	size_t half = size / 2;

	/* The whole input as one line ... */
	schedtrace_parse_line((const char *)data, size, &line);

	/* ... and as a stream, fed in two pieces, through every output. */
	sink = fopen("/dev/null", "w");
	memset(&o, 0, sizeof(o));
	o.trace = sink;
	o.waits = sink;
	o.tee = sink;
	c = collector_new(&o);
	if (c) {
		collector_feed(c, (const char *)data, half, 1.0);
		collector_feed(c, (const char *)data + half, size - half, 2.0);
		collector_finish(c, 3.0);
		collector_free(c);
	}
	if (sink)
		fclose(sink);
	return 0;
}
