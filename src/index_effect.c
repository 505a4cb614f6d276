/*-------------------------------------------------------------------------
 *
 * index_effect.c
 *		What an index does for one query: measured, and explained.
 *
 * index_effect() measures a query, builds the index, measures again, and
 * then rolls the index back (mode 'rollback'), keeps it ('keep'), or, in
 * mode 'hypothetical', never builds it at all: HypoPG shows the planner an
 * index that exists only in this backend's memory, and only plain EXPLAIN
 * sees it, so that mode compares estimated costs, not times.
 *
 * The verdict reasons at the level of the query's predicates.  The WHERE
 * and ORDER BY columns come from the analyzed query; where each predicate
 * ended up (Index Cond, Filter, Sort) comes from the plan after; the
 * leftmost-prefix rule is checked against the index's column list; a
 * LIMIT that stopped a scan early is read from the plan before; and the
 * share of rows an equality matches comes from pg_stats.
 *
 * IDENTIFICATION
 *	  sysdesign/src/index_effect.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <limits.h>
#include <math.h>

#include "access/relation.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "commands/extension.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "parser/analyze.h"
#include "portability/instr_time.h"
#include "storage/bufmgr.h"
#include "tcop/utility.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/resowner.h"
#include "utils/timestamp.h"

#include "explain.h"

/* The index to try, as its CREATE INDEX statement describes it */
typedef struct IndexSpec
{
	Oid			relid;
	char	   *relname;
	int			ncolumns;
	char	  **columns;		/* NULL for an expression column */
	char	   *method;
} IndexSpec;

/*
 * The last hypothetical run of this backend, kept so that a later real run
 * of the same query and index can say how far the prediction was off.
 */
typedef struct Prediction
{
	char	   *query;
	char	   *index_ddl;
	bool		used;
	double		cost_after;
	int64		size;
} Prediction;

static Prediction *last_prediction = NULL;

/*
 * Differences of medians below this many milliseconds are not reported as
 * a gain or a loss: on a busy machine runs of a few microseconds differ by
 * more than that from one call to the next.
 */
#define NOISE_MS	0.05

/*
 * parse_index_ddl
 *
 * Check that ddl is exactly one CREATE INDEX that can run inside a
 * transaction, and describe it.  The table must exist; the caller's
 * privileges are checked later, when the statement runs.
 */
static IndexSpec *
parse_index_ddl(const char *ddl)
{
	RawStmt    *raw = sd_parse_one(ddl, "index_ddl");
	IndexStmt  *stmt;
	IndexSpec  *spec;
	ListCell   *lc;
	int			i = 0;

	if (!IsA(raw->stmt, IndexStmt))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("index_ddl must be a CREATE INDEX statement"),
				 errdetail("The statement given is %s.",
						   CreateCommandName(raw->stmt))));
	stmt = (IndexStmt *) raw->stmt;
	if (stmt->concurrent)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("CREATE INDEX CONCURRENTLY cannot be measured"),
				 errdetail("CREATE INDEX CONCURRENTLY cannot run inside a transaction block, and the lab builds the index inside one."),
				 errhint("Leave out CONCURRENTLY.  The build then blocks writes to the table until the call ends.")));

	spec = palloc0(sizeof(IndexSpec));
	spec->relid = RangeVarGetRelid(stmt->relation, AccessShareLock, false);
	spec->relname = get_rel_name(spec->relid);
	spec->method = stmt->accessMethod ? stmt->accessMethod : "btree";
	spec->ncolumns = list_length(stmt->indexParams);
	spec->columns = palloc0(sizeof(char *) * Max(spec->ncolumns, 1));
	foreach(lc, stmt->indexParams)
	{
		IndexElem  *elem = lfirst_node(IndexElem, lc);

		spec->columns[i++] = elem->name;
	}
	return spec;
}

/* The index columns as "(a, b)" for messages */
static char *
column_list(const IndexSpec *spec)
{
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '(');
	for (int i = 0; i < spec->ncolumns; i++)
		appendStringInfo(&buf, "%s%s", i > 0 ? ", " : "",
						 spec->columns[i] ? spec->columns[i] : "expression");
	appendStringInfoChar(&buf, ')');
	return buf.data;
}

/* The nodes that filter rows of the table: its scans and bitmap heaps */
static const PlanNode *
scan_of(const PlanInfo *plan, const char *relname)
{
	for (int i = 0; i < plan->nnodes; i++)
		if (plan->nodes[i].relation != NULL &&
			strcmp(plan->nodes[i].relation, relname) == 0)
			return &plan->nodes[i];
	return NULL;
}

/* The index node's parent when it is a Bitmap Heap Scan, else the node */
static const PlanNode *
heap_node_of(const PlanInfo *plan, const PlanNode *index_node)
{
	if (index_node->parent > 0 &&
		strcmp(plan->nodes[index_node->parent - 1].node_type,
			   "Bitmap Heap Scan") == 0)
		return &plan->nodes[index_node->parent - 1];
	return index_node;
}

