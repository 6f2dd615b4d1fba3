/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The service manager's readiness protocol (sd_notify(3)) spoken directly:
 * one datagram to $NOTIFY_SOCKET, so xrouterd needs no libsystemd.
 */
#ifndef XR_NOTIFY_H
#define XR_NOTIFY_H

/*
 * Send state ("READY=1", "STOPPING=1", ...) to the socket named by
 * $NOTIFY_SOCKET.  0 when sent or when nobody listens (variable unset),
 * -errno otherwise.
 */
int notify_send(const char *state);

#endif
