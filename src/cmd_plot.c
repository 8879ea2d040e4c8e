/* cmd_plot.c - leaklab plot (not built yet) */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "msg.h"

int cmd_plot(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		printf("usage: leaklab plot\n\nnot built yet.\n");
		return EXIT_OK;
	}
	errorf("plot: not built yet");
	return EXIT_FAIL;
}