/* Whether a plan sorts rows (Sort or Incremental Sort) */
static const PlanNode *
sort_node(const PlanInfo *plan)
{
	for (int i = 0; i < plan->nnodes; i++)
		if (strstr(plan->nodes[i].node_type, "Sort") != NULL &&
			plan->nodes[i].sort_key != NULL)
			return &plan->nodes[i];
	return NULL;
}

/* Inputs of the verdict */
typedef struct Evidence
{
	const IndexSpec *spec;
	const QueryShape *shape;
	const PlanInfo *before;
	const PlanInfo *after;
	const char *index_name;
	bool		measured;		/* false in hypothetical mode */
	double		median_before;
	double		median_after;
	bool		forced;			/* measured with enable_seqscan = off */
	double		median_forced;
} Evidence;

/*
 * judge
 *
 * Write the verdict and its reason.  The reason is a paragraph of short
 * sentences, each tied to a predicate, the index's columns, the LIMIT or
 * the statistics, in that order.
 */
static void
judge(const Evidence *ev, char **verdict, char **reason)
{
	const IndexSpec *spec = ev->spec;
	const QueryShape *shape = ev->shape;
	const PlanNode *inode = sd_plan_find_index(ev->after, ev->index_name);
	StringInfoData buf;
	ListCell   *lc;
	bool		used = (inode != NULL);
	bool		correctly = false;
	int			prefix = 0;
	bool		leading_unused = false;

	initStringInfo(&buf);

	/* Where each predicate ended up in the plan after */
	if (used)
	{
		const PlanNode *heap = heap_node_of(ev->after, inode);
		List	   *in_cond = NIL;
		List	   *in_filter = NIL;

		foreach(lc, shape->preds)
		{
			Pred	   *pred = lfirst(lc);

			if (sd_mentions_column(inode->index_cond, pred->column))
				in_cond = lappend(in_cond, pred->text);
			else if (sd_mentions_column(heap->filter, pred->column) ||
					 sd_mentions_column(inode->filter, pred->column))
				in_filter = lappend(in_filter, pred->text);
		}
		if (in_cond != NIL)
		{
			appendStringInfo(&buf, "%s became the Index Cond of %s",
							 (char *) linitial(in_cond), ev->index_name);
			for_each_from(lc, in_cond, 1)
				appendStringInfo(&buf, ", and so did %s", (char *) lfirst(lc));
			appendStringInfoString(&buf, ". ");
		}
		else if (inode->index_cond != NULL)
			appendStringInfo(&buf, "The Index Cond of %s is %s. ",
							 ev->index_name, inode->index_cond);
		else
			appendStringInfo(&buf, "%s is read without an Index Cond (a full index scan). ",
							 ev->index_name);
		foreach(lc, in_filter)
			appendStringInfo(&buf, "%s stays a Filter, checked row by row after the index lookup. ",
							 (char *) lfirst(lc));
	}
	else
	{
		const PlanNode *scan = scan_of(ev->after, spec->relname);

		appendStringInfo(&buf, "The plan does not use %s", ev->index_name);
		if (scan != NULL)
			appendStringInfo(&buf, ": it keeps the %s", sd_plan_node_label(scan));
		appendStringInfoString(&buf, ". ");
	}

	/*
	 * The leftmost-prefix rule, for a B-tree that leads with a plain column.
	 * XXX Expression columns are not matched against the query's
	 * expressions, so an expression index gets no prefix analysis at all.
	 */
	if (strcmp(spec->method, "btree") == 0 && spec->ncolumns > 0 &&
		spec->columns[0] != NULL)
	{
		while (prefix < spec->ncolumns && spec->columns[prefix] != NULL &&
			   sd_find_pred(shape, spec->columns[prefix],
						 true, false) != NULL)
			prefix++;
		if (prefix == 0)
		{
			const char *lead = spec->columns[0];
			bool		ranged = lead != NULL &&
				sd_find_pred(shape, lead, false, true) != NULL;
			bool		ordered = lead != NULL && shape->order != NIL &&
				strcmp(((OrderCol *) linitial(shape->order))->column,
					   lead) == 0;

			if (!ranged && !ordered)
			{
				leading_unused = true;
				appendStringInfo(&buf, "The index's leading column %s appears in no WHERE condition or leading ORDER BY key of the query; a B-tree on %s is searched by a leftmost prefix of its columns, so it has to be read whole for this query. ",
								 lead ? lead : "(an expression)",
								 column_list(spec));
			}
		}
		for (int i = prefix + 1; i < spec->ncolumns; i++)
		{
			Pred	   *pred;

			if (spec->columns[i] == NULL)
				continue;
			pred = sd_find_pred(shape, spec->columns[i],
							 true, true);
			if (pred != NULL && (prefix > 0 || !leading_unused))
				appendStringInfo(&buf, "%s cannot narrow the search: its column comes after %s, which the query does not fix with an equality. ",
								 pred->text, spec->columns[prefix]);
		}
	}

	/* ORDER BY: a Sort, or the index's order */
	if (shape->order != NIL)
	{
		const PlanNode *sort = sort_node(ev->after);

		if (sort != NULL)
			appendStringInfo(&buf, "ORDER BY %s still needs a Sort. ",
							 sort->sort_key);
		else if (used)
			appendStringInfo(&buf, "ORDER BY %s is served by the index's order: no Sort. ",
							 ((OrderCol *) linitial(shape->order))->column);
	}

	/* A LIMIT that already stopped the scan before the index existed */
	if (shape->limit >= 0)
	{
		const PlanNode *scan = scan_of(ev->before, spec->relname);
		double		total = sd_table_rows(spec->relid);

		if (scan != NULL && scan->has_actual && total > 0 &&
			strcmp(scan->node_type, "Seq Scan") == 0)
		{
			double		read = (scan->actual_rows + scan->rows_removed) *
				scan->loops;

			if (read < total * 0.1)
			{
				correctly = true;
				appendStringInfo(&buf, "LIMIT " INT64_FORMAT " stopped the Seq Scan before the index existed after reading %.0f of about %.0f rows: the matching rows come early in the table, so there was little left to save. ",
								 shape->limit, read, total);
			}
		}
	}

	/* How many rows the leading equality matches, from pg_stats */
	if (spec->ncolumns > 0 && spec->columns[0] != NULL)
	{
		Pred	   *pred = sd_find_pred(shape, spec->columns[0],
									 true, false);

		if (pred != NULL && pred->kind == PRED_EQUAL && pred->value != NULL)
		{
			double		share = sd_equality_share(spec->relid, pred->column,
											   pred->value);

			if (share < 0)
				appendStringInfo(&buf, "pg_stats has no statistics on %s; run ANALYZE so the planner can judge. ",
								 pred->column);
			else
			{
				double		total = sd_table_rows(spec->relid);

				appendStringInfo(&buf, "%s matches about %.0f of %.0f rows (%.*f%%, from pg_stats)",
								 pred->text, share * total, total,
								 share >= 0.01 ? 0 : share >= 0.001 ? 1 : 3,
								 share * 100.0);
				if (share >= 0.2 && !used)
				{
					correctly = true;
					appendStringInfoString(&buf, ", too many for an index to beat reading the table in order");
				}
				appendStringInfoString(&buf, ". ");
			}
		}
	}

	/* The verdict itself */
	if (used)
	{
		double		ratio;

		if (ev->measured && ev->median_after > 0)
			ratio = ev->median_before / ev->median_after;
		else
			ratio = ev->after->nodes[0].total_cost > 0 ?
				ev->before->nodes[0].total_cost /
				ev->after->nodes[0].total_cost : 1.0;
		if (ev->measured &&
			fabs(ev->median_before - ev->median_after) < NOISE_MS)
		{
			*verdict = "no gain";
			appendStringInfo(&buf, "Both plans run in %.3f ms or less; a difference that small is timer noise.",
							 Max(ev->median_before, ev->median_after));
		}
		else
		{
			if (ratio >= 1.5)
				*verdict = "helps";
			else if (ratio > 1.0 / 1.5)
				*verdict = "no gain";
			else
				*verdict = "slower";
			appendStringInfo(&buf, ev->measured ?
							 "Measured: %.1fx the speed of the plan without it. " :
							 "Estimated: %.1fx cheaper by the planner's cost. ",
							 ratio);
			if (leading_unused && ratio >= 1.5)
				appendStringInfo(&buf, "It wins only because reading the whole index is cheaper than reading the whole table; an index that leads with %s would be searched instead.",
								 sd_equality_columns(shape));
		}
	}
	else if (ev->forced && ev->median_forced * 1.5 <= ev->median_after &&
			 ev->median_after - ev->median_forced >= NOISE_MS)
	{
		*verdict = "not used";
		appendStringInfo(&buf, "Forced with enable_seqscan = off, the plan uses it and takes %.3f ms against %.3f ms without it: the planner's estimates are off.  Run ANALYZE, or look at the statistics of the columns.",
						 ev->median_forced, ev->median_after);
	}
	else if (ev->forced)
	{
		*verdict = "not used, and correctly so";
		appendStringInfo(&buf, "Forced with enable_seqscan = off, the plan uses it and takes %.3f ms against %.3f ms without it.",
						 ev->median_forced, ev->median_after);
	}
	else if (correctly || leading_unused)
		*verdict = "not used, and correctly so";
	else
	{
		*verdict = "not used";
		appendStringInfo(&buf, "The planner costs the plan without it at %.2f, cheaper than any plan it found with it.",
						 ev->after->nodes[0].total_cost);
	}

	/* Drop the trailing space of the last sentence */
	while (buf.len > 0 && buf.data[buf.len - 1] == ' ')
		buf.data[--buf.len] = '\0';
	*reason = buf.data;
}

