/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The daemon's one leveled logger: one line per event on stderr, and on
 * syslog too once the daemon detaches.  libbpf's messages come through here
 * (dp_log_hook(): only the datapath library knows libbpf).
 */
#ifndef XR_LOG_H
#define XR_LOG_H

#include <stdarg.h>
#include <stdbool.h>

enum log_level {
	LOG_LEVEL_ERR = 0,
	LOG_LEVEL_WARN,
	LOG_LEVEL_INFO,
	LOG_LEVEL_DEBUG,
};

/* name: error|warn|info|debug; -EINVAL for anything else. */
int log_parse_level(const char *name, enum log_level *out);
void log_set_level(enum log_level level);
enum log_level log_get_level(void);
/* Also write to syslog (daemon mode); stderr stays. */
void log_use_syslog(bool on);
/* One message at a level, for callers that hold a va_list (libbpf's, dp.c). */
void log_vprint(enum log_level level, const char *fmt, va_list ap);

void log_print(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define pr_err(...)	log_print(LOG_LEVEL_ERR, __VA_ARGS__)
#define pr_warn(...)	log_print(LOG_LEVEL_WARN, __VA_ARGS__)
#define pr_info(...)	log_print(LOG_LEVEL_INFO, __VA_ARGS__)
#define pr_debug(...)	log_print(LOG_LEVEL_DEBUG, __VA_ARGS__)

#endif
