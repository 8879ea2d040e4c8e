/* cmd_drive.c - leaklab drive (not built yet) */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "msg.h"

int cmd_drive(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		printf("usage: leaklab drive\n\nnot built yet.\n");
		return EXIT_OK;
	}
	errorf("drive: not built yet");
	return EXIT_FAIL;
}