/* Every index of the table, as a list of OIDs */
static List *
index_list(Oid relid)
{
	Relation	rel = relation_open(relid, AccessShareLock);
	List	   *result = list_copy(RelationGetIndexList(rel));

	relation_close(rel, AccessShareLock);
	return result;
}

/* Size on disk of an index, in bytes */
static int64
index_bytes(Oid indexoid)
{
	Relation	rel = relation_open(indexoid, AccessShareLock);
	int64		bytes = (int64) RelationGetNumberOfBlocks(rel) * BLCKSZ;

	relation_close(rel, AccessShareLock);
	return bytes;
}

/* Results of building (or pretending to build) the index */
typedef struct Built
{
	List	   *others;			/* in: more queries to plan with the index */
	bool		measure_forced; /* in: measure with seqscan off if unused */
	List	   *served;			/* out: 1-based positions of those using it */
	char	   *index_name;
	int64		size;
	double		build_ms;
	LabResult	after;
	LabResult	forced;			/* with enable_seqscan = off, or empty */
} Built;

/*
 * measure_forced
 *
 * Measure the query again with sequential scans disabled, inside a
 * subtransaction whose rollback also undoes the setting.  When the plan
 * then uses the new index, the two timings say whether the planner was
 * right to leave it out.
 */
static void
measure_forced(const char *query, const LabOptions *opts, Built *built)
{
	MemoryContext oldcontext = CurrentMemoryContext;
	ResourceOwner oldowner = CurrentResourceOwner;

	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(oldcontext);
	PG_TRY();
	{
		(void) set_config_option("enable_seqscan", "off", PGC_USERSET,
								 PGC_S_SESSION, GUC_ACTION_LOCAL, true, 0,
								 false);
		sd_lab_measure(query, opts, &built->forced);

		RollbackAndReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(oldcontext);
		CurrentResourceOwner = oldowner;
	}
	PG_CATCH();
	{
		ErrorData  *edata = sd_subxact_abort(oldcontext, oldowner);

		ReThrowError(edata);
	}
	PG_END_TRY();
}

