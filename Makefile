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

# `make` is `make all`: the variant rules below come first in the file.
.DEFAULT_GOAL := all
.DELETE_ON_ERROR:
.SUFFIXES:

LIBBPF_CFLAGS := $(shell pkg-config --cflags libbpf 2>/dev/null)
LIBBPF_LIBS   := $(shell pkg-config --libs libbpf 2>/dev/null || echo -lbpf)
# libmnl: netlink messages built and parsed with every length checked (linkmon.c).
LIBMNL_CFLAGS := $(shell pkg-config --cflags libmnl 2>/dev/null)
LIBMNL_LIBS   := $(shell pkg-config --libs libmnl 2>/dev/null || echo -lmnl)
# libmicrohttpd: HTTP for --metrics, parsed by a kept library, not by us (metrics_http.c).
MHD_CFLAGS    := $(shell pkg-config --cflags libmicrohttpd 2>/dev/null)
MHD_LIBS      := $(shell pkg-config --libs libmicrohttpd 2>/dev/null || echo -lmicrohttpd)
CFLAGS   ?= -O2 -g
CFLAGS   += -Wall -Wextra -Werror -std=gnu11 -D_GNU_SOURCE -MMD -MP \
	    -Iinclude -I$(BUILD) $(LIBBPF_CFLAGS) $(LIBMNL_CFLAGS) $(MHD_CFLAGS)
LDLIBS   += $(LIBBPF_LIBS) $(LIBMNL_LIBS) $(MHD_LIBS) -lelf -lz
BPF_CFLAGS := -O2 -g -target bpf -D__TARGET_ARCH_$(ARCH) -Wall -Wextra -Werror \
	    -Wno-unused-parameter -Iinclude -Ibpf -MMD -MP \
	    -I/usr/include/$(shell uname -m)-linux-gnu

# make XR_ABI_BUMP=1 BUILD=DIR: a build whose contract version (include/abi.h)
# differs from this tree's, for tests/integration/upgrade.sh.
ifneq ($(XR_ABI_BUMP),)
CFLAGS     += -DXR_ABI_BUMP=$(XR_ABI_BUMP)
BPF_CFLAGS += -DXR_ABI_BUMP=$(XR_ABI_BUMP)
endif

