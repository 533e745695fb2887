// SPDX-License-Identifier: GPL-2.0
/*
 * Unit check of libpanswitch without the kernel: the library is compiled
 * in here, nl_send_auto() and nl_recvmsgs() are replaced (ld --wrap), so
 * every request the library builds is captured and checked attribute by
 * attribute against include/uapi/linux/panswitch.h, and replies built
 * here by hand are fed to its parsers. Prints "ok"/"not ok" lines; exit 1
 * on failure.
 */
#include "libpanswitch.c"

#include <arpa/inet.h>
#include <sys/socket.h>

#define FAMILY		0x42

static int failed, n;
static struct pswc_handle *H;

/* the last request, as sent */
static char req[PSWC_REQ_SIZE * 2];
static struct nlattr *rtb[PSW_A_MAX + 1];
static uint8_t req_cmd;

/* replies for the next request; then an ack, or an error */
static struct nl_msg *replies[4];
static int nreplies;
static int reply_errno;
static int reply_err_attr;	/* PSW_A_* the error points at */

static void ok(bool cond, const char *name)
{
	n++;
	if (!cond)
		failed = 1;
	printf("%s %d %s\n", cond ? "ok" : "not ok", n, name);
}

int __real_nl_send_auto(struct nl_sock *sk, struct nl_msg *msg);
int __wrap_nl_send_auto(struct nl_sock *sk, struct nl_msg *msg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gnlh;

	(void)sk;
	nlh->nlmsg_seq = 1;
	if (nlh->nlmsg_len > sizeof(req))
		return -NLE_MSGSIZE;
	memcpy(req, nlh, nlh->nlmsg_len);
	nlh = (struct nlmsghdr *)req;
	gnlh = nlmsg_data(nlh);
	req_cmd = gnlh->cmd;
	memset(rtb, 0, sizeof(rtb));
	if (nla_parse(rtb, PSW_A_MAX, genlmsg_attrdata(gnlh, 0),
		      genlmsg_attrlen(gnlh, 0), NULL) < 0)
		req_cmd = 0xff;
	return nlh->nlmsg_len;
}

/* An NLMSG_ERROR for the request, its extack pointing at one attribute */
static void send_error(struct pswc_handle *h)
{
	static char buf[1024];
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct nlmsgerr *e = nlmsg_data(nlh);
	struct nlattr *a = (struct nlattr *)(e + 1);
	const char *text = "refused by the test";
	uint32_t off = 0;
	struct genlmsghdr *gnlh = nlmsg_data((struct nlmsghdr *)req);
	struct nlattr *at;
	int rem;

	memset(buf, 0, sizeof(buf));
	nla_for_each_attr(at, genlmsg_attrdata(gnlh, 0),
			  genlmsg_attrlen(gnlh, 0), rem)
		if (nla_type(at) == reply_err_attr)
			off = (char *)at - req;
	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_flags = NLM_F_CAPPED | NLM_F_ACK_TLVS;
	e->error = -reply_errno;
	memcpy(&e->msg, req, sizeof(e->msg));
	a->nla_type = NLMSGERR_ATTR_MSG;
	a->nla_len = NLA_HDRLEN + strlen(text) + 1;
	memcpy((char *)a + NLA_HDRLEN, text, strlen(text) + 1);
	a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len));
	a->nla_type = NLMSGERR_ATTR_OFFS;
	a->nla_len = NLA_HDRLEN + 4;
	memcpy((char *)a + NLA_HDRLEN, &off, 4);
	nlh->nlmsg_len = (char *)a + NLA_ALIGN(a->nla_len) - buf;
	cb_err(NULL, e, h);
}

int __real_nl_recvmsgs(struct nl_sock *sk, struct nl_cb *cb);
int __wrap_nl_recvmsgs(struct nl_sock *sk, struct nl_cb *cb)
{
	int i;

	(void)sk;
	(void)cb;
	for (i = 0; i < nreplies; i++) {
		cb_valid(replies[i], H);
		nlmsg_free(replies[i]);
	}
	nreplies = 0;
	if (reply_errno)
		send_error(H);
	else
		cb_ack(NULL, H);
	reply_errno = 0;
	return 0;
}

/*
 * rtnetlink (the NVGRE device pswc_switch_set() creates): the library's
 * socket is one end of a socketpair, the test holds the other.
 */
static int rt_peer = -1;

/* Queue the answer to the library's @nth next rtnetlink request. */
static void rt_answer(int nth, int error)
{
	struct {
		struct nlmsghdr nlh;
		struct nlmsgerr e;
	} m;

	memset(&m, 0, sizeof(m));
	m.nlh.nlmsg_len = sizeof(m);
	m.nlh.nlmsg_type = NLMSG_ERROR;
	m.nlh.nlmsg_seq = H->rtnl_seq + nth;
	m.e.error = error;
	if (send(rt_peer, &m, sizeof(m), 0) != sizeof(m))
		exit(2);
}

/*
 * The next rtnetlink request the library sent: its type and flags, and
 * in @tb its attributes (IFLA_*), IFLA_LINKINFO's in @li and
 * IFLA_INFO_DATA's in @data. false if there is none.
 */
static char rt_buf[1024];
static struct nlattr *rt_tb[IFLA_MAX + 1], *rt_li[IFLA_INFO_MAX + 1];
static struct nlattr *rt_data[32];

static bool rt_request(uint16_t *type, uint16_t *flags)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)rt_buf;
	int off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(struct ifinfomsg));
	ssize_t len;

	memset(rt_tb, 0, sizeof(rt_tb));
	memset(rt_li, 0, sizeof(rt_li));
	memset(rt_data, 0, sizeof(rt_data));
	len = recv(rt_peer, rt_buf, sizeof(rt_buf), MSG_DONTWAIT);
	if (len < off || nlh->nlmsg_len != len)
		return false;
	*type = nlh->nlmsg_type;
	*flags = nlh->nlmsg_flags;
	if (nla_parse(rt_tb, IFLA_MAX, (struct nlattr *)(rt_buf + off),
		      len - off, NULL) < 0)
		return false;
	if (rt_tb[IFLA_LINKINFO] &&
	    nla_parse_nested(rt_li, IFLA_INFO_MAX, rt_tb[IFLA_LINKINFO],
			     NULL) < 0)
		return false;
	if (rt_li[IFLA_INFO_DATA] &&
	    nla_parse_nested(rt_data, 31, rt_li[IFLA_INFO_DATA], NULL) < 0)
		return false;
	return true;
}

static bool rt_none(void)
{
	uint16_t type, flags;

	return !rt_request(&type, &flags);
}

static struct nl_msg *reply(uint8_t cmd)
{
	struct nl_msg *msg = nlmsg_alloc_size(PSWC_RCVBUF_MSG);

	if (!msg || !genlmsg_put(msg, 0, 1, FAMILY, 0, 0, cmd, 1))
		exit(2);
	replies[nreplies++] = msg;
	return msg;
}

/* ------------------------------------------------------------------ */
/* Requests                                                           */

static bool has_bytes(int type, const void *want, int len)
{
	return rtb[type] && nla_len(rtb[type]) == len &&
	       !memcmp(nla_data(rtb[type]), want, len);
}

static bool has_u8(int type, uint8_t v)
{
	return has_bytes(type, &v, 1);
}

static bool has_u16(int type, uint16_t v)
{
	return has_bytes(type, &v, 2);
}

static bool has_u32(int type, uint32_t v)
{
	return has_bytes(type, &v, 4);
}

static bool has_str(int type, const char *s)
{
	return has_bytes(type, s, strlen(s) + 1);
}

static bool has_flag(int type)
{
	return rtb[type] && nla_len(rtb[type]) == 0;
}

/* exactly the attributes in list (0-terminated) */
static bool only(const int *list)
{
	int t, i, count = 0;

	for (t = 1; t <= PSW_A_MAX; t++)
		count += rtb[t] != NULL;
	for (i = 0; list[i]; i++)
		if (!rtb[list[i]])
			return false;
	return i == count;
}

#define ONLY(...) only((const int[]){ __VA_ARGS__, 0 })

static struct pswc_addr A(const char *s)
{
	struct pswc_addr a;

	if (pswc_addr_parse(s, &a))
		exit(2);
	return a;
}

/* The allow list of the last request: entries in @e, their count */
static int req_allow(struct pswc_port_allow *e, int max)
{
	struct nlattr *a, *tb[PSW_A_MAX + 1];
	int rem, i = 0;

	if (!rtb[PSW_A_ALLOW])
		return -1;
	nla_for_each_nested(a, rtb[PSW_A_ALLOW], rem) {
		if (nla_type(a) != PSW_A_ALLOW_ENTRY || i == max ||
		    nla_parse_nested(tb, PSW_A_MAX, a, NULL) < 0 ||
		    !tb[PSW_A_MAC] || nla_len(tb[PSW_A_MAC]) != 6 ||
		    (tb[PSW_A_NEIGH_IP4] && tb[PSW_A_NEIGH_IP6]))
			return -2;
		memset(&e[i], 0, sizeof(e[i]));
		memcpy(e[i].mac, nla_data(tb[PSW_A_MAC]), 6);
		if (tb[PSW_A_NEIGH_IP4]) {
			if (nla_len(tb[PSW_A_NEIGH_IP4]) != 4)
				return -2;
			e[i].addr.family = AF_INET;
			memcpy(e[i].addr.a, nla_data(tb[PSW_A_NEIGH_IP4]), 4);
		} else if (tb[PSW_A_NEIGH_IP6]) {
			if (nla_len(tb[PSW_A_NEIGH_IP6]) != 16)
				return -2;
			e[i].addr.family = AF_INET6;
			memcpy(e[i].addr.a, nla_data(tb[PSW_A_NEIGH_IP6]), 16);
		}
		i++;
	}
	return i;
}

/* pswc_pan_set_etherip(), pswc_pan_mcast_share() (since 1.10) */
static void test_etherip_requests(void)
{
	struct nlattr *tb[PSW_A_MAX + 1];
	struct pswc_addr g = A("239.1.1.1");
	int rc;

	rc = pswc_pan_set_etherip(H, "psw0", 10, PSW_ETHERIP_OUI);
	ok(!rc && req_cmd == PSW_CMD_PAN_SET &&
	   has_u8(PSW_A_ETHERIP, PSW_ETHERIP_OUI) &&
	   ONLY(PSW_A_IFNAME, PSW_A_PAN_ID, PSW_A_ETHERIP),
	   "pan set etherip oui: ETHERIP only");
	rc = pswc_pan_mcast_share(H, "psw0", 10, &g, 20, false);
	ok(!rc && rtb[PSW_A_MCAST_SHARE_ADD] &&
	   ONLY(PSW_A_IFNAME, PSW_A_PAN_ID, PSW_A_MCAST_SHARE_ADD) &&
	   !nla_parse_nested(tb, PSW_A_MAX, rtb[PSW_A_MCAST_SHARE_ADD], NULL) &&
	   tb[PSW_A_REMOTE4] && nla_len(tb[PSW_A_REMOTE4]) == 4 &&
	   !memcmp(nla_data(tb[PSW_A_REMOTE4]), g.a, 4) &&
	   tb[PSW_A_PAN_ID] && nla_get_u32(tb[PSW_A_PAN_ID]) == 20,
	   "pan set mcast-share: an ADD nest of the group and the target");
	rc = pswc_pan_mcast_share(H, "psw0", 10, &g, 20, true);
	ok(!rc && rtb[PSW_A_MCAST_SHARE_DEL] &&
	   ONLY(PSW_A_IFNAME, PSW_A_PAN_ID, PSW_A_MCAST_SHARE_DEL),
	   "pan set mcast-share del: a DEL nest");
	req_cmd = 0;
	rc = pswc_pan_mcast_share(H, "psw0", 10, NULL, 20, false);
	ok(rc == -EINVAL && req_cmd == 0,
	   "pan set mcast-share without a group is refused before sending");
}