/*
 * build_and_measure
 *
 * Run the CREATE INDEX inside a subtransaction, measure the query with the
 * index in place, then roll the subtransaction back (keep false) or keep
 * it.  Each query of built->others is planned (not run) with the index in
 * place too.  On error the subtransaction is rolled back and the error
 * thrown again, so a failed call leaves no index behind in either mode.
 */
static void
build_and_measure(const char *query, const char *ddl, const IndexSpec *spec,
				  const LabOptions *opts, bool keep, Built *built)
{
	MemoryContext oldcontext = CurrentMemoryContext;
	ResourceOwner oldowner = CurrentResourceOwner;
	List	   *before = index_list(spec->relid);

	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(oldcontext);

	PG_TRY();
	{
		instr_time	start;
		instr_time	duration;
		List	   *after;
		Oid			newindex = InvalidOid;
		ListCell   *lc;
		int			rc;

		if (SPI_connect() != SPI_OK_CONNECT)
			elog(ERROR, "SPI_connect failed");
		INSTR_TIME_SET_CURRENT(start);
		rc = SPI_execute(ddl, false, 0);
		INSTR_TIME_SET_CURRENT(duration);
		INSTR_TIME_SUBTRACT(duration, start);
		if (rc != SPI_OK_UTILITY)
			elog(ERROR, "CREATE INDEX returned %s", SPI_result_code_string(rc));
		SPI_finish();
		MemoryContextSwitchTo(oldcontext);
		built->build_ms = INSTR_TIME_GET_MILLISEC(duration);

		after = index_list(spec->relid);
		foreach(lc, after)
			if (!list_member_oid(before, lfirst_oid(lc)))
				newindex = lfirst_oid(lc);
		if (!OidIsValid(newindex))
			ereport(ERROR,
					(errcode(ERRCODE_DUPLICATE_OBJECT),
					 errmsg("index_ddl created no index"),
					 errdetail("An index of that name probably exists already (CREATE INDEX IF NOT EXISTS).")));
		built->index_name = get_rel_name(newindex);
		built->size = index_bytes(newindex);

		sd_lab_measure(query, opts, &built->after);

		/* Not used: would it have been faster if the planner had to? */
		if (built->measure_forced && built->after.plan != NULL &&
			sd_plan_find_index(built->after.plan, built->index_name) == NULL)
			measure_forced(query, opts, built);

		/* Which of the other queries the planner would serve with it */
		foreach(lc, built->others)
		{
			LabOptions	planonly;
			LabResult	other;

			memset(&planonly, 0, sizeof(planonly));
			planonly.runs = 1;
			sd_lab_measure((char *) lfirst(lc), &planonly, &other);
			if (sd_plan_find_index(other.plan, built->index_name) != NULL)
				built->served = lappend_int(built->served,
											foreach_current_index(lc) + 1);
		}

		if (keep)
			ReleaseCurrentSubTransaction();
		else
			RollbackAndReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(oldcontext);
		CurrentResourceOwner = oldowner;
	}
	PG_CATCH();
	{
		ErrorData  *edata = sd_subxact_abort(oldcontext, oldowner);

		ReThrowError(edata);
	}
	PG_END_TRY();
}

