// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xrouterctl: the CLI.  It only parses its own options and ships the
 * command words to the daemon of this network namespace, which parses
 * them with the same parser it uses for --config.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "ctl.h"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: xrouterctl [-j|--json] [-s|--socket PATH] OBJECT COMMAND [ARGS...]\n"
		"OBJECT := { status | link | addr | route | neigh | fdb | bridge | stats }\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "socket", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	const char *path = NULL;
	bool json = false;
	int c, ret;

	/* '+': stop at the first non-option, so "route del ... -x" reaches the parser. */
	while ((c = getopt_long(argc, argv, "+js:h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 's':
			path = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 1;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 1;
	}
	ret = ctl_request(path, json, argc - optind, argv + optind);
	if (ret == -E2BIG) {
		fprintf(stderr, "Error: request too large\n");
		return 1;
	}
	if (ret < 0) {
		fprintf(stderr, "xrouterctl: no daemon reachable%s%s: %s\n",
			path ? " at " : "", path ? path : "", strerror(-ret));
		return 2;
	}
	return ret;
}
