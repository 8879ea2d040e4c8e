/* html.c - leaklab's web pages: escaping, the head and style, SVG inlined */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "files.h"
#include "html.h"
#include "utf8.h"

#define SVG_MAX (64 * 1024 * 1024)

void html_text(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");

	while (*s) {
		size_t n = utf8_seq(s, 4);

		if (n == 0) {
			fputs("\xef\xbf\xbd", f);
			s++;
			continue;
		}
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default:
			if (*s < 0x20 && *s != '\t' && *s != '\n')
				break;
			if (*s == 0x7f)
				break;
			fwrite(s, 1, n, f);
		}
		s += n;
	}
}

void html_path(FILE *f, const char *path)
{
	static const char keep[] = "-_.~/";

	for (const unsigned char *s = (const unsigned char *)path; *s; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		    strchr(keep, *s))
			fputc(*s, f);
		else
			fprintf(f, "%%%02X", *s);
	}
}

void html_link(FILE *f, const char *path, const char *text)
{
	fputs("<a href=\"", f);
	html_path(f, path);
	fputs("\">", f);
	html_text(f, text);
	fputs("</a>", f);
}

void html_tag(FILE *f, const char *tag, const char *text)
{
	fprintf(f, "<%s>", tag);
	html_text(f, text);
	fprintf(f, "</%s>", tag);
}

void html_head_row(FILE *f, const char *first, ...)
{
	va_list ap;

	fputs("<tr>", f);
	va_start(ap, first);
	for (const char *s = first; s; s = va_arg(ap, const char *))
		html_tag(f, "th", s);
	va_end(ap);
	fputs("</tr>\n", f);
}

/* One style for every page: large type for a projector, the verdict in a
 * coloured box (the charts' colours: runnable red-orange, blocked green),
 * tables that print. */
static const char style[] =
	":root{--ink:#1a1a1a;--muted:#555;--line:#d0d0d0;--runnable:#c1440e;--blocked:#1b7837;"
	"--none:#2166ac;--unknown:#6a6a6a}\n"
	"*{box-sizing:border-box}\n"
	"body{font-family:'DejaVu Sans',system-ui,sans-serif;color:var(--ink);max-width:1500px;"
	"margin:0 auto;padding:.8rem 1.4rem;line-height:1.4;font-size:17px}\n"
	"h1{font-size:1.7rem;margin:.2rem 0}h2{font-size:1.3rem;margin:1.6rem 0 .5rem;"
	"border-bottom:2px solid var(--line)}\n"
	".sub{color:var(--muted);margin:.1rem 0 .8rem}\n"
	".verdict{border-left:.6rem solid var(--unknown);background:#f4f4f4;padding:.5rem 1rem;margin:.4rem 0}\n"
	".verdict p{margin:.4rem 0}\n"
	".verdict .word{font-size:1.6rem;font-weight:bold}\n"
	".v-runnable{border-color:var(--runnable)}.v-runnable .word{color:var(--runnable)}\n"
	".v-blocked{border-color:var(--blocked)}.v-blocked .word{color:var(--blocked)}\n"
	".v-none{border-color:var(--none)}.v-none .word{color:var(--none)}\n"
	".v-unknown .word,.v-hidden .word{color:var(--unknown)}\n"
	".partial{background:#fff3cd;border:1px solid #e0c060;padding:.4rem .8rem}\n"
	"table{border-collapse:collapse;margin:.4rem 0;font-size:.95rem}\n"
	"th,td{border:1px solid var(--line);padding:.25rem .55rem;text-align:left;vertical-align:top}\n"
	"th{background:#f0f0f0}td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
	"pre{background:#f7f7f7;border:1px solid var(--line);padding:.6rem;overflow-x:auto;font-size:.85rem}\n"
	".chart svg{width:100%;height:auto;display:block;border:1px solid var(--line)}\n"
	".chart{margin:.6rem 0 1.2rem}\n"
	".grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:.8rem}\n"
	".top{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,3fr);gap:1.2rem;align-items:start}\n"
	".pair{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:1.2rem}\n"
	".chart h3{font-size:.95rem;margin:.2rem 0;font-weight:bold}.chart h3 .muted{font-weight:normal}\n"
	"table.numbers{font-size:.85rem;width:100%}table.numbers th{width:7.5rem}\n"
	"@media (max-width:900px){.top,.pair{grid-template-columns:1fr}}\n"
	"a{color:#0b5cad}\n"
	".muted{color:var(--muted)}\n"
	"@media print{body{max-width:none;font-size:12pt}.chart{break-inside:avoid}a{color:inherit}}\n";