/* The schema HypoPG is installed in, quoted, or an error */
static char *
hypopg_schema(void)
{
	static const char *sql =
		"SELECT n.nspname::text FROM pg_catalog.pg_extension e"
		" JOIN pg_catalog.pg_namespace n"
		" ON n.oid OPERATOR(pg_catalog.=) e.extnamespace"
		" WHERE e.oid OPERATOR(pg_catalog.=) $1";
	Oid			extoid = get_extension_oid("hypopg", true);
	char	   *nspname = NULL;
	const char *quoted;

	if (!OidIsValid(extoid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("extension \"hypopg\" is not installed"),
				 errdetail("Mode \"hypothetical\" shows the index to the planner through HypoPG."),
				 errhint("Run CREATE EXTENSION hypopg, or use mode => 'rollback' to build the index for real and roll it back.")));

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute_with_args(sql, 1, (Oid[]) {OIDOID},
							  (Datum[]) {ObjectIdGetDatum(extoid)},
							  NULL, true, 1) == SPI_OK_SELECT &&
		SPI_processed == 1)
		nspname = SPI_getvalue(SPI_tuptable->vals[0],
							   SPI_tuptable->tupdesc, 1);
	if (nspname == NULL)
		elog(ERROR, "could not find the schema of extension \"hypopg\"");
	quoted = quote_identifier(nspname);
	nspname = strcpy(SPI_palloc(strlen(quoted) + 1), quoted);
	SPI_finish();
	return nspname;
}

/* Remove one hypothetical index, ours; never hypopg_reset() */
static void
hypopg_drop(const char *nspname, Oid hypo_oid)
{
	char	   *sql = psprintf("SELECT %s.hypopg_drop_index($1)", nspname);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute_with_args(sql, 1, (Oid[]) {OIDOID},
							  (Datum[]) {ObjectIdGetDatum(hypo_oid)},
							  NULL, false, 1) != SPI_OK_SELECT)
		elog(ERROR, "hypopg_drop_index failed");
	SPI_finish();
}

/*
 * hypothesize_and_measure
 *
 * Show the planner the index through HypoPG and plan the query with it.
 * The hypothetical index lives in this backend's memory, outside any
 * transaction, so it is removed on the way out whatever happens; the
 * user's own hypothetical indexes are left alone.
 */
static void
hypothesize_and_measure(const char *query, const char *ddl,
						const LabOptions *opts, Built *built)
{
	MemoryContext oldcontext = CurrentMemoryContext;
	ResourceOwner oldowner = CurrentResourceOwner;
	char	   *nspname = hypopg_schema();
	char	   *sql;
	Oid			hypo_oid;
	bool		isnull;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	sql = psprintf("SELECT indexrelid, indexname::text FROM %s.hypopg_create_index($1)",
				   nspname);
	if (SPI_execute_with_args(sql, 1, (Oid[]) {TEXTOID},
							  (Datum[]) {CStringGetTextDatum(ddl)},
							  NULL, false, 0) != SPI_OK_SELECT ||
		SPI_processed != 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("HypoPG could not create a hypothetical index from index_ddl")));
	hypo_oid = DatumGetObjectId(SPI_getbinval(SPI_tuptable->vals[0],
											  SPI_tuptable->tupdesc, 1,
											  &isnull));
	built->index_name = SPI_getvalue(SPI_tuptable->vals[0],
									 SPI_tuptable->tupdesc, 2);
	built->index_name = strcpy(SPI_palloc(strlen(built->index_name) + 1),
							   built->index_name);
	SPI_finish();

	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(oldcontext);
	PG_TRY();
	{
		sd_lab_measure(query, opts, &built->after);

		if (SPI_connect() != SPI_OK_CONNECT)
			elog(ERROR, "SPI_connect failed");
		sql = psprintf("SELECT %s.hypopg_relation_size($1)", nspname);
		if (SPI_execute_with_args(sql, 1, (Oid[]) {OIDOID},
								  (Datum[]) {ObjectIdGetDatum(hypo_oid)},
								  NULL, true, 1) == SPI_OK_SELECT &&
			SPI_processed == 1)
			built->size = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0],
													  SPI_tuptable->tupdesc,
													  1, &isnull));
		SPI_finish();
		MemoryContextSwitchTo(oldcontext);

		ReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(oldcontext);
		CurrentResourceOwner = oldowner;
	}
	PG_CATCH();
	{
		ErrorData  *edata = sd_subxact_abort(oldcontext, oldowner);

		hypopg_drop(nspname, hypo_oid);
		ReThrowError(edata);
	}
	PG_END_TRY();

	hypopg_drop(nspname, hypo_oid);
}

/* Remember a hypothetical result for a later real run */
static void
remember_prediction(const char *query, const char *ddl, bool used,
					double cost_after, int64 size)
{
	MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);

	if (last_prediction != NULL)
	{
		pfree(last_prediction->query);
		pfree(last_prediction->index_ddl);
		pfree(last_prediction);
	}
	last_prediction = palloc(sizeof(Prediction));
	last_prediction->query = pstrdup(query);
	last_prediction->index_ddl = pstrdup(ddl);
	last_prediction->used = used;
	last_prediction->cost_after = cost_after;
	last_prediction->size = size;
	MemoryContextSwitchTo(old);
}