/* pswc_port_set_policy(): PSW_A_ALLOW's encoding (since 1.8) */
static void test_port_allow_requests(void)
{
	static struct pswc_port_allow in[PSW_PORT_ALLOW_MAX + 1];
	static struct pswc_port_allow many[PSW_PORT_ALLOW_MAX];
	struct pswc_port_allow out[4];
	int rc, i;

	memset(in, 0, sizeof(in));
	for (i = 0; i <= PSW_PORT_ALLOW_MAX; i++) {
		in[i].mac[0] = 2;
		in[i].mac[5] = i + 1;
	}
	in[1].addr = A("198.51.100.7");
	in[2].addr = A("2001:db8::7");

	rc = pswc_port_set_policy(H, "psw0", "vm1", -1, -1, in, 3);
	ok(!rc && req_cmd == PSW_CMD_PORT_SET &&
	   ONLY(PSW_A_IFNAME, PSW_A_PORT_IFNAME, PSW_A_ALLOW) &&
	   req_allow(out, 4) == 3,
	   "port set allow: one ALLOW nest of 3 ALLOW_ENTRY nests only");
	ok(!rc && !memcmp(out[0].mac, in[0].mac, 6) && !out[0].addr.family &&
	   !memcmp(out[1].mac, in[1].mac, 6) && out[1].addr.family == AF_INET &&
	   !memcmp(out[1].addr.a, in[1].addr.a, 4) &&
	   !memcmp(out[2].mac, in[2].mac, 6) &&
	   out[2].addr.family == AF_INET6 &&
	   !memcmp(out[2].addr.a, in[2].addr.a, 16),
	   "port set allow: MAC alone, MAC + NEIGH_IP4 (4), MAC + NEIGH_IP6 (16)");
	rc = pswc_port_set_policy(H, "psw0", "vm1", 0, 1, NULL, 0);
	ok(!rc && has_u8(PSW_A_SECURITY, 0) && has_u8(PSW_A_LLDP, 1) &&
	   rtb[PSW_A_ALLOW] && nla_len(rtb[PSW_A_ALLOW]) == 0 &&
	   ONLY(PSW_A_IFNAME, PSW_A_PORT_IFNAME, PSW_A_SECURITY, PSW_A_LLDP,
		PSW_A_ALLOW),
	   "port set security off lldp on allow none: an empty ALLOW nest");
	rc = pswc_port_set_policy(H, "psw0", "vm1", 1, -1, in, -1);
	ok(!rc && has_u8(PSW_A_SECURITY, 1) && !rtb[PSW_A_ALLOW] &&
	   ONLY(PSW_A_IFNAME, PSW_A_PORT_IFNAME, PSW_A_SECURITY),
	   "port set security on, list left as is: no ALLOW");
	rc = pswc_port_set_policy(H, "psw0", "vm1", -1, -1, in,
				  PSW_PORT_ALLOW_MAX);
	ok(!rc && req_allow(many, PSW_PORT_ALLOW_MAX) == PSW_PORT_ALLOW_MAX &&
	   !memcmp(many[PSW_PORT_ALLOW_MAX - 1].mac,
		   in[PSW_PORT_ALLOW_MAX - 1].mac, 6),
	   "port set allow: PSW_PORT_ALLOW_MAX entries are sent");
	req_cmd = 0;
	rc = pswc_port_set_policy(H, "psw0", "vm1", -1, -1, in,
				  PSW_PORT_ALLOW_MAX + 1);
	ok(rc == -ENOSPC && req_cmd == 0 && !pswc_last_error(H)->from_kernel,
	   "port set allow: PSW_PORT_ALLOW_MAX + 1 refused before sending");
	rc = pswc_port_set_policy(H, "psw0", "vm1", -1, -1, NULL, -1);
	ok(rc == -EINVAL && req_cmd == 0,
	   "port set with nothing to set (no list either) is refused");
	rc = pswc_port_set_policy(H, "psw0", "vm1", -1, -1, NULL, 2);
	ok(rc == -EINVAL && req_cmd == 0, "port set allow: N entries, NULL list");
	in[0].addr.family = 99;
	rc = pswc_port_set_policy(H, "psw0", "vm1", -1, -1, in, 1);
	ok(rc == -EAFNOSUPPORT && req_cmd == 0,
	   "port set allow: an unknown address family is refused");
	in[0].addr.family = 0;
	reply_errno = EINVAL;
	reply_err_attr = PSW_A_ALLOW;
	rc = pswc_port_set_policy(H, "psw0", "vm1", -1, -1, in, 1);
	ok(rc == -EINVAL && pswc_last_error(H)->from_kernel &&
	   strstr(pswc_last_error(H)->msg, "refused by the test"),
	   "port set allow: the kernel's refusal and its message reach the caller");
}

/* pswc_switch_set_vlan_pool(), pswc_port_set_isolated() (since 1.10) */
static void test_isolate_requests(void)
{
	int rc;

	rc = pswc_switch_set_vlan_pool(H, "psw0", 100, 199);
	ok(!rc && req_cmd == PSW_CMD_SWITCH_SET &&
	   has_u16(PSW_A_VLAN_POOL_FIRST, 100) &&
	   has_u16(PSW_A_VLAN_POOL_LAST, 199) &&
	   ONLY(PSW_A_IFNAME, PSW_A_VLAN_POOL_FIRST, PSW_A_VLAN_POOL_LAST),
	   "switch set vlan-pool 100-199: FIRST and LAST only");
	rc = pswc_switch_set_vlan_pool(H, "psw0", 0, 0);
	ok(!rc && has_u16(PSW_A_VLAN_POOL_FIRST, 0) &&
	   has_u16(PSW_A_VLAN_POOL_LAST, 0),
	   "switch set vlan-pool none: FIRST 0 and LAST 0");
	req_cmd = 0;
	rc = pswc_switch_set_vlan_pool(H, "psw0", 1, 4095);
	ok(rc == -ERANGE && req_cmd == 0,
	   "switch set vlan-pool beyond 4094 refused before sending");
	rc = pswc_port_set_isolated(H, "psw0", "vm1", 1, 0);
	ok(!rc && req_cmd == PSW_CMD_PORT_SET && has_u8(PSW_A_ISOLATED, 1) &&
	   ONLY(PSW_A_IFNAME, PSW_A_PORT_IFNAME, PSW_A_ISOLATED),
	   "port set isolated on: ISOLATED 1, no VLAN");
	rc = pswc_port_set_isolated(H, "psw0", "vm1", 1, 101);
	ok(!rc && has_u8(PSW_A_ISOLATED, 1) && has_u16(PSW_A_VLAN, 101) &&
	   ONLY(PSW_A_IFNAME, PSW_A_PORT_IFNAME, PSW_A_ISOLATED, PSW_A_VLAN),
	   "port set isolated on vlan 101: ISOLATED 1 and VLAN 101");
	rc = pswc_port_set_isolated(H, "psw0", "vm1", 0, 0);
	ok(!rc && has_u8(PSW_A_ISOLATED, 0) && !rtb[PSW_A_VLAN],
	   "port set isolated off: ISOLATED 0");
	req_cmd = 0;
	rc = pswc_port_set_isolated(H, "psw0", "vm1", 2, 0);
	ok(rc == -EINVAL && req_cmd == 0, "port set isolated 2 refused");
	rc = pswc_port_set_isolated(H, "psw0", "vm1", 1, 4095);
	ok(rc == -ERANGE && req_cmd == 0, "port set isolated vlan 4095 refused");
	reply_errno = ENOSPC;
	reply_err_attr = PSW_A_ISOLATED;
	rc = pswc_port_set_isolated(H, "psw0", "vm1", 1, 0);
	ok(rc == -ENOSPC && pswc_last_error(H)->from_kernel,
	   "port set isolated: the kernel's refusal reaches the caller");
}

