/* test_program_env.c - the program's argv and environment */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "program_env.h"

/* How many entries of list start with prefix. */
static int count(char *const *list, const char *prefix)
{
	int n = 0;

	for (size_t i = 0; list[i]; i++)
		n += strncmp(list[i], prefix, strlen(prefix)) == 0;
	return n;
}

/* The entry of list that starts with prefix, or NULL. */
static const char *find(char *const *list, const char *prefix)
{
	for (size_t i = 0; list[i]; i++)
		if (strncmp(list[i], prefix, strlen(prefix)) == 0)
			return list[i];
	return NULL;
}

static struct program_env_opts opts(char *const *argv, char *const *environ)
{
	struct program_env_opts o;

	memset(&o, 0, sizeof(o));
	o.argv = argv;
	o.environ = environ;
	o.host = "127.0.0.1";
	o.port = 4321;
	o.gomaxprocs = 2;
	o.schedtrace_ms = 250;
	return o;
}

static void schedtrace_is_added_to_the_users_godebug_never_replacing_it(void **state)
{
	(void)state;
	char *argv[] = { "./app", NULL };
	char *env[] = { "HOME=/h", "GODEBUG=madvdontneed=1", "GOMAXPROCS=8", NULL };
	char *bare[] = { "HOME=/h", NULL };
	struct program_env_opts o = opts(argv, env);
	struct program_env e;

	assert_int_equal(program_env_build(&e, &o), 0);
	assert_int_equal(count(e.envp, "GODEBUG="), 1);
	assert_string_equal(find(e.envp, "GODEBUG="), "GODEBUG=madvdontneed=1,schedtrace=250");
	assert_int_equal(count(e.envp, "GOMAXPROCS="), 1);
	assert_string_equal(find(e.envp, "GOMAXPROCS="), "GOMAXPROCS=2");
	assert_string_equal(find(e.envp, "HOME="), "HOME=/h");
	program_env_free(&e);

	o = opts(argv, bare);
	o.scheddetail = 1;
	assert_int_equal(program_env_build(&e, &o), 0);
	assert_string_equal(find(e.envp, "GODEBUG="), "GODEBUG=schedtrace=250,scheddetail=1");
	program_env_free(&e);
}

static void a_users_program_gets_port_and_addr_and_the_bundled_server_does_not(void **state)
{
	(void)state;
	char *argv[] = { "./app", NULL };
	char *env[] = { "PORT=1", "ADDR=x", NULL };
	struct program_env_opts o = opts(argv, env);
	struct program_env e;

	assert_int_equal(program_env_build(&e, &o), 0);
	assert_int_equal(count(e.envp, "PORT="), 1);
	assert_string_equal(find(e.envp, "PORT="), "PORT=4321");
	assert_string_equal(find(e.envp, "ADDR="), "ADDR=127.0.0.1:4321");
	program_env_free(&e);

	o.bundled = 1;
	assert_int_equal(program_env_build(&e, &o), 0);
	/* Not ours to give: the user's own are kept as they were. */
	assert_string_equal(find(e.envp, "PORT="), "PORT=1");
	assert_string_equal(find(e.envp, "ADDR="), "ADDR=x");
	program_env_free(&e);
}

static void port_and_addr_in_the_words_are_replaced_and_nothing_else(void **state)
{
	(void)state;
	char *argv[] = { "./app", "-addr", "$ADDR", "-port=${PORT}", "$PORTS", "${ADDR}/x", "$HOME", "$", "${PORT",
			 "sh -c 'echo $ADDR'", NULL };
	char *env[] = { NULL };
	struct program_env_opts o = opts(argv, env);
	struct program_env e;

	assert_int_equal(program_env_build(&e, &o), 0);
	assert_string_equal(e.argv[0], "./app");
	assert_string_equal(e.argv[2], "127.0.0.1:4321");
	assert_string_equal(e.argv[3], "-port=4321");
	assert_string_equal(e.argv[4], "$PORTS");          /* another name */
	assert_string_equal(e.argv[5], "127.0.0.1:4321/x");
	assert_string_equal(e.argv[6], "$HOME");
	assert_string_equal(e.argv[7], "$");
	assert_string_equal(e.argv[8], "${PORT");           /* not closed */
	assert_string_equal(e.argv[9], "sh -c 'echo 127.0.0.1:4321'");
	assert_null(e.argv[10]);
	program_env_free(&e);

	/* The bundled server, or no port to give: the words as written. */
	o.bundled = 1;
	assert_int_equal(program_env_build(&e, &o), 0);
	assert_string_equal(e.argv[2], "$ADDR");
	program_env_free(&e);
}

