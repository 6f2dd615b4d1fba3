/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * One printer for text and JSON, after iproute2's json_print: each field
 * is written once as print_string(PRINT_ANY, "dev", "dev %s ", name) and
 * comes out as text or as a JSON member depending on the request's -j.
 * One request is printed at a time, so the state is per process.
 */
#ifndef XR_PRINT_H
#define XR_PRINT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum print_type {
	PRINT_FP = 1,		/* text only */
	PRINT_JSON = 2,		/* JSON only */
	PRINT_ANY = 3,		/* both */
};

/* Start printing to f; json picks the format. */
void print_begin(FILE *f, bool json);
/* Finish: closes any open JSON containers and adds the final newline. */
void print_end(void);
bool print_is_json(void);

/* key NULL inside arrays (and for the top-level value). */
void print_open_array(const char *key);
void print_close_array(void);
void print_open_object(const char *key);
void print_close_object(void);

void print_string(enum print_type t, const char *key, const char *fmt, const char *val);
void print_uint(enum print_type t, const char *key, const char *fmt, uint64_t val);
void print_bool(enum print_type t, const char *key, const char *fmt, bool val);
/* Text only: a literal, and an end of line. */
void print_text(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void print_nl(void);

/* Formatting helpers: network-order-free, host-order addresses. */
const char *print_ip(uint32_t addr_host, char buf[16]);
const char *print_mac(const uint8_t mac[6], char buf[18]);

#endif