static void test_requests(void)
{
	static const uint8_t zero[16];
	struct pswc_addr l4 = A("192.0.2.1"), l6 = A("2001:db8::1");
	struct pswc_addr z4 = { .family = AF_INET };
	struct pswc_addr z6 = { .family = AF_INET6 };
	uint8_t mac[6] = { 2, 0, 0, 0, 0, 1 }, ext[6] = { 0x52, 0x54, 0, 0, 0, 1 };
	uint8_t macs[1][6] = { { 2, 0, 0, 0, 0, 1 } };
	struct pswc_switch_conf ch;
	struct pswc_flood_member m;
	struct pswc_port port;
	struct pswc_entry e;
	int rc;

	uint16_t rt_type, rt_flags;

	rt_answer(1, 0);
	rc = pswc_switch_set(H, "psw0", &l4, &l6, 4790);
	ok(!rc && req_cmd == PSW_CMD_SWITCH_SET && has_str(PSW_A_IFNAME, "psw0") &&
	   has_bytes(PSW_A_LOCAL4, l4.a, 4) &&
	   has_bytes(PSW_A_LOCAL6, l6.a, 16) &&
	   has_u16(PSW_A_VXLAN_PORT, 4790) &&
	   ONLY(PSW_A_IFNAME, PSW_A_LOCAL4, PSW_A_LOCAL6, PSW_A_VXLAN_PORT),
	   "switch set: LOCAL4 4 bytes, LOCAL6 16 bytes, VXLAN_PORT u16");
	ok(rt_request(&rt_type, &rt_flags) && rt_type == RTM_NEWLINK &&
	   (rt_flags & (NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK)) ==
	   (NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK) && rt_tb[IFLA_IFNAME] &&
	   !strcmp(nla_data(rt_tb[IFLA_IFNAME]), PSW_NVGRE6_IFNAME) &&
	   rt_li[IFLA_INFO_KIND] &&
	   !strcmp(nla_data(rt_li[IFLA_INFO_KIND]), "ip6gretap") &&
	   rt_data[PSWC_IFLA_GRE_COLLECT_METADATA] &&
	   !nla_len(rt_data[PSWC_IFLA_GRE_COLLECT_METADATA]) && rt_none(),
	   "switch set underlay6 ADDR: first RTM_NEWLINK " PSW_NVGRE6_IFNAME
	   " ip6gretap external, exclusive, and nothing else");

	rt_answer(1, 0);
	rt_answer(2, 0);
	reply_errno = EADDRINUSE;
	reply_err_attr = PSW_A_LOCAL6;
	rc = pswc_switch_set(H, "psw0", NULL, &l6, 0);
	ok(rc == -EADDRINUSE && pswc_last_error(H)->from_kernel &&
	   !strcmp(pswc_last_error(H)->attr, "local6") &&
	   rt_request(&rt_type, &rt_flags) && rt_type == RTM_NEWLINK &&
	   rt_request(&rt_type, &rt_flags) && rt_type == RTM_DELLINK &&
	   rt_tb[IFLA_IFNAME] &&
	   !strcmp(nla_data(rt_tb[IFLA_IFNAME]), PSW_NVGRE6_IFNAME) &&
	   rt_none(),
	   "switch set underlay6 refused: the device it created is deleted, the kernel's error kept");

	rt_answer(1, -EEXIST);
	reply_errno = EBUSY;
	rc = pswc_switch_set(H, "psw0", NULL, &l6, 0);
	ok(rc == -EBUSY && rt_request(&rt_type, &rt_flags) &&
	   rt_type == RTM_NEWLINK && rt_none(),
	   "switch set underlay6 refused: a device that was there is left alone");

	rc = pswc_switch_set(H, "psw0", &z4, NULL, 0);
	ok(!rc && has_bytes(PSW_A_LOCAL4, zero, 4) &&
	   ONLY(PSW_A_IFNAME, PSW_A_LOCAL4),
	   "switch set underlay none: LOCAL4 all zeroes, nothing else");

	rc = pswc_switch_set(H, "psw0", NULL, &z6, 0);
	ok(!rc && has_bytes(PSW_A_LOCAL6, zero, 16) &&
	   ONLY(PSW_A_IFNAME, PSW_A_LOCAL6) && rt_none(),
	   "switch set underlay6 none: LOCAL6 all zeroes, no rtnetlink request");

	{
		struct pswc_switch_conf conf = {
			.local4 = &l4, .max_pans = 1000, .max_entries = 2000000,
		};

		rc = pswc_switch_configure(H, "psw0", &conf);
		ok(!rc && req_cmd == PSW_CMD_SWITCH_SET &&
		   has_bytes(PSW_A_LOCAL4, l4.a, 4) &&
		   has_u32(PSW_A_MAX_PANS, 1000) &&
		   has_u32(PSW_A_MAX_ENTRIES, 2000000) &&
		   ONLY(PSW_A_IFNAME, PSW_A_LOCAL4, PSW_A_MAX_PANS,
			PSW_A_MAX_ENTRIES),
		   "switch configure: LOCAL4 and both limits, u32, in one request");
		conf = (struct pswc_switch_conf){ .max_entries = 5 };
		rc = pswc_switch_configure(H, "psw0", &conf);
		ok(!rc && has_u32(PSW_A_MAX_ENTRIES, 5) &&
		   ONLY(PSW_A_IFNAME, PSW_A_MAX_ENTRIES),
		   "switch configure: a limit alone; 0 leaves the other");
	}

	req_cmd = 0;
	rc = pswc_switch_set(H, "psw0", &l6, NULL, 0);
	ok(rc == -EINVAL && req_cmd == 0 && !pswc_last_error(H)->from_kernel,
	   "switch set: an IPv6 local4 is refused before sending");

	rc = pswc_pan_set(H, "psw0", 100, &l4, NULL, -1);
	ok(!rc && req_cmd == PSW_CMD_PAN_SET && has_u32(PSW_A_PAN_ID, 100) &&
	   has_bytes(PSW_A_LOCAL4, l4.a, 4) &&
	   ONLY(PSW_A_IFNAME, PSW_A_PAN_ID, PSW_A_LOCAL4),
	   "pan set pan-addr ADDR4");

	rc = pswc_pan_set(H, "psw0", 100, NULL, NULL, PSW_ACCEPT_ANY);
	ok(!rc && req_cmd == PSW_CMD_PAN_SET &&
	   has_u8(PSW_A_ACCEPT, PSW_ACCEPT_ANY) &&
	   ONLY(PSW_A_IFNAME, PSW_A_PAN_ID, PSW_A_ACCEPT),
	   "pan set accept any: ACCEPT u8 1");

	rc = pswc_pan_set(H, "psw0", 100, &l4, NULL, PSW_ACCEPT_REMOTES);
	ok(!rc && has_u8(PSW_A_ACCEPT, PSW_ACCEPT_REMOTES) &&
	   ONLY(PSW_A_IFNAME, PSW_A_PAN_ID, PSW_A_LOCAL4, PSW_A_ACCEPT),
	   "pan set pan-addr ADDR4 accept remotes: LOCAL4, ACCEPT u8 0");

	req_cmd = 0;
	rc = pswc_pan_set(H, "psw0", 100, NULL, NULL, PSW_ACCEPT_MAX + 1);
	ok(rc == -EINVAL && req_cmd == 0 && !pswc_last_error(H)->from_kernel,
	   "pan set: an unknown accept value is refused before sending");

	rc = pswc_pan_set(H, "psw0", 100, &z4, &z6, -1);
	ok(!rc && has_bytes(PSW_A_LOCAL4, zero, 4) &&
	   has_bytes(PSW_A_LOCAL6, zero, 16) &&
	   ONLY(PSW_A_IFNAME, PSW_A_PAN_ID, PSW_A_LOCAL4, PSW_A_LOCAL6),
	   "pan set pan-addr none: both families all zeroes");

	rc = pswc_pan_set_miss(H, "psw0", 100,
			       &(struct pswc_miss_conf){ .miss = PSW_MISS_DROP });
	ok(!rc && req_cmd == PSW_CMD_PAN_SET && has_u8(PSW_A_MISS, PSW_MISS_DROP) &&
	   ONLY(PSW_A_IFNAME, PSW_A_PAN_ID, PSW_A_MISS),
	   "pan set miss drop: MISS u8 1 only");

	{
		static const uint8_t gwmac[6] = { 0, 0, 0xde, 0xad, 0xbe, 0xef };
		struct pswc_flood_member via = { .encap = PSW_ENCAP_VXLAN,
						 .remote = A("192.0.2.9") };
		struct pswc_miss_conf mc = { .miss = PSW_MISS_ANYCAST,
					     .anycast_mac = gwmac,
					     .anycast_via = &via };

		rc = pswc_pan_set_miss(H, "psw0", 100, &mc);
		ok(!rc && has_u8(PSW_A_MISS, PSW_MISS_ANYCAST) &&
		   ONLY(PSW_A_IFNAME, PSW_A_PAN_ID, PSW_A_MISS, PSW_A_ANYCAST),
		   "pan set miss anycast anycast-mac MAC via remote: MISS and the ANYCAST nest");
		mc = (struct pswc_miss_conf){ .miss = -1, .anycast_clear = true };
		rc = pswc_pan_set_miss(H, "psw0", 100, &mc);
		ok(!rc && ONLY(PSW_A_IFNAME, PSW_A_PAN_ID, PSW_A_ANYCAST),
		   "pan set anycast-mac none: an ANYCAST nest only");
		req_cmd = 0;
		mc = (struct pswc_miss_conf){ .miss = -1, .anycast_mac = gwmac };
		rc = pswc_pan_set_miss(H, "psw0", 100, &mc);
		ok(rc == -EINVAL && req_cmd == 0,
		   "pan set anycast-mac without its way is refused before sending");
	}

	rc = pswc_pan_set_proxy(H, "psw0", 100, true);
	ok(!rc && req_cmd == PSW_CMD_PAN_SET && has_u8(PSW_A_PROXY, 1) &&
	   ONLY(PSW_A_IFNAME, PSW_A_PAN_ID, PSW_A_PROXY),
	   "pan set proxy on: PROXY u8 1 only");
	{
		static const uint8_t nmac[6] = { 2, 0, 0, 0, 0, 0x0b };
		struct pswc_addr n4 = A("10.0.0.2"), n6 = A("fd00::2");
		struct pswc_addr none = { 0 };

		rc = pswc_neigh_add(H, "psw0", 100, &n4, nmac, false);
		ok(!rc && req_cmd == PSW_CMD_NEIGH_NEW &&
		   has_bytes(PSW_A_NEIGH_IP4, n4.a, 4) &&
		   has_bytes(PSW_A_MAC, nmac, 6) &&
		   ONLY(PSW_A_IFNAME, PSW_A_PAN_ID, PSW_A_NEIGH_IP4, PSW_A_MAC),
		   "neigh add ip ADDR4 mac MAC: NEIGH_IP4 and MAC");
		rc = pswc_neigh_add(H, "psw0", 100, &n6, nmac, true);
		ok(!rc && has_bytes(PSW_A_NEIGH_IP6, n6.a, 16) &&
		   has_flag(PSW_A_REPLACE) &&
		   ONLY(PSW_A_IFNAME, PSW_A_PAN_ID, PSW_A_NEIGH_IP6, PSW_A_MAC,
			PSW_A_REPLACE),
		   "neigh replace ip ADDR6 mac MAC: NEIGH_IP6, MAC, REPLACE");
		rc = pswc_neigh_del(H, "psw0", 100, &n6);
		ok(!rc && req_cmd == PSW_CMD_NEIGH_DEL &&
		   ONLY(PSW_A_IFNAME, PSW_A_PAN_ID, PSW_A_NEIGH_IP6),
		   "neigh del ip ADDR6: NEIGH_IP6 only");
		req_cmd = 0;
		rc = pswc_neigh_add(H, "psw0", 100, &none, nmac, false);
		ok(rc == -EINVAL && req_cmd == 0 &&
		   !pswc_last_error(H)->from_kernel,
		   "neigh add without an address is refused before sending");
		rc = pswc_neigh_del(H, "psw0", 100, NULL);
		ok(rc == -EINVAL && req_cmd == 0,
		   "neigh del without an address is refused before sending");
	}

	{
		struct pswc_addr g4 = A("239.1.2.3"), g6 = A("ff0e::42");
		struct nlattr *mt[PSW_A_MAX + 1];
		struct pswc_mcast_conf mc = { .group = &g4, .encap = -1,
					      .ttl = -1 };

		rc = pswc_pan_set_mcast(H, "psw0", 100, &mc);
		ok(!rc && req_cmd == PSW_CMD_PAN_SET &&
		   ONLY(PSW_A_IFNAME, PSW_A_PAN_ID, PSW_A_MCAST) &&
		   !nla_parse_nested(mt, PSW_A_MAX, rtb[PSW_A_MCAST], NULL) &&
		   mt[PSW_A_REMOTE4] && nla_len(mt[PSW_A_REMOTE4]) == 4 &&
		   !mt[PSW_A_ENCAP] && !mt[PSW_A_TTL],
		   "pan set group ADDR: an MCAST nest with REMOTE4 alone (the kernel's defaults)");
		mc = (struct pswc_mcast_conf){ .group = &g6,
			.encap = PSW_ENCAP_NVGRE, .ttl = 0 };
		rc = pswc_pan_set_mcast(H, "psw0", 100, &mc);
		ok(!rc && !nla_parse_nested(mt, PSW_A_MAX, rtb[PSW_A_MCAST], NULL) &&
		   mt[PSW_A_REMOTE6] && nla_len(mt[PSW_A_REMOTE6]) == 16 &&
		   mt[PSW_A_ENCAP] && nla_get_u8(mt[PSW_A_ENCAP]) == PSW_ENCAP_NVGRE &&
		   mt[PSW_A_TTL] && nla_get_u8(mt[PSW_A_TTL]) == 0,
		   "pan set group6 ADDR encap nvgre ttl 0: sent as is (the kernel refuses ttl 0)");
		mc = (struct pswc_mcast_conf){ .clear = true, .encap = -1,
					       .ttl = -1 };
		rc = pswc_pan_set_mcast(H, "psw0", 100, &mc);
		ok(!rc && ONLY(PSW_A_IFNAME, PSW_A_PAN_ID, PSW_A_MCAST) &&
		   nla_len(rtb[PSW_A_MCAST]) == 0,
		   "pan set group none: an empty MCAST nest");
		req_cmd = 0;
		mc = (struct pswc_mcast_conf){ .group = &g4, .encap = -1,
					       .ttl = 256 };
		rc = pswc_pan_set_mcast(H, "psw0", 100, &mc);
		ok(rc == -EINVAL && req_cmd == 0 &&
		   !pswc_last_error(H)->from_kernel,
		   "pan set group ttl 256 is refused before sending");
		mc = (struct pswc_mcast_conf){ .group = &g4, .clear = true,
					       .encap = -1, .ttl = -1 };
		rc = pswc_pan_set_mcast(H, "psw0", 100, &mc);
		ok(rc == -EINVAL && req_cmd == 0,
		   "pan set group: set and removed at once is refused before sending");
		mc = (struct pswc_mcast_conf){ .encap = -1, .ttl = -1 };
		rc = pswc_pan_set_mcast(H, "psw0", 100, &mc);
		ok(rc == -EINVAL && req_cmd == 0,
		   "pan set group: nothing to set is refused before sending");
	}

	req_cmd = 0;
	rc = pswc_pan_set_miss(H, "psw0", 100,
			       &(struct pswc_miss_conf){ .miss = PSW_MISS_MAX + 1 });
	ok(rc == -EINVAL && req_cmd == 0 && !pswc_last_error(H)->from_kernel,
	   "pan set miss: an unknown policy is refused before sending");
	rc = pswc_pan_set_miss(H, "psw0", 100,
			       &(struct pswc_miss_conf){ .miss = -1 });
	ok(rc == -EINVAL && req_cmd == 0,
	   "pan set miss: nothing to set is refused before sending");

	rc = pswc_pan_set_hold(H, "psw0", 100,
			       &(struct pswc_hold_conf){ .frames = 8,
							 .dests = -1,
							 .time_ms = 0 });
	ok(!rc && req_cmd == PSW_CMD_PAN_SET &&
	   has_u32(PSW_A_HOLD_FRAMES, 8) && has_u32(PSW_A_HOLD_TIME, 0) &&
	   ONLY(PSW_A_IFNAME, PSW_A_PAN_ID, PSW_A_HOLD_FRAMES,
		PSW_A_HOLD_TIME),
	   "pan set hold frames 8 time 0: the two bounds (0 is the kernel's to refuse)");
	req_cmd = 0;
	rc = pswc_pan_set_hold(H, "psw0", 100,
			       &(struct pswc_hold_conf){ -1, -1, -1 });
	ok(rc == -EINVAL && req_cmd == 0,
	   "pan set hold: nothing to set is refused before sending");
	rc = pswc_pan_set_hold(H, "psw0", 100,
			       &(struct pswc_hold_conf){ -1, 1LL << 32, -1 });
	ok(rc == -ERANGE && req_cmd == 0,
	   "pan set hold: a bound beyond u32 is refused before sending");

	memset(&m, 0, sizeof(m));
	m.uplink = true;
	rc = pswc_flood_new(H, "psw0", 100, &m);
	ok(!rc && req_cmd == PSW_CMD_FLOOD_NEW && has_flag(PSW_A_UPLINK) &&
	   ONLY(PSW_A_IFNAME, PSW_A_PAN_ID, PSW_A_UPLINK),
	   "flood add uplink: UPLINK flag only");

	memset(&m, 0, sizeof(m));
	m.encap = PSW_ENCAP_NVGRE;
	m.remote = A("2001:db8::2");
	rc = pswc_flood_del(H, "psw0", 100, &m);
	ok(!rc && req_cmd == PSW_CMD_FLOOD_DEL &&
	   has_u8(PSW_A_ENCAP, PSW_ENCAP_NVGRE) &&
	   has_bytes(PSW_A_REMOTE6, m.remote.a, 16) &&
	   ONLY(PSW_A_IFNAME, PSW_A_PAN_ID, PSW_A_ENCAP, PSW_A_REMOTE6),
	   "flood del remote ADDR6 encap nvgre: ENCAP u8, REMOTE6");

	m.remote = A("192.0.2.2");
	m.encap = PSW_ENCAP_VXLAN;
	rc = pswc_flood_new(H, "psw0", 100, &m);
	ok(!rc && has_u8(PSW_A_ENCAP, PSW_ENCAP_VXLAN) &&
	   has_bytes(PSW_A_REMOTE4, m.remote.a, 4) && !rtb[PSW_A_REMOTE6],
	   "flood add remote ADDR4: REMOTE4");

	rc = pswc_port_new(H, "psw0", "vm1", PSW_PORT_ROLE_VM, 100,
			   (const uint8_t (*)[PSWC_ETH_ALEN])macs, 1, ext);
	ok(!rc && req_cmd == PSW_CMD_PORT_NEW && has_bytes(PSW_A_EXT_MAC, ext, 6) &&
	   has_str(PSW_A_PORT_IFNAME, "vm1") &&
	   has_u8(PSW_A_PORT_ROLE, PSW_PORT_ROLE_VM) && rtb[PSW_A_MACS],
	   "port add ... ext MAC: EXT_MAC");
	rc = pswc_port_new(H, "psw0", "vm1", PSW_PORT_ROLE_VM, 100, NULL, 0,
			   NULL);
	ok(!rc && !rtb[PSW_A_EXT_MAC] && !rtb[PSW_A_MACS] && !rtb[PSW_A_VLAN],
	   "port add without ext: no EXT_MAC");

	memset(&port, 0, sizeof(port));
	strcpy(port.sw_ifname, "psw0");
	strcpy(port.ifname, "eth0");
	port.role = PSW_PORT_ROLE_UPLINK;
	port.vlan = 4094;
	port.pan = 100;			/* not sent for an uplink */
	rc = pswc_port_add(H, &port);
	ok(!rc && req_cmd == PSW_CMD_PORT_NEW &&
	   has_u8(PSW_A_PORT_ROLE, PSW_PORT_ROLE_UPLINK) &&
	   has_u16(PSW_A_VLAN, 4094) &&
	   ONLY(PSW_A_IFNAME, PSW_A_PORT_IFNAME, PSW_A_PORT_ROLE, PSW_A_VLAN),
	   "port add ... uplink vlan VID: VLAN u16, no PAN");
	port.vlan = 0;
	rc = pswc_port_add(H, &port);
	ok(!rc && ONLY(PSW_A_IFNAME, PSW_A_PORT_IFNAME, PSW_A_PORT_ROLE),
	   "port add ... uplink: no VLAN");

	rc = pswc_port_set(H, "psw0", "vm1", 0, -1);
	ok(!rc && req_cmd == PSW_CMD_PORT_SET && has_u8(PSW_A_SECURITY, 0) &&
	   ONLY(PSW_A_IFNAME, PSW_A_PORT_IFNAME, PSW_A_SECURITY),
	   "port set security off: SECURITY u8 0 only");
	rc = pswc_port_set(H, "psw0", "vm1", 1, 1);
	ok(!rc && has_u8(PSW_A_SECURITY, 1) && has_u8(PSW_A_LLDP, 1) &&
	   ONLY(PSW_A_IFNAME, PSW_A_PORT_IFNAME, PSW_A_SECURITY, PSW_A_LLDP),
	   "port set security on lldp on: SECURITY 1, LLDP 1");
	req_cmd = 0;
	rc = pswc_port_set(H, "psw0", "vm1", -1, -1);
	ok(rc == -EINVAL && req_cmd == 0 && !pswc_last_error(H)->from_kernel,
	   "port set with nothing to set is refused before sending");
	rc = pswc_port_set(H, "psw0", "vm1", 2, -1);
	ok(rc == -EINVAL && req_cmd == 0, "port set security 2 is refused");
	test_port_allow_requests();
	test_isolate_requests();
	test_etherip_requests();

	memset(&ch, 0, sizeof(ch));
	ch.set_ext_prefix = true;
	memcpy(ch.ext_prefix, ext, 6);
	ch.ext_prefix_len = 40;
	rc = pswc_switch_configure(H, "psw0", &ch);
	ok(!rc && req_cmd == PSW_CMD_SWITCH_SET &&
	   has_bytes(PSW_A_EXT_PREFIX, ext, 6) &&
	   has_u8(PSW_A_EXT_PREFIX_LEN, 40) &&
	   ONLY(PSW_A_IFNAME, PSW_A_EXT_PREFIX, PSW_A_EXT_PREFIX_LEN),
	   "switch set ext-prefix MAC/LEN: EXT_PREFIX 6 bytes, LEN u8");
	ch.ext_prefix_len = 0;
	ch.local4 = &l4;
	rc = pswc_switch_configure(H, "psw0", &ch);
	ok(!rc && has_u8(PSW_A_EXT_PREFIX_LEN, 0) &&
	   has_bytes(PSW_A_LOCAL4, l4.a, 4) &&
	   ONLY(PSW_A_IFNAME, PSW_A_LOCAL4, PSW_A_EXT_PREFIX_LEN),
	   "switch set ext-prefix none underlay ADDR4: LEN 0 alone, LOCAL4");

	memset(&e, 0, sizeof(e));
	strcpy(e.sw_ifname, "psw0");
	e.pan = 100;
	memcpy(e.mac, mac, 6);
	e.mode = PSW_MODE_XLATE;
	e.has_ext_mac = true;
	memcpy(e.ext_mac, ext, 6);
	strcpy(e.port_ifname, "ignored");
	rc = pswc_entry_add(H, &e, false);
	ok(!rc && req_cmd == PSW_CMD_ENTRY_NEW &&
	   has_u8(PSW_A_MODE, PSW_MODE_XLATE) && has_bytes(PSW_A_MAC, mac, 6) &&
	   has_bytes(PSW_A_EXT_MAC, ext, 6) &&
	   ONLY(PSW_A_IFNAME, PSW_A_PAN_ID, PSW_A_MAC, PSW_A_MODE,
		PSW_A_EXT_MAC),
	   "entry add xlate ext MAC: MODE 2, EXT_MAC, no port");

	e.mode = PSW_MODE_ENCAP;
	e.encap = PSW_ENCAP_ETHERIP;
	e.remote = A("198.51.100.7");
	rc = pswc_entry_add(H, &e, true);
	ok(!rc && has_u8(PSW_A_MODE, PSW_MODE_ENCAP) &&
	   has_u8(PSW_A_ENCAP, PSW_ENCAP_ETHERIP) &&
	   has_bytes(PSW_A_REMOTE4, e.remote.a, 4) &&
	   has_flag(PSW_A_REPLACE) &&
	   ONLY(PSW_A_IFNAME, PSW_A_PAN_ID, PSW_A_MAC, PSW_A_MODE,
		PSW_A_ENCAP, PSW_A_REMOTE4, PSW_A_REPLACE),
	   "entry replace encap etherip remote ADDR4: MODE 3, ENCAP, REMOTE4, REPLACE");

	e.remote = A("2001:db8::7");
	e.encap = PSW_ENCAP_VXLAN;
	rc = pswc_entry_add(H, &e, false);
	ok(!rc && has_u8(PSW_A_ENCAP, PSW_ENCAP_VXLAN) &&
	   has_bytes(PSW_A_REMOTE6, e.remote.a, 16) && !rtb[PSW_A_REMOTE4] &&
	   !rtb[PSW_A_REPLACE],
	   "entry add encap vxlan remote ADDR6: REMOTE6");

	rc = pswc_entry_new(H, "psw0", 100, mac, PSW_MODE_LOCAL, "vm1", false);
	ok(!rc && has_u8(PSW_A_MODE, PSW_MODE_LOCAL) &&
	   has_str(PSW_A_PORT_IFNAME, "vm1") &&
	   ONLY(PSW_A_IFNAME, PSW_A_PAN_ID, PSW_A_MAC, PSW_A_MODE,
		PSW_A_PORT_IFNAME),
	   "entry add local dev DEV (pswc_entry_new)");

	/* a refusal pointing at REMOTE6 names it as the CLI keyword */
	reply_errno = EADDRNOTAVAIL;
	reply_err_attr = PSW_A_REMOTE6;
	rc = pswc_entry_add(H, &e, false);
	ok(rc == -EADDRNOTAVAIL && pswc_last_error(H)->from_kernel &&
	   pswc_last_error(H)->attr_type == PSW_A_REMOTE6 &&
	   !strcmp(pswc_last_error(H)->attr, "remote") &&
	   !strcmp(pswc_last_error(H)->msg, "refused by the test"),
	   "kernel refusal at REMOTE6: attribute \"remote\"");
	reply_errno = EBUSY;
	reply_err_attr = PSW_A_VXLAN_PORT;
	rc = pswc_switch_set(H, "psw0", NULL, NULL, 4789);
	ok(rc == -EBUSY && !strcmp(pswc_last_error(H)->attr, "vxlan-port"),
	   "kernel refusal at VXLAN_PORT: attribute \"vxlan-port\"");
}

