/*-------------------------------------------------------------------------
 *
 * advise.c
 *		index_advise(): propose an index for a query, and check it.
 *
 * For each table of the query, the proposal is a B-tree whose columns are,
 * in order: the columns the query fixes with an equality (the most
 * selective first, by pg_stats), then one column it bounds with a range,
 * then its ORDER BY columns with their direction, when the index's order
 * can serve them.  That is the leftmost-prefix rule read backwards.
 *
 * A proposal is checked, never trusted: when an existing index already
 * leads with the same columns we say which and propose nothing; otherwise
 * the index is built inside a subtransaction, the query is planned with
 * it, and the subtransaction is rolled back.  Only an index the planner
 * then uses, at a lower cost, is recommended.  XXX The check builds the
 * index for real, which on a large table takes as long as the CREATE
 * INDEX itself and holds a lock that blocks writes meanwhile; a planner
 * hook of our own that adds the index as HypoPG does would make it free.
 *
 * Planning is done here in C rather than through an EXPLAIN statement, so
 * that a query with $n parameters can be planned as a generic plan
 * without creating a prepared statement: the session's own prepared
 * statements are never touched.  The price is that HypoPG's hypothetical
 * indexes, which only EXPLAIN statements see, play no part here.
 *
 * IDENTIFICATION
 *	  sysdesign/src/advise.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/relation.h"
#include "access/xact.h"
#include "catalog/pg_am.h"
#include "catalog/pg_class.h"
#include "catalog/pg_index.h"
#include "commands/explain.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "nodes/pg_list.h"
#include "parser/parsetree.h"
#include "tcop/tcopprot.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/resowner.h"
#include "utils/syscache.h"

#include "explain.h"

/* One column of a proposed index */
typedef struct AdviseCol
{
	char	   *column;
	bool		desc;
	double		share;			/* rows an equality matches; 1 otherwise */
} AdviseCol;

/*
 * plan_query
 *
 * Plan a copy of the analyzed query (as a generic plan when it has $n
 * parameters) and return its EXPLAIN (FORMAT JSON) description.  Nothing
 * is executed.
 */
static PlanInfo *
plan_query(Query *query, const char *sql)
{
	PlannedStmt *stmt;
	ExplainState *es;

	stmt = pg_plan_query(copyObject(query), sql, CURSOR_OPT_PARALLEL_OK,
						 NULL);
	es = NewExplainState();
	es->format = EXPLAIN_FORMAT_JSON;
	es->costs = true;
	ExplainBeginOutput(es);
#if PG_VERSION_NUM >= 170000
	ExplainOnePlan(stmt, NULL, es, sql, NULL, NULL, NULL, NULL, NULL);
#else
	ExplainOnePlan(stmt, NULL, es, sql, NULL, NULL, NULL, NULL);
#endif
	ExplainEndOutput(es);
	return sd_plan_parse_text(es->str->data);
}

/* qsort comparator: the most selective equality first, then by name */
static int
cmp_share(const void *a, const void *b)
{
	const AdviseCol *x = (const AdviseCol *) a;
	const AdviseCol *y = (const AdviseCol *) b;

	if (x->share != y->share)
		return x->share < y->share ? -1 : 1;
	return strcmp(x->column, y->column);
}

/* Whether cols[0..n) names column */
static bool
has_col(const AdviseCol *cols, int n, const char *column)
{
	for (int i = 0; i < n; i++)
		if (strcmp(cols[i].column, column) == 0)
			return true;
	return false;
}

/*
 * propose
 *
 * Fill cols (room for every predicate and ORDER BY column) with the
 * proposed index's columns and return how many there are; *nequal gets
 * how many of them are equality columns.
 */
