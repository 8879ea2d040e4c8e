/* signals.c - the self-pipe trick, for a poll loop that must stop cleanly */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "signals.h"

static int pipefd[2] = { -1, -1 };
static volatile sig_atomic_t caught;

static void on_signal(int sig)
{
	int saved = errno;
	char c = (char)sig;

	if (!caught)
		caught = sig;
	if (write(pipefd[1], &c, 1) < 0) {
		/* full pipe: a wake-up is already pending */
	}
	errno = saved;
}

int signals_install(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;

	if (pipefd[0] >= 0)
		return pipefd[0];
	if (pipe(pipefd) < 0)
		return -1;
	for (i = 0; i < 2; i++) {
		fcntl(pipefd[i], F_SETFD, FD_CLOEXEC);
		fcntl(pipefd[i], F_SETFL, fcntl(pipefd[i], F_GETFL) | O_NONBLOCK);
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
	return pipefd[0];
}

int signals_caught(void)
{
	return caught;
}

void signals_drain(void)
{
	char buf[64];

	while (pipefd[0] >= 0 && read(pipefd[0], buf, sizeof(buf)) > 0)
		;
}

int signals_exit_code(int sig)
{
	return 128 + sig;
}

const char *signals_english(int sig)
{
	static char other[32];

	switch (sig) {
	case SIGINT: return N_("Interrupt");
	case SIGTERM: return N_("Terminated");
	case SIGHUP: return N_("Hangup");
	case SIGQUIT: return N_("Quit");
	case SIGKILL: return N_("Killed");
	case SIGSEGV: return N_("Segmentation fault");
	case SIGABRT: return N_("Aborted");
	case SIGPIPE: return N_("Broken pipe");
	case SIGBUS: return N_("Bus error");
	case SIGFPE: return N_("Floating point exception");
	case SIGILL: return N_("Illegal instruction");
	case SIGXCPU: return N_("CPU time limit exceeded");
	case SIGUSR1: return N_("User defined signal 1");
	case SIGUSR2: return N_("User defined signal 2");
	default:
		snprintf(other, sizeof(other), "signal %d", sig);
		return other;
	}
}
