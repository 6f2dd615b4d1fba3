// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xrb_xdp: drives the benchmark's own XDP programs (bpf/bench.bpf.c).
 * Run inside the namespace whose devices it names (ifindexes, and the
 * ifindexes of a devmap, are resolved in the caller's namespace).
 *
 *   xrb_xdp attach OBJ sink|count|pass DEV  attach; for sink, count print the counter map id
 *   xrb_xdp ceiling OBJ IN OUT DMAC SMAC  attach the MAC-rewrite+redirect ceiling to IN
 *   xrb_xdp count MAPID                   print a sink counter
 *   xrb_xdp gen OBJ DEV DMAC SMAC SADDR DSTFILE SECONDS SINKMAPID
 *       send frames out of DEV for SECONDS with BPF_PROG_RUN live frames and
 *       print "offered_pps received_pps offered received seconds"
 *   xrb_xdp gen6 OBJ DEV DMAC SMAC SADDR6 DSTFILE SECONDS SINKMAPID
 *       the same with IPv6 frames (DSTFILE: one IPv6 address a line)
 *
 * Programs are attached through netlink, so they stay after this exits.
 */
#include <net/if.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>

#include "bench.h"

#define GEN_FRAME_LEN	60
#define GEN_DSTS_MAX	(1u << 20)	/* full-table traffic: a million destinations */
#define GEN_REPEAT	(1u << 16)	/* frames per BPF_PROG_RUN call */
#define GEN_WARMUP_NS	200000000ull
#define GEN6_FRAME_LEN	64
#define GEN6_DSTS_MAX	(1u << 16)

struct gen6_cfg {		/* as in bpf/bench.bpf.c */
	uint8_t dmac[6];
	uint8_t smac[6];
	uint8_t saddr[16];
	uint32_t ndst_mask;
	uint32_t pad;
};

struct gen_cfg {		/* as in bpf/bench.bpf.c */
	uint8_t dmac[6];
	uint8_t smac[6];
	uint32_t saddr;		/* network order */
	uint32_t ndst_mask;
	uint32_t pad;
};

struct ceil_cfg {
	uint8_t dmac[6];
	uint8_t smac[6];
};

static struct bpf_object *obj_load(const char *path)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);

	if (!obj) {
		fprintf(stderr, "%s: open failed: %s\n", path, strerror(errno));
		return NULL;
	}
	if (bpf_object__load(obj)) {
		fprintf(stderr, "%s: load failed: %s\n", path, strerror(errno));
		bpf_object__close(obj);
		return NULL;
	}
	return obj;
}

static int map_fd(struct bpf_object *obj, const char *name)
{
	return bpf_object__find_map_fd_by_name(obj, name);
}

static int prog_fd(struct bpf_object *obj, const char *name)
{
	struct bpf_program *p = bpf_object__find_program_by_name(obj, name);

	return p ? bpf_program__fd(p) : -ENOENT;
}

static int dev_index(const char *dev)
{
	int i = if_nametoindex(dev);

	if (!i)
		fprintf(stderr, "%s: no such device\n", dev);
	return i;
}

static int attach(struct bpf_object *obj, const char *prog, const char *dev)
{
	int ifindex = dev_index(dev), err;

	if (!ifindex)
		return -ENODEV;
	err = bpf_xdp_attach(ifindex, prog_fd(obj, prog), 0, NULL);
	if (err)
		fprintf(stderr, "%s: attach %s failed: %s\n", dev, prog, strerror(-err));
	return err;
}

static uint64_t counter_read(int fd)
{
	int ncpu = libbpf_num_possible_cpus(), i;
	uint64_t v[ncpu > 0 ? ncpu : 1], sum = 0;
	uint32_t zero = 0;

	if (ncpu <= 0 || bpf_map_lookup_elem(fd, &zero, v))
		return 0;
	for (i = 0; i < ncpu; i++)
		sum += v[i];
	return sum;
}

