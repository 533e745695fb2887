// SPDX-License-Identifier: GPL-2.0
/*
 * uml-poweroff: the last thing the User-Mode Linux guest of `make bench
 * ENGINE=uml` runs (tools/bench/uml-init execs it as PID 1): power off.
 * Built static by tools/bench/run.sh, since the guest runs host binaries.
 */
#include <stdio.h>
#include <sys/reboot.h>
#include <unistd.h>

int main(void)
{
	sync();
	reboot(RB_POWER_OFF);
	perror("uml-poweroff: reboot");
	return 1;
}