/* ------------------------------------------------------------------ */
/* Replies                                                            */

static void put_stats(struct nl_msg *msg)
{
	struct nlattr *st, *dr;

	st = nla_nest_start(msg, PSW_A_STATS | NLA_F_NESTED);
	nla_put_u64(msg, PSW_STATS_RX_PACKETS, 10);
	nla_put_u64(msg, PSW_STATS_XLATE_TX, 4);
	nla_put_u64(msg, PSW_STATS_XLATE_RX, 3);
	nla_put_u64(msg, PSW_STATS_ENCAP_TX, 2);
	nla_put_u64(msg, PSW_STATS_ENCAP_RX, 1);
	dr = nla_nest_start(msg, PSW_STATS_DROPS | NLA_F_NESTED);
	nla_put(msg, PSW_DROP_UNSPEC, 0, NULL);	/* nla_put_u64_64bit's pad */
	nla_put_u64(msg, PSW_DROP_UNKNOWN_SRC, 20);
	nla_put_u64(msg, PSW_DROP_BAD_TUNNEL, 17);
	nla_put_u64(msg, PSW_DROP_MAX + 1, 99);	/* newer: kept */
	nla_nest_end(msg, dr);
	nla_nest_end(msg, st);
}

static bool stats_ok(const struct pswc_stats *s)
{
	return s->present && s->rx_packets == 10 && s->xlate_tx == 4 &&
	       s->xlate_rx == 3 && s->encap_tx == 2 && s->encap_rx == 1 &&
	       s->ndrops == PSW_DROP_MAX + 2 &&
	       s->drops[PSW_DROP_UNKNOWN_SRC] == 20 &&
	       s->drops[PSW_DROP_BAD_TUNNEL] == 17 &&
	       s->drops[PSW_DROP_MAX + 1] == 99 &&
	       pswc_stats_drop(s, PSW_DROP_UNKNOWN_SRC) == 20 &&
	       pswc_stats_drop(s, PSW_DROP_MAX + 1) == 99 &&
	       !pswc_stats_drop(s, PSW_DROP_MAX + 2) &&
	       !pswc_stats_drop(s, 1U << 20);
}

