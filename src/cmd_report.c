/* cmd_report.c - leaklab report (not built yet) */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "msg.h"

int cmd_report(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		printf("usage: leaklab report\n\nnot built yet.\n");
		return EXIT_OK;
	}
	errorf("report: not built yet");
	return EXIT_FAIL;
}
