/*-------------------------------------------------------------------------
 *
 * plan.c
 *		Read the FORMAT JSON output of EXPLAIN into a flat array of nodes.
 *
 * The lab runs statements under a real EXPLAIN, through SPI, rather than
 * calling the executor and ExplainState itself: that way every hook that
 * watches EXPLAIN (HypoPG's among them) sees exactly what a user's EXPLAIN
 * would show, and the lab cannot drift from what EXPLAIN prints.  Of the
 * output formats, JSON is the one meant for programs.  We load it as jsonb
 * and read the keys we need with the jsonb container functions instead of
 * writing a parser of our own; the same jsonb is what the SQL functions
 * return as "plan".
 *
 * IDENTIFICATION
 *	  sysdesign/src/plan.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"

#include "explain.h"

/* Look up one key of a JSON object; false when it is absent */
static bool
json_key(JsonbContainer *obj, const char *key, JsonbValue *out)
{
	return getKeyJsonValueFromContainer(obj, key, strlen(key), out) != NULL;
}

/* A numeric key as a double; false when absent or not a number */
static bool
json_number(JsonbContainer *obj, const char *key, double *out)
{
	JsonbValue	v;

	if (!json_key(obj, key, &v) || v.type != jbvNumeric)
		return false;
	*out = DatumGetFloat8(DirectFunctionCall1(numeric_float8,
											  NumericGetDatum(v.val.numeric)));
	return true;
}

/*
 * json_string
 *
 * A string key as a palloc'd C string, or NULL when absent.  An array of
 * strings (EXPLAIN gives "Sort Key" that way) is joined with ", ".
 */
static char *
json_string(JsonbContainer *obj, const char *key)
{
	JsonbValue	v;

	if (!json_key(obj, key, &v))
		return NULL;
	if (v.type == jbvString)
		return pnstrdup(v.val.string.val, v.val.string.len);
	if (v.type == jbvBinary && JsonContainerIsArray(v.val.binary.data))
	{
		JsonbContainer *arr = v.val.binary.data;
		StringInfoData buf;
		uint32		n = JsonContainerSize(arr);

		initStringInfo(&buf);
		for (uint32 i = 0; i < n; i++)
		{
			JsonbValue *elem = getIthJsonbValueFromContainer(arr, i);

			if (elem == NULL || elem->type != jbvString)
				continue;
			if (buf.len > 0)
				appendStringInfoString(&buf, ", ");
			appendBinaryStringInfo(&buf, elem->val.string.val,
								   elem->val.string.len);
		}
		return buf.data;
	}
	return NULL;
}

/* A nested object or array, or NULL */
static JsonbContainer *
json_container(JsonbContainer *obj, const char *key)
{
	JsonbValue	v;

	if (!json_key(obj, key, &v) || v.type != jbvBinary)
		return NULL;
	return v.val.binary.data;
}

/* The "Plans" array of a node, or NULL (also when it is not an array) */
static JsonbContainer *
json_children(JsonbContainer *node)
{
	JsonbContainer *children = json_container(node, "Plans");

	return (children != NULL && JsonContainerIsArray(children)) ?
		children : NULL;
}

/* Count the nodes of a plan tree, to size the array once */
static int
count_nodes(JsonbContainer *node)
{
	JsonbContainer *children = json_children(node);
	int			n = 1;

	check_stack_depth();
	if (children != NULL)
	{
		uint32		nchildren = JsonContainerSize(children);

		for (uint32 i = 0; i < nchildren; i++)
		{
			JsonbValue *child = getIthJsonbValueFromContainer(children, i);

			if (child != NULL && child->type == jbvBinary &&
				JsonContainerIsObject(child->val.binary.data))
				n += count_nodes(child->val.binary.data);
		}
	}
	return n;
}

/*
 * read_node
 *
 * Fill nodes[*next] from one plan node and recurse into its children, in
 * depth-first order.  Returns the node's inclusive time, so that the
 * parent can subtract its children's share from its own.
 */
static double
read_node(JsonbContainer *obj, PlanNode *nodes, int *next, int parent,
		  int depth)
{
	PlanNode   *node = &nodes[*next];
	JsonbContainer *children;
	double		value;
	double		children_ms = 0.0;

	check_stack_depth();
	CHECK_FOR_INTERRUPTS();

	memset(node, 0, sizeof(PlanNode));
	node->id = ++(*next);
	node->parent = parent;
	node->depth = depth;
	node->node_type = json_string(obj, "Node Type");
	node->relation = json_string(obj, "Relation Name");
	node->alias = json_string(obj, "Alias");
	node->index_name = json_string(obj, "Index Name");
	node->index_cond = json_string(obj, "Index Cond");
	node->recheck_cond = json_string(obj, "Recheck Cond");
	node->filter = json_string(obj, "Filter");
	node->sort_key = json_string(obj, "Sort Key");
	(void) json_number(obj, "Total Cost", &node->total_cost);
	(void) json_number(obj, "Plan Rows", &node->plan_rows);

	/* A node that never ran has loops = 0 and no useful actuals */
	if (json_number(obj, "Actual Loops", &node->loops) && node->loops > 0)
	{
		node->has_actual = true;
		(void) json_number(obj, "Actual Rows", &node->actual_rows);
		(void) json_number(obj, "Rows Removed by Filter",
						   &node->rows_removed);
		if (json_number(obj, "Actual Total Time", &value))
		{
			node->has_time = true;
			node->inclusive_ms = value * node->loops;
		}
	}
	if (json_number(obj, "Shared Hit Blocks", &value))
	{
		node->has_buffers = true;
		node->shared_hit = (int64) value;
		if (json_number(obj, "Shared Read Blocks", &value))
			node->shared_read = (int64) value;
	}

	children = json_children(obj);
	if (children != NULL)
	{
		uint32		nchildren = JsonContainerSize(children);

		for (uint32 i = 0; i < nchildren; i++)
		{
			JsonbValue *child = getIthJsonbValueFromContainer(children, i);

			if (child != NULL && child->type == jbvBinary &&
				JsonContainerIsObject(child->val.binary.data))
				children_ms += read_node(child->val.binary.data, nodes, next,
										 node->id, depth + 1);
		}
	}

	/*
	 * XXX Under a Gather, a worker's node time is averaged over the
	 * processes that ran it while the leader's wall clock runs once, so the
	 * subtraction can go negative; we clamp at zero, which understates
	 * Gather's own time rather than inventing a negative one.
	 */
	if (node->has_time)
	{
		/* EXPLAIN prints times to the microsecond; so do we */
		node->exclusive_ms = rint((node->inclusive_ms - children_ms) *
								  1000.0) / 1000.0;
		if (node->exclusive_ms < 0.0)
			node->exclusive_ms = 0.0;
	}
	return node->has_time ? node->inclusive_ms : 0.0;
}

