// SPDX-License-Identifier: GPL-2.0
/*
 * panswitch: an overlay virtual switch for private allocated networks.
 * Module entry points, per-namespace state and netdev events.
 */
#include <linux/module.h>
#include <net/netns/generic.h>
#include <net/rtnetlink.h>

#include "psw.h"

unsigned int psw_net_id __read_mostly;

struct psw_net *psw_net(const struct net *net)
{
	return net_generic(net, psw_net_id);
}

/* Record a change, so that running dumps can tell. RTNL. */
void psw_changed(struct psw_switch *sw)
{
	sw->gen++;
	psw_net(dev_net(sw->dev))->gen++;
}

static int __net_init psw_net_init(struct net *net)
{
	struct psw_net *pn = psw_net(net);

	INIT_LIST_HEAD(&pn->switches);
	pn->gen = 1;
	return psw_pan_addrs_init(pn);
}

static void __net_exit psw_net_exit(struct net *net)
{
	struct psw_net *pn = psw_net(net);

	/* The namespace's devices, switches included, are gone already. */
	WARN_ON_ONCE(!list_empty(&pn->switches));
	WARN_ON_ONCE(pn->nvgre[0].dev || pn->nvgre[0].users ||
		     pn->nvgre[1].dev || pn->nvgre[1].users);
	psw_pan_addrs_destroy(pn);
}

static struct pernet_operations psw_net_ops = {
	.init	= psw_net_init,
	.exit	= psw_net_exit,
	.id	= &psw_net_id,
	.size	= sizeof(struct psw_net),
};

static int psw_netdev_event(struct notifier_block *nb, unsigned long event,
			    void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct psw_switch *sw;

	if (psw_is_switch(dev)) {
		sw = netdev_priv(dev);
		if (event == NETDEV_REGISTER)
			psw_notify_switch(sw, PSW_CMD_SWITCH_NEW, GFP_KERNEL);
		else if (event == NETDEV_UNREGISTER && !sw->del_announced)
			psw_notify_switch(sw, PSW_CMD_SWITCH_DEL, GFP_KERNEL);
		return NOTIFY_DONE;
	}
	psw_nvgre_notifier(dev, event);
	return psw_port_notifier(dev, event, ptr);
}

static struct notifier_block psw_notifier = {
	.notifier_call = psw_netdev_event,
};

static int __init psw_init(void)
{
	int err;

	err = psw_entry_cache_init();
	if (err)
		return err;
	err = register_pernet_subsys(&psw_net_ops);
	if (err)
		goto err_cache;
	err = register_netdevice_notifier(&psw_notifier);
	if (err)
		goto err_pernet;
	err = rtnl_link_register(&psw_link_ops);
	if (err)
		goto err_notifier;
	err = psw_decap_init();
	if (err)
		goto err_link;
	err = psw_genl_init();
	if (err)
		goto err_decap;
	return 0;

err_decap:
	psw_decap_exit();
err_link:
	rtnl_link_unregister(&psw_link_ops);
err_notifier:
	unregister_netdevice_notifier(&psw_notifier);
err_pernet:
	unregister_pernet_subsys(&psw_net_ops);
err_cache:
	psw_entry_cache_exit();
	return err;
}

static void __exit psw_exit(void)
{
	psw_genl_exit();
	rtnl_link_unregister(&psw_link_ops);	/* deletes every switch */
	psw_decap_exit();
	unregister_netdevice_notifier(&psw_notifier);
	unregister_pernet_subsys(&psw_net_ops);
	rcu_barrier();				/* wait for call_rcu() frees */
	psw_entry_cache_exit();			/* the entries' among them */
}

module_init(psw_init);
module_exit(psw_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("panswitch: overlay virtual switch for private allocated networks");
MODULE_AUTHOR("The panswitch authors");
MODULE_ALIAS_RTNL_LINK(PSW_GENL_NAME);
MODULE_ALIAS_GENL_FAMILY(PSW_GENL_NAME);
