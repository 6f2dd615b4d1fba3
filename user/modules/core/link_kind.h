/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Interface types: `link add DEV` takes a routed port; `link add DEV WORD
 * ...` asks the module that registered WORD ("bridge": a port of a switch;
 * later "vlan": a routed VLAN interface).  link.c parses DEV and hands the
 * rest to the kind, so a new interface type is a module, not an edit of
 * link.c's parser.
 */
#ifndef XR_LINK_KIND_H
#define XR_LINK_KIND_H

struct cmd_ctx;

struct link_kind {
	const char *keyword;	/* the word after DEV */
	/* argv[0] is DEV (a valid name), argv[1] the keyword; validate the
	 * rest before changing anything, as every command handler does. */
	int (*add)(struct cmd_ctx *c, int argc, char **argv);
	struct link_kind *next;
};

/* From a constructor (XR_LINK_KIND), before the daemon starts. */
void link_kind_register(struct link_kind *k);

#define XR_LINK_KIND(k)								\
	__attribute__((constructor)) static void k##_register(void)		\
	{									\
		link_kind_register(&(k));					\
	}

#endif