static int cmd_attach(int argc, char **argv)
{
	struct bpf_map_info info = {};
	uint32_t len = sizeof(info);
	struct bpf_object *obj;
	char prog[32];
	int err;

	if (argc != 5)
		return -EINVAL;
	obj = obj_load(argv[2]);
	if (!obj)
		return -EINVAL;
	snprintf(prog, sizeof(prog), "xdp_%s", argv[3]);
	err = attach(obj, prog, argv[4]);
	if (!err && (!strcmp(argv[3], "sink") || !strcmp(argv[3], "count")) &&
	    !bpf_obj_get_info_by_fd(map_fd(obj, "sink_cnt"), &info, &len))
		printf("%u\n", info.id);
	bpf_object__close(obj);
	return err;
}

static int cmd_ceiling(int argc, char **argv)
{
	struct bpf_devmap_val tx = {};
	struct ceil_cfg cfg = {};
	struct bpf_object *obj;
	uint32_t zero = 0;
	int err = -EINVAL;

	if (argc != 7 || cmd_mac_from_str(argv[5], cfg.dmac) || cmd_mac_from_str(argv[6], cfg.smac))
		return -EINVAL;
	tx.ifindex = dev_index(argv[4]);
	if (!tx.ifindex)
		return -ENODEV;
	obj = obj_load(argv[2]);
	if (!obj)
		return -EINVAL;
	if (bpf_map_update_elem(map_fd(obj, "ceil_cfg"), &zero, &cfg, 0) ||
	    bpf_map_update_elem(map_fd(obj, "ceil_tx"), &zero, &tx, 0)) {
		err = -errno;
		fprintf(stderr, "ceiling: map update failed: %s\n", strerror(errno));
		goto out;
	}
	err = attach(obj, "xdp_ceiling", argv[3]);
out:
	bpf_object__close(obj);
	return err;
}

static int cmd_count(int argc, char **argv)
{
	int fd;

	if (argc != 3)
		return -EINVAL;
	fd = bpf_map_get_fd_by_id(strtoul(argv[2], NULL, 0));
	if (fd < 0)
		return -errno;
	printf("%llu\n", (unsigned long long)counter_read(fd));
	close(fd);
	return 0;
}

/* Fill gen_cfg and gen_dsts; the number of destinations is rounded down to a power of two. */
static int gen_setup(struct bpf_object *obj, char **argv)
{
	static uint32_t ips[GEN_DSTS_MAX];
	struct gen_cfg cfg = {};
	uint32_t zero = 0, saddr, n = 1, i;
	int got, fd = map_fd(obj, "gen_dsts");

	if (cmd_mac_from_str(argv[4], cfg.dmac) || cmd_mac_from_str(argv[5], cfg.smac) ||
	    bench_ip_from_str(argv[6], &saddr))
		return -EINVAL;
	got = bench_ips_read(argv[7], ips, GEN_DSTS_MAX);
	if (got <= 0) {
		fprintf(stderr, "%s: no destinations\n", argv[7]);
		return -EINVAL;
	}
	while (n * 2 <= (uint32_t)got)
		n *= 2;
	for (i = 0; i < n; i++) {
		uint32_t be = htonl(ips[i]);

		if (bpf_map_update_elem(fd, &i, &be, 0))
			return -errno;
	}
	cfg.saddr = htonl(saddr & ~0xffu);
	cfg.ndst_mask = n - 1;
	return bpf_map_update_elem(map_fd(obj, "gen_cfg"), &zero, &cfg, 0) ? -errno : 0;
}

/* gen6_cfg and gen_dsts6, as gen_setup() does for IPv4. */
static int gen6_setup(struct bpf_object *obj, char **argv)
{
	static struct xr_ip ips[GEN6_DSTS_MAX];
	struct gen6_cfg cfg = {};
	struct xr_ip src;
	uint32_t zero = 0, n = 1, got = 0, i;
	int fd = map_fd(obj, "gen_dsts6");
	char line[80];
	FILE *f;

	if (cmd_mac_from_str(argv[4], cfg.dmac) || cmd_mac_from_str(argv[5], cfg.smac) ||
	    xr_ip_from_str(argv[6], AF_INET6, &src))
		return -EINVAL;
	f = fopen(argv[7], "r");
	if (!f)
		return -errno;
	while (got < GEN6_DSTS_MAX && fgets(line, sizeof(line), f)) {
		line[strcspn(line, " \t\r\n")] = 0;
		if (line[0] && !xr_ip_from_str(line, AF_INET6, &ips[got]))
			got++;
	}
	fclose(f);
	if (!got) {
		fprintf(stderr, "%s: no destinations\n", argv[7]);
		return -EINVAL;
	}
	while (n * 2 <= got)
		n *= 2;
	for (i = 0; i < n; i++)
		if (bpf_map_update_elem(fd, &i, ips[i].b, 0))
			return -errno;
	memcpy(cfg.saddr, src.b, 16);
	cfg.ndst_mask = n - 1;
	return bpf_map_update_elem(map_fd(obj, "gen6_cfg"), &zero, &cfg, 0) ? -errno : 0;
}

