// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Leveled logging for xrouterd: stderr always, syslog in daemon mode.
 * Every line carries its level so a reader of a mixed log can filter it.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>


#include "log.h"

static enum log_level log_level = LOG_LEVEL_INFO;
static bool log_syslog;

static const char *const log_names[] = {
	[LOG_LEVEL_ERR] = "error",
	[LOG_LEVEL_WARN] = "warn",
	[LOG_LEVEL_INFO] = "info",
	[LOG_LEVEL_DEBUG] = "debug",
};

static const int log_prio[] = {
	[LOG_LEVEL_ERR] = LOG_ERR,
	[LOG_LEVEL_WARN] = LOG_WARNING,
	[LOG_LEVEL_INFO] = LOG_INFO,
	[LOG_LEVEL_DEBUG] = LOG_DEBUG,
};

int log_parse_level(const char *name, enum log_level *out)
{
	for (unsigned i = 0; i < sizeof(log_names) / sizeof(log_names[0]); i++) {
		if (!strcmp(name, log_names[i])) {
			*out = i;
			return 0;
		}
	}
	return -EINVAL;
}

void log_set_level(enum log_level level)
{
	log_level = level;
}

enum log_level log_get_level(void)
{
	return log_level;
}

void log_use_syslog(bool on)
{
	if (on && !log_syslog)
		openlog("xrouterd", LOG_PID, LOG_DAEMON);
	log_syslog = on;
}

void log_vprint(enum log_level level, const char *fmt, va_list ap)
{
	char line[1024];
	size_t n;

	if (level > log_level)
		return;
	vsnprintf(line, sizeof(line), fmt, ap);
	/* One event, one line: drop the caller's trailing newline, add ours. */
	n = strlen(line);
	while (n && line[n - 1] == '\n')
		line[--n] = '\0';
	fprintf(stderr, "xrouterd: %s: %s\n", log_names[level], line);
	if (log_syslog)
		syslog(log_prio[level], "%s", line);
}

void log_print(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vprint(level, fmt, ap);
	va_end(ap);
}
