// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Trace records as the daemon prints them (modules/trace/trace_print.c):
 * the bytes are a fast-path record and the daemon's notes, whatever they
 * hold (steps past the record, unknown kinds, counters past stats.h).  The
 * printer stays inside them, and with -j writes one object per line.
 */
#include <string.h>

#include "fuzz.h"
#include "tracemod.h"

static void fuzz_print(const struct trace_pkt *p, bool json)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	FUZZ_CHECK(f != NULL);
	trace_print_pkt(f, json, NULL, p, 1);
	fclose(f);
	FUZZ_CHECK(len > 0 && text[len - 1] == '\n');
	if (json) {
		FUZZ_CHECK(text[0] == '{' && len >= 3 && text[len - 2] == '}');
		FUZZ_CHECK(memchr(text, '\n', len) == text + len - 1);
	}
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct trace_pkt *p = calloc(1, sizeof(*p));
	size_t body = sizeof(p->rec) + sizeof(p->notes);

	if (!p)
		return 0;
	memcpy(&p->rec, data, size < sizeof(p->rec) ? size : sizeof(p->rec));
	if (size > sizeof(p->rec))
		memcpy(p->notes, data + sizeof(p->rec),
		       (size < body ? size : body) - sizeof(p->rec));
	p->used = p->have_rec = true;
	p->done = size & 1;
	p->nnotes = size > sizeof(p->rec) ? data[sizeof(p->rec)] : 0;
	fuzz_print(p, false);
	fuzz_print(p, true);
	free(p);
	return 0;
}
