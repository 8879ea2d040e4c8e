/* portuguese.h - for the unit tests that check a text in Portuguese: the
 * catalogue make builds (build/locale), selected the way a student on a
 * C.UTF-8-only machine does. Returns 1 when Portuguese is on, 0 (a skip
 * said) when the catalogue is not built. */
#ifndef LEAKLAB_TEST_PORTUGUESE_H
#define LEAKLAB_TEST_PORTUGUESE_H

#include <stdlib.h>
#include <unistd.h>

#include "i18n.h"

static int use_portuguese(void)
{
	if (access("build/locale/pt_BR/LC_MESSAGES/leaklab.mo", R_OK) != 0) {
		print_message("skip: no build/locale (make builds it)\n");
		return 0;
	}
	setenv("LEAKLAB_LOCALEDIR", "build/locale", 1);
	setenv("LANGUAGE", "pt_BR", 1);
	setenv("LC_ALL", "C.UTF-8", 1);
	i18n_init("build/leaklab");
	return 1;
}

#endif
