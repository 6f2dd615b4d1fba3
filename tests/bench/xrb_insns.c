// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xrb_insns: the verifier's view of each program in a BPF object, what
 * "check the verifier's view" means in numbers: the translated size and the
 * instructions the verifier processed to accept it (its load-time cost and
 * its distance from the 1M-instruction limit).
 *
 *   xrb_insns OBJ [VAR=N ...]   prints "insns PROG xlated N verified M" per program
 *
 * Loaded as libbpf loads it for the daemon (.rodata at its defaults, frozen),
 * then thrown away; nothing is attached.  VAR=N sets a 32-bit loader
 * option in .rodata first (xr_fib_dxr=1: the program as it is verified with
 * the IPv4 DXR lookup, the largest the verifier sees).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

/* Sets the 32-bit .rodata variable named in "VAR=N"; 0 or -errno. */
static int rodata_set(struct bpf_object *obj, const char *arg)
{
	struct bpf_map *map = bpf_object__find_map_by_name(obj, ".rodata");
	const char *eq = strchr(arg, '=');
	struct btf *btf = bpf_object__btf(obj);
	const struct btf_var_secinfo *vs;
	const struct btf_type *sec;
	const void *init;
	size_t size;
	char *data;
	int id, i, err;

	if (!eq || !map || !btf)
		return -EINVAL;
	id = btf__find_by_name_kind(btf, ".rodata", BTF_KIND_DATASEC);
	init = bpf_map__initial_value(map, &size);
	if (id < 0 || !init)
		return -ENOENT;
	sec = btf__type_by_id(btf, id);
	vs = btf_var_secinfos(sec);
	for (i = 0; i < btf_vlen(sec); i++, vs++) {
		const char *name = btf__name_by_offset(btf, btf__type_by_id(btf, vs->type)->name_off);
		__u32 v = strtoul(eq + 1, NULL, 0);

		if (strncmp(name, arg, eq - arg) || name[eq - arg] || vs->size != sizeof(v) ||
		    vs->offset + sizeof(v) > size)
			continue;
		data = malloc(size);
		if (!data)
			return -ENOMEM;
		memcpy(data, init, size);
		memcpy(data + vs->offset, &v, sizeof(v));
		err = bpf_map__set_initial_value(map, data, size);
		free(data);
		return err;
	}
	return -ENOENT;
}

int main(int argc, char **argv)
{
	struct bpf_program *prog;
	struct bpf_object *obj;
	int err;

	if (argc < 2) {
		fprintf(stderr, "usage: xrb_insns OBJ [VAR=N ...]\n");
		return 2;
	}
	obj = bpf_object__open(argv[1]);
	err = libbpf_get_error(obj);
	if (err) {
		fprintf(stderr, "xrb_insns: cannot open %s: %d\n", argv[1], err);
		return 1;
	}
	for (int i = 2; i < argc; i++) {
		err = rodata_set(obj, argv[i]);
		if (err) {
			fprintf(stderr, "xrb_insns: cannot set %s: %d\n", argv[i], err);
			bpf_object__close(obj);
			return 1;
		}
	}
	err = bpf_object__load(obj);
	if (err) {
		fprintf(stderr, "xrb_insns: cannot load %s: %d\n", argv[1], err);
		bpf_object__close(obj);
		return 1;
	}
	bpf_object__for_each_program(prog, obj) {
		struct bpf_prog_info info = { 0 };
		__u32 len = sizeof(info);

		if (bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &len))
			continue;
		printf("insns %s xlated %u verified %u\n", bpf_program__name(prog),
		       info.xlated_prog_len / 8, info.verified_insns);
	}
	bpf_object__close(obj);
	return 0;
}
