/*-------------------------------------------------------------------------
 *
 * explain.c
 *		The EXPLAIN ANALYZE lab: run one statement several times and report.
 *
 * explain_analyze() checks that the string holds exactly one statement
 * EXPLAIN can run, then runs it through SPI under EXPLAIN (ANALYZE,
 * BUFFERS, FORMAT JSON): once to warm up, reported apart, and then as many
 * times as asked.  Each run happens inside a subtransaction that is always
 * rolled back, so a statement that writes (allowed only on request) leaves
 * nothing behind, and so that a run stopped by the lab's own timer can be
 * reported as timed out instead of failing the whole call.
 *
 * The timer is a timeout of our own, registered with the backend's timeout
 * machinery.  When it fires it raises the same query-cancel interrupt a
 * user's cancel raises; we tell the two apart by a flag only our handler
 * sets, and let every other cancel (the user's, statement_timeout) go
 * through and end the call.
 *
 * IDENTIFICATION
 *	  sysdesign/src/explain.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <limits.h>
#include <math.h>

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "storage/latch.h"
#include "tcop/tcopprot.h"
#include "tcop/utility.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/resowner.h"
#include "utils/timeout.h"
#include "utils/timestamp.h"

#include "explain.h"

/* Upper bound of the runs argument: enough for a stable median */
#define MAX_RUNS	1000

/* Our timeout, registered on first use; MAX_TIMEOUTS means "not yet" */
static TimeoutId lab_timeout_id = MAX_TIMEOUTS;

/* Set by our timeout handler only, so a cancel can be traced to us */
static volatile sig_atomic_t lab_timer_fired = false;

/*
 * lab_timeout_handler
 *
 * Runs in the SIGALRM handler: request a query cancel the way a cancel
 * signal does, and remember that it was ours.
 */
static void
lab_timeout_handler(void)
{
	lab_timer_fired = true;
	InterruptPending = true;
	QueryCancelPending = true;
	SetLatch(MyLatch);
}

/*
 * parse_error_callback
 *
 * While we parse the caller's string, report a syntax error's position as
 * a position inside that string (an "internal query"), the way SPI does
 * for the statements it runs; otherwise psql would point the cursor into
 * the text of the outer SELECT.
 */
static void
parse_error_callback(void *arg)
{
	const char *query = (const char *) arg;
	int			pos = geterrposition();

	if (pos > 0)
	{
		errposition(0);
		internalerrposition(pos);
		internalerrquery(query);
	}
}

/* True when a WITH clause holds INSERT, UPDATE, DELETE or MERGE */
static bool
with_modifies_data(WithClause *with)
{
	ListCell   *lc;

	if (with == NULL)
		return false;
	foreach(lc, with->ctes)
	{
		CommonTableExpr *cte = lfirst_node(CommonTableExpr, lc);

		if (!IsA(cte->ctequery, SelectStmt))
			return true;
	}
	return false;
}

/*
 * sd_parse_one
 *
 * Parse sql, which must hold exactly one statement, and return its raw
 * parse tree, palloc'd in the current memory context.  argname names the
 * argument in error messages.
 */
RawStmt *
sd_parse_one(const char *sql, const char *argname)
{
	ErrorContextCallback errcallback;
	List	   *parsetree;

	errcallback.callback = parse_error_callback;
	errcallback.arg = unconstify(char *, sql);
	errcallback.previous = error_context_stack;
	error_context_stack = &errcallback;
	parsetree = pg_parse_query(sql);
	error_context_stack = errcallback.previous;

	if (list_length(parsetree) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s contains no statement", argname)));
	if (list_length(parsetree) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must contain exactly one statement", argname),
				 errdetail("The string holds %d statements.",
						   list_length(parsetree))));
	return linitial_node(RawStmt, parsetree);
}

/*
 * sd_check_statement
 *
 * Check that query holds exactly one statement the lab may run, and return
 * whether that statement may modify data.  SELECT and VALUES run freely;
 * INSERT, UPDATE, DELETE and MERGE, and a SELECT with such a statement in
 * its WITH clause, only when allow_writes is true.  Everything else (DDL,
 * utility statements, SELECT INTO, EXECUTE of a prepared statement) gets an
 * error, even where EXPLAIN itself would accept it: the lab never creates
 * objects or touches the session's prepared statements.  A SELECT that
 * calls a function which writes cannot be told from one that does not;
 * that is one reason every run is rolled back.
 *
 * When raw is not NULL, *raw is set to the parse tree, palloc'd in the
 * current memory context.
 */
