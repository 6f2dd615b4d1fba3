# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# xrouter: every output goes to build/.
#   bpf/x.bpf.c -> build/x.bpf.o -> build/x.skel.h -> user objects -> binaries

BUILD     ?= build
CLANG     ?= clang
CC        ?= cc
BPFTOOL   ?= $(shell command -v bpftool || echo /usr/sbin/bpftool)
ARCH      := $(shell uname -m | sed 's/x86_64/x86/;s/aarch64/arm64/')

ifeq ($(V),1)
Q :=
else
Q := @
endif

.DELETE_ON_ERROR:
.SUFFIXES:

LIBBPF_CFLAGS := $(shell pkg-config --cflags libbpf 2>/dev/null)
LIBBPF_LIBS   := $(shell pkg-config --libs libbpf 2>/dev/null || echo -lbpf)
# libmnl: netlink messages built and parsed with every length checked (linkmon.c).
LIBMNL_CFLAGS := $(shell pkg-config --cflags libmnl 2>/dev/null)
LIBMNL_LIBS   := $(shell pkg-config --libs libmnl 2>/dev/null || echo -lmnl)
CFLAGS   ?= -O2 -g
CFLAGS   += -Wall -Wextra -Werror -std=gnu11 -D_GNU_SOURCE -MMD -MP \
	    -Iinclude -Iuser -I$(BUILD) $(LIBBPF_CFLAGS) $(LIBMNL_CFLAGS)
LDLIBS   += $(LIBBPF_LIBS) $(LIBMNL_LIBS) -lelf -lz
BPF_CFLAGS := -O2 -g -target bpf -D__TARGET_ARCH_$(ARCH) -Wall -Wextra -Werror \
	    -Wno-unused-parameter -Iinclude -Ibpf -MMD -MP \
	    -I/usr/include/$(shell uname -m)-linux-gnu

