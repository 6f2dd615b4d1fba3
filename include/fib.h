/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The compiled forwarding table the fast path reads: a DIR-24-8 table
 * (tbl24 indexed by the top 24 bits of the destination, tbl8 groups of 256
 * for longer prefixes), the DXR table that can be compiled from it and
 * searched instead (dp_opts.fib_dxr: a direct table on the top 16 bits over
 * sorted address ranges, a few MiB where tbl24 is 64), and an array of
 * next hops; for IPv6 a DXR table of its own (the default) or a stride-8
 * trie.  The daemon keeps the RIB and writes these arrays through mmap;
 * the fast path only reads them.
 */
#ifndef XR_FIB_H
#define XR_FIB_H

#include <linux/types.h>

#include "ipaddr.h"

#define XR_TBL24_ENTRIES	(1u << 24)
/*
 * tbl8 groups: one per /24 holding a prefix longer than /24, 1 KiB each.
 * XR_TBL8_GROUPS is the size compiled into the program; the daemon sizes
 * the map at load time (xrouterd --tbl8-groups), up to XR_TBL8_GROUPS_MAX.
 */
#define XR_TBL8_GROUPS		16384u
#define XR_TBL8_GROUPS_MAX	(1u << 20)
#define XR_TBL8_GROUP_SIZE	256u
#define XR_TBL8_ENTRIES		(XR_TBL8_GROUPS * XR_TBL8_GROUP_SIZE)
#define XR_NH_MAX		65536u	/* slot 0 is never used: "no route" */

/*
 * Array maps round an element up to 8 bytes, so a map of single __u32
 * would not be a plain array under mmap.  Each element holds a cache line
 * of entries instead; the daemon's mapped view is then uint32_t[].
 */
#define XR_FIB_CHUNK		16u
struct xr_fib_chunk {
	__u32 e[XR_FIB_CHUNK];
};

/*
 * A tbl24/tbl8 entry (host order __u32):
 *   bit 31      XR_FIB_GROUP: bits 0..30 are a tbl8 group index (tbl24 only)
 *   bits 24..29 depth: length of the prefix that wrote the entry (0..32)
 *   bits 0..23  next hop id; 0 = no route
 * The depth lives in the entry so a restarted daemon can rebuild its view
 * of the tables from the adopted maps alone.
 */
#define XR_FIB_GROUP		0x80000000u
#define XR_FIB_NH_MASK		0x00ffffffu
#define XR_FIB_DEPTH_SHIFT	24
#define XR_FIB_DEPTH_MASK	0x3fu
#define XR_FIB_ENTRY(nh, depth)	((__u32)(nh) | ((__u32)(depth) << XR_FIB_DEPTH_SHIFT))

/*
 * DXR (Zec, Rizzo, Mikuc, "DXR: towards a billion routing lookups per
 * second in software"): fibd has one 64-bit entry per /16 of the address
 * space; a /16 holding more than one next hop points at a block of fibr,
 * its ranges sorted by first address, searched by halving.  A fibd entry:
 *   bits 56..63  kind:
 *     0              not compiled: look the address up in tbl24/tbl8
 *                    instead (a fresh map is all zero, so never wrong)
 *     XR_DXR_LEAF    the whole /16 has one next hop: bits 0..15
 *     XR_DXR_LONG    a block of __u32 ranges:
 *                    (first address & 0xffff) << 16 | next hop
 *     XR_DXR_SHORT   a block of __u16 ranges: (first address & 0xff00) |
 *                    next hop, for a /16 whose ranges all start on a /24
 *                    and whose next hops are all below 256
 *     XR_DXR_INLINE  2..4 short ranges in the entry itself, no block: the
 *                    first one's next hop in bits 0..7 (it starts at 0),
 *                    the others in bits 8..23, 24..39, 40..55, the last
 *                    repeated where there are fewer
 *   for a block: bits 0..31 its first range (index in __u32 if long, in
 *   __u16 if short), bits 32..48 how many ranges (2..65536)
 * A short range widened to the long form, (e & 0xff00) << 16 | (e & 0xff),
 * compares like a long one: an entry is <= (addr << 16 | 0xffff) exactly
 * when its range starts at or before addr, so a search compares whole
 * entries and returns the last one that is.
 */
#define XR_DXR_DIRECT_BITS	16
#define XR_DXR_DIRECT		(1u << XR_DXR_DIRECT_BITS)
#define XR_DXR_RANGES		(1u << 23)	/* __u32 words of ranges: 32 MiB */
#define XR_DXR_SEARCH_MAX	17		/* halvings of a block of 65536 */
#define XR_DXR_LEAF		1u
#define XR_DXR_LONG		2u
#define XR_DXR_SHORT		3u
#define XR_DXR_INLINE		4u
#define XR_DXR_INLINE_MAX	4u
#define XR_DXR_KIND_SHIFT	56
#define XR_DXR_KIND_MASK	0xffu
#define XR_DXR_COUNT_SHIFT	32
#define XR_DXR_COUNT_MASK	0x1ffffu
#define XR_DXR_ENTRY(kind, n, v)	((__u64)(kind) << XR_DXR_KIND_SHIFT | \
					 (__u64)(n) << XR_DXR_COUNT_SHIFT | (__u32)(v))
