/*-------------------------------------------------------------------------
 *
 * sysdesign.c
 *		Module entry point of the sysdesign extension.
 *
 * sysdesign turns the classic database lessons of system design into tools
 * that run inside PostgreSQL: the seed schema of a Medium-like application,
 * a bulk seeder, an EXPLAIN ANALYZE lab and a normal-form checker.  Each
 * capability lives in a file of its own under src/; this file holds only
 * what the whole module shares: the magic block and _PG_init.
 *
 * IDENTIFICATION
 *	  sysdesign/src/sysdesign.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/guc.h"

#include "normalize.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

/*
 * _PG_init
 *
 * Called once when the library is loaded into a backend.  Settings of the
 * capabilities are defined here so that all of them live under the one
 * "sysdesign." prefix, which we reserve: a typo such as sysdesign.sed_x
 * then draws an error instead of silently creating a placeholder.
 */
void
_PG_init(void)
{
	nf_define_gucs();

	MarkGUCPrefixReserved("sysdesign");
}