static void the_labs_env_lines_are_added_and_win_and_merge_godebug(void **state)
{
	(void)state;
	char *argv[] = { "./app", NULL };
	char *env[] = { "MODE=prod", "GODEBUG=gctrace=1", "KEEP=1", NULL };
	char *extra[] = { "MODE=test", "GODEBUG=http2debug=1", "NEW=2", NULL };
	struct program_env_opts o = opts(argv, env);
	struct program_env e;

	o.extra = extra;
	assert_int_equal(program_env_build(&e, &o), 0);
	assert_int_equal(count(e.envp, "MODE="), 1);
	assert_string_equal(find(e.envp, "MODE="), "MODE=test");
	assert_string_equal(find(e.envp, "NEW="), "NEW=2");
	assert_string_equal(find(e.envp, "KEEP="), "KEEP=1");
	assert_int_equal(count(e.envp, "GODEBUG="), 1);
	assert_string_equal(find(e.envp, "GODEBUG="), "GODEBUG=http2debug=1,schedtrace=250");
	program_env_free(&e);
}

static void go_run_traces_only_the_program_through_exec(void **state)
{
	(void)state;
	char *argv[] = { "/usr/lib/go/bin/go", "run", "-race", "./cmd/shop", "-addr", "$ADDR", NULL };
	char *env[] = { "GODEBUG=x=1", "GOMAXPROCS=8", NULL };
	struct program_env_opts o = opts(argv, env);
	struct program_env e;

	assert_int_equal(program_env_build(&e, &o), 0);
	assert_string_equal(e.argv[1], "run");
	assert_string_equal(e.argv[2], "-exec");
	assert_string_equal(e.argv[3], "env GODEBUG=x=1,schedtrace=250 GOMAXPROCS=2");
	assert_string_equal(e.argv[4], "-race");
	assert_string_equal(e.argv[5], "./cmd/shop");
	assert_string_equal(e.argv[7], "127.0.0.1:4321");
	assert_null(e.argv[8]);
	/* The go command itself keeps its own environment. */
	assert_string_equal(find(e.envp, "GODEBUG="), "GODEBUG=x=1");
	assert_string_equal(find(e.envp, "GOMAXPROCS="), "GOMAXPROCS=8");
	program_env_free(&e);
}

static void a_users_own_exec_traces_everything_once(void **state)
{
	(void)state;
	char *argv[] = { "go", "run", "-exec=sudo", "./x", NULL };
	char *env[] = { "GODEBUG=x=1", "GOMAXPROCS=8", NULL };
	struct program_env_opts o = opts(argv, env);
	struct program_env e;

	assert_int_equal(program_env_build(&e, &o), 0);
	assert_string_equal(e.argv[2], "-exec=sudo");
	assert_string_equal(e.argv[3], "./x");
	assert_null(e.argv[4]);
	assert_int_equal(count(e.envp, "GODEBUG="), 1);
	assert_string_equal(find(e.envp, "GODEBUG="), "GODEBUG=x=1,schedtrace=250");
	assert_int_equal(count(e.envp, "GOMAXPROCS="), 1);
	program_env_free(&e);
}

static void go_run_is_the_go_command_by_any_path_and_only_run(void **state)
{
	(void)state;
	char *a[] = { "go", "run", ".", NULL }, *b[] = { "/usr/local/go/bin/go", "run", ".", NULL };
	char *c[] = { "go", "build", NULL }, *d[] = { "gofmt", "run", NULL }, *f[] = { "go", NULL };

	assert_true(program_is_go_run(a));
	assert_true(program_is_go_run(b));
	assert_false(program_is_go_run(c));
	assert_false(program_is_go_run(d));
	assert_false(program_is_go_run(f));
}

static void a_run_is_named_for_its_program(void **state)
{
	(void)state;
	char name[64];
	char *a[] = { "go", "run", "-race", "./cmd/shop/", NULL }, *b[] = { "go", "run", ".", NULL };
	char *c[] = { "./bin/my.service", NULL }, *d[] = { "/x/.hidden", NULL }, *f[] = { "a b+c", NULL };

	assert_string_equal(program_name(a, name, sizeof(name)), "shop");
	assert_string_equal(program_name(b, name, sizeof(name)), "own-program");
	assert_string_equal(program_name(c, name, sizeof(name)), "my");
	assert_string_equal(program_name(d, name, sizeof(name)), "program");
	assert_string_equal(program_name(f, name, sizeof(name)), "a_b_c");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(schedtrace_is_added_to_the_users_godebug_never_replacing_it),
		cmocka_unit_test(a_users_program_gets_port_and_addr_and_the_bundled_server_does_not),
		cmocka_unit_test(port_and_addr_in_the_words_are_replaced_and_nothing_else),
		cmocka_unit_test(the_labs_env_lines_are_added_and_win_and_merge_godebug),
		cmocka_unit_test(go_run_traces_only_the_program_through_exec),
		cmocka_unit_test(a_users_own_exec_traces_everything_once),
		cmocka_unit_test(go_run_is_the_go_command_by_any_path_and_only_run),
		cmocka_unit_test(a_run_is_named_for_its_program),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
