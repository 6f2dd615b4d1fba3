/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Unit tests of IPv4 fragmentation: fragment sizes, offsets and MF over a
 * table of packets and MTUs, reassembly giving back the payload, options
 * copied per their copy bit, fragments of fragments, checksums, and the
 * refusals (DF, tiny MTU, malformed options).
 * Prints "ok - ..." / "not ok - ..." per case and a final count.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "frag.h"
#include "check.h"

#define MAXFRAGS	1100

/* Every fragment emitted, copied out. */
struct frags {
	unsigned n;
	size_t headroom;
	bool headroom_ok;
	int fail_at;		/* return -EIO at this fragment, -1 never */
	uint8_t *pkt[MAXFRAGS];
	size_t len[MAXFRAGS];
};

static int collect(void *ctx, uint8_t *frag, size_t len)
{
	struct frags *f = ctx;

	if ((int)f->n == f->fail_at)
		return -EIO;
	if (f->n >= MAXFRAGS)
		return -E2BIG;
	/* The headroom must be ours to write. */
	memset(frag - f->headroom, 0xee, f->headroom);
	f->pkt[f->n] = malloc(len);
	memcpy(f->pkt[f->n], frag, len);
	f->len[f->n++] = len;
	return 0;
}

static void frags_free(struct frags *f)
{
	unsigned i;

	for (i = 0; i < f->n; i++)
		free(f->pkt[i]);
	memset(f, 0, sizeof(*f));
	f->fail_at = -1;
}

/* An IPv4 packet: header with opts, then plen bytes of patterned data. */
static size_t mkpkt(uint8_t *buf, const uint8_t *opts, size_t olen, size_t plen,
		    uint16_t frag_off)
{
	struct iphdr *ih = (void *)buf;
	size_t hlen = sizeof(*ih) + olen, i;

	memset(ih, 0, sizeof(*ih));
	ih->version = 4;
	ih->ihl = (uint8_t)(hlen / 4);
	ih->tot_len = htons((uint16_t)(hlen + plen));
	ih->id = htons(0x4242);
	ih->frag_off = htons(frag_off);
	ih->ttl = 63;
	ih->protocol = IPPROTO_UDP;
	ih->saddr = htonl(0xc0000201);
	ih->daddr = htonl(0xcb007105);
	if (olen)
		memcpy(buf + sizeof(*ih), opts, olen);
	for (i = 0; i < plen; i++)
		buf[hlen + i] = (uint8_t)(i * 7 + i / 251);
	pkt_ip_set_csum(ih);
	return hlen + plen;
}

/*
 * Check every fragment against the original: valid header, size within
 * mtu, data a multiple of 8 but for the last, offsets contiguous from
 * off0, MF as expected, same id/proto/addresses, data reassembling to it.
 */
static bool frags_check(const struct frags *f, const uint8_t *orig, unsigned mtu,
			uint16_t off0, bool mf0)
{
	const struct iphdr *oh = (const void *)orig;
	size_t ohlen = pkt_ip_hlen(oh), dlen = ntohs(oh->tot_len) - ohlen, pos = 0;
	unsigned i;

	for (i = 0; i < f->n; i++) {
		const struct iphdr *ih = (const void *)f->pkt[i];
		int hlen = pkt_ip_check(f->pkt[i], f->len[i]);
		uint16_t fo = ntohs(ih->frag_off);
		bool last = i + 1 == f->n;
		size_t n;

		if (hlen < 0 || f->len[i] > mtu || ntohs(ih->tot_len) != f->len[i])
			return false;
		n = f->len[i] - (size_t)hlen;
		if ((!last && n % 8) || (fo & PKT_IP_OFFMASK) != off0 + pos / 8)
			return false;
		if (!!(fo & PKT_IP_MF) != (last ? mf0 : true) || (fo & PKT_IP_DF))
			return false;
		if (ih->id != oh->id || ih->protocol != oh->protocol || ih->ttl != oh->ttl ||
		    ih->saddr != oh->saddr || ih->daddr != oh->daddr)
			return false;
		if (memcmp(f->pkt[i] + hlen, orig + ohlen + pos, n))
			return false;
		pos += n;
	}
	return pos == dlen;
}