#define XR_DXR_NH_MASK		0xffffu
#define XR_DXR_SHORT_NH_MAX	0xffu

/* fibd elements: a cache line of direct entries each, as for tbl24. */
#define XR_DXR_CHUNK		8u
struct xr_dxr_chunk {
	__u64 e[XR_DXR_CHUNK];
};

/* fibr elements: a cache line of ranges, 16 long or 32 short. */
union xr_dxr_line {
	__u32 l[16];
	__u16 s[32];
};

/*
 * The IPv6 FIB: a multibit trie in array maps, the family member of
 * DIR-24-8 (rte_fib6's layout with a smaller first level).  fib6d is
 * indexed by the top XR_FIB6_DIRECT_BITS of the destination; an entry is
 * a leaf or points at a node of fib6n, 256 entries indexed by the next
 * byte, whose entries are again leaves or nodes.  A /32 is found in 3
 * reads, a /48 in 5, a /64 in 7, a /128 in 15: a bounded loop of at most
 * XR_FIB6_LEVELS node reads.  An entry (host order __u32):
 *   bit 31      XR_FIB6_NODE: bits 0..30 are a node index
 *   bits 16..23 depth: length of the prefix that wrote it (0..128)
 *   bits 0..15  next hop id; 0 = no route
 * As with tbl8 groups, a node is filled before the one store that
 * publishes it, so a packet never sees a half-built route.
 */
#define XR_FIB6_DIRECT_BITS	16
#define XR_FIB6_DIRECT		(1u << XR_FIB6_DIRECT_BITS)
#define XR_FIB6_STRIDE		8
#define XR_FIB6_NODE_SIZE	(1u << XR_FIB6_STRIDE)
#define XR_FIB6_LEVELS		((128 - XR_FIB6_DIRECT_BITS) / XR_FIB6_STRIDE)
/* Nodes compiled into the program; the daemon sizes the map at load time. */
#define XR_FIB6_NODES		16384u
#define XR_FIB6_NODES_MAX	(1u << 20)
#define XR_FIB6_NODE		0x80000000u
#define XR_FIB6_NH_MASK		0xffffu
#define XR_FIB6_DEPTH_SHIFT	16
#define XR_FIB6_DEPTH_MASK	0xffu
#define XR_FIB6_ENTRY(nh, depth)	((__u32)(nh) | ((__u32)(depth) << XR_FIB6_DEPTH_SHIFT))

/* A fib6n element: one node. */
struct xr_fib6_node {
	__u32 e[XR_FIB6_NODE_SIZE];
};

/*
 * The IPv6 DXR table (the default IPv6 FIB; dp_opts.fib6_trie loads the
 * trie above instead): fib6xd has one 64-bit entry per /16, fib6xr holds
 * 64-bit words of second-level tables and range blocks.  An entry:
 *   bits 56..63  kind:
 *     0                no route
 *     XR_F6X_LEAF      one next hop for the whole /16 or /24: bits 0..15
 *     XR_F6X_TABLE     256 entries at word offset bits 0..31, indexed by
 *                      the next byte of the address (bits 16..23 below
 *                      fib6xd, 24..31 below that, ... at most
 *                      XR_F6X_LEVELS deep): in fib6xd, a /16 holding a
 *                      prefix longer than /16; below, a region with more
 *                      than XR_F6X_CROWDED ranges, down to /56
 *     XR_F6X_BLOCK     bits 32..55 ranges of one word from offset bits
 *                      0..31, sorted: (address bits 24..63 of the range's
 *                      first address) << 16 | next hop
 *     XR_F6X_BLOCK2    the same ranges, then as many words again, one a
 *                      range: 0, or (the range's next hop being 0, so only
 *                      a range without one reads it) the sub-block of a
 *                      /64 holding longer
 *                      prefixes: count << 32 | offset of count pairs of
 *                      words (low 64 bits of the first address, next hop)
 *     XR_F6X_BLOCK16   in fib6xd only: a /16 whose prefixes make at most
 *                      XR_F6X_LINE ranges, none starting inside a /64, as
 *                      one block of them: (address bits 16..63 of the
 *                      range's first address) << 16 | next hop,
 *                      padded to a whole line (count XR_F6X_LINE) with
 *                      copies of its last range, so the program counts
 *                      every word of the line without the block's bounds
 *                      (a block that is not, as before the padding, it
 *                      searches; the padding searched gives the same).
 *                      The lookup reads it where a table would cost one
 *                      more read before the block
 * A BLOCK(2) lies inside a /24, a BLOCK16 inside a /16, so a range word is
 * <= (the address's bits from 24 (16) to 63 << 16 | 0xffff) exactly when
 * the range starts at or before the address; halved, both are below 2^63
 * and the sign of their difference decides, as in IPv4's DXR.  A block larger than a line starts one, a smaller one sits
 * inside one, so up to 8 ranges are searched in one line.  Blocks hold at most
 * XR_F6X_BLOCK_MAX ranges, so a search takes at most XR_F6X_SEARCH_MAX
 * halvings.  Blocks are filled before the one store that publishes them,
 * and reused only after a quarantine (dxr_pool.h).
 */
