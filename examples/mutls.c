/* SPDX-License-Identifier: MIT */
/*
 * mutls.c - the `mutls` tool's entry point: a table of subcommands, one file each. To add a
 * subcommand, write cmd_<name>.c, declare it in commands.h and add a row here.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "mutls.h"

static const tool_command commands[] = {
    {"demo", cmd_demo, cmd_demo_usage},
    {"server", cmd_server, cmd_server_usage},
    {"client", cmd_client, cmd_client_usage},
    {"verify", cmd_verify, cmd_verify_usage},
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *f)
{
    size_t i;

    fprintf(f, "mutls %s - mutual TLS 1.2 tool\nusage:\n", mutls_version());
    for (i = 0; i < N_COMMANDS; i++) {
        fprintf(f, "  mutls %s %s\n", commands[i].name, commands[i].usage);
    }
}

int main(int argc, char **argv)
{
    size_t i;

    if (argc < 2) {
        usage(stderr);
        return TOOL_USAGE;
    }
    if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "-h") == 0) {
        usage(stdout);
        return TOOL_OK;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
        printf("mutls %s\n", mutls_version());
        return TOOL_OK;
    }
    for (i = 0; i < N_COMMANDS; i++) {
        if (strcmp(argv[1], commands[i].name) == 0) {
            return commands[i].run(argc - 1, argv + 1);
        }
    }
    fprintf(stderr, "mutls: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return TOOL_USAGE;
}