bool
sd_check_statement(const char *query, bool allow_writes, RawStmt **raw)
{
	RawStmt    *stmt;
	Node	   *node;
	bool		writes;

	stmt = sd_parse_one(query, "query");
	node = stmt->stmt;
	switch (nodeTag(node))
	{
		case T_SelectStmt:
			if (((SelectStmt *) node)->intoClause != NULL)
				ereport(ERROR,
						(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
						 errmsg("cannot measure SELECT INTO"),
						 errdetail("SELECT INTO creates a table."),
						 errhint("Measure the SELECT without INTO.")));
			writes = with_modifies_data(((SelectStmt *) node)->withClause);
			break;
		case T_InsertStmt:
		case T_UpdateStmt:
		case T_DeleteStmt:
		case T_MergeStmt:
			writes = true;
			break;
		default:
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("%s cannot be measured",
							CreateCommandName(node)),
					 errdetail("Only SELECT, VALUES, INSERT, UPDATE, DELETE and MERGE can be measured.")));
			writes = false;		/* keep the compiler quiet */
	}

	if (writes && !allow_writes)
	{
		if (IsA(node, SelectStmt))
			ereport(ERROR,
					(errcode(ERRCODE_READ_ONLY_SQL_TRANSACTION),
					 errmsg("query would modify data"),
					 errdetail("Its WITH clause holds a data-modifying statement.  The lab runs such statements only when asked to, and always rolls their changes back."),
					 errhint("Pass allow_writes => true to measure it.")));
		ereport(ERROR,
				(errcode(ERRCODE_READ_ONLY_SQL_TRANSACTION),
				 errmsg("query would modify data"),
				 errdetail("%s modifies data.  The lab runs such statements only when asked to, and always rolls their changes back.",
						   CreateCommandName(node)),
				 errhint("Pass allow_writes => true to measure it.")));
	}

	if (raw != NULL)
		*raw = stmt;
	return writes;
}

/*
 * lab_run_once
 *
 * Run sql (an EXPLAIN) once, inside a subtransaction that is rolled back
 * whatever happens, with our timer armed when timeout_ms > 0.  On success
 * the one value EXPLAIN returned is copied into cxt and stored in *out and
 * true is returned; when our timer stopped the run, false is returned.
 * Any other error is thrown again after the rollback.  sql must end with
 * query, the caller's text, so that positions can be mapped back to it.
 *
 * The subtransaction dance follows PL/pgSQL's exception blocks: the memory
 * context and resource owner in force before BeginInternalSubTransaction
 * are put back after the subtransaction ends, on either path.
 */
