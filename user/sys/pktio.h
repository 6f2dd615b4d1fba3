/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Transmit path for frames the daemon builds (ARP, ICMP, queued and
 * fragmented packets): an AF_PACKET raw socket per port.  It receives
 * nothing: frames reach the daemon through the fast path's hand-off.
 */
#ifndef XR_PKTIO_H
#define XR_PKTIO_H

#include <stddef.h>
#include <stdint.h>

/* A socket bound to ifindex for sending: fd or -errno. */
int pktio_open(uint32_t ifindex);
/* Send one whole Ethernet frame: 0 or -errno. */
int pktio_send(int fd, uint32_t ifindex, const uint8_t *frame, size_t len);
void pktio_close(int fd);

#endif
