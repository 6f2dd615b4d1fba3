// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Control socket requests from any local client: a struct ctl_req header
 * then its payload, checked as the server checks them (ctl.c), then split
 * into words (ctl_split()).  Whatever the bytes, the split stays inside
 * the payload, and what it accepts is exactly argc terminated words.
 */
#include <string.h>

#include "ctl.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ctl_req req;
	char **argv, *body;
	size_t len;

	if (size < sizeof(req))
		return 0;
	memcpy(&req, data, sizeof(req));
	len = size - sizeof(req);
	/* The server's own checks before it reads a body. */
	if (req.len > CTL_REQ_MAX || req.argc > CTL_ARGC_MAX || req.len != len)
		return 0;
	body = malloc(len ? len : 1);	/* exactly len: ASan sees overreads */
	argv = calloc(req.argc + 1, sizeof(*argv));
	if (body && argv) {
		memcpy(body, data + sizeof(req), len);
		if (!ctl_split(body, req.len, req.argc, argv)) {
			FUZZ_CHECK(argv[req.argc] == NULL);
			for (uint32_t i = 0; i < req.argc; i++)
				FUZZ_CHECK(argv[i] >= body && argv[i] + strlen(argv[i]) < body + len);
		}
	}
	free(argv);
	free(body);
	return 0;
}