static int
propose(Oid relid, const QueryShape *shape, AdviseCol *cols, int *nequal)
{
	ListCell   *lc;
	int			n = 0;
	const char *range = NULL;

	/* Equality columns, the most selective first */
	foreach(lc, shape->preds)
	{
		Pred	   *pred = lfirst(lc);
		double		share;

		if ((pred->kind != PRED_EQUAL && pred->kind != PRED_JOIN) ||
			has_col(cols, n, pred->column))
			continue;
		share = sd_equality_share(relid, pred->column, pred->value);
		cols[n].column = pred->column;
		cols[n].desc = false;
		cols[n].share = share < 0 ? 1.0 : share;
		n++;
	}
	qsort(cols, n, sizeof(AdviseCol), cmp_share);
	*nequal = n;

	/* Then one range column: a B-tree can use only one */
	foreach(lc, shape->preds)
	{
		Pred	   *pred = lfirst(lc);

		if (pred->kind == PRED_RANGE && !has_col(cols, n, pred->column))
		{
			range = pred->column;
			cols[n].column = pred->column;
			cols[n].desc = false;
			cols[n].share = 1.0;
			n++;
			break;
		}
	}

	/*
	 * Then ORDER BY, when the index's order can serve it: right after the
	 * equality columns, or starting at the range column.
	 */
	if (shape->order != NIL &&
		(range == NULL ||
		 strcmp(((OrderCol *) linitial(shape->order))->column, range) == 0))
	{
		foreach(lc, shape->order)
		{
			OrderCol   *oc = lfirst(lc);

			if (range != NULL && strcmp(oc->column, range) == 0)
			{
				cols[n - 1].desc = oc->desc;
				continue;
			}
			if (has_col(cols, n, oc->column))
				continue;
			cols[n].column = oc->column;
			cols[n].desc = oc->desc;
			cols[n].share = 1.0;
			n++;
		}
	}
	return n;
}

/* The access method of a relation (get_rel_relam() is PostgreSQL 16+) */
static Oid
index_am(Oid relid)
{
	HeapTuple	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	Oid			am;

	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for relation %u", relid);
	am = ((Form_pg_class) GETSTRUCT(tup))->relam;
	ReleaseSysCache(tup);
	return am;
}

/*
 * serving_index
 *
 * The name of an existing, valid B-tree index of the table that leads
 * with the proposed columns (the equality columns in any order, the rest
 * in order), or NULL.  *defn gets its column list for the message.
 */
static char *
serving_index(Oid relid, const AdviseCol *cols, int ncols, int nequal,
			  char **defn)
{
	Relation	rel = relation_open(relid, AccessShareLock);
	List	   *indexes = RelationGetIndexList(rel);
	ListCell   *lc;
	char	   *result = NULL;

	foreach(lc, indexes)
	{
		Oid			indexoid = lfirst_oid(lc);
		HeapTuple	tup;
		Form_pg_index idx;
		bool		match = true;
		StringInfoData buf;

		tup = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(indexoid));
		if (!HeapTupleIsValid(tup))
			elog(ERROR, "cache lookup failed for index %u", indexoid);
		idx = (Form_pg_index) GETSTRUCT(tup);

		if (!idx->indisvalid || idx->indnkeyatts < ncols ||
			index_am(indexoid) != BTREE_AM_OID)
			match = false;
		for (int i = 0; match && i < ncols; i++)
		{
			AttrNumber	attnum = idx->indkey.values[i];
			char	   *name;

			if (attnum == 0)
			{
				match = false;	/* an expression */
				break;
			}
			name = get_attname(relid, attnum, false);
			if (i < nequal)
				match = has_col(cols, nequal, name);
			else
				match = (strcmp(name, cols[i].column) == 0);
		}

		if (match)
		{
			initStringInfo(&buf);
			for (int i = 0; i < idx->indnkeyatts; i++)
			{
				AttrNumber	attnum = idx->indkey.values[i];

				appendStringInfo(&buf, "%s%s", i > 0 ? ", " : "(",
								 attnum == 0 ? "expression" :
								 get_attname(relid, attnum, false));
			}
			appendStringInfoChar(&buf, ')');
			*defn = buf.data;
			result = get_rel_name(indexoid);
		}
		ReleaseSysCache(tup);
		if (result != NULL)
			break;
	}
	relation_close(rel, AccessShareLock);
	return result;
}

/* The column list of the proposal, quoted for DDL */
static char *
column_ddl(const AdviseCol *cols, int n)
{
	StringInfoData buf;

	initStringInfo(&buf);
	for (int i = 0; i < n; i++)
		appendStringInfo(&buf, "%s%s%s", i > 0 ? ", " : "",
						 quote_identifier(cols[i].column),
						 cols[i].desc ? " DESC" : "");
	return buf.data;
}

/* Results of trying the proposal */
typedef struct Trial
{
	char	   *index_name;
	PlanInfo   *after;
} Trial;

/*
 * try_index
 *
 * Build the proposed index inside a subtransaction, plan the query with
 * it, and roll the subtransaction back whatever happens.
 */
