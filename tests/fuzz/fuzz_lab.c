/* fuzz_lab.c - fuzz the lab file parser */
#include <stdint.h>
#include <string.h>

#include "lab.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct lab lab;
	struct lab_error err;
	static struct lab again;
	char text[32768], storage[2048], *argv[LAB_MAX_WORDS];

	lab_defaults(&lab, "fuzz.lab");
	if (lab_parse(&lab, (const char *)data, size, "fuzz.lab", &err) == 0) {
		/* What it formats parses again. */
		if (lab_format(&lab, text, sizeof(text)) < sizeof(text)) {
			lab_defaults(&again, "fuzz.lab");
			if (lab_parse(&again, text, strlen(text), "again", &err) != 0)
				__builtin_trap();
		}
		lab_server_args(&lab, storage, sizeof(storage), argv, LAB_MAX_WORDS, &err);
		lab_split_words(lab.command, storage, sizeof(storage), argv, LAB_MAX_WORDS, &err);
		lab_describe_targets(&lab, text, sizeof(text));
	}
	return 0;
}
