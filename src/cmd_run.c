/* cmd_run.c - leaklab run (not built yet) */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "msg.h"

int cmd_run(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		printf("usage: leaklab run\n\nnot built yet.\n");
		return EXIT_OK;
	}
	errorf("run: not built yet");
	return EXIT_FAIL;
}
