/*-------------------------------------------------------------------------
 *
 * shape.c
 *		What a query asks of one table: its WHERE comparisons, ORDER BY
 *		columns and LIMIT, and what pg_stats says about them.
 *
 * index_effect() uses this to explain a verdict and index_advise() to
 * propose an index.  The analysis works on the analyzed query tree, so it
 * sees through aliases, casts of a column (varchar compared as text) and
 * JOIN ... ON syntax; it does not look inside views or subqueries, whose
 * tables an index on the outer table cannot serve anyway.
 *
 * IDENTIFICATION
 *	  sysdesign/src/shape.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <ctype.h>

#include "access/relation.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "nodes/nodeFuncs.h"
#include "nodes/value.h"
#include "optimizer/optimizer.h"
#include "parser/parsetree.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"

#include "explain.h"

/* Strip the casts that sit between a column and its comparison */
static Node *
strip_relabel(Node *node)
{
	while (node && IsA(node, RelabelType))
		node = (Node *) ((RelabelType *) node)->arg;
	return node;
}

/* The column name when node is a Var of the index's table, else NULL */
static char *
column_of(Node *node, Query *query, Oid relid)
{
	Var		   *var;
	RangeTblEntry *rte;

	node = strip_relabel(node);
	if (node == NULL || !IsA(node, Var))
		return NULL;
	var = (Var *) node;
	if (var->varlevelsup != 0 || var->varattno <= 0)
		return NULL;
	rte = rt_fetch(var->varno, query->rtable);
	if (rte->rtekind != RTE_RELATION || rte->relid != relid)
		return NULL;
	return get_attname(relid, var->varattno, false);
}

/* The text of a constant or parameter, or NULL for anything else */
static char *
value_text(Node *node, bool *quoted)
{
	node = strip_relabel(node);
	*quoted = false;
	if (node == NULL)
		return NULL;
	if (IsA(node, Const) && !((Const *) node)->constisnull)
	{
		Const	   *c = (Const *) node;
		Oid			typoutput;
		bool		isvarlena;
		char		category;
		bool		preferred;

		getTypeOutputInfo(c->consttype, &typoutput, &isvarlena);
		get_type_category_preferred(c->consttype, &category, &preferred);
		*quoted = (category != TYPCATEGORY_NUMERIC);
		return OidOutputFunctionCall(typoutput, c->constvalue);
	}
	if (IsA(node, Param))
		return psprintf("$%d", ((Param *) node)->paramid);
	return NULL;
}

/* Record one comparison "column op value" if it is on the index's table */
static void
add_comparison(QueryShape *shape, Query *query, Oid relid, Oid opno,
			   Node *left, Node *right, bool is_array)
{
	char	   *column;
	char	   *opname;
	char	   *value;
	bool		quoted;
	Pred	   *pred;

	column = column_of(left, query, relid);
	if (column == NULL)
	{
		/* value op column: swap the sides and commute the operator */
		column = column_of(right, query, relid);
		if (column == NULL || is_array || !OidIsValid(get_commutator(opno)))
			return;
		right = left;
		opno = get_commutator(opno);
	}
	opname = get_opname(opno);
	if (opname == NULL)
		return;

	pred = palloc0(sizeof(Pred));
	pred->column = column;
	value = value_text(right, &quoted);
	pred->is_param = IsA(strip_relabel(right), Param);
	if (strcmp(opname, "=") == 0)
		pred->kind = PRED_EQUAL;
	else if (!is_array && (strcmp(opname, "<") == 0 ||
						   strcmp(opname, "<=") == 0 ||
						   strcmp(opname, ">") == 0 ||
						   strcmp(opname, ">=") == 0))
		pred->kind = PRED_RANGE;
	else
		pred->kind = PRED_OTHER;

	/* col = other_table.col is a join; col = same_table.col is neither */
	if (value == NULL && IsA(strip_relabel(right), Var))
	{
		Var		   *var = (Var *) strip_relabel(right);

		if (column_of(right, query, relid) != NULL)
			pred->kind = PRED_OTHER;
		else if (pred->kind == PRED_EQUAL && var->varlevelsup == 0)
		{
			RangeTblEntry *rte = rt_fetch(var->varno, query->rtable);

			pred->kind = PRED_JOIN;
			value = psprintf("%s.%s", rte->eref->aliasname,
							 get_rte_attribute_name(rte, var->varattno));
			quoted = false;
		}
	}

	if (is_array)
		pred->text = psprintf("%s %s ANY (...)", column, opname);
	else if (value != NULL)
	{
		/* parameters and joins have a text but no value for pg_stats */
		pred->value = (pred->is_param || pred->kind == PRED_JOIN) ?
			NULL : value;
		pred->text = psprintf("%s %s %s", column, opname,
							  quoted ? quote_literal_cstr(value) : value);
	}
	else
		pred->text = psprintf("%s %s (expression)", column, opname);
	shape->preds = lappend(shape->preds, pred);
}