static void put_macs(struct nl_msg *msg, unsigned int n)
{
	struct nlattr *ms = nla_nest_start(msg, PSW_A_MACS | NLA_F_NESTED);
	uint8_t mac[6] = { 2, 0, 0, 0, 0, 0 };
	unsigned int i;

	for (i = 0; i < n; i++) {
		mac[4] = i >> 8;
		mac[5] = i;
		nla_put(msg, PSW_A_MAC, 6, mac);
	}
	nla_nest_end(msg, ms);
}

/* port i of n has the MACs 02:00:00:00:i>>8:i */
static bool macs_ok(const struct pswc_port *p, unsigned int n)
{
	unsigned int i;

	if (p->nmacs != n || (n && !p->macs))
		return false;
	for (i = 0; i < n; i++)
		if (p->macs[i][0] != 2 || p->macs[i][4] != (uint8_t)(i >> 8) ||
		    p->macs[i][5] != (uint8_t)i)
			return false;
	return true;
}

/* ports seen by port_cb: their MAC counts, and whether the MACs were right */
static struct {
	unsigned int nmacs[4];
	bool macs_ok;
	int n;
} pacc;

static int port_cb(const struct pswc_port *p, void *arg)
{
	(void)arg;
	if (pacc.n < 4)
		pacc.nmacs[pacc.n++] = p->nmacs;
	pacc.macs_ok &= macs_ok(p, p->nmacs) && stats_ok(&p->stats);
	return 0;
}

static void put_member(struct nl_msg *msg, bool uplink, uint8_t encap,
		       int type, const struct pswc_addr *a)
{
	struct nlattr *m = nla_nest_start(msg, PSW_A_FLOOD_MEMBER |
					  NLA_F_NESTED);

	if (uplink)
		nla_put_flag(msg, PSW_A_UPLINK);
	else
		nla_put_u8(msg, PSW_A_ENCAP, encap);
	if (type)
		nla_put(msg, type, a->family == AF_INET ? 4 : 16, a->a);
	nla_nest_end(msg, m);
}

static struct {
	struct pswc_entry e[3];
	int n;
} acc;

static int entry_cb(const struct pswc_entry *x, void *arg)
{
	(void)arg;
	if (acc.n < 3)
		acc.e[acc.n++] = *x;
	return 0;
}

/* pswc_port_ext_get(): the allow list and classification (since 1.8) */
static void test_port_ext_replies(void)
{
	struct pswc_addr ip4 = A("198.51.100.7"), ip6 = A("2001:db8::7");
	uint8_t m1[6] = { 2, 0, 0, 0, 0, 1 }, m2[6] = { 2, 0, 0, 0, 0, 2 };
	struct pswc_port_ext ext;
	struct nlattr *l, *e;
	struct pswc_port port;
	struct nl_msg *msg;
	uint16_t tpid;
	int rc;

	msg = reply(PSW_CMD_PORT_GET);
	nla_put_string(msg, PSW_A_IFNAME, "psw0");
	nla_put_string(msg, PSW_A_PORT_IFNAME, "vm1");
	nla_put_u8(msg, PSW_A_PORT_ROLE, PSW_PORT_ROLE_VM);
	nla_put_u32(msg, PSW_A_PAN_ID, 100);
	nla_put_u8(msg, PSW_A_SECURITY, 1);
	nla_put_u8(msg, PSW_A_LLDP, 0);
	l = nla_nest_start(msg, PSW_A_ALLOW);
	e = nla_nest_start(msg, PSW_A_ALLOW_ENTRY);
	nla_put(msg, PSW_A_MAC, 6, m1);
	nla_put(msg, PSW_A_NEIGH_IP4, 4, ip4.a);
	nla_nest_end(msg, e);
	e = nla_nest_start(msg, PSW_A_ALLOW_ENTRY);
	nla_put(msg, PSW_A_MAC, 6, m2);
	nla_nest_end(msg, e);
	e = nla_nest_start(msg, 999);	/* a kind this library does not know */
	nla_nest_end(msg, e);
	e = nla_nest_start(msg, PSW_A_ALLOW_ENTRY);
	nla_put(msg, PSW_A_MAC, 6, m1);
	nla_put(msg, PSW_A_NEIGH_IP6, 16, ip6.a);
	nla_nest_end(msg, e);
	nla_nest_end(msg, l);
	rc = pswc_port_ext_get(H, "psw0", "vm1", &port, &ext);
	ok(!rc && req_cmd == PSW_CMD_PORT_GET && port.pan == 100 &&
	   port.has_policy && port.security && ext.has_allow &&
	   ext.nallow == 3 && !ext.classify,
	   "port ext get: a vm port with 3 allow entries (unknown nest skipped)");
	ok(!rc && ext.nallow == 3 && !memcmp(ext.allow[0].mac, m1, 6) &&
	   ext.allow[0].addr.family == AF_INET &&
	   !memcmp(ext.allow[0].addr.a, ip4.a, 4) &&
	   !memcmp(ext.allow[1].mac, m2, 6) && !ext.allow[1].addr.family &&
	   ext.allow[2].addr.family == AF_INET6 &&
	   !memcmp(ext.allow[2].addr.a, ip6.a, 16),
	   "port ext get: MAC/IPv4, MAC alone, MAC/IPv6");
	pswc_port_clear(&port);
	pswc_port_ext_clear(&ext);
	ok(!ext.allow && !ext.nallow && !ext.has_allow,
	   "port ext clear: list freed, the struct zeroed");

	msg = reply(PSW_CMD_PORT_GET);
	nla_put_string(msg, PSW_A_IFNAME, "psw0");
	nla_put_u8(msg, PSW_A_PORT_ROLE, PSW_PORT_ROLE_TRUNK);
	nla_put_u8(msg, PSW_A_CLASSIFY, PSW_CLASSIFY_OUI);
	rc = pswc_port_ext_get(H, "psw0", "tr0", &port, &ext);
	ok(!rc && ext.classify == PSW_CLASSIFY_OUI && !ext.has_allow &&
	   !ext.nallow, "port ext get: a trunk, its classification, no list");
	pswc_port_clear(&port);
	pswc_port_ext_clear(&ext);

	msg = reply(PSW_CMD_PORT_GET);
	nla_put_string(msg, PSW_A_IFNAME, "psw0");
	nla_put_u8(msg, PSW_A_PORT_ROLE, PSW_PORT_ROLE_TEP);
	nla_put_u16(msg, PSW_A_TPID, 0x88e7);
	tpid = 0;
	rc = pswc_port_tep_get(H, "psw0", "tep0", &port, &ext, &tpid);
	ok(!rc && tpid == 0x88e7 && port.role == PSW_PORT_ROLE_TEP &&
	   !ext.classify && !ext.has_allow,
	   "port tep get: a tep port and its TPID");
	pswc_port_clear(&port);
	pswc_port_ext_clear(&ext);

	msg = reply(PSW_CMD_PORT_GET);
	nla_put_string(msg, PSW_A_IFNAME, "psw0");
	l = nla_nest_start(msg, PSW_A_ALLOW);
	e = nla_nest_start(msg, PSW_A_ALLOW_ENTRY);
	nla_put(msg, PSW_A_NEIGH_IP4, 4, ip4.a);	/* no MAC */
	nla_nest_end(msg, e);
	nla_nest_end(msg, l);
	rc = pswc_port_ext_get(H, "psw0", "vm1", &port, &ext);
	ok(rc == -EBADMSG && !ext.allow && !ext.nallow,
	   "port ext get: an allow entry without a MAC is a bad message, nothing leaks");
}

/* pswc_switch_pool_get(), an isolated port's VLAN (since 1.10) */
static void test_isolate_replies(void)
{
	struct pswc_vlan_pool pool;
	struct pswc_switch sw;
	struct pswc_port port;
	struct nl_msg *msg;
	int rc;

	msg = reply(PSW_CMD_SWITCH_GET);
	nla_put_string(msg, PSW_A_IFNAME, "psw0");
	nla_put_u16(msg, PSW_A_VLAN_POOL_FIRST, 100);
	nla_put_u16(msg, PSW_A_VLAN_POOL_LAST, 109);
	nla_put_u32(msg, PSW_A_VLAN_POOL_USED, 3);
	rc = pswc_switch_pool_get(H, "psw0", &sw, &pool);
	ok(!rc && req_cmd == PSW_CMD_SWITCH_GET && !strcmp(sw.ifname, "psw0") &&
	   pool.first == 100 && pool.last == 109 && pool.used == 3,
	   "switch pool get: first 100, last 109, used 3");
	pswc_switch_clear(&sw);
	msg = reply(PSW_CMD_SWITCH_GET);
	nla_put_string(msg, PSW_A_IFNAME, "psw0");
	rc = pswc_switch_pool_get(H, "psw0", &sw, &pool);
	ok(!rc && !pool.first && !pool.last && !pool.used,
	   "switch pool get: no pool, first 0");
	pswc_switch_clear(&sw);
	msg = reply(PSW_CMD_PORT_GET);
	nla_put_string(msg, PSW_A_IFNAME, "psw0");
	nla_put_u8(msg, PSW_A_PORT_ROLE, PSW_PORT_ROLE_VM);
	nla_put_u32(msg, PSW_A_PAN_ID, 100);
	nla_put_u8(msg, PSW_A_ISOLATED, 1);
	nla_put_u16(msg, PSW_A_VLAN, 101);
	rc = pswc_port_get(H, "psw0", "vm1", &port);
	ok(!rc && port.role == PSW_PORT_ROLE_VM && port.vlan == 101,
	   "port get: an isolated vm port's VLAN is its vlan");
	pswc_port_clear(&port);
}

/*
 * Negotiation (since 1.10): a remote's encaps and probe results and a
 * switch's encaps are the library's lists, as long as the kernel's.
 */
#define NEGO_N 12		/* more than the 8 of the old fixed arrays */

struct remote_acc {
	unsigned int n;
	unsigned int nencaps[2];
	unsigned int nprobe[2];
	uint8_t last_encap[2];
	uint32_t last_size[2];
};

static int remote_cb(const struct pswc_remote *r, void *arg)
{
	struct remote_acc *acc = arg;

	if (acc->n < 2) {
		acc->nencaps[acc->n] = r->nencaps;
		acc->nprobe[acc->n] = r->nprobe;
		acc->last_encap[acc->n] = r->nencaps ?
					  r->encaps[r->nencaps - 1] : 0;
		acc->last_size[acc->n] = r->nprobe ?
					 r->probe[r->nprobe - 1].size : 0;
	}
	acc->n++;
	return 0;
}

static void put_remote_reply(struct nl_msg *msg, const uint8_t *encaps,
			     int nencaps, int nprobe)
{
	struct nlattr *rs, *r;
	int i;

	nla_put_string(msg, PSW_A_IFNAME, "psw0");
	nla_put(msg, PSW_A_REMOTE4, 4, (uint8_t []){ 192, 0, 2, 9 });
	nla_put(msg, PSW_A_ENCAPS, nencaps, encaps);
	if (nprobe < 0)
		return;
	nla_put_u32(msg, PSW_A_PROBE_AGE, 1500);
	rs = nla_nest_start(msg, PSW_A_PROBE_RESULTS | NLA_F_NESTED);
	for (i = 0; i < nprobe; i++) {
		r = nla_nest_start(msg, PSW_A_PROBE_RESULT | NLA_F_NESTED);
		nla_put_u8(msg, PSW_A_ENCAP, encaps[i % nencaps]);
		nla_put_u8(msg, PSW_A_PROBE_STATE, PSW_PROBE_OK);
		nla_put_u32(msg, PSW_A_PROBE_SIZE, 1000 + i);
		nla_nest_end(msg, r);
		if (i == 3)	/* not a PSW_A_PROBE_RESULT: skipped */
			nla_put_u32(msg, PSW_A_PROBE_SIZE, 7);
	}
	nla_nest_end(msg, rs);
}

