/*-------------------------------------------------------------------------
 *
 * fddiscover.h
 *	  Discovery of the functional dependencies that hold in a table's data.
 *
 * The pure-C half of discover_fds(): it sees a table only as columns of
 * small integer codes, equal codes meaning equal values, and finds every
 * minimal non-trivial dependency X -> A that holds in every row, with X of
 * at most max_lhs attributes.  How values become codes (type equality,
 * NULL equal to NULL) is the caller's business; see discover.c.
 *
 * Like fdset.c it includes no PostgreSQL header, takes its memory from an
 * FdsetEnv, and calls env->interrupt in its loops.
 *
 * IDENTIFICATION
 *	  sysdesign/src/fddiscover.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef SYSDESIGN_FDDISCOVER_H
#define SYSDESIGN_FDDISCOVER_H

#include "fdset.h"

/* default budget of row numbers held in partitions at once (4 bytes each) */
#define FDD_DEFAULT_MAX_CELLS	(64 * 1024 * 1024)

/*
 * fdd_discover
 *
 * codes[c][r] is the code of row r in column c, for ncols columns of nrows
 * rows; codes of column c lie in 0 .. ncodes[c]-1.  max_lhs caps the size
 * of left sides (a negative value means no cap).  max_cells caps the row
 * numbers that the partitions of two adjacent lattice levels may hold
 * together; past it the search stops with FDSET_ERR_NOMEM and a message
 * that says so.
 *
 * On success *out is a new list of dependencies with one attribute on the
 * right, ordered by left side (fdset_attrs_cmp) and then by right side.
 * Constant columns come out as dependencies with an empty left side.
 */
extern FdsetStatus fdd_discover(FdsetEnv *env, int nrows, int ncols,
								const int32_t *const *codes,
								const int32_t *ncodes, int max_lhs,
								int64_t max_cells, FdsetDeps **out);

#endif							/* SYSDESIGN_FDDISCOVER_H */