/* Collect the comparisons of an AND tree */
static void
collect_quals(QueryShape *shape, Query *query, Oid relid, Node *qual)
{
	check_stack_depth();
	if (qual == NULL)
		return;
	if (IsA(qual, BoolExpr) && ((BoolExpr *) qual)->boolop == AND_EXPR)
	{
		ListCell   *lc;

		foreach(lc, ((BoolExpr *) qual)->args)
			collect_quals(shape, query, relid, lfirst(lc));
	}
	else if (IsA(qual, List))
	{
		ListCell   *lc;

		foreach(lc, (List *) qual)
			collect_quals(shape, query, relid, lfirst(lc));
	}
	else if (IsA(qual, OpExpr) && list_length(((OpExpr *) qual)->args) == 2)
	{
		OpExpr	   *op = (OpExpr *) qual;

		add_comparison(shape, query, relid, op->opno, linitial(op->args),
					   lsecond(op->args), false);
	}
	else if (IsA(qual, ScalarArrayOpExpr))
	{
		ScalarArrayOpExpr *op = (ScalarArrayOpExpr *) qual;

		if (op->useOr)
			add_comparison(shape, query, relid, op->opno,
						   linitial(op->args), lsecond(op->args), true);
	}
}

/* Walk the FROM list for JOIN ... ON conditions */
static void
collect_from(QueryShape *shape, Query *query, Oid relid, Node *node)
{
	check_stack_depth();
	if (node == NULL)
		return;
	if (IsA(node, FromExpr))
	{
		ListCell   *lc;

		foreach(lc, ((FromExpr *) node)->fromlist)
			collect_from(shape, query, relid, lfirst(lc));
		collect_quals(shape, query, relid, ((FromExpr *) node)->quals);
	}
	else if (IsA(node, JoinExpr))
	{
		JoinExpr   *join = (JoinExpr *) node;

		collect_from(shape, query, relid, join->larg);
		collect_from(shape, query, relid, join->rarg);
		collect_quals(shape, query, relid, join->quals);
	}
}

/*
 * sd_query_shape
 *
 * The WHERE comparisons, ORDER BY columns and LIMIT of an analyzed query,
 * as far as they concern the table relid.  The query tree is only read.
 */
QueryShape *
sd_query_shape(Query *query, Oid relid)
{
	QueryShape *shape = palloc0(sizeof(QueryShape));
	ListCell   *lc;

	shape->limit = -1;
	collect_from(shape, query, relid, (Node *) query->jointree);

	foreach(lc, query->sortClause)
	{
		SortGroupClause *sgc = lfirst_node(SortGroupClause, lc);
		TargetEntry *tle = get_sortgroupclause_tle(sgc, query->targetList);
		char	   *column = column_of((Node *) tle->expr, query, relid);
		char	   *opname = get_opname(sgc->sortop);
		OrderCol   *col;

		if (column == NULL)
			break;				/* later keys cannot use the index order */
		col = palloc0(sizeof(OrderCol));
		col->column = column;
		col->desc = (opname != NULL && strcmp(opname, ">") == 0);
		shape->order = lappend(shape->order, col);
	}

	/* The parser wraps LIMIT 5 in a cast to bigint: fold it */
	if (query->limitCount != NULL)
	{
		Node	   *limit = eval_const_expressions(NULL, query->limitCount);

		if (IsA(limit, Const) && !((Const *) limit)->constisnull)
			shape->limit = DatumGetInt64(((Const *) limit)->constvalue);
	}
	return shape;
}

/*
 * sd_mentions_column
 *
 * Whether an EXPLAIN condition such as "((title)::text = 'x'::text)"
 * mentions column as a whole word.  XXX This reads EXPLAIN's text, so a
 * string constant that contains the column's name fools it; the plan does
 * not give the conditions in any other form.
 */
bool
sd_mentions_column(const char *cond, const char *column)
{
	size_t		len = strlen(column);
	const char *p = cond;

	if (cond == NULL)
		return false;
	while ((p = strstr(p, column)) != NULL)
	{
		bool		start_ok = (p == cond ||
								!(isalnum((unsigned char) p[-1]) ||
								  p[-1] == '_'));
		bool		end_ok = !(isalnum((unsigned char) p[len]) ||
							   p[len] == '_');

		if (start_ok && end_ok)
			return true;
		p += len;
	}
	return false;
}

/* The first predicate on column of one of the given kinds, or NULL */
Pred *
sd_find_pred(const QueryShape *shape, const char *column, bool equal,
			 bool range)
{
	ListCell   *lc;

	foreach(lc, shape->preds)
	{
		Pred	   *pred = lfirst(lc);

		if (strcmp(pred->column, column) != 0)
			continue;
		if (equal && (pred->kind == PRED_EQUAL || pred->kind == PRED_JOIN))
			return pred;
		if (range && pred->kind == PRED_RANGE)
			return pred;
	}
	return NULL;
}

