# sysdesign/Makefile
#
# Built with PGXS:  make && make install && make installcheck
# Point PG_CONFIG at another installation to build against it.

MODULE_big = sysdesign
OBJS = \
	src/sysdesign.o \
	src/discover.o \
	src/fddiscover.o \
	src/fdset.o

EXTENSION = sysdesign
DATA = sysdesign--1.0.sql
PGFILEDESC = "sysdesign - system design database lessons"

# Run in this order: the first test creates the extension, the last one
# drops it and installs it again elsewhere.
REGRESS = \
	install \
	schema \
	discover \
	dump_restore \
	drop_reinstall

EXTRA_CLEAN = results/dump_restore.dump

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# unittest, unittest-asan, unittest-valgrind, fuzz, bench-fdset: the
# pure-C core on its own, without a server
include test/unit/Makefile.unit
