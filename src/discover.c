/*-------------------------------------------------------------------------
 *
 * discover.c
 *	  discover_fds(): the functional dependencies that hold in a table.
 *
 * The SQL face of fddiscover.c.  One query reads the table through SPI,
 * with the caller's rights and row security, and turns each column into
 * small integer codes with dense_rank(): rows get the same code exactly
 * when the column's own equality (its default btree operator class, under
 * its collation) says they are equal, and NULLs share one code, so NULL
 * counts as equal to NULL, as in the FD-discovery literature.  A column
 * whose type has no ordering is compared by its text form.
 *
 * The search then runs in a memory context of its own, which an error or
 * a cancel throws away whole.  Its partitions may use maintenance_work_mem
 * (at least 64 MB); past that it stops with an error rather than grow.
 *
 * IDENTIFICATION
 *	  sysdesign/src/discover.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/typcache.h"

#include "fddiscover.h"
#include "normalize.h"

PG_FUNCTION_INFO_V1(sysdesign_discover_fds);

/* rows fetched from the cursor at a time */
#define DISCOVER_FETCH	10000

/* One searched column. */
typedef struct DiscoverColumn
{
	char	   *name;
	bool		by_text;		/* no ordering: compare the text form */
} DiscoverColumn;

/*
 * Report a failure of the search.  Interrupts were thrown by the callback
 * itself, so they never get here.
 */
static void
discover_error(FdsetStatus status, FdsetEnv *env, Relation rel)
{
	if (status == FDSET_ERR_NOMEM)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("dependency discovery on table \"%s\" ran out of memory",
						RelationGetRelationName(rel)),
				 errdetail_internal("%s", env->errmsg),
				 errhint("Pass a smaller max_lhs, or raise maintenance_work_mem.")));
	elog(ERROR, "dependency discovery failed: %s", env->errmsg);
}

/*
 * Read the table's columns as codes: codes[c][r] is the dense rank of row
 * r's value in column c, minus one.  Allocations go into cxt.
 */
static int
read_codes(Relation rel, DiscoverColumn *cols, int ncols,
		   MemoryContext cxt, int32 ***codes_out, int32 **ncodes_out)
{
	StringInfoData sql;
	char	   *nspname = get_namespace_name(RelationGetNamespace(rel));
	SPIPlanPtr	plan;
	Portal		portal;
	int32	  **codes;
	int32	   *ncodes;
	int64		nrows = 0,
				cap = 1024;
	int			c;

	initStringInfo(&sql);
	appendStringInfoString(&sql, "SELECT ");
	for (c = 0; c < ncols; c++)
	{
		const char *q = quote_identifier(cols[c].name);

		if (c > 0)
			appendStringInfoString(&sql, ", ");
		if (cols[c].by_text)
			appendStringInfo(&sql,
							 "pg_catalog.dense_rank() OVER (ORDER BY CAST(%s AS pg_catalog.text) COLLATE \"C\")",
							 q);
		else
			appendStringInfo(&sql,
							 "pg_catalog.dense_rank() OVER (ORDER BY %s)", q);
	}
	if (ncols == 0)
		appendStringInfoString(&sql, "1");
	appendStringInfo(&sql, " FROM %s",
					 quote_qualified_identifier(nspname,
												RelationGetRelationName(rel)));

	codes = MemoryContextAlloc(cxt, sizeof(int32 *) * Max(ncols, 1));
	ncodes = MemoryContextAllocZero(cxt, sizeof(int32) * Max(ncols, 1));
	for (c = 0; c < ncols; c++)
		codes[c] = MemoryContextAllocHuge(cxt, sizeof(int32) * cap);

	plan = SPI_prepare(sql.data, 0, NULL);
	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed for \"%s\": %s",
			 sql.data, SPI_result_code_string(SPI_result));
	portal = SPI_cursor_open(NULL, plan, NULL, NULL, true);

	for (;;)
	{
		uint64		i;

		CHECK_FOR_INTERRUPTS();
		SPI_cursor_fetch(portal, true, DISCOVER_FETCH);
		if (SPI_processed == 0)
			break;
		if (nrows + (int64) SPI_processed > PG_INT32_MAX - 1)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("table \"%s\" has too many rows for dependency discovery",
							RelationGetRelationName(rel)),
					 errdetail("At most %d rows can be searched.",
							   PG_INT32_MAX - 1)));
		if (nrows + (int64) SPI_processed > cap)
		{
			while (nrows + (int64) SPI_processed > cap)
				cap *= 2;
			for (c = 0; c < ncols; c++)
				codes[c] = repalloc_huge(codes[c], sizeof(int32) * cap);
		}
		for (i = 0; i < SPI_processed; i++)
		{
			HeapTuple	tup = SPI_tuptable->vals[i];

			for (c = 0; c < ncols; c++)
			{
				bool		isnull;
				int64		rank;

				rank = DatumGetInt64(SPI_getbinval(tup, SPI_tuptable->tupdesc,
												   c + 1, &isnull));
				Assert(!isnull && rank >= 1);
				codes[c][nrows + i] = (int32) (rank - 1);
				if (rank > ncodes[c])
					ncodes[c] = (int32) rank;
			}
		}
		nrows += SPI_processed;
		SPI_freetuptable(SPI_tuptable);
	}
	SPI_cursor_close(portal);
	SPI_freeplan(plan);
	pfree(sql.data);

	*codes_out = codes;
	*ncodes_out = ncodes;
	return (int) nrows;
}

