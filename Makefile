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

.PHONY: all deps test demo demo-down bench clean
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

$(BUILD)/tests/unit/%: tests/unit/%.c $(BUILD)/libxr.a | $(SKELS) $(BUILD)/tests/unit
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) -Itests $< $(BUILD)/libxr.a $(LDLIBS) -o $@

$(BUILD)/tests/bpf/bpf_test: $(BPFT_SRCS) $(BUILD)/libxr.a | $(SKELS) $(BUILD)/tests/bpf
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) -Itests $(BPFT_SRCS) $(BUILD)/libxr.a $(LDLIBS) -o $@

$(BUILD)/bench/%: tests/bench/%.c $(BUILD)/libxr.a | $(SKELS) $(BUILD)/bench
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) -Itests $< $(BUILD)/libxr.a $(LDLIBS) -o $@

$(BUILD) $(BUILD)/user $(BUILD)/tests/unit $(BUILD)/tests/bpf $(BUILD)/bench:
	$(Q)mkdir -p $@

test: deps
	$(Q)$(MAKE) --no-print-directory all
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

-include $(wildcard $(BUILD)/*.d $(BUILD)/user/*.d $(BUILD)/tests/*/*.d $(BUILD)/bench/*.d)