static void
try_index(Query *query, const char *sql, Oid relid, const char *ddl,
		  Trial *trial)
{
	MemoryContext oldcontext = CurrentMemoryContext;
	ResourceOwner oldowner = CurrentResourceOwner;
	Relation	rel;
	List	   *before;

	rel = relation_open(relid, AccessShareLock);
	before = list_copy(RelationGetIndexList(rel));
	relation_close(rel, AccessShareLock);

	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(oldcontext);
	PG_TRY();
	{
		List	   *after;
		ListCell   *lc;

		if (SPI_connect() != SPI_OK_CONNECT)
			elog(ERROR, "SPI_connect failed");
		if (SPI_execute(ddl, false, 0) != SPI_OK_UTILITY)
			elog(ERROR, "could not run \"%s\"", ddl);
		SPI_finish();
		MemoryContextSwitchTo(oldcontext);

		rel = relation_open(relid, AccessShareLock);
		after = RelationGetIndexList(rel);
		foreach(lc, after)
			if (!list_member_oid(before, lfirst_oid(lc)))
				trial->index_name = get_rel_name(lfirst_oid(lc));
		relation_close(rel, AccessShareLock);

		trial->after = plan_query(query, sql);

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
 * advise_table
 *
 * Work out the advice for one table and emit its row.
 */
static void
advise_table(ReturnSetInfo *rsinfo, Query *query, const char *sql,
			 Oid relid, const PlanInfo *before)
{
	QueryShape *shape = sd_query_shape(query, relid);
	int			room = list_length(shape->preds) +
		list_length(shape->order) + 1;
	AdviseCol  *cols = palloc0(sizeof(AdviseCol) * room);
	int			nequal;
	int			ncols = propose(relid, shape, cols, &nequal);
	Datum		values[6];
	bool		nulls[6];
	StringInfoData reason;
	char	   *served;
	char	   *defn = NULL;
	ListCell   *lc;

	memset(nulls, true, sizeof(nulls));
	values[0] = ObjectIdGetDatum(relid);
	nulls[0] = false;
	values[3] = Float8GetDatum(before->nodes[0].total_cost);
	nulls[3] = false;
	initStringInfo(&reason);

	if (ncols == 0)
	{
		List	   *others = NIL;

		foreach(lc, shape->preds)
			if (((Pred *) lfirst(lc))->kind == PRED_OTHER)
				others = lappend(others, ((Pred *) lfirst(lc))->text);
		if (others != NIL)
			appendStringInfo(&reason, "Nothing to recommend: %s is no equality or range comparison a B-tree can search by.",
							 (char *) linitial(others));
		else
			appendStringInfo(&reason, "Nothing to recommend: the query neither filters nor sorts %s by a plain column.",
							 get_rel_name(relid));
	}
	else if ((served = serving_index(relid, cols, ncols, nequal,
									 &defn)) != NULL)
	{
		values[2] = CStringGetTextDatum(served);
		nulls[2] = false;
		appendStringInfo(&reason, "Nothing to recommend: %s %s already leads with (%s)",
						 served, defn, column_ddl(cols, ncols));
		if (sd_plan_find_index(before, served) != NULL)
			appendStringInfoString(&reason, ", and the plan uses it.");
		else
			appendStringInfoString(&reason, "; the planner prefers a plan without it, which another index will not change.");
	}
	else
	{
		Oid			nspid = get_rel_namespace(relid);
		const char *table;
		char	   *ddl;
		Trial		trial;
		const PlanNode *inode;

		table = quote_qualified_identifier(get_namespace_name(nspid),
										   get_rel_name(relid));
		ddl = psprintf("CREATE INDEX ON %s (%s)", table,
					   column_ddl(cols, ncols));
		memset(&trial, 0, sizeof(trial));
		try_index(query, sql, relid, ddl, &trial);
		values[4] = Float8GetDatum(trial.after->nodes[0].total_cost);
		nulls[4] = false;

		inode = trial.index_name ?
			sd_plan_find_index(trial.after, trial.index_name) : NULL;
		if (inode != NULL &&
			trial.after->nodes[0].total_cost < before->nodes[0].total_cost)
		{
			List	   *in_cond = NIL;

			ddl = psprintf("CREATE INDEX %s ON %s (%s)",
						   quote_identifier(trial.index_name), table,
						   column_ddl(cols, ncols));
			values[1] = CStringGetTextDatum(ddl);
			nulls[1] = false;
			foreach(lc, shape->preds)
			{
				Pred	   *pred = lfirst(lc);

				if (sd_mentions_column(inode->index_cond, pred->column))
					in_cond = lappend(in_cond, pred->text);
			}
			appendStringInfo(&reason, "Planned with it: cost %.2f instead of %.2f",
							 trial.after->nodes[0].total_cost,
							 before->nodes[0].total_cost);
			foreach(lc, in_cond)
				appendStringInfo(&reason, "%s%s", lc == list_head(in_cond) ?
								 "; Index Cond: " : ", ",
								 (char *) lfirst(lc));
			appendStringInfoString(&reason, ".");
			if (shape->order != NIL)
			{
				bool		sorts = false;

				for (int i = 0; i < trial.after->nnodes; i++)
					if (strstr(trial.after->nodes[i].node_type, "Sort"))
						sorts = true;
				appendStringInfo(&reason, sorts ?
								 " ORDER BY %s still needs a Sort." :
								 " ORDER BY %s is served by the index's order.",
								 ((OrderCol *) linitial(shape->order))->column);
			}
			if (nequal > 1)
				appendStringInfoString(&reason, " Equality columns come first, the most selective (by pg_stats) leading.");
		}
		else
		{
			Pred	   *lead = sd_find_pred(shape, cols[0].column, true, false);
			const char *other = NULL;

			for (int i = 0; i < trial.after->nnodes; i++)
				if (trial.after->nodes[i].index_name != NULL &&
					trial.after->nodes[i].relation != NULL &&
					strcmp(trial.after->nodes[i].relation,
						   get_rel_name(relid)) == 0)
					other = trial.after->nodes[i].index_name;

			appendStringInfo(&reason, "Nothing to recommend: with an index on (%s) the planner would still choose %s",
							 column_ddl(cols, ncols),
							 sd_plan_shape(trial.after));
			if (other != NULL)
				appendStringInfo(&reason, "; the existing index %s serves this query at least as well",
								 other);
			else if (lead != NULL && lead->kind == PRED_EQUAL &&
					 cols[0].share >= 0.2)
				appendStringInfo(&reason, "; %s matches about %.0f%% of the rows (pg_stats), too many for an index to pay off",
								 lead->text, cols[0].share * 100.0);
			appendStringInfoString(&reason, ".");
		}
	}

	values[5] = CStringGetTextDatum(reason.data);
	nulls[5] = false;
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
}

/* qsort comparator of table OIDs by name, for a stable row order */
static int
cmp_relname(const void *a, const void *b)
{
	Oid			x = *(const Oid *) a;
	Oid			y = *(const Oid *) b;

	return strcmp(get_rel_name(x), get_rel_name(y));
}

PG_FUNCTION_INFO_V1(sysdesign_index_advise);

/*
 * sysdesign_index_advise
 *
 * index_advise(query): one row per table of the query, with the index to
 * build or the reason to build none.
 */
Datum
sysdesign_index_advise(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	char	   *sql = text_to_cstring(PG_GETARG_TEXT_PP(0));
	RawStmt    *raw;
	List	   *stmts;
	Query	   *query;
	Oid		   *paramtypes = NULL;
	int			nparams = 0;
	PlanInfo   *before;
	Oid		   *relids;
	int			nrels = 0;
	ListCell   *lc;

	/* Only planned, never run: statements that write are fine */
	(void) sd_check_statement(sql, true, &raw);

	InitMaterializedSRF(fcinfo, 0);

	stmts = pg_analyze_and_rewrite_varparams(raw, sql, &paramtypes,
											 &nparams, NULL);
	if (list_length(stmts) != 1)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("cannot advise on a query that rules rewrite into %d statements",
						list_length(stmts))));
	query = linitial_node(Query, stmts);
	before = plan_query(query, sql);

	/* Each ordinary table of the query once, by name */
	relids = palloc(sizeof(Oid) * Max(list_length(query->rtable), 1));
	foreach(lc, query->rtable)
	{
		RangeTblEntry *rte = lfirst_node(RangeTblEntry, lc);
		bool		seen = false;

		if (rte->rtekind != RTE_RELATION ||
			(rte->relkind != RELKIND_RELATION &&
			 rte->relkind != RELKIND_MATVIEW))
			continue;
		for (int i = 0; i < nrels; i++)
			if (relids[i] == rte->relid)
				seen = true;
		if (!seen)
			relids[nrels++] = rte->relid;
	}
	qsort(relids, nrels, sizeof(Oid), cmp_relname);

	for (int i = 0; i < nrels; i++)
	{
		CHECK_FOR_INTERRUPTS();
		advise_table(rsinfo, query, sql, relids[i], before);
	}
	return (Datum) 0;
}