static bool
lab_run_once(const char *sql, const char *query, int timeout_ms,
			 MemoryContext cxt, char **out)
{
	MemoryContext oldcontext = CurrentMemoryContext;
	ResourceOwner oldowner = CurrentResourceOwner;
	volatile bool finished = false;
	bool		stmt_timer = get_timeout_active(STATEMENT_TIMEOUT);

	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(oldcontext);

	PG_TRY();
	{
		int			rc;

		if (timeout_ms > 0)
		{
			lab_timer_fired = false;
			enable_timeout_after(lab_timeout_id, timeout_ms);
		}
		rc = SPI_execute(sql, false, 0);
		if (timeout_ms > 0)
			disable_timeout(lab_timeout_id, false);

		if (rc < 0 || SPI_processed != 1 || SPI_tuptable == NULL)
			elog(ERROR, "EXPLAIN returned %s and " UINT64_FORMAT " rows",
				 SPI_result_code_string(rc), SPI_processed);

		/* The tuple table dies with the subtransaction: copy first */
		MemoryContextSwitchTo(cxt);
		*out = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
		MemoryContextSwitchTo(oldcontext);
		finished = true;

		RollbackAndReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(oldcontext);
		CurrentResourceOwner = oldowner;
	}
	PG_CATCH();
	{
		ErrorData  *edata;
		bool		ours;

		if (timeout_ms > 0)
			disable_timeout(lab_timeout_id, false);

		/*
		 * Our timer fired, but so may statement_timeout have, in the same
		 * instant: its timer is no longer armed then, and its cancel must
		 * not be swallowed.
		 */
		ours = lab_timer_fired &&
			!(stmt_timer && !get_timeout_active(STATEMENT_TIMEOUT));

		MemoryContextSwitchTo(cxt);
		edata = CopyErrorData();
		FlushErrorState();

		RollbackAndReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(oldcontext);
		CurrentResourceOwner = oldowner;

		if (!(ours && edata->sqlerrcode == ERRCODE_QUERY_CANCELED))
		{
			size_t		prefix = strlen(sql) - strlen(query);

			/*
			 * Point an error's position into the caller's query rather than
			 * into the EXPLAIN we wrapped it in.
			 */
			if (edata->internalquery != NULL &&
				strcmp(edata->internalquery, sql) == 0 &&
				edata->internalpos > (int) prefix)
			{
				edata->internalquery = pstrdup(query);
				edata->internalpos -= (int) prefix;
			}
			ReThrowError(edata);
		}
		FreeErrorData(edata);
	}
	PG_END_TRY();

	/*
	 * When the timer fired just as the statement finished, the cancel it
	 * requested is still pending; it was ours, so drop it rather than let it
	 * end the call at the next CHECK_FOR_INTERRUPTS.
	 *
	 * XXX A user's cancel that arrives in the same few microseconds is
	 * dropped with it.  Telling them apart would need the cancel signal
	 * handler's cooperation, which an extension does not have.
	 */
	if (finished && lab_timer_fired)
	{
		QueryCancelPending = false;
		lab_timer_fired = false;
	}
	return finished;
}

/* The shared blocks read by the top node, the number a cold run shows */
static int64
top_shared_read(const PlanInfo *plan)
{
	return plan->nnodes > 0 ? plan->nodes[0].shared_read : 0;
}

/*
 * sd_lab_measure
 *
 * Check query and run it under EXPLAIN as opts asks, filling res.  The
 * arrays and the plan in res are palloc'd in the caller's memory context.
 * With opts->analyze false the statement is only planned (plain EXPLAIN,
 * the only kind HypoPG's hypothetical indexes show up in), and timings
 * stay empty.  A run stopped by the timeout ends the series: later runs
 * would only time out again.
 */
void
sd_lab_measure(const char *query, const LabOptions *opts, LabResult *res)
{
	MemoryContext callercxt = CurrentMemoryContext;
	MemoryContext runcxt;
	char	   *sql;
	char	   *last = NULL;
	int			total;

	memset(res, 0, sizeof(LabResult));
	res->writes = sd_check_statement(query,
									 opts->allow_writes || !opts->analyze,
									 NULL);

	if (opts->analyze)
		sql = psprintf("EXPLAIN (ANALYZE, BUFFERS%s, FORMAT JSON) %s",
					   opts->timing ? "" : ", TIMING off", query);
	else
		sql = psprintf("EXPLAIN (FORMAT JSON) %s", query);

	total = opts->runs + (opts->warmup ? 1 : 0);
	res->planning_ms = palloc0(sizeof(double) * total);
	res->execution_ms = palloc0(sizeof(double) * total);

	if (opts->timeout_ms > 0 && lab_timeout_id == MAX_TIMEOUTS)
		lab_timeout_id = RegisterTimeout(USER_TIMEOUT, lab_timeout_handler);

	runcxt = AllocSetContextCreate(callercxt,
								   "sysdesign explain run context",
								   ALLOCSET_DEFAULT_SIZES);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");

	for (int i = 0; i < total; i++)
	{
		char	   *text;
		PlanInfo   *plan;
		MemoryContext oldcxt;

		CHECK_FOR_INTERRUPTS();
		MemoryContextReset(runcxt);

		if (!lab_run_once(sql, query, opts->timeout_ms, runcxt, &text))
		{
			res->timed_out = true;
			break;
		}

		oldcxt = MemoryContextSwitchTo(runcxt);
		plan = sd_plan_parse_text(text);
		MemoryContextSwitchTo(oldcxt);

		if (opts->warmup && i == 0)
		{
			res->have_cold = true;
			res->cold_ms = plan->execution_ms;
			res->cold_shared_read = top_shared_read(plan);
		}
		else if (opts->analyze)
		{
			res->planning_ms[res->nruns] = plan->planning_ms;
			res->execution_ms[res->nruns] = plan->execution_ms;
			res->nruns++;
		}

		/* Keep the text of the last finished run for the caller */
		if (last != NULL)
			pfree(last);
		last = MemoryContextStrdup(callercxt, text);
	}

	MemoryContextDelete(runcxt);
	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");
	MemoryContextSwitchTo(callercxt);

	if (last != NULL)
		res->plan = sd_plan_parse_text(last);
}