static void test_nego_replies(void)
{
	static const uint8_t three[] = {
		PSW_ENCAP_VXLAN, PSW_ENCAP_NVGRE, PSW_ENCAP_ETHERIP
	};
	struct pswc_addr ra = A("192.0.2.9");
	struct pswc_switch_nego x;
	struct remote_acc acc = { 0 };
	struct pswc_remote r;
	uint8_t encaps[NEGO_N];
	struct nl_msg *msg;
	bool all;
	int rc, i;

	for (i = 0; i < NEGO_N; i++)
		encaps[i] = three[i % 3];
	encaps[NEGO_N - 1] = 200;	/* an encapsulation to come */

	rc = pswc_remote_add(H, "psw0", &ra, encaps, NEGO_N);
	ok(!rc && req_cmd == PSW_CMD_REMOTE_NEW &&
	   has_bytes(PSW_A_ENCAPS, encaps, NEGO_N),
	   "remote add: a list of 12 is sent whole, for the kernel to judge");
	rc = pswc_switch_set_encaps(H, "psw0", encaps, NEGO_N);
	ok(!rc && req_cmd == PSW_CMD_SWITCH_SET &&
	   has_bytes(PSW_A_ENCAPS, encaps, NEGO_N),
	   "switch set encaps: a list of 12 is sent whole");
	req_cmd = 0;
	rc = pswc_remote_set(H, "psw0", &ra, encaps, 0);
	ok(rc == -EINVAL && !req_cmd && pswc_last_error(H)->errnum == EINVAL,
	   "remote set: an empty list is refused before sending");

	msg = reply(PSW_CMD_REMOTE_GET);
	put_remote_reply(msg, encaps, NEGO_N, NEGO_N);
	rc = pswc_remote_get(H, "psw0", &ra, &r);
	all = !rc && r.nencaps == NEGO_N && r.nprobe == NEGO_N &&
	      r.encaps && r.probe && r.probe_age == 1500 &&
	      r.addr.family == AF_INET && !strcmp(r.sw_ifname, "psw0");
	for (i = 0; all && i < NEGO_N; i++)
		all = r.encaps[i] == encaps[i] &&
		      r.probe[i].encap == encaps[i] &&
		      r.probe[i].state == PSW_PROBE_OK &&
		      r.probe[i].size == 1000u + i;
	ok(all && req_cmd == PSW_CMD_REMOTE_GET,
	   "remote get: 12 encaps and 12 probe results, whole, not truncated at 8");
	pswc_remote_clear(&r);
	ok(!r.encaps && !r.nencaps && !r.probe && !r.nprobe &&
	   !r.addr.family && !r.sw_ifname[0],
	   "remote clear: the lists freed, the struct zeroed");
	pswc_remote_clear(&r);		/* twice: harmless */

	msg = reply(PSW_CMD_REMOTE_GET);
	put_remote_reply(msg, encaps, 2, -1);
	rc = pswc_remote_get(H, "psw0", &ra, &r);
	ok(!rc && r.nencaps == 2 && r.probe_age == -1 && !r.nprobe &&
	   !r.probe,
	   "remote get: never probed, age -1, no probe results");
	pswc_remote_clear(&r);

	msg = reply(PSW_CMD_REMOTE_GET);
	put_remote_reply(msg, encaps, NEGO_N, NEGO_N);
	reply_errno = ENOENT;
	rc = pswc_remote_get(H, "psw0", &ra, &r);
	ok(rc == -ENOENT && !r.encaps && !r.probe && !r.nencaps && !r.nprobe,
	   "remote get: refused after a reply, the lists freed, the struct zeroed");
	pswc_remote_clear(&r);

	msg = reply(PSW_CMD_REMOTE_GET);
	put_remote_reply(msg, encaps, NEGO_N, NEGO_N);
	msg = reply(PSW_CMD_REMOTE_GET);
	put_remote_reply(msg, encaps, 9, 10);
	rc = pswc_remote_dump(H, "psw0", remote_cb, &acc);
	ok(!rc && acc.n == 2 && acc.nencaps[0] == NEGO_N &&
	   acc.nprobe[0] == NEGO_N && acc.last_encap[0] == 200 &&
	   acc.last_size[0] == 1000 + NEGO_N - 1 && acc.nencaps[1] == 9 &&
	   acc.nprobe[1] == 10 && acc.last_size[1] == 1009,
	   "remote dump: each remote's lists whole in the callback");

	msg = reply(PSW_CMD_SWITCH_GET);
	nla_put_string(msg, PSW_A_IFNAME, "psw0");
	nla_put(msg, PSW_A_ENCAPS, NEGO_N, encaps);
	nla_put_u32(msg, PSW_A_REMOTE_COUNT, 4);
	rc = pswc_switch_nego_get(H, "psw0", &x);
	ok(!rc && x.nencaps == NEGO_N && x.encaps &&
	   !memcmp(x.encaps, encaps, NEGO_N) && x.remote_count == 4,
	   "switch nego get: a preference of 12, whole, not truncated at 8");
	pswc_switch_nego_clear(&x);
	ok(!x.encaps && !x.nencaps && !x.remote_count && !x.sw_ifname[0],
	   "switch nego clear: the list freed, the struct zeroed");

	msg = reply(PSW_CMD_SWITCH_GET);
	nla_put_string(msg, PSW_A_IFNAME, "psw0");
	nla_put(msg, PSW_A_ENCAPS, NEGO_N, encaps);
	reply_errno = ENODEV;
	rc = pswc_switch_nego_get(H, "psw0", &x);
	ok(rc == -ENODEV && !x.encaps && !x.nencaps,
	   "switch nego get: refused after a reply, nothing leaks");
	pswc_switch_nego_clear(&x);
}

