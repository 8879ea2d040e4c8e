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

/*
 * build/leaklab finds build/locale; build/portable/leaklab the same one.
 * Where the platform cannot name its own executable, argv[0] does when
 * it holds a slash (a command found on PATH falls back to the prefix).
 */
static const char *find_localedir(const char *argv0, char *buf, size_t len)
{
	const char *env = getenv("LEAKLAB_LOCALEDIR");
	char self[PATH_MAX];
	char *slash;
	int known;

	if (env && *env)
		return env;
	known = plat_self_exe(self, sizeof(self) - 16) == 0;
	if (!known && argv0 && strchr(argv0, '/') && strlen(argv0) < sizeof(self) - 16) {
		strcpy(self, argv0);
		known = 1;
	}
	if (known && (slash = strrchr(self, '/'))) {
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

void i18n_init(const char *argv0)
{
	static char dir[PATH_MAX + 16];

	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	bindtextdomain(DOMAIN, find_localedir(argv0, dir, sizeof(dir)));
	bind_textdomain_codeset(DOMAIN, "UTF-8");
	textdomain(DOMAIN);
}

static int english;

int i18n_english(int on)
{
	int was = english;

	english = on;
	return was;
}

const char *i18n_gettext(const char *s)
{
	return english || !*s ? s : gettext(s);
}

const char *i18n_ngettext(const char *s, const char *plural, unsigned long n)
{
	if (english)
		return n == 1 ? s : plural;
	return ngettext(s, plural, n);
}

const char *i18n_pgettext(const char *key, const char *msgid)
{
	const char *t = english ? key : gettext(key);

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