void html_begin(FILE *f, const char *lang, const char *title)
{
	fputs("<!DOCTYPE html>\n<html lang=\"", f);
	html_text(f, lang);
	fputs("\">\n<head>\n<meta charset=\"utf-8\">\n"
	      /* Nothing leaves the file: no fetch, no font, no image but data: */
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", f);
	html_text(f, title);
	fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", style);
}

void html_end(FILE *f)
{
	fputs("</body>\n</html>\n", f);
}

const char *html_verdict_class(const char *v)
{
	static const struct { const char *word, *cls; } map[] = {
		{ "runnable leak", "v-runnable" }, { "blocked leak", "v-blocked" }, { "no leak", "v-none" },
		{ "unknown", "v-unknown" }, { "hidden", "v-hidden" },
	};

	for (size_t i = 0; v && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(v, map[i].word) == 0)
			return map[i].cls;
	return "v-unknown";
}

/* At p, an id gnuplot defines for its own shapes ("gpPt3", "gpPat1",
 * "gpDot"), to be made unique: after id=' or a '#' in a reference. */
static int own_id(const char *p, const char *end)
{
	return end - p > 2 && p[0] == 'g' && p[1] == 'p' && p[2] >= 'A' && p[2] <= 'Z';
}

int html_svg(FILE *f, const char *path, const char *prefix)
{
	return html_svg_script(f, path, prefix, 1);
}

int html_svg_script(FILE *f, const char *path, const char *prefix, int with_script)
{
	size_t len;
	char *text = files_read(path, SVG_MAX, &len), *p, *end;

	if (!text)
		return -1;
	end = text + len;
	if (!(p = strstr(text, "<svg"))) {
		free(text);
		return -1;
	}
	if (!with_script) {
		/* gnuplot's library is the first script; its settings (the
		 * second) stay where the library looks for them. */
		static const char empty[] = "<script type=\"text/javascript\"><![CDATA[]]></script>";
		char *s = strstr(p, "<script"), *e = s ? strstr(s, "</script>") : NULL;
		size_t n = sizeof(empty) - 1;

		if (e && (size_t)(e + strlen("</script>") - s) >= n) {
			e += strlen("</script>");
			memmove(s + n, e, (size_t)(end - e) + 1);
			memcpy(s, empty, n);
			end = s + n + (end - e);
		}
	}
	while (p < end) {
		char *q = p;

		/* Copy up to the next place an id of gnuplot's own appears. */
		while (q < end && !((q + 4 <= end && (memcmp(q, "id='", 4) == 0 || memcmp(q, "id=\"", 4) == 0) &&
				     own_id(q + 4, end)) ||
				    (*q == '#' && q > text && (q[-1] == '\'' || q[-1] == '"' || q[-1] == '(') &&
				     own_id(q + 1, end))))
			q++;
		fwrite(p, 1, (size_t)(q - p), f);
		if (q == end)
			break;
		if (*q == '#') {
			fputc('#', f);
			fputs(prefix, f);
			p = q + 1;
		} else {
			fwrite(q, 1, 4, f);
			fputs(prefix, f);
			p = q + 4;
		}
	}
	fputc('\n', f);
	free(text);
	return 0;
}