/* A size for people to read */
static char *
pretty_size(int64 bytes)
{
	return text_to_cstring(DatumGetTextPP(DirectFunctionCall1(pg_size_pretty,
															  Int64GetDatum(bytes))));
}

/* How far the last hypothetical run of this query and index was off */
static char *
compare_prediction(const char *query, const char *ddl, bool used,
				   double cost_after, int64 size)
{
	Prediction *p = last_prediction;

	if (p == NULL || strcmp(p->query, query) != 0 ||
		strcmp(p->index_ddl, ddl) != 0)
		return NULL;
	return psprintf("HypoPG predicted: %s, cost %.2f, size %s. Built: %s, cost %.2f, size %s. The size estimate was off by %+.0f%%, the cost by %+.0f%%.",
					p->used ? "used" : "not used", p->cost_after,
					pretty_size(p->size),
					used ? "used" : "not used", cost_after,
					pretty_size(size),
					size > 0 ? 100.0 * (p->size - size) / size : 0.0,
					cost_after > 0 ?
					100.0 * (p->cost_after - cost_after) / cost_after : 0.0);
}

/* Shared hit plus read blocks of a plan's top node */
static int64
top_buffers(const PlanInfo *plan)
{
	return plan->nodes[0].shared_hit + plan->nodes[0].shared_read;
}

PG_FUNCTION_INFO_V1(sysdesign_index_effect);

/*
 * sysdesign_index_effect
 *
 * index_effect(query, index_ddl, mode, runs, allow_writes, timeout): one
 * row comparing the query without and with the index.  See the install
 * script for the columns.
 */
