// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Lines of --config and of the state journal (names.h): splitting never
 * reads past the line, and words joined back into a line split into the
 * same words, so what the journal saves is what a successor replays.
 * Each word also goes through the address/prefix parser (net.h).
 */
#include <string.h>

#include "fuzz.h"
#include "names.h"
#include "net.h"

#define FUZZ_WORDS	64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = malloc(size + 1), *again = NULL, *argv[FUZZ_WORDS], *argv2[FUZZ_WORDS];
	size_t cap = size + 2;
	int n, m;

	if (!line)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	n = name_line_split(line, argv, FUZZ_WORDS);
	if (n <= 0)
		goto out;
	for (int i = 0; i < n; i++) {	/* every word as an address or prefix too */
		struct xr_prefix p;

		if (!xr_prefix_from_str(argv[i], AF_UNSPEC, &p))
			FUZZ_CHECK(p.len <= xr_af_bits(p.addr.af) && xr_af_bits(p.addr.af));
	}
	for (int i = 0; i < n; i++)
		if (!name_word_valid(argv[i]))
			goto out;	/* refused by cmd_run(): never journalled */
	again = malloc(cap);
	if (!again)
		goto out;
	FUZZ_CHECK(name_line_join(again, cap, n, argv) > 0);
	m = name_line_split(again, argv2, FUZZ_WORDS);
	FUZZ_CHECK(m == n);
	for (int i = 0; i < n; i++)
		FUZZ_CHECK(!strcmp(argv[i], argv2[i]));
out:
	free(again);
	free(line);
	return 0;
}