#define XR_F6X_DIRECT		(1u << 16)
#define XR_F6X_TABLE_SIZE	256u
#define XR_F6X_LEAF		1u
#define XR_F6X_TABLE		2u
#define XR_F6X_BLOCK		3u
#define XR_F6X_BLOCK2		4u
#define XR_F6X_BLOCK16		5u
#define XR_F6X_KIND_SHIFT	56
#define XR_F6X_COUNT_SHIFT	32
#define XR_F6X_COUNT_MASK	0xffffffu
#define XR_F6X_NH_MASK		0xffffu
#define XR_F6X_BLOCK_MAX	(1u << 16)
#define XR_F6X_SEARCH_MAX	16
#define XR_F6X_LEVELS		5	/* tables below fib6xd: /16 /24 /32 /40 /48 */
#define XR_F6X_TABLE_LEN_MAX	56	/* a table splits a region shorter than this */
#define XR_F6X_CROWDED		256	/* ranges a region searches before a table splits it */
#define XR_F6X_ENTRY(kind, n, v)	((__u64)(kind) << XR_F6X_KIND_SHIFT | \
					 (__u64)(n) << XR_F6X_COUNT_SHIFT | (__u32)(v))
/* fib6xr words per 1 KiB "node", the unit dp_opts.fib6_nodes sizes either table in. */
#define XR_F6X_NODE_WORDS	128u
#define XR_F6X_LINE		8u	/* words per fib6xr element: a cache line */

/* A fib6xr element; fib6xd's are struct xr_dxr_chunk. */
struct xr_f6x_line {
	__u64 w[XR_F6X_LINE];
};

enum xr_nh_type {
	XR_NH_NONE = 0,
	XR_NH_UNICAST,		/* forward to gw, or to the destination if gw has no af */
	XR_NH_BLACKHOLE,	/* drop silently */
	XR_NH_UNREACHABLE,	/* hand to the daemon: ICMP net unreachable */
	XR_NH_LOCAL,		/* a router address: hand to the daemon */
	XR_NH_BROADCAST,	/* a connected subnet's broadcast: never forwarded */
	XR_NH_GROUP,		/* ECMP: one of the members of row `group` per flow */
	XR_NH_TYPE_MAX,
};

/*
 * The link-layer half of a gateway next hop: the gateway's MAC, copied
 * from the neighbour table by the daemon so forwarding via a gateway needs
 * no neighbour hash lookup.  One aligned 64-bit word, written and read at
 * once, so a packet never sees half of an old MAC and half of a new one.
 * valid == 0: not resolved here (or on-link); look in the neighbour map.
 */
union xr_nh_l2 {
	__u64 word;
	struct {
		__u8 mac[6];
		__u8 valid;
		__u8 pad;
	};
};

/*
 * A next hop is immutable while any FIB entry points at it: the daemon
 * writes a new slot and then repoints entries, so a packet never sees a
 * half-written next hop.  Two fields are the exception, each written on
 * its own: `l2`, which follows the neighbour table, and `used`, which the
 * fast path sets (only when clear, so not once per packet) and the daemon
 * reads and clears to learn which gateways are in use.
 */
struct xr_nexthop {
	__u32 ifid;		/* egress L3 interface (see port.h), host order; GROUP: its handle */
	__u8 type;		/* enum xr_nh_type */
	__u8 used;		/* forwarded through since the daemon last looked */
	__u16 group;		/* GROUP: its bucket table in nhgroups (see xr_nhg) */
	union xr_nh_l2 l2;	/* gateway MAC if valid (UNICAST with a gw only) */
	/* After what every forwarded frame reads: only a miss needs it. */
	struct xr_ipaddr gw;	/* gateway; af 0 = on-link */
	__u8 pad2[4];
};
_Static_assert(sizeof(struct xr_nexthop) == 40, "xr_nexthop has no holes");

