// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xrb_insns: the verifier's view of each program in a BPF object, what
 * "check the verifier's view" means in numbers: the translated size and the
 * instructions the verifier processed to accept it (its load-time cost and
 * its distance from the 1M-instruction limit).
 *
 *   xrb_insns OBJ      prints "insns PROG xlated N verified M" per program
 *
 * Loaded as libbpf loads it for the daemon (.rodata at its defaults, frozen),
 * then thrown away; nothing is attached.
 */
#include <stdio.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

int main(int argc, char **argv)
{
	struct bpf_program *prog;
	struct bpf_object *obj;
	int err;

	if (argc != 2) {
		fprintf(stderr, "usage: xrb_insns OBJ\n");
		return 2;
	}
	obj = bpf_object__open(argv[1]);
	err = libbpf_get_error(obj);
	if (err) {
		fprintf(stderr, "xrb_insns: cannot open %s: %d\n", argv[1], err);
		return 1;
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