/* qsort comparator of doubles */
static int
cmp_double(const void *a, const void *b)
{
	double		x = *(const double *) a;
	double		y = *(const double *) b;

	return (x > y) - (x < y);
}

/*
 * sd_percentile
 *
 * The nearest-rank percentile of n values (n > 0): the smallest value with
 * at least fraction of the values at or below it.  The input is left
 * alone.
 */
double
sd_percentile(const double *values, int n, double fraction)
{
	double	   *sorted;
	double		result;
	int			rank;

	Assert(n > 0);
	sorted = palloc(sizeof(double) * n);
	memcpy(sorted, values, sizeof(double) * n);
	qsort(sorted, n, sizeof(double), cmp_double);
	rank = (int) ceil(fraction * n);
	rank = Max(rank, 1);
	rank = Min(rank, n);
	result = sorted[rank - 1];
	pfree(sorted);
	return result;
}

/*
 * sd_subxact_abort
 *
 * For the PG_CATCH block of a subtransaction begun with
 * BeginInternalSubTransaction(): copy the error into oldcontext, roll the
 * subtransaction back, and return to the caller's memory context and
 * resource owner.  The caller cleans up what it must and rethrows the
 * copy with ReThrowError().
 */
ErrorData *
sd_subxact_abort(MemoryContext oldcontext, ResourceOwner oldowner)
{
	ErrorData  *edata;

	MemoryContextSwitchTo(oldcontext);
	edata = CopyErrorData();
	FlushErrorState();
	RollbackAndReleaseCurrentSubTransaction();
	MemoryContextSwitchTo(oldcontext);
	CurrentResourceOwner = oldowner;
	return edata;
}

/* The median of n values (n > 0); the mean of the middle two when even */
double
sd_median(const double *values, int n)
{
	double	   *sorted;
	double		result;

	Assert(n > 0);
	sorted = palloc(sizeof(double) * n);
	memcpy(sorted, values, sizeof(double) * n);
	qsort(sorted, n, sizeof(double), cmp_double);
	if (n % 2 == 1)
		result = sorted[n / 2];
	else
		result = (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
	pfree(sorted);
	return result;
}

/* Reject a NULL argument that has no meaning */
static void
require_arg(FunctionCallInfo fcinfo, int argno, const char *name)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be null", name)));
}

/* Check the runs argument */
static int
check_runs(int runs)
{
	if (runs < 1 || runs > MAX_RUNS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("runs must be between 1 and %d", MAX_RUNS),
				 errdetail("The value given was %d.", runs)));
	return runs;
}

/*
 * interval_to_timeout_ms
 *
 * A per-run timeout as milliseconds for the timer, rounded up so that a
 * sub-millisecond timeout still stops the run.  NULL means no timeout;
 * zero, negative and overlong values are errors.
 */
static int
interval_to_timeout_ms(Interval *span)
{
	int64		usecs;
	int64		ms;

	usecs = span->time + (int64) span->day * USECS_PER_DAY +
		(int64) span->month * DAYS_PER_MONTH * USECS_PER_DAY;
	ms = (usecs + 999) / 1000;
	if (usecs <= 0 || ms > INT_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("timeout must be positive and shorter than %d milliseconds",
						INT_MAX)));
	return (int) ms;
}

/* A text[] of the given C strings */
static Datum
cstring_array(char **items, int n)
{
	Datum	   *elems = palloc(sizeof(Datum) * Max(n, 1));

	for (int i = 0; i < n; i++)
		elems[i] = CStringGetTextDatum(items[i]);
	return PointerGetDatum(construct_array(elems, n, TEXTOID, -1, false,
										   TYPALIGN_INT));
}

