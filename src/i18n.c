/* i18n.c - the language of leaklab's messages (GNU gettext) */
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "platform.h"

#ifndef LEAKLAB_LOCALEDIR
#define LEAKLAB_LOCALEDIR "/usr/local/share/locale"
#endif

#define DOMAIN "leaklab"

static int has_catalogue(const char *dir)
{
	char path[PATH_MAX + 64];

	if (snprintf(path, sizeof(path), "%s/pt_BR/LC_MESSAGES/" DOMAIN ".mo", dir) >= (int)sizeof(path))
		return 0;
	return access(path, R_OK) == 0;
}

/* build/leaklab finds build/locale; build/portable/leaklab the same one. */
static const char *find_localedir(char *buf, size_t len)
{
	const char *env = getenv("LEAKLAB_LOCALEDIR");
	char self[PATH_MAX];
	char *slash;

	if (env && *env)
		return env;
	if (plat_self_exe(self, sizeof(self) - 16) == 0 && (slash = strrchr(self, '/'))) {
		*slash = '\0';
		snprintf(buf, len, "%.*s/locale", (int)(len - 16), self);
		if (has_catalogue(buf))
			return buf;
		snprintf(buf, len, "%.*s/../locale", (int)(len - 16), self);
		if (has_catalogue(buf))
			return buf;
	}
	return LEAKLAB_LOCALEDIR;
}

void i18n_init(void)
{
	static char dir[PATH_MAX + 16];

	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	bindtextdomain(DOMAIN, find_localedir(dir, sizeof(dir)));
	bind_textdomain_codeset(DOMAIN, "UTF-8");
	textdomain(DOMAIN);
}

const char *i18n_pgettext(const char *key, const char *msgid)
{
	const char *t = gettext(key);

	return t == key ? msgid : t;
}

const char *i18n_lang(void)
{
	/* TRANSLATORS: the language tag of this translation (the page's
	 * lang attribute and the worksheets' folder suffix): pt-BR. */
	return P_("language tag", "en");
}

int i18n_pt(void)
{
	return strcmp(i18n_lang(), "pt-BR") == 0;
}