/* The table's row count as the planner knows it (pg_class.reltuples) */
double
sd_table_rows(Oid relid)
{
	Relation	rel = relation_open(relid, AccessShareLock);
	double		rows = rel->rd_rel->reltuples;

	relation_close(rel, AccessShareLock);
	return rows;
}

/*
 * sd_equality_share
 *
 * The share of the table's rows that "column = value" matches, from
 * pg_stats: the value's frequency when it is a most common value, else the
 * rest spread evenly over the other distinct values; with value NULL (a
 * parameter) the average share of one value.  Returns -1 when
 * there are no statistics (the table was never analyzed, or the caller may
 * not read the column: pg_stats shows only what the caller may see).
 */
double
sd_equality_share(Oid relid, const char *column, const char *value)
{
	static const char *sql =
		"SELECT s.null_frac::float8, s.n_distinct::float8,"
		" (SELECT m.f::float8 FROM ROWS FROM ("
		"    pg_catalog.unnest(s.most_common_vals::text::text[]),"
		"    pg_catalog.unnest(s.most_common_freqs)) AS m(v, f)"
		"    WHERE m.v OPERATOR(pg_catalog.=) $4),"
		" coalesce((SELECT pg_catalog.sum(f)::float8 FROM"
		"    pg_catalog.unnest(s.most_common_freqs) AS f), 0),"
		" coalesce(pg_catalog.array_length(s.most_common_freqs, 1), 0)"
		" FROM pg_catalog.pg_stats s"
		" WHERE s.schemaname OPERATOR(pg_catalog.=) $1"
		" AND s.tablename OPERATOR(pg_catalog.=) $2"
		" AND s.attname OPERATOR(pg_catalog.=) $3";
	Oid			argtypes[4] = {TEXTOID, TEXTOID, TEXTOID, TEXTOID};
	Datum		args[4];
	char		nulls[4] = {' ', ' ', ' ', ' '};
	double		reltuples = sd_table_rows(relid);
	double		share = -1.0;

	args[0] = CStringGetTextDatum(get_namespace_name(get_rel_namespace(relid)));
	args[1] = CStringGetTextDatum(get_rel_name(relid));
	args[2] = CStringGetTextDatum(column);
	args[3] = value ? CStringGetTextDatum(value) : (Datum) 0;
	nulls[3] = value ? ' ' : 'n';

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute_with_args(sql, 4, argtypes, args, nulls, true, 1) ==
		SPI_OK_SELECT && SPI_processed == 1)
	{
		HeapTuple	tup = SPI_tuptable->vals[0];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;
		double		null_frac = DatumGetFloat8(SPI_getbinval(tup, desc, 1,
															 &isnull));
		double		n_distinct = DatumGetFloat8(SPI_getbinval(tup, desc, 2,
															  &isnull));
		double		mcv_sum = DatumGetFloat8(SPI_getbinval(tup, desc, 4,
														   &isnull));
		int			n_mcv = DatumGetInt32(SPI_getbinval(tup, desc, 5,
														&isnull));
		Datum		mcv_freq = SPI_getbinval(tup, desc, 3, &isnull);

		if (!isnull)
			share = DatumGetFloat8(mcv_freq);
		else if (value == NULL)
		{
			/* no value to look up: the average over all values */
			double		ndistinct = n_distinct >= 0 ? n_distinct :
				-n_distinct * Max(reltuples, 1.0);

			share = (1.0 - null_frac) / Max(ndistinct, 1.0);
		}
		else
		{
			double		ndistinct;

			/* negative n_distinct is a fraction of the row count */
			ndistinct = n_distinct >= 0 ? n_distinct :
				-n_distinct * Max(reltuples, 1.0);
			share = (1.0 - null_frac - mcv_sum) /
				Max(ndistinct - n_mcv, 1.0);
		}
		share = Max(share, 0.0);
	}
	SPI_finish();
	return share;
}

/*
 * sd_equality_columns
 *
 * The columns the query fixes with an equality, then those it bounds with
 * a range, as "(a, b)": the leading columns of an index that could be
 * searched for it.
 */
char *
sd_equality_columns(const QueryShape *shape)
{
	StringInfoData buf;
	List	   *seen = NIL;
	ListCell   *lc;

	initStringInfo(&buf);
	for (int pass = 0; pass < 2; pass++)
	{
		foreach(lc, shape->preds)
		{
			Pred	   *pred = lfirst(lc);
			bool		wanted = (pass == 0) ?
				(pred->kind == PRED_EQUAL || pred->kind == PRED_JOIN) :
				(pred->kind == PRED_RANGE);

			if (!wanted || list_member(seen, makeString(pred->column)))
				continue;
			seen = lappend(seen, makeString(pred->column));
			appendStringInfo(&buf, "%s%s", buf.len > 0 ? ", " : "(",
							 pred->column);
		}
	}
	appendStringInfoString(&buf, buf.len > 0 ? ")" : "(nothing)");
	return buf.data;
}