/*
 * sd_plan_parse
 *
 * Read what EXPLAIN (FORMAT JSON) returned: the outer one-element array,
 * or the plan object itself (what explain_analyze() hands back as "plan").
 * The result and everything in it is palloc'd in the current context.
 */
PlanInfo *
sd_plan_parse(Jsonb *explain_output)
{
	JsonbContainer *root = &explain_output->root;
	JsonbContainer *top;
	PlanInfo   *info;
	int			next = 0;

	info = palloc0(sizeof(PlanInfo));

	/* Unwrap the outer array that EXPLAIN prints */
	if (JsonContainerIsArray(root))
	{
		JsonbValue *first;

		if (JsonContainerSize(root) != 1 ||
			(first = getIthJsonbValueFromContainer(root, 0)) == NULL ||
			first->type != jbvBinary)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("plan must be the output of EXPLAIN (FORMAT JSON)"),
					 errdetail("The array does not hold exactly one plan object.")));
		info->json = JsonbValueToJsonb(first);
	}
	else
		info->json = explain_output;

	top = json_container(&info->json->root, "Plan");
	if (top == NULL || !JsonContainerIsObject(top))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("plan must be the output of EXPLAIN (FORMAT JSON)"),
				 errdetail("Its \"Plan\" key is missing or not an object.")));

	info->nnodes = count_nodes(top);
	info->nodes = palloc0(sizeof(PlanNode) * info->nnodes);
	(void) read_node(top, info->nodes, &next, 0, 0);
	Assert(next == info->nnodes);

	info->has_planning = json_number(&info->json->root, "Planning Time",
									 &info->planning_ms);
	info->has_execution = json_number(&info->json->root, "Execution Time",
									  &info->execution_ms);
	return info;
}

/* The same, from the text EXPLAIN printed */
PlanInfo *
sd_plan_parse_text(const char *explain_output)
{
	Datum		jb = DirectFunctionCall1(jsonb_in,
										 CStringGetDatum(explain_output));

	return sd_plan_parse(DatumGetJsonbP(jb));
}

/*
 * sd_plan_node_label
 *
 * One node the way EXPLAIN's text format heads it: "Index Scan using
 * idx_user_id on posts", "Seq Scan on posts", "Limit".
 */
char *
sd_plan_node_label(const PlanNode *node)
{
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoString(&buf, node->node_type ? node->node_type : "?");
	if (node->index_name)
		appendStringInfo(&buf, " using %s", node->index_name);
	if (node->relation)
		appendStringInfo(&buf, " on %s", node->relation);
	return buf.data;
}

/* Append the shape of the subtree rooted at nodes[i] */
static void
append_shape(StringInfo buf, const PlanInfo *plan, int i)
{
	const PlanNode *node = &plan->nodes[i];
	int			nchildren = 0;

	check_stack_depth();
	appendStringInfoString(buf, sd_plan_node_label(node));
	for (int j = i + 1; j < plan->nnodes; j++)
		if (plan->nodes[j].parent == node->id)
			nchildren++;
	if (nchildren == 0)
		return;

	appendStringInfoString(buf, nchildren > 1 ? " -> (" : " -> ");
	nchildren = 0;
	for (int j = i + 1; j < plan->nnodes; j++)
	{
		if (plan->nodes[j].parent != node->id)
			continue;
		if (nchildren++ > 0)
			appendStringInfoString(buf, ", ");
		append_shape(buf, plan, j);
	}
	if (nchildren > 1)
		appendStringInfoChar(buf, ')');
}

/*
 * sd_plan_shape
 *
 * The plan on one line, without costs or times, stable enough for a
 * regression test to compare: "Limit -> Seq Scan on posts", or with
 * several children "Hash Join -> (Seq Scan on posts, Hash -> ...)".
 */
char *
sd_plan_shape(const PlanInfo *plan)
{
	StringInfoData buf;

	initStringInfo(&buf);
	append_shape(&buf, plan, 0);
	return buf.data;
}

/* The first node that uses the named index, or NULL */
const PlanNode *
sd_plan_find_index(const PlanInfo *plan, const char *index_name)
{
	for (int i = 0; i < plan->nnodes; i++)
		if (plan->nodes[i].index_name != NULL &&
			strcmp(plan->nodes[i].index_name, index_name) == 0)
			return &plan->nodes[i];
	return NULL;
}