/* qsort comparator of C strings, byte order */
static int
cmp_cstring(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

PG_FUNCTION_INFO_V1(sysdesign_explain_analyze);

/*
 * sysdesign_explain_analyze
 *
 * explain_analyze(query, runs, timing, allow_writes, timeout): one row of
 * measurements.  See the install script for the columns.
 */
Datum
sysdesign_explain_analyze(PG_FUNCTION_ARGS)
{
	LabOptions	opts;
	LabResult	res;
	TupleDesc	tupdesc;
	Datum		values[19];
	bool		nulls[19];
	char	   *query;

	require_arg(fcinfo, 0, "query");
	require_arg(fcinfo, 1, "runs");
	require_arg(fcinfo, 2, "timing");
	require_arg(fcinfo, 3, "allow_writes");
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	tupdesc = BlessTupleDesc(tupdesc);
	Assert(tupdesc->natts == lengthof(values));

	query = text_to_cstring(PG_GETARG_TEXT_PP(0));
	memset(&opts, 0, sizeof(opts));
	opts.runs = check_runs(PG_GETARG_INT32(1));
	opts.warmup = true;
	opts.analyze = true;
	opts.timing = PG_GETARG_BOOL(2);
	opts.allow_writes = PG_GETARG_BOOL(3);
	opts.timeout_ms = PG_ARGISNULL(4) ? 0 :
		interval_to_timeout_ms(PG_GETARG_INTERVAL_P(4));

	sd_lab_measure(query, &opts, &res);

	memset(nulls, true, sizeof(nulls));
	if (res.nruns > 0)
	{
		values[0] = Float8GetDatum(sd_median(res.planning_ms, res.nruns));
		values[1] = Float8GetDatum(sd_median(res.execution_ms, res.nruns));
		values[2] = Float8GetDatum(sd_percentile(res.execution_ms,
												 res.nruns, 0.9));
		values[3] = Float8GetDatum(sd_percentile(res.execution_ms,
												 res.nruns, 0.0));
		values[4] = Float8GetDatum(sd_percentile(res.execution_ms,
												 res.nruns, 1.0));
		for (int i = 0; i <= 4; i++)
			nulls[i] = false;
	}
	if (res.have_cold)
	{
		values[5] = Float8GetDatum(res.cold_ms);
		values[6] = Int64GetDatum(res.cold_shared_read);
		nulls[5] = nulls[6] = false;
	}
	values[7] = Int32GetDatum(res.nruns);
	nulls[7] = false;

	if (res.plan != NULL)
	{
		PlanInfo   *plan = res.plan;
		PlanNode   *top = &plan->nodes[0];
		char	  **scans = palloc(sizeof(char *) * plan->nnodes);
		char	  **indexes = palloc(sizeof(char *) * plan->nnodes);
		int			nscans = 0;
		int			nindexes = 0;
		double		removed = 0.0;

		for (int i = 0; i < plan->nnodes; i++)
		{
			PlanNode   *node = &plan->nodes[i];
			bool		seen = false;

			if (node->relation != NULL || node->index_name != NULL)
				scans[nscans++] = sd_plan_node_label(node);
			if (node->has_actual)
				removed += node->rows_removed * node->loops;
			if (node->index_name == NULL)
				continue;
			for (int j = 0; j < nindexes; j++)
				if (strcmp(indexes[j], node->index_name) == 0)
					seen = true;
			if (!seen)
				indexes[nindexes++] = node->index_name;
		}
		qsort(indexes, nindexes, sizeof(char *), cmp_cstring);

		values[8] = CStringGetTextDatum(sd_plan_node_label(top));
		values[9] = cstring_array(scans, nscans);
		values[10] = cstring_array(indexes, nindexes);
		values[11] = Int64GetDatum((int64) rint(top->actual_rows * top->loops));
		values[12] = Int64GetDatum((int64) rint(top->plan_rows));
		values[13] = Int64GetDatum((int64) rint(removed));
		values[14] = Int64GetDatum(top->shared_hit);
		values[15] = Int64GetDatum(top->shared_read);
		values[18] = JsonbPGetDatum(plan->json);
		for (int i = 8; i <= 15; i++)
			nulls[i] = false;
		nulls[18] = false;
	}
	values[16] = BoolGetDatum(res.timed_out);
	values[17] = BoolGetDatum(res.writes);
	nulls[16] = nulls[17] = false;

	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values,
													  nulls)));
}

PG_FUNCTION_INFO_V1(sysdesign_explain_time);

/*
 * sysdesign_explain_time
 *
 * explain_time(query): the median execution time in milliseconds of five
 * runs after a warm-up, for use in expressions.
 */