static void test_replies(void)
{
	static struct pswc_pan pan;
	struct pswc_pan_miss miss;
	static const uint8_t zero[16];
	struct pswc_addr l4 = A("192.0.2.1"), l6 = A("2001:db8::1");
	struct pswc_addr r4 = A("192.0.2.2"), r6 = A("2001:db8::3");
	uint8_t mac[6] = { 2, 0, 0, 0, 0, 1 }, ext[6] = { 0x52, 0x54, 0, 0, 0, 1 };
	struct pswc_switch sw;
	struct pswc_port port;
	struct nlattr *fl, *ms;
	struct nl_msg *msg;
	int rc, i;

	msg = reply(PSW_CMD_SWITCH_GET);
	nla_put_u32(msg, PSW_A_IFINDEX, 5);
	nla_put_string(msg, PSW_A_IFNAME, "psw0");
	nla_put_u16(msg, PSW_A_VXLAN_PORT, 4789);
	nla_put(msg, PSW_A_LOCAL4, 4, l4.a);
	nla_put(msg, PSW_A_LOCAL6, 16, l6.a);
	nla_put_u32(msg, PSW_A_MAX_PANS, 4096);
	nla_put_u32(msg, PSW_A_MAX_ENTRIES, 262144);
	nla_put_u64(msg, PSW_A_PAN_LIMIT_HITS, 3);
	nla_put_u64(msg, PSW_A_ENTRY_LIMIT_HITS, 1ULL << 40);
	put_stats(msg);
	rc = pswc_switch_get(H, "psw0", &sw);
	ok(!rc && req_cmd == PSW_CMD_SWITCH_GET && sw.ifindex == 5 &&
	   sw.vxlan_port == 4789 && sw.local4.family == AF_INET &&
	   !memcmp(sw.local4.a, l4.a, 4) && sw.local6.family == AF_INET6 &&
	   !memcmp(sw.local6.a, l6.a, 16) && stats_ok(&sw.stats),
	   "switch get: vxlan port, locals, stats with per-mode counters");
	ok(!rc && sw.max_pans == 4096 && sw.max_entries == 262144 &&
	   sw.pan_limit_hits == 3 && sw.entry_limit_hits == 1ULL << 40,
	   "switch get: limits (u32) and limit hits (u64)");
	pswc_switch_clear(&sw);
	ok(!sw.stats.drops && !sw.stats.ndrops && !sw.ifindex,
	   "switch clear: drops freed, the struct zeroed");

	msg = reply(PSW_CMD_SWITCH_GET);
	nla_put_string(msg, PSW_A_IFNAME, "psw0");
	nla_put(msg, PSW_A_LOCAL6, 16, zero);
	rc = pswc_switch_get(H, "psw0", &sw);
	ok(!rc && !sw.local4.family && !sw.local6.family && !sw.vxlan_port &&
	   !sw.stats.present && !sw.max_pans && !sw.max_entries &&
	   !sw.stats.ndrops && !pswc_stats_drop(&sw.stats, 1),
	   "switch get: absent or all-zero locals are unset");
	pswc_switch_clear(&sw);

	msg = reply(PSW_CMD_PORT_GET);
	nla_put_string(msg, PSW_A_IFNAME, "psw0");
	nla_put_string(msg, PSW_A_PORT_IFNAME, "vm1");
	nla_put(msg, PSW_A_EXT_MAC, 6, ext);
	rc = pswc_port_get(H, "psw0", "vm1", &port);
	ok(!rc && port.has_ext_mac && !memcmp(port.ext_mac, ext, 6) &&
	   !port.has_policy && !port.vlan && !port.nmacs && !port.macs,
	   "port get: EXT_MAC, no MACS: no list");
	pswc_port_clear(&port);

	msg = reply(PSW_CMD_PORT_GET);
	nla_put_string(msg, PSW_A_PORT_IFNAME, "vm1");
	put_macs(msg, 3);
	put_stats(msg);
	rc = pswc_port_get(H, "psw0", "vm1", &port);
	ok(!rc && macs_ok(&port, 3) && stats_ok(&port.stats),
	   "port get: three MACs in order, stats");
	pswc_port_clear(&port);
	ok(!port.macs && !port.nmacs && !port.stats.drops,
	   "port clear: the MAC list and drops freed, the struct zeroed");

	msg = reply(PSW_CMD_PORT_GET);
	nla_put_string(msg, PSW_A_PORT_IFNAME, "vm1");
	put_macs(msg, PSW_PORT_MAX_MACS + 300);
	rc = pswc_port_get(H, "psw0", "vm1", &port);
	ok(!rc && macs_ok(&port, PSW_PORT_MAX_MACS + 300),
	   "port get: more MACs than PSW_PORT_MAX_MACS are all kept (no fixed array)");
	pswc_port_clear(&port);

	msg = reply(PSW_CMD_PORT_GET);
	nla_put_string(msg, PSW_A_PORT_IFNAME, "vm1");
	ms = nla_nest_start(msg, PSW_A_MACS | NLA_F_NESTED);
	nla_put(msg, PSW_A_MAC, 6, mac);
	nla_put_u32(msg, PSW_A_PAN_ID, 1);	/* not a MAC */
	nla_nest_end(msg, ms);
	rc = pswc_port_get(H, "psw0", "vm1", &port);
	ok(rc == -EBADMSG && !port.macs && !port.nmacs,
	   "port get: a malformed MAC list is refused, the struct left zeroed");

	/* four ports, their lists freed by the library after the callbacks */
	for (i = 0; i < 4; i++) {
		msg = reply(PSW_CMD_PORT_GET);
		nla_put_string(msg, PSW_A_IFNAME, "psw0");
		nla_put_string(msg, PSW_A_PORT_IFNAME, "vm1");
		put_macs(msg, i * 2);
		put_stats(msg);
	}
	memset(&pacc, 0, sizeof(pacc));
	pacc.macs_ok = true;
	rc = pswc_port_dump(H, "psw0", port_cb, NULL);
	ok(!rc && pacc.n == 4 && pacc.macs_ok && pacc.nmacs[0] == 0 &&
	   pacc.nmacs[3] == 6,
	   "port dump: each port's own MAC list and drops");

	msg = reply(PSW_CMD_PORT_GET);
	nla_put_string(msg, PSW_A_PORT_IFNAME, "vm1");
	nla_put_u8(msg, PSW_A_SECURITY, 0);
	nla_put_u8(msg, PSW_A_LLDP, 1);
	rc = pswc_port_get(H, "psw0", "vm1", &port);
	ok(!rc && port.has_policy && !port.security && port.lldp,
	   "port get: SECURITY 0, LLDP 1");
	pswc_port_clear(&port);

	msg = reply(PSW_CMD_PORT_GET);
	nla_put_string(msg, PSW_A_PORT_IFNAME, "eth0");
	nla_put_u8(msg, PSW_A_PORT_ROLE, PSW_PORT_ROLE_UPLINK);
	nla_put_u16(msg, PSW_A_VLAN, 10);
	rc = pswc_port_get(H, "psw0", "eth0", &port);
	ok(!rc && port.role == PSW_PORT_ROLE_UPLINK && port.vlan == 10 &&
	   !port.has_policy, "port get: an uplink's VLAN");
	pswc_port_clear(&port);

	msg = reply(PSW_CMD_SWITCH_GET);
	nla_put_string(msg, PSW_A_IFNAME, "psw0");
	nla_put(msg, PSW_A_EXT_PREFIX, 6, ext);
	nla_put_u8(msg, PSW_A_EXT_PREFIX_LEN, 24);
	rc = pswc_switch_get(H, "psw0", &sw);
	ok(!rc && sw.ext_prefix_len == 24 && !memcmp(sw.ext_prefix, ext, 6),
	   "switch get: the external MAC range");
	pswc_switch_clear(&sw);

	msg = reply(PSW_CMD_PAN_GET);
	nla_put_string(msg, PSW_A_IFNAME, "psw0");
	nla_put_u32(msg, PSW_A_PAN_ID, 100);
	nla_put(msg, PSW_A_LOCAL4, 4, l4.a);
	nla_put_u8(msg, PSW_A_ACCEPT, PSW_ACCEPT_ANY);
	fl = nla_nest_start(msg, PSW_A_FLOOD | NLA_F_NESTED);
	put_member(msg, true, 0, 0, NULL);
	put_member(msg, false, PSW_ENCAP_VXLAN, PSW_A_REMOTE4, &r4);
	put_member(msg, false, PSW_ENCAP_ETHERIP, PSW_A_REMOTE6, &r6);
	ms = nla_nest_start(msg, PSW_A_FLOOD_MEMBER | NLA_F_NESTED);
	nla_nest_end(msg, ms);			/* a kind of member unknown here */
	nla_nest_end(msg, fl);
	put_stats(msg);
	rc = pswc_pan_get(H, "psw0", 100, &pan);
	ok(!rc && pan.pan == 100 && pan.local4.family == AF_INET &&
	   !pan.local6.family && pan.accept == PSW_ACCEPT_ANY &&
	   pan.nflood == 3 && pan.flood[0].uplink &&
	   !pan.flood[0].remote.family && !pan.flood[1].uplink &&
	   pan.flood[1].encap == PSW_ENCAP_VXLAN &&
	   pan.flood[1].remote.family == AF_INET &&
	   !memcmp(pan.flood[1].remote.a, r4.a, 4) &&
	   pan.flood[2].encap == PSW_ENCAP_ETHERIP &&
	   pan.flood[2].remote.family == AF_INET6 &&
	   !memcmp(pan.flood[2].remote.a, r6.a, 16) && stats_ok(&pan.stats),
	   "pan get: local, accept, flood list (uplink, remote4, remote6), stats");
	pswc_pan_clear(&pan);
	ok(!pan.flood && !pan.nflood && !pan.stats.drops,
	   "pan clear: the flood list and drops freed, the struct zeroed");

	msg = reply(PSW_CMD_PAN_GET);
	nla_put_u32(msg, PSW_A_PAN_ID, 100);
	fl = nla_nest_start(msg, PSW_A_FLOOD | NLA_F_NESTED);
	for (i = 0; i < PSW_FLOOD_MAX + 1; i++)
		put_member(msg, false, PSW_ENCAP_VXLAN, PSW_A_REMOTE6, &r6);
	nla_nest_end(msg, fl);
	rc = pswc_pan_get(H, "psw0", 100, &pan);
	ok(!rc && pan.nflood == PSW_FLOOD_MAX + 1 &&
	   pan.flood[PSW_FLOOD_MAX].remote.family == AF_INET6 &&
	   pan.accept == PSW_ACCEPT_REMOTES,
	   "pan get: a flood list beyond PSW_FLOOD_MAX is kept whole (no fixed array); no ACCEPT: remotes");
	pswc_pan_clear(&pan);

	msg = reply(PSW_CMD_PAN_GET);
	fl = nla_nest_start(msg, PSW_A_FLOOD | NLA_F_NESTED);
	nla_put_u32(msg, PSW_A_PAN_ID, 1);	/* not a member nest */
	nla_nest_end(msg, fl);
	rc = pswc_pan_get(H, "psw0", 100, &pan);
	ok(rc == -EBADMSG && !pan.flood && !pan.nflood,
	   "pan get: a malformed flood list is refused, the struct left zeroed");

	msg = reply(PSW_CMD_PAN_GET);
	nla_put_u32(msg, PSW_A_PAN_ID, 100);
	nla_put_u8(msg, PSW_A_MISS, PSW_MISS_DROP);
	ms = nla_nest_start(msg, PSW_A_MISS_STATS | NLA_F_NESTED);
	nla_put_u64(msg, PSW_MISS_STATS_FLOOD, 7);
	nla_put_u64(msg, PSW_MISS_STATS_DROP, 1ULL << 33);
	nla_put_u64(msg, PSW_MISS_STATS_MAX + 1, 9);	/* newer: skipped */
	nla_nest_end(msg, ms);
	put_stats(msg);
	rc = pswc_pan_miss_get(H, "psw0", 100, &pan, &miss);
	ok(!rc && req_cmd == PSW_CMD_PAN_GET && pan.pan == 100 &&
	   stats_ok(&pan.stats) && miss.present &&
	   miss.miss == PSW_MISS_DROP && miss.flood == 7 &&
	   miss.drop == 1ULL << 33,
	   "pan miss get: the PAN, its miss policy and miss counters");
	pswc_pan_clear(&pan);

	msg = reply(PSW_CMD_PAN_GET);
	nla_put_u32(msg, PSW_A_PAN_ID, 100);
	nla_put_u8(msg, PSW_A_MISS, PSW_MISS_ANYCAST);
	ms = nla_nest_start(msg, PSW_A_ANYCAST | NLA_F_NESTED);
	nla_put(msg, PSW_A_MAC, 6, mac);
	nla_put_u8(msg, PSW_A_ENCAP, PSW_ENCAP_NVGRE);
	nla_put(msg, PSW_A_REMOTE6, 16, r6.a);
	nla_nest_end(msg, ms);
	rc = pswc_pan_miss_get(H, "psw0", 100, &pan, &miss);
	ok(!rc && miss.miss == PSW_MISS_ANYCAST && miss.has_anycast &&
	   !memcmp(miss.anycast_mac, mac, 6) && !miss.anycast_via.uplink &&
	   miss.anycast_via.encap == PSW_ENCAP_NVGRE &&
	   miss.anycast_via.remote.family == AF_INET6 &&
	   !memcmp(miss.anycast_via.remote.a, r6.a, 16),
	   "pan miss get: the anycast gateway, its MAC and remote");
	pswc_pan_clear(&pan);

	msg = reply(PSW_CMD_PAN_GET);
	nla_put_u32(msg, PSW_A_PAN_ID, 100);
	rc = pswc_pan_miss_get(H, "psw0", 100, &pan, &miss);
	ok(!rc && !miss.present && miss.miss == PSW_MISS_FLOOD && !miss.flood,
	   "pan miss get: an older kernel's PAN has no miss policy");
	pswc_pan_clear(&pan);

	msg = reply(PSW_CMD_PAN_GET);
	nla_put_u32(msg, PSW_A_PAN_ID, 100);
	ms = nla_nest_start(msg, PSW_A_MISS_STATS | NLA_F_NESTED);
	nla_put_u32(msg, PSW_MISS_STATS_FLOOD, 7);	/* not a u64 */
	nla_nest_end(msg, ms);
	rc = pswc_pan_miss_get(H, "psw0", 100, &pan, &miss);
	ok(rc == -EBADMSG && !pan.pan && !miss.present,
	   "pan miss get: malformed miss counters are refused, both structs zeroed");
	pswc_pan_clear(&pan);

	{
		struct pswc_pan_proxy px;
		struct pswc_neigh nb;
		struct nlattr *ps;

		msg = reply(PSW_CMD_PAN_GET);
		nla_put_u32(msg, PSW_A_PAN_ID, 100);
		nla_put_u8(msg, PSW_A_PROXY, 1);
		nla_put_u32(msg, PSW_A_NEIGH_COUNT, 5);
		nla_put_u64(msg, PSW_A_NEIGH_LIMIT_HITS, 2);
		ps = nla_nest_start(msg, PSW_A_PROXY_STATS | NLA_F_NESTED);
		nla_put_u64(msg, PSW_PROXY_STATS_REPLY, 1ULL << 34);
		nla_put_u64(msg, PSW_PROXY_STATS_MISS, 3);
		nla_put_u64(msg, PSW_PROXY_STATS_MAX + 1, 9);	/* newer */
		nla_nest_end(msg, ps);
		rc = pswc_pan_proxy_get(H, "psw0", 100, &pan, &miss, &px);
		ok(!rc && req_cmd == PSW_CMD_PAN_GET && pan.pan == 100 &&
		   px.present && px.proxy && px.neigh_count == 5 &&
		   px.neigh_limit_hits == 2 && px.reply == 1ULL << 34 &&
		   px.miss == 3,
		   "pan proxy get: the proxy, the table's size and counters");
		pswc_pan_clear(&pan);

		msg = reply(PSW_CMD_PAN_GET);
		nla_put_u32(msg, PSW_A_PAN_ID, 100);
		rc = pswc_pan_proxy_get(H, "psw0", 100, &pan, &miss, &px);
		ok(!rc && !px.present && !px.proxy && !px.reply,
		   "pan proxy get: an older kernel's PAN has no proxy");
		pswc_pan_clear(&pan);

		msg = reply(PSW_CMD_NEIGH_GET);
		nla_put_string(msg, PSW_A_IFNAME, "psw0");
		nla_put_u32(msg, PSW_A_PAN_ID, 100);
		nla_put(msg, PSW_A_NEIGH_IP6, 16, r6.a);
		nla_put(msg, PSW_A_MAC, 6, mac);
		rc = pswc_neigh_get(H, "psw0", 100,
				    &(struct pswc_addr){ .family = AF_INET6 },
				    &nb);
		ok(!rc && req_cmd == PSW_CMD_NEIGH_GET && nb.pan == 100 &&
		   nb.addr.family == AF_INET6 && !memcmp(nb.addr.a, r6.a, 16) &&
		   !memcmp(nb.mac, mac, 6) && !strcmp(nb.sw_ifname, "psw0"),
		   "neigh get: the address (IPv6) and MAC");
	}

	{
		struct pswc_addr g4 = A("239.1.1.1");
		struct pswc_pan_mcast mc;
		int64_t since = 0;
		struct nlattr *mn;

		msg = reply(PSW_CMD_PAN_GET);
		nla_put_u32(msg, PSW_A_PAN_ID, 200);
		mn = nla_nest_start(msg, PSW_A_MCAST);
		nla_put(msg, PSW_A_REMOTE4, 4, g4.a);
		nla_put_u8(msg, PSW_A_ENCAP, PSW_ENCAP_VXLAN);
		nla_put_u8(msg, PSW_A_TTL, 16);
		nla_put_u8(msg, PSW_A_MCAST_JOINED, 1);
		nla_put_u64(msg, PSW_A_MCAST_SINCE, 12345);
		nla_nest_end(msg, mn);
		rc = pswc_pan_mcast_since_get(H, "psw0", 200, &pan, &mc,
					      &since);
		ok(!rc && req_cmd == PSW_CMD_PAN_GET && pan.pan == 200 &&
		   mc.has_group && mc.joined && mc.ttl == 16 &&
		   mc.group.family == AF_INET && !memcmp(mc.group.a, g4.a, 4) &&
		   since == 12345,
		   "pan mcast since get: the group, joined, since 12345 ms");
		pswc_pan_clear(&pan);

		msg = reply(PSW_CMD_PAN_GET);
		nla_put_u32(msg, PSW_A_PAN_ID, 200);
		mn = nla_nest_start(msg, PSW_A_MCAST);
		nla_put(msg, PSW_A_REMOTE4, 4, g4.a);
		nla_nest_end(msg, mn);
		rc = pswc_pan_mcast_since_get(H, "psw0", 200, &pan, &mc,
					      &since);
		ok(!rc && mc.has_group && !mc.joined && since == -1,
		   "pan mcast since get: an older kernel's group has no since (-1)");
		pswc_pan_clear(&pan);

		msg = reply(PSW_CMD_PAN_GET);
		nla_put_u32(msg, PSW_A_PAN_ID, 200);
		rc = pswc_pan_mcast_since_get(H, "psw0", 200, &pan, &mc,
					      &since);
		ok(!rc && !mc.has_group && since == -1,
		   "pan mcast since get: no group, no since (-1)");
		pswc_pan_clear(&pan);
	}

	msg = reply(PSW_CMD_ENTRY_GET);
	nla_put(msg, PSW_A_MAC, 6, mac);
	nla_put_u8(msg, PSW_A_MODE, PSW_MODE_ENCAP);
	nla_put_u8(msg, PSW_A_ENCAP, PSW_ENCAP_NVGRE);
	nla_put(msg, PSW_A_REMOTE6, 16, r6.a);
	msg = reply(PSW_CMD_ENTRY_GET);
	nla_put(msg, PSW_A_MAC, 6, mac);
	nla_put_u8(msg, PSW_A_MODE, PSW_MODE_XLATE);
	nla_put(msg, PSW_A_EXT_MAC, 6, ext);
	msg = reply(PSW_CMD_ENTRY_GET);
	nla_put(msg, PSW_A_MAC, 6, mac);
	nla_put_u8(msg, PSW_A_MODE, PSW_MODE_LOCAL);
	nla_put_string(msg, PSW_A_PORT_IFNAME, "vm1");
	nla_put(msg, PSW_A_EXT_MAC, 6, ext);
	acc.n = 0;
	rc = pswc_entry_dump(H, NULL, 0, entry_cb, &acc);
	ok(!rc && req_cmd == PSW_CMD_ENTRY_GET && acc.n == 3 &&
	   acc.e[0].mode == PSW_MODE_ENCAP &&
	   acc.e[0].encap == PSW_ENCAP_NVGRE &&
	   acc.e[0].remote.family == AF_INET6 &&
	   !memcmp(acc.e[0].remote.a, r6.a, 16) && !acc.e[0].has_ext_mac &&
	   acc.e[1].mode == PSW_MODE_XLATE && acc.e[1].has_ext_mac &&
	   !memcmp(acc.e[1].ext_mac, ext, 6) && !acc.e[1].remote.family &&
	   acc.e[2].mode == PSW_MODE_LOCAL && acc.e[2].has_ext_mac &&
	   !strcmp(acc.e[2].port_ifname, "vm1"),
	   "entry dump: encap remote6, xlate ext, local with the port's ext");
}