struct size_case {
	const char *desc;
	size_t plen;
	unsigned mtu;
	unsigned nfrags;	/* 0: do not check the count */
	size_t first_len, last_len;
};

static const struct size_case size_cases[] = {
	{ "1500 over 576: 3 fragments 572/572/396", 1480, 576, 3, 572, 396 },
	{ "1500 over 1400: 2 fragments", 1480, 1400, 2, 1396, 124 },
	{ "fits exactly: unchanged", 1480, 1500, 1, 1500, 1500 },
	{ "mtu 68: 48-byte pieces", 200, 68, 5, 68, 28 },
	{ "8-byte aligned split, last full", 1600, 820, 2, 820, 820 },
	{ "65515 bytes over 1500", 65515, 1500, 45, 1500, 0 },
	{ "odd mtu 1001 rounds data down", 3000, 1001, 4, 996, 0 },
};

static void test_sizes(void)
{
	static uint8_t pkt[65536];
	struct frags f = { .fail_at = -1 };
	size_t i;

	for (i = 0; i < sizeof(size_cases) / sizeof(size_cases[0]); i++) {
		const struct size_case *c = &size_cases[i];
		size_t len = mkpkt(pkt, NULL, 0, c->plen, 0);
		int r = frag_split(pkt, len, c->mtu, 0, collect, &f);
		bool ok = r == (int)f.n && frags_check(&f, pkt, c->mtu, 0, false);

		if (c->nfrags)
			ok = ok && f.n == c->nfrags;
		if (ok && c->first_len)
			ok = f.len[0] == c->first_len;
		if (ok && c->last_len)
			ok = f.len[f.n - 1] == c->last_len;
		report(ok, c->desc);
		frags_free(&f);
	}
}

static void test_all_mtus(void)
{
	static uint8_t pkt[4096];
	struct frags f = { .fail_at = -1 };
	size_t len = mkpkt(pkt, NULL, 0, 3000, 0);
	bool ok = true;
	unsigned mtu;

	for (mtu = 68; mtu <= 3100 && ok; mtu += 13) {
		ok = frag_split(pkt, len, mtu, 0, collect, &f) == (int)f.n &&
		     frags_check(&f, pkt, mtu, 0, false);
		frags_free(&f);
	}
	report(ok, "every mtu 68..3100 step 13: reassembles, sizes and offsets right");
}

static void test_refusals(void)
{
	static const uint8_t bad_opts[] = { 0x94, 0x09, 0, 0 };	/* length past the header */
	static uint8_t pkt[2048];
	struct frags f = { .fail_at = -1 };
	size_t len;

	len = mkpkt(pkt, NULL, 0, 1480, PKT_IP_DF);
	report(frag_split(pkt, len, 576, 0, collect, &f) == -EMSGSIZE && f.n == 0,
	       "DF set: -EMSGSIZE, nothing sent");
	len = mkpkt(pkt, NULL, 0, 60, PKT_IP_DF);
	report(frag_split(pkt, len, 576, 0, collect, &f) == 1 && f.n == 1,
	       "DF set but fits: sent as is");
	frags_free(&f);
	len = mkpkt(pkt, NULL, 0, 1480, 0);
	report(frag_split(pkt, len, 67, 0, collect, &f) == -EINVAL, "mtu 67: -EINVAL");
	report(frag_split(pkt, 19, 576, 0, collect, &f) == -EINVAL, "truncated header: -EINVAL");
	report(frag_split(pkt, len - 1, 576, 0, collect, &f) == -EINVAL,
	       "total length past the buffer: -EINVAL");
	len = mkpkt(pkt, bad_opts, sizeof(bad_opts), 1480, 0);
	report(frag_split(pkt, len, 576, 0, collect, &f) == -EINVAL && f.n == 0,
	       "malformed options: -EINVAL");
	len = mkpkt(pkt, NULL, 0, 1480, 0);
	f.fail_at = 1;
	report(frag_split(pkt, len, 576, 0, collect, &f) == -EIO && f.n == 1,
	       "callback error stops and is returned");
	frags_free(&f);
}