Datum
sysdesign_index_effect(PG_FUNCTION_ARGS)
{
	char	   *query;
	char	   *ddl;
	char	   *mode;
	bool		hypothetical;
	IndexSpec  *spec;
	RawStmt    *raw;
	QueryShape *shape;
	LabOptions	opts;
	LabResult	before;
	Built		built;
	TupleDesc	tupdesc;
	Datum		values[20];
	bool		nulls[20];

	for (int i = 0; i < 5; i++)
		if (PG_ARGISNULL(i))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s must not be null",
							i == 0 ? "query" : i == 1 ? "index_ddl" :
							i == 2 ? "mode" : i == 3 ? "runs" :
							"allow_writes")));
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	tupdesc = BlessTupleDesc(tupdesc);

	query = text_to_cstring(PG_GETARG_TEXT_PP(0));
	ddl = text_to_cstring(PG_GETARG_TEXT_PP(1));
	mode = text_to_cstring(PG_GETARG_TEXT_PP(2));
	if (strcmp(mode, "rollback") != 0 && strcmp(mode, "keep") != 0 &&
		strcmp(mode, "hypothetical") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unrecognized mode \"%s\"", mode),
				 errhint("Use 'rollback', 'keep' or 'hypothetical'.")));
	hypothetical = (strcmp(mode, "hypothetical") == 0);

	memset(&opts, 0, sizeof(opts));
	opts.runs = PG_GETARG_INT32(3);
	if (opts.runs < 1 || opts.runs > 1000)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("runs must be between 1 and %d", 1000),
				 errdetail("The value given was %d.", opts.runs)));
	opts.warmup = !hypothetical;
	opts.analyze = !hypothetical;
	opts.timing = false;		/* totals only: no per-node clock overhead */
	opts.allow_writes = PG_GETARG_BOOL(4);
	if (!PG_ARGISNULL(5))
	{
		Interval   *span = PG_GETARG_INTERVAL_P(5);
		int64		usecs = span->time + (int64) span->day * USECS_PER_DAY;

		if (span->month != 0 || usecs <= 0 || usecs / 1000 >= INT_MAX)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("timeout must be positive and shorter than %d milliseconds",
							INT_MAX)));
		opts.timeout_ms = (int) ((usecs + 999) / 1000);
	}
	if (hypothetical)
		opts.runs = 1;			/* planning is deterministic */

	/* Check both statements before running anything */
	spec = parse_index_ddl(ddl);
	(void) sd_check_statement(query, opts.allow_writes || hypothetical,
							  &raw);
	shape = sd_query_shape(parse_analyze_fixedparams(raw, query, NULL, 0,
													 NULL),
						   spec->relid);

	sd_lab_measure(query, &opts, &before);
	memset(&built, 0, sizeof(built));
	if (hypothetical)
		hypothesize_and_measure(query, ddl, &opts, &built);
	else
	{
		built.measure_forced = true;
		build_and_measure(query, ddl, spec, &opts,
						  strcmp(mode, "keep") == 0, &built);
	}

	memset(nulls, true, sizeof(nulls));
	values[0] = CStringGetTextDatum(built.index_name);
	nulls[0] = false;
	if (before.nruns > 0)
	{
		values[6] = Float8GetDatum(sd_median(before.execution_ms,
											 before.nruns));
		values[7] = Float8GetDatum(sd_percentile(before.execution_ms,
												 before.nruns, 0.9));
		nulls[6] = nulls[7] = false;
	}
	if (built.after.nruns > 0)
	{
		values[8] = Float8GetDatum(sd_median(built.after.execution_ms,
											 built.after.nruns));
		values[9] = Float8GetDatum(sd_percentile(built.after.execution_ms,
												  built.after.nruns, 0.9));
		nulls[8] = nulls[9] = false;
	}
	values[13] = Int64GetDatum(built.size);
	nulls[13] = false;
	if (!hypothetical)
	{
		values[14] = Float8GetDatum(built.build_ms);
		nulls[14] = false;
	}
	values[15] = BoolGetDatum(hypothetical);
	nulls[15] = false;

	if (before.plan != NULL && built.after.plan != NULL)
	{
		Evidence	ev;
		char	   *verdict;
		char	   *reason;
		char	   *prediction = NULL;
		bool		used;
		double		cost_before = before.plan->nodes[0].total_cost;
		double		cost_after = built.after.plan->nodes[0].total_cost;

		used = sd_plan_find_index(built.after.plan, built.index_name) != NULL;
		values[1] = BoolGetDatum(used);
		values[2] = CStringGetTextDatum(sd_plan_shape(before.plan));
		values[3] = CStringGetTextDatum(sd_plan_shape(built.after.plan));
		values[4] = Float8GetDatum(cost_before);
		values[5] = Float8GetDatum(cost_after);
		nulls[1] = nulls[2] = nulls[3] = nulls[4] = nulls[5] = false;

		if (hypothetical)
		{
			if (cost_after > 0)
			{
				values[10] = Float8GetDatum(cost_before / cost_after);
				nulls[10] = false;
			}
			remember_prediction(query, ddl, used, cost_after, built.size);
		}
		else
		{
			if (!nulls[6] && !nulls[8] && DatumGetFloat8(values[8]) > 0)
			{
				values[10] = Float8GetDatum(DatumGetFloat8(values[6]) /
											DatumGetFloat8(values[8]));
				nulls[10] = false;
			}
			values[11] = Int64GetDatum(top_buffers(before.plan));
			values[12] = Int64GetDatum(top_buffers(built.after.plan));
			nulls[11] = nulls[12] = false;
			prediction = compare_prediction(query, ddl, used, cost_after,
											built.size);
		}

		memset(&ev, 0, sizeof(ev));
		ev.spec = spec;
		ev.shape = shape;
		ev.before = before.plan;
		ev.after = built.after.plan;
		ev.index_name = built.index_name;
		ev.measured = !hypothetical && !nulls[10];
		if (ev.measured)
		{
			ev.median_before = DatumGetFloat8(values[6]);
			ev.median_after = DatumGetFloat8(values[8]);
		}
		if (ev.measured && built.forced.plan != NULL &&
			built.forced.nruns > 0 &&
			sd_plan_find_index(built.forced.plan, built.index_name) != NULL)
		{
			ev.forced = true;
			ev.median_forced = sd_median(built.forced.execution_ms,
										 built.forced.nruns);
			values[19] = Float8GetDatum(ev.median_forced);
			nulls[19] = false;
		}
		judge(&ev, &verdict, &reason);
		values[16] = CStringGetTextDatum(verdict);
		values[17] = CStringGetTextDatum(reason);
		nulls[16] = nulls[17] = false;
		if (prediction != NULL)
		{
			values[18] = CStringGetTextDatum(prediction);
			nulls[18] = false;
		}
	}
	else
	{
		values[16] = CStringGetTextDatum("timed out");
		values[17] = CStringGetTextDatum("A run hit the timeout before both plans were seen; raise timeout or measure a cheaper query.");
		nulls[16] = nulls[17] = false;
	}

	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values,
													  nulls)));
}

/* One row of index_compare(), before ranking */
typedef struct Candidate
{
	char	   *ddl;			/* NULL for the row without an index */
	Built		built;
	LabResult	res;
	double		median;
	bool		measured;
	int			position;		/* in the candidates array; 0 for none */
} Candidate;

/*
 * qsort comparator: fastest first, unmeasured (timed out) last, then the
 * smaller index, then the order the caller gave
 */
static int
cmp_candidate(const void *a, const void *b)
{
	const Candidate *x = (const Candidate *) a;
	const Candidate *y = (const Candidate *) b;

	if (x->measured != y->measured)
		return x->measured ? -1 : 1;
	if (x->median != y->median)
		return x->median < y->median ? -1 : 1;
	if (x->built.size != y->built.size)
		return x->built.size < y->built.size ? -1 : 1;
	return x->position - y->position;
}

PG_FUNCTION_INFO_V1(sysdesign_index_compare);

/*
 * sysdesign_index_compare
 *
 * index_compare(query, candidates, other_queries, runs): build each
 * candidate index in turn (always rolled back), measure the query with
 * it, plan each of the other queries with it, and rank the candidates
 * together with the plan without any of them.
 */