/* Run the generator for ns nanoseconds; returns frames offered or -errno. */
static int64_t gen_run(int pfd, int ifindex, uint64_t ns, uint32_t len)
{
	uint8_t frame[GEN6_FRAME_LEN] = { [12] = 0x08 };	/* the program writes it whole */
	struct xdp_md ctx = { .data_end = len, .ingress_ifindex = ifindex };
	uint64_t t0 = clock_now_ns();
	int64_t sent = 0;

	do {
		LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = frame,
			    .data_size_in = len, .ctx_in = &ctx,
			    .ctx_size_in = sizeof(ctx), .repeat = GEN_REPEAT,
			    .flags = BPF_F_TEST_XDP_LIVE_FRAMES);
		int err = bpf_prog_test_run_opts(pfd, &o);

		if (err) {
			fprintf(stderr, "gen: BPF_PROG_RUN failed: %s\n", strerror(errno));
			return -errno;
		}
		sent += GEN_REPEAT;
	} while (clock_now_ns() - t0 < ns);
	return sent;
}

static int cmd_gen(int argc, char **argv)
{
	bool v6 = !strcmp(argv[1], "gen6");
	uint32_t len = v6 ? GEN6_FRAME_LEN : GEN_FRAME_LEN;
	int ifindex, pfd, sfd = -1, err = -EINVAL;
	uint64_t before, after, t0, t1;
	struct bpf_object *obj;
	double secs;
	int64_t sent;

	if (argc != 10)
		return -EINVAL;
	ifindex = dev_index(argv[3]);
	secs = atof(argv[8]);
	sfd = bpf_map_get_fd_by_id(strtoul(argv[9], NULL, 0));
	if (!ifindex || secs <= 0 || sfd < 0) {
		fprintf(stderr, "gen: bad device, duration or sink map id\n");
		return -EINVAL;
	}
	obj = obj_load(argv[2]);
	if (!obj)
		goto out_fd;
	err = v6 ? gen6_setup(obj, argv) : gen_setup(obj, argv);
	if (err)
		goto out;
	pfd = prog_fd(obj, v6 ? "xdp_gen6" : "xdp_gen");
	sent = gen_run(pfd, ifindex, GEN_WARMUP_NS, len);
	if (sent < 0) {
		err = sent;
		goto out;
	}
	usleep(20000);
	before = counter_read(sfd);
	t0 = clock_now_ns();
	sent = gen_run(pfd, ifindex, secs * 1e9, len);
	t1 = clock_now_ns();
	usleep(20000);		/* let the last batch drain into the sink */
	after = counter_read(sfd);
	if (sent < 0) {
		err = sent;
		goto out;
	}
	secs = (t1 - t0) / 1e9;
	printf("%.0f %.0f %lld %llu %.3f\n", sent / secs, (after - before) / secs,
	       (long long)sent, (unsigned long long)(after - before), secs);
	err = 0;
out:
	bpf_object__close(obj);
out_fd:
	close(sfd);
	return err;
}

int main(int argc, char **argv)
{
	int err = -EINVAL;

	if (argc > 1 && !strcmp(argv[1], "attach"))
		err = cmd_attach(argc, argv);
	else if (argc > 1 && !strcmp(argv[1], "ceiling"))
		err = cmd_ceiling(argc, argv);
	else if (argc > 1 && !strcmp(argv[1], "count"))
		err = cmd_count(argc, argv);
	else if (argc > 1 && (!strcmp(argv[1], "gen") || !strcmp(argv[1], "gen6")))
		err = cmd_gen(argc, argv);
	if (err == -EINVAL)
		fprintf(stderr, "usage: see the top of tests/bench/xrb_xdp.c\n");
	return err ? 1 : 0;
}