Datum
sysdesign_explain_time(PG_FUNCTION_ARGS)
{
	LabOptions	opts;
	LabResult	res;

	memset(&opts, 0, sizeof(opts));
	opts.runs = 5;
	opts.warmup = true;
	opts.analyze = true;
	opts.timing = false;		/* only the total is wanted */

	sd_lab_measure(text_to_cstring(PG_GETARG_TEXT_PP(0)), &opts, &res);
	Assert(res.nruns > 0);
	PG_RETURN_FLOAT8(sd_median(res.execution_ms, res.nruns));
}

/*
 * put_node_rows
 *
 * Emit one row per plan node into the tuplestore InitMaterializedSRF set
 * up.
 */
static void
put_node_rows(FunctionCallInfo fcinfo, const PlanInfo *plan)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	for (int i = 0; i < plan->nnodes; i++)
	{
		const PlanNode *node = &plan->nodes[i];
		Datum		values[18];
		bool		nulls[18];
		char	   *strings[6];

		CHECK_FOR_INTERRUPTS();
		memset(nulls, false, sizeof(nulls));

		values[0] = Int32GetDatum(node->id);
		values[1] = Int32GetDatum(node->parent);
		nulls[1] = (node->parent == 0);
		values[2] = Int32GetDatum(node->depth);

		strings[0] = node->node_type;
		strings[1] = node->relation;
		strings[2] = node->index_name;
		strings[3] = node->index_cond ? node->index_cond : node->recheck_cond;
		strings[4] = node->filter;
		strings[5] = node->sort_key;
		for (int j = 0; j < 6; j++)
		{
			nulls[3 + j] = (strings[j] == NULL);
			if (strings[j] != NULL)
				values[3 + j] = CStringGetTextDatum(strings[j]);
		}

		values[9] = Float8GetDatum(node->total_cost);
		values[10] = Int64GetDatum((int64) rint(node->plan_rows));
		values[11] = Int64GetDatum((int64) rint(node->actual_rows));
		values[12] = Int64GetDatum((int64) rint(node->loops));
		values[13] = Int64GetDatum((int64) rint(node->rows_removed));
		nulls[11] = nulls[12] = nulls[13] = !node->has_actual;
		values[14] = Float8GetDatum(node->inclusive_ms);
		values[15] = Float8GetDatum(node->exclusive_ms);
		nulls[14] = nulls[15] = !node->has_time;
		values[16] = Int64GetDatum(node->shared_hit);
		values[17] = Int64GetDatum(node->shared_read);
		nulls[16] = nulls[17] = !node->has_buffers;

		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc,
							 values, nulls);
	}
}

PG_FUNCTION_INFO_V1(sysdesign_explain_nodes);

/*
 * sysdesign_explain_nodes
 *
 * explain_nodes(plan jsonb): one row per node of a plan that EXPLAIN
 * (FORMAT JSON) or explain_analyze() produced.
 */
Datum
sysdesign_explain_nodes(PG_FUNCTION_ARGS)
{
	PlanInfo   *plan;

	InitMaterializedSRF(fcinfo, 0);
	plan = sd_plan_parse(PG_GETARG_JSONB_P(0));
	put_node_rows(fcinfo, plan);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(sysdesign_explain_nodes_query);

/*
 * sysdesign_explain_nodes_query
 *
 * explain_nodes(query, timing, allow_writes): run the query once under
 * EXPLAIN ANALYZE (rolled back like every run of the lab) and return its
 * nodes.
 */
Datum
sysdesign_explain_nodes_query(PG_FUNCTION_ARGS)
{
	LabOptions	opts;
	LabResult	res;

	require_arg(fcinfo, 0, "query");
	require_arg(fcinfo, 1, "timing");
	require_arg(fcinfo, 2, "allow_writes");

	memset(&opts, 0, sizeof(opts));
	opts.runs = 1;
	opts.analyze = true;
	opts.timing = PG_GETARG_BOOL(1);
	opts.allow_writes = PG_GETARG_BOOL(2);

	InitMaterializedSRF(fcinfo, 0);
	sd_lab_measure(text_to_cstring(PG_GETARG_TEXT_PP(0)), &opts, &res);
	Assert(res.plan != NULL);
	put_node_rows(fcinfo, res.plan);
	return (Datum) 0;
}