/* ------------------------------------------------------------------ */
/* Notifications                                                      */

static struct pswc_event last_ev;
static int nev;

static int ev_cb(const struct pswc_event *ev, void *arg)
{
	(void)arg;
	last_ev = *ev;
	nev++;
	return 0;
}

static bool event(uint8_t cmd)
{
	struct nl_msg *msg = nlmsg_alloc();
	bool seen;

	genlmsg_put(msg, 0, 0, FAMILY, 0, 0, cmd, 1);
	nla_put_string(msg, PSW_A_IFNAME, "psw0");
	nla_put_u32(msg, PSW_A_PAN_ID, 100);
	nev = 0;
	memset(&last_ev, 0, sizeof(last_ev));
	monitor_msg(H, nlmsg_hdr(msg));
	nlmsg_free(msg);
	seen = nev == 1 && last_ev.cmd == cmd;
	return seen;
}

static void test_events(void)
{
	H->ev_cb = ev_cb;
	ok(event(PSW_CMD_SWITCH_SET) && last_ev.obj == PSWC_OBJ_SWITCH &&
	   last_ev.is_set && !last_ev.is_new &&
	   !strcmp(last_ev.u.sw.ifname, "psw0"),
	   "event SWITCH_SET: a switch, is_set");
	ok(event(PSW_CMD_PAN_SET) && last_ev.obj == PSWC_OBJ_PAN &&
	   last_ev.is_set && last_ev.u.pan.pan == 100,
	   "event PAN_SET: a PAN, is_set");
	ok(event(PSW_CMD_FLOOD_NEW) && last_ev.obj == PSWC_OBJ_PAN &&
	   last_ev.is_set && !last_ev.is_new,
	   "event FLOOD_NEW: the PAN, is_set");
	ok(event(PSW_CMD_FLOOD_DEL) && last_ev.obj == PSWC_OBJ_PAN &&
	   last_ev.is_set,
	   "event FLOOD_DEL: the PAN, is_set");
	ok(event(PSW_CMD_PAN_NEW) && last_ev.is_new && !last_ev.is_set,
	   "event PAN_NEW: is_new");
	ok(event(PSW_CMD_PORT_SET) && last_ev.obj == PSWC_OBJ_PORT &&
	   last_ev.is_set && !last_ev.is_new,
	   "event PORT_SET: a port, is_set");
	ok(event(PSW_CMD_NEIGH_NEW) && last_ev.obj == PSWC_OBJ_NEIGH &&
	   last_ev.is_new && last_ev.u.neigh.pan == 100,
	   "event NEIGH_NEW: a neighbour, is_new");
	ok(event(PSW_CMD_NEIGH_DEL) && last_ev.obj == PSWC_OBJ_NEIGH &&
	   !last_ev.is_new && !last_ev.is_set,
	   "event NEIGH_DEL: a neighbour, deleted");
	ok(!event(PSW_CMD_MAX + 1), "event of a newer command: skipped");
	ok(!event(PSW_CMD_MCAST_JOIN),
	   "event MCAST_JOIN without a group: skipped");
	H->ev_cb = NULL;
}

/* PSW_CMD_MCAST_JOIN / _LEAVE of PAN 200: @group, on @dev (NULL: gone) */
static bool mcast_event(uint8_t cmd, const char *group, const char *dev)
{
	struct pswc_addr g = A(group);
	struct nl_msg *msg = nlmsg_alloc();
	bool seen;

	genlmsg_put(msg, 0, 0, FAMILY, 0, 0, cmd, 1);
	nla_put_u32(msg, PSW_A_IFINDEX, 5);
	nla_put_string(msg, PSW_A_IFNAME, "psw0");
	nla_put_u32(msg, PSW_A_PAN_ID, 200);
	nla_put(msg, g.family == AF_INET ? PSW_A_REMOTE4 : PSW_A_REMOTE6,
		g.family == AF_INET ? 4 : 16, g.a);
	nla_put_u32(msg, PSW_A_MCAST_IFINDEX, 3);
	if (dev)
		nla_put_string(msg, PSW_A_MCAST_IFNAME, dev);
	nev = 0;
	memset(&last_ev, 0, sizeof(last_ev));
	monitor_msg(H, nlmsg_hdr(msg));
	nlmsg_free(msg);
	seen = nev == 1 && last_ev.cmd == cmd &&
	       last_ev.obj == PSWC_OBJ_MCAST && !last_ev.is_set &&
	       last_ev.u.mcast.sw_ifindex == 5 &&
	       !strcmp(last_ev.u.mcast.sw_ifname, "psw0") &&
	       last_ev.u.mcast.pan == 200 &&
	       last_ev.u.mcast.group.family == g.family &&
	       !memcmp(last_ev.u.mcast.group.a, g.a, 16) &&
	       last_ev.u.mcast.dev_ifindex == 3 &&
	       !strcmp(last_ev.u.mcast.dev_ifname, dev ? dev : "");
	return seen;
}

static void test_mcast_events(void)
{
	H->ev_cb = ev_cb;
	ok(mcast_event(PSW_CMD_MCAST_JOIN, "239.1.1.1", "eth0") &&
	   last_ev.is_new,
	   "event MCAST_JOIN: an mcast member, is_new, IPv4 group, dev");
	ok(mcast_event(PSW_CMD_MCAST_LEAVE, "239.1.1.1", "eth0") &&
	   !last_ev.is_new,
	   "event MCAST_LEAVE: an mcast member, neither new nor set");
	ok(mcast_event(PSW_CMD_MCAST_JOIN, "ff0e::1:200", "eth1") &&
	   last_ev.is_new,
	   "event MCAST_JOIN: an IPv6 group");
	ok(mcast_event(PSW_CMD_MCAST_LEAVE, "ff0e::1:200", NULL),
	   "event MCAST_LEAVE: the device gone, no name");
	H->ev_cb = NULL;
}

static struct pswc_miss_event last_miss;
static int nmiss;

static int miss_cb(const struct pswc_miss_event *ev, void *arg)
{
	(void)arg;
	last_miss = *ev;
	nmiss++;
	return 0;
}

static void test_miss_events(void)
{
	static const uint8_t src[6] = { 2, 0, 0, 0, 0, 1 };
	static const uint8_t dst[6] = { 2, 0, 0, 0, 0, 0x99 };
	static const uint8_t ip[4] = { 198, 51, 100, 99 };
	struct nl_msg *msg = nlmsg_alloc();

	genlmsg_put(msg, 0, 0, FAMILY, 0, 0, PSW_CMD_MISS, 1);
	nla_put_u32(msg, PSW_A_IFINDEX, 5);
	nla_put_string(msg, PSW_A_IFNAME, "psw0");
	nla_put_u32(msg, PSW_A_PAN_ID, 100);
	nla_put_u32(msg, PSW_A_PORT_IFINDEX, 7);
	nla_put_string(msg, PSW_A_PORT_IFNAME, "vm1");
	nla_put(msg, PSW_A_SRC_MAC, 6, src);
	nla_put(msg, PSW_A_MAC, 6, dst);
	nla_put(msg, PSW_A_DST4, 4, ip);
	H->miss_cb = miss_cb;
	nmiss = 0;
	monitor_msg(H, nlmsg_hdr(msg));
	nlmsg_free(msg);
	ok(nmiss == 1 && !last_miss.lost && last_miss.sw_ifindex == 5 &&
	   !strcmp(last_miss.sw_ifname, "psw0") && last_miss.pan == 100 &&
	   last_miss.port_ifindex == 7 &&
	   !strcmp(last_miss.port_ifname, "vm1") &&
	   !memcmp(last_miss.src_mac, src, 6) &&
	   !memcmp(last_miss.dst_mac, dst, 6) &&
	   last_miss.dst_ip.family == AF_INET &&
	   !memcmp(last_miss.dst_ip.a, ip, 4),
	   "miss event: every field");

	msg = nlmsg_alloc();
	genlmsg_put(msg, 0, 0, FAMILY, 0, 0, PSW_CMD_PAN_SET, 1);
	nla_put_string(msg, PSW_A_IFNAME, "psw0");
	nla_put(msg, PSW_A_MAC, 6, dst);
	nmiss = 0;
	monitor_msg(H, nlmsg_hdr(msg));
	nlmsg_free(msg);
	ok(nmiss == 0, "miss monitor: other commands skipped");
	H->miss_cb = NULL;
}

int main(void)
{
	int sv[2];

	H = calloc(1, sizeof(*H));
	if (!H)
		return 2;
	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv))
		return 2;
	H->rtnl_fd = sv[0];
	rt_peer = sv[1];
	H->sk = nl_socket_alloc();
	if (!H->sk || setup_callbacks(H))
		return 2;
	H->family = FAMILY;

	test_requests();
	test_replies();
	test_port_ext_replies();
	test_isolate_replies();
	test_nego_replies();
	test_events();
	test_mcast_events();
	test_miss_events();
	pswc_close(H);
	printf("# %d checks, %s\n", n, failed ? "FAILED" : "all passed");
	return failed;
}
