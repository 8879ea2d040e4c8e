/* i18n.h - leaklab speaks the reader's language: GNU gettext's _(), N_()
 * and ngettext for every sentence a person reads; what programs read
 * (TSV, summary.json, lab keys) stays English and never goes through it. */
#ifndef LEAKLAB_I18N_H
#define LEAKLAB_I18N_H

#include <libintl.h>

#define _(s) i18n_gettext(s)
#define N_(s) s
/* One of two forms by a count: _n("%d run", "%d runs", n). */
#define _n(s, p, n) i18n_ngettext(s, p, n)
/* A message with a context, for the translators (xgettext --keyword=P_:1c,2). */
#define P_(ctx, s) i18n_pgettext(ctx "\004" s, s)

/*
 * Pick the language the usual way (LANGUAGE, LC_ALL, LC_MESSAGES, LANG)
 * and find the catalogue: $LEAKLAB_LOCALEDIR, the locale/ next to this
 * program (build/locale), then the install's share/locale. Numbers keep
 * the point everywhere (LC_NUMERIC stays "C"): files, charts and prose.
 */
void i18n_init(const char *argv0);

/* The language of the messages in use, as a tag: "en" or "pt-BR". */
const char *i18n_lang(void);

/* 1 when the messages are Portuguese (a lab's title.pt_BR is used). */
int i18n_pt(void);

const char *i18n_pgettext(const char *key, const char *msgid);

/* gettext(s), but "" stays "" (gettext gives the catalogue's header) and
 * s itself while English is forced (i18n_english). */
const char *i18n_gettext(const char *s);
const char *i18n_ngettext(const char *s, const char *plural, unsigned long n);

/*
 * Force English (on 1) or go back to the reader's language (0): what
 * programs read is built from the same code as what people read, so
 * summary.json is computed with English forced. Returns the old state.
 */
int i18n_english(int on);

#endif