BPF_SRCS   := $(wildcard bpf/*.bpf.c)
BPF_OBJS   := $(patsubst bpf/%.bpf.c,$(BUILD)/%.bpf.o,$(BPF_SRCS))
SKELS      := $(patsubst bpf/%.bpf.c,$(BUILD)/%.skel.h,$(BPF_SRCS))

# user/ in layers, each calling only downward (README "Layout"): one
# archive per layer, and each program linked against the layers it may use,
# so a call upward fails to link.  Listed from the top down, as ld wants them.
LAYERS     := modules daemon dp sys lib
MAINS      := user/daemon/xrouterd.c user/cli/xrouterctl.c
layer_srcs  = $(filter-out $(MAINS),$(wildcard user/$(1)/*.c user/$(1)/*/*.c))
# What each layer may include: itself and the layers below, nothing above.
INC_lib     := -Iuser/lib
INC_sys     := $(INC_lib) -Iuser/sys
INC_dp      := $(INC_sys) -Iuser/dp
INC_daemon  := $(INC_dp) -Iuser/daemon
INC_modules := $(INC_daemon) $(patsubst %/,-I%,$(sort $(dir $(wildcard user/modules/*/*.h))))
INC_cli     := $(INC_lib)
TEST_INC   := $(INC_modules) -Itests
BINS       := $(BUILD)/xrouterd $(BUILD)/xrouterctl
UNIT_BINS  := $(patsubst tests/unit/%.c,$(BUILD)/tests/unit/%,$(wildcard tests/unit/*_test.c))
BPFT_SRCS  := $(wildcard tests/bpf/*.c)
BPFT_BIN   := $(if $(BPFT_SRCS),$(BUILD)/tests/bpf/bpf_test)
BENCH_BINS := $(patsubst tests/bench/%.c,$(BUILD)/bench/%,$(wildcard tests/bench/*.c))
# The differential fuzzer (tests/fuzz/diff/): the reference model of the
# fast path (tests/model/) against the program, through the BPF harness.
XRDIFF_SRCS := $(wildcard tests/fuzz/diff/*.c) tests/model/model.c tests/bpf/harness.c tests/bpf/pkt.c \
	       tests/bpf/pkt_l4.c
XRDIFF_BIN := $(BUILD)/tests/fuzz/xrdiff
# The model's own unit test, run with the others (build/tests/unit/).
MODEL_TEST := $(BUILD)/tests/unit/model_test
# make fuzz: XRDIFF_FRAMES frames through it (make test runs 10^6).
XRDIFF_FRAMES ?= 100000000

# The same layers, unit tests and daemon built again with UBSan and ASan
# (tests/san.sh runs them as their own part of `make test`): misaligned
# header accesses and undefined calls abort instead of passing unnoticed.
SAN_BUILD  := $(BUILD)/san
SAN_FLAGS  := -fsanitize=undefined,address -fno-sanitize-recover=all -fno-omit-frame-pointer
SAN_UNIT   := $(patsubst tests/unit/%.c,$(SAN_BUILD)/tests/unit/%,$(wildcard tests/unit/*_test.c))
SAN_BINS   := $(SAN_BUILD)/xrouterd $(SAN_BUILD)/xrouterctl

# libFuzzer targets (tests/fuzz/), one per parser of outside input, built
# by clang with ASan and UBSan over a clang build of the same layers.
FUZZ_BUILD := $(BUILD)/fuzz
FUZZ_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_BINS  := $(patsubst tests/fuzz/%.c,$(FUZZ_BUILD)/%,$(wildcard tests/fuzz/fuzz_*.c))

# $(call variant,DIR,COMPILER,FLAGS,LABEL): objects and one archive per
# layer under DIR; ALL_A_DIR is every layer, top down, for tests.
define variant
$(foreach L,$(LAYERS) cli,
$(1)/user/$(L)/%.o: user/$(L)/%.c | $$(SKELS)
	@echo "  $(4) $$@"
	$$(Q)mkdir -p $$(@D)
	$$(Q)$(2) $$(CFLAGS) $$(INC_$(L)) $(3) -c $$< -o $$@
)
$(foreach L,$(LAYERS),
$(1)/libxr-$(L).a: $$(patsubst user/%.c,$(1)/user/%.o,$$(call layer_srcs,$(L)))
	@echo "  AR      $$@"
	$$(Q)rm -f $$@ && ar rcs $$@ $$^
)
ALL_A_$(1) := $(foreach L,$(LAYERS),$(1)/libxr-$(L).a)
endef
$(eval $(call variant,$(BUILD),$(CC),,CC     ))
$(eval $(call variant,$(SAN_BUILD),$(CC),$(SAN_FLAGS),CC SAN ))
$(eval $(call variant,$(FUZZ_BUILD),$(CLANG),$(FUZZ_FLAGS) -fsanitize=fuzzer-no-link,CC FUZZ))
ALL_A      := $(ALL_A_$(BUILD))
SAN_A      := $(ALL_A_$(SAN_BUILD))
FUZZ_A     := $(ALL_A_$(FUZZ_BUILD))
# The daemon: its main, every module (--whole-archive: they register
# themselves from constructors nothing else references), the layers below.
DAEMON_LINK = $(1)/user/daemon/xrouterd.o -Wl,--whole-archive $(1)/libxr-modules.a \
	      -Wl,--no-whole-archive $(filter-out %/libxr-modules.a,$(ALL_A_$(1)))

.PHONY: all san fuzz-build fuzz deps test check abi-bump notrace demo demo-down demo-ospf demo-ospf-down bench \
	clean FORCE \
	dist install uninstall deb
# The tests' VLAN tagging rig (tests/vlan_tag.bpf.c), one object per VID they use.
VLAN_TAG_VIDS := 10 20 30
VLAN_TAG_OBJS := $(patsubst %,$(BUILD)/tests/vlan_tag_%.bpf.o,$(VLAN_TAG_VIDS))
all: $(BPF_OBJS) $(SKELS) $(BINS) $(UNIT_BINS) $(BPFT_BIN) $(BENCH_BINS) $(XRDIFF_BIN) $(MODEL_TEST) \
	$(VLAN_TAG_OBJS)

# -V: a VERSION file (a source tarball, `make deb`'s copy), else git.
# Without tags, 0.0~gitN.HASH sorts as a Debian version should.
XR_VERSION := $(shell cat VERSION 2>/dev/null || git describe --tags --dirty 2>/dev/null || \
		echo "0.0~git$$(git rev-list --count HEAD 2>/dev/null).$$(git describe --always \
		--dirty=+dirty 2>/dev/null || echo unknown)")
# Rewritten only when the version changes, so a build with none redoes nothing.
$(BUILD)/xr_version.h: FORCE | $(BUILD)
	$(Q)echo '#define XR_VERSION "$(XR_VERSION)"' | cmp -s - $@ || \
		echo '#define XR_VERSION "$(XR_VERSION)"' > $@
$(foreach B,$(BUILD) $(SAN_BUILD),$(B)/user/daemon/xrouterd.o $(B)/user/cli/xrouterctl.o): \
	$(BUILD)/xr_version.h

# One idempotent step installs what building and testing need.
deps:
	$(Q)sh tests/deps.sh

$(BUILD)/%.bpf.o: bpf/%.bpf.c | $(BUILD)
	@echo "  BPF     $@"
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BUILD)/tests/vlan_tag_%.bpf.o: tests/vlan_tag.bpf.c
	@echo "  CLANG   $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(BPF_CFLAGS) -DVLAN_VID=$* -c $< -o $@

$(BUILD)/%.skel.h: $(BUILD)/%.bpf.o
	@echo "  SKEL    $@"
	$(Q)$(BPFTOOL) gen skeleton $< name $(subst -,_,$*) > $@

$(BUILD)/xrouterd: $(BUILD)/user/daemon/xrouterd.o $(ALL_A)
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $(call DAEMON_LINK,$(BUILD)) $(LDLIBS) -o $@

# The CLI only ships argv to the daemon: lib/ and none of the datapath's
# libraries (tests/layering.sh checks that ldd finds no libbpf in it).
$(BUILD)/xrouterctl: $(BUILD)/user/cli/xrouterctl.o $(BUILD)/libxr-lib.a
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $^ -lm -o $@

$(BUILD)/tests/unit/%: tests/unit/%.c $(ALL_A) | $(SKELS) $(BUILD)/tests/unit
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) $(TEST_INC) $< $(ALL_A) $(LDLIBS) -o $@

$(BUILD)/tests/bpf/bpf_test: $(BPFT_SRCS) $(ALL_A) | $(SKELS) $(BUILD)/tests/bpf
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) $(TEST_INC) $(BPFT_SRCS) $(ALL_A) $(LDLIBS) -o $@

$(XRDIFF_BIN): $(XRDIFF_SRCS) $(ALL_A) | $(SKELS)
	@echo "  CC      $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) $(TEST_INC) -Itests/bpf -Itests/model -Itests/fuzz/diff \
		$(XRDIFF_SRCS) $(ALL_A) $(LDLIBS) -o $@

$(MODEL_TEST): tests/model/model_test.c tests/model/model.c | $(BUILD)/tests/unit
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) -Itests/model $^ -o $@

$(BUILD)/bench/%: tests/bench/%.c $(ALL_A) | $(SKELS) $(BUILD)/bench
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) $(TEST_INC) $< $(ALL_A) $(LDLIBS) -o $@

# The program without its trace stage (-DXR_NO_TRACE, bpf/trace_rb.h), for
# the benchmark only: its skeleton, dp.c compiled against it, and the cost
# tool and daemon linked with that dp.o ahead of the archives.
NOTRACE := $(BUILD)/bench/notrace
NOTRACE_BINS := $(NOTRACE)/xrb_cost $(NOTRACE)/xrouterd
notrace: $(NOTRACE_BINS)

$(NOTRACE)/xrouter.bpf.o: bpf/xrouter.bpf.c
	@echo "  BPF     $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(BPF_CFLAGS) -DXR_NO_TRACE -c $< -o $@

$(NOTRACE)/xrouter.skel.h: $(NOTRACE)/xrouter.bpf.o
	@echo "  SKEL    $@"
	$(Q)$(BPFTOOL) gen skeleton $< name xrouter > $@

$(NOTRACE)/dp.o: user/dp/dp.c $(NOTRACE)/xrouter.skel.h | $(SKELS)
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) -iquote $(NOTRACE) $(INC_dp) -c $< -o $@

$(NOTRACE)/xrb_cost: tests/bench/xrb_cost.c $(NOTRACE)/dp.o $(ALL_A)
	@echo "  CC      $@"
	$(Q)$(CC) $(CFLAGS) $(TEST_INC) $< $(NOTRACE)/dp.o $(ALL_A) $(LDLIBS) -o $@

$(NOTRACE)/xrouterd: $(BUILD)/user/daemon/xrouterd.o $(NOTRACE)/dp.o $(ALL_A)
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $(NOTRACE)/dp.o $(call DAEMON_LINK,$(BUILD)) $(LDLIBS) -o $@

san: $(SAN_UNIT) $(SAN_BINS)

# `make SANITIZE=1`: the sanitized daemon, CLI and unit tests (build/san/,
# run by tests/san.sh in make test) beside the ordinary build.
ifeq ($(SANITIZE),1)
all: san
endif

$(SAN_BUILD)/xrouterd: $(SAN_BUILD)/user/daemon/xrouterd.o $(SAN_A)
	@echo "  LD SAN  $@"
	$(Q)$(CC) $(CFLAGS) $(SAN_FLAGS) $(call DAEMON_LINK,$(SAN_BUILD)) $(LDLIBS) -o $@

$(SAN_BUILD)/xrouterctl: $(SAN_BUILD)/user/cli/xrouterctl.o $(SAN_BUILD)/libxr-lib.a
	@echo "  LD SAN  $@"
	$(Q)$(CC) $(CFLAGS) $(SAN_FLAGS) $^ -lm -o $@

$(SAN_BUILD)/tests/unit/%: tests/unit/%.c $(SAN_A) | $(SKELS) $(SAN_BUILD)/tests/unit
	@echo "  CC SAN  $@"
	$(Q)$(CC) $(CFLAGS) $(SAN_FLAGS) $(TEST_INC) $< $(SAN_A) $(LDLIBS) -o $@

fuzz-build: $(FUZZ_BINS)

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_A) | $(SKELS)
	@echo "  LD FUZZ $@"
	$(Q)$(CLANG) $(CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer $(TEST_INC) -Itests/fuzz $< \
		$(FUZZ_A) $(LDLIBS) -o $@

# Longer runs than make test's: FUZZ_SECONDS each (default 60), and
# XRDIFF_FRAMES frames through the differential fuzzer (make test: 10^6).
fuzz: deps
	$(Q)$(MAKE) --no-print-directory fuzz-build $(XRDIFF_BIN)
	$(Q)FUZZ_SECONDS=$${FUZZ_SECONDS:-60} XRDIFF_FRAMES=$(XRDIFF_FRAMES) bash tests/fuzz/run.sh

$(BUILD) $(BUILD)/tests/unit $(BUILD)/tests/bpf $(BUILD)/bench $(SAN_BUILD)/tests/unit:
	$(Q)mkdir -p $@

# `make test` is README's command: it installs what is missing, then runs
# `make check`, which builds and runs every test and installs nothing.
test: deps
	$(Q)$(MAKE) --no-print-directory check

check: all san fuzz-build abi-bump
	$(Q)bash tests/run.sh

# The daemon again with its contract version bumped, for the upgrade test.
abi-bump:
	$(Q)$(MAKE) --no-print-directory BUILD=$(BUILD)/abibump XR_ABI_BUMP=1 \
		$(BUILD)/abibump/xrouterd $(BUILD)/abibump/xrouterctl

demo: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)bash netns-scripts/demo.sh up

demo-down:
	$(Q)bash netns-scripts/demo.sh down

# OSPF (FRR) among three xrouters: converge, trace, cut a link, trace again.
demo-ospf: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)bash netns-scripts/ospf-triangle.sh demo

demo-ospf-down:
	$(Q)bash netns-scripts/ospf-triangle.sh down

bench: deps
	$(Q)$(MAKE) --no-print-directory all abi-bump notrace
	$(Q)bash tests/bench/run.sh

clean:
	rm -rf $(BUILD)

# What goes onto a system (README "Install"): binaries (the XDP object is
# inside xrouterd, through its skeleton), man pages beside their code, and
# user/dist/: systemd units and bash completion made here, example config.
PREFIX      ?= /usr/local
BINDIR      ?= $(PREFIX)/bin
SBINDIR     ?= $(PREFIX)/sbin
MANDIR      ?= $(PREFIX)/share/man
DOCDIR      ?= $(PREFIX)/share/doc/xrouter
UNITDIR     ?= $(PREFIX)/lib/systemd/system
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
# The units read /etc/xrouter whatever the prefix: where systemd users look.
SYSCONFDIR  ?= /etc
DIST        := $(BUILD)/dist
DIST_OUT    := $(DIST)/xrouterd.service $(DIST)/xrouterd@.service $(DIST)/xrouterctl
MANS        := user/daemon/xrouterd.8 user/cli/xrouterctl.8
CONF        := $(DESTDIR)$(SYSCONFDIR)/xrouter/xrouterd.conf

dist: $(DIST_OUT)

# The paths the units name: rewritten only when they change.
$(DIST)/paths: FORCE
	$(Q)mkdir -p $(@D)
	$(Q)echo '$(SBINDIR) $(SYSCONFDIR)' | cmp -s - $@ || echo '$(SBINDIR) $(SYSCONFDIR)' > $@

# $(call unit,CONF,WHERE,NETNS): the template with one instance's lines.
unit = sed -e 's|@SBINDIR@|$(SBINDIR)|g; s|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
	   -e 's|@CONF@|$(1)|; s|@WHERE@|$(2)|; s|@NETNS@|$(3)|' $< > $@
$(DIST)/xrouterd.service: user/dist/xrouterd.service.in $(DIST)/paths
	@echo "  GEN     $@"
	$(Q)$(call unit,xrouterd,,# the root network namespace)
$(DIST)/xrouterd@.service: user/dist/xrouterd.service.in $(DIST)/paths
	@echo "  GEN     $@"
	$(Q)$(call unit,%i, in network namespace %i,NetworkNamespacePath=/run/netns/%i)

# The completion knows the commands xrouterd's dispatcher has (--commands).
$(DIST)/xrouterctl: user/dist/xrouterctl.bash.in user/dist/completion.py $(BUILD)/xrouterd
	@echo "  GEN     $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(BUILD)/xrouterd --commands=json | python3 user/dist/completion.py $< > $@

# Nothing outside DESTDIR; an admin's xrouterd.conf is never overwritten.
install: $(BINS) $(DIST_OUT)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man8 \
		$(DESTDIR)$(UNITDIR) $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(DOCDIR)/examples \
		$(DESTDIR)$(SYSCONFDIR)/xrouter
	install -m 0755 $(BUILD)/xrouterd $(DESTDIR)$(SBINDIR)/xrouterd
	install -m 0755 $(BUILD)/xrouterctl $(DESTDIR)$(BINDIR)/xrouterctl
	install -m 0644 $(MANS) $(DESTDIR)$(MANDIR)/man8/
	install -m 0644 $(DIST)/xrouterd.service $(DIST)/xrouterd@.service $(DESTDIR)$(UNITDIR)/
	install -m 0644 $(DIST)/xrouterctl $(DESTDIR)$(BASHCOMPDIR)/xrouterctl
	install -m 0644 user/dist/xrouterd.conf $(DESTDIR)$(DOCDIR)/examples/xrouterd.conf
	[ -e $(CONF) ] || install -m 0644 user/dist/xrouterd.conf $(CONF)

# Takes back what install put there; the config only if still the example.
uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/xrouterd $(DESTDIR)$(BINDIR)/xrouterctl \
		$(addprefix $(DESTDIR)$(MANDIR)/man8/,$(notdir $(MANS))) \
		$(DESTDIR)$(UNITDIR)/xrouterd.service $(DESTDIR)$(UNITDIR)/xrouterd@.service \
		$(DESTDIR)$(BASHCOMPDIR)/xrouterctl $(DESTDIR)$(DOCDIR)/examples/xrouterd.conf
	! cmp -s user/dist/xrouterd.conf $(CONF) || rm -f $(CONF)
	-rmdir $(DESTDIR)$(DOCDIR)/examples $(DESTDIR)$(DOCDIR) $(DESTDIR)$(SYSCONFDIR)/xrouter \
		2>/dev/null

# A Debian package (user/dist/debian/), built by debhelper from a copy of
# the source in build/deb/ that carries its VERSION, since it has no git.
DEB_VERSION := $(subst -,+,$(patsubst v%,%,$(XR_VERSION)))
DEB_SRC     := $(BUILD)/deb/xrouter-$(DEB_VERSION)
# make exports its command line's variables: the package's build must not
# see `make deb BUILD=... PREFIX=...` (its clean would remove that BUILD).
DEB_UNEXPORT := MAKEFLAGS MFLAGS MAKELEVEL BUILD PREFIX BINDIR SBINDIR MANDIR DOCDIR UNITDIR \
		BASHCOMPDIR SYSCONFDIR DESTDIR
deb:
	$(Q)rm -rf $(BUILD)/deb && mkdir -p $(DEB_SRC)
	$(Q)tar -c --exclude-vcs --exclude=./build --exclude='./$(BUILD)' --exclude=./debian \
		--exclude=__pycache__ . | tar -x -C $(DEB_SRC)
	$(Q)echo '$(XR_VERSION)' > $(DEB_SRC)/VERSION
	$(Q)cp -r user/dist/debian $(DEB_SRC)/debian
	$(Q)sed -e 's|@VERSION@|$(DEB_VERSION)|; s|@DATE@|'"$$(date -R)"'|' \
		user/dist/debian/changelog.in > $(DEB_SRC)/debian/changelog
	$(Q)rm $(DEB_SRC)/debian/changelog.in
	cd $(DEB_SRC) && env $(addprefix -u ,$(DEB_UNEXPORT)) dpkg-buildpackage -b -us -uc -jauto
	@ls $(BUILD)/deb/*.deb

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
