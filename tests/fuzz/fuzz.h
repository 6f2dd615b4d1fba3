/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What the fuzz targets share.  Each tests/fuzz/fuzz_*.c is one libFuzzer
 * target over one parser of outside input, built with ASan and UBSan
 * (`make fuzz`; a short run of each is part of `make test`).  A property a
 * target checks beyond "does not crash" fails through FUZZ_CHECK, which
 * aborts so libFuzzer saves the input.
 */
#ifndef XR_TESTS_FUZZ_H
#define XR_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define FUZZ_CHECK(cond) do {							\
	if (!(cond)) {								\
		fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__,	\
			__LINE__, #cond);					\
		abort();							\
	}									\
} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
