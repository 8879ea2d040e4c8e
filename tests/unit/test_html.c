/* test_html.c - page text escaped, paths encoded, SVG inlined with its ids made unique */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "html.h"

static char *out;
static size_t outlen;

static FILE *start(void)
{
	FILE *f = open_memstream(&out, &outlen);

	assert_non_null(f);
	return f;
}

static void text_is_escaped(void **state)
{
	FILE *f = start();

	(void)state;
	html_text(f, "<b>Z\xc3\xa9</b> & 'x' \"y\"\x01\tz\xff");
	fclose(f);
	assert_string_equal(out, "&lt;b&gt;Z\xc3\xa9&lt;/b&gt; &amp; &#39;x&#39; &quot;y&quot;\tz\xef\xbf\xbd");
	free(out);
	f = start();
	html_text(f, NULL);
	html_text(f, "\xe5\xad\xa6\xe7\x94\x9f");   /* CJK stays as it is */
	fclose(f);
	assert_string_equal(out, "\xe5\xad\xa6\xe7\x94\x9f");
	free(out);
}

static void paths_are_encoded(void **state)
{
	FILE *f = start();

	(void)state;
	html_path(f, "charts/queue.png");
	fputc('|', f);
	html_path(f, "out/Jos\xc3\xa9 #1/a b?c%\"");
	fclose(f);
	assert_string_equal(out, "charts/queue.png|out/Jos%C3%A9%20%231/a%20b%3Fc%25%22");
	free(out);
}

static void the_page_forbids_every_request(void **state)
{
	FILE *f = start();

	(void)state;
	html_begin(f, "pt-BR", "Lab <01>");
	html_end(f);
	fclose(f);
	assert_non_null(strstr(out, "<html lang=\"pt-BR\">"));
	assert_non_null(strstr(out, "default-src 'none'"));
	assert_non_null(strstr(out, "<title>Lab &lt;01&gt;</title>"));
	assert_null(strstr(out, "http://"));
	assert_null(strstr(out, "https://"));
	assert_non_null(strstr(out, "</html>\n"));
	free(out);
	assert_string_equal(html_verdict_class("runnable leak"), "v-runnable");
	assert_string_equal(html_verdict_class("no leak"), "v-none");
	assert_string_equal(html_verdict_class("what"), "v-unknown");
	assert_string_equal(html_verdict_class(NULL), "v-unknown");
}

static void svg_is_inlined_with_unique_ids(void **state)
{
	char path[] = "/tmp/leaklab-test-svg-XXXXXX";
	int fd = mkstemp(path);
	FILE *f;
	static const char svg[] =
		"<?xml version=\"1.0\"?>\n<!DOCTYPE svg>\n<svg viewBox='0 0 10 10'>\n"
		"<defs><g id='gpPt1'/><pattern id='gpPat2'/></defs>\n"
		"<g id=\"gnuplot_canvas\"><use xlink:href='#gpPt1'/><path fill='url(#gpPat2)'/>"
		"<g id='gnuplot_plot_1'/><text>#gpNot an id</text></g></svg>\n";

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, svg, sizeof(svg) - 1), (ssize_t)(sizeof(svg) - 1));
	close(fd);
	f = start();
	assert_int_equal(html_svg(f, path, "c2_"), 0);
	fclose(f);
	assert_null(strstr(out, "<?xml"));
	assert_null(strstr(out, "DOCTYPE"));
	assert_true(strncmp(out, "<svg viewBox", 12) == 0);
	assert_non_null(strstr(out, "id='c2_gpPt1'"));
	assert_non_null(strstr(out, "id='c2_gpPat2'"));
	assert_non_null(strstr(out, "href='#c2_gpPt1'"));
	assert_non_null(strstr(out, "url(#c2_gpPat2)"));
	/* What gnuplot's script looks up stays as it is. */
	assert_non_null(strstr(out, "id=\"gnuplot_canvas\""));
	assert_non_null(strstr(out, "id='gnuplot_plot_1'"));
	assert_non_null(strstr(out, ">#gpNot an id<"));
	free(out);
	unlink(path);
	f = start();
	assert_int_equal(html_svg(f, "/nonexistent/x.svg", "p"), -1);
	fclose(f);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_is_escaped),
		cmocka_unit_test(paths_are_encoded),
		cmocka_unit_test(the_page_forbids_every_request),
		cmocka_unit_test(svg_is_inlined_with_unique_ids),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
