#ifndef GOALD_CSYSTEMD_SHIM_H
#define GOALD_CSYSTEMD_SHIM_H

#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>
#include <sys/uio.h>

#endif