static void test_fragment_of_fragment(void)
{
	static uint8_t pkt[2048];
	struct frags f = { .fail_at = -1 };
	size_t len;
	int r;

	len = mkpkt(pkt, NULL, 0, 1480, PKT_IP_MF | 100);
	r = frag_split(pkt, len, 576, 0, collect, &f);
	report(r == 3 && frags_check(&f, pkt, 576, 100, true),
	       "non-last fragment: offsets from 100, MF on every piece");
	frags_free(&f);
	len = mkpkt(pkt, NULL, 0, 1480, 100);
	r = frag_split(pkt, len, 576, 0, collect, &f);
	report(r == 3 && frags_check(&f, pkt, 576, 100, false),
	       "last fragment: offsets from 100, MF clear on the last piece");
	frags_free(&f);
}

static void test_options(void)
{
	/* Router Alert (copied), Record Route (not copied, 11 bytes), EOL. */
	static const uint8_t opts[] = {
		0x94, 0x04, 0x00, 0x00,
		0x07, 0x0b, 0x04, 1, 2, 3, 4, 5, 6, 7, 8,
		0x00,
	};
	static const uint8_t copied[] = { 0x94, 0x04, 0x00, 0x00 };
	static const uint8_t nops[] = { 0x01, 0x01, 0x83, 0x07, 0x04, 10, 0, 0, 1, 0x01 };
	static const uint8_t nops_copied[] = { 0x83, 0x07, 0x04, 10, 0, 0, 1, 0x00 };
	static uint8_t pkt[2048];
	struct frags f = { .fail_at = -1 };
	uint8_t out[40];
	bool ok;
	size_t len = mkpkt(pkt, opts, sizeof(opts), 1000, 0);
	int r = frag_split(pkt, len, 300, 0, collect, &f);
	unsigned i;

	ok = r > 2 && frags_check(&f, pkt, 300, 0, false) && f.pkt[0][0] == 0x49 &&
	     !memcmp(f.pkt[0] + 20, opts, sizeof(opts));
	report(ok, "first fragment carries every option");
	for (i = 1, ok = r > 2; ok && i < f.n; i++)
		ok = f.pkt[i][0] == 0x46 && !memcmp(f.pkt[i] + 20, copied, sizeof(copied));
	report(ok, "later fragments carry only the copied option");
	frags_free(&f);
	r = frag_copy_options(out, nops, sizeof(nops));
	report(r == 8 && !memcmp(out, nops_copied, 8),
	       "copy_options skips NOPs, keeps LSRR, pads with EOL");
}

static void test_headroom(void)
{
	static uint8_t pkt[2048];
	struct frags f = { .fail_at = -1, .headroom = 14 };
	size_t len = mkpkt(pkt, NULL, 0, 1480, 0);
	int r = frag_split(pkt, len, 576, 14, collect, &f);

	/* collect() scribbles over the headroom; valgrind/ASan would catch misuse. */
	report(r == 3 && frags_check(&f, pkt, 576, 0, false),
	       "headroom before each fragment is writable and does not corrupt it");
	frags_free(&f);
	f.headroom = 14;
	len = mkpkt(pkt, NULL, 0, 100, 0);
	r = frag_split(pkt, len, 576, 14, collect, &f);
	report(r == 1 && f.len[0] == len && !memcmp(f.pkt[0], pkt, len),
	       "fitting packet with headroom: passed through unchanged");
	frags_free(&f);
}

int main(void)
{
	test_sizes();
	test_all_mtus();
	test_refusals();
	test_fragment_of_fragment();
	test_options();
	test_headroom();
	return report_done();
}
