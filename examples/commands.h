/* SPDX-License-Identifier: MIT */
/*
 * commands.h - the subcommands of the `mutls` tool. Each lives in its own cmd_<name>.c and
 * gets argv from its own name on (argv[0] is the subcommand). Exit codes: 0 success, 1 the
 * operation ran and failed (e.g. the chain is not valid), 2 usage errors and unreadable files.
 */
#ifndef MUTLS_TOOL_COMMANDS_H
#define MUTLS_TOOL_COMMANDS_H

enum { TOOL_OK = 0, TOOL_FAILED = 1, TOOL_USAGE = 2 };

typedef struct tool_command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *usage; /* one line of arguments, printed by `mutls help` */
} tool_command;

int cmd_verify(int argc, char **argv);
extern const char cmd_verify_usage[];
int cmd_demo(int argc, char **argv);
extern const char cmd_demo_usage[];
int cmd_server(int argc, char **argv);
extern const char cmd_server_usage[];
int cmd_client(int argc, char **argv);
extern const char cmd_client_usage[];

#endif
