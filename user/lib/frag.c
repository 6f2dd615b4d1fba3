// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * IPv4 fragmentation (RFC 791 3.2 "Fragmentation and reassembly"): the
 * first fragment keeps the whole header, later ones carry only options
 * with the copy bit; data is cut on 8-byte boundaries; a fragment of a
 * fragment keeps its offset base and its MF on the last piece.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "frag.h"

#define FRAG_OPT_EOL	0
#define FRAG_OPT_NOP	1
#define FRAG_OPT_COPY	0x80
#define FRAG_OPT_MAX	40

int frag_copy_options(uint8_t *out, const uint8_t *opts, size_t len)
{
	size_t i = 0, n = 0;

	while (i < len && opts[i] != FRAG_OPT_EOL) {
		size_t olen = 1;

		if (opts[i] != FRAG_OPT_NOP) {
			if (i + 2 > len || opts[i + 1] < 2 || i + opts[i + 1] > len)
				return -EINVAL;
			olen = opts[i + 1];
		}
		if (opts[i] & FRAG_OPT_COPY) {
			memcpy(out + n, opts + i, olen);
			n += olen;
		}
		i += olen;
	}
	while (n % 4)
		out[n++] = FRAG_OPT_EOL;
	return (int)n;
}

/* Structure checks only: the fast path verified the checksum already. */
static int frag_check(const uint8_t *ip, size_t len, size_t *hlen, size_t *tot)
{
	const pkt_iphdr *ih = (const void *)ip;

	if (len < sizeof(*ih) || ih->version != 4 || ih->ihl < 5)
		return -EINVAL;
	*hlen = pkt_ip_hlen(ih);
	*tot = ntohs(ih->tot_len);
	if (*hlen > len || *tot < *hlen || *tot > len)
		return -EINVAL;
	return 0;
}

struct frag_job {
	const uint8_t *ip;
	size_t hlen;		/* original header, first fragment */
	uint8_t opts[FRAG_OPT_MAX];
	size_t olen;		/* copied options, later fragments */
	uint16_t off0;		/* original offset, 8-byte units */
	uint16_t mf0;		/* original MF */
	uint8_t *buf;		/* headroom + mtu */
	size_t headroom;
};

/* Write the fragment holding data[pos, pos+n) behind the headroom. */
static size_t frag_emit(const struct frag_job *j, size_t pos, size_t n, bool last)
{
	uint8_t *p = j->buf + j->headroom;
	pkt_iphdr *ih = (void *)p;
	size_t h = pos ? sizeof(*ih) + j->olen : j->hlen;
	uint16_t fo = (uint16_t)((j->off0 + pos / 8) & PKT_IP_OFFMASK);

	memcpy(p, j->ip, sizeof(*ih));
	if (pos)
		memcpy(p + sizeof(*ih), j->opts, j->olen);
	else
		memcpy(p + sizeof(*ih), j->ip + sizeof(*ih), j->hlen - sizeof(*ih));
	memcpy(p + h, j->ip + j->hlen + pos, n);
	ih->ihl = (uint8_t)(h / 4);
	ih->tot_len = htons((uint16_t)(h + n));
	fo |= last ? j->mf0 : PKT_IP_MF;
	ih->frag_off = htons(fo);
	pkt_ip_set_csum(ih);
	return h + n;
}

static int frag_whole(const uint8_t *ip, size_t tot, size_t headroom,
		      frag_out_fn fn, void *ctx)
{
	uint8_t *buf = malloc(headroom + tot);
	int err;

	if (!buf)
		return -ENOMEM;
	memcpy(buf + headroom, ip, tot);
	err = fn(ctx, buf + headroom, tot);
	free(buf);
	return err ? err : 1;
}

int frag_split(const uint8_t *ip, size_t len, unsigned mtu, size_t headroom,
	       frag_out_fn fn, void *ctx)
{
	struct frag_job j = { .ip = ip, .headroom = headroom };
	const pkt_iphdr *ih = (const void *)ip;
	size_t tot, dlen, pos, first, rest;
	int olen, err = 0, count = 0;
	uint16_t fo;

	if (frag_check(ip, len, &j.hlen, &tot) || mtu < PKT_IP_MIN_MTU)
		return -EINVAL;
	if (mtu > PKT_IP_MAXLEN)
		mtu = PKT_IP_MAXLEN;
	if (tot <= mtu)
		return frag_whole(ip, tot, headroom, fn, ctx);
	fo = ntohs(ih->frag_off);
	if (fo & PKT_IP_DF)
		return -EMSGSIZE;
	j.off0 = fo & PKT_IP_OFFMASK;
	j.mf0 = fo & PKT_IP_MF;
	olen = frag_copy_options(j.opts, ip + sizeof(*ih), j.hlen - sizeof(*ih));
	if (olen < 0)
		return olen;
	j.olen = (size_t)olen;
	first = (mtu - j.hlen) & ~7u;
	rest = (mtu - sizeof(*ih) - j.olen) & ~7u;
	if (mtu < j.hlen + 8 || !rest)
		return -EINVAL;
	j.buf = malloc(headroom + mtu);
	if (!j.buf)
		return -ENOMEM;
	dlen = tot - j.hlen;
	for (pos = 0; pos < dlen && !err; count++) {
		size_t n = dlen - pos;
		size_t room = pos ? rest : first;
		size_t flen;

		if (n > room)
			n = room;
		flen = frag_emit(&j, pos, n, pos + n == dlen);
		err = fn(ctx, j.buf + headroom, flen);
		pos += n;
	}
	free(j.buf);
	return err ? err : count;
}