/*
 * discover_fds(tbl regclass, max_lhs int DEFAULT NULL)
 *		RETURNS TABLE (determinant name[], dependent name)
 *
 * Every minimal non-trivial functional dependency X -> A that holds in
 * every row of the table, X of at most max_lhs columns (NULL: no cap).
 * Constant columns come out with an empty determinant.  Rows come ordered
 * by the size of the determinant, then by column position.
 */
Datum
sysdesign_discover_fds(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Oid			relid;
	int			max_lhs = -1;
	Relation	rel;
	TupleDesc	tupdesc;
	DiscoverColumn *cols;
	int			ncols = 0,
				nrows,
				i;
	MemoryContext search_cxt,
				oldcxt;
	int32	  **codes;
	int32	   *ncodes;
	FdsetEnv	env;
	FdsetDeps  *deps = NULL;
	FdsetStatus status;
	int64		budget;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("table must not be null")));
	relid = PG_GETARG_OID(0);
	if (!PG_ARGISNULL(1))
	{
		max_lhs = PG_GETARG_INT32(1);
		if (max_lhs < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("max_lhs must not be negative"),
					 errhint("Pass NULL for no limit on the size of determinants.")));
	}

	InitMaterializedSRF(fcinfo, 0);

	/*
	 * Lock the table for reading so that its columns cannot change under
	 * the search; privileges and row security are checked by the query.
	 */
	rel = table_open(relid, AccessShareLock);
	if (rel->rd_rel->relkind != RELKIND_RELATION &&
		rel->rd_rel->relkind != RELKIND_PARTITIONED_TABLE &&
		rel->rd_rel->relkind != RELKIND_MATVIEW &&
		rel->rd_rel->relkind != RELKIND_VIEW &&
		rel->rd_rel->relkind != RELKIND_FOREIGN_TABLE)
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("\"%s\" is not a table, view or materialized view",
						RelationGetRelationName(rel))));

	tupdesc = RelationGetDescr(rel);
	cols = palloc(sizeof(DiscoverColumn) * Max(tupdesc->natts, 1));
	for (i = 0; i < tupdesc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(tupdesc, i);
		TypeCacheEntry *tce;

		if (att->attisdropped)
			continue;
		tce = lookup_type_cache(att->atttypid, TYPECACHE_LT_OPR);
		cols[ncols].name = pstrdup(NameStr(att->attname));
		cols[ncols].by_text = !OidIsValid(tce->lt_opr);
		ncols++;
	}

	/* the search's memory, thrown away whole on the way out */
	search_cxt = AllocSetContextCreate(CurrentMemoryContext,
									   "sysdesign discover context",
									   ALLOCSET_DEFAULT_SIZES);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	nrows = read_codes(rel, cols, ncols, search_cxt, &codes, &ncodes);
	SPI_finish();

	budget = Max((int64) maintenance_work_mem * 1024,
				 (int64) 64 * 1024 * 1024);

	/* the core allocates in search_cxt and throws on interrupts */
	oldcxt = MemoryContextSwitchTo(search_cxt);
	nf_env_init(&env);
	status = fdd_discover(&env, nrows, ncols,
						  (const int32_t *const *) codes, ncodes,
						  max_lhs, budget / (int64) sizeof(int32), &deps);
	MemoryContextSwitchTo(oldcxt);
	if (status != FDSET_OK)
		discover_error(status, &env, rel);

	for (i = 0; i < deps->nfds; i++)
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};
		const FdsetWord *lhs = fdset_lhs(deps, i);
		Datum	   *names;
		int			n = 0,
					a;

		names = palloc(sizeof(Datum) * Max(ncols, 1));
		for (a = -1; (a = fdset_attrs_next(lhs, deps->nwords, a)) >= 0;)
			names[n++] = DirectFunctionCall1(namein,
											 CStringGetDatum(cols[a].name));
		values[0] = PointerGetDatum(construct_array(names, n, NAMEOID,
													NAMEDATALEN, false,
													TYPALIGN_CHAR));
		a = fdset_attrs_next(fdset_rhs(deps, i), deps->nwords, -1);
		values[1] = DirectFunctionCall1(namein, CStringGetDatum(cols[a].name));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc,
							 values, nulls);
		pfree(names);
	}

	MemoryContextDelete(search_cxt);
	table_close(rel, AccessShareLock);
	return (Datum) 0;
}
