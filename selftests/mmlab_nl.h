/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mmlab_nl.h - raw generic netlink plumbing shared by the C selftests
 * (mmlab_genl, mmlab_buddy, mmlab_nlfuzz, mmlab_failnth), which talk to
 * the kernel without libnl so that they test the module independently of
 * the tool. mmlab_msg.h adds message building and parsing on top.
 */
#ifndef _MMLAB_SELFTEST_NL_H
#define _MMLAB_SELFTEST_NL_H

#include <errno.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <linux/netlink.h>

/*
 * A bound NETLINK_GENERIC socket with extended acks on and a receive
 * timeout of @timeout_s seconds, so that a missing answer fails a test
 * instead of hanging it. Returns the descriptor or -errno.
 */
static inline int mmlab_nl_socket(int timeout_s)
{
	struct timeval tv = { .tv_sec = timeout_s };
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int one = 1;
	int fd;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)) ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv))) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

/*
 * The extack TLVs of the NLMSG_ERROR @nlh: where they start, and in *@len
 * how many bytes they take; NULL when there are none. With NLM_F_CAPPED
 * the payload is struct nlmsgerr alone, otherwise the request it answers
 * follows it; every length is checked against nlmsg_len first.
 */
static inline const void *mmlab_nl_err_tlvs(const struct nlmsghdr *nlh,
					    int *len)
{
	const struct nlmsgerr *e = NLMSG_DATA(nlh);
	size_t off = sizeof(*e);

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*e)) ||
	    !(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NULL;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < NLMSG_HDRLEN)
			return NULL;
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	}
	off = NLMSG_ALIGN(off);
	if (NLMSG_LENGTH(off) >= nlh->nlmsg_len)
		return NULL;
	*len = nlh->nlmsg_len - NLMSG_LENGTH(off);
	return (const char *)e + off;
}

#endif /* _MMLAB_SELFTEST_NL_H */
