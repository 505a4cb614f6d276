# sysdesign/Makefile
#
# Built with PGXS:  make && make install && make installcheck
# Point PG_CONFIG at another installation to build against it.

MODULE_big = sysdesign
OBJS = \
	src/sysdesign.o \
	src/seed.o \
	src/plan.o \
	src/explain.o \
	src/shape.o \
	src/index_effect.o \
	src/advise.o \
	src/fdset.o \
	src/fdcatalog.o \
	src/nf_table.o \
	src/normalize.o \
	src/nf_decompose.o \
	src/nf_examples.o \
	src/fddiscover.o \
	src/discover.o

EXTENSION = sysdesign
DATA = sysdesign--1.0.sql
PGFILEDESC = "sysdesign - system design database lessons"

# Run in this order: the first test creates the extension, the last one
# drops it and installs it again elsewhere.
REGRESS = \
	install \
	schema \
	seed \
	seed_paths \
	seed_cancel \
	explain \
	index_effect \
	index_hypo \
	index_advise \
	index_compare \
	nf_catalog \
	nf_report \
	nf_decompose \
	nf_dump \
	discover \
	dump_restore \
	drop_reinstall

EXTRA_CLEAN = results/dump_restore.dump results/nf_dump.dump

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# PGXS tracks no header dependencies: rebuild every object when a header
# changes, so that no object keeps an old layout of a shared struct.
$(OBJS): $(wildcard src/*.h)

# Unit tests, fuzzers and micro-benchmark of the pure-C core (make unittest)
include test/unit/Makefile.unit
