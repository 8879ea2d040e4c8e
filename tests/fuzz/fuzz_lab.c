/* fuzz_lab.c - fuzz the lab file parser */
#include <stdint.h>
#include <string.h>

#include "lab.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lab lab;
	struct lab_error err;
	char text[8192], storage[600], *argv[LAB_MAX_SERVER_ARGS];

	lab_defaults(&lab, "fuzz.lab");
	if (lab_parse(&lab, (const char *)data, size, "fuzz.lab", &err) == 0) {
		lab_format(&lab, text, sizeof(text));
		lab_server_args(&lab, storage, sizeof(storage), argv, LAB_MAX_SERVER_ARGS, &err);
	}
	return 0;
}