Datum
sysdesign_index_compare(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo;
	char	   *query;
	ArrayType  *cand_array;
	Datum	   *cand_datums;
	bool	   *cand_nulls;
	int			ncand;
	List	   *others = NIL;
	LabOptions	opts;
	Candidate  *rows;
	double		baseline = 0.0;
	bool		have_baseline;

	for (int i = 0; i < 4; i++)
		if (PG_ARGISNULL(i))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s must not be null",
							i == 0 ? "query" : i == 1 ? "candidates" :
							i == 2 ? "other_queries" : "runs")));
	query = text_to_cstring(PG_GETARG_TEXT_PP(0));
	cand_array = PG_GETARG_ARRAYTYPE_P(1);
	deconstruct_array(cand_array, TEXTOID, -1, false, TYPALIGN_INT,
					  &cand_datums, &cand_nulls, &ncand);
	if (ncand < 1 || ncand > 20)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("candidates must hold between 1 and 20 CREATE INDEX statements")));

	{
		ArrayType  *other_array = PG_GETARG_ARRAYTYPE_P(2);
		Datum	   *datums;
		bool	   *nulls;
		int			n;

		deconstruct_array(other_array, TEXTOID, -1, false, TYPALIGN_INT,
						  &datums, &nulls, &n);
		for (int i = 0; i < n; i++)
		{
			char	   *other;

			if (nulls[i])
				ereport(ERROR,
						(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
						 errmsg("other_queries must not contain nulls")));
			other = TextDatumGetCString(datums[i]);
			/* planned only, so statements that write are fine */
			(void) sd_check_statement(other, true, NULL);
			others = lappend(others, other);
		}
	}

	memset(&opts, 0, sizeof(opts));
	opts.runs = PG_GETARG_INT32(3);
	if (opts.runs < 1 || opts.runs > 1000)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("runs must be between 1 and %d", 1000),
				 errdetail("The value given was %d.", opts.runs)));
	opts.warmup = true;
	opts.analyze = true;
	opts.timing = false;

	/* Check every statement before building anything */
	(void) sd_check_statement(query, false, NULL);
	rows = palloc0(sizeof(Candidate) * (ncand + 1));
	for (int i = 0; i < ncand; i++)
	{
		if (cand_nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("candidates must not contain nulls")));
		rows[i + 1].ddl = TextDatumGetCString(cand_datums[i]);
		rows[i + 1].position = i + 1;
		(void) parse_index_ddl(rows[i + 1].ddl);
	}

	InitMaterializedSRF(fcinfo, 0);
	rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	/* The row without any candidate */
	sd_lab_measure(query, &opts, &rows[0].res);
	for (int i = 0; i <= ncand; i++)
	{
		Candidate  *c = &rows[i];
		LabResult  *res = (i == 0) ? &c->res : &c->built.after;

		CHECK_FOR_INTERRUPTS();
		if (i > 0)
		{
			c->built.others = others;
			build_and_measure(query, c->ddl, parse_index_ddl(c->ddl), &opts,
							  false, &c->built);
		}
		if (res->nruns > 0)
		{
			c->measured = true;
			c->median = sd_median(res->execution_ms, res->nruns);
		}
	}
	have_baseline = rows[0].measured;
	baseline = rows[0].median;
	qsort(rows, ncand + 1, sizeof(Candidate), cmp_candidate);

	for (int i = 0; i <= ncand; i++)
	{
		Candidate  *c = &rows[i];
		LabResult  *res = c->ddl ? &c->built.after : &c->res;
		Datum		values[11];
		bool		nulls[11];

		memset(nulls, true, sizeof(nulls));
		values[0] = Int32GetDatum(i + 1);
		nulls[0] = false;
		if (c->ddl != NULL)
		{
			values[1] = CStringGetTextDatum(c->ddl);
			values[2] = CStringGetTextDatum(c->built.index_name);
			values[3] = BoolGetDatum(res->plan != NULL &&
									 sd_plan_find_index(res->plan,
														c->built.index_name) != NULL);
			values[7] = Int64GetDatum(c->built.size);
			values[8] = Float8GetDatum(c->built.build_ms);
			nulls[1] = nulls[2] = nulls[3] = nulls[7] = nulls[8] = false;
			if (others != NIL)
			{
				int			n = list_length(c->built.served);
				Datum	   *elems = palloc(sizeof(Datum) * Max(n, 1));
				ListCell   *lc;

				foreach(lc, c->built.served)
					elems[foreach_current_index(lc)] =
						Int32GetDatum(lfirst_int(lc));
				values[9] = PointerGetDatum(construct_array(elems, n, INT4OID,
															sizeof(int32), true,
															TYPALIGN_INT));
				nulls[9] = false;
			}
		}
		if (c->measured)
		{
			values[4] = Float8GetDatum(c->median);
			values[5] = Float8GetDatum(sd_percentile(res->execution_ms,
													 res->nruns, 0.9));
			nulls[4] = nulls[5] = false;
			if (have_baseline && c->median > 0)
			{
				values[6] = Float8GetDatum(baseline / c->median);
				nulls[6] = false;
			}
		}
		if (res->plan != NULL)
		{
			values[10] = CStringGetTextDatum(sd_plan_shape(res->plan));
			nulls[10] = false;
		}
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values,
							 nulls);
	}
	return (Datum) 0;
}