BPF_SRCS   := $(wildcard bpf/*.bpf.c)
BPF_OBJS   := $(patsubst bpf/%.bpf.c,$(BUILD)/%.bpf.o,$(BPF_SRCS))
SKELS      := $(patsubst bpf/%.bpf.c,$(BUILD)/%.skel.h,$(BPF_SRCS))
MAINS      := user/xrouterd.c user/xrouterctl.c
LIB_SRCS   := $(filter-out $(MAINS),$(wildcard user/*.c))
LIB_OBJS   := $(patsubst user/%.c,$(BUILD)/user/%.o,$(LIB_SRCS))
BINS       := $(patsubst user/%.c,$(BUILD)/%,$(wildcard $(MAINS)))
UNIT_BINS  := $(patsubst tests/unit/%.c,$(BUILD)/tests/unit/%,$(wildcard tests/unit/*_test.c))
BPFT_SRCS  := $(wildcard tests/bpf/*.c)
BPFT_BIN   := $(if $(BPFT_SRCS),$(BUILD)/tests/bpf/bpf_test)
BENCH_BINS := $(patsubst tests/bench/%.c,$(BUILD)/bench/%,$(wildcard tests/bench/*.c))

# The same library, unit tests and daemon built again with UBSan and ASan
# (tests/san.sh runs them as their own part of `make test`): misaligned
# header accesses and undefined calls abort instead of passing unnoticed.
SAN_BUILD  := $(BUILD)/san
SAN_FLAGS  := -fsanitize=undefined,address -fno-sanitize-recover=all -fno-omit-frame-pointer
SAN_OBJS   := $(patsubst user/%.c,$(SAN_BUILD)/user/%.o,$(LIB_SRCS))
SAN_UNIT   := $(patsubst tests/unit/%.c,$(SAN_BUILD)/tests/unit/%,$(wildcard tests/unit/*_test.c))
SAN_BINS   := $(patsubst user/%.c,$(SAN_BUILD)/%,$(wildcard $(MAINS)))

# libFuzzer targets (tests/fuzz/), one per parser of outside input, built
# by clang with ASan and UBSan over a clang build of the same library.
FUZZ_BUILD := $(BUILD)/fuzz
FUZZ_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_OBJS  := $(patsubst user/%.c,$(FUZZ_BUILD)/user/%.o,$(LIB_SRCS))
FUZZ_BINS  := $(patsubst tests/fuzz/%.c,$(FUZZ_BUILD)/%,$(wildcard tests/fuzz/fuzz_*.c))

.PHONY: all san fuzz-build fuzz deps test check demo demo-down bench clean
all: $(BPF_OBJS) $(SKELS) $(BINS) $(UNIT_BINS) $(BPFT_BIN) $(BENCH_BINS)

# One idempotent step installs what building and testing need.
deps:
	$(Q)sh tests/deps.sh

$(BUILD)/%.bpf.o: bpf/%.bpf.c | $(BUILD)
	@echo "  BPF     $@"
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BUILD)/%.skel.h: $(BUILD)/%.bpf.o
	@echo "  SKEL    $@"
	$(Q)$(BPFTOOL) gen skeleton $< name $(subst -,_,$*) > $@

$(BUILD)/user/%.o: user/%.c | $(SKELS) $(BUILD)/user
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/libxr.a: $(LIB_OBJS)
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/%: $(BUILD)/user/%.o $(BUILD)/libxr.a
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) $^ $(LDLIBS) -o $@

# The CLI only ships argv to the daemon: none of the datapath's libraries
# (tests/layering.sh checks that ldd finds no libbpf in it).
$(BUILD)/xrouterctl: $(BUILD)/user/xrouterctl.o $(BUILD)/libxr.a
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) $^ -lm -o $@

$(BUILD)/tests/unit/%: tests/unit/%.c $(BUILD)/libxr.a | $(SKELS) $(BUILD)/tests/unit
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) -Itests $< $(BUILD)/libxr.a $(LDLIBS) -o $@

$(BUILD)/tests/bpf/bpf_test: $(BPFT_SRCS) $(BUILD)/libxr.a | $(SKELS) $(BUILD)/tests/bpf
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) -Itests $(BPFT_SRCS) $(BUILD)/libxr.a $(LDLIBS) -o $@

$(BUILD)/bench/%: tests/bench/%.c $(BUILD)/libxr.a | $(SKELS) $(BUILD)/bench
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) -Itests $< $(BUILD)/libxr.a $(LDLIBS) -o $@

san: $(SAN_UNIT) $(SAN_BINS)

$(SAN_BUILD)/user/%.o: user/%.c | $(SKELS) $(SAN_BUILD)/user
	@echo "  CC SAN  $@"
	$(Q)$(CC) $(CFLAGS) $(SAN_FLAGS) -c $< -o $@

$(SAN_BUILD)/libxr.a: $(SAN_OBJS)
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(SAN_BUILD)/%: $(SAN_BUILD)/user/%.o $(SAN_BUILD)/libxr.a
	@echo "  LD SAN  $@"
	$(Q)$(CC) $(CFLAGS) $(SAN_FLAGS) $^ $(LDLIBS) -o $@

$(SAN_BUILD)/xrouterctl: $(SAN_BUILD)/user/xrouterctl.o $(SAN_BUILD)/libxr.a
	@echo "  LD SAN  $@"
	$(Q)$(CC) $(CFLAGS) $(SAN_FLAGS) $^ -lm -o $@

$(SAN_BUILD)/tests/unit/%: tests/unit/%.c $(SAN_BUILD)/libxr.a | $(SKELS) $(SAN_BUILD)/tests/unit
	@echo "  CC SAN  $@"
	$(Q)$(CC) $(CFLAGS) $(SAN_FLAGS) -Itests $< $(SAN_BUILD)/libxr.a $(LDLIBS) -o $@

fuzz-build: $(FUZZ_BINS)

$(FUZZ_BUILD)/user/%.o: user/%.c | $(SKELS) $(FUZZ_BUILD)/user
	@echo "  CC FUZZ $@"
	$(Q)$(CLANG) $(CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(FUZZ_BUILD)/libxr.a: $(FUZZ_OBJS)
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_BUILD)/libxr.a | $(SKELS)
	@echo "  LD FUZZ $@"
	$(Q)$(CLANG) $(CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer -Itests/fuzz $< \
		$(FUZZ_BUILD)/libxr.a $(LDLIBS) -o $@

# Longer runs than make test's: FUZZ_SECONDS each (default 60).
fuzz: deps
	$(Q)$(MAKE) --no-print-directory fuzz-build
	$(Q)FUZZ_SECONDS=$${FUZZ_SECONDS:-60} bash tests/fuzz/run.sh

$(BUILD) $(BUILD)/user $(BUILD)/tests/unit $(BUILD)/tests/bpf $(BUILD)/bench \
$(SAN_BUILD)/user $(SAN_BUILD)/tests/unit $(FUZZ_BUILD)/user:
	$(Q)mkdir -p $@

# `make test` is README's command: it installs what is missing, then runs
# `make check`, which builds and runs every test and installs nothing.
test: deps
	$(Q)$(MAKE) --no-print-directory check

check: all san fuzz-build
	$(Q)bash tests/run.sh

demo: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)bash netns-scripts/demo.sh up

demo-down:
	$(Q)bash netns-scripts/demo.sh down

bench: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)bash tests/bench/run.sh

clean:
	rm -rf $(BUILD)

-include $(wildcard $(BUILD)/*.d $(BUILD)/user/*.d $(BUILD)/tests/*/*.d $(BUILD)/bench/*.d \
	$(SAN_BUILD)/*.d $(SAN_BUILD)/user/*.d $(SAN_BUILD)/tests/*/*.d \
	$(FUZZ_BUILD)/*.d $(FUZZ_BUILD)/user/*.d)
