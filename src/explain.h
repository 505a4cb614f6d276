/*-------------------------------------------------------------------------
 *
 * explain.h
 *		Shared declarations of the EXPLAIN ANALYZE lab.
 *
 * The lab has three layers: plan.c reads the FORMAT JSON output of EXPLAIN
 * into a flat array of nodes, explain.c checks a statement and runs it
 * under EXPLAIN through SPI as many times as asked, and index_effect.c
 * measures a query before and after an index.  This header is what the
 * layers share.
 *
 * IDENTIFICATION
 *	  sysdesign/src/explain.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef SYSDESIGN_EXPLAIN_H
#define SYSDESIGN_EXPLAIN_H

#include "nodes/parsenodes.h"
#include "utils/jsonb.h"
#include "utils/resowner.h"

/*
 * One node of a plan, as EXPLAIN (FORMAT JSON) describes it.  Numbers
 * EXPLAIN gives per loop (rows, times, rows removed) are kept per loop, as
 * EXPLAIN prints them; "loops" says how many there were.  Strings are NULL
 * when the node has no such property.
 */
typedef struct PlanNode
{
	int			id;				/* 1-based, in depth-first order */
	int			parent;			/* id of the parent, 0 for the top node */
	int			depth;			/* 0 for the top node */
	char	   *node_type;
	char	   *relation;
	char	   *alias;
	char	   *index_name;
	char	   *index_cond;
	char	   *recheck_cond;
	char	   *filter;
	char	   *sort_key;
	double		total_cost;
	double		plan_rows;
	bool		has_actual;		/* ANALYZE ran and the node was executed */
	double		actual_rows;
	double		loops;
	bool		has_time;		/* ANALYZE ran with TIMING on */
	double		inclusive_ms;	/* total over all loops */
	double		exclusive_ms;	/* inclusive minus the children's */
	double		rows_removed;	/* by Filter, per loop */
	bool		has_buffers;
	int64		shared_hit;
	int64		shared_read;
} PlanNode;

/* A whole plan: its nodes and the summary EXPLAIN prints below them */
typedef struct PlanInfo
{
	Jsonb	   *json;			/* the plan object (not the outer array) */
	int			nnodes;
	PlanNode   *nodes;			/* nodes[0] is the top node */
	bool		has_planning;
	double		planning_ms;
	bool		has_execution;
	double		execution_ms;
} PlanInfo;

/* How the lab runs a statement */
typedef struct LabOptions
{
	int			runs;			/* measured runs */
	bool		warmup;			/* one more run first, reported apart */
	bool		analyze;		/* false: plain EXPLAIN, the planner's view */
	bool		timing;			/* EXPLAIN's TIMING option */
	bool		allow_writes;	/* INSERT/UPDATE/DELETE/MERGE allowed */
	int			timeout_ms;		/* per run; 0 for none */
} LabOptions;

/* What the runs measured; arrays hold one entry per finished run */
typedef struct LabResult
{
	int			nruns;
	double	   *planning_ms;
	double	   *execution_ms;
	bool		have_cold;
	double		cold_ms;
	int64		cold_shared_read;
	bool		timed_out;
	bool		writes;			/* the statement may modify data */
	PlanInfo   *plan;			/* plan of the last finished run, or NULL */
} LabResult;

/* Kinds of predicate, as far as a B-tree cares */
typedef enum PredKind
{
	PRED_EQUAL,					/* col = value, col IN (...) */
	PRED_RANGE,					/* col < value and the like */
	PRED_JOIN,					/* col = other_table.col */
	PRED_OTHER					/* LIKE, <>, functions of col, ... */
} PredKind;

/* One condition of the WHERE clause on the index's table */
typedef struct Pred
{
	char	   *column;
	PredKind	kind;
	char	   *text;			/* "user_id = 1" */
	char	   *value;			/* the constant's text, or NULL */
	bool		is_param;		/* compared with $n */
} Pred;

/* One ORDER BY column on the index's table */
typedef struct OrderCol
{
	char	   *column;
	bool		desc;
} OrderCol;

/* What the query asks of the index's table */
typedef struct QueryShape
{
	List	   *preds;			/* of Pred * */
	List	   *order;			/* of OrderCol * */
	int64		limit;			/* -1 for none */
} QueryShape;

/* plan.c */
extern PlanInfo *sd_plan_parse(Jsonb *explain_output);
extern PlanInfo *sd_plan_parse_text(const char *explain_output);
extern char *sd_plan_shape(const PlanInfo *plan);
extern char *sd_plan_node_label(const PlanNode *node);
extern const PlanNode *sd_plan_find_index(const PlanInfo *plan,
										  const char *index_name);

/* explain.c */
extern RawStmt *sd_parse_one(const char *sql, const char *argname);
extern bool sd_check_statement(const char *query, bool allow_writes,
							   RawStmt **raw);
extern void sd_lab_measure(const char *query, const LabOptions *opts,
						   LabResult *res);
extern ErrorData *sd_subxact_abort(MemoryContext oldcontext,
								   ResourceOwner oldowner);
extern double sd_median(const double *values, int n);
extern double sd_percentile(const double *values, int n, double fraction);

/* shape.c */
extern QueryShape *sd_query_shape(Query *query, Oid relid);
extern bool sd_mentions_column(const char *cond, const char *column);
extern Pred *sd_find_pred(const QueryShape *shape, const char *column,
						  bool equal, bool range);
extern double sd_table_rows(Oid relid);
extern double sd_equality_share(Oid relid, const char *column,
								const char *value);
extern char *sd_equality_columns(const QueryShape *shape);

#endif							/* SYSDESIGN_EXPLAIN_H */
