/* cmd.h - the subcommands of leaklab, one function each */
#ifndef LEAKLAB_CMD_H
#define LEAKLAB_CMD_H

/*
 * Each subcommand takes argv with argv[0] set to its own name and returns
 * the process exit code (see msg.h). "--help" prints usage to stdout and
 * returns 0. main() has named it to msg.c (msg_command) already.
 */
int cmd_run(int argc, char **argv);
int cmd_drive(int argc, char **argv);
int cmd_collect(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_progress(int argc, char **argv);
int cmd_class(int argc, char **argv);

#endif
