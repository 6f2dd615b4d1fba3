// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xrouterctl: the CLI.  It only parses its own options and ships the
 * command words to the daemon of this network namespace, which parses
 * them with the same parser it uses for --config.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "xr_version.h"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: xrouterctl [-j|--json] [-4|-6] [-s|--socket PATH] OBJECT COMMAND [ARGS...]\n"
		"       xrouterctl -V|--version | -h|--help\n"
		"`xrouterctl help` asks the daemon for its commands (OBJECT COMMAND ARGS);\n"
		"`xrouterctl OBJECT help` for one object's.\n"
		"-4, -6: the command's family where its addresses do not say (route show: IPv4).\n"
		"Anyone in the network namespace may show; changing state needs root.\n"
		"XRCTL_TIMEOUT=SECONDS: give up when xrouterd does not answer for that long\n"
		"(default %d, 0 waits forever); exit 2 then.\n", CTL_TIMEOUT_MS / 1000);
}

/* XRCTL_TIMEOUT in ms, CTL_TIMEOUT_MS if unset; -EINVAL if not seconds. */
static int timeout_parse(const char *s)
{
	char *end;
	double sec;

	if (!s || !*s)
		return CTL_TIMEOUT_MS;
	errno = 0;
	sec = strtod(s, &end);
	if (errno || *end || !isfinite(sec) || sec < 0 || sec > 86400)
		return -EINVAL;
	return (int)(sec * 1000 + 0.5);
}

static int request_report(const char *path, int timeout_ms, int ret)
{
	if (ret == -E2BIG) {
		fprintf(stderr, "Error: request too large\n");
		return 1;
	}
	if (ret == -ETIMEDOUT) {
		fprintf(stderr, "xrouterctl: xrouterd did not answer within %g s\n",
			timeout_ms / 1000.0);
		return 2;
	}
	if (ret < 0) {
		fprintf(stderr, "xrouterctl: no daemon reachable%s%s: %s\n",
			path ? " at " : "", path ? path : "", strerror(-ret));
		return 2;
	}
	return ret;
}

/*
 * The family flag travels as the first word, which the daemon's parser
 * reads (cmd_run()), so the request format is unchanged and a journal line
 * keeps it.
 */
static int request_send(const char *path, bool json, int timeout_ms, const char *fam,
			int argc, char **argv)
{
	char **words;
	int ret;

	if (!fam)
		return ctl_request_within(path, json, timeout_ms, argc, argv);
	words = calloc((size_t)argc + 2, sizeof(*words));
	if (!words)
		return -ENOMEM;
	words[0] = (char *)fam;
	memcpy(words + 1, argv, (size_t)argc * sizeof(*words));
	ret = ctl_request_within(path, json, timeout_ms, argc + 1, words);
	free(words);
	return ret;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "socket", required_argument, NULL, 's' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	const char *path = NULL, *fam = NULL;
	bool json = false;
	int c, timeout_ms;

	/* '+': stop at the first non-option, so "route del ... -x" reaches the parser. */
	while ((c = getopt_long(argc, argv, "+js:hV46", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 's':
			path = optarg;
			break;
		case '4':
			fam = "-4";
			break;
		case '6':
			fam = "-6";
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("xrouterctl %s\n", XR_VERSION);
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
	timeout_ms = timeout_parse(getenv("XRCTL_TIMEOUT"));
	if (timeout_ms < 0) {
		fprintf(stderr, "xrouterctl: XRCTL_TIMEOUT=\"%s\" is not a number of seconds\n",
			getenv("XRCTL_TIMEOUT"));
		return 1;
	}
	return request_report(path, timeout_ms,
			      request_send(path, json, timeout_ms, fam, argc - optind,
					   argv + optind));
}