/*
 * ECMP next-hop groups.  A group's next hop has an id of its own range,
 * XR_NH_GROUP_BASE + its row of the nhgroups map, so the fast path goes
 * from the FIB's id straight to the row, reading no next hop first.  A
 * row's XR_NHG_BUCKETS buckets each hold one member, members holding
 * buckets in proportion to their weights, and in each bucket a copy of
 * what the fast path needs of that member (xr_nhg_rec): the bucket
 * xr_nhg_bucket(flow hash) is the one read between the FIB and the
 * egress, as a single next hop's is (tests/bench/RESULTS.md, "ECMP
 * forward cost").  The group's own next hop (type XR_NH_GROUP, `group`
 * its row) is the daemon's record; the fast path does not read it.
 *
 * Rows are rewritten in place, a bucket at a time, so only the buckets
 * whose member changes change (resilient hashing: only a leaving
 * member's flows move).  A bucket is two words, each stored whole, and
 * both carry the bucket's generation: the daemon clears the MAC word,
 * writes the member word with the next generation, then the MAC word
 * with it.  A packet that reads the two words across a rewrite sees two
 * generations (or a MAC word of 0) and forwards by the member's own next
 * hop instead, which is what an unresolved member does anyway.  A
 * neighbour's new MAC is one store of the MAC word, generation kept.
 * Row 0 is never a group.  The flow's hash is xr_flow_hash4/6 below.
 */
#define XR_NHG_MAX		4096u
#define XR_NHG_BUCKETS		256u
#define XR_ECMP_MAX		32u	/* members of one group */
#define XR_ECMP_WEIGHT_MAX	256u	/* iproute2's range: 1..256 */
#define XR_NH_GROUP_BASE	(XR_NH_MAX - XR_NHG_MAX)	/* a group's next hop: + its row */

/* A bucket's member word: the member and where it leaves. */
union xr_nhg_member {
	__u64 word;
	struct {
		__u32 ifid;	/* the member's egress L3 interface */
		__u8 gen;	/* 1..255, the next one at each change of member */
		__u8 pad;
		__u16 id;	/* its next-hop id; 0: no member (none live) */
	};
};

struct xr_nhg_rec {
	union xr_nhg_member m;
	union xr_nh_l2 l2;	/* its MAC with `pad` = m.gen, if resolved; else 0 */
};
_Static_assert(sizeof(struct xr_nhg_rec) == 16, "a bucket is two words");

/* A row: a page, so every row's bucket b sits at the same place in its page. */
struct xr_nhg {
	struct xr_nhg_rec rec[XR_NHG_BUCKETS];
};
_Static_assert(sizeof(struct xr_nhg) == 4096, "a row is a page");

/*
 * The flow hash both sides compute (the fast path, the model, `route
 * get`), over a flow's key as the wire has it, in 64-bit words loaded in
 * host order: IPv4's source and destination address as one word, IPv6's
 * two words each; and the tail, xr_flow_tail(): the L4 ports word as
 * loaded (0 for a fragment or a protocol without ports, so every fragment
 * of a datagram goes the same way), the protocol (IPv6: next header) and
 * the IPv6 flow label.  Multiply-shift (Dietzfelbinger): each word times
 * an odd multiplier of the router's own (xr_ecmp_key), summed, the bucket
 * the top byte, which depends on every bit below it.  The multipliers are
 * drawn at start, so routers in a line, hashing the same flows, do not
 * all pick alike (polarisation); a random odd multiplier is the seed and
 * costs nothing.  Short on purpose: the bucket's read waits for the hash,
 * and one multiply deep is ~1 ns less than the rotate-xor-multiply mix
 * before it (tests/bench/RESULTS.md, "ECMP forward cost").
 */
#define XR_ECMP_KEYS		6u

struct xr_ecmp_key {
	__u64 k[XR_ECMP_KEYS];	/* odd; 0: not drawn yet */
};

static inline __attribute__((always_inline)) __u64 xr_flow_tail(__u32 ports, __u8 proto,
								__u32 label)
{
	return ports | (__u64)proto << 32 | (__u64)(label & 0xfffff) << 40;
}

static inline __attribute__((always_inline)) __u64
xr_flow_hash4(const struct xr_ecmp_key *key, __u64 addrs, __u64 tail)
{
	return addrs * key->k[0] + tail * key->k[1];
}

static inline __attribute__((always_inline)) __u64
xr_flow_hash6(const struct xr_ecmp_key *key, const __u64 *saddr, const __u64 *daddr,
	      __u64 tail)
{
	return saddr[0] * key->k[2] + saddr[1] * key->k[3] + daddr[0] * key->k[4] +
	       daddr[1] * key->k[5] + tail * key->k[1];
}

/* The bucket a flow's hash names. */
static inline __attribute__((always_inline)) __u32 xr_nhg_bucket(__u64 hash)
{
	return (__u32)(hash >> 56);
}
_Static_assert(XR_NHG_BUCKETS == 256, "xr_nhg_bucket() names a bucket by one byte");

#endif
